package dev.srekg.api.topology;

import dev.srekg.api.context.ContextQueries;
import dev.srekg.api.context.Health;
import dev.srekg.api.context.Ranking;
import dev.srekg.api.topology.NeighbourhoodDiff.Edge;
import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private final ContextQueries queries;
    private final Environments environments;
    private final Clock clock;

    DiffController(ContextQueries queries, Environments environments, Clock clock) {
        this.queries = queries;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * The difference.
     *
     * @param service centre of the neighbourhood
     * @param from ISO-8601 instant
     * @param to ISO-8601 instant (default now)
     * @param depth hops around the service, 1 to 5 (default 2)
     * @param env the service's environment (default the configured default environment)
     */
    @GetMapping("/api/v1/services/{service}/diff")
    DiffView diff(
            @PathVariable String service,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "2") int depth,
            @RequestParam(required = false) String env) {
        Bounds.depth(depth);
        String environment = environments.of(env);
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        if (!from.isBefore(end)) {
            throw new BadParameter("from must be before to");
        }
        ContextQueries.Snapshot before = queries.read(
                        environment, service, from, now, Ranking.COMPARE, depth, s -> List.of())
                .orElseThrow(() -> new NotFound("service", service));
        ContextQueries.Snapshot after = queries.read(
                        environment, service, end, now, Ranking.COMPARE, depth, s -> List.of())
                .orElseThrow(() -> new NotFound("service", service));
        Set<Edge> edgesBefore = NeighbourhoodDiff.edges(paths(before.downstream()), paths(before.upstream()));
        Set<Edge> edgesAfter = NeighbourhoodDiff.edges(paths(after.downstream()), paths(after.upstream()));
        List<String> services = List.copyOf(NeighbourhoodDiff.services(service, edgesBefore, edgesAfter));
        List<NeighbourhoodDiff.VersionChange> versions = NeighbourhoodDiff.versionChanges(
                new TreeSet<>(services),
                queries.versions(environment, services, from, now),
                queries.versions(environment, services, end, now));
        List<DiffView.HealthShift> shifts = new ArrayList<>();
        for (Edge e : NeighbourhoodDiff.common(edgesBefore, edgesAfter)) {
            Health h1 = before.edge(e.source(), e.target(), from.minus(Ranking.COMPARE), from.plusSeconds(60));
            Health h2 = after.edge(e.source(), e.target(), end.minus(Ranking.COMPARE), end.plusSeconds(60));
            if (NeighbourhoodDiff.shifted(h1, h2)) {
                shifts.add(new DiffView.HealthShift(e.source(), e.target(), h1, h2));
            }
        }
        return new DiffView(
                service,
                environment,
                from,
                end,
                NeighbourhoodDiff.minus(edgesAfter, edgesBefore),
                NeighbourhoodDiff.minus(edgesBefore, edgesAfter),
                versions,
                shifts);
    }

    private static List<List<String>> paths(List<ContextQueries.Walked> walked) {
        return walked.stream().map(ContextQueries.Walked::path).toList();
    }

    /**
     * How a neighbourhood changed.
     *
     * @param service the centre
     * @param environment its environment
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
            String environment,
            Instant from,
            Instant to,
            List<String> edgesAppeared,
            List<String> edgesVanished,
            List<NeighbourhoodDiff.VersionChange> versionChanges,
            List<HealthShift> healthShifts) {

        record HealthShift(String source, String target, Health before, Health after) {}
    }
}
