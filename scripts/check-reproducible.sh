#!/usr/bin/env bash
# Builds the committed HEAD twice, in two fresh clones in different folders, and compares the
# sha256 of every jar both builds made (module jars, -sources.jar, -javadoc.jar, tests jar, bsee.jar).
# Exit 0 when all are byte-identical; otherwise it names the jars that differ.
#
#   bash scripts/check-reproducible.sh            # uses the local Maven repository offline
#   BSEE_MVN_ARGS="" bash scripts/check-reproducible.sh   # allow downloads
set -euo pipefail
# `cd` to a relative folder found through the user's CDPATH prints it; the folder below is this tree's.
unset CDPATH
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/jdk.sh"
work=$(mktemp -d)
keep=""
trap '[ -n "$keep" ] || rm -rf "$work"' EXIT
rev=$(git -C "$here" rev-parse HEAD)
for n in 1 2; do
  git clone --quiet "$here" "$work/build-$n/bsee-java"
  git -C "$work/build-$n/bsee-java" checkout --quiet "$rev"
  # The fixtures link of a worktree is not needed to package.
  (cd "$work/build-$n/bsee-java" && mvn -B -q ${BSEE_MVN_ARGS--o} package -DskipTests >"$work/build-$n.log" 2>&1) \
    || { echo "build $n failed; its log:" >&2; tail -40 "$work/build-$n.log" >&2; exit 1; }
  (cd "$work/build-$n/bsee-java" && find . -path '*/target/*.jar' -not -name 'original-*' | sort \
    | xargs sha256sum) >"$work/sums-$n"
done
count=$(wc -l <"$work/sums-1")
if diff "$work/sums-1" "$work/sums-2" >"$work/diff"; then
  echo "reproducible: $count jars identical in two builds of ${rev:0:12}"
else
  echo "NOT reproducible: these jars differ between two builds:" >&2
  grep '^[<>]' "$work/diff" >&2
  keep=1
  echo "both builds are kept for a look in $work" >&2
  exit 1
fi
