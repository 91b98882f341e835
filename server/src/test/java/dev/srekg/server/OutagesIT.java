package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.StreamStats;
import dev.srekg.stack.EmbeddedKafka;
import dev.srekg.stack.EmbeddedNeo4j;
import dev.srekg.stack.FreePorts;
import dev.srekg.test.Graphs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Neo4j unavailable for 30 s, and the broker restarted, while srekg ingests a live mixed stream (the demo shop at
 * twenty times its speed): the workers retry with capped backoff and go on, nothing is dead-lettered, and the graph
 * ends identical to a run without faults. Each test has a Neo4j and a broker of its own, stopped and started again on
 * the same data and ports, so the other tests' stack is not touched. Issue 9.
 */
class OutagesIT {

    private static final Duration PACE = Duration.ofMillis(50);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final List<Integer> ports = FreePorts.pick(3);
    private final int boltPort = ports.get(0);
    private final int kafkaPort = ports.get(1);
    private final int controllerPort = ports.get(2);
    private EmbeddedNeo4j neo4j;
    private EmbeddedKafka kafka;
    private Driver driver;
    private Admin admin;
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startStack() {
        neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), boltPort);
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterEach
    void stopStack() {
        producer.shutdownNow();
        admin.close();
        driver.close();
        kafka.close();
        neo4j.close();
    }

    @Test
    void whenNeo4jIsUnavailableFor30SecondsTheWorkersRetryAndLoseNothing() throws Exception {
        Run run = ingestLiveWith("neo4j-outage", () -> {
            neo4j.close();
            Thread.sleep(30_000);
            neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), boltPort);
        });
        assertThat(run.stats().stream().mapToLong(StreamStats::writeRetries).sum())
                .as("writes retried while Neo4j was down")
                .isPositive();
        assertSameGraphAsARunWithoutFaults("neo4j-outage", run.records());
    }

    @Test
    void whenTheBrokerRestartsMidStreamConsumptionResumesAndNothingIsLostOrWrittenTwice() throws Exception {
        Run run = ingestLiveWith("broker-restart", () -> {
            kafka.close();
            Thread.sleep(5_000);
            kafka = EmbeddedKafka.start(dir.resolve("kafka"), kafkaPort, controllerPort);
        });
        assertSameGraphAsARunWithoutFaults("broker-restart", run.records());
    }

    @Test
    void whileNeo4jIsUnavailableTheApiAnswers503WithAProblemAndRecovers() throws Exception {
        try (ConfigurableApplicationContext api = new SpringApplicationBuilder(SrekgApplication.class)
                .run(
                        "--srekg.role=api",
                        "--server.port=0",
                        "--srekg.kafka.bootstrap=" + kafka.bootstrapServers(),
                        "--srekg.neo4j.uri=" + neo4j.boltUri())) {
            String base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
            assertThat(get(base + "/api/v1/services").statusCode()).isEqualTo(200);

            neo4j.close();
            long t0 = System.nanoTime();
            HttpResponse<String> down = get(base + "/api/v1/services");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(down.body()).contains("Graph unavailable").doesNotContain("Exception");
            assertThat(took).as("answered without waiting out the outage").isLessThan(Duration.ofSeconds(20));
            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(503);

            neo4j = EmbeddedNeo4j.start(dir.resolve("neo4j"), boltPort);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(get(base + "/api/v1/services").statusCode())
                                    .isEqualTo(200));
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private record Run(int records, List<StreamStats> stats) {}

    /**
     * Sends the shop live while one worker ingests it, injects the fault once the first trace flush is written, and
     * waits until everything sent is written; every stream's worker must still run and none may have dead-lettered.
     */
    private Run ingestLiveWith(String prefix, Fault fault) throws Exception {
        ShopStream.createTopics(admin, prefix);
        try (ConfigurableApplicationContext worker = start(prefix, "live")) {
            Future<Integer> sent = producer.submit(() -> ShopStream.send(kafka.bootstrapServers(), prefix, PACE));
            awaitTraceCheckpoint();
            fault.inject();
            int records = sent.get(3, TimeUnit.MINUTES);
            ShopStream.awaitWritten(admin, driver, prefix, "live");
            List<StreamStats> stats = worker.getBean(IngestWorkers.class).stats();
            assertThat(stats).as("every stream's worker still running").allMatch(StreamStats::running);
            assertThat(stats).as("nothing dead-lettered").allMatch(s -> s.deadLettered() == 0);
            return new Run(records, stats);
        }
    }

    /** Replays the topics with a new group into an empty graph and compares the whole graph. */
    private void assertSameGraphAsARunWithoutFaults(String prefix, int records) throws Exception {
        List<String> afterFault = ShopStream.snapshot(driver);
        assertThat(afterFault).anyMatch(l -> l.startsWith("node [EdgeHour]"));
        Graphs.deleteAllData(driver);
        try (ConfigurableApplicationContext reference = start(prefix, "reference")) {
            ShopStream.awaitWritten(admin, driver, prefix, "reference");
        }
        assertThat(afterFault)
                .as("graph after the fault (%d records) vs a run without faults", records)
                .containsExactlyInAnyOrderElementsOf(ShopStream.snapshot(driver));
    }

    /** Mid-stream: the trace worker has written a first flush. */
    private void awaitTraceCheckpoint() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (Graphs.count(driver, "MATCH (c:TraceCheckpoint) RETURN count(c)") == 0) {
            assertThat(System.nanoTime())
                    .as("a first trace flush within a minute")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private ConfigurableApplicationContext start(String prefix, String group) {
        return IngestOnly.start(
                kafka.bootstrapServers(),
                neo4j.boltUri(),
                prefix,
                group,
                "--srekg.ingest.traces.idle-flush=1s",
                "--srekg.ingest.traces.flush-interval=500ms");
    }
}
