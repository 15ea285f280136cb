#!/usr/bin/env bash
# Converts a generated archive with one entry of about 1 GiB of text with the Java CLI under a 256 MiB
# heap, and reports wall time, peak RSS and the rows written. See bench/README.md.
#
#   bash bench/large-entry.sh                # 1024 MiB of text
#   SIZE_MB=2048 bash bench/large-entry.sh
#   VERIFY=1 bash bench/large-entry.sh       # also compare with pandas 2.2 (needs several GiB of RAM)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZE_MB=${SIZE_MB:-1024}
JAR=${JAR:-bsee-examples/target/bsee.jar}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
CHROOT=${CHROOT:-/var/cache/bsee-peers/trixie}

# The JDK the project builds with (scripts/jdk.sh: JAVA_HOME, the java on PATH or /usr/lib/jvm).
source scripts/jdk.sh
if [ ! -x /usr/bin/time ]; then
  apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
if [ ! -f "$JAR" ]; then
  mvn -B -q package -DskipTests -pl bsee-examples -am
fi

RESULTS="$ROOT/bench/results/large-entry-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-large.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "generating $SIZE_MB MiB of text in one entry..."
ROWS=$(python3 bench/make_large_zip.py "$WORK/large.zip" "$SIZE_MB")
echo "archive: $(du -h "$WORK/large.zip" | cut -f1) compressed, $ROWS rows; $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java $JAVA_OPTS -jar $JAR convert large.zip --out DIR --parallel 1 --progress lines"
# shellcheck disable=SC2086
/usr/bin/time -v -o "$RESULTS/java.time" java $JAVA_OPTS -Xlog:gc:file="$RESULTS/gc.log" -jar "$JAR" convert \
    "$WORK/large.zip" --out "$WORK/out" --parallel 1 --progress lines > "$RESULTS/java.log" 2> "$RESULTS/java.err" \
  || { echo "conversion failed:"; cat "$RESULTS/java.err"; exit 1; }
cat "$RESULTS/java.log"
WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$RESULTS/java.time")
RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$RESULTS/java.time")
HEAP=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$RESULTS/gc.log" | sed -E 's/.*\(([0-9]+)M\)/\1/' | sort -n | tail -1)
grep -q "ogora2099delimit.bin: $(python3 -c "print(f'{$ROWS:,}')") rows" "$RESULTS/java.log" \
  || { echo "the row count differs from the $ROWS rows generated" >&2; exit 1; }
[ ! -e "$WORK/.out.tmp" ] || { echo "temporary files were left in $WORK/.out.tmp" >&2; exit 1; }
echo "wall ${WALL} s, peak RSS $((RSS / 1024)) MiB, largest heap ${HEAP:-?} MiB, .bin $(du -h "$WORK/out/ogora2099delimit.bin" | cut -f1)" | tee "$RESULTS/summary.txt"

if [ "${VERIFY:-0}" = 1 ]; then
  PEER="$CHROOT/tmp/bsee-large.$$"
  mkdir -p "$PEER"
  trap 'rm -rf "$WORK" "$PEER"' EXIT
  ln "$WORK/large.zip" "$PEER/large.zip" 2>/dev/null || cp "$WORK/large.zip" "$PEER/large.zip"
  ln "$WORK/out/ogora2099delimit.bin" "$PEER/java.bin" 2>/dev/null || cp "$WORK/out/ogora2099delimit.bin" "$PEER/java.bin"
  cp bench/pandas_pipeline.py "$PEER/"
  chroot "$CHROOT" python3 - "/tmp/bsee-large.$$" <<'PY' | tee -a "$RESULTS/summary.txt"
import io, pickle, sys, zipfile
sys.path.insert(0, sys.argv[1])
import pandas_pipeline as p
with zipfile.ZipFile(sys.argv[1] + "/large.zip") as z:
    expected = p.read(z.read("ogora2099delimit.txt"), p.PRODUCTION_COLUMNS)
with open(sys.argv[1] + "/java.bin", "rb") as f:
    actual = pickle.load(f)
same = expected.equals(actual) and list(expected.columns) == list(actual.columns) and list(expected.dtypes) == list(actual.dtypes)
print("pandas 2.2 comparison:", "equal" if same else "DIFFERENT", len(expected), "rows")
sys.exit(0 if same else 1)
PY
fi
echo "results in $RESULTS"
