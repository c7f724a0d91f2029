package dev.sessionkeys.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The URL-safe base64 alphabet with '=' padding, as Go's {@code base64.URLEncoding}. As in Go,
 * decoding skips CR and LF anywhere (a cookie value wrapped by a proxy or pasted from a terminal
 * still reads). It is stricter than Go's in one point: non-zero bits in the last character before
 * the padding (which Go ignores) are refused. Go never writes them, and refusing them means every
 * altered character of a cookie is rejected.
 */
final class Base64Url {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder();
  private static final byte[] DECODE = new byte[256];

  static {
    Arrays.fill(DECODE, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      DECODE[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  static int encodedLength(int n) {
    return (n + 2) / 3 * 4;
  }

  static byte[] encode(byte[] src, int off, int len) {
    return ENCODER.encode(ByteBuffer.wrap(src, off, len)).array();
  }

  /**
   * Decodes {@code src[off, off+len)} (ASCII), skipping CR and LF; returns null when the rest is
   * not canonical padded base64url.
   */
  static byte[] decode(byte[] src, int off, int len) {
    byte[] out = decodeCanonical(src, off, len);
    if (out != null) {
      return out;
    }
    // Line breaks are rare: look for them only once the fast path has failed.
    byte[] kept = new byte[len];
    int n = 0;
    for (int i = off; i < off + len; i++) {
      byte c = src[i];
      if (c != '\r' && c != '\n') {
        kept[n++] = c;
      }
    }
    return decodeCanonical(kept, 0, n);
  }

  private static byte[] decodeCanonical(byte[] src, int off, int len) {
    if ((len & 3) != 0) {
      return null;
    }
    if (len == 0) {
      return new byte[0];
    }
    int pad = 0;
    if (src[off + len - 1] == '=') {
      pad = src[off + len - 2] == '=' ? 2 : 1;
    }
    int outLen = len / 4 * 3 - pad;
    byte[] out = new byte[outLen];
    int full = (pad == 0 ? len : len - 4);
    int o = 0;
    int end = off + full;
    int i = off;
    int bad = 0;
    while (i < end) {
      int a = DECODE[src[i] & 0xff];
      int b = DECODE[src[i + 1] & 0xff];
      int c = DECODE[src[i + 2] & 0xff];
      int d = DECODE[src[i + 3] & 0xff];
      bad |= a | b | c | d;
      int v = (a << 18) | (b << 12) | (c << 6) | d;
      out[o] = (byte) (v >> 16);
      out[o + 1] = (byte) (v >> 8);
      out[o + 2] = (byte) v;
      o += 3;
      i += 4;
    }
    if (bad < 0) {
      return null;
    }
    if (pad != 0) {
      int a = DECODE[src[i] & 0xff];
      int b = DECODE[src[i + 1] & 0xff];
      if ((a | b) < 0) {
        return null;
      }
      if (pad == 2) {
        if ((b & 0x0f) != 0) {
          return null;
        }
        out[o] = (byte) ((a << 2) | (b >> 4));
      } else {
        int c = DECODE[src[i + 2] & 0xff];
        if (c < 0 || (c & 0x03) != 0) {
          return null;
        }
        int v = (a << 18) | (b << 12) | (c << 6);
        out[o] = (byte) (v >> 16);
        out[o + 1] = (byte) (v >> 8);
      }
    }
    return out;
  }

  /** Decodes a string of ASCII characters; returns null for anything else. */
  static byte[] decode(String s) {
    // Characters outside ISO-8859-1 become '?' and those from 0x80 up stay >= 0x80: neither is in
    // the alphabet.
    byte[] ascii = s.getBytes(StandardCharsets.ISO_8859_1);
    return decode(ascii, 0, ascii.length);
  }
}
