package dev.srekg.graph.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void loadsEveryMigrationInAscendingVersionOrder() {
        List<Migration> all = Migration.all();

        assertThat(all).isNotEmpty();
        assertThat(all).extracting(Migration::version).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(0).version()).isEqualTo(1);
    }

    @Test
    void everySchemaStatementIsIdempotent() {
        assertThat(Migration.all())
                .flatExtracting(Migration::statements)
                .filteredOn(s -> s.startsWith("CREATE") || s.startsWith("DROP"))
                .allSatisfy(s -> assertThat(s).containsAnyOf("IF NOT EXISTS", "IF EXISTS"));
    }

    @Test
    void dataStatementsRunInBatches() {
        // issue 15: V007 moves existing data into the default environment; a large graph must not be one transaction
        assertThat(Migration.all())
                .flatExtracting(Migration::statements)
                .filteredOn(s -> !s.startsWith("CREATE") && !s.startsWith("DROP"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s).startsWith("MATCH").contains("IN TRANSACTIONS"));
    }

    @Test
    void splitsStatementsAndDropsComments() {
        Migration m = Migration.parse(
                "V007__demo.cypher",
                "// a comment; with a separator\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n\n"
                        + "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n",
                "abc");

        assertThat(m.version()).isEqualTo(7);
        assertThat(m.statements())
                .containsExactly(
                        "CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)",
                        "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)");
    }

    @Test
    void rejectsAFileNameWithoutVersion() {
        assertThatThrownBy(() -> Migration.parse("schema.cypher", "", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("V001__name.cypher");
    }

    @Test
    void checksumChangesWithContent() {
        Migration first = Migration.all().get(0);
        assertThat(first.checksum()).hasSize(64);
        assertThat(Migration.load(first.name()).checksum()).isEqualTo(first.checksum());
    }
}
