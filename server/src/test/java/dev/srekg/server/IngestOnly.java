package dev.srekg.server;

import dev.srekg.test.RealStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Session;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Ingest-only srekg applications on topics of a test's own, and reads of what they wrote. */
final class IngestOnly {

    private IngestOnly() {}

    /**
     * Starts srekg with {@code --srekg.role=ingest} against the real stack, on topics named {@code <prefix>.<stream>}
     * ({@code <prefix>} itself for spans), as consumer group {@code <prefix>-<group>}.
     */
    static ConfigurableApplicationContext start(RealStack stack, String prefix, String group, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--srekg.role=ingest",
                "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap(),
                "--srekg.neo4j.uri=" + stack.boltUri(),
                "--srekg.ingest.group-id=" + prefix + "-" + group,
                "--srekg.ingest.topics.deploys=" + prefix + ".deploys",
                "--srekg.ingest.topics.scaling=" + prefix + ".scaling",
                "--srekg.ingest.topics.tickets=" + prefix + ".tickets",
                "--srekg.ingest.topics.alerts=" + prefix + ".alerts",
                "--srekg.ingest.traces.topic=" + prefix));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(SrekgApplication.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }

    /** Calls and errors counted on an edge over all hours. */
    static List<Long> edgeTotals(RealStack stack, String from, String to) {
        try (Session session = stack.driver().session()) {
            var r = session.run(
                            "MATCH (h:EdgeHour {source: $from, target: $to}) RETURN coalesce(sum(h.callsTotal), 0) AS calls,"
                                    + " coalesce(sum(h.errorsTotal), 0) AS errors",
                            Map.of("from", from, "to", to))
                    .single();
            return List.of(r.get("calls").asLong(), r.get("errors").asLong());
        }
    }
}
