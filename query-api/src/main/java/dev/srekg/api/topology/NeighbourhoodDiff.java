package dev.srekg.api.topology;

import dev.srekg.api.context.Health;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Pure: how a neighbourhood changed between two moments, from the paths walked and the versions read at each. */
final class NeighbourhoodDiff {

    /** An error-rate rise (or fall) of this much, or a p99 that grew or shrank by half, is a health shift. */
    static final double ERROR_RATE_SHIFT = 0.02;

    static final double P99_SHIFT = 1.5;

    private NeighbourhoodDiff() {}

    /** A dependency edge, caller to callee; the API shows it as {@code "a -> b"}. */
    record Edge(String source, String target) {

        static final Comparator<Edge> ORDER = Comparator.comparing(Edge::label);

        String label() {
            return source + " -> " + target;
        }
    }

    /**
     * The edges on the walked paths: a downstream path runs along the calls, an upstream one against them.
     *
     * @param downstream paths from the service, each a list of service names starting with it
     * @param upstream paths to the service from its callers, each starting with it
     */
    static Set<Edge> edges(List<List<String>> downstream, List<List<String>> upstream) {
        Set<Edge> edges = new TreeSet<>(Edge.ORDER);
        for (List<String> path : downstream) {
            for (int i = 0; i + 1 < path.size(); i++) {
                edges.add(new Edge(path.get(i), path.get(i + 1)));
            }
        }
        for (List<String> path : upstream) {
            for (int i = 0; i + 1 < path.size(); i++) {
                edges.add(new Edge(path.get(i + 1), path.get(i)));
            }
        }
        return edges;
    }

    /** The service and every service at either end of an edge of either moment, in name order. */
    static Set<String> services(String service, Set<Edge> before, Set<Edge> after) {
        Set<String> services = new TreeSet<>();
        services.add(service);
        for (Set<Edge> edges : List.of(before, after)) {
            edges.forEach(e -> {
                services.add(e.source());
                services.add(e.target());
            });
        }
        return services;
    }

    /** The labels of the edges in {@code a} but not in {@code b}, in order. */
    static List<String> minus(Set<Edge> a, Set<Edge> b) {
        return a.stream().filter(e -> !b.contains(e)).map(Edge::label).toList();
    }

    /** The edges of both moments, in order. */
    static List<Edge> common(Set<Edge> before, Set<Edge> after) {
        return after.stream().filter(before::contains).toList();
    }

    /** The services whose running version differs; a service without a version has the empty one. */
    static List<VersionChange> versionChanges(
            Set<String> services, Map<String, String> before, Map<String, String> after) {
        List<VersionChange> changes = new ArrayList<>();
        for (String s : services) {
            String a = before.getOrDefault(s, "");
            String b = after.getOrDefault(s, "");
            if (!a.equals(b)) {
                changes.add(new VersionChange(s, a, b));
            }
        }
        return changes;
    }

    /** Whether health moved: the error rate by {@link #ERROR_RATE_SHIFT} or more, or p99 by {@link #P99_SHIFT}. */
    static boolean shifted(Health before, Health after) {
        boolean errors = Math.abs(after.errorRate() - before.errorRate()) >= ERROR_RATE_SHIFT;
        boolean latency = before.p99Ms() > 0
                && after.p99Ms() > 0
                && (after.p99Ms() / before.p99Ms() >= P99_SHIFT || before.p99Ms() / after.p99Ms() >= P99_SHIFT);
        return errors || latency;
    }

    /**
     * A service whose running version differs between the moments.
     *
     * @param service the service
     * @param from its version at the first moment, or empty
     * @param to its version at the second, or empty
     */
    record VersionChange(String service, String from, String to) {}
}
