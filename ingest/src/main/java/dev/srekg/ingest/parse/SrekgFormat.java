package dev.srekg.ingest.parse;

import dev.srekg.graph.config.ConfigChange;
import dev.srekg.graph.deploys.Deployment;
import dev.srekg.graph.scaling.ScaleEvent;
import dev.srekg.graph.slo.Breach;
import dev.srekg.graph.tickets.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * srekg's own small JSON, one kind per stream, for sources that speak none of the producers' formats. The field
 * {@code srekg} names the kind; times are RFC 3339; {@code id} is unique per source. Documented in
 * docs/graph-model.md.
 */
final class SrekgFormat {

    static final String DEPLOY = "deploy";
    static final String SCALE = "scale";
    static final String TICKET = "ticket";
    static final String BREACH = "breach";
    static final String CONFIG = "config";
    static final String FLAG = "flag";
    static final String INFRA = "infra";
    static final String SCHEMA = "schema";

    private SrekgFormat() {}

    static ParseResult parse(String kind, JsonNode r, IdentityRules.Environments environments) {
        String environment = environments.or(Json.optionalText(r, "environment"));
        return switch (kind) {
            case DEPLOY -> deploy(r, environment);
            case SCALE -> scale(r, environment);
            case TICKET -> ticket(r, environment);
            case BREACH -> breach(r, environment);
            default -> throw new Json.Invalid("unknown srekg record kind " + Json.abbreviate(kind));
        };
    }

    private static ParseResult deploy(JsonNode r, String environment) {
        String action = Json.optionalText(r, "action");
        return ParseResult.parsed(new Deployment(
                "srekg " + Json.text(r, "id"),
                Json.text(r, "service"),
                environment,
                Json.optionalText(r, "cluster"),
                action.isEmpty() ? Deployment.Action.DEPLOYED : enumValue(Deployment.Action.class, action, "action"),
                Json.optionalText(r, "artifact"),
                Json.optionalText(r, "version"),
                Json.optionalText(r, "summary"),
                Json.timestamp(r, "at"),
                Json.optionalTimestamp(r, "changedAt")));
    }

    private static ParseResult scale(JsonNode r, String environment) {
        int replicas = Json.optionalInt(r, "replicas", -1);
        int previous = Json.optionalInt(r, "previousReplicas", -1);
        ScaleEvent.Direction direction = replicas < 0 || previous < 0 || replicas == previous
                ? ScaleEvent.Direction.UNKNOWN
                : replicas > previous ? ScaleEvent.Direction.UP : ScaleEvent.Direction.DOWN;
        return ParseResult.parsed(new ScaleEvent(
                "srekg " + Json.text(r, "id"),
                Json.text(r, "service"),
                environment,
                Json.optionalText(r, "namespace"),
                Json.optionalText(r, "cluster"),
                "srekg",
                Json.optionalText(r, "reason"),
                direction,
                replicas,
                previous,
                r.path("failed").asBoolean(false),
                Json.optionalText(r, "message"),
                Json.timestamp(r, "at")));
    }

    private static ParseResult ticket(JsonNode r, String environment) {
        var opened = Json.timestamp(r, "openedAt");
        var updated = Json.optionalTimestamp(r, "updatedAt");
        return ParseResult.parsed(new Ticket(
                "srekg:" + Json.text(r, "id"),
                "srekg",
                Json.text(r, "title"),
                Json.optionalText(r, "status"),
                Json.optionalText(r, "priority"),
                Json.optionalText(r, "url"),
                environment,
                Json.strings(Json.optionalArray(r, "services"), null),
                opened,
                Json.optionalTimestamp(r, "closedAt"),
                updated == null ? opened : updated));
    }

    private static ParseResult breach(JsonNode r, String environment) {
        String service = Json.text(r, "service");
        String objective = Json.optionalText(r, "objective");
        return ParseResult.parsed(new Breach(
                "srekg " + Json.text(r, "id"),
                service,
                environment,
                Json.text(r, "slo"),
                objective.isEmpty()
                        ? Breach.Objective.named(Json.text(r, "slo"))
                        : enumValue(Breach.Objective.class, objective, "objective"),
                "srekg",
                "",
                Json.optionalText(r, "severity"),
                Json.optionalText(r, "team"),
                Json.optionalText(r, "summary"),
                Json.optionalText(r, "url"),
                Json.timestamp(r, "startsAt"),
                Json.optionalTimestamp(r, "endsAt")));
    }

    /**
     * A configuration, flag, infrastructure or schema change: {@code id}, {@code at} and {@code target} (what was
     * changed; the service when absent) are required; {@code service} or {@code services}, {@code tags} and
     * {@code project} name its services through the rules; {@code environment}, {@code action}, {@code summary},
     * {@code author} and {@code link} are optional.
     */
    static ParseResult change(String kind, JsonNode r, ChangeRules rules) {
        List<String> named = new ArrayList<>(Json.strings(Json.optionalArray(r, "services"), null));
        String service = Json.optionalText(r, "service");
        if (!service.isEmpty()) {
            named.add(0, service);
        }
        String target = Json.optionalText(r, "target");
        if (target.isEmpty()) {
            target = service.isEmpty() ? Json.text(r, "target") : service;
        }
        ChangeRules.Mapping mapping = rules.map(
                named, Json.strings(Json.optionalArray(r, "tags"), null), target, Json.optionalText(r, "project"));
        return ParseResult.parsed(new ConfigChange(
                "srekg " + Json.text(r, "id"),
                ConfigChange.Kind.of(kind),
                "srekg",
                target,
                mapping.services(),
                mapping.rule(),
                Json.optionalText(r, "environment"),
                Json.optionalText(r, "action"),
                Json.optionalText(r, "summary"),
                Json.optionalText(r, "author"),
                Json.optionalText(r, "link"),
                Json.timestamp(r, "at"),
                rules.environmentOf(Json.optionalText(r, "environment"))));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("field " + field + " has unknown value " + Json.abbreviate(value));
        }
    }
}
