package dev.srekg.ingest.parse;

import dev.srekg.graph.tickets.Ticket;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Jira issue webhooks ({@code jira:issue_created}, {@code _updated}, {@code _deleted}). Services: components (when
 * {@link IdentityRules#ticketComponents()}) and {@code service:<name>} labels. A deleted issue is closed at the time
 * of the deletion; nothing is removed from the graph.
 */
final class JiraWebhooks {

    private JiraWebhooks() {}

    static boolean matches(JsonNode root) {
        return root.path("webhookEvent").isString()
                && root.path("webhookEvent").stringValue().startsWith("jira:");
    }

    static ParseResult parse(JsonNode root, IdentityRules rules) {
        String event = Json.text(root, "webhookEvent");
        boolean deleted = event.equals("jira:issue_deleted");
        if (!deleted && !event.equals("jira:issue_created") && !event.equals("jira:issue_updated")) {
            return new ParseResult.Skipped("Jira webhook event not used by srekg: " + Json.abbreviate(event));
        }
        Instant at = Json.epochMillis(root, "timestamp");
        String key = Json.text(root, "issue.key");
        JsonNode fields = Json.optionalObject(root, "issue.fields");
        Instant created = Json.optionalTimestamp(fields, "created");
        Instant resolved = Json.optionalTimestamp(fields, "resolutiondate");
        Instant closedAt = deleted ? (resolved == null ? at : resolved) : resolved;

        Set<String> services = new LinkedHashSet<>();
        if (rules.ticketComponents()) {
            services.addAll(Json.strings(Json.optionalArray(fields, "components"), "name"));
        }
        for (String label : Json.strings(Json.optionalArray(fields, "labels"), null)) {
            rules.serviceOfLabel(label).ifPresent(services::add);
        }
        String status = deleted ? "Deleted" : Json.optionalText(fields, "status.name");
        String self = Json.optionalText(root, "issue.self");
        return ParseResult.parsed(new Ticket(
                "jira:" + key,
                "jira",
                Json.optionalText(fields, "summary"),
                status,
                Json.optionalText(fields, "priority.name"),
                browseUrl(self, key),
                rules.environments().ofTicketLabels(Json.strings(Json.optionalArray(fields, "labels"), null)),
                List.copyOf(services),
                created == null ? at : created,
                closedAt,
                at));
    }

    /** {@code https://x.atlassian.net/rest/api/2/issue/10001} gives {@code https://x.atlassian.net/browse/KEY}. */
    private static String browseUrl(String self, String key) {
        int rest = self.indexOf("/rest/api/");
        return rest < 0 ? "" : self.substring(0, rest) + "/browse/" + key;
    }
}
