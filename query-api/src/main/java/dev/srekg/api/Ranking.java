package dev.srekg.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Ranks the changes around a breached service as suspects. Pure: the caller supplies the changes, where each one
 * is relative to the breached service, and a way to read health.
 *
 * <p>The score multiplies factors, each returned with its value:
 *
 * <pre>
 * score = kind × proximity × timeliness × (0.2 + 0.8 × evidence) × path × reaction
 * </pre>
 *
 * <ul>
 *   <li><b>kind</b>: what changed. A deploy (1.0) outranks a scale event (0.6, often a reaction), another breach
 *       (0.5) and a ticket (0.3, usually a symptom).
 *   <li><b>proximity</b>: where, along the direction requests flow. The breached service itself 1.0; a service it
 *       calls, directly or not, {@code 1.0 − 0.15 × (hops − 1)}; a caller {@code 0.5 − 0.1 × (hops − 1)}.
 *   <li><b>timeliness</b>: {@code 1 − 0.5 × (age / window)}; a change right before the breach scores 1.
 *   <li><b>evidence</b>, the strongest: did the changed service, or the edge into it, turn unhealthy right after the
 *       change? The larger of the error-rate rise over {@link #ERROR_RISE_FOR_FULL_EVIDENCE} and the p99 rise over
 *       doubling, comparing {@link #COMPARE} before the change with {@link #AFTER} after it; 0 when there is no
 *       traffic to compare.
 *       A change with no health shift after it is a decoy however close in time.
 *   <li><b>path</b>: 1 when the edges from the breached service to the changed one carried more errors after the
 *       change than before, else 0.7.
 *   <li><b>reaction</b>: 0.3 when the changed service was already turning unhealthy before the change (the
 *       change is a consequence, e.g. a scale-up or a ticket opened after errors began), else 1.
 * </ul>
 */
final class Ranking {

    /** Health before a change is read over this long. */
    static final Duration COMPARE = Duration.ofMinutes(15);

    /**
     * Health after a change is read over this long: a cause shows within minutes, so an earlier change followed by a
     * shift that began much later (a decoy) finds nothing in it.
     */
    static final Duration AFTER = Duration.ofMinutes(5);

    static final double ERROR_RISE_FOR_FULL_EVIDENCE = 0.05;

    private Ranking() {}

    /**
     * A change near the breached service.
     *
     * @param kind deploy, scale, ticket or breach
     * @param id the change's natural key
     * @param service the service it changed
     * @param at when
     * @param hops distance from the breached service (0 for itself)
     * @param direction self, downstream or upstream
     * @param path services from the breached service to the changed one, both included
     * @param summary a line describing it
     */
    record Change(
            String kind,
            String id,
            String service,
            Instant at,
            int hops,
            String direction,
            List<String> path,
            String summary) {}

    /** Health of a service ({@code target} alone) or an edge ({@code source → target}) over {@code [from, to)}. */
    interface HealthSource {
        Health service(String service, Instant from, Instant to);

        Health edge(String source, String target, Instant from, Instant to);
    }

    record Suspect(
            int rank,
            double score,
            String kind,
            String id,
            String service,
            Instant at,
            int hops,
            String direction,
            String summary,
            Map<String, Object> factors,
            String explanation) {}

    /**
     * Scores every change and returns the first {@code limit} by score, ranked from 1, each with its factors and an
     * explanation (written only for those returned).
     */
    static List<Suspect> rank(List<Change> changes, Instant breachAt, Duration window, HealthSource health, int limit) {
        List<Scored> scored = new ArrayList<>(changes.size());
        for (Change c : changes) {
            scored.add(score(c, breachAt, window, health));
        }
        scored.sort(Comparator.comparingDouble(Scored::score)
                .reversed()
                .thenComparing((Scored x) -> x.change().at(), Comparator.reverseOrder())
                .thenComparing(x -> x.change().id()));
        List<Suspect> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, scored.size()); i++) {
            Scored x = scored.get(i);
            Change c = x.change();
            ranked.add(new Suspect(
                    i + 1,
                    x.score(),
                    c.kind(),
                    c.id(),
                    c.service(),
                    c.at(),
                    c.hops(),
                    c.direction(),
                    c.summary(),
                    x.factors(),
                    explain(c, x.ageSeconds(), x.evidence(), x.factors(), x.pathUnhealthy(), x.reaction())));
        }
        return ranked;
    }

    /** A change's score and what went into it. */
    private record Scored(
            Change change,
            double score,
            Map<String, Object> factors,
            double ageSeconds,
            double evidence,
            boolean pathUnhealthy,
            boolean reaction) {}

    private static Scored score(Change c, Instant breachAt, Duration window, HealthSource health) {
        double kind = switch (c.kind()) {
            case "deploy" -> 1.0;
            case "scale" -> 0.6;
            case "breach" -> 0.5;
            default -> 0.3;
        };
        double proximity = switch (c.direction()) {
            case "self" -> 1.0;
            case "downstream" -> Math.max(0.1, 1.0 - 0.15 * (c.hops() - 1));
            default -> Math.max(0.05, 0.5 - 0.1 * (c.hops() - 1));
        };
        double age = Math.max(0, Duration.between(c.at(), breachAt).toSeconds());
        double timeliness = Math.max(0, 1 - 0.5 * age / Math.max(1, window.toSeconds()));

        // Traffic is kept per minute: the change's own minute counts as after it, as its effect shows there.
        Instant split = c.at().truncatedTo(ChronoUnit.MINUTES);
        Instant before = split.minus(COMPARE);
        Instant after = min(c.at().plus(AFTER), breachAt.plusSeconds(60));
        Health serviceBefore = health.service(c.service(), before, split);
        Health serviceAfter = health.service(c.service(), split, after);
        double evidence = evidence(serviceBefore, serviceAfter);
        String into = c.path().size() >= 2 ? c.path().get(c.path().size() - 2) : null;
        Health edgeBefore = Health.NONE;
        Health edgeAfter = Health.NONE;
        if (into != null) {
            boolean downstream = !"upstream".equals(c.direction());
            String source = downstream ? into : c.service();
            String target = downstream ? c.service() : into;
            edgeBefore = health.edge(source, target, before, split);
            edgeAfter = health.edge(source, target, split, after);
            evidence = Math.max(evidence, evidence(edgeBefore, edgeAfter));
        }
        boolean pathUnhealthy = pathUnhealthy(c, before, split, after, health);
        Health earlier = health.service(c.service(), before.minus(COMPARE), before);
        boolean reaction = serviceBefore.calls() > 0
                && earlier.calls() > 0
                && serviceBefore.errorRate() - earlier.errorRate() >= ERROR_RISE_FOR_FULL_EVIDENCE / 2;

        double score = kind
                * proximity
                * timeliness
                * (0.2 + 0.8 * evidence)
                * (pathUnhealthy ? 1.0 : 0.7)
                * (reaction ? 0.3 : 1.0);
        Map<String, Object> factors = new LinkedHashMap<>();
        factors.put("kind", round(kind));
        factors.put("proximity", round(proximity));
        factors.put("timeliness", round(timeliness));
        factors.put("minutesBeforeBreach", Math.round(age / 60));
        factors.put("evidence", round(evidence));
        factors.put("errorRateBefore", round(Math.max(serviceBefore.errorRate(), edgeBefore.errorRate())));
        factors.put("errorRateAfter", round(Math.max(serviceAfter.errorRate(), edgeAfter.errorRate())));
        factors.put("p99MsBefore", round(Math.max(serviceBefore.p99Ms(), edgeBefore.p99Ms())));
        factors.put("p99MsAfter", round(Math.max(serviceAfter.p99Ms(), edgeAfter.p99Ms())));
        factors.put("pathUnhealthy", pathUnhealthy);
        factors.put("reaction", reaction);
        return new Scored(c, round(score), factors, age, evidence, pathUnhealthy, reaction);
    }

    /** How strongly health got worse: error-rate rise or p99 rise, each scaled to [0, 1]. */
    static double evidence(Health before, Health after) {
        if (before.calls() == 0 || after.calls() == 0) {
            return after.calls() > 0 && after.errorRate() >= ERROR_RISE_FOR_FULL_EVIDENCE ? 0.5 : 0;
        }
        double errors = (after.errorRate() - before.errorRate()) / ERROR_RISE_FOR_FULL_EVIDENCE;
        double latency = before.p99Ms() > 0 ? after.p99Ms() / before.p99Ms() - 1 : 0;
        return Math.max(0, Math.min(1, Math.max(errors, latency)));
    }

    private static boolean pathUnhealthy(Change c, Instant before, Instant split, Instant after, HealthSource health) {
        if (c.path().size() < 2) {
            return true;
        }
        BiFunction<Instant, Instant, Double> errorRate = (from, to) -> {
            long calls = 0;
            long errors = 0;
            for (int i = 0; i + 1 < c.path().size(); i++) {
                String a = c.path().get(i);
                String b = c.path().get(i + 1);
                Health h = "upstream".equals(c.direction()) ? health.edge(b, a, from, to) : health.edge(a, b, from, to);
                calls += h.calls();
                errors += h.errors();
            }
            return calls == 0 ? 0.0 : (double) errors / calls;
        };
        return errorRate.apply(split, after) > errorRate.apply(before, split);
    }

    private static String explain(
            Change c,
            double ageSeconds,
            double evidence,
            Map<String, Object> f,
            boolean pathUnhealthy,
            boolean reaction) {
        StringBuilder b = new StringBuilder();
        b.append(capitalize(c.kind())).append(" of ").append(c.service());
        b.append(
                switch (c.direction()) {
                    case "self" -> " (the breached service itself)";
                    case "downstream" ->
                        " (" + c.hops() + " hop" + (c.hops() == 1 ? "" : "s") + " downstream: it serves the "
                                + "breached service's requests)";
                    default -> " (" + c.hops() + " hop" + (c.hops() == 1 ? "" : "s") + " upstream: a caller)";
                });
        b.append(", ").append(Math.round(ageSeconds / 60)).append(" min before the breach. ");
        if (evidence > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "After it, errors went from %.1f%% to %.1f%% and p99 from %.0f to %.0f ms.",
                    100 * (double) f.get("errorRateBefore"),
                    100 * (double) f.get("errorRateAfter"),
                    (double) f.get("p99MsBefore"),
                    (double) f.get("p99MsAfter")));
        } else {
            b.append("No health shift followed it.");
        }
        if (!pathUnhealthy) {
            b.append(" The path from the breached service to it stayed healthy.");
        }
        if (reaction) {
            b.append(" Errors were already rising before it: likely a reaction, not a cause.");
        }
        return b.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
