# Sourced by bin/latentq (and bin/bench-startup): JVM flags that shorten a fresh process's start.
# Both helpers only ever add flags to the jvm_flags array; any failure leaves the JVM's defaults, never an error.

# ONNX Runtime's Java binding unpacks its native libraries (~28 MB) into a new temporary folder on every start;
# unpacking them once per jar build and pointing onnxruntime.native.path at them skips that.
#   latentq_native_flags JAR DIR
latentq_native_flags() {
  local jar="$1" dir="$2" os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=osx ;; *) return 0 ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=aarch64 ;; *) return 0 ;; esac
  local libs="$dir/ai/onnxruntime/native/$os-$arch"
  if [ ! -f "$dir/.complete" ] || [ "$jar" -nt "$dir/.complete" ]; then
    local tmp="$dir.tmp.$$"
    rm -rf "$tmp" && mkdir -p "$tmp" || return 0
    if (cd "$tmp" && "$JAVA_HOME/bin/jar" xf "$jar" "ai/onnxruntime/native/$os-$arch/") 2>/dev/null \
        && [ -n "$(ls -A "$tmp/ai/onnxruntime/native/$os-$arch" 2>/dev/null)" ]; then
      touch "$tmp/.complete" && rm -rf "$dir" && mv "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    else
      rm -rf "$tmp"
      return 0
    fi
  fi
  [ -d "$libs" ] && jvm_flags+=("-Donnxruntime.native.path=$libs")
  return 0
}

# JDK 25's ahead-of-time cache (JEP 483 classes loaded and linked, JEP 515 method profiles): trained once per jar
# build by running the given command with -XX:AOTCacheOutput (JEP 514), then used with -XX:AOTCache. A cache the
# JVM cannot use (another JDK build, a changed jar) only costs a warning, which -Xlog silences, and the JVM runs
# without it; a failed training is remembered so that it is not retried until the next build.
#   latentq_aot_flags JAR CACHE TRAINING-ARGS...
latentq_aot_flags() {
  local jar="$1" cache="$2"
  shift 2
  if [ ! -f "$cache" ] || [ "$jar" -nt "$cache" ]; then
    if [ -f "$cache.failed" ] && [ "$cache.failed" -nt "$jar" ]; then
      return 0
    fi
    local tmp="$cache.tmp.$$"
    echo "Training the JVM's ahead-of-time cache for faster starts (once per build, a few seconds)..." >&2
    if "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$tmp" -Xlog:aot=error -Xlog:cds=error \
        -jar "$jar" "$@" >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$cache"
      rm -f "$cache.failed"
    else
      rm -f "$tmp" "$tmp.config"
      touch "$cache.failed"
      echo "The ahead-of-time cache could not be trained; running without it." >&2
      return 0
    fi
  fi
  jvm_flags+=("-XX:AOTCache=$cache" -Xlog:aot=error -Xlog:cds=error)
  return 0
}
