package dev.srekg.ingest.parse;

import dev.srekg.graph.config.ConfigChange;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * LaunchDarkly webhooks: the body is an audit-log entry ({@code _id}, {@code date} in epoch milliseconds,
 * {@code kind}, {@code name}, {@code accesses[].action} and {@code .resource}, {@code member}, {@code titleVerb},
 * {@code currentVersion}). Flag changes ({@code kind: flag}) are kept; other kinds are skipped. The resource
 * {@code proj/<project>:env/<environment>:flag/<key>} gives project, environment and flag key; the flag's tags come
 * from {@code currentVersion.tags}; the link from {@code _links.site.href} on {@code app.launchdarkly.com}.
 * Deliveries may arrive out of order: {@code date} is the event time, so order does not matter.
 */
final class LaunchDarklyWebhooks {

    private static final String SITE = "https://app.launchdarkly.com";

    private LaunchDarklyWebhooks() {}

    static boolean matches(JsonNode root) {
        return root.has("_id") && root.has("accesses") && root.has("date");
    }

    static ParseResult parse(JsonNode root, ChangeRules rules) {
        String id = Json.text(root, "_id");
        var at = Json.epochMillis(root, "date");
        String kind = Json.text(root, "kind");
        if (!kind.equals("flag")) {
            return new ParseResult.Skipped("LaunchDarkly " + Json.abbreviate(kind) + " change not used by srekg");
        }
        JsonNode accesses = Json.optionalArray(root, "accesses");
        String resource = accesses.isEmpty() ? "" : Json.optionalText(accesses.get(0), "resource");
        String project = segment(resource, "proj");
        String key = segment(resource, "flag");
        if (key.isEmpty()) {
            key = Json.optionalText(root, "currentVersion.key");
        }
        if (key.isEmpty()) {
            throw new Json.Invalid("LaunchDarkly flag change names no flag (accesses[0].resource, currentVersion.key)");
        }
        List<String> actions = Json.strings(accesses, "action");
        ChangeRules.Mapping mapping =
                rules.map(List.of(), Json.strings(Json.optionalArray(root, "currentVersion.tags"), null), key, project);
        String verb = Json.optionalText(root, "titleVerb");
        String comment = Json.optionalText(root, "comment");
        String summary = (verb.isEmpty() ? String.join(", ", actions) : verb) + " " + Json.optionalText(root, "name");
        String site = Json.optionalText(root, "_links.site.href");
        return ParseResult.parsed(new ConfigChange(
                "launchdarkly " + id,
                ConfigChange.Kind.FLAG,
                "launchdarkly",
                key,
                mapping.services(),
                mapping.rule(),
                segment(resource, "env"),
                String.join(", ", actions),
                comment.isEmpty() ? summary.strip() : summary.strip() + ": " + comment,
                author(root),
                site.startsWith("/") ? SITE + site : site,
                at,
                rules.environmentOf(segment(resource, "env"))));
    }

    /** The member's e-mail, else their name. */
    private static String author(JsonNode root) {
        String email = Json.optionalText(root, "member.email");
        if (!email.isEmpty()) {
            return email;
        }
        return (Json.optionalText(root, "member.firstName") + " " + Json.optionalText(root, "member.lastName")).strip();
    }

    /**
     * The value of one segment of a LaunchDarkly resource: {@code proj/shop:env/production:flag/new-pricing} has
     * {@code proj} {@code shop}; a segment's tag list ({@code ;tag1,tag2}) is dropped. Empty when absent.
     */
    static String segment(String resource, String type) {
        for (String part : resource.split(":")) {
            if (part.startsWith(type + "/")) {
                String value = part.substring(type.length() + 1);
                int tags = value.indexOf(';');
                return (tags < 0 ? value : value.substring(0, tags)).strip();
            }
        }
        return "";
    }
}
