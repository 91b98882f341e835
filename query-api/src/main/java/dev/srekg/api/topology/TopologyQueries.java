package dev.srekg.api.topology;

import dev.srekg.graph.services.ServiceId;
import dev.srekg.graph.services.ServiceReads;
import dev.srekg.graph.traffic.TrafficReads;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.stereotype.Component;

/** The dependency graph as of a moment, and a service's timeline. */
@Component
class TopologyQueries {

    private final Driver driver;

    TopologyQueries(Driver driver) {
        this.driver = driver;
    }

    /**
     * The graph at {@code at}: every active edge (or those among {@code services} when given) and their ends.
     *
     * @param services restrict to these services, or null for the whole estate
     */
    GraphView graph(String env, Instant at, Instant knownAt, List<String> services, int maxEdges) {
        Map<String, Object> params = new HashMap<>();
        params.put("env", env);
        params.put("at", at.atOffset(ZoneOffset.UTC));
        params.put("knownAt", knownAt.atOffset(ZoneOffset.UTC));
        params.put("services", services);
        params.put("fromHour", TrafficWindow.hourOf(at.minusSeconds(3600)).atOffset(ZoneOffset.UTC));
        params.put("toHour", TrafficWindow.hourOf(at).atOffset(ZoneOffset.UTC));
        params.put("maxEdges", maxEdges + 1);
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                Map<String, List<String>> ids = new HashMap<>();
                List<GraphView.Edge> edges = tx.run(TrafficReads.ACTIVE_EDGES, params)
                        .list(r -> {
                            ids.put(
                                    r.get("source").asString(),
                                    r.get("sourceId").asList(Value::asString));
                            ids.put(
                                    r.get("target").asString(),
                                    r.get("targetId").asList(Value::asString));
                            long calls = r.get("calls").asLong();
                            long errors = r.get("errors").asLong();
                            return new GraphView.Edge(
                                    r.get("source").asString(),
                                    r.get("target").asString(),
                                    r.get("kind").asString(),
                                    calls,
                                    errors,
                                    calls == 0 ? 0 : (double) errors / calls);
                        });
                boolean truncated = edges.size() > maxEdges;
                if (truncated) {
                    edges = edges.subList(0, maxEdges);
                }
                java.util.Set<String> names = new java.util.TreeSet<>();
                edges.forEach(e -> {
                    names.add(e.source());
                    names.add(e.target());
                });
                if (services != null) {
                    names.addAll(services);
                }
                // A service asked for by name and at the end of no edge is of the graph's environment.
                List<List<String>> nodeIds = names.stream()
                        .map(n -> ids.getOrDefault(n, List.of(env, n)))
                        .toList();
                List<GraphView.Node> nodes = tx.run(
                                ServiceReads.NODES,
                                Map.of("ids", nodeIds, "at", params.get("at"), "knownAt", params.get("knownAt")))
                        .list(r -> new GraphView.Node(
                                new ServiceId(
                                                r.get("environment").asString(),
                                                r.get("name").asString())
                                        .shown(env),
                                r.get("environment").asString(),
                                r.get("virtual").asBoolean(),
                                r.get("namespace").asString(),
                                r.get("teams").asList(Value::asString)));
                nodes = nodes.stream()
                        .sorted(java.util.Comparator.comparing(GraphView.Node::id))
                        .toList();
                return new GraphView(at, env, nodes, edges, truncated);
            });
        }
    }

    /**
     * Nodes and edges of the dependency graph at a moment.
     *
     * @param at the moment
     * @param nodes services at either end of an edge (and the services asked for)
     * @param edges active edges with the calls and errors of the hour before {@code at}
     * @param truncated whether edges were left out
     */
    record GraphView(Instant at, String environment, List<Node> nodes, List<Edge> edges, boolean truncated) {

        /** A service: {@code id} its name, or its identity {@code environment/name} when it is of another environment. */
        record Node(String id, String environment, boolean virtual, String namespace, List<String> teams) {}

        record Edge(String source, String target, String kind, long calls, long errors, double errorRate) {}
    }
}
