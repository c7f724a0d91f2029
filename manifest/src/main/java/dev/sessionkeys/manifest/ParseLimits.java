package dev.sessionkeys.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The one set of bounds for every YAML and JSON reader (manifests, values, profiles, SOPS files):
 * input size, aliases to collections, nesting depth and node count (aliases expanded, for readers
 * that expand them). Files arrive in pull requests; a parser without bounds lets a 600-byte alias
 * bomb or 200 KB of nested brackets take down a CI runner. An overflow is a {@link
 * ManifestException} (file, which limit, what to do), which the CLI reports on one line, exit 2.
 *
 * @param maxBytes largest input accepted, in bytes (and code points)
 * @param maxAliases aliases to collections per file: a "billion laughs" file needs many
 * @param maxDepth deepest nesting of collections: a Secret is 3 levels deep, a values file rarely
 *     more than 10
 * @param maxNodes scalars and collections per file, counting each alias expansion again
 */
public record ParseLimits(int maxBytes, int maxAliases, int maxDepth, int maxNodes) {

  /** The limits every reader uses. */
  public static final ParseLimits DEFAULT = new ParseLimits(1024 * 1024, 20, 64, 50_000);

  private static final String ADVICE =
      "; Secret manifests, values, profiles and SOPS files are small: give the right file";

  /** Which limit an input went over, and the problem it is reported as. */
  public enum Limit {
    SIZE(ManifestException.Problem.TOO_LARGE),
    ALIASES(ManifestException.Problem.TOO_MANY_ALIASES),
    DEPTH(ManifestException.Problem.TOO_DEEP),
    NODES(ManifestException.Problem.TOO_MANY_NODES);

    private final ManifestException.Problem problem;

    Limit(ManifestException.Problem problem) {
      this.problem = problem;
    }
  }

