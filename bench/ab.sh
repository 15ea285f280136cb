#!/usr/bin/env bash
# Before and after: two builds of bsee.jar on the same workloads, alternating in one run, as users
# run them (bin/bsee with its defaults, each jar with its own ahead-of-time cache). For a change
# that must not cost speed (a refactoring) or must buy some.
#
#   bash bench/ab.sh BEFORE.jar AFTER.jar                    # convert and read, 5 runs of each
#   RUNS=9 WORKLOADS=read bash bench/ab.sh BEFORE.jar AFTER.jar
#   RUNS=8 WORKLOADS=refresh bash bench/ab.sh BEFORE.jar AFTER.jar
#   SAME_BYTES=0 bash bench/ab.sh BEFORE.jar AFTER.jar     # a change meant to write other bytes
#
# Workloads (see ratios.sh): convert (the production archive to 17 .bin files), read (one year,
# 200 API well numbers, two columns, through BinStore), and, run only when named, refresh (the same
# archive from a loopback server, streamed: in_memory and parallel) and version (`bin/bsee --version`:
# start-up and the command line alone, what every command pays). Copy the jar you start from before you
# change anything: cp bsee-examples/target/bsee.jar /tmp/before.jar
# It prints the medians of wall, CPU (user + system) and peak RSS and the after/before ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bash bench/ab.sh BEFORE.jar AFTER.jar" >&2; exit 2; }
RUNS=${RUNS:-5}
WORKLOADS=${WORKLOADS:-convert read}
wants() { case " $WORKLOADS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
YEAR=${YEAR:-2023}
[ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then apt-get install -y -q time >/dev/null; fi
unset BSEE_JAVA_OPTS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-ab.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Each jar in its own folder, so each gets its own ahead-of-time cache beside it.
mkdir -p "$WORK/before" "$WORK/after"
cp "$1" "$WORK/before/bsee.jar"
cp "$2" "$WORK/after/bsee.jar"
JAVA=$(source scripts/jdk.sh && echo "$JAVA_HOME/bin/java")
source bench/measure.sh
TIMED_DIR="$WORK"


if wants refresh; then
  # The loopback server both jars download from, as in ratios.sh.
  source bench/loopback.sh
  loopback_start "$WORK/site" "$ZIP" "$WORK/server.log"
  trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
  for side in before after; do
    loopback_refresh_config "$URL" "$WORK/$side/refresh" > "$WORK/$side/refresh.yml"
  done
fi

echo "$RUNS runs of each, alternating; $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for side in before after; do
  # The first conversion makes the jar's ahead-of-time cache (JDK 25+); it is not timed.
  BSEE_JAR="$WORK/$side/bsee.jar" bin/bsee convert "$ZIP" --out "$WORK/$side/bins" --progress none > /dev/null 2>&1
  if wants refresh; then
    # So does the first refresh, for the refresh's own cache.
    BSEE_JAR="$WORK/$side/bsee.jar" bin/bsee refresh --config "$WORK/$side/refresh.yml" --progress none > /dev/null 2>&1
  fi
  "$(dirname "$JAVA")/javac" -d "$WORK/$side/classes" -cp "$WORK/$side/bsee.jar" bench/BinStoreRead.java
done
# The wells: every 300th distinct API well number of the year, read through the before jar.
"$JAVA" -cp "$WORK/before/bsee.jar" bench/ListWells.java "$WORK/before/bins" "ogora${YEAR}delimit" 200 > "$WORK/wells.txt"

for run in $(seq 1 "$RUNS"); do
  for side in before after; do
    if wants convert; then
      rm -rf "$WORK/$side/out"
      timed "$side-convert" "$run" \
        env BSEE_JAR="$WORK/$side/bsee.jar" bin/bsee convert "$ZIP" --out "$WORK/$side/out" --progress none
    fi
    if wants refresh; then
      rm -rf "$WORK/$side/refresh"
      timed "$side-refresh" "$run" \
        env BSEE_JAR="$WORK/$side/bsee.jar" bin/bsee refresh --config "$WORK/$side/refresh.yml" --progress none
    fi
    if wants version; then
      timed "$side-version" "$run" env BSEE_JAR="$WORK/$side/bsee.jar" bin/bsee --version
    fi
    if wants read; then
      timed "$side-read" "$run" "$JAVA" -cp "$WORK/$side/bsee.jar:$WORK/$side/classes" BinStoreRead \
        "$WORK/$side/bins" "ogora${YEAR}delimit" "$WORK/wells.txt" PRODUCTION_DATE MON_O_PROD_VOL
    fi
  done
  if wants read && [ "$(cat "$WORK/before-read-$run.log")" != "$(cat "$WORK/after-read-$run.log")" ]; then
    echo "the reads differ: $(cat "$WORK/before-read-$run.log") / $(cat "$WORK/after-read-$run.log")" >&2; exit 1
  fi
done
if wants convert && [ "${SAME_BYTES:-1}" = 1 ]; then
  for f in "$WORK/before/out"/*.bin; do
    cmp -s "$f" "$WORK/after/out/$(basename "$f")" || { echo "the .bin files differ: $(basename "$f")" >&2; exit 1; }
  done
  echo "convert: the 17 .bin files of both jars are identical"
elif wants convert; then
  echo "convert: the .bin files were not compared (SAME_BYTES=0: a change of the bytes written)"
fi
if wants refresh; then
  bins=$(find "$WORK/before/refresh" -name '*.bin' | wc -l)
  [ "$bins" -eq 17 ] || { echo "the refresh wrote $bins .bin files" >&2; exit 1; }
  for f in $(find "$WORK/before/refresh" -name '*.bin'); do
    cmp -s "$f" "$WORK/after/refresh/${f#"$WORK/before/refresh/"}" || { echo "the refreshed .bin files differ: $(basename "$f")" >&2; exit 1; }
  done
  echo "refresh: the 17 .bin files of both jars are identical"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" "$WORKLOADS" <<'PY'
import statistics, sys
d = sys.argv[1]
def load(name):
    rows = [line.split() for line in open(f"{d}/{name}.txt") if line.strip()]
    return [statistics.median(float(r[i]) for r in rows) for i in (0, 2, 1)]
print(f"{'':8} {'wall before':>11} {'after':>6} {'ratio':>6}   {'CPU before':>10} {'after':>6} {'ratio':>6}   "
      f"{'RSS before':>10} {'after':>6} {'ratio':>6}   (medians)")
for work in sys.argv[2].split():
    b, a = load("before-" + work), load("after-" + work)
    cells = []
    for i, scale in enumerate((1, 1, 1024)):
        cells.append(f"{b[i] / scale:11.2f} {a[i] / scale:6.2f} {a[i] / b[i]:6.2f}")
    print(f"{work:8} " + "   ".join(cells))
PY
