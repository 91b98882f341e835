package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run here, so the production files in docker/ are checked as files: images, ports, environment,
 * referenced files, and that the collector and Alertmanager point where srekg listens. Issue 8.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void composeRunsTheEstateWithPinnedImagesAndTwoIngestWorkers() throws IOException {
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        assertThat(services)
                .containsOnlyKeys("neo4j", "kafka", "otel-collector", "alertmanager", "srekg-ingest", "srekg-api");
        services.forEach((name, s) -> {
            String image = String.valueOf(map(s).get("image"));
            if (name.startsWith("srekg")) {
                assertThat(image).as(name).isEqualTo("srekg:latest");
            } else {
                assertThat(image).as(name + " pins its image").matches("[a-z0-9./-]+:v?[0-9][^:]*");
            }
        });
        assertThat(map(services.get("neo4j")).get("image")).isEqualTo("neo4j:5.26-community");
        Map<String, Object> ingest = map(services.get("srekg-ingest"));
        assertThat(map(ingest.get("deploy")).get("replicas")).isEqualTo(2);
        assertThat(list(ingest.get("command"))).containsExactly("--srekg.role=ingest");
        assertThat(list(map(services.get("srekg-api")).get("command"))).containsExactly("--srekg.role=api");
        assertThat(list(map(services.get("srekg-api")).get("ports"))).contains("8080:8080");
        assertThat(list(map(services.get("neo4j")).get("ports"))).contains("7687:7687");
        Map<String, Object> build = map(ingest.get("build"));
        assertThat(DOCKER.resolve(String.valueOf(build.get("context")))
                        .resolve(String.valueOf(build.get("dockerfile"))))
                .exists();
    }

    @Test
    void srekgEnvironmentNamesSettingsSrekgHasAndReachesTheOtherServices() throws IOException {
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        Set<String> settings = new HashSet<>();
        flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml"))), settings);
        for (String name : List.of("srekg-ingest", "srekg-api")) {
            Map<String, Object> env = map(map(services.get(name)).get("environment"));
            assertThat(env).as(name).isNotEmpty();
            env.keySet()
                    .forEach(key -> assertThat(settings)
                            .as("%s in %s is a setting of application.yml", key, name)
                            .contains(relaxed(key)));
            assertThat(env.get("SREKG_KAFKA_BOOTSTRAP")).isEqualTo("kafka:9092");
            assertThat(String.valueOf(env.get("SREKG_NEO4J_URI"))).isEqualTo("neo4j://neo4j:7687");
            assertThat(String.valueOf(
                            map(map(services.get("neo4j")).get("environment")).get("NEO4J_AUTH")))
                    .isEqualTo("neo4j/" + env.get("SREKG_NEO4J_PASSWORD"));
        }
    }

    @Test
    void everyMountedFileExists() throws IOException {
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        List<String> mounted = new ArrayList<>();
        services.values().forEach(s -> {
            for (Object v : list(map(s).getOrDefault("volumes", List.of()))) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./")) {
                    mounted.add(source);
                }
            }
        });
        assertThat(mounted).contains("./otel-collector.yaml", "./alertmanager.yml", "./srekg-token");
        mounted.forEach(m -> assertThat(DOCKER.resolve(m)).as(m).isRegularFile());
    }

    @Test
    void collectorKafkaExporterWritesTheTopicAndEncodingSrekgReads() throws IOException {
        Map<String, Object> collector = yaml("otel-collector.yaml");
        Map<String, Object> kafka = map(map(collector.get("exporters")).get("kafka"));
        Map<String, Object> traces = map(kafka.get("traces"));
        Map<String, Object> srekgTraces =
                map(map(map(applicationYml().get("srekg")).get("ingest")).get("traces"));
        assertThat(traces.get("topic")).isEqualTo(srekgTraces.get("topic"));
        assertThat(traces.get("encoding")).isEqualTo(srekgTraces.get("encoding"));
        assertThat(list(kafka.get("brokers"))).containsExactly("kafka:9092");
        // Two ingest replicas pair span halves only within a worker: a trace must stay on one partition.
        assertThat(kafka.get("partition_traces_by_id")).isEqualTo(true);
        Map<String, Object> pipeline =
                map(map(map(collector.get("service")).get("pipelines")).get("traces"));
        assertThat(list(pipeline.get("exporters"))).contains("kafka");
        assertThat(list(pipeline.get("receivers")))
                .allSatisfy(r -> assertThat(map(collector.get("receivers"))).containsKey(String.valueOf(r)));
        assertThat(list(pipeline.get("processors")))
                .allSatisfy(p -> assertThat(map(collector.get("processors"))).containsKey(String.valueOf(p)));
    }

    @Test
    void alertmanagerPostsFiringAndResolvedAlertsToSrekgsWebhook() throws IOException {
        Map<String, Object> am = yaml("alertmanager.yml");
        String receiver = String.valueOf(map(am.get("route")).get("receiver"));
        Map<String, Object> srekg = list(am.get("receivers")).stream()
                .map(DockerFilesTest::map)
                .filter(r -> receiver.equals(r.get("name")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> webhook = map(list(srekg.get("webhook_configs")).get(0));
        assertThat(webhook.get("url")).isEqualTo("http://srekg-api:8080/api/v1/alerts");
        assertThat(webhook.get("send_resolved")).isEqualTo(true);
        // Alertmanager presents the token srekg accepts.
        Map<String, Object> authorization = map(map(webhook.get("http_config")).get("authorization"));
        assertThat(authorization.get("type")).isEqualTo("Bearer");
        String tokenFile = String.valueOf(authorization.get("credentials_file"));
        Map<String, Object> alertmanager =
                map(map(yaml("compose.yaml").get("services")).get("alertmanager"));
        String mounted = list(alertmanager.get("volumes")).stream()
                .map(String::valueOf)
                .filter(v -> v.split(":")[1].equals(tokenFile))
                .map(v -> v.split(":")[0])
                .findFirst()
                .orElseThrow();
        Map<String, Object> api = map(
                map(map(yaml("compose.yaml").get("services")).get("srekg-api")).get("environment"));
        assertThat(Files.readString(DOCKER.resolve(mounted)).strip()).isEqualTo(api.get("SREKG_SECURITY_TOKENS"));
    }

    @Test
    void sloRulesCarryTheLabelsSrekgNamesServicesBy() throws IOException {
        Map<String, Object> sloth = yaml("slo/sloth-checkout.yaml");
        assertThat(sloth.get("version")).isEqualTo("prometheus/v1");
        assertThat(sloth.get("service")).isEqualTo("checkout");
        assertThat(list(sloth.get("slos"))).isNotEmpty();
        Map<String, Object> pyrra = yaml("slo/pyrra-payment.yaml");
        assertThat(pyrra.get("kind")).isEqualTo("ServiceLevelObjective");
        assertThat(map(map(pyrra.get("metadata")).get("labels")).get("service")).isEqualTo("payment");
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsTheJarOfTheServerModule() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
        List<String> stages = new ArrayList<>();
        while (from.find()) {
            stages.add(from.group(1));
        }
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("maven:");
        assertThat(dockerfile).contains("mvn ").contains("COPY --from=build /src/server/target/srekg.jar");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>srekg</finalName>");
        assertThat(dockerfile).containsPattern("(?m)^USER (?!root)");
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(DOCKER.resolve(file)));
    }

    private static Map<String, Object> applicationYml() throws IOException {
        return new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
    }

    /** An environment variable as Spring's relaxed binding reads it: SREKG_KAFKA_BOOTSTRAP names srekg.kafka.bootstrap. */
    private static String relaxed(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace("_", "");
    }

    private static void flatten(String prefix, Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix + k + ".", v, into));
        } else {
            into.add(prefix.substring(0, prefix.length() - 1)
                    .replace(".", "")
                    .replace("-", "")
                    .toLowerCase(Locale.ROOT));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
