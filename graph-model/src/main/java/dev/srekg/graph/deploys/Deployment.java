package dev.srekg.graph.deploys;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A deploy of a service, from a CDEvents {@code service.*} event or a change event of another source.
 *
 * @param key natural key, {@code source + " " + id} of the event
 * @param service service name
 * @param environment environment the service was deployed to, part of its identity ({@link ServiceId}); null or
 *     blank is {@link ServiceId#DEFAULT_ENVIRONMENT} (the parsers pass the configured default)
 * @param cluster the Kubernetes cluster deployed to ({@code k8s.cluster.name}), or empty; never part of the identity
 * @param action what the deploy did
 * @param artifactId the deployed artifact (a package URL for CDEvents), or empty
 * @param version the version from the artifact, or empty
 * @param summary a line describing the change, or empty
 * @param at event time
 * @param changedAt when the change this deploy ships was made (its commit or merge), or null when the producer does
 *     not say; the deploy's lead time for changes is {@code at - changedAt}
 */
public record Deployment(
        String key,
        String service,
        String environment,
        String cluster,
        Action action,
        String artifactId,
        String version,
        String summary,
        Instant at,
        Instant changedAt)
        implements ChangeEvent {

    /** What a deploy did to the running version. */
    public enum Action {
        DEPLOYED,
        UPGRADED,
        ROLLED_BACK,
        REMOVED
    }

    public Deployment {
        key = Require.text(key, "key");
        service = Require.text(service, "service");
        environment = ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT);
        cluster = Require.orEmpty(cluster);
        Objects.requireNonNull(action, "action");
        artifactId = Require.orEmpty(artifactId);
        version = Require.orEmpty(version);
        summary = Require.orEmpty(summary);
        Objects.requireNonNull(at, "at");
        if (changedAt != null && changedAt.isAfter(at)) {
            throw new IllegalArgumentException("changedAt " + changedAt + " is after the deploy at " + at);
        }
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.ofServiceFact(
                WriteStatement.DEPLOYMENT,
                key,
                environment,
                service,
                at,
                recordedAt,
                row(
                        "service", service,
                        "environment", environment,
                        "cluster", cluster.isEmpty() ? null : cluster,
                        "action", action.name(),
                        "artifactId", artifactId,
                        "version", version,
                        "summary", summary,
                        "at", utc(at),
                        "changedAt", changedAt == null ? null : utc(changedAt)));
    }
}
