package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attack in {@code testdata/bad-input/} (listed with its expected result in its {@code
 * MANIFEST.md}) through {@code sessionkeys check FILE}: the expected exit code, one line naming the
 * file, no stack trace, and bounded in time (1 s of CPU) and memory (256 MiB allocated by the
 * thread). A safety bound, not a benchmark: the unfixed readers took minutes and gigabytes.
 */
class BadInputCorpusTest {

  private static final Path CORPUS = Path.of("..", "testdata", "bad-input");
  private static final Duration TIME_BOUND = Duration.ofSeconds(1);
  private static final long ALLOCATION_BOUND = 256L << 20;

  /** {@code | `file` | attack | exit | `fragment` ... |} */
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\|[^|]*\\| (\\d) \\| `([^`]+)`.*\\|$");

  @TempDir Path home;

  record Case(String file, int exit, String fragment) {}

  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(CORPUS.resolve("MANIFEST.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        cases.add(new Case(m.group(1), Integer.parseInt(m.group(2)), m.group(3)));
      }
    }
    return cases;
  }

  @Test
  void everyCorpusFileHasARowAndEveryRowAFile() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(CORPUS)) {
      list.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("MANIFEST.md") && !n.equals("age-key.txt"))
          .forEach(files::add);
    }
    Set<String> rows = new TreeSet<>();
    cases().forEach(c -> rows.add(c.file()));
    assertThat(rows).hasSizeGreaterThanOrEqualTo(14).isEqualTo(files);
  }

  @TestFactory
  Stream<DynamicTest> eachAttackIsRefusedFastInOneLine() throws IOException {
    Map<String, String> env =
        Map.of(
            "SOPS_AGE_KEY_FILE", CORPUS.resolve("age-key.txt").toString(), "HOME", home.toString());
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> check(c, env)));
  }

  private static void check(Case c, Map<String, String> env) {
    String file = CORPUS.resolve(c.file()).toString();
    // A first run loads the classes the command needs (bounded too, so that an unbounded reader
    // fails here rather than hanging the build); the second is the one measured.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Cli.runWith(env, "check", file));
    Measured measured = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> measure(env, file));
    Cli.Result result = measured.result();
    String output = result.all().strip();
    assertThat(result.code()).as(output).isEqualTo(c.exit());
    assertThat(output.lines()).as(output).hasSize(1);
    assertThat(output).contains(file).contains(c.fragment());
    assertThat(output)
        .doesNotContain("Exception")
        .doesNotContain("Error:")
        .doesNotContain("internal error")
        .doesNotContainPattern("\\sat [\\w.$]+\\(");
    assertThat(measured.cpu()).as("CPU time for %s", c.file()).isLessThan(TIME_BOUND);
    assertThat(measured.allocated())
        .as("bytes allocated for %s", c.file())
        .isLessThan(ALLOCATION_BOUND);
  }

  /**
   * What one run cost its thread: CPU time (not wall-clock time, which on a machine shared by
   * several builds measures the others too) and bytes allocated.
   */
  record Measured(Cli.Result result, Duration cpu, long allocated) {}

  private static Measured measure(Map<String, String> env, String file) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    long start = threads.getCurrentThreadCpuTime();
    Cli.Result result = Cli.runWith(env, "check", file);
    Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - start);
    return new Measured(result, cpu, threads.getCurrentThreadAllocatedBytes() - before);
  }
}
