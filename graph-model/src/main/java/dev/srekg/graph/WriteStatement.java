package dev.srekg.graph;

/**
 * The write statements of the graph model, each an idempotent {@code UNWIND $rows AS row} statement keyed by natural
 * keys, so a redelivered batch writes nothing twice. Constraints behind every {@code MERGE} are in the migrations.
 */
public enum WriteStatement {

    /**
     * A deployment and its service. The service's {@code firstSeen} is the earliest event time seen for it; the
     * deployment keeps the record time of its first write.
     */
    DEPLOYMENT("""
            UNWIND $rows AS row
            MERGE (s:Service {name: row.service})
              ON CREATE SET s.firstSeen = row.at, s.recordedAt = row.recordedAt
            SET s.firstSeen = CASE WHEN row.at < s.firstSeen THEN row.at ELSE s.firstSeen END
            MERGE (d:Deployment {key: row.key})
              ON CREATE SET d.service = row.service, d.environment = row.environment, d.action = row.action,
                            d.artifactId = row.artifactId, d.version = row.version, d.at = row.at,
                            d.recordedAt = row.recordedAt
            MERGE (d)-[:DEPLOYS]->(s)
            """);

    private final String cypher;

    WriteStatement(String cypher) {
        this.cypher = cypher;
    }

    public String cypher() {
        return cypher;
    }
}
