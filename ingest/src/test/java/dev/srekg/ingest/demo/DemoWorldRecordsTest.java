package dev.srekg.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.DemoWorld;
import dev.srekg.demo.Estate;
import dev.srekg.graph.catalog.CatalogEntity;
import dev.srekg.graph.catalog.CatalogKind;
import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.config.ConfigChange;
import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.tickets.Ticket;
import dev.srekg.ingest.parse.AlertsParser;
import dev.srekg.ingest.parse.CatalogParser;
import dev.srekg.ingest.parse.ChangeRules;
import dev.srekg.ingest.parse.ChangesParser;
import dev.srekg.ingest.parse.DeploysParser;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.parse.IncomingRecord;
import dev.srekg.ingest.parse.ParseResult;
import dev.srekg.ingest.parse.RecordParser;
import dev.srekg.ingest.parse.ScalingParser;
import dev.srekg.ingest.parse.TicketsParser;
import dev.srekg.ingest.traces.OtlpSpans;
import dev.srekg.ingest.traces.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Everything the demo world writes is read by srekg's own parsers, as the production path reads it. */
class DemoWorldRecordsTest {

    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    private static final Map<DemoWorld.Stream, RecordParser> PARSERS = Map.of(
            DemoWorld.Stream.DEPLOYS, new DeploysParser(),
            DemoWorld.Stream.SCALING, new ScalingParser(IdentityRules.DEFAULTS),
            DemoWorld.Stream.TICKETS, new TicketsParser(IdentityRules.DEFAULTS),
            DemoWorld.Stream.ALERTS, new AlertsParser(IdentityRules.DEFAULTS),
            DemoWorld.Stream.CATALOG, new CatalogParser(),
            DemoWorld.Stream.CHANGES, new ChangesParser(ChangeRules.DEFAULTS));

    private static final Estate ESTATE = Estate.shop();
    private static final Map<DemoWorld.Stream, List<Object>> parsed = new EnumMap<>(DemoWorld.Stream.class);
    private static final List<JsonNode> truths = new ArrayList<>();
    private static int records;

    /** Two hours of the shop at two requests a second, an incident every ten minutes. */
    @BeforeAll
    static void runTheWorld() {
        DemoWorld.Settings settings = new DemoWorld.Settings(
                2,
                Duration.ofSeconds(20),
                Duration.ofMinutes(10),
                Duration.ofMinutes(3),
                Duration.ofMinutes(2),
                Duration.ofMinutes(7));
        DemoWorld world = new DemoWorld(ESTATE, settings, 7, START);
        JsonMapper json = JsonMapper.builder().build();
        for (int second = 1; second <= 7200; second++) {
            for (DemoWorld.Emitted e : world.advance(START.plusSeconds(second))) {
                records++;
                List<Object> into = parsed.computeIfAbsent(e.stream(), s -> new ArrayList<>());
                switch (e.stream()) {
                    case SPANS -> into.addAll(OtlpSpans.parse(OtlpSpans.Encoding.OTLP_PROTO, e.value()));
                    case TRUTH -> truths.add(json.readTree(e.value()));
                    default -> {
                        ParseResult result =
                                PARSERS.get(e.stream()).parse(new IncomingRecord("t", 0, records, e.value(), Map.of()));
                        assertThat(result)
                                .as(e.stream() + " " + new String(e.value()))
                                .isInstanceOf(ParseResult.Parsed.class);
                        into.addAll(((ParseResult.Parsed) result).events());
                    }
                }
            }
        }
    }

    @Test // issue 18
    void theCatalogDescribesEveryServiceWithItsTeamAndRunbookAndDeclaresItsCalls() {
        List<CatalogEntity> catalog = parsed.get(DemoWorld.Stream.CATALOG).stream()
                .map(CatalogEntity.class::cast)
                .toList();
        assertThat(catalog)
                .filteredOn(e -> e.kind() == CatalogKind.COMPONENT)
                .hasSize(ESTATE.services().size())
                .allSatisfy(e -> assertThat(e.owner())
                        .isEqualTo(ESTATE.services().get(e.service()).team()))
                .allSatisfy(e -> assertThat(e.links())
                        .anySatisfy(l -> assertThat(l.runbook()).isTrue()));
        assertThat(catalog)
                .filteredOn(e -> e.kind() == CatalogKind.GROUP)
                .allSatisfy(g -> assertThat(g.slackChannel()).isEqualTo("#" + g.name() + "-oncall"));
        CatalogEntity checkout = catalog.stream()
                .filter(e -> e.service().equals("checkout"))
                .findFirst()
                .orElseThrow();
        assertThat(checkout.dependsOn()).contains("payment", "cart");
    }

