#!/usr/bin/env bash
# When a convert and a streamed refresh of the production archive reach each step of their start,
# as users run them (bin/bsee, no flags besides the log below), from the JVM's own log of class
# initialisation (-Xlog:class+init with uptime stamps: cheaper than strace, and it names the step).
# Each step is the first initialisation of the class that begins it, in seconds since the JVM
# started:
#
#   main      the jar's entry point runs (JVM start-up and the ahead-of-time cache mapped)
#   command   picocli has built and parsed the command (ConvertCommand / RefreshCommand)
#   config    the refresh's configuration is read (YamlConfigReader)
#   client    the HTTP client is made (jdk.internal.net.http.HttpClientImpl)
#   archive   the archive's walk begins: the file opened, or the response's first bytes in
#             (FileWalk / StreamWalk)
#   parse     the first entry is parsed (TextTokenizer)
#   write     the first .bin file is written (DataFrameEncoder)
#
# For explaining where the refresh's start goes, not for a ratio: ratios.sh gives those.
#
#   bash bench/startup.sh            # 5 runs of each, medians
#   RUNS=9 bash bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
source bench/loopback.sh
bench_tool_setup
# Its own copy of the jar, so that its ahead-of-time caches are made by the runs below.
loopback_workspace startup
loopback_refresh_config "$URL" "$WORK/refresh" > "$WORK/refresh.yml"

log_options() { # log-file-or-empty
  echo "${1:+-Xlog:class+init=info:file=$1:uptime}"
}
bench_rounds log_options "" log
echo "$RUNS run(s) of each; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK" "$RUNS" <<'PY'
import re, statistics, sys

work, runs = sys.argv[1], int(sys.argv[2])
STEPS = [
    ("main", r"dev/bsee/examples/cli/BseeLauncher'"),
    ("command", r"dev/bsee/examples/cli/(Convert|Refresh)Command'"),
    ("config", r"dev/bsee/bridge/internal/YamlConfigReader'"),
    ("client", r"jdk/internal/net/http/HttpClientImpl'"),
    ("archive", r"dev/bsee/scraper/(FileWalk|StreamWalk)'"),
    ("parse", r"dev/bsee/scraper/internal/text/TextTokenizer'"),
    ("write", r"dev/bsee/binary/DataFrameEncoder'"),
]

def steps(path):
    marks = {}
    for line in open(path):
        m = re.match(r"\[(\d+\.\d+)s\]", line)
        if m and "Initializing" in line:
            for name, pattern in STEPS:
                if name not in marks and re.search(pattern, line):
                    marks[name] = float(m[1])
    return marks

print("seconds since the JVM started (medians)".ljust(26) + "".join(name.rjust(9) for name, _ in STEPS))
for kind in ["convert", "refresh"]:
    rows = [steps(f"{work}/{kind}-{i}.log") for i in range(1, runs + 1)]
    cells = []
    for name, _ in STEPS:
        values = [r[name] for r in rows if name in r]
        cells.append(f"{statistics.median(values):9.3f}" if values else " " * 8 + "-")
    print({"convert": "convert", "refresh": "refresh from loopback"}[kind].ljust(26) + "".join(cells))
PY
