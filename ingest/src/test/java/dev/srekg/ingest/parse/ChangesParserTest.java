package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.rejection;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static dev.srekg.ingest.parse.ParserAssertions.skip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.config.ConfigChange;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 16: configuration and flag changes from LaunchDarkly, Unleash, CDEvents and srekg JSON. */
class ChangesParserTest {

    private final ChangesParser parser = new ChangesParser(ChangeRules.DEFAULTS);

    @Test
    void launchDarklyFlagTurnedOnNamesItsServiceByTag() {
        ConfigChange c =
                single(parse(parser, Fixtures.bytes("launchdarkly/flag-turned-on.json"), Map.of()), ConfigChange.class);

        assertThat(c.key()).isEqualTo("launchdarkly 6745a1f09c1c2b0e2f3a4b5c");
        assertThat(c.kind()).isEqualTo(ConfigChange.Kind.FLAG);
        assertThat(c.source()).isEqualTo("launchdarkly");
        assertThat(c.target()).isEqualTo("checkout-new-pricing");
        assertThat(c.services()).containsExactly("checkout");
        assertThat(c.mapping()).isEqualTo("tag service:checkout");
        assertThat(c.environment()).isEqualTo("production");
        assertThat(c.action()).isEqualTo("updateOn");
        assertThat(c.summary()).isEqualTo("turned on the flag Checkout new pricing: Roll out new pricing to everyone");
        assertThat(c.author()).isEqualTo("ariel@acme.com");
        assertThat(c.link()).isEqualTo("https://app.launchdarkly.com/shop/production/features/checkout-new-pricing");
        assertThat(c.at()).isEqualTo(Instant.parse("2026-11-20T10:34:00Z"));
    }

    @Test
    void theToolsEnvironmentMapsToSrekgsByTheRulesProductionBeingProd() { // issue 15, item 5
        String flag = fixture("launchdarkly/flag-turned-on.json");
        assertThat(single(parse(parser, flag.getBytes(StandardCharsets.UTF_8), Map.of()), ConfigChange.class)
                        .serviceEnvironment())
                .isEqualTo("prod");
        String staging = flag.replace("env/production", "env/Staging");
        assertThat(single(parse(parser, staging.getBytes(StandardCharsets.UTF_8), Map.of()), ConfigChange.class)
                        .serviceEnvironment())
                .isEqualTo("staging");
        String qa = flag.replace("env/production", "env/qa-eu");
        assertThat(single(parse(parser, qa.getBytes(StandardCharsets.UTF_8), Map.of()), ConfigChange.class)
                        .serviceEnvironment())
                .as("any other name is itself")
                .isEqualTo("qa-eu");
        ChangesParser mapped =
                new ChangesParser(new ChangeRules("service:", Map.of(), Map.of(), Map.of("qa-eu", "staging"), "live"));
        assertThat(single(parse(mapped, qa.getBytes(StandardCharsets.UTF_8), Map.of()), ConfigChange.class)
                        .serviceEnvironment())
                .isEqualTo("staging");
        String none = "{\"srekg\": \"flag\", \"id\": \"f1\", \"service\": \"cart\", \"target\": \"f\","
                + " \"at\": \"2026-11-20T10:00:00Z\"}";
        assertThat(single(parse(mapped, none.getBytes(StandardCharsets.UTF_8), Map.of()), ConfigChange.class)
                        .serviceEnvironment())
                .as("a change that names no environment is of the default one")
                .isEqualTo("live");
    }