    @Test
    void everyChangeRecordParsesIntoEventsOfTheEstatesServices() {
        Set<String> services = ESTATE.services().keySet();
        assertThat(parsed.get(DemoWorld.Stream.DEPLOYS))
                .hasSizeGreaterThan(services.size() + 20)
                .allSatisfy(d -> assertThat(((Deployment) d).service()).isIn(services))
                .allSatisfy(d -> assertThat(((Deployment) d).version()).matches("1\\.\\d+\\.0"));
        assertThat(parsed.get(DemoWorld.Stream.SCALING))
                .hasSizeGreaterThan(30)
                .allSatisfy(s -> assertThat(((ScaleEvent) s).service()).isIn(services))
                .anySatisfy(s -> assertThat(((ScaleEvent) s).direction()).isEqualTo(ScaleEvent.Direction.UP))
                .anySatisfy(s -> assertThat(((ScaleEvent) s).direction()).isEqualTo(ScaleEvent.Direction.DOWN));
        List<Object> tickets = parsed.get(DemoWorld.Stream.TICKETS);
        assertThat(tickets)
                .allSatisfy(t -> assertThat(((Ticket) t).services()).isSubsetOf(services))
                .anySatisfy(t -> assertThat(((Ticket) t).system()).isEqualTo("jira"))
                .anySatisfy(t -> assertThat(((Ticket) t).system()).isEqualTo("github"))
                .anySatisfy(t -> assertThat(((Ticket) t).closedAt()).isNotNull());
        assertThat(parsed.get(DemoWorld.Stream.ALERTS))
                .allSatisfy(b -> assertThat(((Breach) b).generator()).isEqualTo("sloth"));
    }

