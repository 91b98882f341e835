package dev.srekg.api.cypher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.summary.Plan;

/** Console plans that look past the graph are refused; plain reads are not. Issue 17. */
class CypherConsoleTest {

    @Test
    void plansShowingTransactionsOrSettingsAreRefused() {
        assertThat(CypherConsole.refusal(plan("ProduceResults@neo4j", plan("ShowTransactions@neo4j"))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("ShowTransactions is refused"));
        assertThat(CypherConsole.refusal(
                        plan("ProduceResults@neo4j", plan("Filter@neo4j", plan("ShowSettings@neo4j")))))
                .isPresent();
        assertThat(CypherConsole.refusal(plan("TerminateTransactions@neo4j"))).isPresent();
    }

    @Test
    void onlySchemaProceduresMayBeCalled() {
        assertThat(CypherConsole.refusal(call("db.labels() :: (label :: STRING)")))
                .isEmpty();
        assertThat(CypherConsole.refusal(call("dbms.listConfig(\"\") :: (name :: STRING, value :: STRING)")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("procedure dbms.listConfig is refused"));
        assertThat(CypherConsole.refusal(call("dbms.showCurrentUser() :: (username :: STRING)")))
                .isPresent();
        assertThat(CypherConsole.refusal(call("db.ping() :: (success :: BOOLEAN)")))
                .isPresent();
    }

    @Test
    void plainReadsPass() {
        assertThat(CypherConsole.refusal(
                        plan("ProduceResults@neo4j", plan("Expand(All)@neo4j", plan("NodeByLabelScan@neo4j")))))
                .isEmpty();
    }

    private static Plan call(String details) {
        return new FakePlan("ProcedureCall@neo4j", Map.of("Details", Values.value(details)), List.of());
    }

    private static Plan plan(String operator, Plan... children) {
        return new FakePlan(operator, Map.of(), List.of(children));
    }

    private record FakePlan(String operatorType, Map<String, Value> arguments, List<Plan> children) implements Plan {
        @Override
        public List<String> identifiers() {
            return List.of();
        }
    }
}
