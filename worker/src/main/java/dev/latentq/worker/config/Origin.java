package dev.latentq.worker.config;

/**
 * Where a configuration value came from, so that error messages point at the place to fix.
 *
 * @param kind file, environment variable or built-in default
 * @param name the file name or the variable name; empty for defaults
 */
record Origin(Kind kind, String name) {
  enum Kind { FILE, ENVIRONMENT, DEFAULT }

  static final Origin DEFAULT = new Origin(Kind.DEFAULT, "");

  static Origin file(String fileName) {
    return new Origin(Kind.FILE, fileName);
  }

  static Origin environment(String variable) {
    return new Origin(Kind.ENVIRONMENT, variable);
  }

  boolean isEnvironment() {
    return kind == Kind.ENVIRONMENT;
  }
}
