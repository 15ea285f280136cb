#!/usr/bin/env bash
# The main job: builds bsee.jar, then runs a full enhanced refresh against the embedded offline
# mirror (`java -jar bsee-examples/target/bsee.jar demo`), writing .bin files under ./bsee-demo of
# the directory it is run from (a relative --base-dir too resolves there).
set -euo pipefail
# A CDPATH the user's shell exports (`CDPATH=.:~`) has `cd` to a relative folder print the folder it
# found: `root` below held it twice, and the script stopped at `source`.
unset CDPATH
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/jdk.sh"
(cd "$root" && mvn -B -q package -DskipTests)
exec java -jar "$root/bsee-examples/target/bsee.jar" demo "$@"
