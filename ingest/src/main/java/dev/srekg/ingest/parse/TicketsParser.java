package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The tickets stream: Jira and GitHub issue webhooks, or srekg JSON. */
public final class TicketsParser extends JsonStreamParser {

    private final IdentityRules rules;

    public TicketsParser(IdentityRules rules) {
        this.rules = rules;
    }

    @Override
    ParseResult parse(JsonNode root, IncomingRecord record) {
        String own = ownFormatKind(root);
        if (!own.isEmpty()) {
            if (!own.equals("ticket")) {
                throw wrongOwnKind(own, "tickets");
            }
            return SrekgFormat.ticket(root);
        }
        if (JiraWebhooks.matches(root)) {
            return JiraWebhooks.parse(root, rules);
        }
        if (GitHubWebhooks.matches(root, record)) {
            return GitHubWebhooks.parse(root, record, rules);
        }
        throw new Json.Invalid("not a Jira or GitHub issue webhook");
    }
}
