#!/usr/bin/env bash
# What the JIT compiles in a convert (or a refresh), when, and what it compiles again: one `bin/bsee
# convert` of the production archive as users run it (the jar's ahead-of-time cache, the launcher's
# flags) with HotSpot's compilation log (-XX:+LogCompilation), summed by bench/recompiles.py. With
# WORKLOAD=refresh, one `bin/bsee refresh` of the same archive from a loopback server instead
# (streamed: in_memory and parallel, as in ratios.sh). For explaining the C2 thread's share of a
# profile (bench/profile.sh), not for a ratio: the log costs a little.
#
#   bash bench/recompiles.sh
#   WORKLOAD=refresh bash bench/recompiles.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOAD=${WORKLOAD:-convert}
case $WORKLOAD in
  convert | refresh) ;;
  *) echo "WORKLOAD is convert or refresh, not $WORKLOAD" >&2; exit 2 ;;
esac
[ -f bsee-examples/target/bsee.jar ] || { echo "missing bsee-examples/target/bsee.jar (mvn -B -q package -DskipTests)" >&2; exit 1; }
unset BSEE_JAVA_OPTS
if [ "$WORKLOAD" = convert ]; then
  ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
  [ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
  source scripts/jdk.sh
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-recompiles.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  run() { # output-folder
    bin/bsee convert "$ZIP" --out "$1" --progress none > /dev/null
  }
else
  source bench/loopback.sh
  bench_tool_setup
  # The refresh uses the build's caches beside the jar, as the convert does: no private copy.
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-recompiles.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  loopback_start "$WORK/site" "$ZIP" "$WORK/server.log"
  trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
  run() { # output-folder
    loopback_refresh_config "$URL" "$1" > "$WORK/refresh.yml"
    bin/bsee refresh --config "$WORK/refresh.yml" --progress none > /dev/null
  }
fi
# A jar built with -Dbsee.aot.skip has no cache yet, and a run that records one is not a user's
# later run: untimed runs make it first, as a user's first run would. Two, since the first may find
# a cache the JVM cannot use (one recorded with other options), which the tool removes.
for untimed in 1 2; do
  run "$WORK/untimed-$untimed"
done
# HotSpot's compilation log, not JFR: a JVM started with a flight recording loads the jdk.jfr
# module, which the cache was not recorded with, so it runs without the cache (and the launcher,
# taking it for unusable, removes it): what such a run compiles is not what a user's run compiles.
BSEE_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=$WORK/compilation.log" \
  run "$WORK/out"
python3 bench/recompiles.py "$WORK/compilation.log"
