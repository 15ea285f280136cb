#!/usr/bin/env bash
# Where the CPU time of a convert and of a refresh goes, side by side: async-profiler (CPU samples
# every millisecond, Java and native frames, per thread) attached to `bin/bsee convert` of the
# production archive and to `bin/bsee refresh` of the same archive from a loopback server (streamed:
# in_memory and parallel, as in ratios.sh). Prints the milliseconds of each group of threads in both
# and the frames the entry workers spend most time in. For explaining a ratio, not for one: the
# agent changes the JVM's options, so the launcher's ahead-of-time caches are made again for them by
# an untimed first run of each command.
#
#   bash bench/profile.sh            # one profiled run of each
#   RUNS=3 bash bench/profile.sh     # three of each, summed
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, its linux-x64 library).
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
RUNS=${RUNS:-1}
PROFILER_VERSION=4.1
source bench/loopback.sh
bench_tool_setup
# Its own copy of the jar, so its caches (made under the agent's options) sit beside it alone.
loopback_workspace profile
mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION" -Dtransitive=false
unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$PROFILER_VERSION/async-profiler-$PROFILER_VERSION.jar" \
  'linux-x64/*' -d "$WORK"
AGENT="$WORK/linux-x64/libasyncProfiler.so"
loopback_refresh_config "$URL" "$WORK/refresh" > "$WORK/refresh.yml"

profile_options() { # profile-file
  echo "-agentpath:$AGENT=start,event=cpu,interval=1ms,threads,collapsed,file=$1"
}
# The untimed runs are profiled too, so that each command's cache is made under the agent's options.
bench_rounds profile_options "$WORK/untimed.collapsed" collapsed
echo "$RUNS profiled run(s) of each; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/profile_summary.py "$WORK"/convert-*.collapsed -- "$WORK"/refresh-*.collapsed
