package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * srekg with its local stack stops in under 10 s while a console query computes within one row (before the fix the
 * database's shutdown waited for it, minutes; Ctrl-C needed SIGKILL). Issue 17.
 */
class RunawayShutdownIT {

    @TempDir
    Path dataDir;

    @Test
    void stopsInUnderTenSecondsWithARunawayQueryRunning() throws Exception {
        SrekgApplication.Srekg srekg = SrekgApplication.start(
                "--srekg.local.data-dir=" + dataDir,
                "--srekg.local.bolt-port=0",
                "--srekg.local.kafka-port=0",
                "--srekg.local.controller-port=0",
                "--server.port=0",
                "--srekg.ingest.group-id=runaway-shutdown-it",
                // the query's own timeout is far away: only the shutdown can end it
                "--srekg.api.cypher.timeout=5m");
        String port = srekg.context().getEnvironment().getProperty("local.server.port");
        String body = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("query", CypherRunawayIT.RUNAWAY, "parameters", Map.of()));
        CompletableFuture<HttpResponse<String>> runaway = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/cypher"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !CypherRunawayIT.computing().isEmpty());

        long t0 = System.nanoTime();
        srekg.close();
        Duration stopped = Duration.ofNanos(System.nanoTime() - t0);

        System.out.printf("issue 17: srekg stopped in %d ms with a runaway query running%n", stopped.toMillis());
        assertThat(stopped).isLessThan(Duration.ofSeconds(10));
        assertThat(CypherRunawayIT.computing()).isEmpty();
        runaway.cancel(true);
    }
}
