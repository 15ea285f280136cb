#!/usr/bin/env bash
# What the JIT compiles in a convert, when, and what it compiles again: one `bin/bsee convert` of the
# production archive as users run it (the jar's ahead-of-time cache, the launcher's flags) with
# HotSpot's compilation log (-XX:+LogCompilation), summed by bench/recompiles.py. For explaining the
# C2 thread's share of a profile (bench/profile.sh), not for a ratio: the log costs a little.
#
#   bash bench/recompiles.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
[ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
[ -f bsee-examples/target/bsee.jar ] || { echo "missing bsee-examples/target/bsee.jar (mvn -B -q package -DskipTests)" >&2; exit 1; }
source scripts/jdk.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-recompiles.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unset BSEE_JAVA_OPTS
# A jar built with -Dbsee.aot.skip has no cache yet, and a run that records one is not a user's
# later run: untimed converts make it first, as a user's first convert would. Two, since the first
# may find a cache the JVM cannot use (one recorded with other options), which the tool removes.
for untimed in 1 2; do
  bin/bsee convert "$ZIP" --out "$WORK/untimed-$untimed" --progress none > /dev/null
done
# HotSpot's compilation log, not JFR: a JVM started with a flight recording loads the jdk.jfr
# module, which the cache was not recorded with, so it runs without the cache (and the launcher,
# taking it for unusable, removes it): what such a run compiles is not what a user's run compiles.
BSEE_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=$WORK/compilation.log" \
  bin/bsee convert "$ZIP" --out "$WORK/out" --progress none > /dev/null
python3 bench/recompiles.py "$WORK/compilation.log"
