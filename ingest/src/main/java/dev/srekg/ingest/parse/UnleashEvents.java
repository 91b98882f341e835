package dev.srekg.ingest.parse;

import dev.srekg.graph.config.ConfigChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Unleash webhook addon events in the addon's default body (the event as JSON): {@code id}, {@code type},
 * {@code createdBy}, {@code createdAt}, {@code featureName}, {@code project}, {@code environment}, {@code tags}
 * ({@code [{type, value}]}, matched by the rules both as {@code type:value} and as the value), {@code data},
 * {@code preData}. Kept: {@code feature-updated}, {@code feature-environment-enabled} and {@code -disabled}, and
 * {@code feature-strategy-*}; other event types are skipped.
 */
final class UnleashEvents {

    private static final Set<String> USED =
            Set.of("feature-updated", "feature-environment-enabled", "feature-environment-disabled");

    private UnleashEvents() {}

    static boolean matches(JsonNode root) {
        return root.has("featureName") && root.has("type") && root.has("createdAt");
    }

    static ParseResult parse(JsonNode root, ChangeRules rules) {
        String type = Json.text(root, "type");
        if (!USED.contains(type) && !type.startsWith("feature-strategy-")) {
            return new ParseResult.Skipped("Unleash event type not used by srekg: " + Json.abbreviate(type));
        }
        JsonNode id = Json.at(root, "id");
        if (!id.isIntegralNumber() && !(id.isString() && !id.stringValue().isBlank())) {
            throw new Json.Invalid("field id must be the event's number");
        }
        String feature = Json.text(root, "featureName");
        String project = Json.optionalText(root, "project");
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : Json.optionalArray(root, "tags")) {
            String value = Json.optionalText(tag, "value");
            if (!value.isEmpty()) {
                tags.add(Json.optionalText(tag, "type") + ":" + value);
                tags.add(value);
            }
        }
        ChangeRules.Mapping mapping = rules.map(List.of(), tags, feature, project);
        return ParseResult.parsed(new ConfigChange(
                "unleash " + (id.isIntegralNumber() ? String.valueOf(id.longValue()) : id.stringValue()),
                ConfigChange.Kind.FLAG,
                "unleash",
                feature,
                mapping.services(),
                mapping.rule(),
                Json.optionalText(root, "environment"),
                type,
                summary(type),
                Json.optionalText(root, "createdBy"),
                "",
                Json.timestamp(root, "createdAt"),
                rules.environmentOf(Json.optionalText(root, "environment"))));
    }

    private static String summary(String type) {
        return switch (type) {
            case "feature-environment-enabled" -> "enabled";
            case "feature-environment-disabled" -> "disabled";
            case "feature-updated" -> "updated";
            default -> "strategy " + type.substring("feature-strategy-".length());
        };
    }
}
