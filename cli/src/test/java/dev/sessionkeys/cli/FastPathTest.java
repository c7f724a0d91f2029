package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path must do exactly what picocli does for what it accepts, and decline everything else.
 */
class FastPathTest {

  @TempDir Path dir;

  private record Run(boolean handled, int code, String out, String err) {}

  private static Run fast(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter errWriter = new PrintWriter(err, true);
    java.util.OptionalInt code;
    try {
      code = FastPath.tryRun(args, new PrintWriter(out, true));
    } catch (RuntimeException e) {
      // Main reports what FastPath throws, as it does picocli's failures.
      code = java.util.OptionalInt.of(Failures.report(e, Main.context(args), errWriter, false));
    }
    return new Run(code.isPresent(), code.orElse(-1), out.toString(), err.toString());
  }

  private static Run picocli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.runWithPicocli(args, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new Run(true, code, out.toString(), err.toString());
  }

  private Path fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
      Path file = dir.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }

  @Test
  void checkGivesTheSameResultBothWays() throws IOException {
    String good = fixture("kubectl-from-literal.yaml").toString();
    String bad = fixture("seed-page-example.yaml").toString();
    String values =
        Files.writeString(dir.resolve("values.yaml"), "options: {autogenerateKeys: true}\n")
            .toString();
    String broken =
        Files.writeString(dir.resolve("broken.yaml"), "kind: Secret\ndata: [\n").toString();
    List<String[]> lines =
        new ArrayList<>(
            List.of(
                new String[] {"check", good},
                new String[] {"check", good, bad},
                new String[] {"check", bad, "-o", "json"},
                new String[] {"check", "--output", "json", good},
                new String[] {"check", "--output=text", good},
                new String[] {"check", good, "--values", values},
                new String[] {"check", "--values=" + values, good, "-o", "json"},
                new String[] {"check", broken},
                new String[] {"check", dir.resolve("missing.yaml").toString()}));
    for (String[] line : lines) {
      Run fast = fast(line);
      Run slow = picocli(line);
      assertThat(fast.handled()).as(String.join(" ", line)).isTrue();
      assertThat(fast).as(String.join(" ", line)).isEqualTo(slow);
    }
  }

  @Test
  void generateGivesTheSameShapeBothWays() {
    for (String[] line :
        List.of(
            new String[] {"generate"},
            new String[] {"generate", "-o", "yaml"},
            new String[] {"generate", "--output=json"},
            new String[] {"generate", "--output", "env"})) {
      Run fast = fast(line);
      Run slow = picocli(line);
      assertThat(fast.handled()).isTrue();
      assertThat(fast.code()).isEqualTo(slow.code()).isZero();
      String fastShape = fast.out().replaceAll("[A-Za-z0-9+/=]{32,}", "V");
      String slowShape = slow.out().replaceAll("[A-Za-z0-9+/=]{32,}", "V");
      assertThat(fastShape).as(String.join(" ", line)).isEqualTo(slowShape);
    }
  }

  @Test
  void declinesEverythingElse() {
    for (String[] line :
        List.of(
            new String[] {},
            new String[] {"init"},
            new String[] {"--help"},
            new String[] {"generate", "--help"},
            new String[] {"generate", "-o"},
            new String[] {"generate", "-o", "xml"},
            new String[] {"generate", "-o", "JSON"},
            new String[] {"generate", "-o", "env", "-o", "env"},
            new String[] {"generate", "-oenv"},
            new String[] {"generate", "--profile", "x"},
            new String[] {"generate", "extra"},
            new String[] {"check"},
            new String[] {"check", "-o", "json"},
            new String[] {"check", "--", "a.yaml"},
            new String[] {"check", "@args"},
            new String[] {"check", "a.yaml", "--values"},
            new String[] {"check", "a.yaml", "--values", "-o"},
            new String[] {"check", "a.yaml", "--values", "v", "--values", "w"},
            new String[] {"check", "a.yaml", "-n", "ns"},
            new String[] {"check", "a.yaml", "--profile", "p"},
            new String[] {"check", "a.yaml", "-h"})) {
      assertThat(fast(line).handled()).as(String.join(" ", line)).isFalse();
    }
  }
}
