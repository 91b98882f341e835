package dev.srekg.api.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.traffic.Latency;
import dev.srekg.graph.traffic.TrafficWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every factor of {@link Ranking} and every class of incident it separates, on traffic built minute by minute. */
class RankingTest {

    private static final Instant H = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant BREACH = H.plusSeconds(50 * 60);
    private static final Duration WINDOW = Duration.ofHours(2);

    // ---- factors

    @Test
    void kindRanksDeploysAndScaleDownsAsCausesAndScaleUpsTicketsAndBreachesLower() {
        assertThat(Ranking.kind(change("deploy", "a", 40, 1, "downstream"))).isEqualTo(1.0);
        assertThat(Ranking.kind(scale("a", 40, ScaleEvent.Direction.DOWN))).isEqualTo(0.9);
        assertThat(Ranking.kind(scale("a", 40, ScaleEvent.Direction.UP))).isEqualTo(0.6);
        assertThat(Ranking.kind(scale("a", 40, ScaleEvent.Direction.UNKNOWN))).isEqualTo(0.6);
        assertThat(Ranking.kind(change("breach", "a", 40, 1, "downstream"))).isEqualTo(0.5);
        assertThat(Ranking.kind(change("ticket", "a", 40, 1, "downstream"))).isEqualTo(0.3);
    }

    @Test // issue 16
    void kindRanksConfigurationAndFlagChangesLikeDeploysSchemaNextAndInfrastructureBelow() {
        assertThat(Ranking.kind(change("config", "a", 40, 1, "downstream"))).isEqualTo(1.0);
        assertThat(Ranking.kind(change("flag", "a", 40, 1, "downstream"))).isEqualTo(1.0);
        assertThat(Ranking.kind(change("schema", "a", 40, 1, "downstream"))).isEqualTo(0.9);
        assertThat(Ranking.kind(change("infra", "a", 40, 1, "downstream"))).isEqualTo(0.8);
    }

    @Test // issue 16
    void flagFlippedWhenErrorsBeganOutranksALaterDeployAfterWhichNothingChanged() {
        Traffic t = chain(40, 10, 0.4, 20, 20);
        t.edge("a", "c").minutes(0, 60, 10, 0, 20);
        Ranking.Change flag = new Ranking.Change(
                SuspectKind.FLAG,
                "launchdarkly 6745",
                "b",
                H.plusSeconds(40 * 60),
                2,
                Direction.DOWNSTREAM,
                List.of("a", "m", "b"),
                "checkout-new-pricing: turned on the flag",
                null,
                "https://app.launchdarkly.com/shop/production/features/checkout-new-pricing");

        Ranking.Answer answer = Ranking.rank(
                List.of(change("deploy", "c", 46, 1, "downstream", "a", "c"), flag), null, BREACH, WINDOW, t, 10);

        Ranking.Suspect first = answer.suspects().get(0);
        assertThat(first.kind()).isEqualTo(SuspectKind.FLAG);
        assertThat(first.link()).isEqualTo(flag.link());
        assertThat(first.factors().get("evidence")).isEqualTo(1.0);
        assertThat(first.explanation()).startsWith("Flag change of b (2 hops downstream");
        assertThat(answer.verdict()).startsWith("Likely cause: flag change of b (checkout-new-pricing");
        assertThat(answer.suspects().get(1).factors().get("evidence")).isEqualTo(0.0);
    }

    @Test // issue 16
    void configPushWithoutAHealthShiftAfterItIsADecoyLikeADeploy() {
        Traffic t = chain(40, 10, 0.4, 20, 20);

        List<Ranking.Suspect> s = rank(
                t,
                null,
                change("config", "b", 20, 2, "downstream", "a", "m", "b"),
                change("deploy", "b", 40, 2, "downstream", "a", "m", "b"));

        assertThat(s).extracting(Ranking.Suspect::kind).containsExactly(SuspectKind.DEPLOY, SuspectKind.CONFIG);
        assertThat(s.get(1).explanation()).contains("No health shift followed it.");
    }

