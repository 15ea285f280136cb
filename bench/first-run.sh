#!/usr/bin/env bash
# The production convert as a user first meets it, against the Python system's pandas pipeline in
# the pandas 2.2 peer, alternating in one run. bin/bsee runs the jar the build made (a copy made with
# `cp -p`, which keeps the size and time its ahead-of-time caches are named by) in four states:
#
#   recording    no cache beside the jar: this first run records one and makes it when it ends
#                (what every new build's first convert cost before the build made the caches)
#   built        the caches the build made (bsee-examples/src/build/TrainCaches.java)
#   own          a cache recorded by an untimed first convert of the production archive itself
#   small-first  a cache recorded by an untimed first convert of a small archive (ogoradelimit.zip,
#                1.4 MB): what a user who tries the tool on a small file first got for every later
#                production convert
#
# Each `recording` run gets a fresh copy of the jar. It prints the medians and each one's ratios to
# pandas' (wall, CPU = user + system, peak RSS).
#
#   bash bench/first-run.sh              # 3 rounds
#   RUNS=5 bash bench/first-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-3}
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
SMALL=$(realpath "${SMALL:-../shared/fixtures/bsee-zip/ogoradelimit.zip}")
CHROOT=${CHROOT:-/var/cache/bsee-peers/trixie}
JAR=bsee-examples/target/bsee.jar
source bench/measure.sh
pandas_bench_preflight
[ -f "$SMALL" ] || { echo "missing $SMALL" >&2; exit 1; }
ls "${JAR%/*}"/bsee-*-convert.*.aot > /dev/null 2>&1 \
  || { echo "no ahead-of-time cache beside $JAR: build it with JDK 25+ and without -Dbsee.aot.skip" >&2; exit 1; }
unset BSEE_JAVA_OPTS BSEE_AOT
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$ROOT/bench/results/first-run-$STAMP"
mkdir -p "$RESULTS"
TIMED_DIR="$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-first-run.XXXXXX")
PEER_DIR=/tmp/bsee-first-run.$$
PEER_WORK="$CHROOT$PEER_DIR"
mkdir -p "$PEER_WORK"
trap 'rm -rf "$WORK" "$PEER_WORK"' EXIT
cp "$ZIP" "$PEER_WORK/production.zip"
cp bench/pandas_pipeline.py "$PEER_WORK/"

# jar_copy DIR: the built jar in DIR, with its size and time.
jar_copy() {
  mkdir -p "$1"
  cp -p "$JAR" "$1/bsee.jar"
}
jar_copy "$WORK/built"
cp -p "${JAR%/*}"/bsee-*-convert.*.aot "$WORK/built/"
for state in own small-first; do
  jar_copy "$WORK/$state"
done
BSEE_JAR="$WORK/own/bsee.jar" bin/bsee convert "$ZIP" --out "$WORK/untimed" --progress none > /dev/null
rm -rf "$WORK/untimed"
BSEE_JAR="$WORK/small-first/bsee.jar" bin/bsee convert "$SMALL" --out "$WORK/untimed" --progress none > /dev/null
rm -rf "$WORK/untimed"

echo "archive: $ZIP; $RUNS rounds, alternating; $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  jar_copy "$WORK/recording-$run"
  for state in recording built own small-first; do
    dir="$WORK/$state"
    [ "$state" = recording ] && dir="$WORK/recording-$run"
    rm -rf "$WORK/out"
    BSEE_JAR="$dir/bsee.jar" timed "$state" "$run" bin/bsee convert "$ZIP" --out "$WORK/out" --progress none
    [ "$(find "$WORK/out" -name '*.bin' | wc -l)" = 17 ] || { echo "$state wrote no 17 .bin files" >&2; exit 1; }
  done
  rm -rf "$PEER_WORK/out"
  timed pandas "$run" chroot "$CHROOT" python3 "$PEER_DIR/pandas_pipeline.py" "$PEER_DIR/production.zip" "$PEER_DIR/out"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r pandas_wall pandas_rss pandas_cpu <<< "$(timed_median pandas)"
{
  printf '%-12s %6s %6s %5s   ratios to pandas: wall  CPU   RSS\n' medians wall CPU MiB
  for name in recording built own small-first pandas; do
    read -r wall rss cpu <<< "$(timed_median "$name")"
    awk -v n="$name" -v w="$wall" -v r="$rss" -v c="$cpu" -v pw="$pandas_wall" -v pr="$pandas_rss" -v pc="$pandas_cpu" \
      'BEGIN { printf "%-12s %6.2f %6.2f %5.0f", n, w, c, r / 1024
               if (n != "pandas") printf " %23.2f %4.2f %5.2f", w / pw, c / pc, r / pr
               printf "\n" }'
  done
} | tee "$RESULTS/summary.txt"
echo "results in $RESULTS"
