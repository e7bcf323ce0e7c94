package dev.latentq.loadtest.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or {@code dev} when run from classes. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = LoadMain.class.getPackage().getImplementationVersion();
    return new String[] {"latentq-load " + (version == null ? "dev" : version)};
  }
}
