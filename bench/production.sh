#!/usr/bin/env bash
# Converts the production archive with the Java CLI (bsee.jar convert) and with the Python pipeline
# (pandas 2.2 in the Debian 13 peer: whole zip in memory, pandas.read_csv per entry, pickle.dump),
# alternating runs on the same machine, and prints the median wall time and peak RSS of each and
# the ratios. See bench/README.md.
#
#   bash bench/production.sh                 # 5 runs each
#   RUNS=9 JAVA_OPTS="-Xmx256m" bash bench/production.sh
set -euo pipefail
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

# "wall_seconds max_rss_kb" from a /usr/bin/time -v report
measure() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %d\n", wall, rss }' "$1"
}

echo "archive: $ZIP ($(du -h "$ZIP" | cut -f1)), $RUNS runs each, alternating; $(nproc) processors"
echo "java:    java $JAVA_OPTS -jar $JAR convert ARCHIVE --out DIR --parallel $PARALLEL --progress none"
echo "pandas:  chroot $CHROOT python3 pandas_pipeline.py ARCHIVE DIR ($(chroot "$CHROOT" python3 -c 'import pandas, numpy; print("pandas", pandas.__version__, "numpy", numpy.__version__)'))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$RESULTS/java.txt"
: > "$RESULTS/pandas.txt"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/out" "$WORK/.out.tmp"
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$RESULTS/java-$run.time" java $JAVA_OPTS -jar "$JAR" convert "$ZIP" --out "$WORK/out" \
      --parallel "$PARALLEL" --progress none > "$RESULTS/java-$run.log" 2>&1
  [ "$(ls "$WORK/out" | grep -c '\.bin$')" -eq 17 ] || { echo "java run $run did not write 17 .bin files" >&2; exit 1; }
  measure "$RESULTS/java-$run.time" | tee -a "$RESULTS/java.txt" | sed "s/^/java   run $run: /;s/ \([0-9]*\)$/ s, \1 KB/"

  rm -rf "$PEER_WORK/out"
  /usr/bin/time -v -o "$RESULTS/pandas-$run.time" chroot "$CHROOT" python3 "/tmp/bsee-bench.$$/pandas_pipeline.py" \
      "/tmp/bsee-bench.$$/archive.zip" "/tmp/bsee-bench.$$/out" > "$RESULTS/pandas-$run.log" 2>&1
  [ "$(ls "$PEER_WORK/out" | grep -c '\.bin$')" -eq 17 ] || { echo "pandas run $run did not write 17 .bin files" >&2; exit 1; }
  measure "$RESULTS/pandas-$run.time" | tee -a "$RESULTS/pandas.txt" | sed "s/^/pandas run $run: /;s/ \([0-9]*\)$/ s, \1 KB/"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$RESULTS" <<'PY' | tee "$RESULTS/summary.txt"
import statistics, sys
d = sys.argv[1]
def load(name):
    rows = [line.split() for line in open(f"{d}/{name}.txt") if line.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
jw, jr = load("java")
pw, pr = load("pandas")
mjw, mpw = statistics.median(jw), statistics.median(pw)
mjr, mpr = statistics.median(jr), statistics.median(pr)
print(f"median wall:  java {mjw:.2f} s   pandas {mpw:.2f} s   java/pandas {mjw / mpw:.2f}  (target <= 0.50)")
print(f"median peak RSS: java {mjr / 1024:.0f} MiB   pandas {mpr / 1024:.0f} MiB   java/pandas {mjr / mpr:.2f}  (target <= 1.00)")
print(f"max peak RSS:    java {max(jr) / 1024:.0f} MiB   pandas {max(pr) / 1024:.0f} MiB")
PY
echo "results in $RESULTS"
