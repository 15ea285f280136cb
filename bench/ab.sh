#!/usr/bin/env bash
# Before and after: two builds of bsee.jar on the same workloads, alternating in one run, as users
# run them (bin/bsee with its defaults, each jar with its own ahead-of-time cache). For a change
# that must not cost speed (a refactoring) or must buy some.
#
#   bash bench/ab.sh BEFORE.jar AFTER.jar                    # convert and read, 20 rounds
#   RUNS=10 WORKLOADS=read bash bench/ab.sh BEFORE.jar AFTER.jar
#   RUNS=8 WORKLOADS=refresh bash bench/ab.sh BEFORE.jar AFTER.jar
#   SAME_BYTES=0 bash bench/ab.sh BEFORE.jar AFTER.jar     # a change meant to write other bytes
#
# Workloads (see ratios.sh): convert (the production archive to 17 .bin files), read (one year,
# 200 API well numbers, two columns, through BinStore), and, run only when named, refresh (the same
# archive from a loopback server, streamed: in_memory and parallel) and version (`bin/bsee --version`:
# start-up and the command line alone, what every command pays). Copy the jar you start from before you
# change anything: cp bsee-examples/target/bsee.jar /tmp/before.jar
# It prints the medians of wall, CPU (user + system), user time and peak RSS, their after/before
# ratios, and the median of each round's own ratio. Each round's two runs share the machine's state,
# which drifts over a run (the system time most: page faults cost what the host makes them cost),
# so the paired user-time ratio is the figure to trust; on a busy machine one jar against itself
# reads 0.9 to 1.1 in a round, so a change of a few percent needs 20 rounds or more.
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: bash bench/ab.sh BEFORE.jar AFTER.jar" >&2; exit 2; }
RUNS=${RUNS:-20}
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
  # The jars take turns at going first: the second run of a pair was favoured (an A/A run of one jar
  # against itself read 0.92 of the CPU for the second, 4 December), so an even number of runs
  # gives each side the same share of both places.
  sides="before after"
  if [ $((run % 2)) -eq 0 ]; then sides="after before"; fi
  for side in $sides; do
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
# The archive's text entries: each is a .bin file (17 for the production archive).
entries=$(python3 -c 'import sys, zipfile; print(sum(n.lower().endswith(".txt") for n in zipfile.ZipFile(sys.argv[1]).namelist()))' "$ZIP")
if wants convert && [ "${SAME_BYTES:-1}" = 1 ]; then
  for f in "$WORK/before/out"/*.bin; do
    cmp -s "$f" "$WORK/after/out/$(basename "$f")" || { echo "the .bin files differ: $(basename "$f")" >&2; exit 1; }
  done
  echo "convert: the $entries .bin files of both jars are identical"
elif wants convert; then
  echo "convert: the .bin files were not compared (SAME_BYTES=0: a change of the bytes written)"
fi
if wants refresh; then
  bins=$(find "$WORK/before/refresh" -name '*.bin' | wc -l)
  [ "$bins" -eq "$entries" ] || { echo "the refresh wrote $bins .bin files of the archive's $entries" >&2; exit 1; }
  for f in $(find "$WORK/before/refresh" -name '*.bin'); do
    cmp -s "$f" "$WORK/after/refresh/${f#"$WORK/before/refresh/"}" || { echo "the refreshed .bin files differ: $(basename "$f")" >&2; exit 1; }
  done
  echo "refresh: the $entries .bin files of both jars are identical"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The user seconds of each run, in the order of the rows timed() wrote.
for work in $WORKLOADS; do
  for side in before after; do
    for run in $(seq 1 "$RUNS"); do user_seconds "$WORK/$side-$work-$run.time"; done > "$WORK/$side-$work.user"
  done
done
python3 - "$WORK" "$WORKLOADS" <<'PY'
import statistics, sys
d, works = sys.argv[1], sys.argv[2].split()
def runs(name):
    """Each run's wall, CPU, user time and peak RSS: the rows of timed() ("wall rss cpu") and the user seconds."""
    rows = [line.split() for line in open(f"{d}/{name}.txt") if line.strip()]
    users = [float(line) for line in open(f"{d}/{name}.user") if line.strip()]
    return [{"wall": float(r[0]), "CPU": float(r[2]), "user": u, "RSS": float(r[1]) / 1024} for r, u in zip(rows, users)]
# Ratios of medians, and the median of each round's own after/before ratio: the machine's state
# drifts over a run, and a round's two runs share it (the least blurred figure is the user time).
print(f"{'':8} {'':5} {'before':>7} {'after':>7} {'ratio':>6} {'paired':>7}   (medians; paired: median of the rounds' ratios)")
for work in works:
    before, after = runs(f"before-{work}"), runs(f"after-{work}")
    for key in ("wall", "CPU", "user", "RSS"):
        b = statistics.median(x[key] for x in before)
        a = statistics.median(x[key] for x in after)
        paired = statistics.median(y[key] / x[key] for x, y in zip(before, after))
        print(f"{work:8} {key:5} {b:7.2f} {a:7.2f} {a / b:6.2f} {paired:7.3f}")
PY
