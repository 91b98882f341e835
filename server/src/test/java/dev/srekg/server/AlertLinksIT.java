package dev.srekg.server;

import static dev.srekg.server.DockerFilesTest.list;
import static dev.srekg.server.DockerFilesTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.stack.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * docs/alert-links: Debian's Alertmanager 0.25 with the documented receivers sends an alert to srekg, to a Slack
 * incoming webhook and to PagerDuty (both a local receiver here); the Slack and PagerDuty messages carry srekg's link,
 * and the link resolves to the incident srekg recorded from the same alert, whose answer carries the alert's
 * generator URL back. Issue 22.
 */
class AlertLinksIT extends ServerIT {

    private static final Path DOCS = Path.of("..", "docs", "alert-links");
    private static final String GENERATOR = "http://prometheus:9090/graph?g0.expr=slo%3Aburn";

    @TempDir
    Path dir;

    private DebianProcesses processes;
    private NotificationReceiver receiver;

    @AfterEach
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void slackAndPagerDutyMessagesLinkToTheIncidentSrekgRecordedFromTheSameAlert() throws Exception {
        List<Integer> ports = FreePorts.pick(2);
        int alertmanagerPort = ports.get(0);
        receiver = new NotificationReceiver(ports.get(1));
        receiver.start(NotificationReceiver.Mode.ACCEPT);
        String local = "http://127.0.0.1:" + ports.get(1);

        Path template = Files.writeString(
                dir.resolve("srekg-links.tmpl"),
                Files.readString(DOCS.resolve("srekg-links.tmpl"))
                        .replace("https://srekg.example.com", "http://srekg.test"));
        Map<String, Object> am = map(new Yaml().load(Files.readString(DOCS.resolve("alertmanager-links.yml"))));
        am.put("templates", List.of(template.toString()));
        map(am.get("route")).put("group_wait", "1s");
        for (Object r : list(am.get("receivers"))) {
            Map<String, Object> receiverConfig = map(r);
            switch (receiverConfig.get("name").toString()) {
                case "srekg" -> {
                    Map<String, Object> webhook =
                            map(list(receiverConfig.get("webhook_configs")).get(0));
                    webhook.put("url", "http://127.0.0.1:" + port + "/api/v1/alerts");
                    map(map(webhook.get("http_config")).get("authorization"))
                            .put(
                                    "credentials_file",
                                    Files.writeString(dir.resolve("token"), "unused")
                                            .toString());
                }
                case "oncall-slack" ->
                    map(list(receiverConfig.get("slack_configs")).get(0))
                            .put(
                                    "api_url_file",
                                    Files.writeString(dir.resolve("slack-url"), local + "/slack")
                                            .toString());
                case "oncall-pagerduty" -> {
                    Map<String, Object> pd =
                            map(list(receiverConfig.get("pagerduty_configs")).get(0));
                    pd.put(
                            "routing_key_file",
                            Files.writeString(dir.resolve("pd-key"), "R0UT1NGKEY0000000000000000000000")
                                    .toString());
                    pd.put("url", local + "/pagerduty");
                }
                default -> throw new IllegalStateException("unexpected receiver " + receiverConfig.get("name"));
            }
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), new Yaml().dump(am));
        processes = new DebianProcesses(dir);
        processes.start(
                "alertmanager",
                "/usr/bin/prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort,
                "--cluster.listen-address=");

        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90);
        String alerts = "[{\"labels\": {\"alertname\": \"BudgetBurn\", \"sloth_service\": \"links-svc\","
                + " \"sloth_slo\": \"availability\", \"sloth_severity\": \"page\"},"
                + " \"annotations\": {\"summary\": \"links-svc burns its error budget\"},"
                + " \"startsAt\": \"" + start + "\", \"generatorURL\": \"" + GENERATOR + "\"}]";
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> send(java.net.http.HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + alertmanagerPort + "/api/v2/alerts"))
                                        .header("Content-Type", "application/json")
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(alerts))
                                        .build())
                                .statusCode()
                        == 200);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> receiver.accepted().stream()
                                .map(NotificationReceiver.Delivery::path)
                                .distinct()
                                .count()
                        == 2);
        JsonNode slack = body("/slack");
        JsonNode attachment = slack.path("attachments").get(0);
        String link = attachment.path("title_link").asString();
        assertThat(link).startsWith("http://srekg.test/#/alert?fingerprint=");
        assertThat(link).contains("&startsAt=" + start + "&service=links-svc");
        assertThat(attachment.path("title").asString()).isEqualTo("BudgetBurn: links-svc availability");
        assertThat(attachment
                        .path("actions")
                        .valueStream()
                        .map(a -> a.path("url").asString()))
                .containsExactly(link, GENERATOR);
        JsonNode pagerDuty = body("/pagerduty");
        assertThat(pagerDuty.path("routing_key").asString()).isEqualTo("R0UT1NGKEY0000000000000000000000");
        assertThat(pagerDuty.path("links").valueStream().map(l -> l.path("href").asString()))
                .containsExactly(link, GENERATOR);

        // The same alert reached srekg through its webhook: the link opens its incident.
        String incident = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(get("/api/v1/incidents"))
                                .valueStream()
                                .filter(i -> i.path("service").asString().equals("links-svc"))
                                .map(i -> i.path("id").asString())
                                .findFirst()
                                .orElse(null),
                        id -> id != null);
        JsonNode resolved = json(get("/api/v1/alert-link?" + link.substring(link.indexOf('?') + 1)));
        assertThat(resolved.path("incident").asString()).isEqualTo(incident);
        assertThat(resolved.path("ui").asString()).isEqualTo("#/incident/" + incident);
        assertThat(resolved.path("at").asString()).isEqualTo(start.toString());
        assertThat(json(get("/api/v1/incidents/" + incident))
                        .path("incident")
                        .path("generatorUrl")
                        .asString())
                .isEqualTo(GENERATOR);

        // A Grafana data link: the service and the moment of a point (epoch ms) inside the breach.
        JsonNode grafana = json(get("/api/v1/alert-link?service=links-svc&startsAt="
                + start.plusSeconds(30).toEpochMilli()));
        assertThat(grafana.path("incident").asString()).as(grafana.toString()).isEqualTo(incident);
        // A service without a breach then: its context at that moment.
        JsonNode quiet = json(get("/api/v1/alert-link?service=quiet-svc&startsAt=" + start));
        assertThat(quiet.path("incident").isNull()).isTrue();
        assertThat(quiet.path("ui").asString()).isEqualTo("#/context/quiet-svc?at=" + start);
        var bad = get("/api/v1/alert-link?service=links-svc&startsAt=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    private JsonNode body(String path) {
        return JSON.readTree(receiver.accepted().stream()
                .filter(d -> d.path().equals(path))
                .findFirst()
                .orElseThrow()
                .body());
    }
}
