package dev.sessionkeys.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trees built from plain Java values, for tests. */
final class Trees {

  private Trees() {}

  /**
   * A mapping from plain Java maps, lists and scalars (insertion order kept; ints become longs).
   */
  static SopsNode fromJava(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<SopsNode.Item> items = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        items.add(new SopsNode.Entry(String.valueOf(e.getKey()), fromJava(e.getValue())));
      }
      return new SopsNode.Mapping(items);
    } else if (value instanceof List<?> list) {
      List<SopsNode> items = new ArrayList<>();
      for (Object o : list) {
        items.add(fromJava(o));
      }
      return new SopsNode.Sequence(items);
    } else if (value instanceof Integer i) {
      return new SopsNode.Scalar(i.longValue());
    }
    return new SopsNode.Scalar(value);
  }

  /** The string at a path of mapping keys in a decrypted document, if there is one. */
  static Optional<String> stringAt(SopsDocument document, String... path) {
    SopsNode node = document.tree();
    for (String key : path) {
      if (!(node instanceof SopsNode.Mapping m) || m.get(key).isEmpty()) {
        return Optional.empty();
      }
      node = m.get(key).get();
    }
    return node instanceof SopsNode.Scalar s && s.value() instanceof String text
        ? Optional.of(text)
        : Optional.empty();
  }

  /** A mapping of string values, in the map's order. */
  static SopsNode.Mapping ofStrings(Map<String, String> values) {
    return (SopsNode.Mapping) fromJava(values);
  }
}
