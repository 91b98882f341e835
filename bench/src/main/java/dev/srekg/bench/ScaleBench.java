package dev.srekg.bench;

import dev.srekg.demo.Estate;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.traffic.EdgeActivity;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TraceChanges;
import dev.srekg.graph.traffic.TrafficWindow;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.ingest.neo4j.GraphWriter;
import dev.srekg.stack.LocalStack;
import dev.srekg.stack.LocalStackSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Incident-context latency against graph size. A generated estate ({@link Estate#generated}) gets days of per-minute
 * traffic on every service and edge, written with srekg's own traffic writer (the shapes and statements of the trace
 * worker, without Kafka), and change events produced to the real broker in native formats and consumed by srekg's
 * jar. Then srekg (API role) answers {@code GET /services/{s}/context?depth=3} for random services at random
 * moments.
 */
final class ScaleBench {

    /**
     * One graph size.
     *
     * @param services services in the estate
     * @param edges dependency edges
     * @param days days of minute windows
     * @param hourNodes traffic hour nodes written
     * @param trafficLoad time to write the traffic
     * @param events change events sent
     * @param eventsWritten change events in the graph afterwards
     * @param eventsTook time srekg took to consume them
     * @param queries context queries timed
     * @param p50 median, ms
     * @param p95 95th percentile, ms
     * @param p99 99th percentile, ms
     * @param max slowest, ms
     * @param steps each step srekg reports in {@code Server-Timing}, over the timed queries
     */
    record Result(
            int services,
            int edges,
            int days,
            long hourNodes,
            Duration trafficLoad,
            long events,
            long eventsWritten,
            Duration eventsTook,
            int queries,
            long p50,
            long p95,
            long p99,
            long max,
            Map<String, Step> steps,
            List<Round> compared) {}

    /**
     * One step of the context as srekg reports it in {@code Server-Timing}, over the timed queries, ms.
     *
     * @param mean mean per query
     * @param p99 99th percentile
     * @param slowest mean over the slowest {@link #SLOWEST} queries (by the client's latency): what the tail is made of
     */
    record Step(double mean, double p99, double slowest) {}

    /** Queries counted as the slowest in {@link Step#slowest}. */
    static final int SLOWEST = 5;

    /**
     * One round of {@code --compare-jar}: the same queries (same services and moments) answered by this build's jar
     * and then by the other jar, on the same graph, one process after the other.
     */
    record Round(long[] these, long[] other) {

        /** The percentile {@code q} of this build's latencies over the other's. */
        double ratio(double q) {
            return (double) percentile(these, q) / Math.max(1, percentile(other, q));
        }
    }

    /** The latency at percentile {@code q} (0.5, 0.95, 0.99) of sorted {@code latencies}. */
    static long percentile(long[] latencies, double q) {
        return latencies[Math.min(latencies.length - 1, (int) (latencies.length * q))];
    }

    private static final Instant END = Instant.parse("2026-11-27T00:00:00Z");
    private static final int WINDOWS_PER_TX = 2000;

    private ScaleBench() {}

    static Result run(
            Path jar,
            Path compareJar,
            int rounds,
            String heap,
            int size,
            int days,
            int events,
            int queries,
            Path keep,
            IngestBench harness)
            throws Exception {
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("srekg-scale");
        Path loaded = dir.resolve("scale-loaded");
        String shape = size + " " + days + " " + events;
        boolean reuse =
                keep != null && Files.exists(loaded) && Files.readString(loaded).startsWith(shape + " ");
        try (LocalStack stack = LocalStack.start(new LocalStackSettings(dir, !reuse, true, 0, true, 0, 0));
                Admin admin = Admin.create(
                        Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()));
                Driver driver = GraphDatabase.driver(stack.boltUri().orElseThrow(), AuthTokens.none())) {
            Estate estate = Estate.generated(size, 42);
            List<Estate.Call> calls = estate.calls();
            Instant start = END.minus(Duration.ofDays(days));
            long hourNodes;
            Duration load;
            long sent;
            Duration consumed;
            if (reuse) {
                // A graph loaded by an earlier run with --scale-dir: the same estate, days and events.
                String[] figures = Files.readString(loaded).strip().split(" ");
                hourNodes = Long.parseLong(figures[3]);
                load = Duration.ofMillis(Long.parseLong(figures[4]));
                sent = Long.parseLong(figures[5]);
                consumed = Duration.ofMillis(Long.parseLong(figures[6]));
                System.out.printf("scale %d: reusing the graph in %s%n", size, dir);
            } else {
                // srekg's schema first (constraints and indexes the writer relies on), by a short-lived API process.
                runSrekg(stack, jar, heap, List.of("--srekg.role=api")).close();
                long t0 = System.nanoTime();
                hourNodes = loadTraffic(driver, estate, start, days);
                load = Duration.ofNanos(System.nanoTime() - t0);
                System.out.printf("scale %d: %d hour nodes in %s%n", size, hourNodes, load);

                TopicProvisioning.ensure(admin, IngestBench.CHANGE_TOPICS, 3, (short) 1);
                List<String> names = List.copyOf(estate.services().keySet());
                sent = IngestBench.produceChangeEvents(
                        stack, events, names, start, Duration.ofDays(days).toMillis() / Math.max(1, events));
                consumed = harness.consume(
                                stack,
                                admin,
                                jar,
                                heap,
                                IngestBench.CHANGE_TOPICS,
                                dir.resolve("gc-scale.log"),
                                "bench")
                        .duration();
                if (keep != null) {
                    Files.writeString(
                            loaded,
                            shape + " " + hourNodes + " " + load.toMillis() + " " + sent + " " + consumed.toMillis()
                                    + "\n");
                }
            }
            long written = IngestBench.count(driver, IngestBench.CHANGE_NODES);

            Map<String, Step> steps = new LinkedHashMap<>();
            long[] latencies = timeContexts(stack, dir, jar, heap, estate, start, queries, steps);
            print("this build", steps);
            Arrays.sort(latencies);
            List<Round> compared = new ArrayList<>();
            for (int round = 0; compareJar != null && round < rounds; round++) {
                Map<String, Step> theseSteps = new LinkedHashMap<>();
                Map<String, Step> otherSteps = new LinkedHashMap<>();
                long[] these = timeContexts(stack, dir, jar, heap, estate, start, queries, theseSteps);
                long[] other = timeContexts(stack, dir, compareJar, heap, estate, start, queries, otherSteps);
                print("round " + (round + 1) + ", this build", theseSteps);
                print("round " + (round + 1) + ", other build", otherSteps);
                Arrays.sort(these);
                Arrays.sort(other);
                compared.add(new Round(these, other));
                System.out.printf(
                        "scale %d round %d: p50 %d vs %d ms, p95 %d vs %d ms, p99 %d vs %d ms%n",
                        size,
                        round + 1,
                        percentile(these, 0.5),
                        percentile(other, 0.5),
                        percentile(these, 0.95),
                        percentile(other, 0.95),
                        percentile(these, 0.99),
                        percentile(other, 0.99));
            }
            return new Result(
                    size,
                    calls.size(),
                    days,
                    hourNodes,
                    load,
                    sent,
                    written,
                    consumed,
                    latencies.length,
                    percentile(latencies, 0.5),
                    percentile(latencies, 0.95),
                    percentile(latencies, 0.99),
                    latencies[latencies.length - 1],
                    steps,
                    compared);
        } finally {
            // Runs once the stack is closed. A 5,000-service graph takes about 10 GB: runs must not pile them up.
            if (keep == null) {
                LocalStack.deleteRecursively(dir);
            }
        }
    }

    /** Every service and edge, every minute: realistic calls, a little error, latency spread over three buckets. */
    private static ServiceId prod(String name) {
        return new ServiceId(ServiceId.DEFAULT_ENVIRONMENT, name);
    }

    private static long loadTraffic(Driver driver, Estate estate, Instant start, int days) {
        GraphWriter writer = new GraphWriter(driver, Clock.systemUTC());
        Random random = new Random(7);
        long written = 0;
        List<TrafficWindow.Subject> subjects = new ArrayList<>();
        estate.services().keySet().forEach(s -> subjects.add(new TrafficWindow.Subject.Service(prod(s))));
        for (Estate.Call c : estate.calls()) {
            subjects.add(new TrafficWindow.Subject.Edge(
                    prod(c.from()), prod(c.to()), "CALL", c.protocol() == Estate.Protocol.DATABASE));
        }
        long[] buckets = new long[Latency.BUCKETS];
        for (int h = 0; h < days * 24; h++) {
            Instant hour = start.plus(Duration.ofHours(h));
            List<TrafficWindow> batch = new ArrayList<>();
            List<GraphChange> changes = new ArrayList<>();
            for (TrafficWindow.Subject subject : subjects) {
                TrafficWindow w = TrafficWindow.empty(subject, hour);
                for (int m = 0; m < TrafficWindow.MINUTES; m++) {
                    long n = 5 + random.nextInt(60);
                    long errors = random.nextInt(100) == 0 ? 1 + random.nextInt(3) : 0;
                    Arrays.fill(buckets, 0);
                    int b = 4 + random.nextInt(4);
                    buckets[b] = n / 2;
                    buckets[b + 1] = n - n / 2 - 1;
                    buckets[b + 3] = 1;
                    w.addMinute(m, n, errors, n * 1000L * (1 + b), buckets);
                }
                batch.add(w);
                if (subject instanceof TrafficWindow.Subject.Edge e) {
                    changes.add(TraceChanges.of(
                            new EdgeActivity(e, hour, hour.plusSeconds(3540)), Duration.ofMinutes(10), hour));
                } else {
                    changes.add(TraceChanges.serviceActive(w, hour));
                }
                if (batch.size() == WINDOWS_PER_TX) {
                    writer.writeTraffic(batch, changes);
                    written += batch.size();
                    batch = new ArrayList<>();
                    changes = new ArrayList<>();
                }
            }
            writer.writeTraffic(batch, changes);
            written += batch.size();
            if (h % 24 == 23) {
                System.out.printf("  day %d of %d written (%d hour nodes)%n", (h + 1) / 24, days, written);
            }
        }
        return written;
    }

    private static void print(String label, Map<String, Step> steps) {
        StringBuilder line = new StringBuilder(label + " steps (mean / p99 / slowest " + SLOWEST + ", ms):");
        steps.forEach((name, s) -> line.append(
                String.format(java.util.Locale.ROOT, " %s %.1f / %.1f / %.1f;", name, s.mean(), s.p99(), s.slowest())));
        System.out.println(line);
    }

    private static long[] timeContexts(
            LocalStack stack,
            Path dir,
            Path jar,
            String heap,
            Estate estate,
            Instant start,
            int n,
            Map<String, Step> steps)
            throws Exception {
        // Query latency alone: the incident recorder would otherwise turn the generated breaches into incidents
        // meanwhile, on the same cores.
        // Each API process logs its collections beside the graph (gc-api-N.log), to tell a pause from a slow query.
        Path gcLog = dir.resolve("gc-api-" + (++apiProcesses) + ".log");
        try (SrekgProcess srekg = runSrekg(
                stack,
                jar,
                heap,
                List.of("-Xlog:gc:file=" + gcLog),
                List.of("--srekg.role=api", "--srekg.api.incidents.poll-interval=24h"))) {
            System.out.printf("context queries by %s, collections logged to %s%n", jar, gcLog);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + srekg.port();
            Random random = new Random(3);
            // Services with something to walk: callers of others.
            List<String> services = estate.calls().stream()
                    .map(Estate.Call::from)
                    .distinct()
                    .sorted()
                    .toList();
            long spanSeconds =
                    Duration.between(start.plus(Duration.ofHours(3)), END).toSeconds();
            for (int warm = 0; warm < 20; warm++) {
                context(http, base, services.get(random.nextInt(services.size())), END.minusSeconds(600));
            }
            Map<String, double[]> timings = new LinkedHashMap<>();
            long[] latencies = new long[n];
            for (int i = 0; i < n; i++) {
                String service = services.get(random.nextInt(services.size()));
                Instant at = start.plus(Duration.ofHours(3)).plusSeconds((long) (random.nextDouble() * spanSeconds));
                long t0 = System.nanoTime();
                HttpResponse<String> r = context(http, base, service, at);
                latencies[i] = (System.nanoTime() - t0) / 1_000_000;
                // "walk;dur=5.1, events;dur=40.2, total;dur=80.0"
                for (String entry :
                        r.headers().firstValue("Server-Timing").orElse("").split(",\\s*")) {
                    String[] parts = entry.split(";dur=");
                    if (parts.length == 2) {
                        timings.computeIfAbsent(parts[0], k -> new double[n])[i] += Double.parseDouble(parts[1]);
                    }
                }
            }
            Integer[] bySlowness = new Integer[n];
            Arrays.setAll(bySlowness, i -> i);
            Arrays.sort(bySlowness, (a, b) -> Long.compare(latencies[b], latencies[a]));
            int slowest = Math.min(SLOWEST, n);
            timings.forEach((step, values) -> {
                double tail = 0;
                for (int k = 0; k < slowest; k++) {
                    tail += values[bySlowness[k]];
                }
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                steps.put(
                        step,
                        new Step(
                                Arrays.stream(values).sum() / n,
                                sorted[Math.min(n - 1, (int) (n * 0.99))],
                                tail / Math.max(1, slowest)));
            });
            return latencies;
        }
    }

    private static HttpResponse<String> context(HttpClient http, String base, String service, Instant at)
            throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/services/" + service + "/context?depth=3&at=" + at))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("context of " + service + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    /** A srekg process and its HTTP port; closing it stops it. */
    record SrekgProcess(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int apiProcesses;

    /** Starts srekg on the stack and waits until it is healthy (its schema migrations have run by then). */
    static SrekgProcess runSrekg(LocalStack stack, Path jar, String heap, List<String> args) throws Exception {
        return runSrekg(stack, jar, heap, List.of(), args);
    }

    /** {@link #runSrekg(LocalStack, Path, String, List)} with options for its JVM ({@code jvm}). */
    static SrekgProcess runSrekg(LocalStack stack, Path jar, String heap, List<String> jvm, List<String> args)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap));
        command.addAll(jvm);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap().orElseThrow(),
                "--srekg.neo4j.uri=" + stack.boltUri().orElseThrow(),
                "--server.port=" + port,
                "--logging.level.dev.srekg=WARN"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).inheritIO().start();
        SrekgProcess srekg = new SrekgProcess(process, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://localhost:" + port + "/actuator/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return srekg;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        srekg.close();
        throw new IllegalStateException("srekg did not come up within 5 minutes");
    }
}
