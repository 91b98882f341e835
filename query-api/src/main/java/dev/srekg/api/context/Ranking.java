package dev.srekg.api.context;

import dev.srekg.graph.scaling.ScaleEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks the changes around a breached service as suspects, with the place errors originate at as a suspect of its own
 * when nothing changed there. Pure: the caller supplies the changes, where each one is relative to the breached
 * service, the origin ({@link Origin#find}) and a way to read health.
 *
 * <p>The score multiplies factors, each returned with its value:
 *
 * <pre>
 * score = kind × proximity × timeliness × (0.2 + 0.8 × evidence) × path × reaction × origin × superseded × ended
 * </pre>
 *
 * <ul>
 *   <li><b>kind</b>: what changed. A deploy, a configuration push and a feature flag change (1.0: postmortems put
 *       configuration pushes at about a third of outage triggers, close to binary pushes), a schema migration (0.9)
 *       and a capacity reduction (a scale down, 0.9) are causes; an infrastructure change (0.8, an environment or a
 *       Terraform apply: broad, and often not what the breached service depends on) and an anomaly with no change
 *       behind it (0.8) come next; a scale up or a scale of unknown direction (0.6) is often a reaction; another
 *       breach (0.5) and a ticket (0.3) are usually symptoms.
 *   <li><b>proximity</b>: where, along the direction requests flow. The breached service itself 1.0; a service it
 *       calls, directly or not, {@code 1.0 − 0.15 × (hops − 1)}; a caller {@code 0.5 − 0.1 × (hops − 1)}, unless its
 *       evidence is a traffic surge, which flows down from callers: then the downstream formula. An anomaly was
 *       located by following the evidence, so it scores 1.
 *   <li><b>timeliness</b>: {@code 1 − 0.5 × (age / window)}; a change right before the breach scores 1.
 *   <li><b>evidence</b>, the strongest: did the changed service, or the edge into it, turn unhealthy right after the
 *       change? Compares {@link #COMPARE} before the change with {@link #AFTER} after it, and takes the largest of:
 *       <ul>
 *         <li>errors: the rise from the upper {@link #Z 90 %} Wilson bound of the error rate before to the lower bound
 *             after, over {@link #ERROR_RISE_FOR_FULL_EVIDENCE}, so one error in 30 calls is no evidence while 12 in
 *             30 are;
 *         <li>latency: the rise of {@link Health#tailMs} (the latency at least three calls reached, the p99 with
 *             enough calls) over doubling, so one slow call among a few dozen is no evidence;
 *         <li>throughput, for a caller: calls per minute along the edge into the breached side after vs before, full
 *             at a doubling, and only when the rise is beyond Poisson noise (a caller surge).
 *       </ul>
 *       With no traffic before, an error rate whose lower bound reaches {@link #ERROR_RISE_FOR_FULL_EVIDENCE} gives
 *       0.5. A change with no health shift after it is a decoy however close in time.
 *   <li><b>path</b>: 1 when every edge from the breached service to the changed one shifted after the change
 *       (errors, latency or, for a caller, throughput), else 0.7.
 *   <li><b>reaction</b>: 0.3 when the changed service was already turning unhealthy in the {@link #AFTER} before the
 *       change, compared with the {@link #COMPARE} before that (the change is a consequence, e.g. a scale-up or a
 *       ticket opened after errors began), else 1.
 *   <li><b>origin</b>: 0.4 when errors originate further down than the changed service, below it on the unhealthy
 *       path (its own health shift is propagated from below), else 1.
 *   <li><b>superseded</b>: 0.3 for a deploy replaced by a later deploy of the same service before the breach (an
 *       earlier incident's bad version, since rolled back, is not what runs now), else 1.
 *   <li><b>ended</b>: 0.3 when the health shift after the change was gone in the {@link #AFTER} before the breach
 *       (an earlier incident that recovered), else 1.
 * </ul>
 *
 * <p>Classes of incident this separates: a bad deploy or configuration push (error evidence at the changed service),
 * a latency regression (latency evidence alone is full evidence), a capacity reduction (a scale down with evidence),
 * a failing dependency with no change (the {@code anomaly} suspect at the origin), a caller surge (throughput
 * evidence upstream), and sparse or sampled traffic (the bounds above know the counts). When no suspect has evidence
 * the answer {@link Answer#abstained abstains} rather than name the nearest change.
 */
public final class Ranking {

    /** Health before a change is read over this long. */
    public static final Duration COMPARE = Duration.ofMinutes(15);

    /**
     * Health after a change is read over this long: a cause shows within minutes, so an earlier change followed by a
     * shift that began much later (a decoy) finds nothing in it.
     */
    static final Duration AFTER = Duration.ofMinutes(5);

    /** Rise of the error rate, between the Wilson bounds, that is full evidence. */
    static final double ERROR_RISE_FOR_FULL_EVIDENCE = 0.05;

    /** Normal quantile of the Wilson bounds: one-sided 95 %, a two-sided 90 % interval. */
    static final double Z = 1.645;

    /** Evidence at or above which a suspect is decisive: with none, the answer abstains. */
    static final double DECISIVE = 0.25;

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
     * @param scale which way a scale event moved the replicas, null for other kinds
     * @param link where to see the change (a flag's page, a ticket), or null
     */
    record Change(
            SuspectKind kind,
            String id,
            String service,
            Instant at,
            int hops,
            Direction direction,
            List<String> path,
            String summary,
            ScaleEvent.Direction scale,
            String link) {}

    /** Health of a service ({@code target} alone) or an edge ({@code source → target}) over {@code [from, to)}. */
    interface HealthSource {
        Health service(String service, Instant from, Instant to);

        Health edge(String source, String target, Instant from, Instant to);
    }

    /** A ranked suspect; {@code link} is where to see the change (a flag's page, a ticket), or null. */
    public record Suspect(
            int rank,
            double score,
            SuspectKind kind,
            String id,
            String service,
            Instant at,
            int hops,
            Direction direction,
            String summary,
            String link,
            Map<String, Object> factors,
            String explanation) {}

    /**
     * The ranking and what it concludes.
     *
     * @param suspects the first suspects, most likely first
     * @param abstained true when no suspect has evidence: none of them is presented as the cause
     * @param verdict one sentence on the likely cause, or on why there is none
     */
    record Answer(List<Suspect> suspects, boolean abstained, String verdict) {}

    /**
     * Scores every change, and the origin when nothing changed there, and returns the first {@code limit} by score,
     * ranked from 1, each with its factors and an explanation (written only for those returned).
     */
    static Answer rank(
            List<Change> changes, Origin origin, Instant breachAt, Duration window, HealthSource health, int limit) {
        Map<String, Instant> lastDeploy = new HashMap<>();
        for (Change c : changes) {
            if (c.kind() == SuspectKind.DEPLOY && !c.at().isAfter(breachAt)) {
                lastDeploy.merge(c.service(), c.at(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<Scored> scored = new ArrayList<>(changes.size() + 1);
        for (Change c : changes) {
            boolean superseded = c.kind() == SuspectKind.DEPLOY
                    && lastDeploy.getOrDefault(c.service(), c.at()).isAfter(c.at());
            scored.add(score(c, origin, superseded, breachAt, window, health));
        }
        if (origin != null && scored.stream().noneMatch(s -> explains(s, origin))) {
            scored.add(anomaly(origin));
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
                    c.link(),
                    x.factors(),
                    x.explanation() != null ? x.explanation() : explain(c, x, origin)));
        }
        boolean abstained = scored.stream().noneMatch(s -> s.evidence() >= DECISIVE);
        String verdict;
        if (abstained) {
            verdict = scored.isEmpty()
                    ? "No changes near this service in the window, and no unhealthy dependency: nothing explains it."
                    : "No change near this service was followed by a health shift, and no dependency turned"
                            + " unhealthy: no suspect is decisive.";
        } else {
            Suspect top = ranked.get(0);
            verdict = top.kind() == SuspectKind.ANOMALY
                    ? top.explanation()
                    : "Likely cause: " + noun(top.kind()) + " of " + top.service() + " (" + top.summary() + ").";
        }
        return new Answer(ranked, abstained, verdict);
    }

    /**
     * Whether a change at the origin explains its failure: it had evidence, was not replaced, and the failure began
     * within {@link #AFTER} of it (an earlier change at the origin, followed by an incident that recovered, does not).
     */
    private static boolean explains(Scored s, Origin origin) {
        Change c = s.change();
        return c.service().equals(origin.service())
                && s.evidence() >= 0.5
                && !s.superseded()
                && !c.at().isAfter(origin.onset().plusSeconds(60))
                && !c.at().isBefore(origin.onset().minus(AFTER).minusSeconds(60));
    }

    /** A suspect's score and what went into it; an explanation already written, or null. */
    private record Scored(
            Change change,
            double score,
            Map<String, Object> factors,
            double ageSeconds,
            double evidence,
            boolean pathUnhealthy,
            boolean reaction,
            boolean aboveOrigin,
            boolean superseded,
            boolean ended,
            String explanation) {}

    static double kind(Change c) {
        return switch (c.kind()) {
            case DEPLOY, CONFIG, FLAG -> 1.0;
            case SCHEMA -> 0.9;
            case INFRA -> 0.8;
            case SCALE -> c.scale() == ScaleEvent.Direction.DOWN ? 0.9 : 0.6;
            case ANOMALY -> 0.8;
            case BREACH -> 0.5;
            case TICKET -> 0.3;
        };
    }

    private static Scored score(
            Change c, Origin origin, boolean superseded, Instant breachAt, Duration window, HealthSource health) {
        double kind = kind(c);
        double age = Math.max(0, Duration.between(c.at(), breachAt).toSeconds());
        double timeliness = Math.max(0, 1 - 0.5 * age / Math.max(1, window.toSeconds()));

        // Traffic is kept per minute: the change's own minute counts as after it, as its effect shows there.
        Instant split = c.at().truncatedTo(ChronoUnit.MINUTES);
        Instant before = split.minus(COMPARE);
        Instant after = min(c.at().plus(AFTER), breachAt.plusSeconds(60));
        Health serviceBefore = health.service(c.service(), before, split);
        Health serviceAfter = health.service(c.service(), split, after);
        double evidence = evidence(serviceBefore, serviceAfter);
        boolean upstream = c.direction() == Direction.UPSTREAM;
        String into = c.path().size() >= 2 ? c.path().get(c.path().size() - 2) : null;
        Health edgeBefore = Health.NONE;
        Health edgeAfter = Health.NONE;
        double surge = 0;
        double beforeMinutes = minutes(before, split);
        if (into != null) {
            String source = upstream ? c.service() : into;
            String target = upstream ? into : c.service();
            edgeBefore = health.edge(source, target, before, split);
            edgeAfter = health.edge(source, target, split, after);
            evidence = Math.max(evidence, evidence(edgeBefore, edgeAfter));
            if (upstream) {
                if (surge(edgeBefore, beforeMinutes, edgeAfter, minutes(split, after)) > 0) {
                    beforeMinutes = trafficMinutes(health, source, target, before, split);
                    surge = surge(edgeBefore, beforeMinutes, edgeAfter, minutes(split, after));
                }
                evidence = Math.max(evidence, surge);
            }
        }
        double proximity = proximity(c.direction(), c.hops(), surge >= 0.5);
        boolean ended = false;
        Instant nowFrom = breachAt.minus(AFTER);
        if (evidence >= DECISIVE && after.isBefore(nowFrom)) {
            Instant nowTo = breachAt.plusSeconds(60);
            double now = evidence(serviceBefore, health.service(c.service(), nowFrom, nowTo));
            if (into != null) {
                String source = upstream ? c.service() : into;
                String target = upstream ? into : c.service();
                Health edgeNow = health.edge(source, target, nowFrom, nowTo);
                now = Math.max(now, evidence(edgeBefore, edgeNow));
                if (upstream) {
                    now = Math.max(
                            now,
                            surge(health, source, target, before, split, edgeBefore, edgeNow, minutes(nowFrom, nowTo)));
                }
            }
            ended = now < DECISIVE;
        }
        boolean pathUnhealthy = pathUnhealthy(c, before, split, after, health);
        Instant recent = split.minus(AFTER);
        boolean reaction = evidence(
                        health.service(c.service(), recent.minus(COMPARE), recent),
                        health.service(c.service(), recent, split))
                >= 0.5;
        boolean aboveOrigin = origin != null
                && !origin.service().equals(c.service())
                && origin.path().contains(c.service())
                && !upstream;

        double score = kind
                * proximity
                * timeliness
                * (0.2 + 0.8 * evidence)
                * (pathUnhealthy ? 1.0 : 0.7)
                * (reaction ? 0.3 : 1.0)
                * (aboveOrigin ? 0.4 : 1.0)
                * (superseded ? 0.3 : 1.0)
                * (ended ? 0.3 : 1.0);
        Map<String, Object> factors = new LinkedHashMap<>();
        factors.put("kind", round(kind));
        factors.put("proximity", round(proximity));
        factors.put("timeliness", round(timeliness));
        factors.put("minutesBeforeBreach", Math.round(age / 60));
        factors.put("evidence", round(evidence));
        Health shownBefore = edgeBefore.calls() > serviceBefore.calls() ? edgeBefore : serviceBefore;
        Health shownAfter = edgeBefore.calls() > serviceBefore.calls() ? edgeAfter : serviceAfter;
        evidenceFactors(factors, shownBefore, shownAfter);
        if (upstream) {
            factors.put("surge", round(surge));
            factors.put("callsPerMinuteBefore", round(edgeBefore.calls() / beforeMinutes));
            factors.put("callsPerMinuteAfter", round(edgeAfter.calls() / minutes(split, after)));
        }
        factors.put("pathUnhealthy", pathUnhealthy);
        factors.put("reaction", reaction);
        factors.put("origin", aboveOrigin ? 0.4 : 1.0);
        factors.put("superseded", superseded);
        factors.put("ended", ended);
        return new Scored(
                c, round(score), factors, age, evidence, pathUnhealthy, reaction, aboveOrigin, superseded, ended, null);
    }

    /** The origin as a suspect: nothing changed there, its health before and after is the evidence. */
    private static Scored anomaly(Origin o) {
        double kind = 0.8;
        double score = kind * (0.2 + 0.8 * o.evidence());
        String where = o.caller() == null ? o.service() : o.caller() + " → " + o.service();
        Change c = new Change(
                SuspectKind.ANOMALY,
                "anomaly " + where,
                o.service(),
                o.onset(),
                o.hops(),
                o.hops() == 0 ? Direction.SELF : Direction.DOWNSTREAM,
                o.path(),
                (o.caller() == null ? "errors originate at " : "errors originate on the calls ") + where,
                null,
                null);
        Map<String, Object> factors = new LinkedHashMap<>();
        factors.put("kind", kind);
        factors.put("proximity", 1.0);
        factors.put("timeliness", 1.0);
        factors.put("evidence", round(o.evidence()));
        evidenceFactors(factors, o.before(), o.after());
        factors.put("pathUnhealthy", true);
        factors.put("reaction", false);
        factors.put("origin", 1.0);
        factors.put("superseded", false);
        factors.put("ended", false);
        String explanation = String.format(
                Locale.ROOT,
                "Errors originate at %s%s, %d hop%s downstream; nothing changed there. %s went from %.1f%% to %.1f%%"
                        + " errors and p99 from %.0f to %.0f ms (%d calls before, %d after).",
                o.service(),
                o.caller() == null ? "" : " (the calls from " + o.caller() + ")",
                o.hops(),
                o.hops() == 1 ? "" : "s",
                o.caller() == null ? "It" : "The calls into it",
                100 * o.before().errorRate(),
                100 * o.after().errorRate(),
                o.before().p99Ms(),
                o.after().p99Ms(),
                o.before().calls(),
                o.after().calls());
        return new Scored(c, round(score), factors, 0, o.evidence(), true, false, false, false, false, explanation);
    }

    private static void evidenceFactors(Map<String, Object> factors, Health before, Health after) {
        factors.put("callsBefore", before.calls());
        factors.put("callsAfter", after.calls());
        factors.put("errorRateBefore", round(before.errorRate()));
        factors.put("errorRateAfter", round(after.errorRate()));
        factors.put("p99MsBefore", round(before.p99Ms()));
        factors.put("p99MsAfter", round(after.p99Ms()));
    }

    static double proximity(Direction direction, int hops, boolean surge) {
        return switch (direction) {
            case SELF -> 1.0;
            case DOWNSTREAM -> Math.max(0.1, 1.0 - 0.15 * (hops - 1));
            case UPSTREAM -> surge ? Math.max(0.1, 1.0 - 0.15 * (hops - 1)) : Math.max(0.05, 0.5 - 0.1 * (hops - 1));
        };
    }

    /**
     * How strongly health got worse, in [0, 1]: the larger of the error-rate rise between Wilson bounds over
     * {@link #ERROR_RISE_FOR_FULL_EVIDENCE} and the rise of {@link Health#tailMs} over doubling.
     */
    static double evidence(Health before, Health after) {
        if (after.calls() == 0) {
            return 0;
        }
        if (before.calls() == 0) {
            return wilsonLower(after.errors(), after.calls()) >= ERROR_RISE_FOR_FULL_EVIDENCE ? 0.5 : 0;
        }
        double errors = (wilsonLower(after.errors(), after.calls()) - wilsonUpper(before.errors(), before.calls()))
                / ERROR_RISE_FOR_FULL_EVIDENCE;
        double latency = before.tailMs() > 0 && after.tailMs() > 0 ? after.tailMs() / before.tailMs() - 1 : 0;
        return clamp(Math.max(errors, latency));
    }

    /**
     * A rise in calls per minute from {@code before} (over {@code beforeMinutes}) to {@code after}: 0 within Poisson
     * noise (two standard deviations of the expected count), else rising from 0 at ×1.25 to 1 at ×2.
     */
    static double surge(Health before, double beforeMinutes, Health after, double afterMinutes) {
        if (before.calls() == 0 || beforeMinutes <= 0 || afterMinutes <= 0) {
            return 0;
        }
        double expected = before.calls() / beforeMinutes * afterMinutes;
        if (after.calls() - expected <= 2 * Math.sqrt(expected) + 1) {
            return 0;
        }
        return clamp((after.calls() / expected - 1.25) / 0.75);
    }

    /** Lower Wilson score bound of {@code errors} in {@code calls} at {@link #Z}; 0 without calls. */
    static double wilsonLower(long errors, long calls) {
        return wilson(errors, calls, -1);
    }

    /** Upper Wilson score bound of {@code errors} in {@code calls} at {@link #Z}; 1 without calls. */
    static double wilsonUpper(long errors, long calls) {
        return calls == 0 ? 1 : wilson(errors, calls, 1);
    }

    private static double wilson(long errors, long calls, int sign) {
        if (calls == 0) {
            return 0;
        }
        double n = calls;
        double p = errors / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, Math.min(1, (centre + sign * spread) / (1 + z2 / n)));
    }

    /** Whether every edge from the breached service to the changed one shifted after the change. */
    private static boolean pathUnhealthy(Change c, Instant before, Instant split, Instant after, HealthSource health) {
        if (c.path().size() < 2) {
            return true;
        }
        boolean upstream = c.direction() == Direction.UPSTREAM;
        for (int i = 0; i + 1 < c.path().size(); i++) {
            String a = c.path().get(i);
            String b = c.path().get(i + 1);
            String source = upstream ? b : a;
            String target = upstream ? a : b;
            Health h0 = health.edge(source, target, before, split);
            Health h1 = health.edge(source, target, split, after);
            double shift = evidence(h0, h1);
            if (upstream) {
                shift = Math.max(shift, surge(health, source, target, before, split, h0, h1, minutes(split, after)));
            }
            if (shift <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #surge(Health, double, Health, double)} of an edge, the rate before over the minutes it had traffic; read
     * minute by minute only when the rate over the whole interval already shows a surge (it can only lower it).
     */
    private static double surge(
            HealthSource health,
            String source,
            String target,
            Instant before,
            Instant split,
            Health edgeBefore,
            Health edgeAfter,
            double afterMinutes) {
        if (surge(edgeBefore, minutes(before, split), edgeAfter, afterMinutes) == 0) {
            return 0;
        }
        return surge(edgeBefore, trafficMinutes(health, source, target, before, split), edgeAfter, afterMinutes);
    }

    /**
     * The minutes of {@code [from, to)} since the edge's first call in it: an edge first seen within the interval has
     * no rate before that, and counting those minutes would make its usual traffic look like a surge.
     */
    static double trafficMinutes(HealthSource health, String source, String target, Instant from, Instant to) {
        for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
            if (health.edge(source, target, m, m.plusSeconds(60)).calls() > 0) {
                return minutes(m, to);
            }
        }
        return minutes(from, to);
    }

    /** How many minutes start in {@code [from, to)}, at least one. */
    static double minutes(Instant from, Instant to) {
        long seconds = Duration.between(from, to).toSeconds();
        return Math.max(1, Math.ceil(seconds / 60.0));
    }

    private static String explain(Change c, Scored x, Origin origin) {
        Map<String, Object> f = x.factors();
        StringBuilder b = new StringBuilder();
        String kind =
                c.kind() == SuspectKind.SCALE && c.scale() == ScaleEvent.Direction.DOWN ? "Scale down" : noun(c.kind());
        b.append(capitalize(kind)).append(" of ").append(c.service());
        b.append(
                switch (c.direction()) {
                    case SELF -> " (the breached service itself)";
                    case DOWNSTREAM ->
                        " (" + c.hops() + " hop" + (c.hops() == 1 ? "" : "s") + " downstream: it serves the "
                                + "breached service's requests)";
                    case UPSTREAM -> " (" + c.hops() + " hop" + (c.hops() == 1 ? "" : "s") + " upstream: a caller)";
                });
        b.append(", ").append(Math.round(x.ageSeconds() / 60)).append(" min before the breach. ");
        if (x.evidence() > 0) {
            b.append(String.format(
                    Locale.ROOT,
                    "After it, errors went from %.1f%% to %.1f%% and p99 from %.0f to %.0f ms (%d calls before, %d"
                            + " after).",
                    100 * (double) f.get("errorRateBefore"),
                    100 * (double) f.get("errorRateAfter"),
                    (double) f.get("p99MsBefore"),
                    (double) f.get("p99MsAfter"),
                    (long) f.get("callsBefore"),
                    (long) f.get("callsAfter")));
            if (f.containsKey("surge") && (double) f.get("surge") > 0) {
                b.append(String.format(
                        Locale.ROOT,
                        " Its calls rose from %.1f to %.1f a minute.",
                        (double) f.get("callsPerMinuteBefore"),
                        (double) f.get("callsPerMinuteAfter")));
            }
        } else {
            b.append("No health shift followed it.");
        }
        if (!x.pathUnhealthy()) {
            b.append(" The path from the breached service to it stayed healthy.");
        }
        if (x.reaction()) {
            b.append(" Errors were already rising before it: likely a reaction, not a cause.");
        }
        if (x.aboveOrigin()) {
            b.append(" Errors originate further down, at ")
                    .append(origin.service())
                    .append('.');
        }
        if (x.ended()) {
            b.append(" That shift had ended before the breach.");
        }
        if (x.superseded()) {
            b.append(" A later deploy of ").append(c.service()).append(" replaced it before the breach.");
        }
        return b.toString();
    }

    /** The kind as a noun: {@code deploy}, {@code flag change}. */
    private static String noun(SuspectKind kind) {
        return switch (kind) {
            case CONFIG, FLAG, INFRA, SCHEMA -> kind + " change";
            default -> kind.toString();
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
