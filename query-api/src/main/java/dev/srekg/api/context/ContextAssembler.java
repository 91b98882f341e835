package dev.srekg.api.context;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Builds the incident context of a service at a moment: one read transaction of the graph (the owners of the services
 * it names included), then {@link Ranking}.
 */
@Component
public class ContextAssembler {

    private final ContextQueries queries;

    ContextAssembler(ContextQueries queries) {
        this.queries = queries;
    }

    /** Suspects returned unless asked otherwise: every change is ranked, the first ones are shown. */
    public static final int SUSPECTS = 50;

    /** Events returned unless asked otherwise, the latest first: a busy neighbourhood holds thousands in a window. */
    public static final int EVENTS = 500;

    /**
     * The context with its first {@code suspects} suspects and latest {@code events} events, or empty when the service
     * was unknown at {@code knownAt}.
     */
    public Optional<ContextView> context(
            String env,
            String service,
            Instant moment,
            Instant knownAt,
            Duration window,
            int depth,
            int suspects,
            int events) {
        // Ranked within the read, so that only the owners the view shows are read.
        AtomicReference<ContextView> view = new AtomicReference<>();
        return queries.read(env, service, moment, knownAt, window, depth, snapshot -> {
                    view.set(assemble(env, service, moment, window, depth, suspects, events, snapshot));
                    return view.get().ownedServices();
                })
                .map(snapshot -> view.get().withOwners(snapshot.owners()));
    }

    private static ContextView assemble(
            String env,
            String service,
            Instant moment,
            Duration window,
            int depth,
            int suspects,
            int events,
            ContextQueries.Snapshot snapshot) {
        Instant split = moment.minus(Ranking.COMPARE);
        Instant windowStart = moment.minus(window);
        Instant end = moment.plusSeconds(60);
        Map<String, ContextQueries.Walked> downstreamByName = new HashMap<>();
        List<ContextView.Neighbour> downstream = new ArrayList<>();
        for (ContextQueries.Walked w : snapshot.downstream()) {
            downstreamByName.putIfAbsent(w.name(), w);
            String into = w.path().get(w.path().size() - 2);
            downstream.add(new ContextView.Neighbour(
                    w.name(),
                    w.id().environment(),
                    w.hops(),
                    w.virtual(),
                    w.path(),
                    snapshot.edge(into, w.name(), windowStart, split),
                    snapshot.edge(into, w.name(), split, end)));
        }
        Map<String, ContextQueries.Walked> upstreamByName = new HashMap<>();
        List<ContextView.Neighbour> upstream = new ArrayList<>();
        for (ContextQueries.Walked w : snapshot.upstream()) {
            upstreamByName.putIfAbsent(w.name(), w);
            String into = w.path().get(w.path().size() - 2);
            upstream.add(new ContextView.Neighbour(
                    w.name(),
                    w.id().environment(),
                    w.hops(),
                    w.virtual(),
                    w.path(),
                    snapshot.edge(w.name(), into, windowStart, split),
                    snapshot.edge(w.name(), into, split, end)));
        }
        Set<String> ownBreaches = new HashSet<>();
        snapshot.breaches().forEach(b -> ownBreaches.add(b.key()));
        List<Ranking.Change> changes = new ArrayList<>();
        for (ContextView.Event e : snapshot.events()) {
            if (ownBreaches.contains(e.id())) {
                continue;
            }
            if (e.service().equals(service)) {
                changes.add(change(e, 0, Direction.SELF, List.of(service)));
            } else if (downstreamByName.containsKey(e.service())) {
                ContextQueries.Walked w = downstreamByName.get(e.service());
                changes.add(change(e, w.hops(), Direction.DOWNSTREAM, w.path()));
            } else if (upstreamByName.containsKey(e.service())) {
                ContextQueries.Walked w = upstreamByName.get(e.service());
                changes.add(change(e, w.hops(), Direction.UPSTREAM, w.path()));
            }
        }
        Set<List<String>> edges = new LinkedHashSet<>();
        for (ContextQueries.Walked w : snapshot.downstream()) {
            for (int i = 0; i + 1 < w.path().size(); i++) {
                edges.add(List.of(w.path().get(i), w.path().get(i + 1)));
            }
        }
        edges.addAll(snapshot.deeper());
        Origin origin = Origin.find(service, List.copyOf(edges), moment, window, snapshot)
                .orElse(null);
        Ranking.Answer answer = Ranking.rank(changes, origin, moment, window, snapshot, suspects);
        List<String> impacted = new ArrayList<>();
        impacted.add(service);
        for (ContextQueries.Walked w : snapshot.upstream()) {
            if (snapshot.events().stream()
                    .anyMatch(e -> e.kind() == SuspectKind.BREACH && e.service().equals(w.name()))) {
                impacted.add(w.name());
            }
        }
        return new ContextView(
                service,
                env,
                snapshot.clusters(),
                moment,
                window,
                depth,
                snapshot.breaches(),
                new ContextView.Dependencies(downstream, upstream),
                snapshot.events().subList(0, Math.min(events, snapshot.events().size())),
                snapshot.events().size(),
                answer.suspects(),
                answer.abstained(),
                answer.verdict(),
                answer.abstained() || answer.suspects().isEmpty()
                        ? null
                        : answer.suspects().get(0),
                origin,
                List.copyOf(impacted),
                Map.of());
    }

    private static Ranking.Change change(ContextView.Event e, int hops, Direction direction, List<String> path) {
        return new Ranking.Change(
                e.kind(), e.id(), e.service(), e.at(), hops, direction, path, e.summary(), e.scale(), e.link());
    }
}
