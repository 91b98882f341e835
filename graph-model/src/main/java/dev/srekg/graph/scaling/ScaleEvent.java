package dev.srekg.graph.scaling;

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
 * A scaling of a service: an autoscaler rescale (or its failure) or a replica set scaled by a deployment.
 *
 * @param key natural key: the Kubernetes Event's {@code metadata.uid} and its {@code count}
 * @param service service name
 * @param environment the service's environment, part of its identity ({@link ServiceId}); null or blank is
 *     {@link ServiceId#DEFAULT_ENVIRONMENT}
 * @param namespace Kubernetes namespace, or empty
 * @param cluster the Kubernetes cluster, or empty; never part of the identity
 * @param source what scaled: {@code HorizontalPodAutoscaler}, {@code Deployment}, or another producer's name
 * @param reason the producer's reason, e.g. {@code SuccessfulRescale}
 * @param direction up, down, or unknown when the producer does not say
 * @param replicas the new replica count, or -1 when unknown
 * @param previousReplicas the replica count before, or -1 when unknown
 * @param failed whether the scaling failed
 * @param message the producer's message
 * @param at event time
 */
public record ScaleEvent(
        String key,
        String service,
        String environment,
        String namespace,
        String cluster,
        String source,
        String reason,
        Direction direction,
        int replicas,
        int previousReplicas,
        boolean failed,
        String message,
        Instant at)
        implements ChangeEvent {

    /** Which way the replica count moved. */
    public enum Direction {
        UP,
        DOWN,
        UNKNOWN
    }

    public ScaleEvent {
        key = Require.text(key, "key");
        service = Require.text(service, "service");
        environment = ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT);
        namespace = Require.orEmpty(namespace);
        cluster = Require.orEmpty(cluster);
        source = Require.orEmpty(source);
        reason = Require.orEmpty(reason);
        Objects.requireNonNull(direction, "direction");
        message = Require.orEmpty(message);
        Objects.requireNonNull(at, "at");
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.ofServiceFact(
                WriteStatement.SCALE_EVENT,
                key,
                environment,
                service,
                at,
                recordedAt,
                row(
                        "service", service,
                        "environment", environment,
                        "namespace", namespace,
                        "cluster", cluster.isEmpty() ? null : cluster,
                        "source", source,
                        "reason", reason,
                        "direction", direction.name(),
                        "replicas", replicas < 0 ? null : replicas,
                        "previousReplicas", previousReplicas < 0 ? null : previousReplicas,
                        "failed", failed,
                        "message", message,
                        "at", utc(at)));
    }
}
