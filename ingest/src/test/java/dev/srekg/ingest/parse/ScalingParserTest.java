package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.rejection;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static dev.srekg.ingest.parse.ParserAssertions.skip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingParserTest {

    private final ScalingParser parser = new ScalingParser(IdentityRules.DEFAULTS);

    @Test
    void hpaRescaleGivesTheNewSizeAndDirection() {
        ScaleEvent e = single(
                parse(parser, Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), Map.of()), ScaleEvent.class);

        assertThat(e.key()).isEqualTo("4c5b8a43-2f5e-4a51-9c1d-8f0a2b6e7d11#1");
        assertThat(e.service()).isEqualTo("checkout");
        assertThat(e.namespace()).isEqualTo("shop");
        assertThat(e.source()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(e.replicas()).isEqualTo(5);
        assertThat(e.direction()).isEqualTo(ScaleEvent.Direction.UP);
        assertThat(e.failed()).isFalse();
        assertThat(e.at()).isEqualTo(Instant.parse("2026-11-20T10:20:00Z"));
    }

    @Test
    void failedRescaleIsAFailedScaleEventKeyedByOccurrence() {
        ScaleEvent e =
                single(parse(parser, Fixtures.bytes("kubernetes/hpa-failed-rescale.json"), Map.of()), ScaleEvent.class);

        assertThat(e.failed()).isTrue();
        assertThat(e.key()).endsWith("#3");
        assertThat(e.at()).isEqualTo(Instant.parse("2026-11-20T10:31:00Z"));
        assertThat(e.message()).contains("insufficient quota");
    }

    @Test
    void hpaNamesMapToServicesByConfiguration() {
        ScalingParser mapped = new ScalingParser(
                new IdentityRules(Map.of("cart-hpa", "cart"), "service:", true, Map.of(), List.of("service")));

        ScaleEvent e =
                single(parse(mapped, Fixtures.bytes("kubernetes/hpa-failed-rescale.json"), Map.of()), ScaleEvent.class);

        assertThat(e.service()).isEqualTo("cart");
    }

    @Test
    void aNamespacedIdentityQualifiesTheServiceByTheObjectsNamespace() { // issue 15
        IdentityRules d = IdentityRules.DEFAULTS;
        ScalingParser namespaced = new ScalingParser(new IdentityRules(
                d.kubernetesNames(),
                d.ticketLabelPrefix(),
                d.ticketComponents(),
                d.repositories(),
                d.alertServiceLabels(),
                d.environments(),
                IdentityRules.ServiceNamespace.IDENTITY));

        ScaleEvent e = single(
                parse(namespaced, Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), Map.of()),
                ScaleEvent.class);

        assertThat(e.service()).isEqualTo("shop.checkout");
        assertThat(e.namespace()).isEqualTo("shop");
        assertThat(single(
                                parse(parser, Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), Map.of()),
                                ScaleEvent.class)
                        .service())
                .as("by default the namespace is an attribute")
                .isEqualTo("checkout");
    }

    @Test
    void deploymentScalingGivesBothReplicaCounts() {
        ScaleEvent e =
                single(parse(parser, Fixtures.bytes("kubernetes/deployment-scaled.json"), Map.of()), ScaleEvent.class);

        assertThat(e.service()).isEqualTo("payment");
        assertThat(e.direction()).isEqualTo(ScaleEvent.Direction.DOWN);
        assertThat(e.replicas()).isEqualTo(2);
        assertThat(e.previousReplicas()).isEqualTo(3);
    }

    @Test
    void olderScaledUpMessageWithoutPreviousCount() {
        String event = new String(Fixtures.bytes("kubernetes/deployment-scaled.json"), StandardCharsets.UTF_8)
                .replace(
                        "Scaled down replica set payment-6b8f9c7d4 to 2 from 3",
                        "Scaled up replica set payment-6b8f9c7d4 to 5");

        ScaleEvent e = single(parse(parser, event.getBytes(StandardCharsets.UTF_8), Map.of()), ScaleEvent.class);

        assertThat(e.direction()).isEqualTo(ScaleEvent.Direction.UP);
        assertThat(e.replicas()).isEqualTo(5);
        assertThat(e.previousReplicas()).isEqualTo(-1);
    }

    @Test
    void otherKubernetesEventsAreSkipped() {
        assertThat(skip(parse(parser, Fixtures.bytes("kubernetes/pod-pulled.json"), Map.of())))
                .isEqualTo("Kubernetes event not about scaling: Pod/Pulled");
    }

    @Test
    void srekgScaleJson() {
        ScaleEvent e = single(parse(parser, Fixtures.bytes("srekg/scale.json"), Map.of()), ScaleEvent.class);

        assertThat(e.service()).isEqualTo("frontend");
        assertThat(e.direction()).isEqualTo(ScaleEvent.Direction.UP);
    }

    @Test
    void rejectsEventsWithoutUidOrTime() {
        String noUid = "{\"involvedObject\":{\"kind\":\"Deployment\",\"name\":\"x\"},\"reason\":\"ScalingReplicaSet\","
                + "\"metadata\":{},\"lastTimestamp\":\"2026-11-20T10:20:00Z\"}";
        assertThat(rejection(parse(parser, noUid.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("missing required field metadata.uid");
        String noTime = "{\"involvedObject\":{\"kind\":\"Deployment\",\"name\":\"x\"},\"reason\":\"ScalingReplicaSet\","
                + "\"metadata\":{\"uid\":\"u\"}}";
        assertThat(rejection(parse(parser, noTime.getBytes(StandardCharsets.UTF_8), Map.of())))
                .startsWith("missing required field lastTimestamp");
        assertThat(rejection(parse(parser, "{\"kind\":\"Event\"}".getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("not a Kubernetes Event: missing involvedObject or reason");
    }

    @Test
    void rejectsCountsOfTheWrongType() {
        String event = new String(Fixtures.bytes("kubernetes/hpa-successful-rescale.json"), StandardCharsets.UTF_8)
                .replace("\"count\": 1", "\"count\": \"one\"");
        assertThat(rejection(parse(parser, event.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("field count must be an integer");
    }
}
