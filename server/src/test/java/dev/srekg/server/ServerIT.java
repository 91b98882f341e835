package dev.srekg.server;

import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the integration tests that run the whole application against the real broker and the real Neo4j of
 * {@link RealStack}. The application context is shared by every subclass.
 */
@ExtendWith(RealStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ServerIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void realStack(DynamicPropertyRegistry registry) {
        registry.add("srekg.kafka.bootstrap", () -> RealStack.get().kafkaBootstrap());
        registry.add("srekg.neo4j.uri", () -> RealStack.get().boltUri());
        registry.add("srekg.ingest.traces.idle-flush", () -> "1s");
        registry.add("srekg.api.cypher.timeout", () -> "2s");
        registry.add("srekg.api.incidents.poll-interval", () -> "300ms");
        registry.add("srekg.api.delivery.metrics-refresh", () -> "2s");
        registry.add("srekg.ingest.github-webhook-secret", () -> GitHubWebhookIT.SECRET);
        registry.add("srekg.ingest.launchdarkly-webhook-secret", () -> ConfigChangesIT.LAUNCHDARKLY_SECRET);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a counting query returns the expected number. */
    static void awaitCount(RealStack stack, String countQuery, long expected) {
        awaitCount(stack, countQuery, expected, java.time.Duration.ofSeconds(30));
    }

    /** Waits at most {@code atMost} until a counting query returns the expected number. */
    static void awaitCount(RealStack stack, String countQuery, long expected, java.time.Duration atMost) {
        org.awaitility.Awaitility.await()
                .atMost(atMost)
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(
                                dev.srekg.test.Graphs.count(stack.driver(), countQuery))
                        .as(countQuery)
                        .isEqualTo(expected));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
