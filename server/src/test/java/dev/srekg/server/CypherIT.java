package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The read-only Cypher endpoint: reads answer with rows and graph elements; anything else is refused. Issue 5. */
class CypherIT extends ServerIT {

    private static final AtomicInteger CALLERS = new AtomicInteger();

    @Test
    void readQueryReturnsRowsAndGraphElements(RealStack stack) {
        KafkaRecords.send(stack, "sre.deploys", "checkout", Fixtures.bytes("cdevents/service-deployed.json"), Map.of());
        awaitCount(stack, "MATCH (d:Deployment) RETURN count(d)", 1);

        HttpResponse<String> response = cypher(
                "MATCH p = (d:Deployment)-[:DEPLOYS]->(s:Service {name: $name}) RETURN s.name AS name, d, p",
                Map.of("name", "checkout"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("columns").valueStream().map(JsonNode::asString)).containsExactly("name", "d", "p");
        assertThat(body.path("rows").get(0).path("name").asString()).isEqualTo("checkout");
        assertThat(body.path("rows").get(0).path("d").path("labels").get(0).asString())
                .isEqualTo("Deployment");
        assertThat(body.path("rows")
                        .get(0)
                        .path("d")
                        .path("properties")
                        .path("at")
                        .asString())
                .startsWith("2026-11-20T10:15Z");
        assertThat(body.path("nodes").size()).isEqualTo(2);
        assertThat(body.path("relationships").get(0).path("type").asString()).isEqualTo("DEPLOYS");
        assertThat(body.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void rowsAreCappedAndTheAnswerSaysSo() {
        JsonNode body = json(cypher("UNWIND range(1, 5000) AS x RETURN x", Map.of()));

        assertThat(body.path("rows").size()).isEqualTo(1000);
        assertThat(body.path("truncated").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CREATE (:Service {name: 'intruder'})",
                "MATCH (s:Service) DETACH DELETE s",
                "MATCH (s:Service) SET s.name = 'x'",
                "CREATE INDEX x IF NOT EXISTS FOR (n:X) ON (n.y)",
                "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
                "CALL dbms.listConfig()",
                "SHOW USERS",
                // issue 17: no peeking at other connections, settings or users
                "SHOW TRANSACTIONS",
                "SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery",
                "show /* hidden */ transactions",
                "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
                "SHOW SETTINGS",
                "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'db.' RETURN name, value",
                "SHOW CURRENT USER",
                "CALL dbms.showCurrentUser()",
                "CALL dbms.components()",
                "CALL dbms.listConnections()"
            })
    void writesSchemaChangesFileLoadsAndAdministrationAreRefused(String query, RealStack stack) {
        HttpResponse<String> response = cypher(query, Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("title").asString()).isIn("Query refused", "Invalid query");
        assertThat(dev.srekg.test.Graphs.count(stack.driver(), "MATCH (s:Service {name: 'intruder'}) RETURN count(s)"))
                .isZero();
    }

    @Test
    void runawayQueryIsTerminatedAtTheTimeout() {
        HttpResponse<String> response =
                cypher("UNWIND range(1, 100000000) AS a UNWIND range(1, 100000000) AS b RETURN count(*)", Map.of());

        assertThat(response.statusCode()).isEqualTo(408);
        assertThat(json(response).path("title").asString()).isEqualTo("Query timed out");
    }

    @Test
    void schemaProceduresStillAnswer() {
        HttpResponse<String> response = cypher("CALL db.labels() YIELD label RETURN label", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void queryOverTheTransactionMemoryLimitIsA422NamingTheLimit() {
        // issue 17: it was a 503 "graph busy; retry", and retrying cannot help
        String kilobyte = "x".repeat(1024);
        HttpResponse<String> response = cypher(
                "UNWIND range(1, 2000000) AS x WITH collect(toString(x) + '" + kilobyte + "') AS xs RETURN size(xs)",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(json(response).path("title").asString()).isEqualTo("Query over its memory limit");
        assertThat(json(response).path("detail").asString()).contains("512");
    }

    @Test
    void syntaxErrorIsA400WithTheDatabasesMessage() {
        HttpResponse<String> response = cypher("MATCH (n RETURN n", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("title").asString()).isEqualTo("Invalid query");
        assertThat(json(response).path("detail").asString()).containsIgnoringCase("invalid input");
    }

    @Test
    void blankQueryAndMalformedBodyAre400() {
        assertThat(cypher("  ", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<String> malformed =
                post("/api/v1/cypher", "application/json", "{\"query\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** Each query as a caller of its own: this class is about refusals, {@link CypherLimitsIT} about the limits. */
    private HttpResponse<String> cypher(String query, Map<String, Object> parameters) {
        String body = JSON.writeValueAsString(Map.of("query", query, "parameters", parameters));
        return send(HttpRequest.newBuilder(uri("/api/v1/cypher"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "cypher-it-" + CALLERS.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }
}
