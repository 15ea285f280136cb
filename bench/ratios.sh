#!/usr/bin/env bash
# The Java path as users run it (bin/bsee, no tuning flags) against the Python system's pandas
# pipeline on the same data in the same run, alternating, for three workloads:
#
#   convert   the production archive from disk to 17 .bin files
#             java:   bin/bsee convert ZIP --out DIR --progress none
#             pandas: pandas_pipeline.py ZIP DIR (whole zip in memory, read_csv, pickle.dump)
#   refresh   the same archive downloaded from a loopback HTTP server and converted as it arrives
#             java:   bin/bsee refresh --config FILE (enhanced path, in_memory and parallel: true)
#             pandas: pandas_pipeline.py URL DIR (download into memory, read_csv, pickle.dump)
#             and, Java only, the same refresh with the archive on disk (the legacy path, parallel:
#             true): the same staging, SHA-256, manifest and commit, no network, so the two walls
#             say what receiving over HTTP costs a refresh.
#   read      one production year filtered by a set of API well numbers, two columns
#             java:   BinStore.read(table, Query.columns(A, B).where(API_WELL_NUMBER, isIn(wells)))
#             pandas: pd.read_pickle(f); df[df.API_WELL_NUMBER.isin(wells)][[A, B]]
#   history   the same query on all 17 years in one process: the wells' whole history
#
# The Java reads run as an analysis app that depends on bsee-binary runs: `java -cp` with
# bsee-core, bsee-binary and their runtime dependencies (Maven's resolution), no flags.
#
# It prints the medians of wall time, CPU time (user + system) and peak RSS of each side and the
# Java/pandas ratios. See bench/README.md.
#
# PANDAS_MALLOC picks the pandas reference: "default" (as users run it, glibc's malloc as it comes),
# "tuned" (MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=-1: large arrays come from the
# heap and are reused instead of being mapped, faulted in and unmapped each time, which takes about
# 7x fewer page faults and half the CPU on this machine), or "both" (a third side in each run and a
# second row of ratios; the run takes about a third longer).
#
#   bash bench/ratios.sh                 # 5 runs of each
#   RUNS=9 bash bench/ratios.sh
#   RUNS=3 WORKLOADS=read bash bench/ratios.sh   # only some of convert, refresh, read
#   RUNS=3 WORKLOADS=convert PANDAS_MALLOC=both bash bench/ratios.sh
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${RUNS:-5}
WORKLOADS=${WORKLOADS:-convert refresh read history}
wants() { case " $WORKLOADS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
YEAR=${YEAR:-2023}
COLUMNS=${COLUMNS:-PRODUCTION_DATE MON_O_PROD_VOL}
WELLS=${WELLS:-200}
CHROOT=${CHROOT:-/var/cache/bsee-peers/trixie}
PANDAS_MALLOC=${PANDAS_MALLOC:-default}
case $PANDAS_MALLOC in
  default) PANDAS_SIDES="pandas" ;;
  tuned) PANDAS_SIDES="pandas-tuned" ;;
  both) PANDAS_SIDES="pandas pandas-tuned" ;;
  *) echo "PANDAS_MALLOC is default, tuned or both, not $PANDAS_MALLOC" >&2; exit 2 ;;
esac
JAR=bsee-examples/target/bsee.jar
READ_CP_FILE=bsee-binary/target/runtime-classpath.txt

source bench/measure.sh
pandas_bench_preflight
if { wants read || wants history; } && [ ! -f "$READ_CP_FILE" ]; then
  (source scripts/jdk.sh && mvn -B -q package dependency:build-classpath -DskipTests -Djacoco.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl bsee-binary -am \
    -Dmdep.outputFile="$ROOT/$READ_CP_FILE" -DincludeScope=runtime)
