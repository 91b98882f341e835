package dev.srekg.bench;

import dev.srekg.demo.Otlp;
import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.ingest.kafka.TopicProvisioning;
import dev.srekg.stack.LocalStack;
import dev.srekg.stack.LocalStackSettings;
import dev.srekg.test.KafkaRecords;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/**
 * End-to-end ingest throughput: records pre-produced to the real broker, then consumed by srekg's own runnable jar
 * (ingest role, a separate JVM with a bounded heap) into the real Neo4j. Measures from the moment the consumer group
 * has joined until every record is committed, checks the graph holds what was sent, and writes docs/benchmarks.md.
 *
 * <p>{@code --only=ranking} runs only {@link RankingBench} ({@code --incidents=120 --seed=42}) and writes its section
 * to {@code --out}; {@code --only=scale} only the graph-size runs; {@code --only=writes} only {@link WriteShapes}
 * ({@code --events --rounds=5 --batch=2000 --plans}), to {@code --out}; {@code --only=changes} only change events end
 * to end against the raw write probe ({@code --events --rounds=3}, alternating; {@code --compare-args="..."} runs the
 * end to end again each round with those srekg arguments), to {@code --out};
 * {@code --write-log=DEBUG} has srekg's jar log each poll's and each transaction's timings. {@code --compare-jar=PATH} (with
 * {@code --compare-rounds=3}) also answers each size's context queries with another build's jar, alternating with
 * this one on the same graph, and reports the latency ratios per round: a before/after figure from one run.
 * {@code --scale-dir=DIR} keeps the graph-size stack in DIR (deleted otherwise) and reuses it on a later run of the
 * same size, days and events, which then skips the loading.
 *
 * <p>Arguments (all optional): {@code --events=200000 --spans=2000000 --incidents=100 --heap=512m
 * --jar=server/target/srekg.jar
 * --out=docs/benchmarks.md --srekg-args="--srekg.ingest.max-poll-records=5000"} (the last ones go to srekg)
 */
public final class IngestBench {

    static final List<String> CHANGE_TOPICS = List.of("sre.deploys", "sre.scaling", "sre.tickets", "sre.alerts");
    private static final String SPANS_TOPIC = "otlp_spans";
    private static final int PARTITIONS = 3;
    private static final int SERVICES = 2000;

    private final Map<String, String> options;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private RankingBench.Result ranked;
    private final List<ScaleBench.Result> scaled = new ArrayList<>();
    private double changeRate;
    private double rawWriteRate;
    private double statementsToPlain;
    private double spanRate;

    private IngestBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new IngestBench(options).run();
        System.exit(0);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void run() throws Exception {
        int events = Integer.parseInt(option("events", "200000"));
        int spans = Integer.parseInt(option("spans", "2000000"));
        String heap = option("heap", "512m");
        Path jar = Path.of(option("jar", "server/target/srekg.jar"));
        Path out = Path.of(option("out", "docs/benchmarks.md"));
        if (option("only", "").equals("ranking")) {
            runRanking(heap, jar, out);
            return;
        }
        if (option("only", "").equals("alerts")) {
            runAlerts(heap, jar, out);
            return;
        }
        if (option("only", "").equals("writes")) {
            runWriteShapes(events, out);
            return;
        }
        if (option("only", "").equals("changes")) {
            runChangesAgainstProbe(events, heap, jar, out);
            return;
        }
        if (!option("only", "").equals("scale")) {
            runIngest(events, spans, heap, jar);
        }
        for (String size : option("scale", "5000").split(",")) {
            if (!size.isBlank() && !size.equals("0")) {
                String compare = option("compare-jar", "");
                scaled.add(ScaleBench.run(
                        jar,
                        compare.isEmpty() ? null : Path.of(compare),
                        Integer.parseInt(option("compare-rounds", "3")),
                        heap,
                        Integer.parseInt(size.strip()),
                        Integer.parseInt(option("scale-days", "7")),
                        Integer.parseInt(option("scale-events", "1000000")),
                        Integer.parseInt(option("scale-queries", "300")),
                        option("scale-dir", "").isEmpty() ? null : Path.of(option("scale-dir", "")),
                        this));
            }
        }
        write(out, heap, events, spans);
    }

