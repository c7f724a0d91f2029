package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionkeys.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/cli-reference.md is the CLI's own help (picocli's usage messages) for every command and
 * subcommand, generated here. The test fails when the file is stale; run it with {@code
 * -Dsessionkeys.writeDocs=true} to rewrite the file.
 */
class CliReferenceTest {

  static final Path FILE = Tools.ROOT.resolve("docs/cli-reference.md");

  @Test
  void theReferenceIsTheCurrentHelp() throws Exception {
    StringBuilder doc = new StringBuilder();
    doc.append("# sessionkeys command reference\n\n")
        .append(
            "<!-- GENERATED from the CLI's help by packaging/src/test/java/dev/sessionkeys/packaging/")
        .append("CliReferenceTest.java; do not edit by hand. Regenerate with:\n")
        .append("     ./mvnw -B -pl packaging -am test -Dtest=CliReferenceTest")
        .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dsessionkeys.writeDocs=true -->\n\n")
        .append("Exit codes everywhere: 0 ok, 1 findings or refusal, 2 usage or input error,")
        .append(" 3 cluster or I/O failure.\n\n");
    List<List<String>> commands = new ArrayList<>();
    collect(List.of(), commands);
    doc.append("Commands: ");
    for (int i = 1; i < commands.size(); i++) {
      String name = String.join(" ", commands.get(i));
      doc.append(i > 1 ? ", " : "")
          .append('[')
          .append(name)
          .append("](#sessionkeys-")
          .append(name.replace(' ', '-'))
          .append(')');
    }
    doc.append("\n");
    for (List<String> command : commands) {
      doc.append("\n## sessionkeys")
          .append(command.isEmpty() ? "" : " " + String.join(" ", command))
          .append("\n\n```text\n")
          .append(help(command).stripTrailing())
          .append("\n```\n");
    }
    String expected = doc.toString();
    if (Boolean.getBoolean("sessionkeys.writeDocs")) {
      Files.writeString(FILE, expected, StandardCharsets.UTF_8);
    }
    assertThat(FILE).exists();
    assertThat(Files.readString(FILE))
        .as("docs/cli-reference.md is stale: rerun this test with -Dsessionkeys.writeDocs=true")
        .isEqualTo(expected);
  }

  /** The command and, depth first, the subcommands its help lists under "Commands:". */
  private static void collect(List<String> command, List<List<String>> into) {
    into.add(command);
    boolean inCommands = false;
    for (String line : help(command).split("\n")) {
      if (line.equals("Commands:")) {
        inCommands = true;
      } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
        String name = line.trim().split("\\s+")[0];
        if (!name.equals("help")) {
          List<String> sub = new ArrayList<>(command);
          sub.add(name);
          collect(sub, into);
        }
      } else if (inCommands && !line.startsWith(" ")) {
        inCommands = false;
      }
    }
  }

  private static String help(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(command + ": " + err).isZero();
    return out.toString().replace("\r\n", "\n");
  }
}
