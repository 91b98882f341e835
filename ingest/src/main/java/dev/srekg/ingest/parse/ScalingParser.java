package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The scaling stream: Kubernetes Events as event exporters write them, or srekg JSON. */
public final class ScalingParser extends JsonStreamParser {

    private final IdentityRules rules;

    public ScalingParser(IdentityRules rules) {
        this.rules = rules;
    }

    @Override
    ParseResult parse(JsonNode root, IncomingRecord record) {
        String own = ownFormatKind(root);
        if (!own.isEmpty()) {
            if (!own.equals("scale")) {
                throw wrongOwnKind(own, "scaling");
            }
            return SrekgFormat.scale(root);
        }
        if (!KubernetesEvents.matches(root)) {
            throw new Json.Invalid("not a Kubernetes Event: missing involvedObject or reason");
        }
        return KubernetesEvents.parse(root, rules);
    }
}
