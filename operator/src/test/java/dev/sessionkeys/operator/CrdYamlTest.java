package dev.sessionkeys.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD under deploy/ is the one the build generates from the Java types, byte for byte. */
class CrdYamlTest {

  static final String FILE = "sessionkeysets.sessionkeys.dev-v1.yml";

  /** deploy/ at the repository root, found from the module directory Maven runs tests in. */
  static Path deployDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy/crd"))) {
        return p.resolve("deploy");
      }
    }
    throw new IllegalStateException("no deploy/crd above " + here);
  }

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    String generated;
    try (InputStream in = CrdYamlTest.class.getResourceAsStream("/META-INF/fabric8/" + FILE)) {
      assertThat(in).as("the CRD generator ran in process-classes").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String committed = Files.readString(deployDir().resolve("crd").resolve(FILE));
    assertThat(committed)
        .as(
            "deploy/crd/"
                + FILE
                + " is stale: copy operator/target/classes/META-INF/fabric8/"
                + FILE
                + " over it")
        .isEqualTo(generated);
  }
}
