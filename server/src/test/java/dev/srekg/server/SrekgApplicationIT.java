package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.srekg.ingest.KafkaConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run command's path with no cluster configured: srekg starts its own broker and database, reports healthy,
 * answers over Bolt, and a second start finds the data of the first. Issue 2.
 */
class SrekgApplicationIT {

    @TempDir
    Path dataDir;

    @Test
    void startsTheLocalStackAndASecondStartFindsTheEarlierData() throws Exception {
        try (SrekgApplication.Srekg srekg = SrekgApplication.start(args())) {
            assertThat(health(srekg)).isEqualTo("UP");
            try (Driver driver = driver(srekg);
                    Session session = driver.session()) {
                assertThat(session.run("RETURN 1 AS one").single().get("one").asInt())
                        .isEqualTo(1);
                session.run("CREATE (:Marker {name: 'from the first run'})").consume();
            }
        }
        try (SrekgApplication.Srekg srekg = SrekgApplication.start(args())) {
            assertThat(health(srekg)).isEqualTo("UP");
            try (Driver driver = driver(srekg);
                    Session session = driver.session()) {
                assertThat(session.run("MATCH (m:Marker) RETURN m.name AS name")
                                .single()
                                .get("name")
                                .asString())
                        .isEqualTo("from the first run");
                assertThat(session.run("MATCH (m:SchemaMigration) RETURN count(m) AS c")
                                .single()
                                .get("c")
                                .asLong())
                        .isEqualTo(dev.srekg.graph.schema.Migration.all().size());
            }
        }
    }

    /** The README's run command: the local stack with the demo world writing to it, read by srekg's workers. */
    @Test
    void withTheDemoWorldTheGraphFillsWithItsShop() throws Exception {
        String[] args = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args()), java.util.stream.Stream.of("--srekg.demo.enabled=true"))
                .toArray(String[]::new);
        try (SrekgApplication.Srekg srekg = SrekgApplication.start(args);
                Driver driver = driver(srekg)) {
            // Its first second deploys every service of the shop; the deploys worker writes them.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                try (Session session = driver.session()) {
                    assertThat(session.run(
                                            "MATCH (d:Deployment)-[:DEPLOYS]->(s:Service) RETURN collect(DISTINCT s.name) AS s")
                                    .single()
                                    .get("s")
                                    .asList(org.neo4j.driver.Value::asString))
                            .containsAll(dev.srekg.demo.Estate.shop().services().keySet());
                }
            });
        }
    }

    private String[] args() {
        return new String[] {
            "--srekg.local.data-dir=" + dataDir,
            "--srekg.local.bolt-port=0",
            "--srekg.local.kafka-port=0",
            "--srekg.local.controller-port=0",
            "--server.port=0",
            "--srekg.ingest.group-id=app-it"
        };
    }

    private static Driver driver(SrekgApplication.Srekg srekg) {
        String uri = srekg.context().getEnvironment().getProperty("srekg.neo4j.uri");
        assertThat(uri).startsWith("bolt://127.0.0.1:");
        return GraphDatabase.driver(uri, AuthTokens.none());
    }

    private static String health(SrekgApplication.Srekg srekg) throws Exception {
        assertThat(srekg.context().getBean(KafkaConnection.class).bootstrap()).startsWith("127.0.0.1:");
        String port = srekg.context().getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .path("status")
                .asString();
    }
}
