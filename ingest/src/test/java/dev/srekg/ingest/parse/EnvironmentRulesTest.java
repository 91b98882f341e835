package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.tickets.Ticket;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each producer's own field names the environment of a record's service, else the default does (issue 15). */
class EnvironmentRulesTest {

    private static final IdentityRules STAGING_DEFAULT = rules(new IdentityRules.Environments(
            "staging", List.of("env", "environment"), "env:", Map.of("shop-qa", "qa", "eu-test", "test"), "eu-test"));

    @Test
    void anAlertLabelNamesTheEnvironmentElseTheDefaultDoes() {
        String firing = new String(Fixtures.bytes("alertmanager/sloth-firing.json"), StandardCharsets.UTF_8);
        String labelled =
                firing.replace("\"sloth_service\": \"checkout\",", "\"sloth_service\": \"checkout\", \"env\": \"qa\",");

        assertThat(breach(new AlertsParser(IdentityRules.DEFAULTS), firing).environment())
                .isEqualTo("prod");
        assertThat(breach(new AlertsParser(STAGING_DEFAULT), firing).environment())
                .isEqualTo("staging");
        assertThat(breach(new AlertsParser(IdentityRules.DEFAULTS), labelled).environment())
                .isEqualTo("qa");
    }

    @Test
    void aCdEventNamesItsEnvironmentAndOneWithoutLandsInTheDefault() {
        String deployed = new String(Fixtures.bytes("cdevents/service-deployed.json"), StandardCharsets.UTF_8);
        String staging = deployed.replace("\"id\": \"prod\",", "\"id\": \"staging\",");
        String none = deployed.replace("\"id\": \"prod\",", "\"id\": \"\",");

        assertThat(deploy(new DeploysParser(), staging).environment()).isEqualTo("staging");
        assertThat(deploy(new DeploysParser(), none).environment()).isEqualTo("prod");
        assertThat(deploy(new DeploysParser(STAGING_DEFAULT.environments()), none)
                        .environment())
                .isEqualTo("staging");
    }

    @Test
    void aKubernetesNamespaceMapsToItsEnvironmentElseTheClusterDoes() {
        String rescale = new String(Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), StandardCharsets.UTF_8);
        String qa = rescale.replace("\"namespace\": \"shop\"", "\"namespace\": \"shop-qa\"");

        ScaleEvent inQa = scale(new ScalingParser(STAGING_DEFAULT), qa);
        ScaleEvent byCluster = scale(new ScalingParser(STAGING_DEFAULT), rescale);
        ScaleEvent byDefault = scale(new ScalingParser(IdentityRules.DEFAULTS), rescale);

        assertThat(inQa.environment()).isEqualTo("qa");
        assertThat(inQa.cluster()).isEqualTo("eu-test");
        assertThat(byCluster.environment()).isEqualTo("test");
        assertThat(byDefault.environment()).isEqualTo("prod");
        assertThat(byDefault.cluster()).isEmpty();
    }

    @Test
    void aTicketLabelNamesTheEnvironment() {
        String opened = new String(Fixtures.bytes("github/issue-opened.json"), StandardCharsets.UTF_8)
                .replace("{\"id\": 2, \"name\": \"incident\"}", "{\"id\": 2, \"name\": \"env:staging\"}");

        Ticket t = single(
                parse(new TicketsParser(IdentityRules.DEFAULTS), bytes(opened), Map.of("X-GitHub-Event", "issues")),
                Ticket.class);

        assertThat(t.environment()).isEqualTo("staging");
        assertThat(t.services()).containsExactly("shipping-service");
    }

    private static IdentityRules rules(IdentityRules.Environments environments) {
        IdentityRules d = IdentityRules.DEFAULTS;
        return new IdentityRules(
                d.kubernetesNames(),
                d.ticketLabelPrefix(),
                d.ticketComponents(),
                d.repositories(),
                d.alertServiceLabels(),
                environments,
                d.serviceNamespace());
    }

    private static Breach breach(RecordParser parser, String json) {
        return single(parse(parser, bytes(json), Map.of()), Breach.class);
    }

    private static Deployment deploy(RecordParser parser, String json) {
        return single(parse(parser, bytes(json), Map.of()), Deployment.class);
    }

    private static ScaleEvent scale(RecordParser parser, String json) {
        return single(parse(parser, bytes(json), Map.of()), ScaleEvent.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
