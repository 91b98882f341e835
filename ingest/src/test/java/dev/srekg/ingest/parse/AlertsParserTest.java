package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.events;
import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.rejection;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static dev.srekg.ingest.parse.ParserAssertions.skip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.slo.Breach;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertsParserTest {

    private final AlertsParser parser = new AlertsParser(IdentityRules.DEFAULTS);

    @Test
    void firingSlothAlertIsAnOpenBreachOfItsSlo() {
        Breach b = single(parse(parser, Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of()), Breach.class);

        assertThat(b.key()).isEqualTo("a1b2c3d4e5f60718 2026-11-20T10:30:00Z");
        assertThat(b.service()).isEqualTo("checkout");
        assertThat(b.slo()).isEqualTo("requests-availability");
        assertThat(b.generator()).isEqualTo("sloth");
        assertThat(b.severity()).isEqualTo("page");
        assertThat(b.team()).isEqualTo("payments");
        assertThat(b.startsAt()).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
        assertThat(b.endsAt()).isNull();
        assertThat(b.summary()).startsWith("High error budget burn");
    }

    @Test
    void resolvedAlertHasTheSameKeyAndAnEnd() {
        Breach firing = single(parse(parser, Fixtures.bytes("alertmanager/sloth-firing.json"), Map.of()), Breach.class);
        Breach resolved =
                single(parse(parser, Fixtures.bytes("alertmanager/sloth-resolved.json"), Map.of()), Breach.class);

        assertThat(resolved.key()).isEqualTo(firing.key());
        assertThat(resolved.endsAt()).isEqualTo(Instant.parse("2026-11-20T11:05:00Z"));
    }

    @Test
    void recognisesPyrraGrafanaAndGenericLabelsAndSkipsAlertsWithoutService() {
        List<ChangeEvent> events =
                events(parse(parser, Fixtures.bytes("alertmanager/pyrra-grafana-generic.json"), Map.of()));

        assertThat(events).hasSize(3).allMatch(e -> e instanceof Breach);
        Breach pyrra = (Breach) events.get(0);
        assertThat(pyrra.service()).isEqualTo("cart");
        assertThat(pyrra.generator()).isEqualTo("pyrra");
        assertThat(pyrra.slo()).isEqualTo("cart-errors");
        Breach grafana = (Breach) events.get(1);
        assertThat(grafana.service()).isEqualTo("payment");
        assertThat(grafana.generator()).isEqualTo("grafana");
        assertThat(grafana.slo()).isEqualTo("kf3j2h1g");
        assertThat(grafana.severity()).isEqualTo("warning");
        assertThat(grafana.key()).doesNotStartWith(" ").endsWith(" 2026-11-20T10:32:00.123456789Z");
        Breach generic = (Breach) events.get(2);
        assertThat(generic.service()).isEqualTo("shipping");
        assertThat(generic.generator()).isEqualTo("alertmanager");
        assertThat(generic.slo()).isEqualTo("HighLatency");
    }

    @Test
    void payloadWhereNoAlertNamesAServiceIsSkipped() {
        String watchdog = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
                + "\"labels\":{\"alertname\":\"Watchdog\"},\"startsAt\":\"2026-11-20T00:00:00Z\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\"}]}";
        assertThat(skip(parse(parser, watchdog.getBytes(StandardCharsets.UTF_8), Map.of())))
                .startsWith("no alert names a service");
    }

    @Test
    void srekgBreachJson() {
        Breach b = single(parse(parser, Fixtures.bytes("srekg/breach.json"), Map.of()), Breach.class);

        assertThat(b.service()).isEqualTo("frontend");
        assertThat(b.endsAt()).isEqualTo(Instant.parse("2026-11-20T13:40:00Z"));
        assertThat(b.team()).isEqualTo("web");
    }

    @Test
    void rejectsPayloadsWithoutAlertsOrWithBadTimes() {
        assertThat(rejection(parse(parser, "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("missing required field alerts");
        String badTime = new String(Fixtures.bytes("alertmanager/sloth-firing.json"), StandardCharsets.UTF_8)
                .replace("2026-11-20T10:30:00Z", "half past ten");
        assertThat(rejection(parse(parser, badTime.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("alerts[0].startsAt is not an RFC 3339 timestamp: half past ten");
        assertThat(rejection(
                        parse(parser, "{\"version\":\"3\",\"alerts\":[]}".getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("unsupported Alertmanager webhook version 3");
    }

    @Test
    void rejectsAResolvedAlertThatEndsBeforeItStarts() {
        String backwards = new String(Fixtures.bytes("alertmanager/sloth-resolved.json"), StandardCharsets.UTF_8)
                .replace("2026-11-20T11:05:00Z", "2026-11-20T09:00:00Z");
        assertThat(rejection(parse(parser, backwards.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("invalid event: endsAt must not be before startsAt");
    }

    @Test
    void rejectsLabelsThatAreNotStrings() {
        String bad = new String(Fixtures.bytes("alertmanager/sloth-firing.json"), StandardCharsets.UTF_8)
                .replace("\"category\": \"availability\"", "\"category\": 7");
        assertThat(rejection(parse(parser, bad.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("alerts[0].labels.category must be a string");
    }
}
