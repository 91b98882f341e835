package dev.srekg.api.context;

import static dev.srekg.api.web.GraphValues.instant;

import dev.srekg.api.catalog.CatalogQueries;
import dev.srekg.api.catalog.Ownership;
import dev.srekg.api.services.ServiceView;
import dev.srekg.api.web.ApiTelemetry;
import dev.srekg.graph.deploys.DeployReads;
import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.services.ServiceReads;
import dev.srekg.graph.slo.BreachReads;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TrafficReads;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** Reads the incident context of a service in one read transaction; ranking happens in {@link Ranking}. */
@Component
public class ContextQueries {

    private final Driver driver;
    private final ApiTelemetry telemetry;

    ContextQueries(Driver driver, ApiTelemetry telemetry) {
        this.driver = driver;
        this.telemetry = telemetry;
    }

    /**
     * Everything the context needs, as known at {@code knownAt}, within the service's environment {@code env}; empty
     * when the service is unknown there. The owners are those of the services {@code owned} names from the rest of
     * the snapshot (those the answer shows them for), read in the same transaction.
     */
    public Optional<Snapshot> read(
            String env,
            String service,
            Instant at,
            Instant knownAt,
            Duration window,
            int depth,
            Function<Snapshot, Collection<String>> owned) {
        Map<String, Object> params = new HashMap<>();
        params.put("env", env);
        params.put("service", service);
        params.put("at", at.atOffset(ZoneOffset.UTC));
        params.put("knownAt", knownAt.atOffset(ZoneOffset.UTC));
        params.put("from", at.minus(window).atOffset(ZoneOffset.UTC));
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                // One row per active breach, a row with no key when none, no row when the service is unknown.
                List<Record> breachRows = telemetry.query(
                        "breaches", () -> tx.run(BreachReads.ACTIVE, params).list());
                if (breachRows.isEmpty()) {
                    return Optional.empty();
                }
                List<ServiceView.BreachView> breaches = breachRows.stream()
                        .filter(r -> !r.get("key").isNull())
                        .map(ServiceView.BreachView::of)
                        .toList();
                List<Walked> walked = telemetry.query("walk", () -> walk(tx, depth, params));
                List<Walked> downstream =
                        walked.stream().filter(Walked::downstream).toList();
                List<Walked> upstream =
                        walked.stream().filter(w -> !w.downstream()).toList();
                // The services by the names the context shows them by: a service of another environment that a
                // call crosses into is shown by its identity (prod/payment).
                Map<String, ServiceId> ids = new LinkedHashMap<>();
                ids.put(service, new ServiceId(env, service));
                walked.forEach(w -> ids.putIfAbsent(w.name(), w.id()));
                identities(params, ids.values());
                List<ContextView.Event> events = telemetry.query("events", () -> events(tx, params));
                // Traffic around the window, wide enough to compare before and after every change in it: of the
                // edges walked (their health and that of the paths to changes) and of the services that changed.
                Map<String, Object> trafficParams = new HashMap<>(params);
                Set<List<String>> edges = new LinkedHashSet<>();
                downstream.forEach(w -> pathEdges(w.path(), true, edges));
                upstream.forEach(w -> pathEdges(w.path(), false, edges));
                trafficParams.put("edges", edgeIds(edges, ids));
                Set<String> changed = new LinkedHashSet<>();
                changed.add(service);
                events.forEach(e -> changed.add(e.service()));
                trafficParams.put(
                        "changed",
                        changed.stream()
                                .filter(ids::containsKey)
                                .map(name -> pair(ids.get(name)))
                                .toList());
                // The hours of every minute the answer reads, and no more: a change's reaction factor looks back a
                // COMPARE before the AFTER before it, the origin's onset a COMPARE before the moment, and nothing reads
                // past the moment's minute.
                Duration back = (window.compareTo(Ranking.COMPARE) > 0 ? window : Ranking.COMPARE)
                        .plus(Ranking.COMPARE)
                        .plus(Ranking.AFTER);
                trafficParams.put(
                        "fromHour", TrafficWindow.hourOf(at.minus(back)).atOffset(ZoneOffset.UTC));
                trafficParams.put(
                        "toHour", TrafficWindow.hourOf(at.plusSeconds(60)).atOffset(ZoneOffset.UTC));
                Map<String, List<Health.Hour>> serviceHours = new HashMap<>();
                Map<String, List<Health.Hour>> edgeHours = new HashMap<>();
                Set<String> clusters = new TreeSet<>();
                Instant fromHour = TrafficWindow.hourOf(at.minus(window));
                telemetry.query("traffic", () -> {
                    tx.run(TrafficReads.HOURS, trafficParams).forEachRemaining(r -> {
                        Health.Hour hour = hour(r);
                        String source = r.get("source").asString();
                        if (r.get("target").isNull()) {
                            serviceHours
                                    .computeIfAbsent(source, k -> new ArrayList<>())
                                    .add(hour);
                            if (source.equals(service)
                                    && !hour.hour().isBefore(fromHour)
                                    && !hour.hour().isAfter(at)) {
                                clusters.addAll(r.get("clusters").asList(Value::asString));
                            }
                        } else {
                            edgeHours
                                    .computeIfAbsent(
                                            edgeKey(source, r.get("target").asString()), k -> new ArrayList<>())
                                    .add(hour);
                        }
                    });
                    return serviceHours;
                });
                Map<String, Health.Series> edgeSeries = series(edgeHours);
                Map<String, Health.Series> serviceSeries = series(serviceHours);
                List<List<String>> deeper = telemetry.query(
                        "walk unhealthy",
                        () -> deeper(tx, service, at, window, depth, downstream, trafficParams, edgeSeries, ids));
                Snapshot snapshot = new Snapshot(
                        downstream,
                        upstream,
                        deeper,
                        breaches,
                        events,
                        serviceSeries,
                        edgeSeries,
                        List.copyOf(clusters),
                        Map.of());
                // The owners of the services the answer shows them for, read in this transaction so that they belong
                // to the same snapshot as the rest (issue 18).
                List<String> named = List.copyOf(new LinkedHashSet<>(owned.apply(snapshot)));
                Map<String, Ownership> owners =
                        telemetry.query("owners", () -> CatalogQueries.ownership(tx, env, named, at, knownAt));
                return Optional.of(snapshot.withOwners(owners));
            });
        }
    }

    /**
     * The unhealthy edges below the walk, followed from the services at its depth whose edge in is unhealthy, one hop
     * a query, to {@link Origin#MAX_HOPS}: a failing dependency four or more hops down is found without walking the
     * whole neighbourhood that deep. Their traffic is added to {@code edgeSeries}.
     */
    private static List<List<String>> deeper(
            TransactionContext tx,
            String service,
            Instant at,
            Duration window,
            int depth,
            List<Walked> downstream,
            Map<String, Object> trafficParams,
            Map<String, Health.Series> edgeSeries,
            Map<String, ServiceId> ids) {
        Snapshot known = new Snapshot(
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), edgeSeries, List.of(), Map.of());
        Set<String> seen = new LinkedHashSet<>();
        seen.add(service);
        List<String> frontier = new ArrayList<>();
        for (Walked w : downstream) {
            seen.add(w.name());
            if (w.hops() == depth
                    && Origin.edgeShift(known, w.path().get(w.path().size() - 2), w.name(), at, window)
                            .unhealthy()) {
                frontier.add(w.name());
            }
        }
        List<List<String>> deeper = new ArrayList<>();
        Map<String, Object> params = new HashMap<>(trafficParams);
        for (int hops = depth; hops < Origin.MAX_HOPS && !frontier.isEmpty(); hops++) {
            params.put(
                    "frontier",
                    frontier.stream().map(name -> pair(ids.get(name))).toList());
            List<List<String>> edges = tx.run(TrafficReads.CALLEES, params).list(r -> {
                List<String> edge = r.get("edge").asList(Value::asString);
                List<String> callee = r.get("callee").asList(Value::asString);
                ids.putIfAbsent(edge.get(1), new ServiceId(callee.get(0), callee.get(1)));
                edgeSeries.put(
                        edgeKey(edge.get(0), edge.get(1)),
                        Health.Series.of(r.get("hours").asList(ContextQueries::hour)));
                return edge;
            });
            List<String> next = new ArrayList<>();
            for (List<String> e : edges) {
                if (Origin.edgeShift(known, e.get(0), e.get(1), at, window).unhealthy()) {
                    deeper.add(e);
                    if (seen.add(e.get(1))) {
                        next.add(e.get(1));
                    }
                }
            }
            frontier = next;
        }
        return deeper;
    }

    /**
     * The service and every service within {@code depth} hops of it, either direction, as the topology was at
     * {@code at}; empty when the service is unknown. Reads only the walk, not events or traffic.
     */
    public Optional<List<String>> neighbourhood(String env, String service, Instant at, Instant knownAt, int depth) {
        Map<String, Object> params = new HashMap<>();
        params.put("env", env);
        params.put("service", service);
        params.put("at", at.atOffset(ZoneOffset.UTC));
        params.put("knownAt", knownAt.atOffset(ZoneOffset.UTC));
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                if (!known(tx, params)) {
                    return Optional.<List<String>>empty();
                }
                Set<String> names = new LinkedHashSet<>();
                names.add(service);
                walk(tx, depth, params).forEach(w -> names.add(w.name()));
                return Optional.of(List.copyOf(names));
            });
        }
    }

    /** Events of one service in {@code [from, to]}, as known at {@code knownAt}; empty when it is unknown. */
    public Optional<List<ContextView.Event>> timeline(
            String env, String service, Instant from, Instant to, Instant knownAt) {
        Map<String, Object> params = new HashMap<>();
        params.put("env", env);
        params.put("service", service);
        identities(params, List.of(new ServiceId(env, service)));
        params.put("from", from.atOffset(ZoneOffset.UTC));
        params.put("at", to.atOffset(ZoneOffset.UTC));
        params.put("knownAt", knownAt.atOffset(ZoneOffset.UTC));
        try (Session session = driver.session()) {
            return session.executeRead(tx -> known(tx, params) ? Optional.of(events(tx, params)) : Optional.empty());
        }
    }

    /** The version running at {@code at} of each service, as known at {@code knownAt}; empty when none. */
    public Map<String, String> versions(String env, List<String> services, Instant at, Instant knownAt) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                Map<String, String> versions = new HashMap<>();
                tx.run(
                                DeployReads.RUNNING_VERSIONS,
                                Map.of(
                                        "env",
                                        env,
                                        "services",
                                        services,
                                        "at",
                                        at.atOffset(ZoneOffset.UTC),
                                        "knownAt",
                                        knownAt.atOffset(ZoneOffset.UTC)))
                        .forEachRemaining(r -> versions.put(
                                r.get("name").asString(), r.get("version").asString()));
                return versions;
            });
        }
    }

    /** The {@code $ids} ([environment, name] each) and {@code $services} (their names) of the changes read. */
    private static void identities(Map<String, Object> params, Collection<ServiceId> ids) {
        params.put("ids", ids.stream().map(ContextQueries::pair).toList());
        params.put("services", ids.stream().map(ServiceId::name).distinct().toList());
    }

    private static List<String> pair(ServiceId id) {
        return List.of(id.environment(), id.name());
    }

    /** Edges given by the names shown, as [source environment, source, target environment, target]. */
    private static List<List<String>> edgeIds(Collection<List<String>> edges, Map<String, ServiceId> ids) {
        return edges.stream()
                .filter(e -> ids.containsKey(e.get(0)) && ids.containsKey(e.get(1)))
                .map(e -> List.of(
                        ids.get(e.get(0)).environment(),
                        ids.get(e.get(0)).name(),
                        ids.get(e.get(1)).environment(),
                        ids.get(e.get(1)).name()))
                .toList();
    }

    private static boolean known(TransactionContext tx, Map<String, Object> params) {
        return tx.run(ServiceReads.KNOWN, params).single().get(0).asBoolean();
    }

    private static List<ContextView.Event> events(TransactionContext tx, Map<String, Object> params) {
        return tx.run(ServiceReads.CHANGES, params)
                .list(r -> new ContextView.Event(
                        SuspectKind.of(r.get("kind").asString()),
                        r.get("id").asString(),
                        r.get("service").asString(),
                        instant(r.get("at")),
                        r.get("summary").asString(""),
                        r.get("scale").isNull()
                                ? null
                                : ScaleEvent.Direction.valueOf(r.get("scale").asString()),
                        r.get("link").asString(null),
                        r.get("mapping").asString(null),
                        r.get("cluster").asString(null)));
    }

    /** Each edge of a walked path as [caller, callee]; an upstream path runs against the calls. */
    private static void pathEdges(List<String> path, boolean downstream, Set<List<String>> edges) {
        for (int i = 0; i + 1 < path.size(); i++) {
            edges.add(downstream ? List.of(path.get(i), path.get(i + 1)) : List.of(path.get(i + 1), path.get(i)));
        }
    }

    private static List<Walked> walk(TransactionContext tx, int depth, Map<String, Object> params) {
        return tx.run(TrafficReads.walk(depth), params)
                .list(r -> new Walked(
                        r.get("downstream").asBoolean(),
                        r.get("name").asString(),
                        new ServiceId(
                                r.get("environment").asString(),
                                r.get("service").asString()),
                        r.get("virtual").asBoolean(),
                        r.get("hops").asInt(),
                        r.get("path").asList(Value::asString)));
    }

    /** An hour of traffic from a record or a map with {@code hour}, {@code calls}, {@code errors}, {@code latency}. */
    private static Health.Hour hour(org.neo4j.driver.types.MapAccessor r) {
        return new Health.Hour(
                instant(r.get("hour")),
                longs(r.get("calls")),
                longs(r.get("errors")),
                Latency.unpackStored(r.get("latency").asObject(), TrafficWindow.MINUTES * Latency.BUCKETS));
    }

    private static long[] longs(Value v) {
        if (v.isNull()) {
            return null;
        }
        long[] longs = new long[v.size()];
        int i = 0;
        for (Value x : v.values()) {
            longs[i++] = x.asLong();
        }
        return longs;
    }

    private static Map<String, Health.Series> series(Map<String, List<Health.Hour>> hours) {
        Map<String, Health.Series> series = new HashMap<>();
        hours.forEach((key, list) -> series.put(key, Health.Series.of(list)));
        return series;
    }

    static String edgeKey(String source, String target) {
        return source + "\u0000" + target;
    }

    /**
     * A service the walk reached: {@code name} as the context shows it (its name in the walk's environment, else its
     * identity {@code environment/name}), {@code id} its identity, {@code path} the names shown from the service;
     * {@code downstream} whether it was reached along the calls (else against them).
     */
    public record Walked(boolean downstream, String name, ServiceId id, boolean virtual, int hops, List<String> path) {}

    /**
     * What one read of the context returns; {@code deeper} holds the unhealthy edges below the walk's depth, each as
     * [caller, callee]; {@code clusters} those that served the service in the window.
     */
    public record Snapshot(
            List<Walked> downstream,
            List<Walked> upstream,
            List<List<String>> deeper,
            List<ServiceView.BreachView> breaches,
            List<ContextView.Event> events,
            Map<String, Health.Series> serviceTraffic,
            Map<String, Health.Series> edgeTraffic,
            List<String> clusters,
            Map<String, Ownership> owners)
            implements Ranking.HealthSource {

        Snapshot withOwners(Map<String, Ownership> found) {
            return new Snapshot(
                    downstream,
                    upstream,
                    deeper,
                    breaches,
                    events,
                    serviceTraffic,
                    edgeTraffic,
                    clusters,
                    Map.copyOf(found));
        }

        @Override
        public Health service(String service, Instant from, Instant to) {
            return serviceTraffic.getOrDefault(service, Health.Series.EMPTY).between(from, to);
        }

        @Override
        public Health edge(String source, String target, Instant from, Instant to) {
            return edgeTraffic
                    .getOrDefault(edgeKey(source, target), Health.Series.EMPTY)
                    .between(from, to);
        }
    }
}
