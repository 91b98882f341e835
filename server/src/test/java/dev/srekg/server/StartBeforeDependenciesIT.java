package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.stack.EmbeddedKafka;
import dev.srekg.stack.EmbeddedNeo4j;
import dev.srekg.stack.FreePorts;
import dev.srekg.test.Fixtures;
import dev.srekg.test.Graphs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * srekg's jar started where nothing answers yet, as on a cold {@code docker compose up}: it stays up, live but not
 * ready, retrying with a log line per attempt, for a minute; then Neo4j and Kafka start on the addresses it was given,
 * and it applies its migrations, becomes ready and ingests, here a signed GitHub webhook with tokens on (which GitHub
 * cannot present). Issue 23.
 */
class StartBeforeDependenciesIT {

    private static final String TOKEN = "it-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private EmbeddedNeo4j neo4j;
    private EmbeddedKafka kafka;
    private Process srekg;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (srekg != null && srekg.isAlive()) {
            srekg.destroy();
            if (!srekg.waitFor(30, TimeUnit.SECONDS)) {
                srekg.destroyForcibly().waitFor();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (neo4j != null) {
            neo4j.close();
        }
    }

    @Test
    void startedBeforeNeo4jAndKafkaItWaitsNotReadyThenBecomesReadyAndIngests() throws Exception {
        List<Integer> ports = FreePorts.pick(4);
        int bolt = ports.get(0);
        int kafkaPort = ports.get(1);
        int controller = ports.get(2);
        int http = ports.get(3);
        srekg = start(
                "--server.port=" + http,
                "--srekg.kafka.bootstrap=127.0.0.1:" + kafkaPort,
                "--srekg.neo4j.uri=bolt://127.0.0.1:" + bolt,
                "--srekg.security.tokens=" + TOKEN,
                "--srekg.ingest.github-webhook-secret=" + GitHubWebhookIT.SECRET,
                "--srekg.api.incidents.poll-interval=1s");
        String base = "http://127.0.0.1:" + http;

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() ->
                        assertThat(Files.readString(log)).contains("Waiting for Neo4j at bolt://127.0.0.1:" + bolt));
        await().during(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(75)).untilAsserted(() -> {
            assertThat(srekg.isAlive()).as("srekg keeps running").isTrue();
            assertThat(status(base + "/actuator/health/readiness")).isEqualTo(503);
            assertThat(status(base + "/actuator/health/liveness")).isEqualTo(200);
        });
        assertThat(Files.readString(log))
                .as("a log line per attempt, the waits capped")
                .contains("attempt 5 failed")
                .contains("next attempt in 15s")
                .doesNotContain("srekg failed to start");

        neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), bolt);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, controller);

        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() ->
                        assertThat(status(base + "/actuator/health/readiness")).isEqualTo(200));
        assertThat(Files.readString(log)).contains("Applied schema migration").contains("srekg is ready");

        byte[] body = Fixtures.bytes("github/issue-opened.json");
        assertThat(github(base, null, body).statusCode())
                .as("unsigned, no token")
                .isEqualTo(401);
        assertThat(github(base, GitHubWebhookIT.sign("another-secret", body), body)
                        .statusCode())
                .as("badly signed")
                .isEqualTo(401);
        HttpResponse<String> signed = github(base, GitHubWebhookIT.sign(GitHubWebhookIT.SECRET, body), body);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
        try (Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(Graphs.count(
                                    driver,
                                    "MATCH (t:Ticket {system: 'github'})-[:ABOUT]->(:Service {name: 'shipping-service'})"
                                            + " RETURN count(t)"))
                            .isEqualTo(1L));
        }
        assertThat(srekg.isAlive()).isTrue();
    }

    @Test
    void stoppedWhileItWaitsItExits() throws Exception {
        List<Integer> ports = FreePorts.pick(3);
        srekg = start(
                "--server.port=" + ports.get(0),
                "--srekg.kafka.bootstrap=127.0.0.1:" + ports.get(1),
                "--srekg.neo4j.uri=bolt://127.0.0.1:" + ports.get(2));
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(Files.readString(log)).contains("Waiting for Neo4j"));
        srekg.destroy();
        assertThat(srekg.waitFor(30, TimeUnit.SECONDS))
                .as("SIGTERM ends a start that waits")
                .isTrue();
    }

    private Process start(String... args) throws Exception {
        assertThat(IngestOnly.JAR)
                .as("srekg's jar (mvn package builds it before the integration tests)")
                .exists();
        log = dir.resolve("srekg.log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "-jar",
                IngestOnly.JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static int status(String uri) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpResponse<String> github(String base, String signature, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