    @Test
    void proximityFollowsTheDirectionRequestsFlowAndCallerSurgesCountAsDownstream() {
        assertThat(Ranking.proximity(Direction.SELF, 0, false)).isEqualTo(1.0);
        assertThat(Ranking.proximity(Direction.DOWNSTREAM, 1, false)).isEqualTo(1.0);
        assertThat(Ranking.proximity(Direction.DOWNSTREAM, 3, false)).isCloseTo(0.7, within(1e-9));
        assertThat(Ranking.proximity(Direction.DOWNSTREAM, 9, false)).isCloseTo(0.1, within(1e-9));
        assertThat(Ranking.proximity(Direction.UPSTREAM, 1, false)).isEqualTo(0.5);
        assertThat(Ranking.proximity(Direction.UPSTREAM, 2, false)).isCloseTo(0.4, within(1e-9));
        assertThat(Ranking.proximity(Direction.UPSTREAM, 2, true)).isCloseTo(0.85, within(1e-9));
    }

    @Test
    void timelinessHalvesAcrossTheWindow() {
        Traffic t = new Traffic();
        Ranking.Suspect s = only(t, change("deploy", "b", 0, 1, "downstream"));
        // 50 min before the breach in a 2 h window: 1 - 0.5 * 50 / 120.
        assertThat((double) s.factors().get("timeliness")).isCloseTo(1 - 0.5 * 50 / 120.0, within(0.001));
        assertThat(s.factors().get("minutesBeforeBreach")).isEqualTo(50L);
    }

    @Test
    void errorShiftAfterADeployIsFullEvidenceAndThePathIsUnhealthy() {
        Traffic t = chain(40, 10, 0.4, 20, 20);
        Ranking.Suspect s = only(t, change("deploy", "b", 40, 2, "downstream", "a", "m", "b"));

        assertThat(s.factors().get("evidence")).isEqualTo(1.0);
        assertThat(s.factors().get("pathUnhealthy")).isEqualTo(true);
        assertThat(s.factors().get("reaction")).isEqualTo(false);
        assertThat(s.factors().get("callsBefore")).isEqualTo(150L);
        assertThat(s.factors().get("callsAfter")).isEqualTo(50L);
        assertThat(s.explanation()).contains("errors went from 0.0% to 40.0%", "(150 calls before, 50 after)");
    }

    @Test
    void aDeployWithNoShiftAfterItIsADecoyWithNoEvidence() {
        Traffic t = chain(40, 10, 0.4, 20, 20);
        Ranking.Suspect s = only(t, change("deploy", "b", 20, 2, "downstream", "a", "m", "b"));

        assertThat(s.factors().get("evidence")).isEqualTo(0.0);
        assertThat(s.explanation()).contains("No health shift followed it.");
    }

    @Test
    void aHealthyPathToTheChangedServiceScoresLess() {
        Traffic t = new Traffic();
        t.edge("a", "b").minutes(0, 60, 10, 0, 20);
        t.edge("b", "c").minutes(0, 40, 10, 0, 20).minutes(40, 60, 10, 5, 20);
        Ranking.Suspect s = only(t, change("deploy", "c", 40, 2, "downstream", "a", "b", "c"));

        assertThat(s.factors().get("evidence")).isEqualTo(1.0);
        assertThat(s.factors().get("pathUnhealthy")).isEqualTo(false);
        assertThat(s.explanation()).contains("The path from the breached service to it stayed healthy.");
        double timeliness = (double) s.factors().get("timeliness");
        assertThat(s.score()).isCloseTo(1.0 * 0.85 * timeliness * 1.0 * 0.7, within(0.001));
    }

    @Test
    void aChangeAfterErrorsBeganIsAReaction() {
        Traffic t = chain(40, 10, 0.4, 20, 20);
        t.service("a").minutes(0, 40, 10, 0, 20).minutes(40, 60, 10, 4, 20);
        Ranking.Suspect scaleUp = only(t, scale("a", 44, ScaleEvent.Direction.UP));

        assertThat(scaleUp.factors().get("reaction")).isEqualTo(true);
        assertThat(scaleUp.explanation()).contains("likely a reaction");
    }

