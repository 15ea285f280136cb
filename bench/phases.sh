#!/usr/bin/env bash
# When each phase of a convert and of a refresh begins, as users run them (bin/bsee, no flags): the
# production archive converted from disk, refreshed from disk (the legacy path) and refreshed from a
# loopback server (streamed: in_memory and parallel, as in ratios.sh). The times come from the
# system calls each run makes, recorded by strace (only the few calls below are stopped, so the runs
# keep their speed), and are seconds since the JVM started:
#
#   work      the configuration read (a refresh), or the archive opened (a convert)
#   lock      the folder's lock taken
#   connect   the connection to the server (the loopback refresh)
#   first     the first .bin file created
#   commit    the last file moved into place
#   exit      the process gone
#
# For explaining where a refresh spends the wall time a convert does not, not for a ratio: ratios.sh
# gives those.
#
#   bash bench/phases.sh            # 5 runs of each, medians
#   RUNS=9 bash bench/phases.sh
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
command -v strace > /dev/null || apt-get install -y -q strace > /dev/null
source bench/loopback.sh
bench_tool_setup
# Its own copy of the jar, so that its ahead-of-time caches are made by the runs below.
loopback_workspace phases
loopback_refresh_config "$URL" "$WORK/loopback" > "$WORK/loopback.yml"
disk_refresh_config "$ZIP" "$WORK/disk" > "$WORK/disk.yml"

run() { # kind trace-file-or-empty
  local trace=()
  [ -n "$2" ] && trace=(strace -f --seccomp-bpf -ttt -e trace=execve,connect,openat,rename -o "$2")
  rm -rf "$WORK/out" "$WORK/disk" "$WORK/loopback"
  case $1 in
    convert) "${trace[@]}" bin/bsee convert "$ZIP" --out "$WORK/out" --progress none > /dev/null 2>&1 ;;
    disk) "${trace[@]}" bin/bsee refresh --config "$WORK/disk.yml" --progress none > /dev/null 2>&1 ;;
    loopback) "${trace[@]}" bin/bsee refresh --config "$WORK/loopback.yml" --progress none > /dev/null 2>&1 ;;
  esac
}
# The launcher makes the convert's and the refresh's caches on their first runs (untimed).
run convert ""
run loopback ""
for i in $(seq 1 "$RUNS"); do
  for kind in convert disk loopback; do
    run "$kind" "$WORK/$kind-$i.trace"
  done
done
echo "$RUNS run(s) of each; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" "$RUNS" <<'PY'
import re, statistics, sys

work, runs = sys.argv[1], int(sys.argv[2])
PHASES = ["work", "lock", "connect", "first", "commit", "exit"]

def phases(path):
    start, marks = None, {}
    for line in open(path):
        m = re.match(r"(\d+)\s+(\d+\.\d+) (.*)", line)
        if not m:
            continue
        t, call = float(m[2]), m[3]
        if start is None:
            if call.startswith("execve(") and "/bin/java" in call and "resumed" not in call:
                start = t
            continue
        at = t - start
        opened = call.startswith("openat(") and "ENOENT" not in call
        if opened and (".yml\"" in call or ".zip\"" in call):
            marks.setdefault("work", at)
        if opened and "/.lock\"" in call:
            marks.setdefault("lock", at)
        if call.startswith("connect(") and "AF_INET" in call:
            marks.setdefault("connect", at)
        if opened and ".bin\"" in call and "O_CREAT" in call:
            marks.setdefault("first", at)
        if call.startswith("rename(") and ".bin\"" in call:
            marks["commit"] = at
        if "+++ exited with" in call:
            marks["exit"] = at
    return marks

print("seconds since the JVM started (medians)".ljust(26) + "".join(p.rjust(9) for p in PHASES))
for kind in ["convert", "disk", "loopback"]:
    rows = [phases(f"{work}/{kind}-{i}.trace") for i in range(1, runs + 1)]
    cells = []
    for p in PHASES:
        values = [r[p] for r in rows if p in r]
        cells.append(f"{statistics.median(values):9.2f}" if values else " " * 8 + "-")
    label = {"convert": "convert", "disk": "refresh from disk", "loopback": "refresh from loopback"}[kind]
    print(label.ljust(26) + "".join(cells))
PY
