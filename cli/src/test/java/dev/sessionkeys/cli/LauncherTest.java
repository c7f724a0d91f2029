package dev.sessionkeys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./sessionkeys} launcher script, run by {@code /bin/sh} in a stand-in repository: a jar
 * compiled here whose main class echoes its working directory and arguments and exits with the code
 * it is given, and a stand-in {@code mvnw} that records each build. So the launcher's own mechanics
 * (symlinks, working directory, exit codes, rebuild on change, the class-data archive) are tested
 * without the real CLI or Maven.
 */
class LauncherTest {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("user.dir")).resolve("../sessionkeys").normalize();

  @TempDir Path work;
  private Path root;
  private Path jar;
  private Path builds;

  @BeforeEach
  void standInRepository() throws IOException {
    root = work.resolve("repo");
    Path target = root.resolve("cli/target");
    Files.createDirectories(target.resolve("lib"));
    Files.createDirectories(root.resolve("core/src/main/java/dev/sessionkeys/core"));
    Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Path source = root.resolve("core/src/main/java/dev/sessionkeys/core/Thing.java");
    Files.writeString(source, "class Thing {}\n");
    Files.copy(LAUNCHER, root.resolve("sessionkeys"));
    jar = target.resolve("sessionkeys.jar");
    writeJar(jar);
    // Sources older than the jar: no build expected.
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    Files.setLastModifiedTime(root.resolve("pom.xml"), old);
    Files.setLastModifiedTime(source, old);
    Files.setLastModifiedTime(source.getParent(), old);
    builds = work.resolve("builds.log");
    Path mvnw = root.resolve("mvnw");
    Files.writeString(
        mvnw,
        "#!/bin/sh\necho build >>'" + builds + "'\ntouch '" + jar + "'\n",
        StandardCharsets.UTF_8);
    assertThat(mvnw.toFile().setExecutable(true)).isTrue();
  }

  @Test
  void runsFromAnyDirectoryThroughASymlinkKeepingTheCallersDirectoryAndExitCode() throws Exception {
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Path link = work.resolve("bin/sk");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, root.resolve("sessionkeys"));

    Result result = run(elsewhere, link.toString(), "exit=5", "secrets.yaml", "a b");

    assertThat(result.code()).isEqualTo(5);
    assertThat(result.stdout())
        .contains("dir=" + elsewhere.toRealPath())
        .contains("arg=secrets.yaml")
        .contains("arg=a b");
    assertThat(result.stderr()).isEmpty();
    assertThat(builds).doesNotExist();
  }

  @Test
  void buildsOnceWhenASourceIsNewerThanTheJar() throws Exception {
    Path source = root.resolve("core/src/main/java/dev/sessionkeys/core/Thing.java");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));

    Result first = run(work, root.resolve("sessionkeys").toString(), "exit=0");
    assertThat(first.stderr()).contains("building the CLI");
    assertThat(Files.readAllLines(builds)).hasSize(1);

    // Once the jar is newer than every source again, no further build.
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
    Result second = run(work, root.resolve("sessionkeys").toString(), "exit=0");
    assertThat(second.stderr()).isEmpty();
    assertThat(Files.readAllLines(builds)).hasSize(1);
  }

  @Test
  void aDeletedSourceFileIsAChangeToo() throws Exception {
    Path folder = root.resolve("core/src/main/java/dev/sessionkeys/core");
    Files.delete(folder.resolve("Thing.java"));
    Files.setLastModifiedTime(folder, FileTime.from(Instant.now().plusSeconds(60)));

    Result result = run(work, root.resolve("sessionkeys").toString(), "exit=0");

    assertThat(result.code()).isZero();
    assertThat(Files.readAllLines(builds)).hasSize(1);
  }

  @Test
  void recordsAnArchiveInTheBackgroundAndSurvivesABrokenOne() throws Exception {
    Path cds = root.resolve("cli/target/cds");
    Path archive = cds.resolve("sessionkeys.jsa");
    Path key = cds.resolve("sessionkeys.key");

    Result first = run(work, root.resolve("sessionkeys").toString(), "exit=0");
    assertThat(first.code()).isZero();
    assertThat(awaitFile(key)).as("the archive's key, written after the archive").isTrue();
    assertThat(Files.size(archive)).isPositive();
    assertThat(Files.readString(key)).contains(jar.toString());

    // A damaged archive with a stale key: the JVM goes without it, silently, and the background
    // check replaces it.
    Files.delete(archive);
    Files.writeString(archive, "not an archive");
    Files.writeString(key, "stale");
    Result second = run(work, root.resolve("sessionkeys").toString(), "exit=3");
    assertThat(second.code()).isEqualTo(3);
    assertThat(second.stderr()).isEmpty();
    assertThat(second.stdout()).contains("dir=");
    assertThat(awaitCondition(() -> Files.size(archive) > 100 && !readQuietly(key).equals("stale")))
        .isTrue();

    Result third = run(work, root.resolve("sessionkeys").toString(), "exit=0");
    assertThat(third.code()).isZero();
    assertThat(third.stderr()).isEmpty();
  }

  @Test
  void noArchiveWhenTurnedOff() throws Exception {
    Result result =
        run(work, List.of(root.resolve("sessionkeys").toString(), "exit=0"), "SESSIONKEYS_NO_CDS");
    assertThat(result.code()).isZero();
    Thread.sleep(1_000);
    assertThat(root.resolve("cli/target/cds")).doesNotExist();
  }

  // ---------------------------------------------------------------------------------------------

  private record Result(int code, String stdout, String stderr) {}

  private Result run(Path directory, String... command) throws Exception {
    return run(directory, List.of(command), null);
  }

  private Result run(Path directory, List<String> command, String extraVariable) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add("/bin/sh");
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile());
    builder.environment().remove("SESSIONKEYS_NO_CDS");
    if (extraVariable != null) {
      builder.environment().put(extraVariable, "1");
    }
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static boolean awaitFile(Path file) throws Exception {
    return awaitCondition(() -> Files.isRegularFile(file));
  }

  private static boolean awaitCondition(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.holds();
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * A jar with an echoing main class, and a {@code dev.sessionkeys.cli.Training} that loads a few
   * classes, as the launcher's training run expects.
   */
  private void writeJar(Path jarFile) throws IOException {
    Path sources = Files.createDirectories(work.resolve("fake-src/dev/sessionkeys/cli"));
    Files.writeString(
        sources.resolve("Echo.java"),
        """
        package dev.sessionkeys.cli;
        public class Echo {
          public static void main(String[] args) {
            int code = 0;
            System.out.println("dir=" + System.getProperty("user.dir"));
            for (String arg : args) {
              if (arg.startsWith("exit=")) code = Integer.parseInt(arg.substring(5));
              else System.out.println("arg=" + arg);
            }
            System.exit(code);
          }
        }
        """);
    Files.writeString(
        sources.resolve("Training.java"),
        """
        package dev.sessionkeys.cli;
        public class Training {
          public static void main(String[] args) {
            new java.util.TreeMap<String, String>().put("a", "b");
          }
        }
        """);
    Path classes = Files.createDirectories(work.resolve("fake-classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int compiled =
        compiler.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            sources.resolve("Echo.java").toString(),
            sources.resolve("Training.java").toString());
    assertThat(compiled).isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.sessionkeys.cli.Echo");
    try (OutputStream file = Files.newOutputStream(jarFile);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (String name : List.of("Echo", "Training")) {
        out.putNextEntry(new JarEntry("dev/sessionkeys/cli/" + name + ".class"));
        out.write(Files.readAllBytes(classes.resolve("dev/sessionkeys/cli/" + name + ".class")));
        out.closeEntry();
      }
    }
  }
}
