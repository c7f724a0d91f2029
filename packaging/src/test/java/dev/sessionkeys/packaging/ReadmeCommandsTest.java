package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in README.md's {@code sh}/{@code bash} blocks runs, in order, in a temp folder, and
 * succeeds: {@code ./sessionkeys} and {@code sessionkeys} are the CLI from this build, the cluster
 * is fabric8's mock API server (KUBECONFIG), helm and kubectl are the real ones. The few commands
 * that need what a test cannot have are rewritten or left out by the rules in {@link #rewrite}, and
 * nothing else is: a new README command that cannot run here fails this test.
 */
class ReadmeCommandsTest {

  static final Path README = Tools.ROOT.resolve("README.md");

  @TempDir Path work;

  /** The shell commands of README.md, continuation lines joined, comment-only lines dropped. */
  static List<String> commands(String markdown) {
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    StringBuilder pending = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        inShell = !inShell && (line.equals("```sh") || line.equals("```bash"));
        continue;
      }
      if (!inShell) {
        continue;
      }
      String trimmed = line.strip();
      if (pending.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        while (pending.length() > 1 && pending.charAt(pending.length() - 2) == ' ') {
          pending.setLength(pending.length() - 1);
        }
      } else {
        pending.append(trimmed);
        commands.add(pending.toString());
        pending.setLength(0);
      }
    }
    return commands;
  }

  /**
   * The allow-list: what a command becomes here, or {@code null} (with the reason in {@code
   * skipped}) for one that cannot run in a test.
   */
  static String rewrite(String line, Path fixtureChart, Map<String, String> skipped) {
    // A trailing "# note" would swallow flags appended below (the README's commands quote no '#').
    String command = line.replaceFirst("\\s+#.*$", "");
    if (command.startsWith("./mvnw ")) {
      skipped.put(line, "the build itself; CI runs it (.ci/run)");
      return null;
    }
    if (command.startsWith("docker ")) {
      skipped.put(line, "no container engine here; ImageIT runs the same image");
      return null;
    }
    if (command.startsWith("kubectl apply ") || command.startsWith("kubectl create ")) {
      return command + " --dry-run=client --validate=false";
    }
    if (command.startsWith("helm upgrade --install ") || command.startsWith("helm install ")) {
      // No cluster to install into: render what would be installed. The Fairwinds chart is the
      // fixture with its key-handling shape (FairwindsChartTest).
      return command
          .replaceFirst("^helm (upgrade --install|install) ", "helm template ")
          .replace(" --create-namespace", "")
          .replace("fairwinds-stable/fairwinds-insights", fixtureChart.toString());
    }
    return command;
  }

  @Test
  void everyReadmeCommandRuns() throws Exception {
    List<String> commands = commands(Files.readString(README, StandardCharsets.UTF_8));
    assertThat(commands).as("README.md has shell blocks").isNotEmpty();
    Path helm = Tools.helm();
    Path kubectl = Tools.kubectl();
    try (MockApiServer mock = new MockApiServer()) {
      Path bin = Files.createDirectories(work.resolve("bin"));
      Path project = Files.createDirectories(work.resolve("project"));
      String shim =
          "#!/bin/sh\nexec '"
              + Path.of(System.getProperty("java.home"), "bin", "java")
              + "' -cp '"
              + System.getProperty("java.class.path")
              + "' dev.sessionkeys.cli.Main \"$@\"\n";
      for (Path file : List.of(bin.resolve("sessionkeys"), project.resolve("sessionkeys"))) {
        Files.writeString(file, shim);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      // The repository's deploy/ as a clone has it.
      Files.createSymbolicLink(project.resolve("deploy"), Tools.DEPLOY);
      Map<String, String> env = new LinkedHashMap<>();
      env.put(
          "PATH",
          bin
              + ":"
              + helm.getParent()
              + ":"
              + kubectl.getParent()
              + ":/usr/local/bin:/usr/bin:/bin");
      env.put("HOME", Files.createDirectories(work.resolve("home")).toString());
      env.put("XDG_CONFIG_HOME", work.resolve("home/.config").toString());
      env.put("KUBECONFIG", mock.writeKubeconfig(work.resolve("kubeconfig")).toString());
      Map<String, String> skipped = new LinkedHashMap<>();
      int ran = 0;
      for (String command : commands) {
        String actual = rewrite(command, FairwindsChartTest.fixture(), skipped);
        if (actual == null) {
          continue;
        }
        Proc.Result result = Proc.run(project, null, env, List.of("bash", "-c", actual));
        assertThat(result.code()).as("README command: " + command + "\n" + result.said()).isZero();
        ran++;
      }
      skipped.forEach(
          (command, why) -> System.err.println("not run: " + command + " (" + why + ")"));
      assertThat(ran).isGreaterThan(skipped.size());
    }
  }

  @Test
  void theReadmeStaysShort() throws Exception {
    assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void commandsAreReadAsAShellWould() {
    String markdown =
        "text\n```sh\n# a comment\n./sessionkeys init   # note\nhelm install a b \\\n  -n c\n```\n"
            + "```yaml\nkey: value\n```\n```console\n$ not run\n```\n";
    assertThat(commands(markdown))
        .containsExactly("./sessionkeys init   # note", "helm install a b -n c");
    Map<String, String> skipped = new LinkedHashMap<>();
    assertThat(
            rewrite(
                "helm upgrade --install i fairwinds-stable/fairwinds-insights -f v.yaml",
                Path.of("/f"),
                skipped))
        .isEqualTo("helm template i /f -f v.yaml");
    assertThat(rewrite("kubectl apply -f x.yaml   # the Secret", Path.of("/f"), skipped))
        .isEqualTo("kubectl apply -f x.yaml --dry-run=client --validate=false");
    assertThat(rewrite("./mvnw -B verify", Path.of("/f"), skipped)).isNull();
    assertThat(skipped).containsKey("./mvnw -B verify");
  }
}