    @Test
    void aDeployReplacedByALaterDeployOfTheSameServiceIsSuperseded() {
        // issue 20: an earlier incident's bad deploy, rolled back since, must not outrank the new cause.
        Traffic t = chain(10, 10, 0.4, 20, 20);
        List<Ranking.Suspect> s = rank(
                t,
                null,
                change("deploy", "b", 10, 2, "downstream", "a", "m", "b"),
                new Ranking.Change(
                        SuspectKind.DEPLOY,
                        "rollback b",
                        "b",
                        H.plusSeconds(16 * 60),
                        2,
                        Direction.DOWNSTREAM,
                        List.of("a", "m", "b"),
                        "rolledback b",
                        null,
                        null));

        Ranking.Suspect early =
                s.stream().filter(x -> x.id().equals("deploy b")).findFirst().orElseThrow();
        assertThat(early.factors().get("superseded")).isEqualTo(true);
        assertThat(early.explanation()).contains("A later deploy of b replaced it before the breach.");
        assertThat(s.stream()
                        .filter(x -> x.id().equals("rollback b"))
                        .findFirst()
                        .orElseThrow()
                        .factors())
                .containsEntry("superseded", false);
    }

    @Test
    void aShiftThatEndedBeforeTheBreachIsAnEarlierIncident() {
        // issue 20: a scale-down 40 min before the breach whose errors stopped 10 min later (the earlier incident).
        Traffic t = new Traffic();
        t.service("a").minutes(0, 60, 10, 0, 20);
        t.edge("a", "b").minutes(0, 10, 10, 0, 20).minutes(10, 20, 10, 5, 20).minutes(20, 60, 10, 0, 20);
        Ranking.Suspect s = only(t, scale("b", 10, ScaleEvent.Direction.DOWN, "a", "b"));

        assertThat(s.factors().get("evidence")).isEqualTo(1.0);
        assertThat(s.factors().get("ended")).isEqualTo(true);
        assertThat(s.explanation()).contains("That shift had ended before the breach.");
        assertThat(only(chain(40, 10, 0.4, 20, 20), change("deploy", "b", 40, 2, "downstream", "a", "m", "b"))
                        .factors())
                .containsEntry("ended", false);
    }

    // ---- sparse counts (issue 20)

    @Test
    void oneErrorAndOneSlowCallInThirtyAreNoEvidence() {
        // issue 20: six calls a minute, one error in 30 calls (0 % -> 3.3 %) and one slow call that doubled the p99.
        Traffic t = new Traffic();
        t.service("a").minutes(0, 60, 6, 0, 20);
        t.edge("a", "b").minutes(0, 60, 6, 0, 20);
        t.edge("a", "b").slow(42, 1, 400).errors(43, 1);
        Ranking.Suspect s = only(t, change("deploy", "b", 42, 1, "downstream", "a", "b"));

        assertThat((double) s.factors().get("errorRateAfter")).isGreaterThan(0.03);
        assertThat((double) s.factors().get("p99MsAfter"))
                .isGreaterThan(2 * (double) s.factors().get("p99MsBefore"));
        assertThat(s.factors().get("evidence")).isEqualTo(0.0);
        assertThat(s.factors().get("callsAfter")).isEqualTo(30L);
    }

    @Test
    void wilsonBoundsKnowTheCount() {
        assertThat(Ranking.wilsonUpper(0, 90)).isCloseTo(0.029, within(0.001));
        assertThat(Ranking.wilsonLower(1, 30)).isLessThan(0.01);
        assertThat(Ranking.wilsonLower(12, 30)).isGreaterThan(0.25);
        assertThat(Ranking.wilsonLower(0, 0)).isZero();
        assertThat(Ranking.wilsonUpper(0, 0)).isEqualTo(1.0);
    }

    @Test
    void sampledTrafficOfTwoCallsAMinuteStillGivesTheCauseEvidence() {
        Traffic t = chain(40, 2, 0.5, 20, 20);
        Ranking.Suspect s = only(t, change("deploy", "b", 40, 2, "downstream", "a", "m", "b"));

        assertThat((double) s.factors().get("evidence")).isGreaterThanOrEqualTo(0.5);
    }

