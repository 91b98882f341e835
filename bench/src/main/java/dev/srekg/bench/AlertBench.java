package dev.srekg.bench;

import dev.srekg.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Alert to incident (issue 19 item 3): the time from an Alertmanager webhook posted to srekg until the incident of its
 * breach is listed, stored with its context, while the demo world runs and a change-event load is produced to the
 * change topics. srekg runs as one process ({@code --srekg.role=all}) with its defaults for the incident recorder.
 * Each probe is a new firing alert of the demo's {@code checkout} with an SLO of its own (a new breach, a new
 * incident whose context walks the demo's graph), one at a time.
 */
final class AlertBench {

    /**
     * One alert's way to its listed incident, ms, hop by hop: the webhook answered (the alerts topic has the record);
     * the ingest worker took it (the breach's {@code recordedAt}, stamped as the worker writes the poll); the breach
     * committed (seen by this bench on the graph, so the write's wait for the writer's lock is in it); the recorder
     * computed the incident's context (its {@code recordedAt}, stamped once the context is computed: the wait for the
     * recorder to notice is in it); the incident committed (seen on the graph); the API listed it. Timestamps of
     * srekg's and this bench's clocks mix: they are the same machine's.
     */
    record Hops(long webhook, long toWorker, long breachWrite, long recorder, long incidentWrite, long listed) {
        static final List<String> NAMES = List.of(
                "webhook answered (on the alerts topic)",
                "ingest worker took it (breach recordedAt)",
                "breach committed (lock wait and write)",
                "context computed (recorder noticed it and ran the context; incident recordedAt)",
                "incident committed",
                "listed by /api/v1/incidents");

        long total() {
            return webhook + toWorker + breachWrite + recorder + incidentWrite + listed;
        }

        List<Long> values() {
            return List.of(webhook, toWorker, breachWrite, recorder, incidentWrite, listed);
        }
    }

    /** The measured alerts, hop by hop; how many change events the load produced meanwhile. */
    record Result(List<Hops> alerts, long changeEvents, Duration warmUp, int changesPerSecond) {
        List<Long> millis() {
            return alerts.stream().map(Hops::total).toList();
        }

        long percentile(double p) {
            return AlertBench.percentile(millis(), p);
        }

        long percentile(int hop, double p) {
            return AlertBench.percentile(
                    alerts.stream().map(h -> h.values().get(hop)).toList(), p);
        }
    }

    static long percentile(List<Long> values, double p) {
        return ScaleBench.percentile(
                values.stream().mapToLong(Long::longValue).sorted().toArray(), p);
    }

    private AlertBench() {}

    static Result run(LocalStack stack, Path jar, String heap, int alerts, Duration warmUp, int changesPerSecond)
            throws Exception {
        try (ScaleBench.SrekgProcess srekg = ScaleBench.runSrekg(
                stack, jar, heap, List.of("--srekg.ingest.group-id=alert-bench", "--srekg.demo.enabled=true"))) {
            String base = "http://localhost:" + srekg.port();
            HttpClient http = HttpClient.newHttpClient();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong produced = new AtomicLong();
            List<String> services = new ArrayList<>();
            for (int s = 0; s < 500; s++) {
                services.add("load-" + s);
            }
            Thread load = new Thread(
                    () -> {
                        Instant at = Instant.now().minus(Duration.ofDays(1));
                        while (!stop.get()) {
                            try {
                                produced.addAndGet(IngestBench.produceChangeEvents(
                                        stack, (int) produced.get(), changesPerSecond, services, at, 250, false));
                                at = at.plusMillis(250L * changesPerSecond);
                                Thread.sleep(1_000);
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    },
                    "change-load");
            load.setDaemon(true);
            load.start();
            Thread.sleep(warmUp.toMillis());
            List<Hops> measured = new ArrayList<>();
            try (Driver driver = GraphDatabase.driver(stack.boltUri().orElseThrow(), AuthTokens.none())) {
                for (int i = 0; i < alerts; i++) {
                    measured.add(probe(http, base, driver, "bench-" + i, 0x1900000000L + i));
                    Thread.sleep(1_000);
                }
            }
            stop.set(true);
            load.join(30_000);
            return new Result(List.copyOf(measured), produced.get(), warmUp, changesPerSecond);
        }
    }

    static String markdown(Result r, String command) {
        return String.format(
                        Locale.ROOT,
                        "Command: `%s`. srekg (`--srekg.role=all`, the demo world on, the incident recorder's defaults) took"
                                + " %d Alertmanager webhooks, one at a time a second apart, each a new firing alert of the"
                                + " demo's `checkout` with an SLO of its own, after a warm-up of %d s; meanwhile %,d change"
                                + " events of 500 other services (deploys, scale events, tickets; no breaches) were produced,"
                                + " %,d a second.%n%n"
                                + "| alerts | p50 | p99 | max |%n| ---: | ---: | ---: | ---: |%n| %d | %.2f s | %.2f s | %.2f s |%n",
                        command,
                        r.millis().size(),
                        r.warmUp().toSeconds(),
                        r.changeEvents(),
                        r.changesPerSecond(),
                        r.millis().size(),
                        r.percentile(0.5) / 1000.0,
                        r.percentile(0.99) / 1000.0,
                        r.percentile(1.0) / 1000.0)
                + hops(r);
    }

    private static String hops(Result r) {
        StringBuilder md = new StringBuilder(
                String.format(
                        Locale.ROOT,
                        "%nWhere the time goes, per hop (ms; each column over the alerts on its own, so the hops' p99s do not"
                                + " add up to the total's):%n%n| hop | p50 | p99 | max | mean |%n| --- | ---: | ---: | ---: | ---: |%n"));
        for (int hop = 0; hop < Hops.NAMES.size(); hop++) {
            int h = hop;
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.0f |%n",
                    Hops.NAMES.get(hop),
                    r.percentile(hop, 0.5),
                    r.percentile(hop, 0.99),
                    r.percentile(hop, 1.0),
                    r.alerts().stream()
                            .mapToLong(a -> a.values().get(h))
                            .average()
                            .orElse(0)));
        }
        return md.toString();
    }

