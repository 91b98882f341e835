package dev.srekg.bench;

import dev.srekg.demo.Otlp;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ranking quality and context latency on generated change-induced incidents. Each scenario is an estate of its own:
 * {@code gw → api → svc1 → svc2 → svc3}, {@code api → side}. A deploy of svc1, svc2 or svc3 (1 to 3 hops
 * downstream of api, chosen at random) makes the calls into it fail; the failures propagate up to api, whose SLO
 * fires. Decoys: a deploy of side close in time, an earlier deploy of another chain service, a deploy of gw (a
 * caller) after the errors began, a scale-up of api and a ticket on api after the errors began. The incidents srekg
 * records are then read back: AC@k is the share of incidents whose true cause is within the first k suspects.
 */
final class RankingBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Result(int scenarios, double ac1, double ac3, long p50, long p95, long p99, List<String> misses) {}

    private RankingBench() {}

    static Result run(LocalStack stack, Path jar, String heap, int scenarios, long seed) throws Exception {
        try (ScaleBench.SrekgProcess srekg = ScaleBench.runSrekg(
                stack,
                jar,
                heap,
                List.of(
                        "--srekg.ingest.group-id=bench",
                        "--srekg.ingest.traces.idle-flush=500ms",
                        "--srekg.api.incidents.poll-interval=500ms"))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + srekg.port();
            Random random = new Random(seed);
            Instant start = Instant.parse("2026-11-22T00:00:00Z");
            List<int[]> plans = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = IngestBench.producer(stack)) {
                for (int i = 0; i < scenarios; i++) {
                    plans.add(new int[] {1 + random.nextInt(3), 12 + random.nextInt(6)});
                }
                // Minute by minute across scenarios, as a live estate sends them: event time only moves forward.
                for (int minute = 0; minute < 30; minute++) {
                    for (int i = 0; i < scenarios; i++) {
                        producer.send(new ProducerRecord<>(
                                "otlp_spans", Otlp.proto(traffic(i, start, minute, plans.get(i)[0], plans.get(i)[1]))));
                    }
                }
                producer.flush();
            }
            awaitTraces(http, base, (long) scenarios * 30 * 6 * 11);
            try (KafkaProducer<byte[], byte[]> producer = IngestBench.producer(stack)) {
                for (int i = 0; i < scenarios; i++) {
                    int hop = plans.get(i)[0];
                    int cause = plans.get(i)[1];
                    String p = "r" + i + "-";
                    int decoyHop = 1 + (hop % 3);
                    deploy(producer, p + "cause", p + "svc" + hop, start.plusSeconds(60L * cause));
                    deploy(producer, p + "side", p + "side", start.plusSeconds(60L * (cause - 3 + random.nextInt(7))));
                    deploy(
                            producer,
                            p + "early",
                            p + "svc" + decoyHop,
                            start.plusSeconds(60L * (2 + random.nextInt(6))));
                    deploy(producer, p + "gw", p + "gw", start.plusSeconds(60L * (cause + 2)));
                    send(
                            producer,
                            "sre.scaling",
                            "{\"srekg\":\"scale\",\"id\":\"" + p + "scale\",\"service\":\"" + p
                                    + "api\",\"replicas\":8,\"previousReplicas\":4,\"at\":\""
                                    + start.plusSeconds(60L * (cause + 4)) + "\"}");
                    send(
                            producer,
                            "sre.tickets",
                            "{\"srekg\":\"ticket\",\"id\":\"" + p + "ticket\",\"title\":\"api errors\","
                                    + "\"services\":[\"" + p + "api\"],\"openedAt\":\""
                                    + start.plusSeconds(60L * (cause + 6))
                                    + "\"}");
                }
                producer.flush();
                // Breaches last, once every change is in the graph.
                try (var admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()))) {
                    dev.srekg.test.KafkaRecords.awaitConsumed(
                            admin,
                            t -> dev.srekg.ingest.kafka.IngestWorkers.groupOf("bench", t),
                            List.of("sre.deploys", "sre.scaling", "sre.tickets"),
                            Duration.ofMinutes(5));
                }
                for (int i = 0; i < scenarios; i++) {
                    String p = "r" + i + "-";
                    send(
                            producer,
                            "sre.alerts",
                            "{\"srekg\":\"breach\",\"id\":\"" + p + "breach\",\"service\":\"" + p
                                    + "api\",\"slo\":\"availability\",\"severity\":\"page\",\"startsAt\":\""
                                    + start.plusSeconds(60L * (plans.get(i)[1] + 8)) + "\"}");
                }
                producer.flush();
            }
            JsonNode incidents = awaitIncidents(http, base, scenarios);
            int top1 = 0;
            int top3 = 0;
            List<String> misses = new ArrayList<>();
            for (JsonNode incident : incidents) {
                JsonNode detail = get(
                        http, base + "/api/v1/incidents/" + incident.path("id").asString());
                String service = incident.path("service").asString();
                String expected = "srekg " + service.replace("api", "cause");
                int rank = 0;
                for (JsonNode s : detail.path("context").path("suspects")) {
                    if (s.path("id").asString().equals(expected)) {
                        rank = s.path("rank").asInt();
                    }
                }
                if (rank == 1) {
                    top1++;
                } else if (misses.size() < 5) {
                    JsonNode first = detail.path("context").path("suspects").get(0);
                    misses.add(service + ": cause ranked " + rank + ", first was "
                            + first.path("kind").asString() + " of "
                            + first.path("service").asString() + " " + first.path("factors"));
                }
                if (rank >= 1 && rank <= 3) {
                    top3++;
                }
            }
            long[] latencies = new long[scenarios * 5];
            int n = 0;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < scenarios; i++) {
                    String url = base + "/api/v1/services/r" + i + "-api/context?depth=3&at="
                            + start.plusSeconds(60L * (plans.get(i)[1] + 8));
                    long t0 = System.nanoTime();
                    get(http, url);
                    latencies[n++] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(latencies);
            return new Result(
                    scenarios,
                    (double) top1 / scenarios,
                    (double) top3 / scenarios,
                    latencies[latencies.length / 2] / 1_000_000,
                    latencies[(int) (latencies.length * 0.95)] / 1_000_000,
                    latencies[(int) (latencies.length * 0.99)] / 1_000_000,
                    misses);
        }
    }

    /** One minute of a scenario's traffic: six traces, failing 40 % from the cause's minute on. */
    private static List<Otlp.S> traffic(int scenario, Instant start, int minute, int hop, int causeMinute) {
        String p = "r" + scenario + "-";
        String[] chain = {p + "gw", p + "api", p + "svc1", p + "svc2", p + "svc3"};
        int causeIndex = 1 + hop;
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Instant at = start.plusSeconds(60L * minute + 8L * t);
            boolean failing = minute >= causeMinute && t % 5 < 2;
            String trace = Otlp.trace(((long) scenario << 20) + minute * 16L + t + 1);
            long id = 1;
            spans.add(span(chain[0], trace, id, 0, Otlp.SERVER, at, 50, failing));
            for (int c = 0; c + 1 < chain.length; c++) {
                boolean propagated = failing && c + 1 <= causeIndex;
                long client = ++id;
                spans.add(
                        span(chain[c], trace, client, client - 1, Otlp.CLIENT, at, propagated ? 400 : 20, propagated));
                long server = ++id;
                spans.add(
                        span(chain[c + 1], trace, server, client, Otlp.SERVER, at, propagated ? 390 : 15, propagated));
            }
            long client = ++id;
            spans.add(span(chain[1], trace, client, 3, Otlp.CLIENT, at, 10, false));
            spans.add(span(p + "side", trace, ++id, client, Otlp.SERVER, at, 8, false));
        }
        return spans;
    }

    private static Otlp.S span(
            String service, String trace, long id, long parent, int kind, Instant at, long ms, boolean error) {
        Otlp.S s = Otlp.span(service, trace, Otlp.span(id), parent == 0 ? "" : Otlp.span(parent), kind, at, ms);
        return error ? s.failed() : s;
    }

    private static void deploy(KafkaProducer<byte[], byte[]> producer, String id, String service, Instant at) {
        send(
                producer,
                "sre.deploys",
                "{\"srekg\":\"deploy\",\"id\":\"" + id + "\",\"service\":\"" + service
                        + "\",\"version\":\"2.0\",\"at\":\"" + at + "\"}");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String json) {
        producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until srekg has aggregated the spans and written every window (nothing waiting in the join). */
    private static void awaitTraces(HttpClient http, String base, long spans) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode traces =
                    get(http, base + "/actuator/health/ingest").path("details").path("traces");
            if (traces.path("spans").asLong() >= spans
                    && traces.path("waitingHalves").asLong() == 0) {
                Thread.sleep(2000);
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("srekg did not aggregate the scenarios' spans within 5 minutes");
    }

    private static JsonNode awaitIncidents(HttpClient http, String base, int scenarios) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode incidents = get(http, base + "/api/v1/incidents?limit=1000");
            List<JsonNode> ours = incidents
                    .valueStream()
                    .filter(i -> i.path("service").asString().matches("r\\d+-api"))
                    .toList();
            if (ours.size() >= scenarios) {
                return JSON.valueToTree(ours);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("srekg did not record the incidents within 5 minutes");
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
