package dev.latentq.worker.config;

import java.nio.file.Path;

/**
 * A configuration value as written, before parsing.
 *
 * @param text the value's text (numbers and booleans from the file as written)
 * @param origin where it was set
 * @param baseDir what relative paths in it resolve against: the config file's directory, or the working
 *     directory for environment variables
 */
record RawValue(String text, Origin origin, Path baseDir) {}