    @Test // issue 24
    void deploysSayWhenTheirChangeWasMadeAndRollbacksDoNot() {
        List<Deployment> deploys = parsed.get(DemoWorld.Stream.DEPLOYS).stream()
                .map(Deployment.class::cast)
                .toList();
        assertThat(deploys)
                .filteredOn(d -> d.action() == Deployment.Action.DEPLOYED)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(Duration.between(d.changedAt(), d.at()))
                        .isBetween(Duration.ofMinutes(20), Duration.ofDays(2)));
        assertThat(deploys)
                .filteredOn(d -> d.action() == Deployment.Action.ROLLED_BACK)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.changedAt()).isNull());
    }

    @Test
    void spansCoverEveryCallPathOfTheEstate() {
        List<Object> spans = parsed.get(DemoWorld.Stream.SPANS);
        assertThat(spans).hasSizeGreaterThan(100_000);
        Set<String> services = new HashSet<>();
        Set<String> peers = new HashSet<>();
        Set<Integer> kinds = new HashSet<>();
        long errors = 0;
        for (Object o : spans) {
            SpanData s = (SpanData) o;
            services.add(s.service());
            kinds.add(s.kind());
            if (!s.peer().isEmpty()) {
                peers.add(s.peer());
            }
            errors += s.error() ? 1 : 0;
        }
        assertThat(services).isEqualTo(ESTATE.services().keySet());
        assertThat(peers).contains("valkey-cart", "postgres");
        assertThat(kinds).contains(SpanData.SERVER, SpanData.CLIENT, SpanData.PRODUCER, SpanData.CONSUMER);
        assertThat((double) errors / spans.size()).isBetween(0.001, 0.2);
    }

    @Test
    void eachIncidentsTruthNamesItsCauseAndABreachThatSrekgReads() {
        assertThat(truths).hasSizeBetween(10, 12);
        assertThat(truths.stream().map(t -> t.path("class").asString()).distinct())
                .containsExactlyInAnyOrder(
                        "BAD_DEPLOY", "LATENCY", "SCALE_DOWN", "FAILING_DEPENDENCY", "CALLER_SURGE", "BAD_FLAG");
        for (JsonNode truth : truths) {
            JsonNode cause = truth.path("cause");
            String causeId = cause.path("id").asString();
            String victim = truth.path("service").asString();
            Instant breachAt = Instant.parse(truth.path("breachAt").asString());
            switch (cause.path("kind").asString()) {
                case "deploy" ->
                    assertThat(parsed.get(DemoWorld.Stream.DEPLOYS))
                            .as(truth.toString())
                            .anySatisfy(d -> {
                                assertThat(((Deployment) d).key()).isEqualTo(causeId);
                                assertThat(((Deployment) d).service())
                                        .isEqualTo(cause.path("service").asString());
                            });
                case "scale" ->
                    assertThat(parsed.get(DemoWorld.Stream.SCALING))
                            .as(truth.toString())
                            .anySatisfy(e -> {
                                assertThat(((ScaleEvent) e).key()).isEqualTo(causeId);
                                assertThat(((ScaleEvent) e).service())
                                        .isEqualTo(cause.path("service").asString());
                                assertThat(((ScaleEvent) e).direction()).isEqualTo(ScaleEvent.Direction.DOWN);
                            });
                case "flag" ->
                    // issue 16: a LaunchDarkly webhook turning on a flag tagged with the cause's service.
                    assertThat(parsed.get(DemoWorld.Stream.CHANGES))
                            .as(truth.toString())
                            .anySatisfy(c -> {
                                assertThat(((ConfigChange) c).key()).isEqualTo(causeId);
                                assertThat(((ConfigChange) c).kind()).isEqualTo(ConfigChange.Kind.FLAG);
                                assertThat(((ConfigChange) c).services())
                                        .containsExactly(cause.path("service").asString());
                            });
                case "anomaly" ->
                    assertThat(causeId)
                            .startsWith("anomaly ")
                            .endsWith(cause.path("service").asString());
                default -> throw new AssertionError("unknown cause kind in " + truth);
            }
            List<ChangeEvent> breaches = parsed.get(DemoWorld.Stream.ALERTS).stream()
                    .map(ChangeEvent.class::cast)
                    .filter(b -> ((Breach) b).service().equals(victim)
                            && ((Breach) b).startsAt().equals(breachAt))
                    .toList();
            assertThat(breaches).as(truth.toString()).hasSize(2);
            assertThat(breaches)
                    .anySatisfy(b -> assertThat(((Breach) b).endsAt()).isNotNull());
            // A failing database sits one hop below the last service of the chain.
            assertThat(truth.path("hops").asInt()).isBetween(1, 4);
        }
    }

    @Test
    void noRoutineDeployTouchesAnIncidentsPathWhileItLasts() {
        for (JsonNode truth : truths) {
            // A caller surge's path runs up from the victim: "cart <- frontend".
            List<String> path = List.of(truth.path("path").asString().split(" -> | <- "));
            Instant causeAt = Instant.parse(truth.path("cause").path("at").asString());
            // The story: the incident starts 25 s before its cause, which is undone 360 s after it.
            Instant from = causeAt.minusSeconds(25);
            Instant rollback = causeAt.plusSeconds(360);
            List<String> expected = truth.path("cause").path("kind").asString().equals("deploy")
                    ? List.of(truth.path("cause").path("id").asString())
                    : List.of();
            assertThat(parsed.get(DemoWorld.Stream.DEPLOYS))
                    .as(truth.toString())
                    .map(Deployment.class::cast)
                    .filteredOn(d -> path.contains(d.service()) && !d.at().isBefore(from) && d.at().isBefore(rollback))
                    .extracting(Deployment::key)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theEstateKeepsTheOrderOfItsServicesSoTheSameSeedMakesTheSameWorldInAnyJvm() {
        assertThat(ESTATE.services().keySet())
                .startsWith("frontend-proxy", "image-provider", "frontend", "ad", "recommendation", "product-catalog");
        assertThat(ESTATE.sloServices()).containsExactly("frontend-proxy", "frontend", "checkout", "cart", "shipping");
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        DemoWorld a = new DemoWorld(ESTATE, DemoWorld.Settings.DEFAULTS, 3, START);
        DemoWorld b = new DemoWorld(ESTATE, DemoWorld.Settings.DEFAULTS, 3, START);
        for (int second = 1; second <= 120; second++) {
            List<DemoWorld.Emitted> x = a.advance(START.plusSeconds(second));
            List<DemoWorld.Emitted> y = b.advance(START.plusSeconds(second));
            assertThat(x).hasSameSizeAs(y);
            for (int i = 0; i < x.size(); i++) {
                assertThat(x.get(i).value()).isEqualTo(y.get(i).value());
            }
        }
    }
}
