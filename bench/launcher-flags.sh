#!/usr/bin/env bash
# JVM flags for the launcher, measured: bin/bsee convert of the production archive (or, with
# COMMAND=refresh, the streamed refresh of it from a loopback server, as in ratios.sh) with each set of
# extra flags (BSEE_JAVA_OPTS, after the launcher's defaults), alternating, each set with its own copy
# of the jar and so its own ahead-of-time cache, made by an untimed first run with the same flags.
#
#   bash bench/launcher-flags.sh "" "-XX:CompileThresholdScaling=2"      # "" is the defaults alone
#   RUNS=9 bash bench/launcher-flags.sh "" "-XX:TieredStopAtLevel=1"
#   COMMAND=refresh bash bench/launcher-flags.sh "" "-XX:TieredStopAtLevel=1"
#
# It prints every run, the medians of CPU (user + system), wall, peak RSS and minor page faults, and
# for each set after the first the median of each round's own CPU and wall ratios against the first
# (a round's runs share the machine's state, which drifts over a run: bench/README.md, ab.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bash bench/launcher-flags.sh FLAGS... (\"\" for the defaults)" >&2; exit 2; }
RUNS=${RUNS:-5}
COMMAND=${COMMAND:-convert}
case $COMMAND in convert|refresh) ;; *) echo "COMMAND is convert or refresh, not $COMMAND" >&2; exit 2 ;; esac
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
JAR=${JAR:-bsee-examples/target/bsee.jar}
[ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
[ -f "$JAR" ] || { echo "missing $JAR (mvn -B -q package -DskipTests -pl bsee-examples -am)" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then apt-get install -y -q time >/dev/null; fi
unset BSEE_JAVA_OPTS
source bench/measure.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-flags.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if [ "$COMMAND" = refresh ]; then
  source bench/loopback.sh
  loopback_start "$WORK/site" "$ZIP" "$WORK/server.log"
  trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
fi
# command_line FLAG_SET_INDEX FLAGS OUTPUT: sets RUN to one run of the command with that set's jar,
# into OUTPUT.
command_line() {
  RUN=(env BSEE_JAR="$WORK/$1/bsee.jar" BSEE_JAVA_OPTS="$2" bin/bsee)
  if [ "$COMMAND" = refresh ]; then
    loopback_refresh_config "$URL" "$3" > "$WORK/$1/refresh.yml"
    RUN+=(refresh --config "$WORK/$1/refresh.yml" --progress none)
  else
    RUN+=(convert "$ZIP" --out "$3" --progress none)
  fi
}

echo "$RUNS runs of each, alternating; $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
for flags in "$@"; do
  mkdir -p "$WORK/$i"
  cp "$JAR" "$WORK/$i/bsee.jar"
  command_line "$i" "$flags" "$WORK/$i/first"
  "${RUN[@]}" > /dev/null 2>&1
  i=$((i + 1))
done
FLAGS=("$@")
for run in $(seq 1 "$RUNS"); do
  # Each round starts at the next set of flags: the place in a round changes a run's time (the one
  # after another was favoured, bench/README.md, ab.sh), so every set takes every place in turn.
  for k in $(seq 0 $(($# - 1))); do
    i=$(( (k + run - 1) % $# ))
    flags=${FLAGS[$i]}
    rm -rf "$WORK/$i/out"
    command_line "$i" "$flags" "$WORK/$i/out"
    /usr/bin/time -v -o "$WORK/$i.time" "${RUN[@]}" > "$WORK/$i.log" 2>&1 \
      || { echo "[$flags] run $run failed:"; tail -20 "$WORK/$i.log"; exit 1; }
    echo "$(measure "$WORK/$i.time") $(minor_faults "$WORK/$i.time") $run" | tee -a "$WORK/$i.txt" \
      | awk -v f="[$flags]" -v r="$run" '{ printf "run %d %s: %5.2f s CPU, %5.2f s wall, %4d MiB, %d faults\n", r, f, $3, $1, $2 / 1024, $4 }'
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
for flags in "$@"; do
  python3 - "$WORK/$i.txt" "$flags" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
med = lambda k: statistics.median(float(r[k]) for r in rows)
print(f"[{sys.argv[2]}] medians: CPU {med(2):.2f} s, wall {med(0):.2f} s, RSS {med(1) / 1024:.0f} MiB, {med(3):.0f} faults")
PY
  i=$((i + 1))
done
i=1
for flags in "${FLAGS[@]:1}"; do
  python3 - "$WORK/0.txt" "$WORK/$i.txt" "$flags" "${FLAGS[0]}" <<'PY'
import statistics, sys
first, other = ({r[4]: r for r in (line.split() for line in open(path)) if r} for path in sys.argv[1:3])
ratio = lambda k: statistics.median(float(other[run][k]) / float(first[run][k]) for run in first)
print(f"[{sys.argv[3]}] / [{sys.argv[4]}], median of the rounds' ratios: CPU {ratio(2):.3f}, wall {ratio(0):.3f}")
PY
  i=$((i + 1))
done
