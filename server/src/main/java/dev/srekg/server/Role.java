package dev.srekg.server;

import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What one srekg process runs ({@code srekg.role}): {@code all} (default), {@code ingest} (consumers only) or
 * {@code api} (HTTP API and UI only). Production scales the two apart.
 */
enum Role {
    ALL,
    INGEST,
    API;

    static Role of(ConditionContext context) {
        String value = context.getEnvironment().getProperty("srekg.role", "all");
        try {
            return Role.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("srekg.role must be all, ingest or api, was '" + value + "'");
        }
    }

    /** Matches in roles {@code all} and {@code ingest}. */
    static final class Ingest implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context) != API;
        }
    }

    /** Matches in roles {@code all} and {@code api}. */
    static final class Api implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return of(context) != INGEST;
        }
    }
}