fi
unset BSEE_JAVA_OPTS BSEE_JAR

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS="$ROOT/bench/results/ratios-$STAMP"
mkdir -p "$RESULTS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-ratios.XXXXXX")
PEER_DIR=/tmp/bsee-ratios.$$
PEER_WORK="$CHROOT$PEER_DIR"
mkdir -p "$PEER_WORK"
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$WORK" "$PEER_WORK"
}
trap cleanup EXIT
ln "$ZIP" "$PEER_WORK/archive.zip" 2>/dev/null || cp "$ZIP" "$PEER_WORK/archive.zip"
cp bench/pandas_pipeline.py bench/pandas_read.py "$PEER_WORK/"

# The loopback server both sides download from (the chroot shares the network).
source bench/loopback.sh
loopback_start "$WORK/site" "$ZIP" "$RESULTS/server.log"
loopback_refresh_config "$URL" "$WORK/refresh" > "$WORK/refresh.yml"
disk_refresh_config "$ZIP" "$WORK/refresh-disk" > "$WORK/refresh-disk.yml"

# The BinStore reader: a small Java program compiled once against bsee-binary, run with the
# launcher's JDK and no tuning flags, on the class path a Maven project depending on bsee-binary
# gets (not the tool's fat jar, whose 7,000 entries cost a read about 60 ms of start-up).
JAVA=$(source scripts/jdk.sh && echo "$JAVA_HOME/bin/java")
READ_CP=
if wants read || wants history; then
  READ_CP="$ROOT/$(ls bsee-binary/target/bsee-binary-*.jar | grep -v -e sources -e javadoc -e tests | head -1):$(cat "$READ_CP_FILE")"
  "$(dirname "$JAVA")/javac" -d "$WORK/classes" -cp "$READ_CP" bench/BinStoreRead.java
fi
# The history workload: every year of the archive, in archive order.
HISTORY=$(unzip -Z1 "$ZIP" | sed -n 's/\.txt$//p' | paste -sd, -)

source bench/measure.sh
TIMED_DIR="$RESULTS"
count_bins() { find "$1" -name '*.bin' 2>/dev/null | wc -l; }
peer() { chroot "$CHROOT" "$@"; }
# The environment of the pandas side named $1 (pandas or pandas-tuned), for env(1).
malloc_env() {
  if [ "$1" = pandas-tuned ]; then echo MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=-1; fi
}

echo "archive: $ZIP ($(du -h "$ZIP" | cut -f1)), $RUNS runs of each, alternating; $(nproc) processors"
echo "java:    $("$JAVA" -version 2>&1 | head -1); bin/bsee with its defaults (no BSEE_JAVA_OPTS)"
echo "pandas:  $(peer python3 -c 'import pandas, numpy, sys; print("Python", sys.version.split()[0], "pandas", pandas.__version__, "numpy", numpy.__version__)') in $CHROOT"
echo "pandas malloc: $PANDAS_MALLOC ($PANDAS_SIDES)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# As users run the build: a copy of the jar (`cp -p` keeps the size and time its ahead-of-time
# caches are named by) with the caches the build made beside it (bsee-examples/src/build/
# TrainCaches.java), so the tree's own jar and caches are left alone. Where the build made none (a
# JDK before 25, -Dbsee.aot.skip), the first convert and refresh below record them, as a user's
# first runs would. Those runs are not timed.
mkdir -p "$WORK/jar"
cp -p "$JAR" "$WORK/jar/bsee.jar"
for cache in "$(dirname "$JAR")"/bsee-*.aot; do
  [ -f "$cache" ] && cp -p "$cache" "$WORK/jar/"
done
export BSEE_JAR="$WORK/jar/bsee.jar"
bin/bsee convert "$ZIP" --out "$WORK/warmup" --progress none > "$RESULTS/java-first-run.log" 2>&1
rm -rf "$WORK/warmup"
if wants refresh; then
  for config in refresh refresh-disk; do
    sed "s|base_dir: .*|base_dir: $WORK/warmup|" "$WORK/$config.yml" > "$WORK/warmup.yml"
    bin/bsee refresh --config "$WORK/warmup.yml" --progress none > "$RESULTS/java-first-$config.log" 2>&1
    rm -rf "$WORK/warmup" "$WORK/warmup.yml"
  done
fi

