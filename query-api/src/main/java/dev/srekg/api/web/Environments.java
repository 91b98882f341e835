package dev.srekg.api.web;

import dev.srekg.graph.services.ServiceId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The environment a request asks for ({@code env=}), else the configured default one
 * ({@code srekg.ingest.identity.default-environment}, the environment of services whose producers name none). Every
 * read of the API stays within one environment: the same service name elsewhere is another service.
 */
@Component
public class Environments {

    private final String defaultEnvironment;

    Environments(@Value("${srekg.ingest.identity.default-environment:prod}") String defaultEnvironment) {
        this.defaultEnvironment = ServiceId.environment(defaultEnvironment);
    }

    /** Whether {@code environment} is the default one. */
    public boolean isDefault(String environment) {
        return defaultEnvironment.equals(environment);
    }

    /** The environment asked for, or the default when none is; a {@code /} in it is a bad parameter. */
    public String of(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultEnvironment;
        }
        try {
            return ServiceId.environment(requested);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("env: " + e.getMessage());
        }
    }
}
