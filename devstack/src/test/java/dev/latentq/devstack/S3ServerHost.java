package dev.latentq.devstack;

import java.nio.file.Path;

/** Test helper JVM: starts an S3 server on the given directory, prints its pid and port, then waits to die. */
public final class S3ServerHost {

  private S3ServerHost() {
  }

  public static void main(String[] args) throws InterruptedException {
    S3Server server = new S3Server(S3ServerConfig.builder(Path.of(args[0])).build()).start();
    System.out.println("READY " + server.pid().orElseThrow() + " " + server.port());
    System.out.flush();
    Thread.sleep(120_000);
  }
}
