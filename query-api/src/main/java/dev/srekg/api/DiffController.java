package dev.srekg.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/services/{service}/diff}: how a service's neighbourhood changed between two moments. */
@RestController
class DiffController {

    /** An error-rate rise (or fall) of this much, or a p99 that grew or shrank by half, is a health shift. */
    static final double ERROR_RATE_SHIFT = 0.02;

    static final double P99_SHIFT = 1.5;

    private final ContextQueries queries;
    private final Clock clock;

    DiffController(ContextQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * The difference.
     *
     * @param service centre of the neighbourhood
     * @param from ISO-8601 instant
     * @param to ISO-8601 instant (default now)
     * @param depth hops around the service, 1 to 5 (default 2)
     */
    @GetMapping("/api/v1/services/{service}/diff")
    DiffView diff(
            @PathVariable String service,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "2") int depth) {
        if (depth < 1 || depth > 5) {
            throw ApiProblems.badRequest("depth must be between 1 and 5, was " + depth);
        }
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        if (!from.isBefore(end)) {
            throw ApiProblems.badRequest("from must be before to");
        }
        ContextQueries.Snapshot before = queries.read(service, from, now, Ranking.COMPARE, depth)
                .orElseThrow(() -> ApiProblems.notFound("service", service));
        ContextQueries.Snapshot after = queries.read(service, end, now, Ranking.COMPARE, depth)
                .orElseThrow(() -> ApiProblems.notFound("service", service));
        Set<String> edgesBefore = edges(before);
        Set<String> edgesAfter = edges(after);

        Set<String> services = new TreeSet<>();
        services.add(service);
        for (String e : edgesBefore) {
            services.addAll(List.of(e.split(" -> ")));
        }
        for (String e : edgesAfter) {
            services.addAll(List.of(e.split(" -> ")));
        }
        Map<String, String> versionsBefore = queries.versions(List.copyOf(services), from, now);
        Map<String, String> versionsAfter = queries.versions(List.copyOf(services), end, now);
        List<DiffView.VersionChange> versions = new ArrayList<>();
        for (String s : services) {
            String a = versionsBefore.getOrDefault(s, "");
            String b = versionsAfter.getOrDefault(s, "");
            if (!a.equals(b)) {
                versions.add(new DiffView.VersionChange(s, a, b));
            }
        }
        List<DiffView.HealthShift> shifts = new ArrayList<>();
        for (String e : new TreeSet<>(edgesAfter)) {
            if (!edgesBefore.contains(e)) {
                continue;
            }
            String[] ends = e.split(" -> ");
            Health h1 = before.edge(ends[0], ends[1], from.minus(Ranking.COMPARE), from.plusSeconds(60));
            Health h2 = after.edge(ends[0], ends[1], end.minus(Ranking.COMPARE), end.plusSeconds(60));
            boolean errors = Math.abs(h2.errorRate() - h1.errorRate()) >= ERROR_RATE_SHIFT;
            boolean latency = h1.p99Ms() > 0
                    && h2.p99Ms() > 0
                    && (h2.p99Ms() / h1.p99Ms() >= P99_SHIFT || h1.p99Ms() / h2.p99Ms() >= P99_SHIFT);
            if (errors || latency) {
                shifts.add(new DiffView.HealthShift(ends[0], ends[1], h1, h2));
            }
        }
        return new DiffView(
                service, from, end, minus(edgesAfter, edgesBefore), minus(edgesBefore, edgesAfter), versions, shifts);
    }

    /** The edges on the walked paths, as {@code "a -> b"}. */
    private static Set<String> edges(ContextQueries.Snapshot snapshot) {
        Set<String> edges = new TreeSet<>();
        for (ContextQueries.Walked w : snapshot.downstream()) {
            for (int i = 0; i + 1 < w.path().size(); i++) {
                edges.add(w.path().get(i) + " -> " + w.path().get(i + 1));
            }
        }
        for (ContextQueries.Walked w : snapshot.upstream()) {
            for (int i = 0; i + 1 < w.path().size(); i++) {
                edges.add(w.path().get(i + 1) + " -> " + w.path().get(i));
            }
        }
        return edges;
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        List<String> result = new ArrayList<>();
        for (String e : a) {
            if (!b.contains(e)) {
                result.add(e);
            }
        }
        return result;
    }

    /**
     * How a neighbourhood changed.
     *
     * @param service the centre
     * @param from the first moment
     * @param to the second moment
     * @param edgesAppeared dependency edges active at {@code to} but not at {@code from}, as {@code "a -> b"}
     * @param edgesVanished edges active at {@code from} but not at {@code to}
     * @param versionChanges services whose running version differs
     * @param healthShifts edges present at both moments whose error rate moved by two points or more, or whose p99
     *     grew or shrank by half, comparing the 15 minutes before each moment
     */
    record DiffView(
            String service,
            Instant from,
            Instant to,
            List<String> edgesAppeared,
            List<String> edgesVanished,
            List<VersionChange> versionChanges,
            List<HealthShift> healthShifts) {

        record VersionChange(String service, String from, String to) {}

        record HealthShift(String source, String target, Health before, Health after) {}
    }
}