  /**
   * The bytes of {@code file}, reading at most {@link #maxBytes} + 1 of them: a huge file (or a
   * device or FIFO that never ends) is refused without being loaded. I/O problems are the caller's
   * to word.
   */
  public byte[] read(Path file) throws IOException {
    String source = file.toString();
    if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
      throw exceeded(Limit.SIZE, source, 0);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(source, in);
    }
  }

  /** As {@link #read(Path)}, for a stream (standard input) that {@code source} names. */
  public byte[] read(String source, InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw exceeded(Limit.SIZE, source, 0);
    }
    return bytes;
  }

  /**
   * As {@link #read(Path)}, decoded as UTF-8 (malformed bytes replaced; readers that care check).
   */
  public String readString(Path file) throws IOException {
    return new String(read(file), StandardCharsets.UTF_8);
  }

  /** Refuses text longer than {@link #maxBytes} characters (each is at least one byte). */
  public void checkSize(String source, int length) {
    if (length > maxBytes) {
      throw exceeded(Limit.SIZE, source, 0);
    }
  }

  /**
   * Every document of {@code text}, composed with {@code settings} (a reader's schema and options)
   * plus the limits, the label {@code source} and marks. Depth, node count and aliases to
   * collections are checked on the event stream before the (recursive) composer goes one level
   * deeper: deep nesting is an error, never a {@link StackOverflowError}, and every overflow is a
   * typed {@link ManifestException}. The whole text is one read buffer: with the default 1 KiB
   * buffer the reader copies its whole window again for every KiB of a long scalar (a 1 MiB plain
   * scalar allocated 2 GiB), and snakeyaml-engine 2.10 fails with an IndexOutOfBoundsException when
   * an astral character (an emoji) straddles a buffer boundary.
   */
  public List<Node> composeAll(LoadSettingsBuilder settings, String text, String source) {
    checkSize(source, text.length());
    LoadSettings built =
        settings
            .setMaxAliasesForCollections(maxAliases)
            .setCodePointLimit(maxBytes + 1)
            .setBufferSize(Math.max(1024, text.length() + 1))
            .setLabel(source)
            .setUseMarks(true)
            .build();
    Composer composer =
        new Composer(
            built,
            new BoundedParser(
                new ParserImpl(built, new StreamReader(built, text)), budget(source), this));
    List<Node> documents = new ArrayList<>();
    while (composer.hasNext()) {
      documents.add(composer.next());
    }
    return documents;
  }

  /** A fresh count of depth and nodes for one input, for parsers and tree walks. */
  public Budget budget(String source) {
    return new Budget(this, source);
  }

  /** The one-line error for an input over {@code limit}; {@code line} 0 when not known. */
  public ManifestException exceeded(Limit limit, String source, int line) {
    String what =
        switch (limit) {
          case SIZE -> "is larger than " + sizeText() + " (the input size limit)";
          case ALIASES ->
              "uses more than " + maxAliases + " aliases to collections (the alias limit)";
          case DEPTH -> "is nested more than " + maxDepth + " levels deep (the nesting limit)";
          case NODES ->
              "holds more than " + maxNodes + " values, aliases expanded (the node limit)";
        };
    return new ManifestException(limit.problem, source, line, what + ADVICE);
  }

  private String sizeText() {
    return maxBytes % (1024 * 1024) == 0
        ? (maxBytes / (1024 * 1024)) + " MiB"
        : maxBytes + " bytes";
  }

  /**
   * Depth and node count of one input. Not thread-safe: one budget per read. {@link #enter} and
   * {@link #node} throw as soon as a limit is passed, so nothing deeper or larger is ever built.
   */
  public static final class Budget {
    private final ParseLimits limits;
    private final String source;
    private int depth;
    private int nodes;

    Budget(ParseLimits limits, String source) {
      this.limits = limits;
      this.source = source;
    }

    /** Counts one scalar, alias or collection. */
    public void node(int line) {
      nodes++;
      if (nodes > limits.maxNodes()) {
        throw limits.exceeded(Limit.NODES, source, line);
      }
    }

    /** Counts a collection and goes one level deeper. */
    public void enter(int line) {
      node(line);
      depth++;
      if (depth > limits.maxDepth()) {
        throw limits.exceeded(Limit.DEPTH, source, line);
      }
    }

    /** Leaves a collection. */
    public void exit() {
      depth--;
    }
  }

  /**
   * Counts the events the composer consumes (peeking is free), and the aliases to collections: the
   * composer counts them too, but its overflow is an untyped engine error.
   */
  private static final class BoundedParser implements Parser {
    private final Parser parser;
    private final Budget budget;
    private final ParseLimits limits;
    private final Set<Anchor> collections = new HashSet<>();
    private int aliases;

    BoundedParser(Parser parser, Budget budget, ParseLimits limits) {
      this.parser = parser;
      this.budget = budget;
      this.limits = limits;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event event = parser.next();
      // Plain Optional calls, no lambdas: each lambda's first linkage costs the interpreted start
      // of `check` about a millisecond.
      int line = event.getStartMark().isPresent() ? event.getStartMark().get().getLine() + 1 : 0;
      if (event instanceof CollectionStartEvent start && start.getAnchor().isPresent()) {
        collections.add(start.getAnchor().get());
      } else if (event instanceof ScalarEvent scalar && scalar.getAnchor().isPresent()) {
        // A later anchor of the same name replaces the earlier one.
        collections.remove(scalar.getAnchor().get());
      }
      switch (event.getEventId()) {
        case SequenceStart, MappingStart -> budget.enter(line);
        case SequenceEnd, MappingEnd -> budget.exit();
        case Scalar -> budget.node(line);
        case Alias -> {
          budget.node(line);
          if (collections.contains(((AliasEvent) event).getAlias())
              && ++aliases > limits.maxAliases()) {
            throw limits.exceeded(Limit.ALIASES, budget.source, line);
          }
        }
        default -> {
          // stream and document markers, comments: no node
        }
      }
      return event;
    }
  }
}
