package dev.srekg.ingest.parse;

import dev.srekg.graph.config.ConfigChange;
import dev.srekg.graph.deploys.Deployment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Deploys as CDEvents, in every shape producers send them: a CloudEvent in binary mode ({@code ce_*} headers, the
 * CDEvent as the value), a CloudEvent in structured mode (the CDEvent in {@code data}), or a bare CDEvent.
 *
 * <p>Service identity: {@code subject.id} without its {@code service/} prefix ({@code service/checkout} gives
 * {@code checkout}); version: the part of {@code subject.content.artifactId} after {@code @} (a package URL).
 * Types are matched on their prefix, never on the version suffix. The time of the change a deploy ships (for lead
 * time) is read from {@code customData.changedAt} (RFC 3339) when the producer sets it.
 *
 * <p>On the changes stream, {@code environment.*} events (created, modified, deleted) are infrastructure changes of
 * the environment {@code subject.content.name} (else {@code subject.id}), linked to {@code subject.content.url};
 * they name a service only when {@code customData.service} does or a {@link ChangeRules} rule maps the environment.
 */
final class CdEvents {

    private static final String SERVICE_TYPE_PREFIX = "dev.cdevents.service.";
    private static final String ENVIRONMENT_TYPE_PREFIX = "dev.cdevents.environment.";

    private CdEvents() {}

    static ParseResult parse(JsonNode root, IncomingRecord record, IdentityRules.Environments environments) {
        return parseCdEvent(cdEventOf(root, record), environments);
    }

    /** Whether the record is a CloudEvent (either mode) or a bare CDEvent. */
    static boolean matches(JsonNode root, IncomingRecord record) {
        return record.header("ce_specversion").isPresent() || root.has("specversion") || root.has("context");
    }

    /** An {@code environment.*} CDEvent as an infrastructure change; other CDEvent types are skipped. */
    static ParseResult parseEnvironmentChange(JsonNode root, IncomingRecord record, ChangeRules rules) {
        JsonNode event = cdEventOf(root, record);
        String type = cdEventType(event);
        if (!type.startsWith(ENVIRONMENT_TYPE_PREFIX)) {
            return new ParseResult.Skipped("CDEvent type not used on the changes stream: " + Json.abbreviate(type));
        }
        String predicate = type.substring(ENVIRONMENT_TYPE_PREFIX.length());
        int dot = predicate.indexOf('.');
        String action = dot < 0 ? predicate : predicate.substring(0, dot);
        String name = Json.optionalText(event, "subject.content.name");
        String environment = name.isEmpty() ? Json.text(event, "subject.id") : name;
        String service = Json.optionalText(event, "customData.service");
        ChangeRules.Mapping mapping =
                rules.map(service.isEmpty() ? List.of() : List.of(service), List.of(), environment, "");
        return ParseResult.parsed(new ConfigChange(
                Json.text(event, "context.source") + " " + Json.text(event, "context.id"),
                ConfigChange.Kind.INFRA,
                "cdevents",
                environment,
                mapping.services(),
                mapping.rule(),
                environment,
                action,
                "environment " + action,
                "",
                Json.optionalText(event, "subject.content.url"),
                Json.timestamp(event, "context.timestamp"),
                rules.environmentOf(environment)));
    }

    /** Unwraps the CloudEvents envelope, if any, and returns the CDEvent. */
    private static JsonNode cdEventOf(JsonNode root, IncomingRecord record) {
        boolean binaryMode = record.header("ce_specversion").isPresent();
        if (binaryMode) {
            return root;
        }
        if (root.has("specversion")) {
            JsonNode data = root.path("data");
            if (!data.isObject()) {
                throw new Json.Invalid("structured CloudEvent without a JSON object in data");
            }
            return data;
        }
        return root;
    }

    private static String cdEventType(JsonNode event) {
        String type = Json.text(event, "context.type");
        if (!type.startsWith("dev.cdevents.")) {
            throw new Json.Invalid("not a CDEvent: context.type is " + Json.abbreviate(type));
        }
        return type;
    }

    private static ParseResult parseCdEvent(JsonNode event, IdentityRules.Environments environments) {
        String type = cdEventType(event);
        Optional<Deployment.Action> action = serviceAction(type);
        if (action.isEmpty()) {
            return new ParseResult.Skipped("CDEvent type not used by srekg: " + Json.abbreviate(type));
        }
        String id = Json.text(event, "context.id");
        String source = Json.text(event, "context.source");
        String artifactId = Json.optionalText(event, "subject.content.artifactId");
        return ParseResult.parsed(new Deployment(
                source + " " + id,
                serviceName(Json.text(event, "subject.id")),
                environments.or(Json.optionalText(event, "subject.content.environment.id")),
                cluster(event.path("customData")),
                action.get(),
                artifactId,
                versionOf(artifactId),
                "",
                Json.timestamp(event, "context.timestamp"),
                Json.optionalTimestamp(event, "customData.changedAt")));
    }

    /** The cluster deployed to: {@code customData.cluster}, else {@code customData["k8s.cluster.name"]}, else empty. */
    private static String cluster(JsonNode customData) {
        for (String field : new String[] {"cluster", "k8s.cluster.name"}) {
            if (customData.path(field).isString()) {
                return customData.path(field).stringValue();
            }
        }
        return "";
    }

    private static Optional<Deployment.Action> serviceAction(String type) {
        if (!type.startsWith(SERVICE_TYPE_PREFIX)) {
            return Optional.empty();
        }
        String predicate = type.substring(SERVICE_TYPE_PREFIX.length()).toLowerCase(Locale.ROOT);
        if (predicate.startsWith("deployed.")) {
            return Optional.of(Deployment.Action.DEPLOYED);
        } else if (predicate.startsWith("upgraded.")) {
            return Optional.of(Deployment.Action.UPGRADED);
        } else if (predicate.startsWith("rolledback.")) {
            return Optional.of(Deployment.Action.ROLLED_BACK);
        } else if (predicate.startsWith("removed.")) {
            return Optional.of(Deployment.Action.REMOVED);
        }
        return Optional.empty();
    }

    /** {@code service/checkout} and {@code checkout} both name {@code checkout}. */
    static String serviceName(String subjectId) {
        String name = subjectId.startsWith("service/") ? subjectId.substring("service/".length()) : subjectId;
        if (name.isBlank()) {
            throw new Json.Invalid("subject.id names no service: " + Json.abbreviate(subjectId));
        }
        return name;
    }

    /** The version of a package URL ({@code pkg:oci/checkout@sha256%3Aab12?repository_url=...}), or empty. */
    static String versionOf(String artifactId) {
        int at = artifactId.lastIndexOf('@');
        if (at < 0) {
            return "";
        }
        String version = artifactId.substring(at + 1);
        int end = indexOfAny(version, '?', '#');
        if (end >= 0) {
            version = version.substring(0, end);
        }
        try {
            return URLDecoder.decode(version, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return version;
        }
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
