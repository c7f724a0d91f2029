package dev.sessionkeys.demo;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few lines of a Kubernetes Secret manifest ({@code secrets.yaml}) the demo needs: {@code
 * kind}, {@code metadata.name} and the entries of {@code data} (base64) and {@code stringData}
 * (text, which wins, as in Kubernetes).
 *
 * <p>The demo links the runtime library only, so this is no YAML parser: it reads the block-style
 * manifest that {@code sessionkeys init} and {@code kubectl create secret --dry-run=client -o yaml}
 * write, and refuses anything else (flow style, multi-line values, several documents, a
 * SOPS-encrypted file) with a message naming the file and line, rather than guess. Messages never
 * contain a value.
 *
 * @param secretName {@code metadata.name}, or null when the manifest has none
 * @param values key name to value; {@code data} values are decoded and held as ISO-8859-1 text,
 *     byte for byte
 */
record SecretManifest(String secretName, Map<String, String> values) {

  /**
   * Reads and checks a manifest; every problem is a {@link DemoException} of kind INPUT (IO when
   * unreadable).
   */
  static SecretManifest read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw DemoException.input(
          file
              + ": no such file; write one with `sessionkeys init`, or give a mounted Secret"
              + " directory");
    } catch (IOException e) {
      throw DemoException.io(file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw DemoException.input(
          file + ": not UTF-8 text; give the Secret manifest written by `sessionkeys init`");
    }
    return parse(file.toString(), text);
  }

  /** Parses manifest text; {@code where} names it in messages. */
  static SecretManifest parse(String where, String text) {
    return new Parser(where).parse(text);
  }

  @Override
  public String toString() {
    return "SecretManifest[name=" + secretName + ", keys=" + values.keySet() + "]";
  }

  private static final class Parser {
    private final String where;
    private final Map<String, String> data = new LinkedHashMap<>();
    private final Map<String, String> stringData = new LinkedHashMap<>();
    private final Map<String, Integer> topLevel = new LinkedHashMap<>();
    private String kind;
    private String name;
    private String section;
    private int childIndent;
    private int lineNo;

    Parser(String where) {
      this.where = where;
    }

    SecretManifest parse(String text) {
      List<String> lines = text.lines().toList();
      boolean content = false;
      for (String raw : lines) {
        lineNo++;
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (line.equals("---") || line.startsWith("--- ")) {
          if (content) {
            throw problem("a second YAML document starts here; give a file with the Secret alone");
          }
          continue;
        }
        if (line.equals("...")) {
          break;
        }
        content = true;
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
          indent++;
        }
        if (line.charAt(indent) == '\t') {
          throw problem("indented with a tab; YAML indents with spaces");
        }
        if (indent == 0) {
          topLevelLine(line);
        } else {
          nestedLine(line, indent);
        }
      }
      if (topLevel.containsKey("sops")) {
        throw located(
            topLevel.get("sops"),
            "the file is encrypted with SOPS; decrypt it first (`sops -d "
                + where
                + " > plain.yaml`), or pass the keys in the environment");
      }
      if (kind == null) {
        throw DemoException.input(
            where
                + ": no `kind: Secret`; give the Secret manifest written by"
                + " `sessionkeys init`");
      }
      if (!topLevel.containsKey("data") && !topLevel.containsKey("stringData")) {
        throw DemoException.input(
            where
                + ": the Secret has no `data`; give the Secret manifest written by"
                + " `sessionkeys init`");
      }
      Map<String, String> values = new LinkedHashMap<>(data);
      values.putAll(stringData);
      return new SecretManifest(name, Map.copyOf(values));
    }

    private void topLevelLine(String line) {
      String[] kv = keyValue(line.strip());
      String key = kv[0];
      String value = kv[1];
      if (topLevel.putIfAbsent(key, lineNo) != null) {
        throw problem("`" + key + "` appears twice (first on line " + topLevel.get(key) + ")");
      }
      section = key;
      childIndent = -1;
      switch (key) {
        case "kind" -> {
          kind = scalar(value, "kind");
          if (!kind.equals("Secret")) {
            throw problem(
                "the manifest is a "
                    + kind
                    + ", not a Secret; give the Secret manifest written by"
                    + " `sessionkeys init`");
          }
        }
        case "data", "stringData", "metadata" -> {
          if (!value.isEmpty() && !value.equals("{}")) {
            throw problem(
                "`" + key + "` is written inline; write one `KEY: value` per line below it");
          }
        }
        default -> {
          // apiVersion, type and anything else: not needed here.
        }
      }
    }

    private void nestedLine(String line, int indent) {
      if (section == null) {
        throw problem("an indented line belongs to no key");
      }
      boolean dataSection = section.equals("data") || section.equals("stringData");
      if (!dataSection && !section.equals("metadata")) {
        return;
      }
      if (childIndent < 0) {
        childIndent = indent;
      }
      if (indent != childIndent) {
        if (dataSection) {
          throw problem(
              "a value of `"
                  + section
                  + "` continues on another line; write each value on one line");
        }
        return; // metadata.labels and the like
      }
      String[] kv = keyValue(line.strip());
      String key = kv[0];
      if (section.equals("metadata")) {
        if (key.equals("name")) {
          name = scalar(kv[1], "metadata.name");
        }
        return;
      }
      String field = section + "." + key;
      if (kv[1].startsWith("|") || kv[1].startsWith(">")) {
        throw problem(field + " is a multi-line block; write the value on one line");
      }
      String text = scalar(kv[1], field);
      if (text.startsWith("ENC[")) {
        throw problem(
            field
                + " is encrypted with SOPS; decrypt the file first (`sops -d "
                + where
                + " > plain.yaml`)");
      }
      Map<String, String> target = section.equals("data") ? data : stringData;
      if (target.containsKey(key)) {
        throw problem(field + " appears twice");
      }
      if (section.equals("data")) {
        byte[] decoded;
        try {
          decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
          throw problem(
              field
                  + " is not base64 (values under `data` are base64; put plain text under"
                  + " `stringData`)");
        }
        target.put(key, new String(decoded, StandardCharsets.ISO_8859_1));
      } else {
        target.put(key, text);
      }
    }

    /** Splits {@code key: value} (the value may be empty); the key may be quoted. */
    private String[] keyValue(String s) {
      String key;
      int rest;
      if (s.startsWith("'") || s.startsWith("\"")) {
        int close = s.indexOf(s.charAt(0), 1);
        if (close < 0) {
          throw problem("a quoted key is not closed");
        }
        key = s.substring(1, close);
        rest = close + 1;
        if (rest >= s.length() || s.charAt(rest) != ':') {
          throw problem("expected `KEY: value`");
        }
      } else {
        int colon = s.indexOf(": ");
        if (colon < 0 && s.endsWith(":")) {
          colon = s.length() - 1;
        }
        if (colon <= 0) {
          throw problem(
              s.startsWith("- ") || s.equals("-")
                  ? "a list item; a Secret's data is a mapping of `KEY: value` lines"
                  : "expected `KEY: value`");
        }
        key = s.substring(0, colon);
        rest = colon;
      }
      return new String[] {key, s.substring(rest + 1).strip()};
    }

    /**
     * A one-line scalar: plain (a trailing {@code # comment} removed), single- or double-quoted.
     */
    private String scalar(String value, String field) {
      if (value.isEmpty()) {
        throw problem(field + " has no value");
      }
      char q = value.charAt(0);
      if (q == '\'') {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (true) {
          if (i >= value.length()) {
            throw problem(field + " has an unterminated quoted value");
          }
          char c = value.charAt(i);
          if (c == '\'') {
            if (i + 1 < value.length() && value.charAt(i + 1) == '\'') {
              sb.append('\'');
              i += 2;
              continue;
            }
            afterQuote(value, i + 1, field);
            return sb.toString();
          }
          sb.append(c);
          i++;
        }
      }
      if (q == '"') {
        StringBuilder sb = new StringBuilder();
        int i = 1;
        while (true) {
          if (i >= value.length()) {
            throw problem(field + " has an unterminated quoted value");
          }
          char c = value.charAt(i);
          if (c == '"') {
            afterQuote(value, i + 1, field);
            return sb.toString();
          }
          if (c == '\\') {
            if (i + 1 >= value.length()) {
              throw problem(field + " has an unterminated quoted value");
            }
            char e = value.charAt(i + 1);
            switch (e) {
              case '\\', '"', '/' -> sb.append(e);
              case 'n' -> sb.append('\n');
              case 't' -> sb.append('\t');
              case 'r' -> sb.append('\r');
              default ->
                  throw problem(
                      field
                          + " uses an escape (\\"
                          + e
                          + ") this reader does not take; write"
                          + " the value in single quotes or base64 under `data`");
            }
            i += 2;
            continue;
          }
          sb.append(c);
          i++;
        }
      }
      if (q == '{' || q == '[' || q == '&' || q == '*' || q == '!') {
        throw problem(field + " is not a plain value; write it as plain text or in quotes");
      }
      int comment = value.indexOf(" #");
      return (comment < 0 ? value : value.substring(0, comment)).strip();
    }

    private void afterQuote(String value, int from, String field) {
      String tail = value.substring(from).strip();
      if (!tail.isEmpty() && !tail.startsWith("#")) {
        throw problem(field + " has text after its closing quote");
      }
    }

    private DemoException problem(String what) {
      return located(lineNo, what);
    }

    private DemoException located(int line, String what) {
      return DemoException.input(where + " line " + line + ": " + what);
    }
  }
}
