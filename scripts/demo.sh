#!/usr/bin/env bash
# The main job: builds bsee.jar, then runs a full enhanced refresh against the embedded offline
# mirror (`java -jar bsee-examples/target/bsee.jar demo`), writing .bin files under ./bsee-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
mvn -B -q package -DskipTests
exec java -jar bsee-examples/target/bsee.jar demo "$@"
