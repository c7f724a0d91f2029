package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's training run: silent, and leaves nothing behind. */
class TrainingTest {

  private static long trainingFolders() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("sessionkeys-training"))
          .count();
    }
  }

  @Test
  void runsEveryCommonCommandSilentlyAndCleansUp() throws IOException {
    long before = trainingFolders();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream sink = new PrintStream(captured, true)) {
      System.setOut(sink);
      System.setErr(sink);
      Training.main(new String[0]);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    assertThat(captured.toString()).isEmpty();
    assertThat(trainingFolders()).isEqualTo(before);
  }
}