    /** Change events, probes, spans and ranking quality, on a stack of their own. */
    private void runIngest(int events, int spans, String heap, Path jar) throws Exception {
        Path dir = Files.createTempDirectory("srekg-bench");
        try (LocalStack stack = LocalStack.start(new LocalStackSettings(dir, true, true, 0, true, 0, 0));
                Admin admin = Admin.create(
                        Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()));
                Driver driver = GraphDatabase.driver(stack.boltUri().orElseThrow(), AuthTokens.none())) {
            List<String> topics = new ArrayList<>(CHANGE_TOPICS);
            topics.add(SPANS_TOPIC);
            TopicProvisioning.ensure(admin, topics, PARTITIONS, (short) 1);

            List<String> services = services();
            long produced = produceChangeEvents(stack, events, services, Instant.parse("2026-11-20T00:00:00Z"), 250);
            Measured changes = consume(stack, admin, jar, heap, CHANGE_TOPICS, dir.resolve("gc-changes.log"), "bench");
            long written = count(driver, CHANGE_NODES);
            rows.add(row(
                    "Change events (4 streams, mixed formats)",
                    produced,
                    changes,
                    written + " nodes written of " + produced + " sent"));
            double srekgRate = produced / seconds(changes.duration());

            // The limits of both ends, and the naive way, on the same records.
            Probes.Read read = Probes.consumeOnly(stack, CHANGE_TOPICS);
            rows.add(row(
                    "Probe: the change topics read by one plain consumer, no sink",
                    read.records().size(),
                    new Measured(read.took(), 0),
                    "limit of the Kafka end"));
            List<dev.srekg.graph.change.ChangeEvent> parsed = Probes.parse(read.records());
            Probes.deleteChangeEvents(driver);
            Duration raw = Probes.rawWrites(driver, parsed, 2000);
            rows.add(row(
                    "Probe: srekg's statements straight to Neo4j, 2,000 events a transaction, no Kafka",
                    parsed.size(),
                    new Measured(raw, 0),
                    count(driver, CHANGE_NODES) + " nodes written; limit of the Neo4j end"));
            WriteShapes.Ratios shapes = WriteShapes.Ratios.of(WriteShapes.rounds(driver, parsed, 2000, 3));
            statementsToPlain = shapes.median();
            notes.add(String.format(
                    java.util.Locale.ROOT,
                    "srekg's statements are %.2f x the plain UNWIND MERGE shape of the same nodes and relationships"
                            + " (median of %d passes, %.2f to %.2f; both shapes batch by batch in one pass, see"
                            + " `--only=writes`; target: at least 0.8).",
                    shapes.median(),
                    shapes.passes(),
                    shapes.min(),
                    shapes.max()));
            int naiveCount = Math.min(parsed.size(), Integer.parseInt(option("naive-events", "20000")));
            Probes.deleteChangeEvents(driver);
            Duration naive = Probes.oneTransactionPerEvent(driver, parsed.subList(0, naiveCount));
            rows.add(row(
                    "Baseline: one transaction per event (a plain consumer with the driver)",
                    naiveCount,
                    new Measured(naive, 0),
                    count(driver, CHANGE_NODES) + " nodes written"));
            double rawRate = parsed.size() / seconds(raw);
            changeRate = srekgRate;
            rawWriteRate = rawRate;
            double naiveRate = naiveCount / seconds(naive);
            notes.add(String.format(
                    java.util.Locale.ROOT,
                    "Change events end to end are %.2f x the raw write probe and %.1f x the one-transaction-per-event"
                            + " baseline (target: at least 0.8 x the raw write probe).",
                    srekgRate / rawRate,
                    srekgRate / naiveRate));

            // Each stream alone, from an empty set of change events.
            for (String topic : CHANGE_TOPICS) {
                Probes.deleteChangeEvents(driver);
                long records = read.records().stream()
                        .filter(r -> r.topic().equals(topic))
                        .count();
                Measured one = consume(
                        stack, admin, jar, heap, List.of(topic), dir.resolve("gc-" + topic + ".log"), "bench-" + topic);
                rows.add(row(topic + " alone", records, one, count(driver, CHANGE_NODES) + " nodes written"));
            }

            long traces = produceSpans(stack, spans);
            Measured traffic =
                    consume(stack, admin, jar, heap, List.of(SPANS_TOPIC), dir.resolve("gc-spans.log"), "bench");
            long calls = count(driver, "MATCH (h:EdgeHour) RETURN sum(h.callsTotal)");
            rows.add(row(
                    "Spans (OTLP protobuf, 9 spans a trace)",
                    traces * 9,
                    traffic,
                    calls + " edge calls counted of " + traces * 4 + " sent"));
            spanRate = traces * 9 / seconds(traffic.duration());
            if (calls != traces * 4) {
                notes.add("Edge calls counted differ from calls sent: see the worker log for late or unpaired spans.");
            }

            int scenarios = Integer.parseInt(option("incidents", "100"));
            if (scenarios > 0) {
                ranked = RankingBench.run(stack, jar, heap, scenarios, 42);
            }
        } finally {
            // Runs once the stack is closed. A 5,000-service graph takes about 10 GB: runs must not pile them up.
            LocalStack.deleteRecursively(dir);
        }
    }

    /** Only the ranking quality, on a stack of its own; writes its section of docs/benchmarks.md to {@code out}. */
    private void runRanking(String heap, Path jar, Path out) throws Exception {
        int scenarios = Integer.parseInt(option("incidents", "120"));
        long seed = Long.parseLong(option("seed", "42"));
        Path dir = Files.createTempDirectory("srekg-bench");
        RankingBench.Result result;
        try (LocalStack stack = LocalStack.start(new LocalStackSettings(dir, true, true, 0, true, 0, 0));
                Admin admin = Admin.create(
                        Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()))) {
            List<String> topics = new ArrayList<>(CHANGE_TOPICS);
            topics.add(SPANS_TOPIC);
            TopicProvisioning.ensure(admin, topics, PARTITIONS, (short) 1);
            result = RankingBench.run(stack, jar, heap, scenarios, seed);
        } finally {
            LocalStack.deleteRecursively(dir);
        }
        String md = RankingBench.markdown(
                result,
                seed,
                "java -jar bench/target/srekg-bench.jar --only=ranking --incidents=" + scenarios + " --seed=" + seed);
        writeSection(out, md);
    }

    /**
     * Only the write shapes ({@link WriteShapes}): srekg's statements against the plain UNWIND MERGE shape on the same
     * rows, {@code --rounds=5} alternating rounds; writes the section to {@code out}.
     */
    private void runWriteShapes(int events, Path out) throws Exception {
        int rounds = Integer.parseInt(option("rounds", "5"));
        int batch = Integer.parseInt(option("batch", "2000"));
        Path dir = Files.createTempDirectory("srekg-bench");
        String md;
        try (ChangeStack changeStack = ChangeStack.start(dir)) {
            LocalStack stack = changeStack.stack();
            Driver driver = changeStack.driver();
            List<String> services = services();
            produceChangeEvents(stack, events, services, Instant.parse("2026-11-20T00:00:00Z"), 250);
            Probes.Read read = Probes.consumeOnly(stack, CHANGE_TOPICS);
            long p0 = System.nanoTime();
            List<dev.srekg.graph.change.ChangeEvent> parsed = Probes.parse(read.records());
            double parseRate = parsed.size() / ((System.nanoTime() - p0) / 1e9);
            // A warm-up pass, not reported: the first writes create the services and warm the page cache.
            WriteShapes.rounds(driver, parsed, batch, 1);
            List<WriteShapes.Round> measured = WriteShapes.rounds(driver, parsed, batch, rounds);
            List<WriteShapes.Profile> profiles = WriteShapes.profiles(
                    driver, parsed, batch, option("plans", "false").equals("true"));
            md = WriteShapes.markdown(
                    measured,
                    profiles,
                    parsed.size(),
                    batch,
                    parseRate,
                    "java -jar bench/target/srekg-bench.jar --only=writes --events=" + events + " --rounds=" + rounds);
        } finally {
            LocalStack.deleteRecursively(dir);
        }
        writeSection(out, md);
    }

    /**
     * Only change events end to end against the raw write probe, {@code --rounds=3} rounds on one stack: each round
     * deletes the change events, then consumes every change topic with srekg's jar (a new consumer group) and writes
     * the same parsed events with srekg's statements straight to Neo4j, 2,000 a transaction; which goes first
     * alternates round by round. A warm-up probe pass first creates the services and warms the page cache, so that
     * every run meets the same graph. Writes the section to {@code out}.
     */
    private void runChangesAgainstProbe(int events, String heap, Path jar, Path out) throws Exception {
        int rounds = Integer.parseInt(option("rounds", "3"));
        String compareArgs = option("compare-args", "");
        Path dir = Files.createTempDirectory("srekg-bench");
        List<WriteShapes.Round> measured = new ArrayList<>();
        List<WriteShapes.Round> compared = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        try (ChangeStack changeStack = ChangeStack.start(dir)) {
            LocalStack stack = changeStack.stack();
            Driver driver = changeStack.driver();
            long produced = produceChangeEvents(stack, events, services(), Instant.parse("2026-11-20T00:00:00Z"), 250);
            List<dev.srekg.graph.change.ChangeEvent> parsed =
                    Probes.parse(Probes.consumeOnly(stack, CHANGE_TOPICS).records());
            Probes.rawWrites(driver, parsed, 2000);
            for (int r = 1; r <= rounds; r++) {
                double endToEnd = 0;
                double probe = 0;
                for (int k = 0; k < 2; k++) {
                    Probes.deleteChangeEvents(driver);
                    if ((r + k) % 2 == 1) {
                        Measured m = changeRun(
                                changeStack,
                                jar,
                                heap,
                                dir,
                                "changes-" + r,
                                option("srekg-args", ""),
                                "round " + r,
                                checks);
                        endToEnd = produced / seconds(m.duration());
                    } else {
                        Duration cpu0 = benchCpu();
                        Duration took = Probes.rawWrites(driver, parsed, 2000);
                        probe = parsed.size() / seconds(took);
                        checks.add(String.format(
                                java.util.Locale.ROOT,
                                "round %d: raw write probe %.1f s, CPU of the benchmark's JVM (writer and database)"
                                        + " %.1f s",
                                r,
                                seconds(took),
                                seconds(benchCpu().minus(cpu0))));
                    }
                }
                measured.add(new WriteShapes.Round(endToEnd, probe));
                if (!compareArgs.isBlank()) {
                    // The same end to end with other settings of srekg, against the same probe of this round.
                    Probes.deleteChangeEvents(driver);
                    Measured m = changeRun(
                            changeStack,
                            jar,
                            heap,
                            dir,
                            "compare-" + r,
                            compareArgs,
                            "round " + r + ", with `" + compareArgs + "`",
                            checks);
                    compared.add(new WriteShapes.Round(produced / seconds(m.duration()), probe));
                }
                System.out.printf(
                        java.util.Locale.ROOT,
                        "round %d: end to end %,.0f/s, probe %,.0f/s, ratio %.2f%n",
                        r,
                        endToEnd,
                        probe,
                        endToEnd / probe);
            }
        } finally {
            LocalStack.deleteRecursively(dir);
        }
        StringBuilder md = new StringBuilder();
        md.append("Command: `java -jar bench/target/srekg-bench.jar --only=changes --events=")
                .append(events)
                .append(" --rounds=")
                .append(rounds)
                .append(" --heap=")
                .append(heap)
                .append("`\n\n| round | end to end | raw write probe | ratio |\n| ---: | ---: | ---: | ---: |\n");
        for (int i = 0; i < measured.size(); i++) {
            WriteShapes.Round round = measured.get(i);
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "| %d | %,.0f/s | %,.0f/s | %.2f |%n",
                    i + 1,
                    round.srekgRate(),
                    round.plainRate(),
                    round.ratio()));
        }
        WriteShapes.Ratios ratios = WriteShapes.Ratios.of(measured);
        md.append(String.format(
                java.util.Locale.ROOT,
                "%nEnd to end / raw write probe: median %.2f, spread %.2f to %.2f over %d rounds (target >= 0.8).%n",
                ratios.median(),
                ratios.min(),
                ratios.max(),
                ratios.passes()));
        if (!compared.isEmpty()) {
            WriteShapes.Ratios other = WriteShapes.Ratios.of(compared);
            md.append(String.format(
                    java.util.Locale.ROOT,
                    "With `%s` after each round's runs: %s; median %.2f, spread %.2f to %.2f.%n",
                    compareArgs,
                    compared.stream()
                            .map(c -> String.format(java.util.Locale.ROOT, "%,.0f/s (%.2f)", c.srekgRate(), c.ratio()))
                            .collect(java.util.stream.Collectors.joining(", ")),
                    other.median(),
                    other.min(),
                    other.max()));
        }
        checks.forEach(c -> md.append("- ").append(c).append('\n'));
        writeSection(out, md.toString());
    }

    /**
     * Only alert to incident ({@link AlertBench}): {@code --alerts=30 --warm-up=60} (seconds)
     * {@code --changes-per-second=500}; writes the section to {@code out}.
     */
    private void runAlerts(String heap, Path jar, Path out) throws Exception {
        int alerts = Integer.parseInt(option("alerts", "30"));
        int warmUp = Integer.parseInt(option("warm-up", "60"));
        int changes = Integer.parseInt(option("changes-per-second", "500"));
        Path dir = Files.createTempDirectory("srekg-bench");
        AlertBench.Result result;
        try (LocalStack stack = LocalStack.start(new LocalStackSettings(dir, true, true, 0, true, 0, 0))) {
            result = AlertBench.run(stack, jar, heap, alerts, Duration.ofSeconds(warmUp), changes);
        } finally {
            LocalStack.deleteRecursively(dir);
        }
        String md = AlertBench.markdown(
                result,
                "java -jar bench/target/srekg-bench.jar --only=alerts --alerts=" + alerts + " --warm-up=" + warmUp
                        + " --changes-per-second=" + changes);
        writeSection(out, md);
    }

    /** The estate's change-event services, {@code svc-0} on. */
    private static List<String> services() {
        List<String> services = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            services.add("svc-" + s);
        }
        return services;
    }

    /** A section of one part alone, written to {@code out} and printed. */
    private static void writeSection(Path out, String md) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }

    /**
     * How long a run took; for a run of srekg's jar also its peak heap after GC and the CPU time of its process while
     * it consumed (from the moment the group joined).
     */
    /**
     * One run of srekg's jar over the change topics with {@code extra} arguments, in a consumer group of its own; adds
     * a line with what it wrote and the CPU time of both processes to {@code checks}.
     */
    private Measured changeRun(
            ChangeStack changeStack,
            Path jar,
            String heap,
            Path dir,
            String name,
            String extra,
            String label,
            List<String> checks)
            throws Exception {
        Duration cpu0 = benchCpu();
        Measured m = consume(
                changeStack.stack(),
                changeStack.admin(),
                jar,
                heap,
                CHANGE_TOPICS,
                dir.resolve("gc-" + name + ".log"),
                "bench-" + name,
                extra);
        checks.add(String.format(
                java.util.Locale.ROOT,
                "%s: %d change nodes written; end to end %.1f s, CPU of srekg's process %.1f s, of the broker and"
                        + " database's JVM %.1f s",
                label,
                count(changeStack.driver(), CHANGE_NODES),
                seconds(m.duration()),
                seconds(m.srekgCpu()),
                seconds(benchCpu().minus(cpu0))));
        return m;
    }

    /** A stack with the change topics and srekg's schema, a client of each end. */
    private record ChangeStack(LocalStack stack, Admin admin, Driver driver) implements AutoCloseable {
        static ChangeStack start(Path dir) throws Exception {
            LocalStack stack = LocalStack.start(new LocalStackSettings(dir, true, true, 0, true, 0, 0));
            Admin admin = Admin.create(
                    Map.of("bootstrap.servers", stack.kafkaBootstrap().orElseThrow()));
            Driver driver = GraphDatabase.driver(stack.boltUri().orElseThrow(), AuthTokens.none());
            ChangeStack started = new ChangeStack(stack, admin, driver);
            try {
                TopicProvisioning.ensure(admin, CHANGE_TOPICS, PARTITIONS, (short) 1);
                WriteShapes.schema(driver);
                return started;
            } catch (Exception | Error e) {
                started.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try (stack;
                    admin) {
                driver.close();
            }
        }
    }

    record Measured(Duration duration, double heapAfterGcPeakMb, Duration srekgCpu) {
        Measured(Duration duration, double heapAfterGcPeakMb) {
            this(duration, heapAfterGcPeakMb, Duration.ZERO);
        }
    }

    /** CPU time of this JVM (the broker and the database run in it) since it started. */
    static Duration benchCpu() {
        return Duration.ofNanos(ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime());
    }

    static final String CHANGE_NODES =
            "MATCH (n) WHERE n:Deployment OR n:ScaleEvent OR n:Ticket OR n:SloBreach RETURN count(n)";

    /** A row of the targets table: met, or missed and by how much (as a ratio of the target). */
    private static void target(
            StringBuilder md, String what, double measured, double goal, boolean atLeast, String format) {
        boolean met = atLeast ? measured >= goal : measured <= goal;
        String verdict = met
                ? "met"
                : atLeast
                        ? "missed: %.2f of the target".formatted(measured / goal)
                        : "missed: %.1f x the target".formatted(measured / goal);
        md.append("| ")
                .append(what)
                .append(" | ")
                .append(String.format(java.util.Locale.ROOT, format, measured))
                .append(" | ")
                .append(verdict)
                .append(" |\n");
    }

    private static double seconds(Duration d) {
        return Math.max(0.001, d.toMillis() / 1000.0);
    }

    private String row(String what, long records, Measured m, String check) {
        double seconds = seconds(m.duration());
        return "| %s | %,d | %.1f s | %,.0f/s | %s | %s |"
                .formatted(
                        what,
                        records,
                        seconds,
                        records / seconds,
                        m.heapAfterGcPeakMb() > 0 ? "%.0f MB".formatted(m.heapAfterGcPeakMb()) : "",
                        check);
    }

    /** Deploys (CDEvents), scale events (Kubernetes), tickets (Jira) and breaches (Alertmanager), all distinct. */
    static long produceChangeEvents(LocalStack stack, int count, List<String> services, Instant start, long stepMillis)
            throws Exception {
        return produceChangeEvents(stack, 0, count, services, start, stepMillis, true);
    }

    /**
     * Change events in the four streams' native formats, ids from {@code firstId}; without breaches, the alerts' share
     * goes to deploys (a load that opens no incidents).
     */
    static long produceChangeEvents(
            LocalStack stack,
            int firstId,
            int count,
            List<String> services,
            Instant start,
            long stepMillis,
            boolean breaches)
            throws Exception {
        Random random = new Random(42L + firstId);
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            for (int i = firstId; i < firstId + count; i++) {
                String service = services.get(random.nextInt(services.size()));
                Instant at = start.plusMillis(stepMillis * (i - firstId));
                String topic;
                String json;
                switch (!breaches && i % 20 >= 17 ? 0 : i % 20) {
                    case 0, 1, 2, 3, 4, 5, 6, 7 -> {
                        topic = "sre.deploys";
                        json = "{\"context\":{\"version\":\"0.4.1\",\"id\":\"bench-" + i
                                + "\",\"source\":\"/ci/bench\","
                                + "\"type\":\"dev.cdevents.service.deployed.0.2.0\",\"timestamp\":\"" + at + "\"},"
                                + "\"subject\":{\"id\":\"service/" + service + "\",\"type\":\"service\",\"content\":"
                                + "{\"environment\":{\"id\":\"prod\"},\"artifactId\":\"pkg:oci/" + service + "@1." + i
                                + "\"}}}";
                    }
                    case 8, 9, 10, 11, 12, 13 -> {
                        topic = "sre.scaling";
                        json = "{\"kind\":\"Event\",\"metadata\":{\"uid\":\"uid-" + i + "\",\"namespace\":\"shop\"},"
                                + "\"involvedObject\":{\"kind\":\"HorizontalPodAutoscaler\",\"name\":\"" + service
                                + "\",\"namespace\":\"shop\"},\"reason\":\"SuccessfulRescale\",\"message\":\"New size: "
                                + (2 + i % 8) + "; reason: cpu resource utilization (percentage of request) above "
                                + "target\",\"source\":{\"component\":\"horizontal-pod-autoscaler\"},"
                                + "\"lastTimestamp\":\"" + at + "\",\"count\":1}";
                    }
                    case 14, 15, 16 -> {
                        topic = "sre.tickets";
                        json = "{\"timestamp\":" + at.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_created\","
                                + "\"issue\":{\"key\":\"OPS-" + i + "\",\"fields\":{\"summary\":\"Slow " + service
                                + "\",\"status\":{\"name\":\"Open\"},\"labels\":[\"service:" + service + "\"],"
                                + "\"created\":\"" + at + "\"}}}";
                    }
                    default -> {
                        topic = "sre.alerts";
                        json = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
                                + "\"labels\":{\"alertname\":\"BudgetBurn\",\"sloth_service\":\"" + service
                                + "\",\"sloth_slo\":\"availability\",\"sloth_severity\":\"page\"},\"startsAt\":\"" + at
                                + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"fp" + i + "\"}]}";
                    }
                }
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return count;
    }

    /** Traces of an estate of 50 services: a root and four calls to another service each, 9 spans a trace. */
    private static long produceSpans(LocalStack stack, int spans) throws Exception {
        Random random = new Random(7);
        long traces = spans / 9;
        Instant start = Instant.parse("2026-11-21T00:00:00Z");
        // About 10 minutes of event time, whatever the volume.
        long stepMicros = Math.max(1, 600_000_000L / traces);
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            List<Otlp.S> batch = new ArrayList<>();
            for (long t = 0; t < traces; t++) {
                Instant at = start.plusNanos(t * stepMicros * 1000);
                String trace = Otlp.trace(t + 1);
                int root = random.nextInt(50);
                batch.add(Otlp.span("svc-" + root, trace, Otlp.span(1), "", Otlp.SERVER, at, 120));
                int caller = root;
                for (int c = 0; c < 4; c++) {
                    int callee = (caller + 1 + random.nextInt(49)) % 50;
                    String client = Otlp.span(2 + 2L * c);
                    String parent = c == 0 ? Otlp.span(1) : Otlp.span(1 + 2L * c);
                    Otlp.S call =
                            Otlp.span("svc-" + caller, trace, client, parent, Otlp.CLIENT, at.plusMillis(c), 20 + c);
                    Otlp.S serve = Otlp.span(
                            "svc-" + callee,
                            trace,
                            Otlp.span(3 + 2L * c),
                            client,
                            Otlp.SERVER,
                            at.plusMillis(c + 1),
                            15 + c);
                    batch.add(random.nextInt(50) == 0 ? call.failed() : call);
                    batch.add(serve);
                    caller = callee;
                }
                if (batch.size() >= 180) {
                    producer.send(new ProducerRecord<>(SPANS_TOPIC, Otlp.proto(batch)));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                producer.send(new ProducerRecord<>(SPANS_TOPIC, Otlp.proto(batch)));
            }
            producer.flush();
        }
        return traces;
    }

    static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafkaBootstrap().orElseThrow(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        1 << 20,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        4 << 20,
                        ProducerConfig.ACKS_CONFIG,
                        "1"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Runs srekg's jar (ingest role) until the group has committed every record of the topics. */
    Measured consume(
            LocalStack stack, Admin admin, Path jar, String heap, List<String> topics, Path gcLog, String group)
            throws Exception {
        return consume(stack, admin, jar, heap, topics, gcLog, group, option("srekg-args", ""));
    }

    /** The same, with {@code extra} arguments to srekg. */
    private Measured consume(
            LocalStack stack,
            Admin admin,
            Path jar,
            String heap,
            List<String> topics,
            Path gcLog,
            String group,
            String extra)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap,
                "-Xlog:gc:file=" + gcLog,
                "-jar",
                jar.toString(),
                "--srekg.role=ingest",
                "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap().orElseThrow(),
                "--srekg.neo4j.uri=" + stack.boltUri().orElseThrow(),
                "--srekg.ingest.group-id=" + group,
                "--srekg.ingest.topics.deploys=" + (topics.contains("sre.deploys") ? "sre.deploys" : "unused.deploys"),
                "--srekg.ingest.topics.scaling=" + (topics.contains("sre.scaling") ? "sre.scaling" : "unused.scaling"),
                "--srekg.ingest.topics.tickets=" + (topics.contains("sre.tickets") ? "sre.tickets" : "unused.tickets"),
                "--srekg.ingest.topics.alerts=" + (topics.contains("sre.alerts") ? "sre.alerts" : "unused.alerts"),
                "--srekg.ingest.traces.enabled=" + topics.contains(SPANS_TOPIC),
                "--srekg.ingest.traces.idle-flush=500ms",
                "--server.port=0",
                "--logging.level.dev.srekg=WARN",
                "--logging.level.dev.srekg.ingest.kafka.TraceHandler=INFO",
                "--logging.level.dev.srekg.ingest.neo4j="
                        + option("write-log", System.getProperty("srekg.bench.writer-log", "INFO")),
                "--logging.level.dev.srekg.ingest.kafka.ConsumerPipeline=" + option("write-log", "WARN")));
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        try {
            KafkaRecords.awaitMembers(
                    admin, IngestWorkers.groupOf(group, topics.get(0)), n -> n > 0, Duration.ofMinutes(2));
            long t0 = System.nanoTime();
            Duration cpu0 = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
            KafkaRecords.awaitConsumed(admin, t -> IngestWorkers.groupOf(group, t), topics, Duration.ofMinutes(20));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Duration cpu = process.toHandle()
                    .info()
                    .totalCpuDuration()
                    .orElse(Duration.ZERO)
                    .minus(cpu0);
            return new Measured(took, heapAfterGcPeakMb(gcLog), cpu);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static double heapAfterGcPeakMb(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            return 0;
        }
        Matcher m = Pattern.compile("->(\\d+)M\\(").matcher(Files.readString(gcLog));
        double peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Double.parseDouble(m.group(1)));
        }
        return peak;
    }

    static long count(Driver driver, String query) {
        try (Session session = driver.session()) {
            return session.run(query).single().get(0).asLong(0);
        }
    }

    private void write(Path out, String heap, int events, int spans) throws IOException {
        String machine = "%d cores, %d GiB RAM, %s %s"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                                        .getTotalMemorySize()
                                >> 30,
                        System.getProperty("java.vm.name"),
                        System.getProperty("java.version"));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Generated by `bench/run` on ")
                .append(LocalDate.now())
                .append(". Machine: ")
                .append(machine)
                .append(".\n\n");
        md.append("Command: `bench/run");
        new java.util.TreeMap<>(options).forEach((k, v) -> {
            if (!k.equals("out") && !k.equals("jar")) {
                md.append(" --").append(k).append('=').append(v);
            }
        });
        md.append("` (defaults: `--events=200000 --spans=2000000 --incidents=100 --heap=512m --scale=5000"
                + " --scale-days=7 --scale-events=1000000 --scale-queries=300 --naive-events=20000`)\n\n");
        md.append("Records are produced to the real KRaft broker first; then srekg's own jar runs as a separate JVM "
                        + "(`--srekg.role=ingest`, `-Xmx")
                .append(heap)
                .append("`) and consumes them into the real Neo4j "
                        + "(Community, embedded in the benchmark's JVM, Bolt). Time runs from the moment the consumer group has "
                        + "joined until every record is committed, which for spans includes the final flush of open windows "
                        + "(idle flush 500 ms). Broker, database and srekg share the same cores.\n\n");
        md.append("| stream | records | time | throughput | heap after GC, peak | check |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
        rows.forEach(r -> md.append(r).append('\n'));
        md.append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        if (ranked != null) {
            md.append("\n## Ranking quality and context latency\n\n");
            md.append(RankingBench.markdown(ranked, 42, "bench/run --incidents=" + ranked.scenarios()));
        }
        if (!scaled.isEmpty()) {
            md.append("\n## Incident context against graph size\n\n");
            md.append(
                    "Each size is a generated estate (`Estate.generated`: services in six layers, each calling three to"
                            + " nine deeper ones) in a fresh stack. Every service and edge gets per-minute traffic for the days"
                            + " shown, written by srekg's own traffic writer (the trace worker's statements, without Kafka); the"
                            + " change events are produced to the broker in native formats and consumed by srekg's jar (ingest"
                            + " role). Then srekg (API role, same heap) answers `GET /services/{s}/context?depth=3` for random"
                            + " calling services at random moments of those days, after 20 warm-up queries.\n\n");
            md.append("| services | edges | days of minute windows | hour nodes | traffic load | change events |"
                    + " consumed by srekg | context queries | p50 | p95 | p99 | max |\n");
            md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (ScaleBench.Result r : scaled) {
                md.append(String.format(
                        java.util.Locale.ROOT,
                        "| %,d | %,d | %d | %,d | %.0f s | %,d (%,d written) | %.0f s (%,.0f/s) | %d | %d ms | %d ms |"
                                + " %d ms | %d ms |%n",
                        r.services(),
                        r.edges(),
                        r.days(),
                        r.hourNodes(),
                        r.trafficLoad().toMillis() / 1000.0,
                        r.events(),
                        r.eventsWritten(),
                        r.eventsTook().toMillis() / 1000.0,
                        r.events() / Math.max(0.001, r.eventsTook().toMillis() / 1000.0),
                        r.queries(),
                        r.p50(),
                        r.p95(),
                        r.p99(),
                        r.max()));
            }
            md.append("\nWhere the time goes, as srekg reports it in each answer's `Server-Timing` header (mean per"
                    + " query / p99 / mean over the " + ScaleBench.SLOWEST + " slowest queries; the rest of `total`"
                    + " is the walk's bookkeeping, ranking and writing the JSON; the rest of the latency above is the"
                    + " HTTP transfer and the client):\n\n");
            for (ScaleBench.Result r : scaled) {
                StringBuilder line = new StringBuilder();
                r.steps()
                        .forEach((step, s) -> line.append(line.isEmpty() ? "" : ", ")
                                .append(String.format(
                                        java.util.Locale.ROOT,
                                        "%s %.1f / %.1f / %.1f ms",
                                        step,
                                        s.mean(),
                                        s.p99(),
                                        s.slowest())));
                md.append(String.format(java.util.Locale.ROOT, "- %,d services: %s%n", r.services(), line));
            }
            for (ScaleBench.Result r : scaled) {
                if (r.compared().isEmpty()) {
                    continue;
                }
                md.append(String.format(
                        java.util.Locale.ROOT,
                        "%nThis build against `%s` on the same %,d-service graph, the same %d queries each, one"
                                + " process after the other (`--compare-jar`): latency of this build over the other's,"
                                + " per round.%n%n| round | p50 | p95 | p99 | this build p50 / p95 / p99 | other"
                                + " p50 / p95 / p99 |%n| ---: | ---: | ---: | ---: | ---: | ---: |%n",
                        option("compare-jar", ""),
                        r.services(),
                        r.queries()));
                int n = 0;
                for (ScaleBench.Round round : r.compared()) {
                    md.append(String.format(
                            java.util.Locale.ROOT,
                            "| %d | %.2f | %.2f | %.2f | %d / %d / %d ms | %d / %d / %d ms |%n",
                            ++n,
                            round.ratio(0.5),
                            round.ratio(0.95),
                            round.ratio(0.99),
                            ScaleBench.percentile(round.these(), 0.5),
                            ScaleBench.percentile(round.these(), 0.95),
                            ScaleBench.percentile(round.these(), 0.99),
                            ScaleBench.percentile(round.other(), 0.5),
                            ScaleBench.percentile(round.other(), 0.95),
                            ScaleBench.percentile(round.other(), 0.99)));
                }
            }
        }
        md.append("\n## Targets\n\n| target | measured | |\n| --- | ---: | --- |\n");
        target(md, "change events end to end >= 30,000/s", changeRate, 30_000, true, "%,.0f/s");
        target(md, "spans end to end >= 100,000/s", spanRate, 100_000, true, "%,.0f/s");
        target(
                md,
                "change events end to end >= 0.8 x the raw write probe",
                changeRate / Math.max(1, rawWriteRate),
                0.8,
                true,
                "%.2f x");
        target(md, "srekg's statements >= 0.8 x the plain UNWIND MERGE shape", statementsToPlain, 0.8, true, "%.2f x");
        if (!scaled.isEmpty()) {
            ScaleBench.Result largest = scaled.get(scaled.size() - 1);
            target(
                    md,
                    "context p99 < 50 ms at " + "%,d".formatted(largest.services()) + " services (issue 19)",
                    largest.p99(),
                    49,
                    false,
                    "%.0f ms");
        }
        if (ranked != null) {
            for (RankingBench.PerClass c : ranked.classes()) {
                target(md, "AC@1 >= 0.90, " + c.label(), c.ac1(), 0.9, true, "%.2f");
                target(md, "AC@3 >= 0.98, " + c.label(), c.ac3(), 0.98, true, "%.2f");
            }
            target(md, "AC@1 >= 0.95 overall", ranked.ac1(), 0.95, true, "%.2f");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md + keptSections(out));
        System.out.println(md);
    }

    /** Sections of the file that other runs write (the API load test's figures), kept as they are. */
    static String keptSections(Path out) throws java.io.IOException {
        if (!Files.exists(out)) {
            return "";
        }
        String existing = Files.readString(out);
        int kept = existing.indexOf(API_LOAD_SECTION);
        return kept < 0 ? "" : "\n" + existing.substring(kept);
    }

    /** Written by {@code ApiLoadIT} (server), not by this benchmark. */
    static final String API_LOAD_SECTION = "## API under load";
}