    // ---- classes

    @Test
    void aPureLatencyShiftIsFullEvidenceAndRanksItsCauseFirst() {
        Traffic t = chain(40, 6, 0, 20, 400);
        Origin origin = Origin.find("a", List.of(List.of("a", "m"), List.of("m", "b")), BREACH, WINDOW, t)
                .orElseThrow();
        List<Ranking.Suspect> s = rank(
                t,
                origin,
                change("deploy", "b", 40, 2, "downstream", "a", "m", "b"),
                change("deploy", "m", 41, 1, "downstream", "a", "m"));

        assertThat(s.get(0).service()).isEqualTo("b");
        assertThat(s.get(0).factors().get("evidence")).isEqualTo(1.0);
        assertThat(s.get(0).factors().get("errorRateAfter")).isEqualTo(0.0);
    }

    @Test
    void aScaleDownFollowedByErrorsIsACauseAheadOfARoutineDeploy() {
        Traffic t = chain(40, 6, 0.4, 20, 20);
        t.edge("a", "side").minutes(0, 60, 6, 0, 10);
        List<Ranking.Suspect> s = rank(
                t,
                null,
                scale("b", 40, ScaleEvent.Direction.DOWN, "a", "m", "b"),
                change("deploy", "side", 40, 1, "downstream", "a", "side"));

        assertThat(s.get(0).kind()).isEqualTo(SuspectKind.SCALE);
        assertThat(s.get(0).factors().get("kind")).isEqualTo(0.9);
        assertThat(s.get(0).explanation()).startsWith("Scale down of b");
    }

    @Test
    void aCallerSurgeRanksFirstAndACallerWithSteadyTrafficStaysADecoy() {
        Traffic t = new Traffic();
        t.service("api").minutes(0, 40, 12, 0, 20).minutes(40, 60, 36, 14, 20);
        t.edge("web", "api").minutes(0, 40, 6, 0, 20).minutes(40, 60, 30, 12, 20);
        t.edge("gw", "api").minutes(0, 40, 6, 0, 20).minutes(40, 60, 6, 2, 20);
        List<Ranking.Suspect> s = rank(
                t,
                null,
                change("deploy", "web", 40, 1, "upstream", "api", "web"),
                change("deploy", "gw", 41, 1, "upstream", "api", "gw"));

        assertThat(s.get(0).service()).isEqualTo("web");
        assertThat(s.get(0).factors().get("surge")).isEqualTo(1.0);
        assertThat(s.get(0).factors().get("proximity")).isEqualTo(1.0);
        assertThat(s.get(0).explanation()).contains("Its calls rose from 6.0 to 30.0 a minute.");
        assertThat(s.get(1).service()).isEqualTo("gw");
        assertThat(s.get(1).factors().get("surge")).isEqualTo(0.0);
        assertThat(s.get(1).score()).isLessThan(s.get(0).score() / 1.5);
    }

    @Test
    void aCallerWhoseTrafficBeganInTheBeforeWindowIsNoSurge() {
        // issue 20: traffic from minute 0, a caller's routine deploy at minute 7: its rate is over 7 minutes, not 15.
        Traffic t = new Traffic();
        t.edge("gw", "api").minutes(0, 60, 6, 0, 20);
        Ranking.Suspect s = only(t, change("deploy", "gw", 7, 1, "upstream", "api", "gw"));

        assertThat(s.factors().get("surge")).isEqualTo(0.0);
        assertThat(s.factors().get("callsPerMinuteBefore")).isEqualTo(6.0);
    }

