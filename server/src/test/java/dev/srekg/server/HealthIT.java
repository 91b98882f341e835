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
    }

    @Test
    void servesTheUiAtTheRoot() {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>srekg</title>");
    }
}
