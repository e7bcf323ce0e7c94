package dev.latentq.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Loopback TCP probe. */
final class Tcp {

  private static final int CONNECT_TIMEOUT_MS = 500;

  private Tcp() {
  }

  /** Whether something listens on the loopback port (a refused or timed-out connect means no). */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