    @Test
    void aFailingDatabaseWithNoChangeOutranksAHarmlessDeployCloseInTime() {
        // a -> m -> n -> o -> postgresql: the database fails on its own from minute 40, errors propagate up.
        Traffic t = new Traffic();
        String[] chain = {"a", "m", "n", "o", "postgresql"};
        for (int i = 0; i + 1 < chain.length; i++) {
            t.edge(chain[i], chain[i + 1]).minutes(0, 40, 10, 0, 20).minutes(40, 60, 10, 4, 20);
        }
        t.service("m").minutes(0, 40, 10, 0, 20).minutes(40, 60, 10, 4, 20);
        List<List<String>> edges =
                List.of(List.of("a", "m"), List.of("m", "n"), List.of("n", "o"), List.of("o", "postgresql"));
        Origin origin = Origin.find("a", edges, BREACH, WINDOW, t).orElseThrow();

        assertThat(origin.service()).isEqualTo("postgresql");
        assertThat(origin.caller()).isEqualTo("o");
        assertThat(origin.hops()).isEqualTo(4);
        assertThat(origin.onset()).isEqualTo(H.plusSeconds(40 * 60));

        List<Ranking.Suspect> s = rank(t, origin, change("deploy", "m", 40, 1, "downstream", "a", "m"));
        assertThat(s.get(0).kind()).isEqualTo(SuspectKind.ANOMALY);
        assertThat(s.get(0).service()).isEqualTo("postgresql");
        assertThat(s.get(0).explanation())
                .contains(
                        "Errors originate at postgresql (the calls from o), 4 hops downstream; nothing changed there.");
        assertThat(s.get(1).service()).isEqualTo("m");
        assertThat(s.get(1).factors().get("origin")).isEqualTo(0.4);
        assertThat(s.get(1).explanation()).contains("Errors originate further down, at postgresql.");
    }

    @Test
    void aFailureThatBeganAMinuteBeforeTheBreachAfterEarlierIncidentsIsStillAnOrigin() {
        // issue 20: the demo's alert fires 45 s after the cause; earlier incidents left errors in the window.
        Traffic t = new Traffic();
        t.edge("a", "b")
                .minutes(0, 10, 20, 0, 20)
                .minutes(10, 20, 20, 5, 20)
                .minutes(20, 49, 20, 0, 20)
                .minutes(49, 60, 20, 10, 20);
        Origin origin =
                Origin.find("a", List.of(List.of("a", "b")), BREACH, WINDOW, t).orElseThrow();

        assertThat(origin.service()).isEqualTo("b");
        assertThat(origin.onset()).isEqualTo(H.plusSeconds(49 * 60));
    }

    @Test
    void anEarlierIncidentThatRecoveredIsNoOrigin() {
        // issue 20: a -> b failed from minute 38 to 46 and recovered; b -> c fails now. The origin is c, not below b.
        Traffic t = new Traffic();
        t.edge("a", "b").minutes(0, 60, 20, 0, 20);
        t.edge("b", "d").minutes(0, 38, 20, 0, 20).minutes(38, 46, 20, 10, 20).minutes(46, 60, 20, 0, 20);
        t.edge("b", "c").minutes(0, 49, 20, 0, 20).minutes(49, 60, 20, 10, 20);
        t.service("a").minutes(0, 49, 20, 0, 20).minutes(49, 60, 20, 10, 20);
        Origin origin = Origin.find(
                        "b", List.of(List.of("b", "d"), List.of("b", "c"), List.of("a", "b")), BREACH, WINDOW, t)
                .orElseThrow();

        assertThat(origin.service()).isEqualTo("c");
    }

    @Test
    void aRecoveredIncidentBelowTheFailingServiceIsNoOriginThoughItsCallsStillShowNoise() {
        // issue 20: the demo world's failing-dependency incident. b fails now (a -> b errors from minute 49); b -> c
        // failed from minute 38 to 46, recovered, and shows two errors in its latest minutes, as real traffic does.
        // The origin is b: an edge whose earlier failure is over is not followed down.
        Traffic t = new Traffic();
        t.edge("a", "b").minutes(0, 49, 20, 0, 20).minutes(49, 60, 20, 10, 20);
        t.edge("b", "c")
                .minutes(0, 38, 20, 0, 20)
                .minutes(38, 46, 20, 10, 20)
                .minutes(46, 49, 20, 0, 20)
                .minutes(49, 50, 20, 2, 20)
                .minutes(50, 60, 20, 0, 20);
        Origin origin = Origin.find("a", List.of(List.of("a", "b"), List.of("b", "c")), BREACH, WINDOW, t)
                .orElseThrow();

        assertThat(origin.service()).isEqualTo("b");
        assertThat(origin.caller()).isEqualTo("a");
        assertThat(origin.onset()).isEqualTo(H.plusSeconds(49 * 60));
    }

