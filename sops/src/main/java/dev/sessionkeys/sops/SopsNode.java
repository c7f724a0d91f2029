package dev.sessionkeys.sops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An order-preserving YAML tree as SOPS sees it: mappings with string keys, sequences, typed
 * scalars and comment lines.
 *
 * <p>Scalars carry the Go value go-yaml v3 would decode ({@link String}, {@link Long}, {@link
 * Double}, {@link Boolean} or {@code null}), because the MAC hashes that value's text form. {@code
 * toString()} never shows a scalar's value.
 */
public sealed interface SopsNode
    permits SopsNode.Mapping, SopsNode.Sequence, SopsNode.Scalar, SopsNode.Comment {

  /** A mapping: entries and comment lines in file order. Keys are unique. */
  record Mapping(List<Item> items) implements SopsNode {
    public Mapping {
      items = List.copyOf(items);
    }

    /** The entries only, comments left out. */
    public List<Entry> entries() {
      List<Entry> entries = new ArrayList<>();
      for (Item item : items) {
        if (item instanceof Entry entry) {
          entries.add(entry);
        }
      }
      return entries;
    }

    /** This mapping without the entry under {@code key}. */
    Mapping without(String key) {
      List<Item> kept = new ArrayList<>();
      for (Item item : items) {
        if (!(item instanceof Entry entry && entry.key().equals(key))) {
          kept.add(item);
        }
      }
      return new Mapping(kept);
    }

    /**
     * The string under {@code key}, or empty when absent or null; {@code notAString} for any other
     * value.
     */
    Optional<String> string(String key, Supplier<SopsException> notAString) {
      SopsNode node = get(key).orElse(Scalar.ofNull());
      if (node instanceof Scalar s && (s.isNull() || s.value() instanceof String)) {
        return Optional.ofNullable((String) s.value());
      }
      throw notAString.get();
    }

    public Optional<SopsNode> get(String key) {
      for (Item item : items) {
        if (item instanceof Entry entry && entry.key().equals(key)) {
          return Optional.of(entry.value());
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      List<String> keys = new ArrayList<>();
      entries().forEach(entry -> keys.add(entry.key()));
      return "Mapping" + keys;
    }
  }

  /** What a mapping holds: an entry or a comment line. */
  sealed interface Item permits Entry, Comment {}

  /** A key and its value. */
  record Entry(String key, SopsNode value) implements Item {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (value instanceof Comment) {
        throw new IllegalArgumentException("a comment is not a value");
      }
    }
  }

  /** A sequence: items and comment lines in file order. */
  record Sequence(List<SopsNode> items) implements SopsNode {
    public Sequence {
      items = List.copyOf(items);
    }

    /** The items only, comments left out. */
    public List<SopsNode> values() {
      List<SopsNode> values = new ArrayList<>();
      for (SopsNode item : items) {
        if (!(item instanceof Comment)) {
          values.add(item);
        }
      }
      return values;
    }

    @Override
    public String toString() {
      return "Sequence[" + items.size() + " items]";
    }
  }

  /**
   * A scalar with its decoded Go type: {@link String}, {@link Long}, {@link Double}, {@link
   * Boolean}, or {@code null} for a YAML null.
   */
  record Scalar(Object value) implements SopsNode {
    public Scalar {
      if (value != null
          && !(value instanceof String
              || value instanceof Long
              || value instanceof Double
              || value instanceof Boolean)) {
        throw new IllegalArgumentException(
            "unsupported scalar type " + value.getClass().getSimpleName());
      }
    }

    public static Scalar of(String value) {
      return new Scalar(Objects.requireNonNull(value, "value"));
    }

    public static Scalar ofNull() {
      return new Scalar(null);
    }

    public boolean isNull() {
      return value == null;
    }

    /**
     * The sops type name of this scalar ({@code str}, {@code int}, {@code float}, {@code bool});
     * null has none.
     */
    public String sopsType() {
      return value instanceof String
          ? "str"
          : value instanceof Long
              ? "int"
              : value instanceof Double ? "float" : value == null ? "null" : "bool";
    }

    /**
     * Redacted: the type and the fingerprint of the value's bytes (core's {@link
     * dev.sessionkeys.core.Fingerprint}, the one format everywhere), never the value.
     */
    @Override
    public String toString() {
      return value == null
          ? "Scalar[null]"
          : "Scalar["
              + sopsType()
              + ", "
              + dev.sessionkeys.core.Fingerprint.shown(GoValues.toBytes(this))
              + "]";
    }
  }

  /**
   * One comment line; {@code text} is everything after the {@code #} (sops keeps the leading
   * space).
   */
  record Comment(String text) implements SopsNode, Item {
    public Comment {
      Objects.requireNonNull(text, "text");
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a comment is one line");
      }
    }

    @Override
    public String toString() {
      return "Comment[" + text.length() + " chars]";
    }
  }

  /** The tree as plain Java values (LinkedHashMap, ArrayList, scalars), comments dropped. */
  static Object toJava(SopsNode node) {
    if (node instanceof Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Entry e : m.entries()) {
        out.put(e.key(), toJava(e.value()));
      }
      return out;
    } else if (node instanceof Sequence s) {
      List<Object> out = new ArrayList<>();
      for (SopsNode item : s.values()) {
        out.add(toJava(item));
      }
      return out;
    } else if (node instanceof Scalar s) {
      return s.value();
    }
    throw new IllegalArgumentException("a comment has no Java value");
  }
}
