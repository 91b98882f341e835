package dev.srekg.test;

import java.util.Locale;

/** The engines an integration-test JVM runs against, chosen by the system property {@value #PROPERTY}. */
enum StackBackend {
    /** The local stack's Kafka (KRaft) and Neo4j, embedded in the test JVM: the default, and what CI runs. */
    EMBEDDED,
    /** Neo4j and Kafka images through Testcontainers; needs a Docker engine. */
    CONTAINERS;

    static final String PROPERTY = "srekg.test.stack";

    static StackBackend fromSystemProperties() {
        String value = System.getProperty(PROPERTY, "embedded").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "embedded" -> EMBEDDED;
            case "containers" -> CONTAINERS;
            default ->
                throw new IllegalArgumentException(PROPERTY + " must be embedded or containers, not '" + value + "'");
        };
    }
}
