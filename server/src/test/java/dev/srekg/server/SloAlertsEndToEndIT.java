package dev.srekg.server;

import static dev.srekg.server.DockerFilesTest.list;
import static dev.srekg.server.DockerFilesTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.srekg.stack.FreePorts;
import dev.srekg.test.Graphs;
import dev.srekg.test.RealStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The example SLOs fire end to end, as in docker/compose.yaml but with Debian's Prometheus 2.42 and Alertmanager 0.25
 * as processes: every checkout and payment request fails, Prometheus evaluates docker/prometheus/rules (the Sloth and
 * Pyrra rules) on the scraped counters, Alertmanager posts with docker/alertmanager.yml's receiver, and the breaches
 * reach the graph under the services, SLOs and generators the examples name. Issue 23.
 */
class SloAlertsEndToEndIT extends ServerIT {

    private static final Path DOCKER = Path.of("..", "docker");

    @TempDir
    Path dir;

    private HttpServer exporter;
    private DebianProcesses processes;

    @AfterEach
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
        if (exporter != null) {
            exporter.stop(0);
        }
    }

    @Test
    void failingRequestsFireTheSlothAndPyrraAlertsIntoTheGraph(RealStack stack) throws Exception {
        List<Integer> ports = FreePorts.pick(2);
        int prometheusPort = ports.get(0);
        int alertmanagerPort = ports.get(1);
        exporter = failingRequestsExporter();
        processes = new DebianProcesses(dir);

        Map<String, Object> am = yaml(DOCKER.resolve("alertmanager.yml"));
        Map<String, Object> webhook =
                map(list(map(list(am.get("receivers")).get(0)).get("webhook_configs"))
                        .get(0));
        webhook.put("url", "http://127.0.0.1:" + port + "/api/v1/alerts");
        Path token = Files.writeString(dir.resolve("srekg-token"), "unused-without-tokens");
        map(map(webhook.get("http_config")).get("authorization")).put("credentials_file", token.toString());
        Path amConfig = write("alertmanager.yml", am);

        Map<String, Object> prometheus = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
        prometheus.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
        prometheus.put("rule_files", List.of(DOCKER.resolve("prometheus/rules").toAbsolutePath() + "/*.yaml"));
        prometheus.put(
                "alerting",
                Map.of(
                        "alertmanagers",
                        List.of(Map.of(
                                "static_configs",
                                List.of(Map.of("targets", List.of("127.0.0.1:" + alertmanagerPort)))))));
        prometheus.put(
                "scrape_configs",
                List.of(Map.of(
                        "job_name",
                        "apps",
                        "static_configs",
                        List.of(Map.of(
                                "targets",
                                List.of("127.0.0.1:" + exporter.getAddress().getPort()))))));
        Path promConfig = write("prometheus.yml", prometheus);

        processes.start(
                "alertmanager",
                "/usr/bin/prometheus-alertmanager",
                "--config.file=" + amConfig,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=");
        processes.start(
                "prometheus",
                "/usr/bin/prometheus",
                "--config.file=" + promConfig,
                "--storage.tsdb.path=" + dir.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort);

        // Sloth's page alert has no 'for'; Pyrra's fastest waits 2m; Prometheus notifies about a minute after start.
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(breaches(stack, "checkout", "requests-availability", "sloth"))
                            .isPositive();
                    assertThat(breaches(stack, "payment", "payment-requests-errors", "pyrra"))
                            .isPositive();
                });
        assertThat(Graphs.count(
                        stack.driver(),
                        "MATCH (:Team {name: 'payments'})-[:OWNS]->(s:Service) WHERE s.name IN ['checkout', 'payment']"
                                + " RETURN count(DISTINCT s)"))
                .isEqualTo(2L);
        assertThat(processes.allAlive()).isTrue();
    }

    private static long breaches(RealStack stack, String service, String slo, String generator) {
        return Graphs.count(
                stack.driver(),
                "MATCH (:SloBreach)-[:BREACHES]->(s:Slo)-[:OF]->(:Service {name: '" + service + "'})"
                        + " WHERE s.name = '" + slo + "' AND s.generator = '" + generator + "' RETURN count(*)");
    }

    /** The OpenTelemetry HTTP server metric as the collector's Prometheus exporter serves it, every request failing. */
    private static HttpServer failingRequestsExporter() throws IOException {
        long t0 = System.nanoTime();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            long n = (System.nanoTime() - t0) / 10_000_000L;
            byte[] body = ("http_server_request_duration_seconds_count{service_name=\"checkout\","
                            + "http_response_status_code=\"500\"} " + n + "\n"
                            + "http_server_request_duration_seconds_count{service_name=\"payment\","
                            + "http_response_status_code=\"503\"} " + n + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private Path write(String name, Map<String, Object> config) throws IOException {
        return Files.writeString(dir.resolve(name), new Yaml().dump(config));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return map(new Yaml().load(Files.readString(file)));
    }
}
