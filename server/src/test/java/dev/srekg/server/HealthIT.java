package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HealthIT extends ServerIT {

    @Test
    void healthIsUpWithKafkaAndNeo4jReachable() {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.path("components")
                        .path("kafka")
                        .path("details")
                        .path("brokers")
                        .asInt())
                .isEqualTo(1);
        assertThat(health.path("components").path("neo4j").path("status").asString())
                .isEqualTo("UP");
        JsonNode ingest = health.path("components").path("ingest");
        assertThat(ingest.path("status").asString()).isEqualTo("UP");
        assertThat(ingest.path("details").path("streams").propertyNames())
                .containsExactlyInAnyOrder(
                        "sre.deploys",
                        "sre.scaling",
                        "sre.tickets",
                        "sre.alerts",
                        "sre.catalog",
                        "sre.changes",
                        "otlp_spans");
        assertThat(ingest.path("details")
                        .path("streams")
                        .path("otlp_spans")
                        .path("running")
                        .asBoolean())
                .isTrue();
        assertThat(ingest.path("details").path("traces").has("waitingHalves")).isTrue();
    }

    @Test
    void readinessWaitsForKafkaNeo4jAndTheConsumersAndLivenessForTheConsumers() {
        JsonNode readiness = json(get("/actuator/health/readiness"));
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "kafka", "neo4j", "ingest");
        JsonNode liveness = json(get("/actuator/health/liveness"));
        assertThat(liveness.path("status").asString()).isEqualTo("UP");
        assertThat(liveness.path("components").propertyNames()).containsExactlyInAnyOrder("livenessState", "ingest");
    }

    @Test
    void exposesIngestMetricsForPrometheus() {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("srekg_ingest_records_total{outcome=\"written\",stream=\"sre.deploys\"}")
                .contains("srekg_ingest_records_total{outcome=\"dead_lettered\",stream=\"otlp_spans\"}")
                .contains("srekg_traces_join_waiting")
                // issue 21: the counters of late spans, added to their minutes or dropped beyond the horizon.
                .contains("srekg_traces_late_corrected")
                .contains("srekg_traces_too_old");
    }

    @Test
    void servesTheUiAtTheRoot() {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>srekg</title>");
    }

    @Test
    void servesTheOpenApiDescriptionOfTheApi() {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = json(response).path("paths");
        assertThat(paths.has("/api/v1/services/{service}/context")).isTrue();
        assertThat(paths.has("/api/v1/cypher")).isTrue();
        assertThat(paths.has("/api/v1/alerts")).isTrue();
    }
}
