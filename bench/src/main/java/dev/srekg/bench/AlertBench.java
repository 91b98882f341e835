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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert to incident (issue 19 item 3): the time from an Alertmanager webhook posted to srekg until the incident of its
 * breach is listed, stored with its context, while the demo world runs and a change-event load is produced to the
 * change topics. srekg runs as one process ({@code --srekg.role=all}) with its defaults for the incident recorder.
 * Each probe is a new firing alert of the demo's {@code checkout} with an SLO of its own (a new breach, a new
 * incident whose context walks the demo's graph), one at a time.
 */
final class AlertBench {

    /** The measured alerts: each one's time to its incident, ms; how many change events the load produced meanwhile. */
    record Result(List<Long> millis, long changeEvents, Duration warmUp, int changesPerSecond) {
        long percentile(double p) {
            List<Long> sorted = millis.stream().sorted().toList();
            int index = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
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
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < alerts; i++) {
                String slo = "bench-" + i;
                long t0 = System.nanoTime();
                post(http, base + "/api/v1/alerts", alert(slo, Instant.now(), 0x1900000000L + i));
                long deadline = t0 + Duration.ofSeconds(120).toNanos();
                while (!get(http, base + "/api/v1/incidents?limit=100").contains("\"slo\":\"" + slo + "\"")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("alert " + slo + " had no incident within 120 s");
                    }
                    Thread.sleep(50);
                }
                millis.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(1_000);
            }
            stop.set(true);
            load.join(30_000);
            return new Result(List.copyOf(millis), produced.get(), warmUp, changesPerSecond);
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
                r.percentile(1.0) / 1000.0);
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
