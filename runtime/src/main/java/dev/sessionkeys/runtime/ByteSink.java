package dev.sessionkeys.runtime;

import java.util.Arrays;

/** A growable byte array without the synchronization of ByteArrayOutputStream. */
final class ByteSink {
  byte[] buf;
  int len;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  void write(int b) {
    if (len == buf.length) {
      ensure(1);
    }
    buf[len++] = (byte) b;
  }

  void write(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  void write(byte[] b) {
    write(b, 0, b.length);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }
}
