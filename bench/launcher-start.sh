#!/usr/bin/env bash
# What bin/bsee costs before the JVM starts: the launcher run against a stand-in JDK whose `java`
# exits at once (the real JDK's `release` file, so the launcher takes the same path as with it),
# alternating with another launcher script when one is given, e.g. the one of an older commit:
#
#   bash bench/launcher-start.sh                         # this tree's bin/bsee alone
#   git show HEAD~3:bin/bsee > /tmp/old-bsee && bash bench/launcher-start.sh /tmp/old-bsee
#
# It prints the median wall and CPU (user + system) of each, over RUNS runs (default 20).
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=${JAR:-bsee-examples/target/bsee.jar}
[ -f "$JDK/release" ] || { echo "no JDK release file at $JDK/release (set JAVA_HOME)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "missing $JAR (mvn -B -q package -DskipTests -pl bsee-examples -am)" >&2; exit 1; }
JAR=$(realpath "$JAR")
if [ ! -x /usr/bin/time ]; then apt-get install -y -q time >/dev/null; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-launcher.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/jdk/bin"
cp "$JDK/release" "$WORK/jdk/release"
printf '#!/bin/sh\nexit 0\n' > "$WORK/jdk/bin/java"
chmod +x "$WORK/jdk/bin/java"
scripts=("$PWD/bin/bsee" "$@")
echo "$RUNS runs of each, alternating; $(nproc) processors; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$RUNS"); do
  for script in "${scripts[@]}"; do
    JAVA_HOME="$WORK/jdk" BSEE_JAR="$JAR" /usr/bin/time -f "$script %e %U %S" -a -o "$WORK/times" \
      bash "$script" convert in.zip --out out > /dev/null
  done
done
python3 - "$WORK/times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    script, wall, user, system = line.split()
    runs[script].append((float(wall), float(user) + float(system)))
for script, values in runs.items():
    print(f"{script}: wall {statistics.median(v[0] for v in values):.3f} s, "
          f"CPU {statistics.median(v[1] for v in values):.3f} s (medians of {len(values)})")
PY
