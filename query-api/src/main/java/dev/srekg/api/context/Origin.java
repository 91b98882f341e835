package dev.srekg.api.context;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Where errors or latency originate below a breached service: the deepest service reached from it over unhealthy
 * edges whose own calls are healthy, or the breached service itself when it is unhealthy and everything it calls is
 * healthy. Pure.
 *
 * @param service the origin: an instrumented service or a virtual peer (database, cache, queue, external API)
 * @param caller the service whose calls into the origin turned unhealthy, or null when the origin is the breached
 *     service itself
 * @param hops distance from the breached service
 * @param path services from the breached service to the origin, both included
 * @param onset the first minute of the last {@link Ranking#COMPARE} that was unhealthy
 * @param before health of the edge into the origin (or of the origin itself) in the window before {@code after}
 * @param after health over the last {@link #LATEST}, or the last {@link Ranking#COMPARE} when that shows the
 *     failure more strongly
 * @param evidence {@link Ranking#evidence} between them
 */
record Origin(
        String service,
        String caller,
        int hops,
        List<String> path,
        Instant onset,
        Health before,
        Health after,
        double evidence) {

    /** Unhealthy edges are followed this far below the breached service, past the requested depth. */
    static final int MAX_HOPS = 8;

    /** Evidence at or above which an edge or a service counts as unhealthy. */
    static final double UNHEALTHY = 0.5;

    /** Health of an edge or a service around {@code moment}: the window before the last minutes, and those. */
    record Shift(Health before, Health after, double evidence) {

        boolean unhealthy() {
            return evidence >= UNHEALTHY;
        }
    }

    /** The latest minutes compared with the window before them, besides the last {@link Ranking#COMPARE}. */
    static final Duration LATEST = Duration.ofMinutes(2);

    static Shift edgeShift(Ranking.HealthSource health, String source, String target, Instant moment, Duration window) {
        return shift((from, to) -> health.edge(source, target, from, to), moment, window);
    }

    static Shift serviceShift(Ranking.HealthSource health, String service, Instant moment, Duration window) {
        return shift((from, to) -> health.service(service, from, to), moment, window);
    }

    /**
     * The shift of the last {@link #LATEST} against the window before them; or, when that is weaker, of the last
     * {@link Ranking#COMPARE} against the window before those, provided the latest minutes are still shifted against
     * that earlier window. A failure that began a minute before the breach is not diluted by a quarter of an hour of
     * health, one that began ten minutes before is not hidden by its own first minutes, and an earlier incident that
     * has recovered since is not an origin.
     */
    private static Shift shift(BiFunction<Instant, Instant, Health> health, Instant moment, Duration window) {
        Instant end = moment.plusSeconds(60);
        Shift latest = between(health, moment.minus(window), moment.minus(LATEST), end);
        if (latest.evidence() >= UNHEALTHY) {
            return latest;
        }
        Shift compare = between(health, moment.minus(window), moment.minus(Ranking.COMPARE), end);
        boolean ongoing = Ranking.evidence(compare.before(), health.apply(moment.minus(LATEST), end)) > 0;
        return ongoing && compare.evidence() > latest.evidence() ? compare : latest;
    }

    private static Shift between(
            BiFunction<Instant, Instant, Health> health, Instant from, Instant split, Instant end) {
        Health before = health.apply(from, split);
        Health after = health.apply(split, end);
        return new Shift(before, after, Ranking.evidence(before, after));
    }

    /**
     * Follows the unhealthy edges among {@code edges} (each [caller, callee]) from {@code service}, up to
     * {@link #MAX_HOPS}, and returns the origin, or empty when neither the service nor any edge below it is unhealthy.
     */
    static Optional<Origin> find(
            String service, List<List<String>> edges, Instant moment, Duration window, Ranking.HealthSource health) {
        Map<String, List<String>> calls = new LinkedHashMap<>();
        for (List<String> e : edges) {
            calls.computeIfAbsent(e.get(0), k -> new ArrayList<>()).add(e.get(1));
        }
        record Reached(String name, String caller, List<String> path, Shift shift) {}
        Map<String, Reached> reached = new HashMap<>();
        Set<String> unhealthyOut = new HashSet<>();
        reached.put(service, new Reached(service, null, List.of(service), null));
        ArrayDeque<Reached> queue = new ArrayDeque<>(List.of(reached.get(service)));
        while (!queue.isEmpty()) {
            Reached r = queue.poll();
            if (r.path().size() > MAX_HOPS) {
                continue;
            }
            for (String callee : calls.getOrDefault(r.name(), List.of())) {
                Shift shift = edgeShift(health, r.name(), callee, moment, window);
                if (!shift.unhealthy()) {
                    continue;
                }
                unhealthyOut.add(r.name());
                if (!reached.containsKey(callee)) {
                    List<String> path = new ArrayList<>(r.path());
                    path.add(callee);
                    Reached next = new Reached(callee, r.name(), List.copyOf(path), shift);
                    reached.put(callee, next);
                    queue.add(next);
                }
            }
        }
        Optional<Reached> deepest = reached.values().stream()
                .filter(r -> r.caller() != null && !unhealthyOut.contains(r.name()))
                .max(Comparator.comparingInt((Reached r) -> r.path().size())
                        .thenComparingDouble(r -> r.shift().evidence())
                        .thenComparing(Reached::name, Comparator.reverseOrder()));
        if (deepest.isPresent()) {
            Reached r = deepest.get();
            Instant onset =
                    onset(r.shift(), from -> health.edge(r.caller(), r.name(), from, from.plusSeconds(60)), moment);
            return Optional.of(new Origin(
                    r.name(),
                    r.caller(),
                    r.path().size() - 1,
                    r.path(),
                    onset,
                    r.shift().before(),
                    r.shift().after(),
                    r.shift().evidence()));
        }
        if (!unhealthyOut.isEmpty()) {
            return Optional.empty();
        }
        Shift self = serviceShift(health, service, moment, window);
        if (!self.unhealthy()) {
            return Optional.empty();
        }
        Instant onset = onset(self, from -> health.service(service, from, from.plusSeconds(60)), moment);
        return Optional.of(
                new Origin(service, null, 0, List.of(service), onset, self.before(), self.after(), self.evidence()));
    }

    /**
     * The first minute of the last {@link Ranking#COMPARE} whose error rate passed the upper Wilson bound before, or
     * whose tail latency doubled; the start of those minutes when none did on its own.
     */
    private static Instant onset(Shift shift, Function<Instant, Health> minute, Instant moment) {
        Instant split = moment.minus(Ranking.COMPARE).truncatedTo(ChronoUnit.MINUTES);
        double bound =
                Ranking.wilsonUpper(shift.before().errors(), shift.before().calls());
        for (Instant m = split; !m.isAfter(moment); m = m.plusSeconds(60)) {
            Health h = minute.apply(m);
            if (h.calls() > 0
                    && (h.errorRate() > bound
                            || (shift.before().tailMs() > 0
                                    && h.p99Ms() >= 2 * shift.before().tailMs()))) {
                return m;
            }
        }
        return split;
    }
}
