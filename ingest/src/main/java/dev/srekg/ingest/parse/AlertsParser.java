package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The alerts stream: Alertmanager (v4) webhook payloads, or srekg JSON. */
public final class AlertsParser extends JsonStreamParser {

    private final IdentityRules rules;

    public AlertsParser(IdentityRules rules) {
        super("alerts", SrekgFormat.BREACH, rules.environments());
        this.rules = rules;
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        return AlertmanagerWebhooks.parse(root, rules);
    }
}
