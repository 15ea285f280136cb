#!/usr/bin/env bash
# Runs the whole test suite, interop tests against both pandas peers included.
# Needs root the first time (apt-get and debootstrap provision the peers; later runs reuse them).
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
cd "$(dirname "$0")/.."
source scripts/jdk.sh
bash scripts/provision-peers.sh
exec mvn -B verify -Dbsee.peers.required=true "$@"
