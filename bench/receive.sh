#!/usr/bin/env bash
# What receiving the production archive from a loopback server costs a fresh JVM with each of the
# JDK's HTTP clients, nothing else done with the bytes: java.net.http (the tool's downloads, HTTP/1.1,
# TLS untouched) and HttpURLConnection, each with an ahead-of-time cache of its own run and the
# tool's memory settings and HTTP buffer size, alternating. Prints the medians and the ratios.
#
#   bash bench/receive.sh
#   RUNS=9 ZIP=other.zip bash bench/receive.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-6}
ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
[ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
source scripts/jdk.sh
source bench/loopback.sh
source bench/measure.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-receive.XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
loopback_start "$WORK/site" "$ZIP" "$WORK/server.log"
"$JAVA_HOME/bin/javac" -d "$WORK/classes" bench/HttpReceive.java
# An ahead-of-time cache takes a class path of jars only.
"$JAVA_HOME/bin/jar" cf "$WORK/receive.jar" -C "$WORK/classes" .
CLIENTS=(java.net.http HttpURLConnection)
opts=(-Xmx200m -XX:+UseSerialGC -Djdk.httpclient.bufsize=262144 -cp "$WORK/receive.jar")
for client in "${CLIENTS[@]}"; do
  "$JAVA_HOME/bin/java" "${opts[@]}" -XX:AOTCacheOutput="$WORK/$client.aot" HttpReceive "$client" "$URL" > /dev/null 2>&1
done
for run in $(seq 1 "$RUNS"); do
  for client in "${CLIENTS[@]}"; do
    /usr/bin/time -v -o "$WORK/$client-$run.time" "$JAVA_HOME/bin/java" "${opts[@]}" -XX:AOTCache="$WORK/$client.aot" \
      HttpReceive "$client" "$URL" > "$WORK/$client-$run.out"
    [ "$(cat "$WORK/$client-$run.out")" = "$(stat -c %s "$ZIP")" ] || { echo "$client received $(cat "$WORK/$client-$run.out") bytes" >&2; exit 1; }
  done
done
echo "$(stat -c %s "$ZIP") bytes from a loopback server, $RUNS runs of each, alternating; $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
for client in "${CLIENTS[@]}"; do
  for f in "$WORK/$client"-*.time; do echo "$client $(measure "$f")"; done
done | python3 -c '
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in sys.stdin:
    client, wall, rss, cpu = line.split()
    runs[client].append((float(wall), float(cpu), int(rss) / 1024))
med = {c: [statistics.median(r[i] for r in rows) for i in range(3)] for c, rows in runs.items()}
for client, (wall, cpu, rss) in med.items():
    print(f"{client:18} {wall:5.2f} s wall  {cpu:5.2f} s CPU  {rss:4.0f} MiB  (medians)")
a, b = med["java.net.http"], med["HttpURLConnection"]
print(f"java.net.http - HttpURLConnection: {a[0] - b[0]:+.2f} s wall, {a[1] - b[1]:+.2f} s CPU")'
