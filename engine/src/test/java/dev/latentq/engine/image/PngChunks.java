package dev.latentq.engine.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/** Splits PNG bytes into chunks for tests, checking the signature and every CRC. */
final class PngChunks {

  record Chunk(String type, byte[] data) {
  }

  private PngChunks() {
  }

  static List<Chunk> parse(byte[] png) {
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (!Arrays.equals(Arrays.copyOf(png, 8), signature)) {
      throw new AssertionError("missing PNG signature");
    }
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    List<Chunk> chunks = new ArrayList<>();
    while (in.hasRemaining()) {
      int length = in.getInt();
      int start = in.position();
      byte[] typeBytes = new byte[4];
      in.get(typeBytes);
      byte[] data = new byte[length];
      in.get(data);
      CRC32 crc = new CRC32();
      crc.update(png, start, 4 + length);
      int stored = in.getInt();
      String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
      if (stored != (int) crc.getValue()) {
        throw new AssertionError("bad CRC in chunk " + type);
      }
      chunks.add(new Chunk(type, data));
    }
    return chunks;
  }

  static List<String> types(byte[] png) {
    return parse(png).stream().map(Chunk::type).toList();
  }
}
