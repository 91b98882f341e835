package dev.srekg.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/services/{service}/context}: what changed around a service, and what most likely broke it. */
@RestController
class ContextController {

    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final ContextQueries queries;
    private final Clock clock;

    ContextController(ContextQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * The incident context.
     *
     * @param service the breached service
     * @param at ISO-8601 instant (default now)
     * @param window ISO-8601 duration to look back for changes (default PT2H, at most P7D)
     * @param depth hops of the dependency walk, 1 to 5 (default 3)
     */
    @GetMapping("/api/v1/services/{service}/context")
    ContextView context(
            @PathVariable String service,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(defaultValue = "PT2H") Duration window,
            @RequestParam(defaultValue = "3") int depth) {
        if (depth < 1 || depth > 5) {
            throw badRequest("depth must be between 1 and 5, was " + depth);
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw badRequest("window must be a positive duration of at most P7D, was " + window);
        }
        Instant now = clock.instant();
        Instant moment = at == null ? now : at;
        ContextQueries.Snapshot snapshot = queries.read(service, moment, now, window, depth)
                .orElseThrow(() -> ApiProblems.notFound("service", service));
        Instant split = moment.minus(Ranking.COMPARE);
        Instant windowStart = moment.minus(window);
        Map<String, ContextQueries.Walked> walked = new HashMap<>();
        List<ContextView.Neighbour> downstream = new ArrayList<>();
        for (ContextQueries.Walked w : snapshot.downstream()) {
            walked.putIfAbsent(w.name(), w);
            String into = w.path().get(w.path().size() - 2);
            downstream.add(new ContextView.Neighbour(
                    w.name(),
                    w.hops(),
                    w.virtual(),
                    w.path(),
                    snapshot.edge(into, w.name(), windowStart, split),
                    snapshot.edge(into, w.name(), split, moment.plusSeconds(60))));
        }
        List<ContextView.Neighbour> upstream = new ArrayList<>();
        Set<String> callers = new HashSet<>();
        for (ContextQueries.Walked w : snapshot.upstream()) {
            callers.add(w.name());
            String into = w.path().get(w.path().size() - 2);
            upstream.add(new ContextView.Neighbour(
                    w.name(),
                    w.hops(),
                    w.virtual(),
                    w.path(),
                    snapshot.edge(w.name(), into, windowStart, split),
                    snapshot.edge(w.name(), into, split, moment.plusSeconds(60))));
        }
        Set<String> ownBreaches = new HashSet<>();
        snapshot.breaches().forEach(b -> ownBreaches.add(b.key()));
        List<Ranking.Change> changes = new ArrayList<>();
        for (ContextView.Event e : snapshot.events()) {
            if (ownBreaches.contains(e.id())) {
                continue;
            }
            if (e.service().equals(service)) {
                changes.add(change(e, 0, "self", List.of(service)));
            } else if (walked.containsKey(e.service())) {
                ContextQueries.Walked w = walked.get(e.service());
                changes.add(change(e, w.hops(), "downstream", w.path()));
            } else if (callers.contains(e.service())) {
                ContextQueries.Walked w = snapshot.upstream().stream()
                        .filter(u -> u.name().equals(e.service()))
                        .findFirst()
                        .orElseThrow();
                changes.add(change(e, w.hops(), "upstream", w.path()));
            }
        }
        return new ContextView(
                service,
                moment,
                window,
                depth,
                snapshot.breaches(),
                new ContextView.Dependencies(downstream, upstream),
                snapshot.events(),
                Ranking.rank(changes, moment, window, snapshot));
    }

    private static Ranking.Change change(ContextView.Event e, int hops, String direction, List<String> path) {
        return new Ranking.Change(e.kind(), e.id(), e.service(), e.at(), hops, direction, path, e.summary());
    }

    private static ErrorResponseException badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid parameter");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
