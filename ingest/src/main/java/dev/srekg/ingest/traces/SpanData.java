package dev.srekg.ingest.traces;

import dev.srekg.graph.services.ServiceId;

/**
 * The part of a span srekg aggregates: who called whom, when, how long, and whether it failed. Ids are kept as
 * longs (a trace id as two) so the join store stays compact.
 *
 * @param traceHi high 64 bits of the trace id
 * @param traceLo low 64 bits of the trace id
 * @param spanId span id
 * @param parentSpanId parent span id, 0 for a root span
 * @param kind OTLP span kind: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER
 * @param service {@code service.name} of the span's resource
 * @param namespace {@code service.namespace} of the span's resource, or empty
 * @param environment {@code deployment.environment.name} (else the older {@code deployment.environment}) of the span's
 *     resource, or empty when it names none: the service is then in the default environment
 * @param cluster {@code k8s.cluster.name} of the span's resource, or empty; never part of the service's identity
 * @param startNanos start, epoch nanoseconds
 * @param endNanos end, epoch nanoseconds
 * @param error status code ERROR
 * @param peer the uninstrumented peer a CLIENT or PRODUCER span names ({@code peer.service}, else
 *     {@code server.address} unless it is an IP address, else {@code db.system}/{@code db.name}, else the messaging
 *     system and destination), or empty
 */
public record SpanData(
        long traceHi,
        long traceLo,
        long spanId,
        long parentSpanId,
        int kind,
        String service,
        String namespace,
        String environment,
        String cluster,
        long startNanos,
        long endNanos,
        boolean error,
        String peer) {

    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    public static final int PRODUCER = 4;
    public static final int CONSUMER = 5;

    public SpanData {
        environment = environment == null ? "" : environment.strip();
        cluster = cluster == null ? "" : cluster;
    }

    /** The same span in {@code environment} when its resource names none. */
    public SpanData orIn(String environment) {
        return this.environment.isEmpty() ? of(service, environment) : this;
    }

    /** The same span with its service named {@code named} (by the namespace rule: {@code <namespace>.<name>}). */
    public SpanData named(String named) {
        return named.equals(service) ? this : of(named, environment);
    }

    private SpanData of(String service, String environment) {
        return new SpanData(
                traceHi,
                traceLo,
                spanId,
                parentSpanId,
                kind,
                service,
                namespace,
                environment,
                cluster,
                startNanos,
                endNanos,
                error,
                peer);
    }

    /** The identity of the span's service: a span whose resource names no environment is in the default one. */
    public ServiceId id() {
        return new ServiceId(ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT), service);
    }

    public long durationMicros() {
        return Math.max(0, (endNanos - startNanos) / 1000);
    }

    boolean isCaller() {
        return kind == CLIENT || kind == PRODUCER;
    }

    boolean isCallee() {
        return kind == SERVER || kind == CONSUMER;
    }

    String edgeKind() {
        return kind == PRODUCER || kind == CONSUMER ? "MESSAGE" : "CALL";
    }
}
