package dev.sessionkeys.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The values.yaml that {@code sessionkeys init} writes, given to a chart with the Fairwinds
 * Insights chart's key handling (a fixture written for this test: options.autogenerateKeys,
 * options.secretName, a Secret generated when autogenerating), rendered by the real helm: the chart
 * then renders no Secret of its own and its app reads ours. The combinations that would make it
 * render one anyway are the ones {@code check --values} flags.
 */
class FairwindsChartTest {

  @TempDir Path work;
  private Path chart;

  @BeforeEach
  void initWritesTheFiles() throws Exception {
    chart = fixture();
    Proc.Result init = Proc.sessionkeys(work, null, "init");
    assertThat(init.code()).as(init.said()).isZero();
    assertThat(work.resolve("secrets.yaml")).exists();
    assertThat(work.resolve("values.yaml")).exists();
  }

  @Test
  void theUpstreamDefaultsGenerateASecretAtEveryRender() throws Exception {
    List<HasMetadata> objects = render(null);
    assertThat(Manifests.ofKind(objects, Secret.class)).hasSize(1);
  }

  @Test
  void initsValuesMakeTheChartUseOurSecretAndRenderNoneOfItsOwn() throws Exception {
    List<HasMetadata> objects = render(work.resolve("values.yaml"));
    assertThat(Manifests.ofKind(objects, Secret.class)).isEmpty();
    Secret ours = (Secret) Manifests.parse(Files.readString(work.resolve("secrets.yaml"))).get(0);
    assertThat(envFromSecret(objects)).isEqualTo(ours.getMetadata().getName());
    Proc.Result check =
        Proc.sessionkeys(work, null, "check", "secrets.yaml", "--values", "values.yaml");
    assertThat(check.code()).as(check.said()).isZero();
  }

  @Test
  void aCustomSecretNameIsFollowedByTheChart() throws Exception {
    Path other = Files.createDirectories(work.resolve("other"));
    Proc.Result init = Proc.sessionkeys(other, null, "init", "--secret-name", "insights-keys");
    assertThat(init.code()).as(init.said()).isZero();
    List<HasMetadata> objects = render(other.resolve("values.yaml"));
    assertThat(Manifests.ofKind(objects, Secret.class)).isEmpty();
    assertThat(envFromSecret(objects)).isEqualTo("insights-keys");
  }

  /** Values that make helm generate (and so overwrite) keys, or point the app elsewhere. */
  static Stream<Arguments> riskyValues() {
    return Stream.of(
        Arguments.of(
            "autogenerateKeys: true\n  secretName: fwinsights-secrets",
            true,
            "autogenerate-keys-on"),
        Arguments.of(
            "autogenerateKeys: \"false\"\n  secretName: fwinsights-secrets", true, "quoted string"),
        Arguments.of(
            "autogenerateKeys: false\n  secretName: other-secret", false, "secret-name-mismatch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("riskyValues")
  void riskyCombinationsRenderTheWrongThingAndCheckFlagsThem(
      String options, boolean rendersASecret, String finding) throws Exception {
    Path values = Files.writeString(work.resolve("risky.yaml"), "options:\n  " + options + "\n");
    List<HasMetadata> objects = render(values);
    if (rendersASecret) {
      // helm would replace the keys in our Secret with fresh random ones: everyone logged out.
      assertThat(Manifests.ofKind(objects, Secret.class))
          .extracting(s -> s.getMetadata().getName())
          .containsExactly("fwinsights-secrets");
    } else {
      assertThat(envFromSecret(objects)).isNotEqualTo("fwinsights-secrets");
    }
    Proc.Result check =
        Proc.sessionkeys(work, null, "check", "secrets.yaml", "--values", "risky.yaml");
    assertThat(check.code()).as(check.said()).isEqualTo(1);
    assertThat(check.out()).contains(finding);
  }

  private static String envFromSecret(List<HasMetadata> objects) {
    return Manifests.one(objects, Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnvFrom()
        .get(0)
        .getSecretRef()
        .getName();
  }

  /** helm template of the fixture chart, with its own defaults or the given values file. */
  private List<HasMetadata> render(Path values) throws Exception {
    Proc.Result result =
        values == null
            ? Proc.run(work, Tools.helm().toString(), "template", "insights", chart.toString())
            : Proc.run(
                work,
                Tools.helm().toString(),
                "template",
                "insights",
                chart.toString(),
                "-f",
                values.toString());
    assertThat(result.code()).as(result.said()).isZero();
    return Manifests.parse(result.out());
  }

  static Path fixture() throws URISyntaxException {
    return Path.of(
            FairwindsChartTest.class.getResource("/fairwinds-insights-fixture/Chart.yaml").toURI())
        .getParent();
  }
}
