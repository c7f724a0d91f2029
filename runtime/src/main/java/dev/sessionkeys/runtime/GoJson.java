package dev.sessionkeys.runtime;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as Go's {@code encoding/json} writes and reads it, for gorilla's {@code JSONEncoder}.
 *
 * <p>Writing matches {@code json.NewEncoder(w).Encode(v)} byte for byte: object keys sorted, {@code
 * < > &} and U+2028/U+2029 escaped as {@code \u003c}-style escapes, invalid text as {@code \ufffd},
 * floats in Go's shortest form, a trailing newline. Java types: {@code null}, {@link Boolean},
 * {@link String}, {@link Number} (integers, {@link BigInteger}, {@link BigDecimal}, finite {@link
 * Double}/{@link Float}), {@link Map} with string keys, {@link Collection} or {@code Object[]}
 * (arrays), and {@code byte[]} (a standard-base64 string, as Go's {@code []byte}).
 *
 * <p>Reading returns {@code null}, {@link Boolean}, {@link String}, {@link Long} (integer literals
 * that fit, except {@code -0}), {@link Double} (other numbers; Go reads every number into {@code
 * float64}), {@link List} and {@link Map} (insertion ordered, later duplicate keys win as in Go).
 * Like Go's {@code Decoder.Decode} it reads one value and ignores what follows it. Nesting deeper
 * than 1000 levels is refused (Go allows 10000) to keep the stack bounded.
 */
final class GoJson {

  private static final byte[] HEX = ascii("0123456789abcdef");
  private static final int MAX_DEPTH = 1000;
  private static final byte[] U00 = ascii("u00");
  private static final byte[] U2028 = ascii("\\u2028");
  private static final byte[] U2029 = ascii("\\u2029");
  private static final byte[] UFFFD = ascii("\\ufffd");

  /** 0: write as is; 1: escape (\\u00XX or a short escape). For bytes below 0x80. */
  private static final boolean[] ESCAPE = new boolean[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = true;
    }
    for (char c : "\"\\<>&".toCharArray()) {
      ESCAPE[c] = true;
    }
  }

  private GoJson() {}

  /** Writes {@code value} as Go's {@code json.Encoder} would, trailing newline included. */
  static byte[] write(Object value) {
    ByteSink out = new ByteSink(256);
    writeValue(out, value, 0);
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * Reads one JSON value; throws {@link CookieException} with {@code CANNOT_DESERIALIZE} on bad
   * input.
   */
  static Object read(byte[] json) {
    Reader r = new Reader(json);
    r.skipSpace();
    if (r.pos >= json.length) {
      throw r.fail("no JSON value (empty input)");
    }
    return r.value(0);
  }

  private static void writeValue(ByteSink out, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw unsupported("nesting deeper than " + MAX_DEPTH);
    }
    if (v instanceof String s) {
      writeString(out, s);
    } else if (v == null
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger
        || v instanceof BigDecimal) {
      writeAscii(out, String.valueOf(v));
    } else if (v instanceof Double || v instanceof Float) {
      writeAscii(out, formatFloat(((Number) v).doubleValue(), v instanceof Float));
    } else if (v instanceof Map<?, ?> m) {
      writeObject(out, m, depth);
    } else if (v instanceof byte[] bytes) {
      out.write('"');
      out.write(Base64.getEncoder().encode(bytes));
      out.write('"');
    } else if (v instanceof Collection<?> c) {
      out.write('[');
      boolean first = true;
      for (Object e : c) {
        if (!first) {
          out.write(',');
        }
        first = false;
        writeValue(out, e, depth + 1);
      }
      out.write(']');
    } else if (v instanceof Object[] arr) {
      writeValue(out, Arrays.asList(arr), depth);
    } else {
      throw unsupported("JSON cannot hold a " + v.getClass().getName());
    }
  }

  private static void writeObject(ByteSink out, Map<?, ?> m, int depth) {
    List<Map.Entry<String, ?>> entries = new ArrayList<>(m.size());
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw unsupported(
            "JSON object keys must be strings, got "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
      }
      entries.add(new AbstractMap.SimpleImmutableEntry<>(k, e.getValue()));
    }
    // Go sorts keys by their UTF-8 bytes, which is code point order (String.compareTo is UTF-16
    // order).
    entries.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
    out.write('{');
    for (int j = 0; j < entries.size(); j++) {
      if (j > 0) {
        out.write(',');
      }
      writeString(out, entries.get(j).getKey());
      out.write(':');
      writeValue(out, entries.get(j).getValue(), depth + 1);
    }
    out.write('}');
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void writeAscii(ByteSink out, String s) {
    out.write(ascii(s));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeString(ByteSink out, String s) {
    int n = s.length();
    out.write('"');
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (!ESCAPE[c]) {
          out.write(c);
          continue;
        }
        out.write('\\');
        switch (c) {
          case '"', '\\' -> out.write(c);
          case '\n' -> out.write('n');
          case '\r' -> out.write('r');
          case '\t' -> out.write('t');
          default -> {
            out.write(U00);
            out.write(HEX[c >> 4]);
            out.write(HEX[c & 0xf]);
          }
        }
      } else if (c == '\u2028' || c == '\u2029') {
        out.write(c == '\u2028' ? U2028 : U2029);
      } else if (c < 0x800) {
        out.write(0xc0 | (c >> 6));
        out.write(0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out.write(0xf0 | (cp >> 18));
          out.write(0x80 | ((cp >> 12) & 0x3f));
          out.write(0x80 | ((cp >> 6) & 0x3f));
          out.write(0x80 | (cp & 0x3f));
        } else {
          // A lone surrogate is not text: Go writes invalid UTF-8 as \ufffd.
          out.write(UFFFD);
        }
      } else {
        out.write(0xe0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3f));
        out.write(0x80 | (c & 0x3f));
      }
    }
    out.write('"');
  }

  /**
   * Go's float encoder: shortest round-trip digits, 'f' form unless the magnitude is below 1e-6 or
   * from 1e21.
   */
  static String formatFloat(double d, boolean float32) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw unsupported("JSON cannot hold " + d);
    }
    if (d == 0) {
      return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
    }
    BigDecimal shortest = shortest(d, float32);
    double abs = Math.abs(d);
    // Go compares a float32 in float32 (float32(abs) < 1e-6): 1e-6f is just below 1e-6 as a double
    // yet Go writes it as 0.000001.
    boolean exponent =
        float32 ? ((float) abs < 1e-6f || (float) abs >= 1e21f) : (abs < 1e-6 || abs >= 1e21);
    if (!exponent) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale();
    String fraction = digits.length() > 1 ? "." + digits.substring(1) : "";
    // The exponent form is used only below 1e-6 or from 1e21, so the exponent is at most -7 or at
    // least +21: Go's padding to two digits never applies to a positive one, and json drops it
    // from a negative one (e-07 -> e-7).
    return (d < 0 ? "-" : "")
        + digits.charAt(0)
        + fraction
        + (exp < 0 ? "e-" : "e+")
        + Math.abs(exp);
  }

  private static BigDecimal shortest(double d, boolean float32) {
    BigDecimal exact = new BigDecimal(d);
    // Ends by 17 significant digits at the latest: they always give a double back (9 a float).
    for (int p = 1; ; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (float32 ? r.floatValue() == (float) d : r.doubleValue() == d) {
        return r.stripTrailingZeros();
      }
    }
  }

  private static CookieException unsupported(String what) {
    return new CookieException(Reason.CANNOT_SERIALIZE, what);
  }

  /** A recursive-descent reader over UTF-8 bytes. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    CookieException fail(String what) {
      return new CookieException(Reason.CANNOT_DESERIALIZE, "JSON: " + what + " at offset " + pos);
    }

    void skipSpace() {
      while (pos < b.length) {
        byte c = b[pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw fail("nesting deeper than " + MAX_DEPTH);
      }
      if (pos >= b.length) {
        throw fail("unexpected end of input");
      }
      byte c = b[pos];
      return switch (c) {
        case '{' -> container(depth, true);
        case '[' -> container(depth, false);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw fail("unexpected character 0x" + Integer.toHexString(c & 0xff));
        }
      };
    }

    private Object literal(String word, Object value) {
      int n = word.length();
      if (pos + n > b.length) {
        throw fail("unexpected end of input");
      }
      for (int i = 0; i < n; i++) {
        if (b[pos + i] != word.charAt(i)) {
          throw fail("invalid literal");
        }
      }
      pos += n;
      return value;
    }

    /** An object or an array: members separated by ',' up to the closing bracket. */
    private Object container(int depth, boolean object) {
      char close = object ? '}' : ']';
      Map<String, Object> map = new LinkedHashMap<>();
      List<Object> list = new ArrayList<>();
      pos++;
      skipSpace();
      boolean more = pos >= b.length || b[pos] != close;
      if (!more) {
        pos++;
      }
      while (more) {
        skipSpace();
        if (object) {
          if (pos >= b.length || b[pos] != '"') {
            throw fail("expected a string key");
          }
          String key = string();
          skipSpace();
          if (pos >= b.length || b[pos] != ':') {
            throw fail("expected ':'");
          }
          pos++;
          skipSpace();
          map.put(key, value(depth + 1));
        } else {
          list.add(value(depth + 1));
        }
        skipSpace();
        if (pos >= b.length) {
          throw fail("unexpected end of input");
        }
        more = b[pos] == ',';
        if (!more && b[pos] != close) {
          throw fail("expected ',' or '" + close + "'");
        }
        pos++;
      }
      return object ? map : list;
    }

    private String string() {
      pos++;
      StringBuilder sb = new StringBuilder();
      int runStart = pos;
      while (true) {
        if (pos >= b.length) {
          throw fail("unterminated string");
        }
        byte c = b[pos];
        if (c == '"') {
          appendUtf8(sb, runStart, pos);
          pos++;
          return sb.toString();
        }
        if ((c & 0xff) < 0x20) {
          throw fail("control character in string");
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        appendUtf8(sb, runStart, pos);
        pos++;
        if (pos >= b.length) {
          throw fail("unterminated string");
        }
        byte e = b[pos++];
        switch (e) {
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            int u = hex4();
            if (Character.isHighSurrogate((char) u)) {
              if (pos + 1 < b.length && b[pos] == '\\' && b[pos + 1] == 'u') {
                int save = pos;
                pos += 2;
                int low = hex4();
                if (Character.isLowSurrogate((char) low)) {
                  sb.append((char) u).append((char) low);
                } else {
                  sb.append('\ufffd');
                  pos = save;
                }
              } else {
                sb.append('\ufffd');
              }
            } else if (Character.isLowSurrogate((char) u)) {
              sb.append('\ufffd');
            } else {
              sb.append((char) u);
            }
          }
          default -> throw fail("invalid escape");
        }
        runStart = pos;
      }
    }

    private int hex4() {
      if (pos + 4 > b.length) {
        throw fail("truncated \\u escape");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(b[pos++], 16); // bytes are below 0x80 or negative: ASCII only
        if (d < 0) {
          throw fail("invalid \\u escape");
        }
        v = (v << 4) | d;
      }
      return v;
    }

    private void appendUtf8(StringBuilder sb, int from, int to) {
      // Invalid UTF-8 becomes U+FFFD, as in Go.
      sb.append(new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    /** One or more digits. */
    private void digits() {
      int start = pos;
      while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
        pos++;
      }
      if (pos == start) {
        throw fail("invalid number");
      }
    }

    private Object number() {
      int start = pos;
      if (b[pos] == '-') {
        pos++;
      }
      if (pos >= b.length) {
        throw fail("truncated number");
      }
      if (b[pos] == '0') {
        pos++;
      } else if (b[pos] >= '1' && b[pos] <= '9') {
        digits();
      } else {
        throw fail("invalid number");
      }
      boolean integer = true;
      if (pos < b.length && b[pos] == '.') {
        integer = false;
        pos++;
        digits();
      }
      if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
        integer = false;
        pos++;
        if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) {
          pos++;
        }
        digits();
      }
      String text = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
      if (integer && text.equals("-0")) {
        // Go reads float64 negative zero and writes it back as -0; a Long cannot hold the sign.
        return -0.0;
      }
      if (integer && pos - start <= 19) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          // falls through to double
        }
      }
      double d = Double.parseDouble(text);
      if (Double.isInfinite(d)) {
        throw fail("number out of float64 range");
      }
      return d;
    }
  }
}
