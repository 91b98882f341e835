package dev.srekg.api.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.api.context.Health;
import dev.srekg.api.topology.NeighbourhoodDiff.Edge;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The diff of a neighbourhood, taken out of DiffController to be tested without a graph (issue 14). */
class NeighbourhoodDiffTest {

    @Test
    void upstreamPathsRunAgainstTheCallsAndDownstreamPathsAlongThem() {
        Set<Edge> edges = NeighbourhoodDiff.edges(
                List.of(List.of("checkout", "payments", "db")), List.of(List.of("checkout", "frontend")));

        assertThat(edges)
                .extracting(Edge::label)
                .containsExactly("checkout -> payments", "frontend -> checkout", "payments -> db");
    }

    @Test
    void edgesAppearVanishAndStayInLabelOrder() {
        Set<Edge> before = NeighbourhoodDiff.edges(List.of(List.of("a", "b"), List.of("a", "c")), List.of());
        Set<Edge> after = NeighbourhoodDiff.edges(List.of(List.of("a", "c"), List.of("a", "d")), List.of());

        assertThat(NeighbourhoodDiff.minus(after, before)).containsExactly("a -> d");
        assertThat(NeighbourhoodDiff.minus(before, after)).containsExactly("a -> b");
        assertThat(NeighbourhoodDiff.common(before, after)).containsExactly(new Edge("a", "c"));
        assertThat(NeighbourhoodDiff.services("a", before, after)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void onlyServicesWhoseVersionDiffersAreListedAndMissingMeansEmpty() {
        var changes = NeighbourhoodDiff.versionChanges(
                Set.of("a", "b", "c"), Map.of("a", "1.0", "b", "2.0"), Map.of("a", "1.1", "b", "2.0", "c", "0.1"));

        assertThat(changes)
                .containsExactly(
                        new NeighbourhoodDiff.VersionChange("a", "1.0", "1.1"),
                        new NeighbourhoodDiff.VersionChange("c", "", "0.1"));
    }

    @Test
    void aTwoPointErrorRiseOrAHalvedOrDoubledP99IsAShiftAndLessIsNot() {
        Health calm = new Health(1000, 10, 0.01, 100, 100);

        assertThat(NeighbourhoodDiff.shifted(calm, new Health(1000, 40, 0.04, 100, 100)))
                .isTrue();
        assertThat(NeighbourhoodDiff.shifted(calm, new Health(1000, 20, 0.02, 140, 140)))
                .isFalse();
        assertThat(NeighbourhoodDiff.shifted(calm, new Health(1000, 10, 0.01, 150, 150)))
                .isTrue();
        assertThat(NeighbourhoodDiff.shifted(calm, new Health(1000, 10, 0.01, 60, 60)))
                .isTrue();
        assertThat(NeighbourhoodDiff.shifted(calm, new Health(0, 0, 0.01, 0, 0)))
                .as("no p99 at one moment: latency cannot shift")
                .isFalse();
    }
}
