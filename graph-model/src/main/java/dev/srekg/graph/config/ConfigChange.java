package dev.srekg.graph.config;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A configuration, feature-flag, infrastructure or schema change: a flag turned on in LaunchDarkly or Unleash, a
 * config pushed by Argo CD, a Terraform apply, a migration run. Point-in-time and bi-temporal like a deployment:
 * {@code at} is when it happened, the record time is when srekg wrote it. Flags and config name projects and keys
 * rather than services, so {@code services} holds what the mapping rules made of them and {@code mapping} says
 * which rule did; a change that maps to no service is kept (with no services) and shown in the estate timeline.
 *
 * @param key natural key: the producer and its id for the change, e.g. {@code launchdarkly 57c0a8e2...}
 * @param kind what changed
 * @param source the producer: {@code launchdarkly}, {@code unleash}, {@code cdevents} or {@code srekg}
 * @param target what was changed: the flag key, the config or stack name, the environment
 * @param services the services it changes, possibly none
 * @param mapping how the services were found, e.g. {@code tag service:checkout}, {@code key prefix checkout-},
 *     {@code project shop}, {@code service field}; {@code unmapped} when none was
 * @param environment environment it changed, or empty when unknown
 * @param action what was done, in the producer's words (e.g. {@code turned on}, {@code feature-strategy-update})
 * @param summary a line describing the change, or empty
 * @param author who made it, or empty
 * @param link where to see it (the flag's page, the pipeline run), or empty
 * @param at event time
 * @param serviceEnvironment the srekg environment of its services: the producer's environment as the change rules map
 *     it ({@code production} is {@code prod}, {@code staging} is {@code staging}), the default when it names none; a
 *     staging flag flip changes staging's services, not prod's
 */
public record ConfigChange(
        String key,
        Kind kind,
        String source,
        String target,
        List<String> services,
        String mapping,
        String environment,
        String action,
        String summary,
        String author,
        String link,
        Instant at,
        String serviceEnvironment)
        implements ChangeEvent {

    /** What kind of thing changed; each is ranked with its own weight. */
    public enum Kind {
        /** An application's configuration (a config map, a properties push). */
        CONFIG,
        /** A feature flag: turned on or off, targeting or rollout changed. */
        FLAG,
        /** Infrastructure: an environment, a cluster, a load balancer, a Terraform apply. */
        INFRA,
        /** A database schema migration. */
        SCHEMA;

        /** The kind named {@code value}, in any case ({@code flag}, {@code FLAG}). */
        public static Kind of(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }

        /** The name in lower case, as the graph, the API and srekg JSON write it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The {@code mapping} of a change no rule mapped to a service. */
    public static final String UNMAPPED = "unmapped";

    public ConfigChange {
        key = Require.text(key, "key");
        Objects.requireNonNull(kind, "kind");
        source = Require.text(source, "source");
        target = Require.text(target, "target");
        services = services.stream()
                .map(s -> Require.text(s, "service"))
                .distinct()
                .sorted()
                .toList();
        mapping = services.isEmpty() ? UNMAPPED : Require.text(mapping, "mapping");
        environment = Require.orEmpty(environment);
        action = Require.orEmpty(action);
        summary = Require.orEmpty(summary);
        author = Require.orEmpty(author);
        link = Require.orEmpty(link);
        Objects.requireNonNull(at, "at");
        serviceEnvironment = ServiceId.environment(serviceEnvironment);
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        return GraphChange.locking(
                WriteStatement.CONFIG_CHANGE,
                services.isEmpty() ? "" : services.get(0),
                key,
                row(
                        "key",
                        key,
                        "environment",
                        serviceEnvironment,
                        "services",
                        services,
                        "at",
                        utc(at),
                        "recordedAt",
                        utc(recordedAt),
                        "props",
                        row(
                                "kind", kind.wire(),
                                "source", source,
                                "target", target,
                                "services", services,
                                "mapping", mapping,
                                "environment", environment,
                                "serviceEnvironment", serviceEnvironment,
                                "action", action,
                                "summary", summary,
                                "author", author,
                                "link", link,
                                "at", utc(at))));
    }
}