    @Test
    void noAnomalyWhenAChangeAtTheOriginExplainsIt() {
        Traffic t = chain(40, 10, 0.4, 20, 20);
        Origin origin = Origin.find("a", List.of(List.of("a", "m"), List.of("m", "b")), BREACH, WINDOW, t)
                .orElseThrow();
        assertThat(origin.service()).isEqualTo("b");

        List<Ranking.Suspect> s = rank(t, origin, change("deploy", "b", 40, 2, "downstream", "a", "m", "b"));
        assertThat(s).extracting(Ranking.Suspect::kind).containsExactly(SuspectKind.DEPLOY);
    }

    @Test
    void aChangeAtTheOriginLongBeforeItsFailureBeganDoesNotExplainIt() {
        // issue 20: b was scaled down 40 min before the breach (an earlier incident, recovered); b fails again now.
        Traffic t = new Traffic();
        t.service("a").minutes(0, 60, 20, 0, 20);
        t.edge("a", "b")
                .minutes(0, 10, 20, 0, 20)
                .minutes(10, 20, 20, 8, 20)
                .minutes(20, 49, 20, 0, 20)
                .minutes(49, 60, 20, 10, 20);
        Origin origin =
                Origin.find("a", List.of(List.of("a", "b")), BREACH, WINDOW, t).orElseThrow();
        List<Ranking.Suspect> s = rank(t, origin, scale("b", 10, ScaleEvent.Direction.DOWN, "a", "b"));

        assertThat(origin.onset()).isEqualTo(H.plusSeconds(49 * 60));
        assertThat(s.get(0).kind()).isEqualTo(SuspectKind.ANOMALY);
        assertThat(s.get(1).kind()).isEqualTo(SuspectKind.SCALE);
    }

    @Test
    void theBreachedServiceIsTheOriginWhenEverythingItCallsIsHealthy() {
        Traffic t = new Traffic();
        t.service("a").minutes(0, 40, 10, 0, 20).minutes(40, 60, 10, 5, 20);
        t.edge("a", "b").minutes(0, 60, 10, 0, 20);
        Origin origin =
                Origin.find("a", List.of(List.of("a", "b")), BREACH, WINDOW, t).orElseThrow();

        assertThat(origin.service()).isEqualTo("a");
        assertThat(origin.caller()).isNull();
        assertThat(origin.hops()).isZero();
        assertThat(Origin.find("b", List.of(), BREACH, WINDOW, t)).isEmpty();
    }

    @Test
    void abstainsWhenNoSuspectHasEvidence() {
        Traffic t = new Traffic();
        t.service("a").minutes(0, 60, 10, 0, 20);
        t.edge("a", "b").minutes(0, 60, 10, 0, 20);
        Ranking.Answer answer = Ranking.rank(
                List.of(change("deploy", "b", 45, 1, "downstream", "a", "b")), null, BREACH, WINDOW, t, 10);

        assertThat(answer.abstained()).isTrue();
        assertThat(answer.verdict()).contains("no suspect is decisive");
        assertThat(answer.suspects()).hasSize(1);

        Ranking.Answer decided = Ranking.rank(
                List.of(change("deploy", "b", 40, 2, "downstream", "a", "m", "b")),
                null,
                BREACH,
                WINDOW,
                chain(40, 10, 0.4, 20, 20),
                10);
        assertThat(decided.abstained()).isFalse();
        assertThat(decided.verdict()).isEqualTo("Likely cause: deploy of b (deploy b).");
    }

    // ---- helpers

