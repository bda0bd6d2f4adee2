package io.robustness.core.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Verifies the chunk CRCs of a PNG file, which the JDK's PNG reader does not: without this, a
 * corrupted chunk can decode into wrong pixels silently. Files that do not start with the PNG
 * signature pass through untouched.
 */
final class PngIntegrity {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PngIntegrity() {}

  static void check(String source, byte[] bytes) throws ImageDecodeException {
    if (!isPng(bytes)) {
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    buf.position(SIGNATURE.length);
    while (buf.remaining() >= 12) {
      int length = buf.getInt();
      int start = buf.position();
      if (length < 0 || length > buf.remaining() - 8) {
        throw corrupt(
            source, "chunk at byte " + (start - 4) + " runs past the end of the file (truncated)");
      }
      String type = new String(bytes, start, 4, StandardCharsets.ISO_8859_1);
      CRC32 crc = new CRC32();
      crc.update(bytes, start, 4 + length);
      buf.position(start + 4 + length);
      int stored = buf.getInt();
      if ((int) crc.getValue() != stored) {
        throw corrupt(
            source, String.format(Locale.ROOT, "bad CRC in %s chunk at byte %d", type, start - 4));
      }
      if (type.equals("IEND")) {
        return;
      }
    }
    throw corrupt(source, "no IEND chunk (truncated)");
  }

  static boolean isPng(byte[] bytes) {
    if (bytes.length < SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (bytes[i] != SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  private static ImageDecodeException corrupt(String source, String detail) {
    return new ImageDecodeException(source, FailureReason.CORRUPT, "PNG " + detail);
  }
}
