# Sourced by LatentQ's scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if new enough, then the `java` on PATH, then the newest JDK under /usr/lib/jvm.

latentq_java_major() {
  # The JDK's release file answers without starting a JVM (each start costs a tenth of a second or more, paid on
  # every bin/latentq call); ask the JVM only when the file is missing.
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*"$/\1/p' "$1/release" 2>/dev/null | head -1)
  if [ -n "$version" ]; then
    awk -v s="$version" 'BEGIN {split(s, v, "."); print (v[1] == "1" ? v[2] : v[1])}'
    return
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1])}'
}

latentq_select_jdk() {
  local candidates=() best="" best_major=0 home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(latentq_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ]; then
      # The first acceptable candidate wins when the user chose it; otherwise prefer the newest.
      if [ "$home" = "${JAVA_HOME:-}" ]; then best="$home"; break; fi
      if [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
    fi
  done
  if [ -z "$best" ]; then
    echo "LatentQ needs a JDK 21 or newer: none found in JAVA_HOME, on PATH or under /usr/lib/jvm. Install one (e.g. Temurin 21) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

latentq_select_jdk
