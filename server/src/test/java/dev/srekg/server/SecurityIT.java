package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With tokens configured, the API and the actuator (but health) need one; large bodies are refused. Issue 9. */
@ExtendWith(RealStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIT {

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("srekg.kafka.bootstrap", () -> RealStack.get().kafkaBootstrap());
        registry.add("srekg.neo4j.uri", () -> RealStack.get().boltUri());
        // The API alone: no consumers in this context, and incidents left to the shared one.
        registry.add("srekg.role", () -> "api");
        registry.add("srekg.api.incidents.poll-interval", () -> "1h");
        registry.add("srekg.security.tokens", () -> "old-token,new-token");
        registry.add("srekg.security.max-body-size", () -> "2KB");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    LocalOnlyWithoutTokens localOnly;

    @Test
    void apiWithoutAValidTokenIsA401Problem() throws Exception {
        HttpResponse<String> none = get("/api/v1/services", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(none.body()).contains("\"status\":401");
        assertThat(get("/api/v1/services", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void eitherTokenAsBearerOrApiKeyIsAccepted() throws Exception {
        assertThat(get("/api/v1/services", "Authorization", "Bearer new-token").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/services", "X-API-Key", "old-token").statusCode())
                .isEqualTo(200);
        assertThat(get("/actuator/prometheus", "Authorization", "Bearer old-token")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void healthAndTheUiPagesNeedNoToken() throws Exception {
        assertThat(get("/actuator/health", null, null).statusCode()).isNotEqualTo(401);
        assertThat(get("/", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/app.js", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyOverTheLimitIsA413ProblemBeforeItIsRead() throws Exception {
        String query = "{\"query\": \"RETURN '" + "x".repeat(4000) + "' AS big\"}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/cypher"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer new-token")
                                .POST(HttpRequest.BodyPublishers.ofString(query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("exceeds the limit");
    }

    @Test
    void withTokensSrekgListensOnEveryInterface() {
        assertThat(localOnly.localOnly()).isFalse();
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (header != null) {
            request.header(header, value);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