    @Test
    void launchDarklyFlagWithoutTagsMapsByKeyPrefixThenByProject() {
        String untagged = fixture("launchdarkly/flag-turned-on.json").replace("\"service:checkout\"", "\"ui\"");
        ChangesParser byPrefix = new ChangesParser(new ChangeRules(
                "service:", Map.of("checkout-", "checkout", "checkout-new-", "pricing"), Map.of("shop", List.of("a"))));
        ChangesParser byProject =
                new ChangesParser(new ChangeRules("service:", Map.of(), Map.of("shop", List.of("cart", "checkout"))));

        ConfigChange prefixed = single(parse(byPrefix, bytes(untagged), Map.of()), ConfigChange.class);
        ConfigChange projected = single(parse(byProject, bytes(untagged), Map.of()), ConfigChange.class);
        ConfigChange unmapped = single(parse(parser, bytes(untagged), Map.of()), ConfigChange.class);

        assertThat(prefixed.services()).as("the longest prefix wins").containsExactly("pricing");
        assertThat(prefixed.mapping()).isEqualTo("key prefix checkout-new-");
        assertThat(projected.services()).containsExactly("cart", "checkout");
        assertThat(projected.mapping()).isEqualTo("project shop");
        assertThat(unmapped.services()).as("kept for the estate timeline").isEmpty();
        assertThat(unmapped.mapping()).isEqualTo("unmapped");
    }

    @Test
    void launchDarklyChangeOfAnotherKindIsSkipped() {
        assertThat(skip(parse(parser, Fixtures.bytes("launchdarkly/environment-renamed.json"), Map.of())))
                .contains("environment");
    }

    @Test
    void unleashEnvironmentEnabledAndStrategyUpdateAreFlagChanges() {
        ChangesParser rules =
                new ChangesParser(new ChangeRules("service:", Map.of(), Map.of("payments", List.of("payment"))));

        ConfigChange enabled = single(
                parse(rules, Fixtures.bytes("unleash/feature-environment-enabled.json"), Map.of()), ConfigChange.class);
        ConfigChange strategy = single(
                parse(parser, Fixtures.bytes("unleash/feature-strategy-update.json"), Map.of()), ConfigChange.class);

        assertThat(enabled.key()).isEqualTo("unleash 4711");
        assertThat(enabled.target()).isEqualTo("payment-3ds-v2");
        assertThat(enabled.services()).containsExactly("payment");
        assertThat(enabled.mapping()).isEqualTo("project payments");
        assertThat(enabled.environment()).isEqualTo("production");
        assertThat(enabled.action()).isEqualTo("feature-environment-enabled");
        assertThat(enabled.summary()).isEqualTo("enabled");
        assertThat(enabled.author()).isEqualTo("jane@shop.example");
        assertThat(enabled.at()).isEqualTo(Instant.parse("2026-11-20T10:20:00Z"));
        assertThat(strategy.services()).as("tag type service, value payment").containsExactly("payment");
        assertThat(strategy.mapping()).isEqualTo("tag service:payment");
        assertThat(strategy.summary()).isEqualTo("strategy update");
    }

    @Test
    void unleashEventOfAnotherTypeIsSkipped() {
        assertThat(skip(parse(parser, Fixtures.bytes("unleash/feature-created.json"), Map.of())))
                .contains("feature-created");
    }

    @Test
    void cdEventsEnvironmentModifiedIsAnUnmappedInfrastructureChangeUnlessARuleMapsIt() {
        ConfigChange c = single(
                parse(parser, Fixtures.bytes("cdevents/environment-modified.json"), Map.of()), ConfigChange.class);
        ConfigChange mapped = single(
                parse(
                        new ChangesParser(new ChangeRules("", Map.of("prod", "checkout"), Map.of())),
                        Fixtures.bytes("cdevents/environment-modified.json"),
                        Map.of()),
                ConfigChange.class);

        assertThat(c.key()).isEqualTo("/terraform/cloud/shop-prod 5b3e7c52-9d1a-4f0e-8b7a-2c6d9e0f1a23");
        assertThat(c.kind()).isEqualTo(ConfigChange.Kind.INFRA);
        assertThat(c.target()).isEqualTo("prod");
        assertThat(c.environment()).isEqualTo("prod");
        assertThat(c.action()).isEqualTo("modified");
        assertThat(c.services()).isEmpty();
        assertThat(c.link()).startsWith("https://app.terraform.io/");
        assertThat(mapped.services()).containsExactly("checkout");
    }

    @Test
    void cdEventsEnvironmentInBinaryModeAndServiceEventsSkipped() {
        ConfigChange binary = single(
                parse(parser, Fixtures.bytes("cdevents/environment-modified.json"), Map.of("ce_specversion", "1.0")),
                ConfigChange.class);

        assertThat(binary.kind()).isEqualTo(ConfigChange.Kind.INFRA);
        assertThat(skip(parse(parser, Fixtures.bytes("cdevents/service-deployed.json"), Map.of())))
                .contains("dev.cdevents.service.deployed");
    }

