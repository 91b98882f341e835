package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.slo.Breach;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Docker cannot run here, so the production files in docker/ are checked as files: images, ports, environment,
 * referenced files, and that the collector and Alertmanager point where srekg listens (issue 8); healthchecks and the
 * order of start, data volumes, message limits, memory limits, the build context, and the example SLOs' alerts
 * through srekg's own parser (issue 23).
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void composeRunsTheEstateWithPinnedImagesAndTwoIngestWorkers() throws IOException {
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        assertThat(services)
                .containsOnlyKeys(
                        "neo4j", "kafka", "otel-collector", "prometheus", "alertmanager", "srekg-ingest", "srekg-api");
        services.forEach((name, s) -> {
            String image = String.valueOf(map(s).get("image"));
            if (name.startsWith("srekg")) {
                assertThat(image).as(name).isEqualTo("srekg:latest");
            } else {
                assertThat(image).as(name + " pins its image").matches("[a-z0-9./-]+:v?[0-9][^:]*");
            }
        });
        assertThat(map(services.get("neo4j")).get("image")).asString().matches("neo4j:5\\.26\\.[0-9]+-community");
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
        assertThat(mounted)
                .contains(
                        "./otel-collector.yaml",
                        "./alertmanager.yml",
                        "./srekg-token",
                        "./prometheus/prometheus.yml",
                        "./prometheus/rules");
        mounted.forEach(m -> assertThat(DOCKER.resolve(m)).as(m).exists());
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
        assertThat(map(map(pyrra.get("metadata")).get("labels")).get("pyrra.dev/service"))
                .isEqualTo("payment");
    }

    @Test
    void everyServiceOthersWaitForHasAHealthcheckAndTheyWaitUntilItIsHealthy() throws IOException {
        // issue 23
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        services.forEach((name, s) -> {
            Map<String, Object> service = map(s);
            assertThat(service.get("restart")).as(name + " restarts").isEqualTo("unless-stopped");
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            map(dependsOn).forEach((dependency, condition) -> {
                Map<String, Object> other = map(services.get(dependency));
                boolean built = String.valueOf(other.get("image")).startsWith("srekg:");
                if (!dependency.equals("srekg-ingest")) {
                    assertThat(map(condition).get("condition"))
                            .as("%s waits until %s is healthy", name, dependency)
                            .isEqualTo("service_healthy");
                }
                if ("service_healthy".equals(map(condition).get("condition"))) {
                    assertThat(other.containsKey("healthcheck") || (built && dockerfile.contains("HEALTHCHECK")))
                            .as("%s, which %s waits for, has a healthcheck", dependency, name)
                            .isTrue();
                }
            });
        });
        assertThat(dockerfile)
                .as("srekg's image reports its readiness")
                .containsPattern("(?m)^HEALTHCHECK (.*\\\\\n)*.*/actuator/health/readiness");
    }

    @Test
    void everyDataVolumeIsTheDirectoryItsImageWrites() throws IOException {
        // issue 23: the apache/kafka image writes to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise
        Map<String, Object> compose = yaml("compose.yaml");
        Map<String, Object> services = map(compose.get("services"));
        Map<String, String> dataDirs = Map.of(
                "neo4j", "/data",
                "kafka",
                        String.valueOf(map(map(services.get("kafka")).get("environment"))
                                .get("KAFKA_LOG_DIRS")),
                "prometheus", flag(services.get("prometheus"), "--storage.tsdb.path"),
                "alertmanager", flag(services.get("alertmanager"), "--storage.path"));
        assertThat(dataDirs.get("kafka")).isEqualTo("/var/lib/kafka/data");
        Set<String> named = map(compose.get("volumes")).keySet();
        dataDirs.forEach((name, dir) -> assertThat(list(map(services.get(name)).get("volumes")))
                .as("%s keeps %s on a named volume", name, dir)
                .anySatisfy(v -> {
                    String[] parts = String.valueOf(v).split(":");
                    assertThat(named).contains(parts[0]);
                    assertThat(parts[1]).isEqualTo(dir);
                }));
        services.forEach((name, s) -> {
            for (Object v : list(map(s).getOrDefault("volumes", List.of()))) {
                String source = String.valueOf(v).split(":")[0];
                if (!source.startsWith(".")) {
                    assertThat(dataDirs)
                            .as("%s mounts %s where its image writes", name, source)
                            .containsKey(name);
                }
            }
        });
    }

    @Test
    void messageLimitsAgreeFromTheCollectorThroughTheBrokerToSrekg() throws IOException {
        // issue 23: the collector sent 4 MB batches to a broker that took 1 MB
        long collector = ((Number) map(map(map(yaml("otel-collector.yaml").get("exporters"))
                                        .get("kafka"))
                                .get("producer"))
                        .get("max_message_bytes"))
                .longValue();
        Map<String, Object> kafkaEnv =
                map(map(map(yaml("compose.yaml").get("services")).get("kafka")).get("environment"));
        long broker = ((Number) kafkaEnv.get("KAFKA_MESSAGE_MAX_BYTES")).longValue();
        Map<String, Object> srekgEnv = srekgEnvironment();
        long srekg = DataSize.parse(String.valueOf(srekgEnv.getOrDefault(
                        "SREKG_INGEST_MAXRECORDSIZE",
                        map(map(applicationYml().get("srekg")).get("ingest")).get("max-record-size"))))
                .toBytes();
        assertThat(collector).as("collector's batches fit the broker").isLessThanOrEqualTo(broker);
        assertThat(broker).as("the broker's records fit srekg's record limit").isLessThanOrEqualTo(srekg);
        long webhook = DataSize.parse(String.valueOf(
                        map(map(applicationYml().get("srekg")).get("ingest")).get("webhook-max-size")))
                .toBytes();
        assertThat(webhook).as("a webhook body srekg takes fits the broker").isLessThanOrEqualTo(broker);
        // Alertmanager does not retry a 4xx: a group's body must fit srekg's webhook limit (alerts of ~2 KB).
        Map<String, Object> webhookConfig = map(
                list(map(list(yaml("alertmanager.yml").get("receivers")).get(0)).get("webhook_configs"))
                        .get(0));
        int maxAlerts = ((Number) webhookConfig.get("max_alerts")).intValue();
        assertThat(maxAlerts).isPositive();
        assertThat(maxAlerts * 4096L).isLessThanOrEqualTo(webhook);
    }

    @Test
    void producersOutsideTheNetworkHaveAnAdvertisedHostListener() throws IOException {
        Map<String, Object> kafka =
                map(map(yaml("compose.yaml").get("services")).get("kafka"));
        Map<String, Object> env = map(kafka.get("environment"));
        assertThat(String.valueOf(env.get("KAFKA_LISTENERS"))).contains("HOST://:9094");
        assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS")))
                .contains("PLAINTEXT://kafka:9092")
                .containsPattern("HOST://\\$\\{KAFKA_HOST_ADVERTISED:-localhost:9094}");
        assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")))
                .contains("HOST:PLAINTEXT");
        assertThat(list(kafka.get("ports"))).contains("9094:9094");
    }

    @Test
    void everyServiceHasAMemoryLimitAndSrekgsHeapFitsIt() throws IOException {
        Map<String, Object> services = map(yaml("compose.yaml").get("services"));
        services.forEach((name, s) -> assertThat(
                        map(map(map(map(s).get("deploy")).get("resources")).get("limits"))
                                .get("memory"))
                .as(name + " has a memory limit")
                .asString()
                .matches("[0-9]+[mg]"));
        assertThat(Files.readString(DOCKER.resolve("Dockerfile"))).contains("-XX:MaxRAMPercentage=60");
    }

    @Test
    void requiredSrekgSettingsAreSetForANetworkedDeployment() throws IOException {
        Map<String, Object> env = srekgEnvironment();
        assertThat(env)
                .containsKeys(
                        "SREKG_KAFKA_BOOTSTRAP",
                        "SREKG_NEO4J_URI",
                        "SREKG_NEO4J_USER",
                        "SREKG_NEO4J_PASSWORD",
                        // without tokens srekg listens on 127.0.0.1 only, out of the other containers' reach
                        "SREKG_SECURITY_TOKENS",
                        "SREKG_INGEST_GITHUBWEBHOOKSECRET");
        assertThat(env.values()).allSatisfy(v -> assertThat(String.valueOf(v)).isNotBlank());
    }

    @Test
    void buildContextLeavesOutGitBuildOutputAndData() throws IOException {
        List<String> ignored = Files.readAllLines(DOCKER.resolve("../.dockerignore"));
        assertThat(ignored).contains(".git", "**/target", "data");
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile.indexOf("go-offline"))
                .as("dependencies resolved in a layer before the sources are copied")
                .isPositive()
                .isLessThan(dockerfile.indexOf("COPY . ."));
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile);
        while (from.find()) {
            assertThat(from.group(1)).as("pinned base image").matches("[a-z0-9./-]+:[0-9]+\\.[0-9]+\\.[0-9][^ ]*");
        }
    }

    @Test
    void theAlertsTheSlothAndPyrraRulesFireNameTheirServiceToSrekg() throws IOException {
        // issue 23: Pyrra's example alerts carried no label srekg names a service by. The alerts are those
        // prometheus/tests/slo-alerts.test.yaml expects, which PrometheusRulesIT checks with promtool.
        assertThat(IdentityRules.DEFAULTS.alertServiceLabels())
                .isEqualTo(list(map(map(map(applicationYml().get("srekg")).get("ingest"))
                                .get("identity"))
                        .get("alert-service-labels")));
        List<Map<String, String>> alerts = new ArrayList<>();
        for (Object t : list(yaml("prometheus/tests/slo-alerts.test.yaml").get("tests"))) {
            for (Object r : list(map(t).get("alert_rule_test"))) {
                for (Object a : list(map(r).get("exp_alerts"))) {
                    Map<String, String> labels = new java.util.TreeMap<>();
                    map(map(a).get("exp_labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
                    labels.put("alertname", String.valueOf(map(r).get("alertname")));
                    alerts.add(labels);
                }
            }
        }
        assertThat(alerts)
                .extracting(a -> a.get("alertname"))
                .contains("CheckoutAvailabilityBudgetBurn", "PaymentErrorBudgetBurn");
        StringBuilder body =
                new StringBuilder("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"srekg\",\"alerts\":[");
        for (int i = 0; i < alerts.size(); i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"status\":\"firing\",\"labels\":")
                    .append(JSON.writeValueAsString(alerts.get(i)))
                    .append(",\"annotations\":{},\"startsAt\":\"2026-12-01T03:00:00Z\",")
                    .append("\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"f")
                    .append(i)
                    .append("\"}");
        }
        body.append("]}");
        ParseResult result = new AlertsParser(IdentityRules.DEFAULTS)
                .parse(new IncomingRecord(
                        "sre.alerts", 0, 0, body.toString().getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        List<Breach> breaches = ((ParseResult.Parsed) result)
                .events().stream().map(Breach.class::cast).toList();
        assertThat(breaches).as("every alert becomes a breach").hasSize(alerts.size());
        assertThat(breaches)
                .filteredOn(b -> b.alertName().equals("CheckoutAvailabilityBudgetBurn"))
                .isNotEmpty()
                .allSatisfy(b -> {
                    assertThat(b.service()).isEqualTo("checkout");
                    assertThat(b.slo()).isEqualTo("requests-availability");
                    assertThat(b.generator()).isEqualTo("sloth");
                    assertThat(b.team()).isEqualTo("payments");
                });
        assertThat(breaches)
                .filteredOn(b -> b.alertName().equals("PaymentErrorBudgetBurn"))
                .isNotEmpty()
                .allSatisfy(b -> {
                    assertThat(b.service()).isEqualTo("payment");
                    assertThat(b.slo()).isEqualTo("payment-requests-errors");
                    assertThat(b.generator()).isEqualTo("pyrra");
                    assertThat(b.team()).isEqualTo("payments");
                });
    }

    @Test
    void theRuleFilesAreTheExamplesSpecs() throws IOException {
        Map<String, Object> sloth = yaml("slo/sloth-checkout.yaml");
        String slothRules = Files.readString(DOCKER.resolve("prometheus/rules/sloth-checkout.yaml"));
        Map<String, Object> slo = map(list(sloth.get("slos")).get(0));
        assertThat(slothRules)
                .contains("sloth_service: " + sloth.get("service"))
                .contains("sloth_slo: " + slo.get("name"))
                .contains("alert: " + map(slo.get("alerting")).get("name"))
                .contains("vector(" + (Double.parseDouble(String.valueOf(slo.get("objective"))) / 100));
        Map<String, Object> pyrra = yaml("slo/pyrra-payment.yaml");
        Map<String, Object> metadata = map(pyrra.get("metadata"));
        String pyrraRules = Files.readString(DOCKER.resolve("prometheus/rules/pyrra-payment.yaml"));
        assertThat(map(metadata.get("labels"))).containsEntry("pyrra.dev/service", "payment");
        assertThat(pyrraRules)
                .contains("slo: " + metadata.get("name"))
                .contains("service: payment")
                .contains(
                        "alert: " + map(map(pyrra.get("spec")).get("alerting")).get("name"))
                .contains("(1-0."
                        + String.valueOf(map(pyrra.get("spec")).get("target")).replace(".", "") + ")");
        List<String> ruleFiles = list(yaml("prometheus/prometheus.yml").get("rule_files")).stream()
                .map(String::valueOf)
                .toList();
        assertThat(ruleFiles).containsExactly("/etc/prometheus/rules/*.yaml");
        assertThat(list(map(map(yaml("compose.yaml").get("services")).get("prometheus"))
                        .get("volumes")))
                .contains("./prometheus/rules:/etc/prometheus/rules:ro");
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

    private static Map<String, Object> srekgEnvironment() throws IOException {
        return map(map(map(yaml("compose.yaml").get("services")).get("srekg-ingest"))
                .get("environment"));
    }

    /** The value of a {@code --name=value} argument in a service's command. */
    private static String flag(Object service, String name) {
        return list(map(service).get("command")).stream()
                .map(String::valueOf)
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not set"));
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

    /** A YAML mapping, asserted to be one. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    /** A YAML sequence, asserted to be one. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }
}
