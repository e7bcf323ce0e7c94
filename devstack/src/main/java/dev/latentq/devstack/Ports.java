package dev.latentq.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Chooses loopback TCP ports for the child processes. */
final class Ports {

  private Ports() {
  }

  /**
   * The port to listen on: the requested one when positive, else the one a previous run on the same data
   * directory used (so clients and the KRaft metadata keep matching) when it is still free, else a free one.
   */
  static int choose(int requested, int previous) {
    if (requested > 0) {
      return requested;
    }
    if (previous > 0 && isFree(previous)) {
      return previous;
    }
    return free();
  }

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open any loopback port: " + e.getMessage(), e);
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
