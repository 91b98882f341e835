package dev.srekg.api.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Catalog drift as of a moment: for every service the catalog describes, the dependencies it declares against the
 * ones traces observed (issue 18).
 *
 * @param environment the environment of the services
 * @param at the moment (event time)
 * @param services one row per described service, by name
 * @param declaredNotObserved how many declared dependencies no trace has shown
 * @param observedNotDeclared how many observed dependencies the catalog does not declare
 */
public record Drift(
        String environment, Instant at, List<Row> services, int declaredNotObserved, int observedNotDeclared) {

    /**
     * One service.
     *
     * @param service the service
     * @param team its owner, or empty
     * @param declaredOnly declared ({@code dependsOn}, or providers of the APIs it consumes) but never observed
     * @param observedOnly observed in traces but not declared
     * @param confirmed declared and observed
     */
    public record Row(
            String service,
            String team,
            List<String> declaredOnly,
            List<String> observedOnly,
            List<String> confirmed) {}
}
