package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The tickets stream: Jira and GitHub issue webhooks, or srekg JSON. */
public final class TicketsParser extends JsonStreamParser {

    private final IdentityRules rules;

    public TicketsParser(IdentityRules rules) {
        super("tickets", SrekgFormat.TICKET, rules.environments());
        this.rules = rules;
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        if (JiraWebhooks.matches(root)) {
            return JiraWebhooks.parse(root, rules);
        }
        if (GitHubWebhooks.matches(root, record)) {
            return GitHubWebhooks.parse(root, record, rules);
        }
        throw new Json.Invalid("not a Jira or GitHub issue webhook");
    }
}
