package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.events;
import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.rejection;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static dev.srekg.ingest.parse.ParserAssertions.skip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.catalog.CatalogEntity;
import dev.srekg.graph.catalog.CatalogKind;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogParserTest {

    private final CatalogParser parser = new CatalogParser();

    @Test // issue 18
    void componentYamlGivesOwnerSystemTierOnCallLinksAndDeclaredDependencies() {
        CatalogEntity c =
                single(parse(parser, Fixtures.bytes("catalog/shop/checkout.yaml"), Map.of()), CatalogEntity.class);

        assertThat(c.kind()).isEqualTo(CatalogKind.COMPONENT);
        assertThat(c.ref()).isEqualTo("component:default/checkout");
        assertThat(c.service()).isEqualTo("checkout");
        assertThat(c.title()).isEqualTo("Checkout");
        assertThat(c.owner()).isEqualTo("payments");
        assertThat(c.system()).isEqualTo("shop");
        assertThat(c.lifecycle()).isEqualTo("production");
        assertThat(c.tier()).isEqualTo("1");
        assertThat(c.pagerDutyService()).isEqualTo("PCHK123");
        assertThat(c.links())
                .extracting(CatalogEntity.Link::title)
                .containsExactly("Checkout runbook", "Checkout dashboard");
        assertThat(c.dependsOn()).containsExactly("cart", "orders-db");
        assertThat(c.consumesApis()).containsExactly("payment-api");
        assertThat(c.at()).isNull();
    }

    @Test // issue 18
    void everyDocumentOfAFileIsAnEntityAndTheImportTimeIsTheirValidity() {
        var result = parse(
                parser,
                Fixtures.bytes("catalog/shop/teams.yaml"),
                Map.of(CatalogParser.OBSERVED_AT, "2026-11-30T08:00:00Z"));

        assertThat(events(result))
                .map(CatalogEntity.class::cast)
                .extracting(CatalogEntity::ref)
                .containsExactly("group:default/payments", "user:default/ada", "system:default/shop");
        CatalogEntity team = (CatalogEntity) events(result).get(0);
        assertThat(team.title()).isEqualTo("Payments team");
        assertThat(team.slackChannel()).isEqualTo("#payments");
        assertThat(team.service()).isEmpty();
        assertThat(team.at()).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    }

    @Test // issue 18
    void catalogApiPageJsonGivesItsItems() {
        var entities = events(parse(parser, Fixtures.bytes("catalog/api-page.json"), Map.of()));

        assertThat(entities).hasSize(2);
        CatalogEntity cart = (CatalogEntity) entities.get(0);
        assertThat(cart.service()).isEqualTo("cart");
        assertThat(cart.environment()).isEqualTo("prod");
        assertThat(cart.owner()).isEqualTo("storefront");
    }

    @Test // issue 18
    void kindsSrekgDoesNotKeepAreSkipped() {
        assertThat(skip(parse(parser, Fixtures.bytes("catalog/shop/location.yaml"), Map.of())))
                .contains("without a kind srekg keeps");
    }

    @Test // issue 18
    void theSameDescriptionHasTheSameKeyAndAChangedOneAnother() {
        byte[] yaml = Fixtures.bytes("catalog/shop/checkout.yaml");
        CatalogEntity first = single(parse(parser, yaml, Map.of()), CatalogEntity.class);
        CatalogEntity again = single(
                parse(parser, yaml, Map.of(CatalogParser.OBSERVED_AT, "2026-12-01T00:00:00Z")), CatalogEntity.class);
        CatalogEntity moved = single(
                parse(
                        parser,
                        new String(yaml, StandardCharsets.UTF_8)
                                .replace("owner: group:default/payments", "owner: group:default/checkout-team")
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of()),
                CatalogEntity.class);

        assertThat(again.key()).isEqualTo(first.key());
        assertThat(moved.key()).isNotEqualTo(first.key());
        assertThat(moved.owner()).isEqualTo("checkout-team");
    }

    @Test // issue 18
    void malformedEntitiesAreRejectedWithTheirReason() {
        assertThat(rejection(parse(parser, bytes("kind: [unclosed"), Map.of()))).contains("malformed catalog YAML");
        assertThat(rejection(parse(parser, bytes("apiVersion: v1\nkind: Pod\nmetadata: {name: x}"), Map.of())))
                .contains("not a backstage.io entity");
        assertThat(rejection(parse(
                        parser, bytes("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {}"), Map.of())))
                .contains("document 1")
                .contains("metadata.name");
        assertThat(rejection(parse(
                        parser,
                        bytes("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n"
                                + "spec: {dependsOn: component:b}"),
                        Map.of())))
                .contains("spec.dependsOn must be an array");
        assertThat(rejection(parse(parser, bytes("just text"), Map.of()))).contains("must be an entity");
        assertThat(rejection(parse(parser, new byte[0], Map.of()))).contains("empty value");
        assertThat(rejection(parse(
                        parser,
                        Fixtures.bytes("catalog/shop/checkout.yaml"),
                        Map.of(CatalogParser.OBSERVED_AT, "yesterday"))))
                .contains(CatalogParser.OBSERVED_AT);
    }

    @Test // issue 18
    void invalidUtf8DeepNestingAndBinaryGarbageAreRejected() {
        byte[] yaml = Fixtures.bytes("catalog/shop/checkout.yaml");
        byte[] invalid = yaml.clone();
        invalid[60] = (byte) 0xC3;
        invalid[61] = (byte) 0x28;
        assertThat(rejection(parse(parser, invalid, Map.of()))).contains("not valid UTF-8");
        assertThat(rejection(parse(parser, bytes("[".repeat(100_000) + "]".repeat(100_000)), Map.of())))
                .contains("malformed catalog YAML");
        byte[] garbage = new byte[4096];
        new java.util.Random(9).nextBytes(garbage);
        assertThat(parse(parser, garbage, Map.of())).isInstanceOf(ParseResult.Rejected.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
