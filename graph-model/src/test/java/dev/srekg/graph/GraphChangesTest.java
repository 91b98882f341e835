package dev.srekg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphChangesTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:00Z");
    private static final Instant RECORDED = Instant.parse("2026-11-20T10:15:02Z");

    @Test
    void deploymentBecomesOneDeploymentRowWithBothClocks() {
        Deployment d = new Deployment(
                "ci/prod 42", "checkout", "prod", Deployment.Action.DEPLOYED, "pkg:oci/checkout@1.4.2", "1.4.2", AT);

        List<GraphChange> changes = GraphChanges.of(d, RECORDED);

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.statement()).isEqualTo(WriteStatement.DEPLOYMENT);
            assertThat(c.row())
                    .containsEntry("key", "ci/prod 42")
                    .containsEntry("service", "checkout")
                    .containsEntry("environment", "prod")
                    .containsEntry("action", "DEPLOYED")
                    .containsEntry("version", "1.4.2")
                    .containsEntry("at", OffsetDateTime.of(2026, 11, 20, 10, 15, 0, 0, ZoneOffset.UTC))
                    .containsEntry("recordedAt", OffsetDateTime.of(2026, 11, 20, 10, 15, 2, 0, ZoneOffset.UTC));
        });
    }

    @Test
    void deploymentRequiresKeyAndService() {
        assertThatThrownBy(() -> new Deployment(" ", "checkout", null, Deployment.Action.DEPLOYED, null, null, AT))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> new Deployment("k", "", null, Deployment.Action.DEPLOYED, null, null, AT))
                .hasMessageContaining("service");
    }

    @Test
    void everyWriteStatementUnwindsRows() {
        for (WriteStatement s : WriteStatement.values()) {
            assertThat(s.cypher()).startsWith("UNWIND $rows AS row");
        }
    }
}
