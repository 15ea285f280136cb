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
