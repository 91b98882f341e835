package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console runs at most {@code srekg.api.cypher.max-concurrent} queries at once (2 by default) and each caller
 * has its own rate (here a burst of 3 and one more every 5 s); beyond either, 429 with {@code Retry-After}. Issue 17.
 */
class CypherLimitsIT extends ServerIT {

    @DynamicPropertySource
    static void slowRate(DynamicPropertyRegistry registry) {
        registry.add("srekg.api.limits.console-per-second", () -> "0.2");
        registry.add("srekg.api.limits.console-burst", () -> "3");
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void queriesBeyondTheConcurrencyLimitAre429WithRetryAfter() {
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // each runs until the 2 s timeout; every caller its own key, so no rate limit is involved
            slow.add(send("concurrent-" + i, "UNWIND range(1, 1000000000) AS a RETURN count(*)"));
        }
        List<HttpResponse<String>> answers =
                slow.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(HttpResponse::statusCode).contains(429).doesNotContain(500, 503);
        HttpResponse<String> refused =
                answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).path("detail").asString()).contains("console queries are running");
        assertThat(answers.stream().filter(r -> r.statusCode() == 408).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void oneCallerRunsOneQueryAtATimeSoItCannotTakeEverySlot() {
        CompletableFuture<HttpResponse<String>> first =
                send("greedy", "UNWIND range(1, 1000000000) AS a RETURN count(*)");
        CompletableFuture<HttpResponse<String>> second =
                send("greedy", "UNWIND range(1, 1000000000) AS a RETURN count(*)");
        List<HttpResponse<String>> answers = List.of(first.join(), second.join());

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(408, 429);
        HttpResponse<String> refused =
                answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(json(refused).path("detail").asString()).contains("This caller already runs 1 console queries");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aCallerOverItsRateIs429WhileOthersAreAnswered() {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            HttpResponse<String> response = send("eager", "RETURN 1 AS one").join();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("429 within 10 queries; saw %s", statuses).isNotNull();
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        assertThat(json(limited).path("detail").asString()).contains("Too many console queries");
        assertThat(send("patient", "RETURN 1 AS one").join().statusCode()).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> send(String key, String query) {
        String body = JSON.writeValueAsString(Map.of("query", query, "parameters", Map.of()));
        return CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/cypher"))
                        .header("Content-Type", "application/json")
                        .header("X-API-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
