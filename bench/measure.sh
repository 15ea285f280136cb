# Sourced by the bench scripts: "wall_seconds max_rss_kb cpu_seconds" from a /usr/bin/time -v report.
measure() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    /User time|System time/ { cpu += $2 }
    END { printf "%.2f %d %.2f\n", wall, rss, cpu }' "$1"
}
# The minor page faults of a /usr/bin/time -v report (pandas' CPU time depends mostly on them).
minor_faults() {
  awk -F': ' '/Minor \(reclaiming a frame\) page faults/ { print $2 }' "$1"
}
# The user seconds of a /usr/bin/time -v report (the part of the CPU time a shared machine blurs least).
user_seconds() {
  awk -F': ' '/User time/ { print $2 }' "$1"
}
# timed NAME RUN COMMAND...: runs COMMAND under /usr/bin/time -v, its output and report in
# $TIMED_DIR/NAME-RUN.log and .time; appends "wall_seconds max_rss_kb cpu_seconds" to
# $TIMED_DIR/NAME.txt and prints a line; a failing command ends the script with its last lines.
timed() {
  local name=$1 run=$2
  shift 2
  /usr/bin/time -v -o "$TIMED_DIR/$name-$run.time" "$@" > "$TIMED_DIR/$name-$run.log" 2>&1 \
    || { echo "$name run $run failed:"; tail -20 "$TIMED_DIR/$name-$run.log"; exit 1; }
  measure "$TIMED_DIR/$name-$run.time" | tee -a "$TIMED_DIR/$name.txt" \
    | awk -v n="$name" -v r="$run" -v f="$(minor_faults "$TIMED_DIR/$name-$run.time")" \
      '{ printf "%-22s run %d: %5.2f s wall, %5.2f s CPU, %4d MiB, %7d minor faults\n", n, r, $1, $3, $2 / 1024, f }'
}
# timed_median NAME: "wall_seconds max_rss_kb cpu_seconds", each the median of NAME's runs in
# $TIMED_DIR/NAME.txt (written by timed).
timed_median() {
  python3 - "$TIMED_DIR/$1.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
print(" ".join(f"{statistics.median(float(r[k]) for r in rows):g}" for k in range(3)))
PY
}
# pandas_bench_preflight: /usr/bin/time installed when missing, $ZIP and the pandas 2.2 peer in
# $CHROOT checked, $JAR built when missing (the scripts that run both sides).
pandas_bench_preflight() {
  if [ ! -x /usr/bin/time ]; then
    apt-get install -y -q time >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
  fi
  [ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
  [ -x "$CHROOT/usr/bin/python3" ] || { echo "missing the pandas 2.2 peer in $CHROOT (scripts/provision-peers.sh)" >&2; exit 1; }
  if [ ! -f "$JAR" ]; then
    (source scripts/jdk.sh && mvn -B -q package -DskipTests -pl bsee-examples -am)
  fi
}
