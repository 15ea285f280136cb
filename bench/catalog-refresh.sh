#!/usr/bin/env bash
# A full-catalog refresh against the loopback demo mirror (every archive of the catalog and the
# yearly production series, generated), then the conditional re-run on the unchanged mirror. Prints
# archives, requests, bytes, wall time and peak RSS of each run. See bench/README.md.
#
#   bash bench/catalog-refresh.sh
#   JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" bash bench/catalog-refresh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

JAR=${JAR:-bsee-examples/target/bsee.jar}
JAVA_OPTS=${JAVA_OPTS:--Xmx200m -XX:+UseSerialGC}

# The JDK the project builds with (scripts/jdk.sh: JAVA_HOME, the java on PATH or /usr/lib/jvm).
source scripts/jdk.sh
if [ ! -x /usr/bin/time ]; then
  apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
fi
if [ ! -f "$JAR" ]; then
  mvn -B -q package -DskipTests -pl bsee-examples -am
fi

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$ROOT/bench/results/catalog-$STAMP"
mkdir -p "$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-catalog.XXXXXX")
MIRROR_PID=
cleanup() {
  [ -n "$MIRROR_PID" ] && kill "$MIRROR_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The mirror runs in its own JVM and logs one line per request: "GET /path 200 12345".
java -cp "$JAR" dev.bsee.examples.mirror.DemoMirror > "$RESULTS/mirror.log" 2> "$RESULTS/mirror.err" &
MIRROR_PID=$!
for _ in $(seq 1 100); do
  [ -s "$RESULTS/mirror.log" ] && break
  sleep 0.1
done
SITE=$(head -1 "$RESULTS/mirror.log")
[ -n "$SITE" ] || { echo "the mirror did not start: $(cat "$RESULTS/mirror.err")" >&2; exit 1; }

cat > "$WORK/refresh.yml" <<YAML
data:
  enhanced_refresh: true
  all: true
site:
  base_url: $SITE
cache:
  enabled: true
  ttl_hours: 0
YAML

# "requests bytes" of the archive lines the mirror logged after line $1
requests_since() {
  awk -v from="$1" 'NR > from && $2 ~ /\.(zip|ZIP)$/ { n++; b += $4 } END { printf "%d %d\n", n, b }' "$RESULTS/mirror.log"
}
source bench/measure.sh

run() {
  local name=$1 before
  before=$(wc -l < "$RESULTS/mirror.log")
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$RESULTS/$name.time" java $JAVA_OPTS -jar "$JAR" refresh --config "$WORK/refresh.yml" \
      --base-dir "$WORK/out" --json --progress none > "$RESULTS/$name.json" 2> "$RESULTS/$name.err" || {
    echo "$name refresh failed (exit $?): see $RESULTS/$name.err and $name.json" >&2; exit 1; }
  sleep 0.2
  read -r REQUESTS BYTES < <(requests_since "$before")
  read -r WALL RSS CPU < <(measure "$RESULTS/$name.time")
  SOURCES=$(grep -c '"outcome"' "$RESULTS/$name.json" || true)
  UPDATED=$(grep -c '"outcome" : "updated"' "$RESULTS/$name.json" || true)
  FILES=$(find "$WORK/out/data/modules/bsee/bin" -name '*.bin' | wc -l)
  printf '%-12s %3d sources %3d updated %4d archive requests %10d bytes %6.2f s wall %6.2f s CPU %7d KB peak RSS %4d .bin files\n' \
      "$name" "$SOURCES" "$UPDATED" "$REQUESTS" "$BYTES" "$WALL" "$CPU" "$RSS" "$FILES" | tee -a "$RESULTS/summary.txt"
}

echo "mirror $SITE; java $(java -version 2>&1 | head -1); JAVA_OPTS=$JAVA_OPTS; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS/summary.txt"
run full
find "$WORK/out/data/modules/bsee/bin" -name '*.bin' -exec stat -c '%n %i %y %s' {} + | sort > "$RESULTS/full.files"
run conditional
find "$WORK/out/data/modules/bsee/bin" -name '*.bin' -exec stat -c '%n %i %y %s' {} + | sort > "$RESULTS/conditional.files"
if cmp -s "$RESULTS/full.files" "$RESULTS/conditional.files"; then
  echo "conditional re-run rewrote nothing: every .bin has the same inode, size and modification time" | tee -a "$RESULTS/summary.txt"
else
  echo "conditional re-run CHANGED files: diff $RESULTS/full.files $RESULTS/conditional.files" | tee -a "$RESULTS/summary.txt"
fi
echo "results in $RESULTS"
