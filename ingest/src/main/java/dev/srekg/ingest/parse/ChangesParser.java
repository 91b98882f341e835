package dev.srekg.ingest.parse;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The changes stream: configuration, flag, infrastructure and schema changes. LaunchDarkly webhooks (audit-log
 * entries), Unleash webhook addon events, CDEvents {@code environment.*} events, and srekg JSON of the kinds
 * {@code config}, {@code flag}, {@code infra} and {@code schema}. Services are found by {@link ChangeRules}.
 */
public final class ChangesParser extends JsonStreamParser {

    private final ChangeRules rules;

    public ChangesParser(ChangeRules rules) {
        // Config changes name the tools' environments, which the change rules map to srekg's (ChangeRules).
        super(
                "changes",
                Set.of(SrekgFormat.CONFIG, SrekgFormat.FLAG, SrekgFormat.INFRA, SrekgFormat.SCHEMA),
                IdentityRules.Environments.DEFAULTS);
        this.rules = rules;
    }

    @Override
    ParseResult parseOwnFormat(String kind, JsonNode root) {
        return SrekgFormat.change(kind, root, rules);
    }

    @Override
    ParseResult parseProducerFormat(JsonNode root, IncomingRecord record) {
        if (LaunchDarklyWebhooks.matches(root)) {
            return LaunchDarklyWebhooks.parse(root, rules);
        }
        if (UnleashEvents.matches(root)) {
            return UnleashEvents.parse(root, rules);
        }
        if (CdEvents.matches(root, record)) {
            return CdEvents.parseEnvironmentChange(root, record, rules);
        }
        throw new Json.Invalid("not a LaunchDarkly webhook, Unleash event, CDEvent or srekg change");
    }
}
