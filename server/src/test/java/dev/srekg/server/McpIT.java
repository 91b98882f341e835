package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * srekg's MCP server at {@code /mcp}, driven by the real MCP TypeScript SDK client from npm ({@code src/test/mcp},
 * installed by {@code ./test} with {@code npm ci}): it lists the tools, calls each, and every answer is the HTTP API's
 * answer to the same question; the same tokens guard it. Issue 22.
 */
@ExtendWith(RealStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // its workers stop with the class, instead of consuming the shared topics under later tests
class McpIT {

    private static final String TOKEN = "mcp-token";
    private static final Path CLIENT = Path.of("src/test/mcp");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        registry.add("srekg.kafka.bootstrap", () -> RealStack.get().kafkaBootstrap());
        registry.add("srekg.neo4j.uri", () -> RealStack.get().boltUri());
        registry.add("srekg.ingest.group-id", () -> "mcp-it");
        // Its own consumer group would read the shared spans topic from its start: every earlier test's spans,
        // written into the graph for minutes while later tests run (CrashRecoveryIT compared a graph with them).
        registry.add("srekg.ingest.traces.enabled", () -> "false");
        registry.add("srekg.api.incidents.poll-interval", () -> "300ms");
        // The incident stops being recomputed a second after it is recorded, so both answers read the same state.
        registry.add("srekg.api.incidents.settle", () -> "1s");
        registry.add("srekg.security.tokens", () -> TOKEN);
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void theNpmClientListsEveryToolAndEachAnswersAsTheHttpApiDoes(RealStack stack) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        KafkaRecords.send(
                stack,
                "sre.deploys",
                "mcp-inv",
                ("{\"srekg\": \"deploy\", \"id\": \"mcp-7\", \"service\": \"mcp-inv\", \"version\": \"7.0\", \"at\": \""
                                + t.minusSeconds(300) + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertThat(api(
                                "POST",
                                "/api/v1/alerts",
                                new String(
                                        NotificationReceiver.alert("mcp-inv", "firing", t, null),
                                        StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(202);
        String incident = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> json(api("GET", "/api/v1/incidents", null))
                                .valueStream()
                                .filter(i -> i.path("service").asString().equals("mcp-inv"))
                                .map(i -> i.path("id").asString())
                                .findFirst()
                                .orElse(null),
                        id -> id != null);
        // settled: its context is no longer recomputed
        var computedAt = new java.util.concurrent.atomic.AtomicReference<String>("");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> {
            String now = json(api("GET", "/api/v1/incidents/" + incident, null))
                    .path("incident")
                    .path("computedAt")
                    .asString();
            return now.equals(computedAt.getAndSet(now));
        });

        String cypher = "MATCH (d:Deployment {service: $s}) RETURN d.key AS key";
        // record time fixed, so that both answers leave out the same (no) later facts
        Instant knownAt = Instant.now();
        List<Map<String, Object>> calls = List.of(
                call("incident_context", Map.of("service", "mcp-inv", "at", t.toString(), "depth", 2)),
                call("list_incidents", Map.of("limit", 10)),
                call("get_incident", Map.of("id", incident)),
                call("service_as_of", Map.of("service", "mcp-inv", "at", t.toString(), "knownAt", knownAt.toString())),
                call(
                        "service_timeline",
                        Map.of(
                                "service",
                                "mcp-inv",
                                "from",
                                t.minusSeconds(3600).toString(),
                                "to",
                                t.plusSeconds(60).toString())),
                call(
                        "service_diff",
                        Map.of("service", "mcp-inv", "from", t.minusSeconds(600).toString(), "to", t.toString())),
                call("cypher_query", Map.of("query", cypher, "parameters", Map.of("s", "mcp-inv"))),
                call("get_incident", Map.of("id", "inc-0000")),
                call("cypher_query", Map.of("query", "CREATE (x:Intruder) RETURN x")));
        JsonNode out = client(TOKEN, JSON.writeValueAsString(calls));

        assertThat(out.path("server").path("name").asString()).isEqualTo("srekg");
        assertThat(out.path("tools").valueStream().map(x -> x.path("name").asString()))
                .containsExactlyInAnyOrder(
                        "incident_context",
                        "list_incidents",
                        "get_incident",
                        "service_as_of",
                        "service_timeline",
                        "service_diff",
                        "cypher_query");
        for (JsonNode tool : out.path("tools")) {
            assertThat(tool.path("description").asString())
                    .as(tool.path("name").asString())
                    .hasSizeGreaterThan(60);
            assertThat(tool.path("inputSchema").path("type").asString()).isEqualTo("object");
            assertThat(tool.path("annotations").path("readOnlyHint").asBoolean())
                    .isTrue();
        }
        JsonNode context = tool(out, 0);
        assertThat(context.path("service").asString()).isEqualTo("mcp-inv");
        assertThat(context).isEqualTo(json(api("GET", "/api/v1/services/mcp-inv/context?at=" + t + "&depth=2", null)));
        assertThat(tool(out, 1)).isEqualTo(json(api("GET", "/api/v1/incidents?limit=10", null)));
        assertThat(tool(out, 2)).isEqualTo(json(api("GET", "/api/v1/incidents/" + incident, null)));
        assertThat(tool(out, 3))
                .isEqualTo(json(api("GET", "/api/v1/services/mcp-inv?at=" + t + "&knownAt=" + knownAt, null)));
        assertThat(tool(out, 4))
                .isEqualTo(json(api(
                        "GET",
                        "/api/v1/services/mcp-inv/timeline?from=" + t.minusSeconds(3600) + "&to=" + t.plusSeconds(60),
                        null)));
        assertThat(tool(out, 5))
                .isEqualTo(json(
                        api("GET", "/api/v1/services/mcp-inv/diff?from=" + t.minusSeconds(600) + "&to=" + t, null)));
        JsonNode rows = tool(out, 6);
        assertThat(rows)
                .isEqualTo(json(api(
                        "POST",
                        "/api/v1/cypher",
                        JSON.writeValueAsString(Map.of("query", cypher, "parameters", Map.of("s", "mcp-inv"))))));
        assertThat(rows.toString()).contains("srekg mcp-7");
        // API errors are tool errors carrying the API's problem details
        assertThat(out.path("results").get(7).path("isError").asBoolean()).isTrue();
        assertThat(tool(out, 7).path("status").asInt()).isEqualTo(404);
        assertThat(out.path("results").get(8).path("isError").asBoolean()).isTrue();
        assertThat(tool(out, 8).path("status").asInt()).isBetween(400, 499);
        for (int i = 0; i < 7; i++) {
            assertThat(out.path("results").get(i).path("isError").asBoolean())
                    .as(out.path("results").get(i).path("name").asString())
                    .isFalse();
        }
    }

    @Test
    void withoutTheApiTokenTheClientCannotConnect() throws Exception {
        Process p = node("-", "[]");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("401");
        HttpResponse<String> raw = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/mcp"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
    }

    private static Map<String, Object> call(String name, Map<String, Object> arguments) {
        return Map.of("name", name, "arguments", arguments);
    }

    private static JsonNode tool(JsonNode out, int i) {
        return JSON.readTree(out.path("results").get(i).path("text").asString());
    }

    private JsonNode client(String token, String calls) throws Exception {
        Process p = node(token, calls);
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        return JSON.readTree(stdout);
    }

    private Process node(String token, String calls) throws IOException {
        assertThat(CLIENT.resolve("node_modules/@modelcontextprotocol/sdk"))
                .as("the MCP client is installed by ./test (npm ci in server/src/test/mcp)")
                .satisfies(d -> assertThat(Files.isDirectory(d)).isTrue());
        return new ProcessBuilder("node", "mcp-client.mjs", "http://localhost:" + port + "/mcp", token, calls)
                .directory(CLIENT.toFile())
                .start();
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN);
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
