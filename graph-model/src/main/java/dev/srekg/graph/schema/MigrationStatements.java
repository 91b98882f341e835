package dev.srekg.graph.schema;

/** The bookkeeping of applied migrations: one {@code (:SchemaMigration {version, name, checksum, appliedAt})} each. */
public final class MigrationStatements {

    private MigrationStatements() {}

    /** The constraint behind the bookkeeping, created before anything is read. */
    public static final String CONSTRAINT =
            "CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE";

    /** The applied migrations: {@code v} (version) and {@code c} (checksum). */
    public static final String APPLIED = "MATCH (m:SchemaMigration) RETURN m.version AS v, m.checksum AS c";

    /** Records migration {@code $version} as applied, with {@code $name} and {@code $checksum}. */
    public static final String RECORD = "MERGE (m:SchemaMigration {version: $version}) "
            + "ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()";

    /** Waits until the indexes the migrations created are online. */
    public static final String AWAIT_INDEXES = "CALL db.awaitIndexes(60)";
}
