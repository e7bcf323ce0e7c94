package dev.latentq.engine.scheduler;

/**
 * One {@code __init__} argument of a diffusers scheduler class with its default, used to rebuild
 * {@code from_config} semantics.
 *
 * @param name the config key
 * @param type how the JSON value is read
 * @param defaultValue the class default ({@code null} for Python {@code None})
 */
record InitParameter(String name, Type type, Object defaultValue) {

  /** JSON shapes a scheduler argument can take. */
  enum Type { INT, FLOAT, BOOL, STRING, FLOAT_LIST }

  static InitParameter integer(String name, int defaultValue) {
    return new InitParameter(name, Type.INT, defaultValue);
  }

  static InitParameter number(String name, Double defaultValue) {
    return new InitParameter(name, Type.FLOAT, defaultValue);
  }

  static InitParameter flag(String name, boolean defaultValue) {
    return new InitParameter(name, Type.BOOL, defaultValue);
  }

  static InitParameter text(String name, String defaultValue) {
    return new InitParameter(name, Type.STRING, defaultValue);
  }

  static InitParameter numbers(String name) {
    return new InitParameter(name, Type.FLOAT_LIST, null);
  }
}
