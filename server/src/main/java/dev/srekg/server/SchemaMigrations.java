package dev.srekg.server;

import dev.srekg.graph.schema.Migration;
import dev.srekg.graph.schema.MigrationStatements;
import dev.srekg.graph.services.ServiceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the graph model's migrations in version order, each once: applied versions are recorded as
 * {@code (:SchemaMigration {version, name, checksum, appliedAt})}. An applied migration whose file changed since is a
 * start failure, not a silent drift. Every statement is idempotent, so two processes starting at once are safe.
 */
final class SchemaMigrations {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

    private final Driver driver;
    private final Map<String, Object> parameters;

    /** @param defaultEnvironment the environment of services whose producers name none ({@code $defaultEnvironment}) */
    SchemaMigrations(Driver driver, String defaultEnvironment) {
        this.driver = driver;
        this.parameters = Map.of("defaultEnvironment", ServiceId.environment(defaultEnvironment));
    }

    /** An applied migration's file changed since: a start failure that no retry mends. */
    static final class MigrationConflict extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MigrationConflict(String message) {
            super(message);
        }
    }

    /** Applies what is missing and returns the versions applied now. */
    List<Integer> apply() {
        try (Session session = driver.session()) {
            session.run(MigrationStatements.CONSTRAINT).consume();
            Map<Integer, String> applied = new HashMap<>();
            session.executeRead(tx -> tx.run(MigrationStatements.APPLIED).list())
                    .forEach(r -> applied.put(r.get("v").asInt(), r.get("c").asString()));
            List<Integer> now = new java.util.ArrayList<>();
            for (Migration m : Migration.all()) {
                String checksum = applied.get(m.version());
                if (checksum != null) {
                    if (!checksum.equals(m.checksum())) {
                        throw new MigrationConflict("migration " + m.name() + " was applied with another content; "
                                + "add a new migration instead of editing an applied one");
                    }
                    continue;
                }
                for (String statement : m.statements()) {
                    session.run(statement, parameters).consume();
                }
                session.executeWriteWithoutResult(tx -> tx.run(
                                MigrationStatements.RECORD,
                                Map.of("version", m.version(), "name", m.name(), "checksum", m.checksum()))
                        .consume());
                now.add(m.version());
                log.info("Applied schema migration {}", m.name());
            }
            session.run(MigrationStatements.AWAIT_INDEXES).consume();
            return now;
        }
    }
}
