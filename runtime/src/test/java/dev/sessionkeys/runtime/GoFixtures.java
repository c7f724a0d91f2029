package dev.sessionkeys.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Go codec fixtures in src/test/resources/go-fixtures (see the README there: produced by
 * src/test/go/interop/fixtures.go, checked against Go by GoInteropTest.codecFixturesMatchGo).
 * Parsed with plain string code, so the codecs under test never read their own fixtures.
 */
final class GoFixtures {

  static final String JSON = "go-json.tsv";
  static final String GOB = "go-gob.tsv";

  private GoFixtures() {}

  /** One line: kind, name, input, expected (outcome word and its argument). */
  record Case(String kind, String name, String input, String outcome, String detail) {
    byte[] inputBytes() {
      return unhex(input);
    }

    byte[] detailBytes() {
      return unhex(detail);
    }

    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  static List<Case> load(String file) {
    try (InputStream in = GoFixtures.class.getResourceAsStream("/go-fixtures/" + file)) {
      if (in == null) {
        throw new AssertionError("missing fixture " + file);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<Case> parse(String text) {
    List<Case> cases = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length != 4) {
        throw new AssertionError("bad fixture line: " + line);
      }
      // encode lines hold only Go's bytes; the others an outcome word, a space, then its detail.
      int space = f[3].indexOf(' ');
      cases.add(
          space < 0
              ? new Case(f[0], f[1], f[2], "", f[3])
              : new Case(f[0], f[1], f[2], f[3].substring(0, space), f[3].substring(space + 1)));
    }
    return cases;
  }

  static List<Case> load(String file, String kind) {
    List<Case> out = new ArrayList<>();
    for (Case c : load(file)) {
      if (c.kind().equals(kind)) {
        out.add(c);
      }
    }
    if (out.isEmpty()) {
      throw new AssertionError("no " + kind + " cases in " + file);
    }
    return out;
  }

  static Case named(String file, String kind, String name) {
    for (Case c : load(file, kind)) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no fixture " + kind + " " + name);
  }

  static byte[] unhex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  // ----------------------------------------------------------------------------------------------
  // gob session values in the fixture's description form (fixtures.go: describeValues)

  static Map<String, Object> parseValues(String d) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (d.equals("{}")) {
      return m;
    }
    for (String e : d.split(";")) {
      int eq = e.indexOf('=');
      m.put(
          new String(unhex(e.substring(0, eq)), StandardCharsets.UTF_8),
          parseValue(e.substring(eq + 1)));
    }
    return m;
  }

  static Object parseValue(String d) {
    int colon = d.indexOf(':');
    String v = d.substring(colon + 1);
    return switch (d.substring(0, colon)) {
      case "nil" -> null;
      case "string" -> new String(unhex(v), StandardCharsets.UTF_8);
      case "bool" -> Boolean.parseBoolean(v);
      case "int" -> Long.parseLong(v);
      case "int64" -> new GoInt64(Long.parseLong(v));
      case "float64" -> Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
      case "bytes" -> unhex(v);
      case "flashes" -> {
        List<Object> items = new ArrayList<>();
        if (!v.isEmpty()) {
          for (String item : v.split("\\+")) {
            items.add(parseValue(item));
          }
        }
        yield items;
      }
      default -> throw new AssertionError("unknown type in " + d);
    };
  }

  static String describeValues(Map<String, Object> values) {
    if (values.isEmpty()) {
      return "{}";
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String entry =
          hex(e.getKey().getBytes(StandardCharsets.UTF_8)) + "=" + describeValue(e.getValue());
      sorted.put(entry, entry);
    }
    return String.join(";", sorted.values());
  }

  static String describeValue(Object v) {
    if (v == null) {
      return "nil:";
    } else if (v instanceof String s) {
      return "string:" + hex(s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Boolean b) {
      return "bool:" + b;
    } else if (v instanceof Long l) {
      return "int:" + l;
    } else if (v instanceof GoInt64 l) {
      return "int64:" + l.value();
    } else if (v instanceof Double d) {
      return String.format("float64:%016x", Double.doubleToRawLongBits(d));
    } else if (v instanceof byte[] b) {
      return "bytes:" + hex(b);
    } else if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) {
        items.add(describeValue(o));
      }
      return "flashes:" + String.join("+", items);
    }
    throw new AssertionError("not a session value: " + v.getClass().getName());
  }
}
