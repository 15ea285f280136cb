#!/usr/bin/env bash
# Runs the whole test suite, interop tests against both pandas peers included.
# Needs root the first time (apt-get and debootstrap provision the peers; later runs reuse them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
bash scripts/provision-peers.sh
exec mvn -B verify -Dbsee.peers.required=true "$@"
