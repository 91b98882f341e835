package dev.srekg.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.deploys.Deployment;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploysParserTest {

    private final DeploysParser parser = new DeploysParser();

    @Test
    void parsesABareServiceDeployedEvent() {
        Deployment d = deployment(parse(Fixtures.bytes("cdevents/service-deployed.json"), Map.of()));

        assertThat(d.key())
                .isEqualTo("/tekton/prod/pipelinerun/checkout-release-1842 271069a8-fc18-44f1-b38f-9d70a1695819");
        assertThat(d.service()).isEqualTo("checkout");
        assertThat(d.environment()).isEqualTo("prod");
        assertThat(d.action()).isEqualTo(Deployment.Action.DEPLOYED);
        assertThat(d.version()).isEqualTo("sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427");
        assertThat(d.at()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
    }

    @Test // issue 24
    void readsTheTimeOfTheShippedChangeFromCustomData() {
        Deployment d = deployment(parse(Fixtures.bytes("cdevents/service-deployed-with-change-time.json"), Map.of()));

        assertThat(d.service()).isEqualTo("cart");
        assertThat(d.changedAt()).isEqualTo(Instant.parse("2026-11-20T09:10:00Z"));
    }

    @Test // issue 24
    void aDeployWithoutChangeTimeHasNone() {
        assertThat(deployment(parse(Fixtures.bytes("cdevents/service-deployed.json"), Map.of()))
                        .changedAt())
                .isNull();
    }

    @Test // issue 24
    void aChangeTimeAfterTheDeployIsRejectedWithTheReason() {
        String event = new String(
                        Fixtures.bytes("cdevents/service-deployed-with-change-time.json"), StandardCharsets.UTF_8)
                .replace("2026-11-20T09:10:00Z", "2026-11-20T13:00:00Z");

        assertThat(parse(event.getBytes(StandardCharsets.UTF_8), Map.of()))
                .isInstanceOfSatisfying(
                        ParseResult.Rejected.class, r -> assertThat(r.reason()).contains("changedAt"));
    }

    @Test // issue 24
    void srekgAndPagerDutyDeploysCarryTheirChangeTime() {
        String srekg =
                "{\"srekg\": \"deploy\", \"id\": \"d-1\", \"service\": \"cart\", \"at\": \"2026-11-20T12:00:00Z\","
                        + " \"changedAt\": \"2026-11-20T11:00:00Z\"}";
        assertThat(deployment(parse(srekg.getBytes(StandardCharsets.UTF_8), Map.of()))
                        .changedAt())
                .isEqualTo(Instant.parse("2026-11-20T11:00:00Z"));
        String pagerDuty = new String(Fixtures.bytes("pagerduty/change-event.json"), StandardCharsets.UTF_8)
                .replace("\"custom_details\": {", "\"custom_details\": {\"changed_at\": \"2026-11-20T08:00:00Z\", ");
        assertThat(deployment(parse(pagerDuty.getBytes(StandardCharsets.UTF_8), Map.of()))
                        .changedAt())
                .isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
    }

    @Test
    void parsesACloudEventInBinaryModeFromItsHeaders() {
        Map<String, String> headers = Map.of(
                "ce_specversion", "1.0",
                "ce_id", "271069a8-fc18-44f1-b38f-9d70a1695819",
                "ce_source", "/tekton/prod/pipelinerun/checkout-release-1842",
                "ce_type", "dev.cdevents.service.deployed.0.2.0",
                "content-type", "application/json");

        Deployment d = deployment(parse(Fixtures.bytes("cdevents/service-deployed.json"), headers));

        assertThat(d.service()).isEqualTo("checkout");
        assertThat(d.action()).isEqualTo(Deployment.Action.DEPLOYED);
    }

    @Test
    void parsesACloudEventInStructuredMode() {
        Deployment d = deployment(parse(
                Fixtures.bytes("cdevents/service-upgraded-structured.json"),
                Map.of("content-type", "application/cloudevents+json; charset=UTF-8")));

        assertThat(d.service()).isEqualTo("payment");
        assertThat(d.action()).isEqualTo(Deployment.Action.UPGRADED);
        assertThat(d.version()).isEqualTo("2.7.1");
        assertThat(d.at()).isEqualTo(Instant.parse("2026-11-20T11:02:30Z"));
    }

    @Test
    void readsTimestampsWithAnOffsetAsTheSameInstant() {
        Deployment d = deployment(parse(Fixtures.bytes("cdevents/service-rolledback.json"), Map.of()));

        assertThat(d.action()).isEqualTo(Deployment.Action.ROLLED_BACK);
        assertThat(d.at()).isEqualTo(Instant.parse("2026-11-20T11:30:00Z"));
        assertThat(d.version()).isEqualTo("1.4.1");
    }

    @Test
    void matchesTypesOnTheirPrefixWhateverTheVersionSuffix() {
        String event = new String(Fixtures.bytes("cdevents/service-deployed.json"), StandardCharsets.UTF_8)
                .replace("dev.cdevents.service.deployed.0.2.0", "dev.cdevents.service.deployed.0.3.0-draft");

        assertThat(deployment(parse(event.getBytes(StandardCharsets.UTF_8), Map.of()))
                        .action())
                .isEqualTo(Deployment.Action.DEPLOYED);
    }

    @Test
    void skipsWellFormedCdEventsOfOtherTypes() {
        assertThat(parse(Fixtures.bytes("cdevents/pipelinerun-finished.json"), Map.of()))
                .isInstanceOfSatisfying(
                        ParseResult.Skipped.class,
                        s -> assertThat(s.reason()).contains("dev.cdevents.pipelinerun.finished"));
    }

    @Test
    void rejectsMissingRequiredFieldsNamingTheField() {
        assertThat(reason(Fixtures.bytes("cdevents/missing-subject.json")))
                .isEqualTo("missing required field subject.id");
    }

    @Test
    void rejectsWrongTypes() {
        assertThat(reason(Fixtures.bytes("cdevents/wrong-type-id.json")))
                .isEqualTo("field context.id must be a string");
    }

    @Test
    void rejectsTimestampsThatAreNotRfc3339() {
        assertThat(reason(Fixtures.bytes("cdevents/bad-timestamp.json")))
                .isEqualTo("context.timestamp is not an RFC 3339 timestamp: yesterday afternoon");
    }

    @Test
    void rejectsTruncatedJson() {
        assertThat(reason(Fixtures.bytes("cdevents/truncated.json"))).startsWith("malformed JSON");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(reason(bytes)).startsWith("malformed JSON").containsIgnoringCase("UTF-8");
    }

    @Test
    void rejectsEmptyValuesAndNonObjects() {
        assertThat(reason(new byte[0])).isEqualTo("empty value");
        assertThat(reason("[1,2]".getBytes(StandardCharsets.UTF_8))).isEqualTo("expected a JSON object");
        assertThat(reason("{} trailing".getBytes(StandardCharsets.UTF_8))).startsWith("malformed JSON");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutExhaustingTheStack() {
        String nested = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThat(reason(nested.getBytes(StandardCharsets.UTF_8)))
                .startsWith("malformed JSON")
                .contains("depth");
    }

    @Test
    void rejectsHugeStringValues() {
        String huge = "{\"context\":{\"type\":\"" + "x".repeat(2_000_000) + "\"}}";
        assertThat(reason(huge.getBytes(StandardCharsets.UTF_8)))
                .startsWith("malformed JSON")
                .contains("length");
    }

    @Test
    void rejectsJsonThatIsNotACdEvent() {
        assertThat(reason("{\"context\":{\"type\":\"com.example.build\"}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("not a CDEvent: context.type is com.example.build");
    }

    @Test
    void extractsVersionsFromPackageUrls() {
        assertThat(CdEvents.versionOf("pkg:oci/checkout@sha256%3Aab12?repository_url=x"))
                .isEqualTo("sha256:ab12");
        assertThat(CdEvents.versionOf("pkg:maven/dev.shop/cart@3.1.0#sub")).isEqualTo("3.1.0");
        assertThat(CdEvents.versionOf("pkg:oci/checkout")).isEmpty();
        assertThat(CdEvents.versionOf("")).isEmpty();
    }

    @Test
    void namesTheServiceFromSubjectId() {
        assertThat(CdEvents.serviceName("service/checkout")).isEqualTo("checkout");
        assertThat(CdEvents.serviceName("checkout")).isEqualTo("checkout");
    }

    @Test
    void parsesPagerDutyChangeEventsWithoutKeepingTheRoutingKey() {
        Deployment d = deployment(parse(Fixtures.bytes("pagerduty/change-event.json"), Map.of()));

        assertThat(d.service()).isEqualTo("cart");
        assertThat(d.version()).isEqualTo("5.2.0");
        assertThat(d.summary()).isEqualTo("Build #5120 deployed cart 5.2.0 to production");
        assertThat(d.at()).isEqualTo(Instant.parse("2026-11-20T09:40:00Z"));
        assertThat(d.key()).startsWith("pagerduty cart 2026-11-20T09:40:00Z ").doesNotContain("R0UT1NG");
        assertThat(deployment(parse(Fixtures.bytes("pagerduty/change-event.json"), Map.of()))
                        .key())
                .isEqualTo(d.key());
    }

    @Test
    void parsesSrekgOwnDeployJson() {
        Deployment d = deployment(parse(Fixtures.bytes("srekg/deploy.json"), Map.of()));

        assertThat(d.key()).isEqualTo("srekg deploy-7781");
        assertThat(d.service()).isEqualTo("currency");
        assertThat(d.action()).isEqualTo(Deployment.Action.ROLLED_BACK);
        assertThat(d.version()).isEqualTo("3.0.1");
    }

    @Test
    void rejectsSrekgJsonOfAnotherStream() {
        assertThat(reason("{\"srekg\":\"ticket\",\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("srekg record of kind 'ticket' on the deploys stream");
    }

    private ParseResult parse(byte[] value, Map<String, String> headers) {
        return parser.parse(new IncomingRecord("sre.deploys", 0, 7L, value, headers));
    }

    private String reason(byte[] value) {
        ParseResult result = parse(value, Map.of());
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }

    private static Deployment deployment(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        var events = ((ParseResult.Parsed) result).events();
        assertThat(events).hasSize(1).first().isInstanceOf(Deployment.class);
        return (Deployment) events.get(0);
    }
}
