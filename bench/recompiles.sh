#!/usr/bin/env bash
# What the JIT compiles more than once in a convert, and why: one `bin/bsee convert` of the
# production archive as users run it (the jar's ahead-of-time cache, the launcher's flags) with JFR's
# compilation and deoptimization events, summed by bench/recompiles.py. For explaining the C2
# threads' share of a profile (bench/profile.sh), not for a ratio: the recording costs a little.
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
# A jar built with -Dbsee.aot.skip has no cache yet, and a run that records one cannot record JFR
# events: untimed converts make it first, as a user's first convert would. Two, since the first
# may find a cache the JVM cannot use (one recorded with other options), which the tool removes.
for untimed in 1 2; do
  bin/bsee convert "$ZIP" --out "$WORK/untimed-$untimed" --progress none > /dev/null
done
BSEE_JAVA_OPTS="-XX:StartFlightRecording=filename=$WORK/c.jfr,settings=none,+jdk.Compilation#enabled=true,+jdk.Deoptimization#enabled=true" \
  bin/bsee convert "$ZIP" --out "$WORK/out" --progress none > /dev/null
"$JAVA_HOME/bin/jfr" print --events jdk.Compilation "$WORK/c.jfr" > "$WORK/compilations.txt"
"$JAVA_HOME/bin/jfr" print --events jdk.Deoptimization "$WORK/c.jfr" > "$WORK/deoptimizations.txt"
python3 bench/recompiles.py "$WORK/compilations.txt" "$WORK/deoptimizations.txt"
