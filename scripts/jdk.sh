# Sourced by the other scripts: exports JAVA_HOME as a JDK 23 or newer, because the build runs javadoc
# on Markdown comments (///, read from JDK 23 on; the code itself targets --release 21) and a
# machine's default java may be older. Takes JAVA_HOME when it is one, else the
# java on PATH, else the first JDK 23+ under /usr/lib/jvm (newest name first).
bsee_jdk_ok() {
  local v
  v=$("$1/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')
  [ -n "$v" ] && [ "$v" -ge 23 ]
}
if [ -z "${JAVA_HOME:-}" ] || ! bsee_jdk_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  if command -v java >/dev/null 2>&1; then
    bsee_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    bsee_jdk_ok "$bsee_home" && JAVA_HOME=$bsee_home
  fi
  if [ -z "$JAVA_HOME" ]; then
    for bsee_home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
      bsee_home=${bsee_home%/}
      if bsee_jdk_ok "$bsee_home"; then JAVA_HOME=$bsee_home; break; fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "bsee: no JDK 23 or newer found to build with (javadoc of Markdown comments); install one or set JAVA_HOME" >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8's own Guava calls sun.misc.Unsafe, which JDK 24 and newer warn of in four lines on every
# build; the calls are Maven's, not the project's, and JDK 23+ (required above) takes the option.
case " ${MAVEN_OPTS:-} " in
  *" --sun-misc-unsafe-memory-access="*) ;;
  *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
esac
