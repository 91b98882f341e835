package dev.srekg.api.incidents;

import java.time.Instant;
import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;
import org.springframework.data.neo4j.core.schema.Relationship;

/**
 * An {@code Incident} node as Spring Data Neo4j maps it for the API's reads (ADR 11); {@link IncidentRecorder} writes
 * it with {@code IncidentStatements.SAVE} through the driver.
 *
 * @param id stable id derived from the breach
 * @param service the breached service
 * @param environment its environment
 * @param slo the SLO
 * @param severity the alert's severity
 * @param openedAt when the breach started
 * @param resolvedAt when it resolved, or null
 * @param topSuspect one line on the first suspect, or empty
 * @param computedAt when its context was last computed
 * @param context the context as computed then, JSON
 * @param breach the breach it is for
 */
@Node("Incident")
record IncidentNode(
        @Id String id,
        String service,
        String environment,
        String slo,
        String severity,
        Instant openedAt,
        Instant resolvedAt,
        String topSuspect,
        Instant computedAt,
        String context,
        @Relationship(type = "FOR") Breach breach) {

    /**
     * The {@code SloBreach} an incident is for, as far as the incident's reads need it.
     *
     * @param key the breach's key
     * @param generatorUrl the alert's source, or null
     */
    @Node("SloBreach")
    record Breach(@Id String key, String generatorUrl) {}
}
