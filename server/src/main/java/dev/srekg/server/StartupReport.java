package dev.srekg.server;

import dev.srekg.ingest.IngestProperties;
import dev.srekg.ingest.KafkaConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints, once srekg is ready, where everything is. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final Environment environment;
    private final KafkaConnection kafka;
    private final Neo4jConnection neo4j;
    private final IngestProperties ingest;
    private final LocalStackProperties local;

    StartupReport(
            Environment environment,
            KafkaConnection kafka,
            Neo4jConnection neo4j,
            IngestProperties ingest,
            LocalStackProperties local) {
        this.environment = environment;
        this.kafka = kafka;
        this.neo4j = neo4j;
        this.ingest = ingest;
        this.local = local;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        log.info(text());
    }

    String text() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String started = environment.getProperty("srekg.local.started", "");
        String base = "http://localhost:" + port;
        List<String> topics = new java.util.ArrayList<>(ingest.topics().all());
        if (ingest.traces().enabled()) {
            topics.add(ingest.traces().topic());
        }
        StringBuilder b = new StringBuilder("\n\nsrekg is ready (role ")
                .append(environment.getProperty("srekg.role", "all"))
                .append(")\n");
        b.append("  UI            ").append(base).append("/\n");
        b.append("  API           ").append(base).append("/api/v1/services/{name}/context  (OpenAPI: /v3/api-docs)\n");
        b.append("  Alerts        POST ").append(base).append("/api/v1/alerts  (Alertmanager webhook_configs url)\n");
        b.append("  Health        ").append(base).append("/actuator/health\n");
        b.append("  Neo4j (Bolt)  ")
                .append(neo4j.uri())
                .append(started.contains("srekg.neo4j.uri") ? "  (local, no auth)" : "")
                .append('\n');
        b.append("  Kafka         ")
                .append(kafka.bootstrap())
                .append(started.contains("srekg.kafka.bootstrap") ? "  (local KRaft broker)" : "")
                .append('\n');
        for (String t : topics) {
            b.append("  Topic         ")
                    .append(t)
                    .append("  (dead letters: ")
                    .append(t)
                    .append(ingest.deadLetterSuffix())
                    .append(
                            t.equals(ingest.traces().topic())
                                    ? ", " + ingest.traces().encoding()
                                    : "")
                    .append(")\n");
        }
        if (!started.isEmpty()) {
            b.append("  Data          ")
                    .append(local.dataDir().toAbsolutePath().normalize())
                    .append('\n');
        }
        return b.toString();
    }
}
