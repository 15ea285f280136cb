#!/usr/bin/env bash
# Converts the production archive with the Java CLI (bsee.jar convert) and with the Python pipeline
# (pandas 2.2 in the Debian 13 peer: whole zip in memory, pandas.read_csv per entry, pickle.dump),
# alternating runs on the same machine, and prints the median wall time and peak RSS of each and
# the ratios. See bench/README.md.
#
#   bash bench/production.sh                 # 5 runs each
#   RUNS=9 JAVA_OPTS="-Xmx256m" bash bench/production.sh
#   AOT=0 bash bench/production.sh           # without the second Java variant (JDK 25 AOT cache)
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-5}
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
JAR=${JAR:-bsee-examples/target/bsee.jar}
CHROOT=${CHROOT:-/var/cache/bsee-peers/trixie}
# A bounded heap: column buffers use 70% of it (shared by the entries running at once) and spill to
# mapped files beyond that. SerialGC keeps the JVM's own footprint small for a short batch job.
JAVA_OPTS=${JAVA_OPTS:--Xmx200m -XX:+UseSerialGC}
PARALLEL=${PARALLEL:-$(nproc)}
# A second Java variant with a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked ahead,
# method profiles), trained on a different archive (ogora2023delimit.zip) before the runs.
AOT=${AOT:-1}
TRAIN_ZIP=$(realpath "${TRAIN_ZIP:-../shared/fixtures/bsee-zip/ogora2023delimit.zip}")

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"

if [ ! -x /usr/bin/time ]; then
  apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
[ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
[ -x "$CHROOT/usr/bin/python3" ] || { echo "missing the pandas 2.2 peer in $CHROOT (scripts/provision-peers.sh)" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  mvn -B -q package -DskipTests -pl bsee-examples -am
fi

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$ROOT/bench/results/production-$STAMP"
mkdir -p "$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-bench.XXXXXX")
PEER_WORK="$CHROOT/tmp/bsee-bench.$$"
mkdir -p "$PEER_WORK"
cleanup() { rm -rf "$WORK" "$PEER_WORK"; }
trap cleanup EXIT
# The peer sees only its own root: stage the archive (a hard link when possible) and the pipeline.
ln "$ZIP" "$PEER_WORK/archive.zip" 2>/dev/null || cp "$ZIP" "$PEER_WORK/archive.zip"
cp bench/pandas_pipeline.py "$PEER_WORK/"

source bench/measure.sh

if [ "$AOT" = 1 ]; then
  # shellcheck disable=SC2086
  if java -XX:AOTCacheOutput="$WORK/bsee.aot" $JAVA_OPTS -jar "$JAR" convert "$TRAIN_ZIP" --out "$WORK/train" \
      --progress none > "$RESULTS/aot-training.log" 2>&1 && [ -f "$WORK/bsee.aot" ]; then
    rm -rf "$WORK/train"
  else
    echo "this JDK cannot make an AOT cache (see $RESULTS/aot-training.log); Java runs without it only"
    AOT=0
  fi
fi

echo "archive: $ZIP ($(du -h "$ZIP" | cut -f1)), $RUNS runs each, alternating; $(nproc) processors"
echo "java:    java $JAVA_OPTS -jar $JAR convert ARCHIVE --out DIR --parallel $PARALLEL --progress none"
[ "$AOT" = 1 ] && echo "java+aot: the same with -XX:AOTCache=bsee.aot (trained on $(basename "$TRAIN_ZIP"))"
echo "pandas:  chroot $CHROOT python3 pandas_pipeline.py ARCHIVE DIR ($(chroot "$CHROOT" python3 -c 'import pandas, numpy; print("pandas", pandas.__version__, "numpy", numpy.__version__)'))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RESULTS/java.txt"
: > "$RESULTS/java-aot.txt"
: > "$RESULTS/pandas.txt"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/out" "$WORK/.out.tmp"
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$RESULTS/java-$run.time" java $JAVA_OPTS -jar "$JAR" convert "$ZIP" --out "$WORK/out" \
      --parallel "$PARALLEL" --progress none > "$RESULTS/java-$run.log" 2>&1
  [ "$(ls "$WORK/out" | grep -c '\.bin$')" -eq 17 ] || { echo "java run $run did not write 17 .bin files" >&2; exit 1; }
  measure "$RESULTS/java-$run.time" | tee -a "$RESULTS/java.txt" | sed "s/^/java     run $run: /;s/ \([0-9]*\) \([0-9.]*\)$/ s, \1 KB, \2 s CPU/"

  if [ "$AOT" = 1 ]; then
    rm -rf "$WORK/out" "$WORK/.out.tmp"
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$RESULTS/java-aot-$run.time" java -XX:AOTCache="$WORK/bsee.aot" $JAVA_OPTS -jar "$JAR" convert \
        "$ZIP" --out "$WORK/out" --parallel "$PARALLEL" --progress none > "$RESULTS/java-aot-$run.log" 2>&1
    [ "$(ls "$WORK/out" | grep -c '\.bin$')" -eq 17 ] || { echo "java+aot run $run did not write 17 .bin files" >&2; exit 1; }
    measure "$RESULTS/java-aot-$run.time" | tee -a "$RESULTS/java-aot.txt" | sed "s/^/java+aot run $run: /;s/ \([0-9]*\) \([0-9.]*\)$/ s, \1 KB, \2 s CPU/"
  fi

  rm -rf "$PEER_WORK/out"
  /usr/bin/time -v -o "$RESULTS/pandas-$run.time" chroot "$CHROOT" python3 "/tmp/bsee-bench.$$/pandas_pipeline.py" \
      "/tmp/bsee-bench.$$/archive.zip" "/tmp/bsee-bench.$$/out" > "$RESULTS/pandas-$run.log" 2>&1
  [ "$(ls "$PEER_WORK/out" | grep -c '\.bin$')" -eq 17 ] || { echo "pandas run $run did not write 17 .bin files" >&2; exit 1; }
  measure "$RESULTS/pandas-$run.time" | tee -a "$RESULTS/pandas.txt" | sed "s/^/pandas   run $run: /;s/ \([0-9]*\) \([0-9.]*\)$/ s, \1 KB, \2 s CPU/"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$RESULTS" <<'PY' | tee "$RESULTS/summary.txt"
import os, statistics, sys
d = sys.argv[1]
def load(name):
    rows = [line.split() for line in open(f"{d}/{name}.txt") if line.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows], [float(r[2]) for r in rows]
pw, pr, pc = load("pandas")
mpw, mpr = statistics.median(pw), statistics.median(pr)
print(f"pandas   median wall {mpw:5.2f} s   median peak RSS {mpr / 1024:4.0f} MiB   median CPU {statistics.median(pc):5.2f} s")
for name, label in (("java", "java"), ("java-aot", "java+aot")):
    jw, jr, jc = load(name)
    if not jw:
        continue
    mjw, mjr = statistics.median(jw), statistics.median(jr)
    print(f"{label:8} median wall {mjw:5.2f} s   median peak RSS {mjr / 1024:4.0f} MiB   median CPU {statistics.median(jc):5.2f} s   "
          f"wall ratio {mjw / mpw:.2f} (target <= 0.50)   RSS ratio {mjr / mpr:.2f} (target <= 1.00)")
    # Runs in which the JVM kept less than three quarters of the processors busy shared the machine
    # with other work; the pandas pipeline, on one processor, is hardly affected by that.
    quiet = [(w, p) for w, c, p in zip(jw, jc, pw) if c / w >= 0.75 * os.cpu_count()]
    if quiet and len(quiet) < len(jw):
        print(f"{'':8} runs with the processors to itself ({len(quiet)} of {len(jw)}): median wall "
              f"{statistics.median(w for w, _ in quiet):5.2f} s, median ratio to the pandas run after it "
              f"{statistics.median(w / p for w, p in quiet):.2f}")
PY
echo "results in $RESULTS"
