package dev.srekg.api.topology;

import dev.srekg.api.context.ContextQueries;
import dev.srekg.api.context.ContextView;
import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dependency graph as of a moment (for the UI), and a service's timeline. */
@RestController
class TopologyController {

    private static final int MAX_EDGES = 50_000;
    private static final Duration MAX_TIMELINE = Duration.ofDays(31);

    private final TopologyQueries topology;
    private final ContextQueries context;
    private final Environments environments;
    private final Clock clock;

    TopologyController(TopologyQueries topology, ContextQueries context, Environments environments, Clock clock) {
        this.topology = topology;
        this.context = context;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * Nodes and edges as the topology was at {@code at}: the whole estate, or a service's neighbourhood.
     *
     * @param at ISO-8601 instant (default now)
     * @param service centre of the neighbourhood; absent for the whole estate
     * @param depth hops around {@code service}, 1 to 5 (default 2)
     */
    @GetMapping("/api/v1/graph")
    TopologyQueries.GraphView graph(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(required = false) String service,
            @RequestParam(defaultValue = "2") int depth,
            @RequestParam(required = false) String env) {
        Bounds.depth(depth);
        String environment = environments.of(env);
        Instant now = clock.instant();
        Instant moment = at == null ? now : at;
        List<String> services = null;
        if (service != null && !service.isBlank()) {
            services = context.neighbourhood(environment, service, moment, now, depth)
                    .orElseThrow(() -> new NotFound("service", service));
        }
        return topology.graph(environment, moment, now, services, MAX_EDGES);
    }

    /**
     * Deploys, configuration and flag changes, scale events, tickets and breaches of a service between two moments,
     * newest first.
     *
     * @param service the service
     * @param from ISO-8601 instant (default 24 hours before {@code to})
     * @param to ISO-8601 instant (default now)
     */
    @GetMapping("/api/v1/services/{service}/timeline")
    List<ContextView.Event> timeline(
            @PathVariable String service,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) String env) {
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_TIMELINE) > 0) {
            throw new BadParameter("from must be before to, at most 31 days apart");
        }
        return context.timeline(environments.of(env), service, start, end, now)
                .orElseThrow(() -> new NotFound("service", service));
    }
}
