package dev.sessionkeys.sops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Go sees a YAML scalar, which decides the bytes sops hashes into the MAC.
 *
 * <p>Two halves: {@link #resolvePlain} mirrors go-yaml v3's {@code resolve()} for plain (unquoted,
 * untagged) scalars, and {@link #toBytes} mirrors sops' {@code ToBytes} ({@code strconv.Itoa},
 * {@code FormatFloat(v,'f',-1,64)}, Python-style {@code True}/{@code False}).
 */
final class GoValues {

  private GoValues() {}

  /**
   * Marker for a plain scalar that go-yaml v3 decodes to a {@code time.Time}, which sops 3.9 cannot
   * walk.
   */
  record Timestamp(String text) {}

  /** go-yaml v3 {@code yamlStyleFloat}. */
  private static final Pattern YAML_FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

  /**
   * The date forms go-yaml v3 tries ({@code allowedTimestampFormats}), loosely: YYYY-M-D,
   * optionally a time after.
   */
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?"
              + "(Z|[+-][0-9]{2}:[0-9]{2})?)?$");

  /**
   * The Go value of a plain scalar: String, Long, Double, Boolean, null, or a {@link Timestamp}.
   *
   * @throws IllegalArgumentException for an integer beyond int64 (go-yaml gives uint64, which sops
   *     cannot hash)
   */
  static Object resolvePlain(String in) {
    switch (in) {
      case "", "~", "null", "Null", "NULL":
        return null;
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      case ".nan", ".NaN", ".NAN":
        return Double.NaN;
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return Double.POSITIVE_INFINITY;
      case "-.inf", "-.Inf", "-.INF":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    char c = in.charAt(0);
    if (c == '.') {
      // go-yaml: "not in the map, so maybe a normal float"
      return parseGoFloat(in, in);
    }
    if (!(c == '+' || c == '-' || (c >= '0' && c <= '9'))) {
      return in;
    }
    if (c >= '0' && c <= '9' && TIMESTAMP.matcher(in).matches()) {
      return new Timestamp(in);
    }
    String plain = in.replace("_", "");
    Optional<BigInteger> integer = parseGoInt(plain);
    if (integer.isPresent()) {
      BigInteger v = integer.get();
      if (v.bitLength() < 64) {
        return v.longValue();
      }
      if (v.signum() == 1 && v.bitLength() <= 64) {
        // go-yaml gives a uint64 here, a type sops cannot hash: refuse rather than guess.
        throw new IllegalArgumentException("integer out of the 64-bit range");
      }
      // Beyond uint64 as well: go-yaml falls through to float, as below.
    }
    return parseGoFloat(plain, in);
  }

  /**
   * {@code strconv.ParseInt(s, 0, 64)}/{@code ParseUint}: sign, then 0x/0o/0b prefixes or a leading
   * 0 for octal.
   */
  private static Optional<BigInteger> parseGoInt(String s) {
    String body = s;
    boolean negative = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      negative = body.startsWith("-");
      body = body.substring(1);
    }
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0' && "xXoObB".indexOf(body.charAt(1)) >= 0) {
      radix =
          switch (Character.toLowerCase(body.charAt(1))) {
            case 'x' -> 16;
            case 'o' -> 8;
            default -> 2;
          };
      body = body.substring(2);
    } else if (body.length() > 1 && body.charAt(0) == '0') {
      radix = 8;
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < body.length(); i++) {
      // ASCII only: Go's ParseInt takes no other digits, while Character.digit (and BigInteger)
      // would read e.g. Arabic-Indic or full-width digits as numbers.
      char ch = body.charAt(i);
      if (ch > 'z' || Character.digit(ch, radix) < 0) {
        return Optional.empty();
      }
    }
    BigInteger v = new BigInteger(body, radix);
    return Optional.of(negative ? v.negate() : v);
  }

  /**
   * {@code strconv.ParseFloat(s, 64)} for the decimal forms YAML uses; out-of-range values are
   * errors in Go, and so is any other form: those give {@code otherwise}.
   */
  private static Object parseGoFloat(String s, String otherwise) {
    if (!YAML_FLOAT.matcher(s).matches()) {
      return otherwise;
    }
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? otherwise : d;
  }

  /** The bytes sops hashes for a scalar and encrypts as its plaintext ({@code sops.go ToBytes}). */
  static byte[] toBytes(SopsNode.Scalar scalar) {
    return toText(scalar.value()).getBytes(StandardCharsets.UTF_8);
  }

  static String toText(Object value) {
    if (value instanceof String s) {
      return s;
    } else if (value instanceof Long l) {
      return Long.toString(l);
    } else if (value instanceof Double d) {
      return formatFloat(d);
    } else if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    throw new IllegalArgumentException("no text form for " + value);
  }

  /**
   * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that reads back as the
   * same double, written without an exponent. (JDK 17's {@code Double.toString} is not always
   * shortest, so search the precision.)
   */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d == Double.POSITIVE_INFINITY ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return Double.doubleToRawLongBits(d) == 0 ? "0" : "-0";
    }
    BigDecimal exact = new BigDecimal(d);
    // 17 digits always suffice; the exact value (at most 767 digits) ends the loop in any case.
    for (int digits = 1; ; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == d) {
        return rounded.stripTrailingZeros().toPlainString();
      }
    }
  }

  /** Parses a decrypted value back to its Go type, as sops' {@code aes.Cipher.Decrypt} does. */
  static Object parseTyped(String type, String text) {
    return switch (type) {
      case "str" -> text;
      case "int" -> Long.parseLong(text);
      case "float" -> parseGoFloatText(text);
      case "bool" ->
          switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a bool");
          };
      default -> throw new IllegalArgumentException("unknown value type '" + type + "'");
    };
  }

  private static double parseGoFloatText(String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf", "Inf", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (!YAML_FLOAT.matcher(text).matches()) {
          throw new IllegalArgumentException("not a float");
        }
        return Double.parseDouble(text);
    }
  }
}
