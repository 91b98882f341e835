package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The alerts stream: Alertmanager (v4) webhook payloads, or srekg JSON. */
public final class AlertsParser extends JsonStreamParser {

    private final IdentityRules rules;

    public AlertsParser(IdentityRules rules) {
        this.rules = rules;
    }

    @Override
    ParseResult parse(JsonNode root, IncomingRecord record) {
        String own = ownFormatKind(root);
        if (!own.isEmpty()) {
            if (!own.equals("breach")) {
                throw wrongOwnKind(own, "alerts");
            }
            return SrekgFormat.breach(root);
        }
        return AlertmanagerWebhooks.parse(root, rules);
    }
}
