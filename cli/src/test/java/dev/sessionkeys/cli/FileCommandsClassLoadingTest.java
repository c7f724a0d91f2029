package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file commands must start fast: they may not load the Kubernetes client, the operator or the
 * SOPS code. Runs the CLI in a fresh JVM with class-load logging and looks at what was loaded.
 */
class FileCommandsClassLoadingTest {

  private static final List<String> HEAVY =
      List.of(
          "io.fabric8.",
          "io.javaoperatorsdk.",
          "dev.sessionkeys.kube.",
          "dev.sessionkeys.operator.",
          "dev.sessionkeys.sops.",
          "dev.sessionkeys.demo.",
          "com.fasterxml.jackson.",
          "io.vertx.",
          "okhttp3.");

  @TempDir Path dir;

  private String loadedClasses(String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(out);
    assertThat(process.exitValue()).as(log).isZero();
    return log;
  }

  @Test
  void generateCheckAndInitLoadNoClusterOrEncryptionCode() throws Exception {
    String generate = loadedClasses("generate");
    assertThat(generate).contains("dev.sessionkeys.cli.GenerateCommand");
    String init = loadedClasses("init", "--out", dir.toString());
    assertThat(init).contains("dev.sessionkeys.cli.InitCommand");
    String check = loadedClasses("check", dir.resolve("secrets.yaml").toString());
    assertThat(check).contains("dev.sessionkeys.cli.CheckCommand");
    for (String log : List.of(generate, init, check)) {
      for (String prefix : HEAVY) {
        // The one source of Secrets lives in the sops module; reading a plain file loads it (and
        // its result type), never the encryption code.
        assertThat(log.replaceAll("\\] dev\\.sessionkeys\\.sops\\.SecretSource(\\$Input)? ", "] "))
            .doesNotContain("] " + prefix);
      }
    }
    assertThat(commandClasses(init)).containsExactlyInAnyOrder("SessionKeysCommand", "InitCommand");
    // The plain generate and check run through FastPath: no picocli model at all.
    assertThat(commandClasses(generate)).containsExactly("GenerateCommand");
    assertThat(commandClasses(check)).containsExactly("CheckCommand");
    assertThat(generate).doesNotContain("picocli.CommandLine$Model$CommandSpec ");
    assertThat(check).doesNotContain("picocli.CommandLine$Model$CommandSpec ");
    // A record's equals, hashCode or toString is linked through invokedynamic on its first call;
    // on the plain check that linkage cost about 10 ms of a ~80 ms start (a KeySpec comparison
    // did).
    for (String log : List.of(generate, check)) {
      assertThat(log).doesNotContain("] java.lang.runtime.ObjectMethods ");
    }
  }

  /** The subcommand classes a run loaded: only the invoked one may be (see Commands). */
  private static List<String> commandClasses(String log) {
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("\\] dev\\.sessionkeys\\.cli\\.(\\w+Command) ")
            .matcher(log);
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
