#!/usr/bin/env bash
# Runs the whole test suite, interop tests against both pandas peers included.
# Needs root the first time (apt-get and debootstrap provision the peers; later runs reuse them).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
bash scripts/provision-peers.sh
exec mvn -B verify -Dbsee.peers.required=true "$@"