    /** a -> m -> b at {@code perMinute} calls, failing {@code failing} and taking {@code msAfter} from {@code at}. */
    private static Traffic chain(int at, int perMinute, double failing, long msBefore, long msAfter) {
        Traffic t = new Traffic();
        int errors = (int) Math.round(perMinute * failing);
        for (String[] e : new String[][] {{"a", "m"}, {"m", "b"}}) {
            t.edge(e[0], e[1]).minutes(0, at, perMinute, 0, msBefore).minutes(at, 60, perMinute, errors, msAfter);
        }
        t.service("a").minutes(0, 60, perMinute, 0, msBefore);
        return t;
    }

    private static Ranking.Suspect only(Traffic t, Ranking.Change c) {
        return rank(t, null, c).get(0);
    }

    private static List<Ranking.Suspect> rank(Traffic t, Origin origin, Ranking.Change... changes) {
        return Ranking.rank(List.of(changes), origin, BREACH, WINDOW, t, 10).suspects();
    }

    private static Ranking.Change change(
            String kind, String service, int minute, int hops, String direction, String... path) {
        return new Ranking.Change(
                SuspectKind.of(kind),
                kind + " " + service,
                service,
                H.plusSeconds(60L * minute),
                hops,
                Direction.valueOf(direction.toUpperCase(Locale.ROOT)),
                path.length == 0 ? List.of("a", service) : List.of(path),
                kind + " " + service,
                null,
                null);
    }

    private static Ranking.Change scale(String service, int minute, ScaleEvent.Direction d, String... path) {
        return new Ranking.Change(
                SuspectKind.SCALE,
                "scale " + service,
                service,
                H.plusSeconds(60L * minute),
                path.length == 0 ? 0 : path.length - 1,
                path.length == 0 ? Direction.SELF : Direction.DOWNSTREAM,
                path.length == 0 ? List.of(service) : List.of(path),
                "SuccessfulRescale",
                d,
                null);
    }

    /** Per-minute calls, errors and latencies of services and edges over one hour from {@link #H}. */
    private static final class Traffic implements Ranking.HealthSource {

        private final Map<String, Minutes> subjects = new HashMap<>();

        Minutes service(String name) {
            return subjects.computeIfAbsent(name, k -> new Minutes());
        }

        Minutes edge(String source, String target) {
            return subjects.computeIfAbsent(source + "->" + target, k -> new Minutes());
        }

        @Override
        public Health service(String service, Instant from, Instant to) {
            Minutes m = subjects.get(service);
            return m == null ? Health.NONE : m.series().between(from, to);
        }

        @Override
        public Health edge(String source, String target, Instant from, Instant to) {
            Minutes m = subjects.get(source + "->" + target);
            return m == null ? Health.NONE : m.series().between(from, to);
        }
    }

    private static final class Minutes {
        private final long[] calls = new long[TrafficWindow.MINUTES];
        private final long[] errors = new long[TrafficWindow.MINUTES];
        private final long[] latency = new long[TrafficWindow.MINUTES * Latency.BUCKETS];

        /** {@code perMinute} calls a minute in {@code [from, to)}, {@code failing} of them errors, each {@code ms}. */
        Minutes minutes(int from, int to, int perMinute, int failing, long ms) {
            for (int m = from; m < to; m++) {
                calls[m] = perMinute;
                errors[m] = failing;
                for (int b = 0; b < Latency.BUCKETS; b++) {
                    latency[m * Latency.BUCKETS + b] = 0;
                }
                latency[m * Latency.BUCKETS + Latency.bucketOf(ms * 1000)] = perMinute;
            }
            return this;
        }

        /** Makes {@code n} calls of minute {@code m} take {@code ms}. */
        Minutes slow(int m, int n, long ms) {
            for (int b = 0; b < Latency.BUCKETS && n > 0; b++) {
                long moved = Math.min(n, latency[m * Latency.BUCKETS + b]);
                latency[m * Latency.BUCKETS + b] -= moved;
                latency[m * Latency.BUCKETS + Latency.bucketOf(ms * 1000)] += moved;
                n -= (int) moved;
            }
            return this;
        }

        Minutes errors(int m, int n) {
            errors[m] = n;
            return this;
        }

        Health.Series series() {
            return Health.Series.of(List.of(new Health.Hour(H, calls, errors, latency)));
        }
    }
}
