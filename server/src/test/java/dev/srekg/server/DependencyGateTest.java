package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.TransientException;

/** What srekg waits out at start and what ends it. Issue 23. */
class DependencyGateTest {

    @Test
    void backoffDoublesFromOneSecondAndIsCappedAtFifteen() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(DependencyGate::delay).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 15L, 15L, 15L, 15L);
        assertThat(DependencyGate.delay(10_000)).isEqualTo(DependencyGate.MAX_DELAY);
    }

    @Test
    void unreachableOrStartingDependenciesAreWaitedFor() {
        assertThat(DependencyGate.isConfigurationError(new ServiceUnavailableException("connection refused")))
                .isFalse();
        assertThat(DependencyGate.isConfigurationError(
                        new TransientException("Neo.TransientError.Database.DatabaseUnavailable", "starting")))
                .isFalse();
        assertThat(DependencyGate.isConfigurationError(new ExecutionException(new TimeoutException("no node"))))
                .isFalse();
        assertThat(DependencyGate.isConfigurationError(new java.util.concurrent.TimeoutException()))
                .isFalse();
        assertThat(DependencyGate.isConfigurationError(
                        new ClientException("Neo.ClientError.Database.DatabaseNotFound", "neo4j is not created yet")))
                .isFalse();
    }

    @Test
    void refusedCredentialsARefusedStatementAndAnEditedMigrationEndTheStart() {
        assertThat(DependencyGate.isConfigurationError(
                        new AuthenticationException("Neo.ClientError.Security.Unauthorized", "wrong password")))
                .isTrue();
        assertThat(DependencyGate.isConfigurationError(
                        new ExecutionException(new SaslAuthenticationException("bad credentials"))))
                .isTrue();
        assertThat(DependencyGate.isConfigurationError(
                        new ClientException("Neo.ClientError.Statement.SyntaxError", "Invalid input")))
                .isTrue();
        assertThat(DependencyGate.isConfigurationError(new SchemaMigrations.MigrationConflict("V001 edited")))
                .isTrue();
    }
}
