package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.RealStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Alertmanager's webhook goes onto the alerts topic and from there into the graph. Issue 3. */
class AlertWebhookIT extends ServerIT {

    @Test
    void acceptedAlertReachesTheGraphThroughKafka(RealStack stack) {
        HttpResponse<String> response =
                post("/api/v1/alerts", "application/json", Fixtures.bytes("alertmanager/pyrra-grafana-generic.json"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("alerts").asInt()).isEqualTo(3);
        assertThat(json(response).path("topic").asString()).isEqualTo("sre.alerts");
        awaitCount(stack, "MATCH (b:SloBreach)-[:BREACHES]->(:Slo)-[:OF]->(:Service) RETURN count(b)", 3);
    }

    @Test
    void payloadThatWouldBeDeadLetteredIsRefusedWithTheReason() {
        HttpResponse<String> response =
                post("/api/v1/alerts", "application/json", "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asString()).isEqualTo("missing required field alerts");
    }

    @Test
    void malformedJsonIsA400Problem() {
        HttpResponse<String> response =
                post("/api/v1/alerts", "application/json", "{\"alerts\": [".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("detail").asString()).startsWith("malformed JSON");
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        HttpResponse<String> response = post("/api/v1/alerts", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
