package dev.srekg.graph.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.GraphChanges;
import dev.srekg.graph.change.WriteStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16: configuration and flag changes are changes of their own kind, bi-temporal like deploys. */
class ConfigChangeTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:00Z");
    private static final Instant RECORDED = Instant.parse("2026-11-20T10:15:02Z");

    @Test
    void flagChangeBecomesOneRowWithBothClocksItsServicesInOrderAndItsMapping() {
        ConfigChange c = flag(List.of("checkout", "cart", "checkout"), "project shop");

        List<GraphChange> changes = GraphChanges.of(c, RECORDED);

        assertThat(changes).hasSize(1);
        GraphChange change = changes.get(0);
        assertThat(change.statement()).isEqualTo(WriteStatement.CONFIG_CHANGE);
        assertThat(change.row())
                .containsEntry("key", "launchdarkly 57c0a8e2")
                .containsEntry("services", List.of("cart", "checkout"))
                .containsEntry("at", OffsetDateTime.of(2026, 11, 20, 10, 15, 0, 0, ZoneOffset.UTC))
                .containsEntry("recordedAt", OffsetDateTime.of(2026, 11, 20, 10, 15, 2, 0, ZoneOffset.UTC));
        assertThat(props(change))
                .containsEntry("kind", "flag")
                .containsEntry("target", "new-pricing")
                .containsEntry("mapping", "project shop")
                .containsEntry("environment", "production")
                .containsEntry("link", "https://app.launchdarkly.com/shop/production/features/new-pricing");
    }

    @Test
    void changeThatMapsToNoServiceIsKeptAsUnmapped() {
        ConfigChange c = flag(List.of(), "ignored without services");

        assertThat(c.mapping()).isEqualTo(ConfigChange.UNMAPPED);
        assertThat(GraphChanges.of(c, RECORDED).get(0).row()).containsEntry("services", List.of());
    }

    @Test
    void kindIsReadInAnyCaseAndWrittenInLowerCase() {
        assertThat(ConfigChange.Kind.of(" Schema ")).isEqualTo(ConfigChange.Kind.SCHEMA);
        assertThat(ConfigChange.Kind.INFRA.wire()).isEqualTo("infra");
    }

    @Test
    void keyTargetAndTimeAreRequired() {
        assertThatThrownBy(() -> new ConfigChange(
                        " ", ConfigChange.Kind.FLAG, "srekg", "f", List.of(), "", "", "", "", "", "", AT, "prod"))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> new ConfigChange(
                        "k", ConfigChange.Kind.FLAG, "srekg", "", List.of(), "", "", "", "", "", "", AT, "prod"))
                .hasMessageContaining("target");
        assertThatThrownBy(() -> new ConfigChange(
                        "k", ConfigChange.Kind.FLAG, "srekg", "f", List.of(), "", "", "", "", "", "", null, "prod"))
                .hasMessageContaining("at");
    }

    private static ConfigChange flag(List<String> services, String mapping) {
        return new ConfigChange(
                "launchdarkly 57c0a8e2",
                ConfigChange.Kind.FLAG,
                "launchdarkly",
                "new-pricing",
                services,
                mapping,
                "production",
                "turned on",
                "Turned on the flag",
                "ariel@acme.com",
                "https://app.launchdarkly.com/shop/production/features/new-pricing",
                AT,
                "prod");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(GraphChange c) {
        return (Map<String, Object>) c.row().get("props");
    }
}
