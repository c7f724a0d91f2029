package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile (for people with Docker; no daemon here to build it) and the jib image (built and
 * run in CI) must stay the same image: same base recipe, user, runtime path and labels.
 */
class DockerfileTest {

  @Test
  void theDockerfileAndTheJibImageAgree() throws Exception {
    String dockerfile = Files.readString(Tools.ROOT.resolve("Dockerfile"));
    String pom = Files.readString(Tools.ROOT.resolve("packaging/pom.xml"));
    assertThat(dockerfile).contains("build-rootfs.sh").contains("FROM scratch");
    assertThat(pom).contains("build-rootfs.sh").contains("<image>scratch</image>");
    Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
    assertThat(user.find()).isTrue();
    assertThat(pom).contains("<user>" + user.group(1) + "</user>");
    assertThat(user.group(1)).doesNotStartWith("0").doesNotStartWith("root");
    assertThat(dockerfile).contains("ENTRYPOINT [\"/opt/java/bin/java\"");
    assertThat(pom).contains("<arg>/opt/java/bin/java</arg>");
    assertThat(labels(dockerfile)).isNotEmpty().isEqualTo(labels(pom));
    // The chart runs the image as the same user.
    String values = Files.readString(Tools.CHART.resolve("values.yaml"));
    String[] ids = user.group(1).split(":");
    assertThat(values).contains("runAsUser: " + ids[0], "runAsGroup: " + ids[1]);
  }

  private static Set<String> labels(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = Pattern.compile("org\\.opencontainers\\.image\\.[a-z.]+[a-z]").matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }
}