    @Test
    void srekgFlagNamesItsServiceAndSrekgConfigMapsByProject() {
        ConfigChange flag = single(parse(parser, Fixtures.bytes("srekg/flag.json"), Map.of()), ConfigChange.class);
        ConfigChange config = single(
                parse(
                        new ChangesParser(new ChangeRules("service:", Map.of(), Map.of("shop", List.of("cart")))),
                        Fixtures.bytes("srekg/config.json"),
                        Map.of()),
                ConfigChange.class);

        assertThat(flag.key()).isEqualTo("srekg argocd-checkout-flags-381");
        assertThat(flag.kind()).isEqualTo(ConfigChange.Kind.FLAG);
        assertThat(flag.services()).containsExactly("checkout");
        assertThat(flag.mapping()).isEqualTo("service field");
        assertThat(flag.target()).isEqualTo("checkout-feature-flags");
        assertThat(flag.link()).isEqualTo("https://argocd.shop.example/applications/checkout-flags?operation=381");
        assertThat(config.kind()).isEqualTo(ConfigChange.Kind.CONFIG);
        assertThat(config.services()).containsExactly("cart");
        assertThat(config.mapping()).isEqualTo("project shop");
        assertThat(config.summary()).isEqualTo("maxmemory-policy allkeys-lru -> noeviction");
    }

    @Test
    void srekgSchemaAndInfraKindsAreTaken() {
        for (String kind : List.of("schema", "infra")) {
            ConfigChange c = single(
                    parse(
                            parser,
                            bytes("{\"srekg\": \"" + kind + "\", \"id\": \"1\", \"service\": \"orders\","
                                    + " \"at\": \"2026-11-20T10:00:00Z\"}"),
                            Map.of()),
                    ConfigChange.class);
            assertThat(c.kind().wire()).isEqualTo(kind);
            assertThat(c.target()).as("the service when no target is named").isEqualTo("orders");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"srekg\": \"deploy\", \"id\": \"1\", \"service\": \"a\", \"at\": \"2026-11-20T10:00:00Z\"}"
                        + "| srekg record of kind 'deploy' on the changes stream",
                "{\"srekg\": \"flag\", \"id\": \"1\", \"at\": \"2026-11-20T10:00:00Z\"} | missing required field target",
                "{\"srekg\": \"flag\", \"id\": \"1\", \"target\": \"f\", \"at\": \"yesterday\"} | not an RFC 3339",
                "{\"srekg\": \"config\", \"target\": \"f\", \"at\": \"2026-11-20T10:00:00Z\"} | missing required field id",
                "{\"_id\": \"x\", \"accesses\": [], \"date\": \"today\", \"kind\": \"flag\"} | date must be an integer",
                "{\"_id\": \"x\", \"accesses\": [], \"date\": 1, \"kind\": \"flag\"} | names no flag",
                "{\"type\": \"feature-updated\", \"featureName\": \"f\", \"createdAt\": \"2026-11-20T10:00:00Z\"}"
                        + "| id must be",
                "{\"type\": \"feature-updated\", \"id\": 3, \"featureName\": \"f\", \"createdAt\": 5} | must be a string",
                "{\"context\": {\"type\": \"dev.cdevents.environment.modified.0.2.0\", \"id\": \"1\","
                        + " \"source\": \"s\", \"timestamp\": \"2026-11-20T10:00:00Z\"}, \"subject\": {}}"
                        + "| missing required field subject.id",
                "{\"hello\": \"world\"} | not a LaunchDarkly webhook, Unleash event, CDEvent or srekg change",
                "{\"srekg\": \"flag\", | malformed JSON",
            })
    void malformedChangesAreRejectedWithTheReason(String value, String reason) {
        assertThat(rejection(parse(parser, bytes(value), Map.of()))).contains(reason);
    }

    private static String fixture(String path) {
        return new String(Fixtures.bytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
