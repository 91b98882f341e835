package dev.srekg.ingest.parse;

import dev.srekg.graph.tickets.Ticket;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * GitHub {@code issues} webhooks. Services: {@code service:<name>} labels, else the repository (through
 * {@link IdentityRules#repositories()}). Other GitHub events (when the {@code X-GitHub-Event} header says so) are
 * skipped.
 */
final class GitHubWebhooks {

    private GitHubWebhooks() {}

    static boolean matches(JsonNode root, IncomingRecord record) {
        return record.header("X-GitHub-Event").isPresent()
                || (root.path("issue").isObject() && root.path("repository").isObject() && root.has("action"));
    }

    static ParseResult parse(JsonNode root, IncomingRecord record, IdentityRules rules) {
        String event = record.header("X-GitHub-Event").orElse("issues");
        if (!event.equals("issues")) {
            return new ParseResult.Skipped("GitHub event not used by srekg: " + Json.abbreviate(event));
        }
        String repository = Json.text(root, "repository.full_name");
        JsonNode number = Json.at(root, "issue.number");
        if (!number.isIntegralNumber()) {
            throw new Json.Invalid("field issue.number must be an integer");
        }
        Instant created = Json.timestamp(root, "issue.created_at");
        Instant updated = Json.optionalTimestamp(root, "issue.updated_at");
        Set<String> services = new LinkedHashSet<>();
        for (String label : Json.strings(Json.optionalArray(root, "issue.labels"), "name")) {
            rules.serviceOfLabel(label).ifPresent(services::add);
        }
        if (services.isEmpty()) {
            services.add(rules.repositoryService(repository));
        }
        String action = Json.text(root, "action");
        String state = action.equals("deleted") ? "deleted" : Json.optionalText(root, "issue.state");
        Instant closedAt = Json.optionalTimestamp(root, "issue.closed_at");
        if (action.equals("deleted") && closedAt == null) {
            closedAt = updated == null ? created : updated;
        }
        return ParseResult.parsed(new Ticket(
                "github:" + repository + "#" + number.longValue(),
                "github",
                Json.optionalText(root, "issue.title"),
                state,
                "",
                Json.optionalText(root, "issue.html_url"),
                rules.environments().ofTicketLabels(Json.strings(Json.optionalArray(root, "issue.labels"), "name")),
                List.copyOf(services),
                created,
                closedAt,
                updated == null ? created : updated));
    }
}
