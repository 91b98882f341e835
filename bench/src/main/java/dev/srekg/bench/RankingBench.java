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
 * Ranking quality and context latency on generated incidents of every class srekg separates. Each scenario is an
 * estate of its own: callers {@code gw} and {@code web} call {@code api}, which calls {@code svc1 → svc2 → svc3 → db}
 * (db a virtual peer: svc3's CLIENT spans name it by {@code peer.service}) and {@code side}. Scenarios rotate through
 * {@link Kind}: a bad deploy of svc1, svc2 or svc3 (errors on the calls into it, propagating up to api); a latency
 * regression (the same calls slow, no errors, a latency SLO); a capacity scale-down (replicas 6 → 1 of a chain
 * service, then errors); a failing database with no change (errors on svc3 → db, 4 hops below api); a caller surge (a
 * deploy of web, then five times its calls into api, which fails under them); and sparse traffic (a bad deploy with
 * traces sampled at 25 %, about 1.5 calls per edge per minute, and dozens of routine deploys); a bad feature flag and a
 * bad configuration push of a chain service (issue 16: the same errors as a bad deploy, the cause on the changes
 * topic, with a harmless flag change of side and a harmless config push of the chain below as decoys). Decoys in every
 * scenario: a deploy of side close in time, an earlier deploy in the chain and of api itself, a deploy of gw (a
 * caller with steady traffic) after the errors began, a scale-up and a ticket on api after the errors began, and
 * routine deploys off the unhealthy path, some within a minute of the cause; a failing database also gets a deploy of
 * svc1, on the unhealthy path, within a minute of the onset. The incidents srekg records are then read back: AC@k is
 * the share of incidents whose true cause (for a failing database: the {@code anomaly} suspect at db) is within the
 * first k suspects, per class and overall.
 */
final class RankingBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Minutes of traffic per scenario. */
    private static final int MINUTES = 40;

    /** The classes of incident, in the order scenarios rotate through them. */
    enum Kind {
        BAD_DEPLOY("bad deploy"),
        LATENCY("latency regression"),
        SCALE_DOWN("capacity scale-down"),
        FAILING_DEPENDENCY("failing dependency, no change"),
        CALLER_SURGE("caller surge"),
        SPARSE("sparse: sampled 25 %, routine deploys"),
        /** Issue 16: a feature flag turned on at a chain service, then errors as for a bad deploy. */
        BAD_FLAG("bad feature flag"),
        /** Issue 16: a configuration push to a chain service, then errors as for a bad deploy. */
        BAD_CONFIG("bad configuration push");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One scenario: its class, the chain service that breaks (1 to 3), the cause's minute and its sampling. */
    private record Plan(Kind kind, int hop, int causeMinute, double sampled) {}

    record PerClass(String label, int scenarios, double ac1, double ac3) {}

    record Result(
            int scenarios,
            double ac1,
            double ac3,
            long p50,
            long p95,
            long p99,
            List<PerClass> classes,
            List<String> misses) {}

    private RankingBench() {}

    static Result run(LocalStack stack, Path jar, String heap, int scenarios, long seed) throws Exception {
        try (ScaleBench.SrekgProcess srekg = ScaleBench.runSrekg(
                stack,
                jar,
                heap,
                List.of(
                        "--srekg.ingest.group-id=bench",
                        "--srekg.ingest.traces.idle-flush=500ms",
                        "--srekg.api.incidents.poll-interval=500ms",
                        // The latency rounds ask for contexts back to back: measure them, not the per-caller limit.
                        "--srekg.api.limits.context-per-second=1000",
                        "--srekg.api.limits.context-burst=1000"))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + srekg.port();
            Random random = new Random(seed);
            Instant start = Instant.parse("2026-11-22T00:00:00Z");
            List<Plan> plans = new ArrayList<>();
            long spans = 0;
            try (KafkaProducer<byte[], byte[]> producer = IngestBench.producer(stack)) {
                for (int i = 0; i < scenarios; i++) {
                    Kind kind = Kind.values()[i % Kind.values().length];
                    plans.add(new Plan(
                            kind, 1 + random.nextInt(3), 22 + random.nextInt(6), kind == Kind.SPARSE ? 0.25 : 1));
                }
                Random sampling = new Random(seed + 1);
                // Minute by minute across scenarios, as a live estate sends them: event time only moves forward.
                for (int minute = 0; minute < MINUTES; minute++) {
                    for (int i = 0; i < scenarios; i++) {
                        List<Otlp.S> minuteSpans = traffic(i, start, minute, plans.get(i), sampling);
                        spans += minuteSpans.size();
                        if (!minuteSpans.isEmpty()) {
                            producer.send(new ProducerRecord<>("otlp_spans", Otlp.proto(minuteSpans)));
                        }
                    }
                }
                producer.flush();
            }
            awaitTraces(http, base, spans);
            try (KafkaProducer<byte[], byte[]> producer = IngestBench.producer(stack)) {
                for (int i = 0; i < scenarios; i++) {
                    changes(producer, "r" + i + "-", plans.get(i), start, random);
                }
                producer.flush();
                // Breaches last, once every change is in the graph.
                try (var admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()))) {
                    dev.srekg.test.KafkaRecords.awaitConsumed(
                            admin,
                            t -> dev.srekg.ingest.kafka.IngestWorkers.groupOf("bench", t),
                            List.of("sre.deploys", "sre.scaling", "sre.tickets", "sre.changes"),
                            Duration.ofMinutes(5));
                }
                for (int i = 0; i < scenarios; i++) {
                    String p = "r" + i + "-";
                    Plan plan = plans.get(i);
                    send(
                            producer,
                            "sre.alerts",
                            "{\"srekg\":\"breach\",\"id\":\"" + p + "breach\",\"service\":\"" + p + "api\",\"slo\":\""
                                    + (plan.kind() == Kind.LATENCY ? "latency" : "availability")
                                    + "\",\"severity\":\"page\",\"startsAt\":\""
                                    + start.plusSeconds(60L * (plan.causeMinute() + 8)) + "\"}");
                }
                producer.flush();
            }
            JsonNode incidents = awaitIncidents(http, base, scenarios);
            int[] n = new int[Kind.values().length];
            int[] top1 = new int[Kind.values().length];
            int[] top3 = new int[Kind.values().length];
            List<String> misses = new ArrayList<>();
            for (JsonNode incident : incidents) {
                JsonNode detail = get(
                        http, base + "/api/v1/incidents/" + incident.path("id").asString());
                String service = incident.path("service").asString();
                String p = service.substring(0, service.length() - "api".length());
                Plan plan = plans.get(Integer.parseInt(p.substring(1, p.length() - 1)));
                int k = plan.kind().ordinal();
                n[k]++;
                int rank = 0;
                for (JsonNode s : detail.path("context").path("suspects")) {
                    boolean truth = plan.kind() == Kind.FAILING_DEPENDENCY
                            ? s.path("kind").asString().equals("anomaly")
                                    && s.path("service").asString().equals(p + "db")
                            : s.path("id").asString().equals("srekg " + p + "cause");
                    if (truth && rank == 0) {
                        rank = s.path("rank").asInt();
                    }
                }
                if (rank == 1) {
                    top1[k]++;
                } else if (misses.size() < 12) {
                    JsonNode first = detail.path("context").path("suspects").get(0);
                    misses.add(plan.kind().label + ", " + service + ": cause ranked " + rank + ", first was "
                            + (first == null
                                    ? "none"
                                    : first.path("kind").asString() + " of "
                                            + first.path("service").asString() + " " + first.path("factors")));
                }
                if (rank >= 1 && rank <= 3) {
                    top3[k]++;
                }
            }
            List<PerClass> classes = new ArrayList<>();
            int all = 0;
            int all1 = 0;
            int all3 = 0;
            for (Kind kind : Kind.values()) {
                int k = kind.ordinal();
                all += n[k];
                all1 += top1[k];
                all3 += top3[k];
                classes.add(new PerClass(
                        kind.label,
                        n[k],
                        n[k] == 0 ? 0 : (double) top1[k] / n[k],
                        n[k] == 0 ? 0 : (double) top3[k] / n[k]));
            }
            long[] latencies = new long[scenarios * 5];
            int q = 0;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < scenarios; i++) {
                    String url = base + "/api/v1/services/r" + i + "-api/context?depth=3&at="
                            + start.plusSeconds(60L * (plans.get(i).causeMinute() + 8));
                    long t0 = System.nanoTime();
                    get(http, url);
                    latencies[q++] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(latencies);
            return new Result(
                    all,
                    (double) all1 / Math.max(1, all),
                    (double) all3 / Math.max(1, all),
                    latencies[latencies.length / 2] / 1_000_000,
                    latencies[(int) (latencies.length * 0.95)] / 1_000_000,
                    latencies[(int) (latencies.length * 0.99)] / 1_000_000,
                    classes,
                    misses);
        }
    }

    /** The scenario's cause (none for a failing database) and its decoys. */
    private static void changes(
            KafkaProducer<byte[], byte[]> producer, String p, Plan plan, Instant start, Random random) {
        int cause = plan.causeMinute();
        Instant causeAt = start.plusSeconds(60L * cause + random.nextInt(40));
        String causeService = switch (plan.kind()) {
            case CALLER_SURGE -> p + "web";
            case FAILING_DEPENDENCY -> p + "db";
            default -> p + "svc" + plan.hop();
        };
        switch (plan.kind()) {
            case SCALE_DOWN ->
                send(
                        producer,
                        "sre.scaling",
                        "{\"srekg\":\"scale\",\"id\":\"" + p + "cause\",\"service\":\"" + causeService
                                + "\",\"replicas\":1,\"previousReplicas\":6,\"reason\":\"SuccessfulRescale\","
                                + "\"message\":\"New size: 1; reason: All metrics below target\",\"at\":\"" + causeAt
                                + "\"}");
            case FAILING_DEPENDENCY -> deploy(producer, p + "svc1-near", p + "svc1", causeAt.plusSeconds(20));
            case BAD_FLAG, BAD_CONFIG -> {
                String kind = plan.kind() == Kind.BAD_FLAG ? "flag" : "config";
                change(producer, kind, p + "cause", causeService, causeAt);
                // Harmless changes of the same kind close in time: side's flag, and the chain below the cause.
                change(producer, "flag", p + "flag-side", p + "side", causeAt.plusSeconds(random.nextInt(121) - 60));
                String below = plan.hop() < 3 ? p + "svc" + (plan.hop() + 1) : p + "side";
                change(producer, "config", p + "config-below", below, causeAt.minusSeconds(90));
            }
            default -> deploy(producer, p + "cause", causeService, causeAt);
        }
        int decoyHop = 1 + (plan.hop() % 3);
        deploy(producer, p + "side", p + "side", start.plusSeconds(60L * (cause - 3 + random.nextInt(7))));
        deploy(producer, p + "early", p + "svc" + decoyHop, start.plusSeconds(60L * (2 + random.nextInt(6))));
        deploy(producer, p + "self", p + "api", start.plusSeconds(60L * (2 + random.nextInt(8))));
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
                        + "\"services\":[\"" + p + "api\"],\"openedAt\":\"" + start.plusSeconds(60L * (cause + 6))
                        + "\"}");
        // Routine deploys off the unhealthy path: the side service, the callers (not a surging one), the chain below
        // the cause. A third of them land within a minute of the cause.
        List<String> offPath = new ArrayList<>(List.of(p + "side", p + "gw", p + "web"));
        if (plan.kind() == Kind.CALLER_SURGE) {
            offPath.addAll(List.of(p + "svc1", p + "svc2", p + "svc3"));
        } else if (plan.kind() != Kind.FAILING_DEPENDENCY) {
            for (int h = plan.hop() + 1; h <= 3; h++) {
                offPath.add(p + "svc" + h);
            }
        }
        offPath.remove(causeService);
        int routine = plan.kind() == Kind.SPARSE ? 30 : 8;
        for (int r = 0; r < routine; r++) {
            Instant at = r % 3 == 0
                    ? causeAt.plusSeconds(random.nextInt(121) - 60)
                    : start.plusSeconds(60L * (cause - 15) + random.nextInt(22 * 60));
            deploy(producer, p + "routine-" + r, offPath.get(random.nextInt(offPath.size())), at);
        }
    }

    /**
     * One minute of a scenario's traffic: six traces from gw and two from web (ten from web after a surging deploy),
     * 40 % of them failing or slow from the cause's minute on, each kept with the plan's sampling probability.
     */
    private static List<Otlp.S> traffic(int scenario, Instant start, int minute, Plan plan, Random sampling) {
        String p = "r" + scenario + "-";
        String[] chain = {p + "api", p + "svc1", p + "svc2", p + "svc3"};
        boolean incident = minute >= plan.causeMinute();
        // Failing calls reach down to the cause: chain index of the deepest failing service, 4 for the database.
        int deepest = switch (plan.kind()) {
            case FAILING_DEPENDENCY -> 4;
            case CALLER_SURGE -> 0;
            default -> plan.hop();
        };
        boolean slowOnly = plan.kind() == Kind.LATENCY;
        int fromWeb = plan.kind() == Kind.CALLER_SURGE && incident ? 10 : 2;
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < 6 + fromWeb; t++) {
            if (plan.sampled() < 1 && sampling.nextDouble() >= plan.sampled()) {
                continue;
            }
            Instant at = start.plusSeconds(60L * minute + (t * 59L) / (6 + fromWeb));
            boolean failing = incident && t % 5 < 2;
            String entry = t < 6 ? p + "gw" : p + "web";
            String trace = Otlp.trace(((long) scenario << 24) + minute * 64L + t + 1);
            boolean apiFails = failing && (deepest >= 1 || plan.kind() == Kind.CALLER_SURGE);
            long id = 1;
            spans.add(span(entry, trace, id, 0, Otlp.SERVER, at, 60, apiFails && !slowOnly));
            long client = ++id;
            spans.add(span(entry, trace, client, 1, Otlp.CLIENT, at, apiFails ? 420 : 40, apiFails && !slowOnly));
            long apiServer = ++id;
            spans.add(span(
                    chain[0], trace, apiServer, client, Otlp.SERVER, at, apiFails ? 410 : 35, apiFails && !slowOnly));
            long parent = apiServer;
            for (int c = 0; c + 1 < chain.length; c++) {
                boolean propagated = failing && c + 1 <= deepest;
                long out = ++id;
                spans.add(span(
                        chain[c], trace, out, parent, Otlp.CLIENT, at, propagated ? 400 : 20, propagated && !slowOnly));
                long in = ++id;
                spans.add(span(
                        chain[c + 1], trace, in, out, Otlp.SERVER, at, propagated ? 390 : 15, propagated && !slowOnly));
                parent = in;
            }
            boolean dbFails = failing && deepest == 4;
            spans.add(span(chain[3], trace, ++id, parent, Otlp.CLIENT, at, dbFails ? 380 : 5, dbFails)
                    .withAttributes(Map.of("peer.service", p + "db", "db.system", "postgresql")));
            long side = ++id;
            spans.add(span(chain[0], trace, side, apiServer, Otlp.CLIENT, at, 10, false));
            spans.add(span(p + "side", trace, ++id, side, Otlp.SERVER, at, 8, false));
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

    /** A configuration or flag change in srekg's JSON on the changes topic. */
    private static void change(
            KafkaProducer<byte[], byte[]> producer, String kind, String id, String service, Instant at) {
        send(
                producer,
                "sre.changes",
                "{\"srekg\":\"" + kind + "\",\"id\":\"" + id + "\",\"service\":\"" + service + "\",\"target\":\""
                        + service + "-" + kind + "\",\"link\":\"https://flags.example/" + id + "\",\"at\":\"" + at
                        + "\"}");
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String json) {
        producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The docs/benchmarks.md section for a result: per class and overall, with the seed and the command. */
    static String markdown(Result r, long seed, String command) {
        StringBuilder md = new StringBuilder();
        md.append("srekg (`--srekg.role=all`) records an incident for each of ")
                .append(r.scenarios())
                .append(
                        " generated incidents, rotating through eight classes (see `RankingBench`: bad deploy, latency"
                                + " regression, capacity scale-down, failing database with no change 4 hops down, caller"
                                + " surge, sparse sampled traffic with 30 routine deploys, bad feature flag, bad configuration"
                                + " push; decoys close in time, routine deploys off the unhealthy path, a caller's deploy, a"
                                + " scale-up and a ticket after the errors began, and for the flag and config classes a"
                                + " harmless flag change of a side service and config push below the cause). The incidents' own suspects are read back. Seed ")
                .append(seed)
                .append(", command: `")
                .append(command)
                .append("`.\n\n");
        md.append("| class | incidents | AC@1 | AC@3 |\n| --- | ---: | ---: | ---: |\n");
        for (PerClass c : r.classes()) {
            md.append(String.format(
                    java.util.Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", c.label(), c.scenarios(), c.ac1(), c.ac3()));
        }
        md.append(String.format(
                java.util.Locale.ROOT, "| **overall** | %d | %.2f | %.2f |%n", r.scenarios(), r.ac1(), r.ac3()));
        md.append(String.format(
                java.util.Locale.ROOT,
                "%nContext latency over those incidents (`GET /services/{s}/context?depth=3`, 5 rounds): p50 %d ms, p95"
                        + " %d ms, p99 %d ms.%n",
                r.p50(),
                r.p95(),
                r.p99()));
        if (!r.misses().isEmpty()) {
            md.append("\nMisses (first ones):\n\n");
            r.misses().forEach(m -> md.append("- ").append(m).append('\n'));
        }
        return md.toString();
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
