package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The scaling stream: Kubernetes Events as event exporters write them, or srekg JSON. */
public final class ScalingParser extends JsonStreamParser {

    private final IdentityRules rules;

    public ScalingParser(IdentityRules rules) {
        super("scaling", SrekgFormat.SCALE, rules.environments());
        this.rules = rules;
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        if (!KubernetesEvents.matches(root)) {
            throw new Json.Invalid("not a Kubernetes Event: missing involvedObject or reason");
        }
        return KubernetesEvents.parse(root, rules);
    }
}
