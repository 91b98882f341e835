package dev.srekg.ingest.parse;

import tools.jackson.databind.JsonNode;

/** The deploys stream: CDEvents (CloudEvents binary or structured mode, or bare), PagerDuty change events, srekg JSON. */
public final class DeploysParser extends JsonStreamParser {

    private final IdentityRules.Environments environments;

    /** A parser whose deploys without an environment go to {@link IdentityRules.Environments#DEFAULTS}' default. */
    public DeploysParser() {
        this(IdentityRules.Environments.DEFAULTS);
    }

    public DeploysParser(IdentityRules.Environments environments) {
        super("deploys", SrekgFormat.DEPLOY, environments);
        this.environments = environments;
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        return PagerDutyChanges.matches(root)
                ? PagerDutyChanges.parse(root, environments)
                : CdEvents.parse(root, record, environments);
    }
}
