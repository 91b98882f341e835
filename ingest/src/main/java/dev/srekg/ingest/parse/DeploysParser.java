package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The deploys stream: CDEvents (CloudEvents binary or structured mode, or bare), PagerDuty change events, srekg JSON. */
public final class DeploysParser extends JsonStreamParser {

    @Override
    ParseResult parse(JsonNode root, IncomingRecord record) {
        String own = ownFormatKind(root);
        if (!own.isEmpty()) {
            if (!own.equals("deploy")) {
                throw wrongOwnKind(own, "deploys");
            }
            return SrekgFormat.deploy(root);
        }
        if (PagerDutyChanges.matches(root)) {
            return PagerDutyChanges.parse(root);
        }
        return CdEvents.parse(root, record);
    }
}
