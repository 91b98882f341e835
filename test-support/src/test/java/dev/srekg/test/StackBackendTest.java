package dev.srekg.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StackBackendTest {

    @AfterEach
    void clear() {
        System.clearProperty(StackBackend.PROPERTY);
    }

    @Test // issue 18
    void theEmbeddedStackIsTheDefault() {
        assertThat(StackBackend.fromSystemProperties()).isEqualTo(StackBackend.EMBEDDED);
    }

    @Test // issue 18
    void containersAreChosenByTheSystemProperty() {
        System.setProperty(StackBackend.PROPERTY, " Containers ");
        assertThat(StackBackend.fromSystemProperties()).isEqualTo(StackBackend.CONTAINERS);
    }

    @Test // issue 18
    void anUnknownBackendIsRefusedWithTheChoices() {
        System.setProperty(StackBackend.PROPERTY, "docker");
        assertThatThrownBy(StackBackend::fromSystemProperties)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded or containers")
                .hasMessageContaining("docker");
    }
}
