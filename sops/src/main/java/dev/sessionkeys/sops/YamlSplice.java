package dev.sessionkeys.sops;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a changed SOPS YAML file by splicing into its old text, so that what did not change keeps
 * its bytes even where this module's writer would lay it out differently from the writer that made
 * the file (sops' go-yaml indents sequences as {@code - item}, for example).
 *
 * <p>The text is cut into top-level segments: an entry runs from its key line up to the next line
 * that starts in the first column; anything else there (comments, a document start) is a segment of
 * its own and kept. An entry whose tree did not change keeps its text; a changed one is written
 * anew, but only if the writer reproduces its old text exactly, so nothing beyond the change can
 * move; a removed one goes; a new one is written before the {@code sops} block. In the {@code sops}
 * block only the values of {@code lastmodified} and {@code mac} are replaced, keeping their quotes.
 */
final class YamlSplice {

  private static final Pattern TOP_LEVEL = Pattern.compile("^[^\\s#\\-][^:]*:(\\s.*)?$");

  private YamlSplice() {}

  /** A top-level segment of the old text: an entry (with its key) or other lines (key null). */
  private record Segment(String key, String text, int line) {}

  static String splice(
      String original,
      SopsNode.Mapping before,
      SopsNode.Mapping after,
      String lastModified,
      String mac,
      String source) {
    List<Segment> segments = segments(original, before, source);
    Map<String, SopsNode> wanted = new LinkedHashMap<>();
    for (SopsNode.Entry entry : after.entries()) {
      wanted.put(entry.key(), entry.value());
    }
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      if (segment.key() == null) {
        out.append(segment.text());
        continue;
      }
      SopsNode now = wanted.remove(segment.key());
      if (segment.key().equals(SopsMetadata.KEY)) {
        for (Map.Entry<String, SopsNode> added : wanted.entrySet()) {
          out.append(render(added.getKey(), added.getValue()));
        }
        wanted.clear();
        String block = replaceValue(segment, "lastmodified", lastModified, source, segment.text());
        out.append(replaceValue(segment, "mac", mac, source, block));
      } else if (now != null) {
        SopsNode was = before.get(segment.key()).orElseThrow();
        if (render(segment.key(), now).equals(render(segment.key(), was))) {
          out.append(segment.text());
        } else {
          SopsRewrite.requireOwnLayout(
              segment.text(), render(segment.key(), was), source, segment.line());
          out.append(render(segment.key(), now));
        }
      }
    }
    return out.toString();
  }

  private static String render(String key, SopsNode value) {
    return YamlStore.write(new SopsNode.Mapping(List.of(new SopsNode.Entry(key, value))));
  }

  /** Cuts the text into segments, matching entry segments to the tree's top-level keys in order. */
  private static List<Segment> segments(String text, SopsNode.Mapping tree, String source) {
    List<String> keys = new ArrayList<>();
    tree.entries().forEach(e -> keys.add(e.key()));
    List<Segment> segments = new ArrayList<>();
    String[] lines = text.split("(?<=\n)");
    StringBuilder current = new StringBuilder();
    String currentKey = null;
    int currentLine = 1;
    int next = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      boolean firstColumn = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
      if (firstColumn) {
        // The first segment may be empty: it adds nothing to the text.
        segments.add(new Segment(currentKey, current.toString(), currentLine));
        current.setLength(0);
        currentLine = i + 1;
        String stripped = line.stripTrailing();
        currentKey =
            TOP_LEVEL.matcher(stripped).matches()
                    && next < keys.size()
                    && stripped.startsWith(keys.get(next))
                ? keys.get(next++)
                : null;
      }
      current.append(line);
    }
    segments.add(new Segment(currentKey, current.toString(), currentLine));
    if (next != keys.size()) {
      throw SopsException.invalidInput(
          source
              + ": its top-level entries are not laid out one per first-column key (key '"
              + keys.get(next)
              + "'), so it cannot be changed without reformatting it; nothing was written: let sops"
              + " rewrite it once, then retry");
    }
    return segments;
  }

  /**
   * {@code text}, the {@code sops} block's, with a new value for {@code key}, keeping its quotes.
   */
  private static String replaceValue(
      Segment block, String key, String value, String source, String text) {
    // RE2/J: linear time on whatever the file's author put on that line (java.util.regex takes
    // cubic time on a long run of spaces before a comment).
    Matcher m =
        Pattern.compile("(?m)^( +" + key + ": *)(['\"]?)([^'\"\\n]*)(['\"]?) *$").matcher(text);
    if (!m.find() || !m.group(2).equals(m.group(4))) {
      throw SopsException.invalidInput(
          source
              + " (sops block from line "
              + block.line()
              + "): no single-line sops."
              + key
              + " value to replace; nothing was written: let sops rewrite the file once,"
              + " then retry");
    }
    String quote = m.group(2);
    return text.substring(0, m.start())
        + m.group(1)
        + quote
        + value
        + quote
        + text.substring(m.end());
  }
}
