package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.test.Graphs;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Concurrent context queries, console queries and Alertmanager posts against the live ingest, for a bounded time
 * (a warm-up of {@value #WARM_UP_SECONDS} s, then two phases of {@value #PHASE_SECONDS} s, at most {@value #MAX_PER_CLIENT} requests a client, loopback only), first
 * without and then with a console abuser running the runaway query from three threads. srekg sheds the abuser with
 * 429 and 408, answers everyone else, and an alert still becomes an incident within seconds. Prints the figures of
 * docs/benchmarks.md's section "API under load". Issue 17.
 */
class ApiLoadIT extends ServerIT {

    static final int PHASE_SECONDS = 20;

    /** A first phase, not reported: the JIT, the consumers and the connection pools warm up. */
    static final int WARM_UP_SECONDS = 10;

    static final int MAX_PER_CLIENT = 5_000;

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicInteger ALERTS = new AtomicInteger();
    private static final Instant REPEATED_START = Instant.now().minusSeconds(3600);

    /** One request's outcome. */
    record Sample(String kind, int status, long nanos) {}

    /** What one phase saw. */
    record Phase(List<Sample> samples, List<Long> alertToIncident, long breachesWritten, Duration length) {

        List<Sample> of(String kind) {
            return samples.stream().filter(s -> s.kind().equals(kind)).toList();
        }

        Map<Integer, Long> statuses(String kind) {
            Map<Integer, Long> counts = new TreeMap<>();
            of(kind).forEach(s -> counts.merge(s.status(), 1L, Long::sum));
            return counts;
        }

        String row(String kind) {
            List<Long> ok = of(kind).stream()
                    .filter(s -> s.status() < 400)
                    .map(Sample::nanos)
                    .sorted()
                    .toList();
            return "| " + kind + " | " + of(kind).size() + " | " + statuses(kind) + " | " + ms(percentile(ok, 50))
                    + " | " + ms(percentile(ok, 99)) + " |";
        }
    }

    @Test
    void abuserIsShedWhileEveryoneElseIsAnsweredAndAlertsBecomeIncidents(RealStack stack) throws Exception {
        for (String service : List.of("load-checkout", "load-payment", "load-cart")) {
            KafkaRecords.send(
                    stack,
                    "sre.deploys",
                    service,
                    ("{\"srekg\": \"deploy\", \"id\": \"" + service + "-1\", \"service\": \"" + service
                                    + "\", \"version\": \"1.0\", \"at\": \""
                                    + Instant.now().minusSeconds(600) + "\"}")
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        awaitCount(stack, "MATCH (s:Service) WHERE s.name STARTS WITH 'load-' RETURN count(s)", 3);

        phase(stack, false, WARM_UP_SECONDS);
        Phase quiet = phase(stack, false, PHASE_SECONDS);
        Phase abused = phase(stack, true, PHASE_SECONDS);

        StringBuilder report = new StringBuilder("issue 17 load figures\n");
        for (Phase p : List.of(quiet, abused)) {
            report.append("### ")
                    .append(p == quiet ? "without abuser" : "with abuser")
                    .append("\n| kind | requests | statuses | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- |\n");
            for (String kind : List.of("context", "console", "webhook", "abuser")) {
                if (!p.of(kind).isEmpty()) {
                    report.append(p.row(kind)).append('\n');
                }
            }
            List<Long> latencies = p.alertToIncident().stream().sorted().toList();
            report.append("alerts to incidents: ")
                    .append(latencies.size())
                    .append(", p50 ")
                    .append(ms(percentile(latencies, 50)))
                    .append(" ms, max ")
                    .append(ms(percentile(latencies, 100)))
                    .append(" ms; breaches written ")
                    .append(String.format(
                            "%.1f", p.breachesWritten() / (double) p.length().toSeconds()))
                    .append("/s (new breaches); webhooks accepted ")
                    .append(String.format(
                            "%.1f",
                            p.of("webhook").stream()
                                            .filter(s -> s.status() == 202)
                                            .count()
                                    / (double) p.length().toSeconds()))
                    .append("/s\n");
        }
        System.out.println(report);

        // alert to incident: seconds (71 s in issue 17); generous because the test machine's cores are shared
        for (Phase p : List.of(quiet, abused)) {
            assertThat(p.samples())
                    .allSatisfy(s -> assertThat(s.status()).as(s.kind()).isIn(200, 202, 408, 429, 503));
            assertThat(p.statuses("webhook").keySet()).containsOnly(202);
            assertThat(p.statuses("context")).containsKey(200);
            assertThat(p.alertToIncident())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(Duration.ofNanos(l)).isLessThan(Duration.ofSeconds(30)));
        }
        assertThat(abused.statuses("abuser")).containsKey(429).containsKey(408);
        assertThat(abused.statuses("console")).containsKey(200);
    }

    private Phase phase(RealStack stack, boolean abuser, int seconds) throws Exception {
        long breachesBefore = Graphs.count(stack.driver(), "MATCH (b:SloBreach) RETURN count(b)");
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        List<Long> alertToIncident = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = "sre-context-" + i;
            String service =
                    List.of("load-checkout", "load-payment", "load-cart").get(i);
            clients.add(pool.submit(() -> loop(
                    deadline,
                    () -> samples.add(request(
                            "context", key, "GET", "/api/v1/services/" + service + "/context?window=PT1H", null)))));
        }
        clients.add(pool.submit(() -> loop(
                deadline,
                () -> samples.add(request(
                        "console",
                        "sre-console",
                        "POST",
                        "/api/v1/cypher",
                        cypherBody(
                                "MATCH (s:Service)<-[:DEPLOYS]-(d:Deployment) RETURN s.name, d.version LIMIT 20"))))));
        clients.add(pool.submit(() -> loop(deadline, () -> {
            samples.add(request("webhook", "alertmanager", "POST", "/api/v1/alerts", repeatedAlert()));
            pause(200);
        })));
        clients.add(pool.submit(() -> loop(deadline, () -> alertToIncident.add(probeIncident()))));
        if (abuser) {
            for (int i = 0; i < 3; i++) {
                clients.add(pool.submit(() -> loop(
                        deadline,
                        () -> samples.add(request(
                                "abuser", "abuser", "POST", "/api/v1/cypher", cypherBody(CypherRunawayIT.RUNAWAY))))));
            }
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        long written = Graphs.count(stack.driver(), "MATCH (b:SloBreach) RETURN count(b)") - breachesBefore;
        return new Phase(List.copyOf(samples), List.copyOf(alertToIncident), written, Duration.ofSeconds(seconds));
    }

    /** Posts a firing alert of a service of its own and waits until it is an incident; the time it took. */
    private long probeIncident() {
        String service = "probe-" + ALERTS.incrementAndGet();
        long t0 = System.nanoTime();
        request("probe", "alertmanager", "POST", "/api/v1/alerts", alert(service, Instant.now()));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> get("/api/v1/incidents?limit=50").body().contains("\"service\":\"" + service + "\""));
        } catch (ConditionTimeoutException e) {
            // recorded as it is: the assertion on the latencies fails
        }
        return System.nanoTime() - t0;
    }

    private static void loop(long deadline, Runnable request) {
        for (int i = 0; i < MAX_PER_CLIENT && System.nanoTime() < deadline; i++) {
            request.run();
        }
    }

    private Sample request(String kind, String key, String method, String path, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", key)
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        long t0 = System.nanoTime();
        HttpRequest request = builder.build();
        try {
            HttpResponse<Void> response;
            try {
                response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException closed) {
                // Tomcat closes a keep-alive connection after 100 requests; a request the client sent on it as it
                // closed fails at once. Any HTTP client retries that once (a fresh clone's run failed on it).
                response = CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
            }
            return new Sample(kind, response.statusCode(), System.nanoTime() - t0);
        } catch (java.io.IOException e) {
            return new Sample(kind, -1, System.nanoTime() - t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] cypherBody(String query) {
        return JSON.writeValueAsString(Map.of("query", query, "parameters", Map.of()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One of three firing alerts, sent again and again as Alertmanager does for a group that stays firing: written
     * (deduplicated on fingerprint and start), no new incident each time.
     */
    private static byte[] repeatedAlert() {
        int which = ALERTS.incrementAndGet() % 3;
        return alert(List.of("load-checkout", "load-payment", "load-cart").get(which), REPEATED_START, which);
    }

    private static byte[] alert(String service, Instant startsAt) {
        return alert(service, startsAt, 0x1700000000L + ALERTS.incrementAndGet());
    }

    private static byte[] alert(String service, Instant startsAt, long id) {
        String fingerprint = String.format("%016x", id);
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"" + service + "\", \"sloth_slo\": \"availability\","
                        + " \"sloth_severity\": \"page\"}, \"annotations\": {}, \"startsAt\": \"" + startsAt
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\", \"fingerprint\": \"" + fingerprint + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
