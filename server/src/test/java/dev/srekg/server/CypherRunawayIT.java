package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A console query that only computes (no rows, no store access) ends at its timeout and takes its CPU with it, and
 * the rest of srekg keeps working meanwhile. Issue 17.
 */
class CypherRunawayIT extends ServerIT {

    static final String RUNAWAY = "RETURN size(reduce(s = '', x IN range(1, 30000000) | s + 'xxxxxxxxxx')) AS n";

    /** The console's timeout in the tests ({@link ServerIT}). */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * The timeout plus this is the longest a console query may hold a CPU: the reaper's grace (2 s), its period (0.5
     * s), and slack for a machine whose cores are shared.
     */
    private static final Duration GRACE = Duration.ofSeconds(6);

    @Test
    void cpuBoundQueryIsGoneWithinTimeoutPlusGraceAndAlertsStillBecomeIncidents() throws Exception {
        assertThat(cypher("RETURN 1 AS one").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> runaway = CompletableFuture.supplyAsync(() -> cypher(RUNAWAY));
        await().atMost(Duration.ofSeconds(20)).until(() -> !computing().isEmpty());
        long computingSince = System.nanoTime();
        CompletableFuture<Duration> gone = CompletableFuture.supplyAsync(() -> {
            await().atMost(TIMEOUT.plus(GRACE)).until(() -> computing().isEmpty());
            return Duration.ofNanos(System.nanoTime() - computingSince);
        });

        long fired = System.nanoTime();
        assertThat(post("/api/v1/alerts", "application/json", alert()).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(get("/api/v1/incidents"))
                        .valueStream()
                        .anyMatch(i -> i.path("service").asString().equals("runaway-victim")));
        Duration alertToIncident = Duration.ofNanos(System.nanoTime() - fired);

        Duration goneAfter = gone.get(TIMEOUT.plus(GRACE).toSeconds() + 1, TimeUnit.SECONDS);
        HttpResponse<String> answer = runaway.get(30, TimeUnit.SECONDS);
        Map<Long, Long> before = workerCpu();
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        Map<Long, Long> after = workerCpu();
        long busiest = after.entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), e.getValue()))
                .max()
                .orElse(0);

        System.out.printf(
                "issue 17: runaway gone %d ms after it was first seen computing, answered %d %s; alert to incident %d ms; busiest Bolt worker"
                        + " %d ms of CPU in the 2 s after%n",
                goneAfter.toMillis(),
                answer.statusCode(),
                answer.body(),
                alertToIncident.toMillis(),
                busiest / 1_000_000);
        assertThat(answer.statusCode()).isEqualTo(408);
        assertThat(json(answer).path("title").asString()).isEqualTo("Query timed out");
        assertThat(goneAfter).isLessThan(TIMEOUT.plus(GRACE));
        // seconds, not the 71 s of issue 17; generous because the test machine's cores are shared
        assertThat(alertToIncident).isLessThan(Duration.ofSeconds(30));
    }

    /** Threads evaluating the runaway's {@code reduce}. */
    static List<String> computing() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds(), 40)) {
            if (info != null
                    && Arrays.stream(info.getStackTrace())
                            .anyMatch(f -> f.getClassName().endsWith("expressions.ReduceFunction"))) {
                names.add(info.getThreadName());
            }
        }
        return names;
    }

    /** CPU time of each of the embedded Neo4j's Bolt worker threads (they run console queries). */
    static Map<Long, Long> workerCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("neo4j.BoltWorker")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private HttpResponse<String> cypher(String query) {
        String body = JSON.writeValueAsString(Map.of("query", query, "parameters", Map.of()));
        return post("/api/v1/cypher", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] alert() {
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"runaway-victim\", \"sloth_slo\": \"availability\","
                        + " \"sloth_severity\": \"page\"}, \"annotations\": {}, \"startsAt\": \"" + Instant.now()
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\", \"fingerprint\": \"run0000000000017\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
