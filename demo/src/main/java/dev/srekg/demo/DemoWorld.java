package dev.srekg.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated estate in event time. Each {@link #advance} returns what its producers would have written meanwhile:
 * OTLP spans of user traffic with realistic latency and errors, deploys, autoscaler events and tickets, and on a
 * schedule an injected incident, rotating through {@link IncidentClass}: a bad deploy of a dependency (errors on the
 * calls into it that propagate to its callers), a latency regression (a deploy, then slow calls and a latency SLO), a
 * capacity scale-down (an autoscaler down to one replica, then errors), and a failing database with no change behind
 * it; then the reactions an estate shows (a scale-up, a ticket), a Sloth SLO alert on an upstream service, and later
 * the rollback (or recovery) and the resolved alert. Each incident's ground truth is written to its own stream. The same
 * seed, start and sequence of calls give the same records; nothing here does I/O.
 */
public final class DemoWorld {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_SPANS_PER_TRACE = 60;
    private static final int MAX_DEPTH = 6;

    /** The stream a record belongs to; the runner maps it to a topic. */
    public enum Stream {
        SPANS,
        DEPLOYS,
        SCALING,
        TICKETS,
        ALERTS,
        /** The estate's Backstage catalog, an entity per record, once at the start. */
        CATALOG,
        /** Configuration and flag changes (LaunchDarkly webhooks). */
        CHANGES,
        /** The ground truth of injected incidents: srekg's own JSON, not read by srekg. */
        TRUTH
    }

    /** One record for Kafka. */
    public record Emitted(Stream stream, byte[] value) {}

    /**
     * How the world behaves.
     *
     * @param tracesPerSecond user requests per second at the entry points
     * @param firstIncidentAfter when the first incident begins, from the start
     * @param incidentEvery time between the starts of incidents (zero: only the first)
     * @param deployEvery mean time between routine deploys
     * @param scaleEvery mean time between routine autoscaler events
     * @param ticketEvery mean time between routine tickets
     */
    public record Settings(
            double tracesPerSecond,
            Duration firstIncidentAfter,
            Duration incidentEvery,
            Duration deployEvery,
            Duration scaleEvery,
            Duration ticketEvery) {

        public static final Settings DEFAULTS = new Settings(
                20,
                Duration.ofSeconds(20),
                Duration.ofMinutes(10),
                Duration.ofMinutes(3),
                Duration.ofMinutes(2),
                Duration.ofMinutes(7));
    }

    /** The classes of injected incident, in the order the schedule rotates through them. */
    public enum IncidentClass {
        BAD_DEPLOY,
        LATENCY,
        SCALE_DOWN,
        FAILING_DEPENDENCY,
        /** A caller's deploy triples its calls into the victim, which fails under the load. */
        CALLER_SURGE,
        /** A feature flag turned on in LaunchDarkly breaks the service behind it; turning it off repairs it. */
        BAD_FLAG
    }

    /** A service's (or a database's) failure while it runs a bad version, lacks capacity, or fails on its own. */
    private record Fault(double errorRate, int extraMillis) {}

    private record Pending(Instant at, long order, Supplier<List<Emitted>> emit) {}

    private final Estate estate;
    private final Settings settings;
    /** The environment its producers name (issue 15). */
    private final String environment;

    private final Random random;
    private final List<String> serviceNames;
    private final Map<String, Integer> versions = new HashMap<>();
    private final Map<String, Integer> replicas = new HashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();
    /** Calls made this many times per request, by caller and callee, while a caller surges. */
    private final Map<List<String>, Integer> surges = new HashMap<>();
    /**
     * Services on the path of an incident, from its start to the cause's rollback: no routine deploy or scale touches
     * them, so
     * that the injected cause is the only change on that path and the ground truth stays true.
     */
    private final Set<String> inIncident = new HashSet<>();

    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(Comparator.comparing(Pending::at).thenComparingLong(Pending::order));
    private long order;
    private int incidents;
    private int tickets;
    private Instant now;

    /** The prod shop: traffic, deploys, scale events, tickets and the injected incidents. */
    public DemoWorld(Estate estate, Settings settings, long seed, Instant start) {
        this(estate, settings, seed, start, "prod", true);
    }

    /**
     * A small staging copy of the estate beside prod (issue 15): the same service names in environment
     * {@code staging}, a tenth of the traffic (at least one request a second), deploys of its own, and no scale events,
     * tickets or incidents, so that none of its changes may pass for a cause of prod's incidents.
     */
    public static DemoWorld staging(Estate estate, Settings settings, long seed, Instant start) {
        Settings quiet = new Settings(
                Math.max(1, settings.tracesPerSecond() / 10),
                settings.firstIncidentAfter(),
                Duration.ZERO,
                settings.deployEvery(),
                Duration.ZERO,
                Duration.ZERO);
        return new DemoWorld(estate, quiet, seed + 1, start, "staging", false);
    }

    private DemoWorld(
            Estate estate, Settings settings, long seed, Instant start, String environment, boolean incidents) {
        this.estate = estate;
        this.settings = settings;
        this.environment = environment;
        this.random = new Random(seed);
        this.serviceNames = List.copyOf(estate.services().keySet());
        this.now = start;
        for (String s : serviceNames) {
            versions.put(s, 1 + random.nextInt(20));
            replicas.put(s, 2 + random.nextInt(4));
        }
        schedule(
                start,
                () -> NativeFormats.backstageCatalog(estate).stream()
                        .map(entity -> new Emitted(Stream.CATALOG, entity))
                        .toList());
        // Every service's running version, deployed some time in the last day.
        for (String s : serviceNames) {
            Instant at = start.minusSeconds(600 + random.nextInt(86_400));
            schedule(start, () -> List.of(deploy(s, false, at)));
        }
        if (incidents) {
            scheduleIncident(start.plus(settings.firstIncidentAfter()));
        }
    }

    public Instant now() {
        return now;
    }

    /** Everything that happens from {@link #now()} up to {@code to}, in event-time order per stream. */
    public List<Emitted> advance(Instant to) {
        List<Emitted> out = new ArrayList<>();
        Instant from = now;
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        if (seconds <= 0) {
            return out;
        }
        while (!pending.isEmpty() && pending.peek().at().isBefore(to)) {
            out.addAll(pending.poll().emit().get());
        }
        out.addAll(traffic(from, seconds));
        routine(from, seconds, settings.deployEvery(), out, at -> {
            String service = pick();
            return inIncident.contains(service) ? null : deploy(service, false, at);
        });
        routine(from, seconds, settings.scaleEvery(), out, at -> {
            String service = pick();
            return inIncident.contains(service) ? null : scale(service, random.nextBoolean(), at);
        });
        routine(from, seconds, settings.ticketEvery(), out, at -> routineTicket(pick(), at));
        now = to;
        return out;
    }

    /** A routine change with a mean interval of {@code every}, at a random moment of this step. */
    private void routine(
            Instant from, double seconds, Duration every, List<Emitted> out, Function<Instant, Emitted> change) {
        if (every.isZero() || random.nextDouble() >= seconds / every.toSeconds()) {
            return;
        }
        Emitted e = change.apply(from.plusMillis((long) (random.nextDouble() * seconds * 1000)));
        if (e != null) {
            out.add(e);
        }
    }

    private void schedule(Instant at, Supplier<List<Emitted>> emit) {
        pending.add(new Pending(at, order++, emit));
    }

    private String pick() {
        return serviceNames.get(random.nextInt(serviceNames.size()));
    }

    // ---- incidents

    private void scheduleIncident(Instant start) {
        schedule(start, () -> {
            startIncident(start);
            if (!settings.incidentEvery().isZero()) {
                scheduleIncident(start.plus(settings.incidentEvery()));
            }
            return List.of();
        });
    }

    /**
     * Picks a victim with an SLO and a cause one to three hops below it, then schedules the incident's story.
     */
    private void startIncident(Instant start) {
        IncidentClass kind = IncidentClass.values()[incidents % IncidentClass.values().length];
        List<String> victims = estate.sloServices().stream()
                .filter(v -> kind == IncidentClass.CALLER_SURGE
                        ? !rpcCallers(v).isEmpty()
                        : !rpcCallees(v).isEmpty())
                .sorted()
                .toList();
        String victim = victims.get(random.nextInt(victims.size()));
        List<String> chain = new ArrayList<>(List.of(victim));
        if (kind == IncidentClass.CALLER_SURGE) {
            // The cause is upstream: one of the victim's callers.
            List<String> callers = rpcCallers(victim);
            chain.add(callers.get(random.nextInt(callers.size())));
        } else {
            int hops = 1 + random.nextInt(3);
            for (int h = 0; h < hops; h++) {
                List<String> next = rpcCallees(chain.get(chain.size() - 1)).stream()
                        .filter(s -> !chain.contains(s))
                        .toList();
                if (next.isEmpty()) {
                    break;
                }
                chain.add(next.get(random.nextInt(next.size())));
            }
        }
        if (chain.size() < 2 || chain.stream().anyMatch(inIncident::contains)) {
            return;
        }
        inIncident.addAll(chain);
        int n = ++incidents;
        String last = chain.get(chain.size() - 1);
        List<String> databases = estate.callsFrom(last).stream()
                .filter(c -> c.protocol() == Estate.Protocol.DATABASE)
                .map(Estate.Call::to)
                .toList();
        // A failing dependency is the last service's database when it has one, else that service, unchanged.
        String cause = kind == IncidentClass.FAILING_DEPENDENCY && !databases.isEmpty() ? databases.get(0) : last;
        List<String> path = new ArrayList<>(chain);
        if (!cause.equals(last)) {
            path.add(cause);
        }
        Estate.Service victimService = estate.services().get(victim);
        String slo = kind == IncidentClass.LATENCY ? "requests-latency" : "requests-availability";
        // A decoy: another dependency of the victim deployed shortly before, without harm.
        List<String> others = rpcCallees(victim).stream()
                .filter(s -> !chain.contains(s) && !faults.containsKey(s))
                .toList();
        Instant decoyAt = start.plusSeconds(random.nextInt(20));
        String decoy = others.isEmpty() ? null : others.get(random.nextInt(others.size()));
        if (decoy != null) {
            schedule(decoyAt, () -> List.of(deploy(decoy, false, decoyAt)));
        }
        Instant causeAt = start.plusSeconds(25);
        String[] causeId = new String[1];
        schedule(causeAt, () -> {
            Fault fault = new Fault(0.35 + random.nextDouble() * 0.3, 150 + random.nextInt(300));
            switch (kind) {
                case LATENCY -> {
                    Emitted deploy = deploy(cause, false, causeAt);
                    causeId[0] = deployId(deploy);
                    faults.put(cause, new Fault(0, 300 + random.nextInt(300)));
                    return List.of(deploy);
                }
                case SCALE_DOWN -> {
                    String uid = new UUID(random.nextLong(), random.nextLong()).toString();
                    causeId[0] = uid + "#1";
                    replicas.put(cause, 1);
                    faults.put(cause, fault);
                    return List.of(new Emitted(
                            Stream.SCALING,
                            NativeFormats.hpaRescale(
                                    uid,
                                    estate.services().get(cause).namespace(),
                                    cause,
                                    1,
                                    "All metrics below target",
                                    causeAt)));
                }
                case FAILING_DEPENDENCY -> {
                    String caller = path.get(path.size() - 2);
                    causeId[0] = "anomaly " + caller + " → " + cause;
                    faults.put(cause, fault);
                    return List.of();
                }
                case CALLER_SURGE -> {
                    Emitted deploy = deploy(cause, false, causeAt);
                    causeId[0] = deployId(deploy);
                    surges.put(List.of(cause, victim), 3);
                    faults.put(victim, fault);
                    return List.of(deploy);
                }
                case BAD_FLAG -> {
                    Emitted flag = flag(cause, n, true, causeAt);
                    causeId[0] = "launchdarkly "
                            + JSON.readTree(flag.value()).path("_id").asString();
                    faults.put(cause, fault);
                    return List.of(flag);
                }
                default -> {
                    Emitted deploy = deploy(cause, false, causeAt);
                    causeId[0] = deployId(deploy);
                    faults.put(cause, fault);
                    return List.of(deploy);
                }
            }
        });
        Instant scaleAt = causeAt.plusSeconds(25);
        schedule(scaleAt, () -> List.of(scale(victim, true, scaleAt)));
        Instant breachAt = causeAt.plusSeconds(45);
        String fingerprint = Long.toHexString(random.nextLong());
        schedule(breachAt, () -> {
            ObjectNode truth = JSON.createObjectNode()
                    .put("srekg", "demo-incident")
                    .put("incident", n)
                    .put("service", victim)
                    .put("slo", slo)
                    .put("breachAt", breachAt.toString())
                    .put("class", kind.name())
                    .put("hops", path.size() - 1)
                    .put("path", String.join(kind == IncidentClass.CALLER_SURGE ? " <- " : " -> ", path));
            truth.putObject("cause")
                    .put(
                            "kind",
                            switch (kind) {
                                case SCALE_DOWN -> "scale";
                                case FAILING_DEPENDENCY -> "anomaly";
                                case BAD_FLAG -> "flag";
                                default -> "deploy";
                            })
                    .put("id", causeId[0])
                    .put("service", cause)
                    .put("at", causeAt.toString());
            if (decoy != null) {
                truth.putObject("decoy")
                        .put("kind", "deploy")
                        .put("service", decoy)
                        .put("at", decoyAt.toString());
            }
            return List.of(
                    new Emitted(
                            Stream.ALERTS,
                            NativeFormats.slothAlert(fingerprint, victim, victimService.team(), slo, breachAt, null)),
                    new Emitted(Stream.TRUTH, JSON.writeValueAsString(truth).getBytes(StandardCharsets.UTF_8)));
        });
        Instant ticketAt = breachAt.plusSeconds(40);
        String key = "OPS-" + (1000 + n);
        Instant rollbackAt = causeAt.plusSeconds(360);
        Instant resolvedAt = rollbackAt.plusSeconds(120);
        String summary = victim + " errors: " + slo + " budget burning";
        schedule(
                ticketAt,
                () -> List.of(
                        new Emitted(Stream.TICKETS, NativeFormats.jiraIssue(key, summary, victim, ticketAt, null))));
        schedule(rollbackAt, () -> {
            faults.remove(cause);
            faults.remove(victim);
            surges.remove(List.of(cause, victim));
            chain.forEach(inIncident::remove);
            return switch (kind) {
                case SCALE_DOWN -> List.of(scale(cause, true, rollbackAt));
                case FAILING_DEPENDENCY -> List.of();
                case BAD_FLAG -> List.of(flag(cause, n, false, rollbackAt));
                default -> List.of(deploy(cause, true, rollbackAt));
            };
        });
        schedule(
                resolvedAt,
                () -> List.of(
                        new Emitted(
                                Stream.ALERTS,
                                NativeFormats.slothAlert(
                                        fingerprint, victim, victimService.team(), slo, breachAt, resolvedAt)),
                        new Emitted(
                                Stream.TICKETS,
                                NativeFormats.jiraIssue(key, summary, victim, ticketAt, resolvedAt.plusSeconds(60)))));
    }

    private List<String> rpcCallers(String service) {
        return estate.calls().stream()
                .filter(c -> c.to().equals(service) && c.protocol() == Estate.Protocol.RPC)
                .map(Estate.Call::from)
                .distinct()
                .sorted()
                .toList();
    }

    private List<String> rpcCallees(String service) {
        return estate.callsFrom(service).stream()
                .filter(c -> c.protocol() == Estate.Protocol.RPC)
                .map(Estate.Call::to)
                .toList();
    }

    // ---- changes

    private Emitted deploy(String service, boolean rollback, Instant at) {
        int version = rollback ? versions.merge(service, -1, Integer::sum) : versions.merge(service, 1, Integer::sum);
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return new Emitted(
                Stream.DEPLOYS, NativeFormats.cdevent(id, environment, service, "1." + version + ".0", rollback, at));
    }

    /** A LaunchDarkly webhook turning the flag of incident {@code n} on {@code service} on or off. */
    private Emitted flag(String service, int n, boolean on, Instant at) {
        String id = HexFormat.of()
                .formatHex(ByteBuffer.allocate(12)
                        .putLong(random.nextLong())
                        .putInt(n)
                        .array());
        return new Emitted(
                Stream.CHANGES, NativeFormats.launchDarklyFlag(id, service, service + "-rollout-" + n, on, at));
    }

    /** The id srekg gives a CDEvents deploy: its source and its id. */
    private static String deployId(Emitted deploy) {
        var node = JSON.readTree(deploy.value()).path("data").path("context");
        return node.path("source").asString() + " " + node.path("id").asString();
    }

    private Emitted scale(String service, boolean up, Instant at) {
        int before = replicas.get(service);
        int after = up ? before + 1 + random.nextInt(3) : Math.max(1, before - 1);
        replicas.put(service, after);
        String why = after > before
                ? "cpu resource utilization (percentage of request) above target"
                : "All metrics below target";
        return new Emitted(
                Stream.SCALING,
                NativeFormats.hpaRescale(
                        new UUID(random.nextLong(), random.nextLong()).toString(),
                        estate.services().get(service).namespace(),
                        service,
                        after,
                        why,
                        at));
    }

    private Emitted routineTicket(String service, Instant at) {
        int n = ++tickets;
        String title = service + ": " + TICKET_TITLES[random.nextInt(TICKET_TITLES.length)];
        Instant closeAt = at.plusSeconds(900 + random.nextInt(1800));
        boolean jira = n % 2 == 0;
        String key = "SUP-" + (100 + n);
        schedule(
                closeAt,
                () -> List.of(new Emitted(
                        Stream.TICKETS,
                        jira
                                ? NativeFormats.jiraIssue(key, title, service, at, closeAt)
                                : NativeFormats.githubIssue(n, title, service, at, closeAt))));
        return new Emitted(
                Stream.TICKETS,
                jira
                        ? NativeFormats.jiraIssue(key, title, service, at, null)
                        : NativeFormats.githubIssue(n, title, service, at, null));
    }

    private static final String[] TICKET_TITLES = {
        "slow responses reported by a customer",
        "flaky health check",
        "dashboard shows gaps",
        "upgrade client library",
        "log volume doubled"
    };

    // ---- traffic

    private List<Emitted> traffic(Instant from, double seconds) {
        double expected = settings.tracesPerSecond() * seconds;
        int traces = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
        if (traces == 0) {
            return List.of();
        }
        List<Otlp.S> spans = new ArrayList<>();
        for (int t = 0; t < traces; t++) {
            Instant start = from.plusNanos((long) (random.nextDouble() * seconds * 1e9));
            Trace trace = new Trace(new UUID(random.nextLong(), random.nextLong()), spans);
            String entry =
                    estate.entryPoints().get(random.nextInt(estate.entryPoints().size()));
            trace.serve(entry, "", Otlp.SERVER, start, 0);
        }
        spans.sort(Comparator.comparing(Otlp.S::start));
        Map<String, String> namespaces = new HashMap<>();
        estate.services().forEach((name, s) -> namespaces.put(name, s.namespace()));
        return List.of(new Emitted(Stream.SPANS, Otlp.proto(spans, namespaces)));
    }

    /** One request's spans, built depth first. */
    private final class Trace {
        private final String traceId;
        private final List<Otlp.S> spans;
        private long nextSpan = 1;
        private int budget = MAX_SPANS_PER_TRACE;

        Trace(UUID id, List<Otlp.S> spans) {
            this.traceId = "%016x%016x".formatted(id.getMostSignificantBits(), id.getLeastSignificantBits());
            this.spans = spans;
        }

        /** The span of {@code service} handling a request; returns {@code [durationMillis, failed]}. */
        long[] serve(String service, String parent, int kind, Instant start, int depth) {
            String spanId = Otlp.span(nextSpan++);
            budget--;
            Estate.Service s = estate.services().get(service);
            Fault fault = faults.get(service);
            long elapsed = Math.max(1, Math.round(s.latencyMillis() * Math.exp(0.4 * random.nextGaussian())));
            boolean failed = random.nextDouble() < 0.002 || (fault != null && random.nextDouble() < fault.errorRate());
            if (fault != null) {
                elapsed += fault.extraMillis();
            }
            for (Estate.Call call : estate.callsFrom(service)) {
                if (budget <= 2 || depth >= MAX_DEPTH || random.nextDouble() >= call.probability()) {
                    continue;
                }
                int times = surges.getOrDefault(List.of(call.from(), call.to()), 1);
                for (int i = 0; i < times && budget > 2; i++) {
                    Instant at = start.plusMillis(elapsed);
                    long[] child = call(call, spanId, at, depth);
                    elapsed += child[0];
                    if (child[1] == 1 && random.nextDouble() < 0.85) {
                        failed = true;
                    }
                }
            }
            spans.add(span(service, spanId, parent, kind, start, elapsed, failed, Map.of()));
            return new long[] {elapsed, failed ? 1 : 0};
        }

        private long[] call(Estate.Call call, String parent, Instant at, int depth) {
            String spanId = Otlp.span(nextSpan++);
            budget--;
            return switch (call.protocol()) {
                case RPC -> {
                    long[] server = serve(call.to(), spanId, Otlp.SERVER, at.plusMillis(1), depth + 1);
                    long took = server[0] + 2;
                    spans.add(span(call.from(), spanId, parent, Otlp.CLIENT, at, took, server[1] == 1, Map.of()));
                    yield new long[] {took, server[1]};
                }
                case DATABASE -> {
                    Fault fault = faults.get(call.to());
                    long took = Math.max(1, Math.round(2 * Math.exp(0.5 * random.nextGaussian())))
                            + (fault == null ? 0 : fault.extraMillis());
                    boolean failed = fault != null && random.nextDouble() < fault.errorRate();
                    spans.add(span(
                            call.from(),
                            spanId,
                            parent,
                            Otlp.CLIENT,
                            at,
                            took,
                            failed,
                            Map.of("db.system", call.detail(), "server.address", call.to())));
                    yield new long[] {took, failed ? 1 : 0};
                }
                case MESSAGING -> {
                    spans.add(span(
                            call.from(),
                            spanId,
                            parent,
                            Otlp.PRODUCER,
                            at,
                            1,
                            false,
                            Map.of("messaging.system", "kafka", "messaging.destination.name", call.detail())));
                    // The consumer runs on its own time; the producer does not wait for it.
                    serve(call.to(), spanId, Otlp.CONSUMER, at.plusMillis(5 + random.nextInt(40)), depth + 1);
                    yield new long[] {1, 0};
                }
            };
        }

        private Otlp.S span(
                String service,
                String spanId,
                String parent,
                int kind,
                Instant start,
                long millis,
                boolean error,
                Map<String, String> attributes) {
            return new Otlp.S(
                    service,
                    traceId,
                    spanId,
                    parent,
                    kind,
                    start,
                    Duration.ofMillis(millis),
                    error,
                    attributes,
                    environment);
        }
    }
}
