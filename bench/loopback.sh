# Sourced by the bench scripts: the production archive and the built tool, the loopback HTTP server a
# refresh downloads the archive from, the configurations of the two refreshes they time (streamed
# from it, and from disk), and a private copy of the jar.

# bench_tool_setup: ZIP (the production archive unless ZIP names another), checked; the JDK of
# scripts/jdk.sh; no BSEE_JAVA_OPTS, so bin/bsee runs as users run it; bsee.jar built when missing.
bench_tool_setup() {
  ZIP=$(realpath "${ZIP:-../shared/fixtures/bsee-zip/ProductionRawData-2008-2024.zip}")
  [ -f "$ZIP" ] || { echo "missing $ZIP" >&2; exit 1; }
  source scripts/jdk.sh
  unset BSEE_JAVA_OPTS
  [ -f bsee-examples/target/bsee.jar ] || mvn -B -q package -DskipTests -pl bsee-examples -am
}

# bench_command convert|refresh JAVA_OPTIONS: one `bin/bsee convert` of $ZIP into $WORK/out, or one
# `bin/bsee refresh` with $WORK/refresh.yml (written by loopback_refresh_config for $WORK/refresh),
# each into a folder it empties first, with BSEE_JAVA_OPTS set to JAVA_OPTIONS; the output is dropped.
bench_command() {
  rm -rf "$WORK/out" "$WORK/refresh"
  case $1 in
    convert) BSEE_JAVA_OPTS="$2" bin/bsee convert "$ZIP" --out "$WORK/out" --progress none > /dev/null ;;
    refresh) BSEE_JAVA_OPTS="$2" bin/bsee refresh --config "$WORK/refresh.yml" --progress none > /dev/null ;;
  esac
}

# bench_rounds OPTIONS UNTIMED EXTENSION: the convert and the refresh once each, untimed, with the JVM
# options `OPTIONS UNTIMED` prints (the launcher makes each command's ahead-of-time cache on its first
# run, under those options), then RUNS rounds of both with the options `OPTIONS FILE` prints, FILE
# being $WORK/<command>-<round>.EXTENSION.
bench_rounds() {
  local command round
  for command in convert refresh; do
    bench_command "$command" "$("$1" "$2")"
  done
  for round in $(seq 1 "$RUNS"); do
    for command in convert refresh; do
      bench_command "$command" "$("$1" "$WORK/$command-$round.$3")"
    done
  done
}

# loopback_start SITE ZIP LOG: serves ZIP as SITE/Production/Files/ProductionRawData.zip with
# `python3 -m http.server` on a free port; sets SERVER (its pid, for the caller's trap) and URL,
# and returns once the archive is served.
loopback_start() {
  mkdir -p "$1/Production/Files"
  ln "$2" "$1/Production/Files/ProductionRawData.zip" 2>/dev/null || cp "$2" "$1/Production/Files/ProductionRawData.zip"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" > "$3" 2>&1 &
  SERVER=$!
  URL="http://127.0.0.1:$port/Production/Files/ProductionRawData.zip"
  for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('$URL', timeout=1).close()" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the loopback server did not start: $(cat "$3")" >&2
  return 1
}

# loopback_refresh_config URL BASE_DIR: the streamed refresh's configuration, on standard output.
loopback_refresh_config() {
  printf 'data:\n  enhanced_refresh: true\n  production: true\nsources:\n  production:\n    url: %s\nprocessing:\n  in_memory: true\n  parallel: true\noutput:\n  base_dir: %s\n' \
    "$1" "$2"
}

# disk_refresh_config ZIP BASE_DIR: the same refresh with the archive on disk (the legacy path,
# parallel), on standard output.
disk_refresh_config() {
  printf 'data:\n  refresh: true\n  production: true\nparameters:\n  filepath:\n    production:\n      zip: %s\nprocessing:\n  parallel: true\noutput:\n  base_dir: %s\n' \
    "$1" "$2"
}

# private_jar WORK: copies the built jar to WORK/jar and points bin/bsee at it (BSEE_JAR), so that
# the ahead-of-time caches the launcher makes for it sit beside it alone.
private_jar() {
  mkdir -p "$1/jar"
  cp bsee-examples/target/bsee.jar "$1/jar/bsee.jar"
  export BSEE_JAR="$1/jar/bsee.jar"
}

# loopback_workspace NAME: a temporary folder WORK holding a private copy of the jar (private_jar) and
# the site the loopback server serves ZIP from (loopback_start: SERVER, URL); on exit the server is
# stopped and the folder removed.
loopback_workspace() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/bsee-$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  private_jar "$WORK"
  loopback_start "$WORK/site" "$ZIP" "$WORK/server.log"
  trap 'kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
}
