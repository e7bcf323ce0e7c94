package dev.latentq.worker.cli;

import picocli.CommandLine.IVersionProvider;

/** The jar's version, from its manifest ("dev" when running from classes). */
public final class Version implements IVersionProvider {
  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"LatentQ " + current()};
  }
}
