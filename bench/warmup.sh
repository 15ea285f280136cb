#!/usr/bin/env bash
# What a convert pays once and what it pays per byte: the production archive converted as it is
# (17 entries) and doubled (the same 17 entries twice, under other names), Java as users run it
# (bin/bsee, no BSEE_JAVA_OPTS) and the Python system's pandas pipeline in the pandas 2.2 peer,
# alternating. Both archives are written here by Python's zipfile at the same compression level, so
# they inflate alike. The doubled archive's extra cost is what 17 entries cost a process that has
# already started and compiled its code; the single archive's cost less that is the one-time part:
# JVM start-up, the command line, compilation and the code that runs before it is compiled (for
# pandas: the interpreter's and the libraries' start-up).
#
#   bash bench/warmup.sh              # 5 runs of each
#   RUNS=3 bash bench/warmup.sh
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
CHROOT=${CHROOT:-/var/cache/bsee-peers/trixie}
JAR=bsee-examples/target/bsee.jar
source bench/measure.sh
pandas_bench_preflight
unset BSEE_JAVA_OPTS
source bench/measure.sh
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$ROOT/bench/results/warmup-$STAMP"
mkdir -p "$RESULTS"
TIMED_DIR="$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-warmup.XXXXXX")
PEER_DIR=/tmp/bsee-warmup.$$
PEER_WORK="$CHROOT$PEER_DIR"
mkdir -p "$PEER_WORK"
trap 'rm -rf "$WORK" "$PEER_WORK"' EXIT
# Its own copy of the jar, so that its ahead-of-time cache is recorded from this archive.
mkdir -p "$WORK/jar"
cp "$JAR" "$WORK/jar/bsee.jar"
export BSEE_JAR="$WORK/jar/bsee.jar"

python3 - "$ZIP" "$PEER_WORK" <<'PY'
import sys, zipfile
source = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2] + "/single.zip", "w", zipfile.ZIP_DEFLATED) as single, \
        zipfile.ZipFile(sys.argv[2] + "/double.zip", "w", zipfile.ZIP_DEFLATED) as double:
    for name in source.namelist():
        text = source.read(name)
        single.writestr(name, text)
        double.writestr(name, text)
        # ogora2008delimit.txt -> ogora2008copydelimit.txt: another entry, headerless production
        # text by its name as well.
        double.writestr(name.replace("delimit.txt", "copydelimit.txt"), text)
PY
cp bench/pandas_pipeline.py "$PEER_WORK/"


echo "archive: $ZIP, as it is and doubled; $RUNS runs of each, alternating; $(nproc) processors"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The launcher records its ahead-of-time cache on the first convert: not timed.
bin/bsee convert "$PEER_WORK/single.zip" --out "$WORK/first" --progress none > "$RESULTS/java-first-run.log" 2>&1
for run in $(seq 1 "$RUNS"); do
  for size in single double; do
    rm -rf "$WORK/out" "$PEER_WORK/out"
    timed "java-$size" "$run" bin/bsee convert "$PEER_WORK/$size.zip" --out "$WORK/out" --progress none
    timed "pandas-$size" "$run" chroot "$CHROOT" python3 "$PEER_DIR/pandas_pipeline.py" "$PEER_DIR/$size.zip" "$PEER_DIR/out"
    want=$([ $size = single ] && echo 17 || echo 34)
    for side in "$WORK/out" "$PEER_WORK/out"; do
      got=$(find "$side" -name '*.bin' | wc -l)
      [ "$got" = "$want" ] || { echo "$side holds $got .bin files, not $want" >&2; exit 1; }
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$(timed_median java-single)" "$(timed_median java-double)" "$(timed_median pandas-single)" \
  "$(timed_median pandas-double)" <<'PY' | tee "$RESULTS/summary.txt"
import sys
medians = dict(zip(("java-single", "java-double", "pandas-single", "pandas-double"),
                   ([float(v) for v in arg.split()] for arg in sys.argv[1:])))
def med(name, k):
    return medians[name][k]
print("medians          single  double  per 17 entries  once   (CPU = user + system)")
for side in ("java", "pandas"):
    for label, k in (("CPU", 2), ("wall", 0)):
        one, two = med(f"{side}-single", k), med(f"{side}-double", k)
        print(f"{side:6} {label:4}  {one:7.2f} {two:7.2f} {two - one:15.2f} {2 * one - two:6.2f}")
jc = med("java-double", 2) - med("java-single", 2)
pc = med("pandas-double", 2) - med("pandas-single", 2)
print(f"CPU per 17 entries, java/pandas: {jc / pc:.2f}; whole single archive: {med('java-single', 2) / med('pandas-single', 2):.2f}")
PY
echo "results in $RESULTS"
