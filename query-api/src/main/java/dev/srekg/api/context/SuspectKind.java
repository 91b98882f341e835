package dev.srekg.api.context;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a change near the breached service is, or what a suspect is: the changes srekg records, and the place errors
 * originate at when nothing changed there. Written in lower case in the API's JSON, the graph and explanations.
 */
public enum SuspectKind {
    DEPLOY,
    /** A configuration push (issue 16). */
    CONFIG,
    /** A feature flag turned on or off, or its targeting changed. */
    FLAG,
    /** An infrastructure change: an environment, a Terraform apply. */
    INFRA,
    /** A database schema migration. */
    SCHEMA,
    SCALE,
    TICKET,
    BREACH,
    /** No change: errors or latency originate at a dependency ({@link Origin}). */
    ANOMALY;

    /** The kind named {@code wire} (as the graph's reads return it, e.g. {@code deploy}). */
    public static SuspectKind of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