    /**
     * Posts one new firing alert and follows it: the breach and its incident on the graph (polled over Bolt), then
     * the incident in the API's list.
     */
    private static Hops probe(HttpClient http, String base, Driver driver, String slo, long id) throws Exception {
        Instant sent = Instant.now();
        long t0 = System.nanoTime();
        post(http, base + "/api/v1/alerts", alert(slo, sent, id));
        long answered = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(120).toNanos();
        long breachSeen = 0;
        long incidentSeen = 0;
        Instant breachRecorded = null;
        Instant incidentRecorded = null;
        while (incidentSeen == 0) {
            try (Session session = driver.session()) {
                Record row = session
                        .run(
                                "MATCH (b:SloBreach) WHERE b.service = 'checkout' AND b.slo = $slo"
                                        + " OPTIONAL MATCH (b)<-[:FOR]-(i:Incident)"
                                        + " RETURN b.recordedAt AS breach, i.recordedAt AS incident",
                                Map.of("slo", slo))
                        .list()
                        .stream()
                        .findFirst()
                        .orElse(null);
                long now = System.nanoTime();
                if (row != null && breachSeen == 0) {
                    breachSeen = now;
                    breachRecorded = row.get("breach").asZonedDateTime().toInstant();
                }
                if (row != null && !row.get("incident").isNull()) {
                    incidentSeen = now;
                    incidentRecorded = row.get("incident").asZonedDateTime().toInstant();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("alert " + slo + " had no incident within 120 s");
            }
            Thread.sleep(20);
        }
        while (!get(http, base + "/api/v1/incidents?limit=100").contains("\"slo\":\"" + slo + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("alert " + slo + " was not listed within 120 s");
            }
            Thread.sleep(20);
        }
        long listed = System.nanoTime();
        // srekg's stamps on the bench's timeline: the bench's wall clock at t0 is {@code sent}.
        long toWorker = Math.max(answered, nanosAt(t0, sent, breachRecorded));
        long computed = Math.min(incidentSeen, Math.max(breachSeen, nanosAt(t0, sent, incidentRecorded)));
        toWorker = Math.min(toWorker, breachSeen);
        return new Hops(
                ms(answered - t0),
                ms(toWorker - answered),
                ms(breachSeen - toWorker),
                ms(computed - breachSeen),
                ms(incidentSeen - computed),
                ms(listed - incidentSeen));
    }

    private static long nanosAt(long t0, Instant sent, Instant at) {
        return t0 + Duration.between(sent, at).toNanos();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static byte[] alert(String slo, Instant startsAt, long id) {
        return ("{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"srekg\", \"groupKey\": \"{}:{}\","
                        + " \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"BudgetBurn\","
                        + " \"sloth_service\": \"checkout\", \"sloth_slo\": \"" + slo + "\","
                        + " \"sloth_severity\": \"page\"}, \"annotations\": {}, \"startsAt\": \"" + startsAt
                        + "\", \"endsAt\": \"0001-01-01T00:00:00Z\", \"fingerprint\": \""
                        + String.format("%016x", id) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void post(HttpClient http, String url, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
