package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;

/**
 * The framing and primitives of a gob stream that both readers share: messages (a length, then that
 * many bytes), gob's unsigned and zig-zag integers, byte strings, and the type sequence (type
 * definitions until a value's type id). What a type definition may hold is the reader's: {@link
 * GoGob} reads the session subset, {@link GobReader} every wire type.
 */
abstract class GobStream {

  final byte[] in;
  private int inPos;

  /** The current message is in[pos, end). */
  int pos;

  int end;

  GobStream(byte[] in) {
    this.in = in;
  }

  static CookieException fail(String what) {
    return new CookieException(Reason.CANNOT_DESERIALIZE, "gob: " + what);
  }

  /** Reads the type definition for {@code id}, its negated id already read. */
  abstract void defineType(int id);

  /** gob's decodeTypeSequence: reads type definitions until a value's type id. */
  final int typeSequence(boolean isInterface) {
    while (true) {
      if (pos == end) {
        nextMessage();
      }
      long id = integer();
      if (id >= 0) {
        if (id > Integer.MAX_VALUE) {
          throw fail("type id out of range");
        }
        return (int) id;
      }
      if (id == Long.MIN_VALUE || -id > Integer.MAX_VALUE) {
        throw fail("type id out of range");
      }
      defineType((int) -id);
      if (pos < end) {
        if (!isInterface) {
          throw fail("extra data in buffer");
        }
        uint(); // the count of a delimited value framed inside the message, as Go skips it
      }
    }
  }

  private void nextMessage() {
    if (inPos >= in.length) {
      throw fail("unexpected end of data");
    }
    pos = inPos;
    end = in.length;
    long n = uint();
    if (n <= 0 || n > in.length - pos) {
      throw fail(
          "message length "
              + Long.toUnsignedString(n)
              + " exceeds the remaining "
              + (in.length - pos)
              + " bytes");
    }
    end = pos + (int) n;
    inPos = end;
  }

  final byte[] bytes() {
    long n = uint();
    if (n < 0 || n > end - pos) {
      throw fail(
          "length "
              + Long.toUnsignedString(n)
              + " exceeds the remaining "
              + (end - pos)
              + " bytes");
    }
    byte[] b = new byte[(int) n];
    System.arraycopy(in, pos, b, 0, (int) n);
    pos += (int) n;
    return b;
  }

  final long uint() {
    if (pos >= end) {
      throw fail("unexpected end of message");
    }
    int b = in[pos++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = 256 - b;
    if (n > 8) {
      throw fail("encoded unsigned integer out of range");
    }
    if (n > end - pos) {
      throw fail("invalid uint data length " + n);
    }
    long x = 0;
    for (int i = 0; i < n; i++) {
      x = (x << 8) | (in[pos++] & 0xff);
    }
    return x;
  }

  final long integer() {
    long u = uint();
    return (u & 1) != 0 ? ~(u >>> 1) : (u >>> 1);
  }

  /** A Go type name from the wire, safe to print: printable ASCII, at most 100 characters. */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), 100));
    for (int i = 0; i < name.length() && i < 100; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
