package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The deploys stream: CDEvents (CloudEvents binary or structured mode, or bare), PagerDuty change events, srekg JSON. */
public final class DeploysParser extends JsonStreamParser {

    public DeploysParser() {
        super("deploys", SrekgFormat.DEPLOY);
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        return PagerDutyChanges.matches(root) ? PagerDutyChanges.parse(root) : CdEvents.parse(root, record);
    }
}