# The read workload's input: one year as each side wrote it, and WELLS of its API well numbers.
peer python3 "$PEER_DIR/pandas_pipeline.py" "$PEER_DIR/archive.zip" "$PEER_DIR/bins" > /dev/null
peer python3 -c "
import pandas as pd
df = pd.read_pickle('$PEER_DIR/bins/ogora${YEAR}delimit.bin')
wells = df['API_WELL_NUMBER'].drop_duplicates().sort_values()
step = max(1, len(wells) // $WELLS)
open('$PEER_DIR/wells.txt', 'w').write(''.join('%d\n' % w for w in wells.iloc[::step][:$WELLS]))
print(len(df), 'rows in', '$YEAR')" > "$RESULTS/read-input.txt"
cp "$PEER_WORK/wells.txt" "$WORK/wells.txt"
bin/bsee convert "$ZIP" --out "$WORK/bins" --progress none > /dev/null 2>&1
# shellcheck disable=SC2086
set -- $COLUMNS

# Each round runs the Java side's workloads one after another, then each pandas side's: a run right
# after one of pandas' leaves the kernel freeing and compacting pandas' memory and took Java 0.1 to
# 0.7 s more wall and twice the system time (bench/README.md), so every Java workload follows the
# same kind of run in every round, never one workload after pandas and another after Java. The
# first Java run of a round still comes right after pandas (0.5 to 1.1 s of system time against 0.3
# for the ones after it, 2 December, 21:19), so the convert, the refresh and the refresh from disk
# take turns at leading the rounds: each pays that in a third of them, and the refresh/convert ratio
# compares like with like.
read_tables() { # work -> the tables it reads
  if [ "$1" = history ]; then echo "$HISTORY"; else echo "ogora${YEAR}delimit"; fi
}
java_convert() {
  rm -rf "$WORK/out" "$WORK/.out.tmp"
  timed java-convert "$run" bin/bsee convert "$ZIP" --out "$WORK/out" --progress none
  [ "$(count_bins "$WORK/out")" -eq 17 ] || { echo "java convert wrote $(count_bins "$WORK/out") .bin files" >&2; exit 1; }
}
java_refresh() {
  rm -rf "$WORK/refresh"
  timed java-refresh "$run" bin/bsee refresh --config "$WORK/refresh.yml" --progress none
  [ "$(count_bins "$WORK/refresh")" -eq 17 ] || { echo "java refresh wrote $(count_bins "$WORK/refresh") .bin files" >&2; exit 1; }
}
java_refresh_disk() {
  rm -rf "$WORK/refresh-disk"
  timed java-refresh-disk "$run" bin/bsee refresh --config "$WORK/refresh-disk.yml" --progress none
  [ "$(count_bins "$WORK/refresh-disk")" -eq 17 ] || { echo "java refresh from disk wrote $(count_bins "$WORK/refresh-disk") .bin files" >&2; exit 1; }
}
WRITES=()
wants convert && WRITES+=(java_convert)
wants refresh && WRITES+=(java_refresh java_refresh_disk)
for run in $(seq 1 "$RUNS"); do
  for i in "${!WRITES[@]}"; do
    "${WRITES[$(( (i + run - 1) % ${#WRITES[@]} ))]}"
  done
  for work in read history; do
    wants $work || continue
    timed java-$work "$run" "$JAVA" -cp "$READ_CP:$WORK/classes" BinStoreRead "$WORK/bins" "$(read_tables $work)" "$WORK/wells.txt" "$1" "$2"
  done
  for side in $PANDAS_SIDES; do
    if wants convert; then
      rm -rf "$PEER_WORK/out"
      timed "$side-convert" "$run" env $(malloc_env "$side") chroot "$CHROOT" python3 "$PEER_DIR/pandas_pipeline.py" "$PEER_DIR/archive.zip" "$PEER_DIR/out"
      [ "$(count_bins "$PEER_WORK/out")" -eq 17 ] || { echo "$side convert wrote $(count_bins "$PEER_WORK/out") .bin files" >&2; exit 1; }
    fi
    if wants refresh; then
      rm -rf "$PEER_WORK/out"
      timed "$side-refresh" "$run" env $(malloc_env "$side") chroot "$CHROOT" python3 "$PEER_DIR/pandas_pipeline.py" "$URL" "$PEER_DIR/out"
      [ "$(count_bins "$PEER_WORK/out")" -eq 17 ] || { echo "$side refresh wrote $(count_bins "$PEER_WORK/out") .bin files" >&2; exit 1; }
    fi
    for work in read history; do
      wants $work || continue
      files=$(read_tables $work | tr ',' '\n' | sed "s|^|$PEER_DIR/bins/|; s|\$|.bin|" | paste -sd, -)
      timed "$side-$work" "$run" env $(malloc_env "$side") chroot "$CHROOT" python3 "$PEER_DIR/pandas_read.py" \
          "$files" "$PEER_DIR/wells.txt" "$1" "$2"
      [ "$(cat "$RESULTS/java-$work-$run.log")" = "$(cat "$RESULTS/$side-$work-$run.log")" ] \
        || { echo "the $work reads differ: java $(cat "$RESULTS/java-$work-$run.log"), $side $(cat "$RESULTS/$side-$work-$run.log")" >&2; exit 1; }
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
wants read && echo "read: $(cat "$RESULTS/read-input.txt"), $(wc -l < "$WORK/wells.txt") wells, columns $COLUMNS, $(cat "$RESULTS/java-read-1.log") kept"
wants history && echo "history: 17 years, the same wells and columns, $(cat "$RESULTS/java-history-1.log") kept"

python3 - "$RESULTS" "$WORKLOADS" "$PANDAS_SIDES" <<'PY' | tee "$RESULTS/summary.txt"
import statistics, sys
d = sys.argv[1]
def load(name):
    rows = [line.split() for line in open(f"{d}/{name}.txt") if line.strip()]
    return [statistics.median(float(r[i]) for r in rows) for i in (0, 2, 1)]
targets = {"convert": (0.35, 0.5, 1.0), "refresh": (0.5, None, None), "read": (0.5, None, 1.0), "history": (0.5, None, 1.0)}
sides = sys.argv[3].split()
print(f"{'':15} {'java wall':>9} {'pandas':>7} {'ratio':>6}   {'java CPU':>8} {'pandas':>7} {'ratio':>6}   "
      f"{'java RSS':>8} {'pandas':>7} {'ratio':>6}   (medians; targets in brackets)")
for work in sys.argv[2].split():
    j = load("java-" + work)
    t = targets[work]
    for side in sides:
        p = load(side + "-" + work)
        cells = []
        for i, unit in enumerate(("s", "s", "MiB")):
            scale = 1024 if unit == "MiB" else 1
            jv, pv = j[i] / scale, p[i] / scale
            target = f" [<={t[i]}]" if t[i] else ""
            fmt = "{:8.0f}" if unit == "MiB" else "{:8.2f}"
            cells.append(f"{fmt.format(jv)} {fmt.format(pv)[1:]} {jv / pv:6.2f}{target:9}")
        label = work + (" (tuned)" if side == "pandas-tuned" else "")
        print(f"{label:15} " + "  ".join(cells))
if len(sides) > 1 or sides == ["pandas-tuned"]:
    print("(tuned): pandas with MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=-1")
if "convert" in sys.argv[2].split() and "refresh" in sys.argv[2].split():
    conv, ref = load("java-convert"), load("java-refresh")
    print(f"java refresh wall / java convert wall: {ref[0] / conv[0]:.2f} (target <= 1.00)")
if "refresh" in sys.argv[2].split():
    ref, disk = load("java-refresh"), load("java-refresh-disk")
    print(f"java refresh from loopback / the same refresh from disk (legacy path): wall {ref[0] / disk[0]:.2f},"
          f" CPU {ref[1] / disk[1]:.2f} ({disk[0]:.2f} s wall, {disk[1]:.2f} s CPU from disk)")
PY
echo "results in $RESULTS"
