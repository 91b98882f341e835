package dev.srekg.graph.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

// issue 15
class ServiceIdTest {

    @Test
    void rendersEnvironmentThenName() {
        assertThat(new ServiceId("staging", "checkout").render()).isEqualTo("staging/checkout");
        assertThat(new ServiceId("prod", "postgresql/shop").render()).isEqualTo("prod/postgresql/shop");
    }

    @Test
    void aBlankEnvironmentFallsBackToTheDefault() {
        assertThat(ServiceId.environmentOr(" ", "prod")).isEqualTo("prod");
        assertThat(ServiceId.environmentOr(null, "dev")).isEqualTo("dev");
        assertThat(ServiceId.environmentOr(" qa ", "prod")).isEqualTo("qa");
    }

    @Test
    void anEnvironmentHoldsNoSlash() {
        assertThatThrownBy(() -> new ServiceId("eu/prod", "checkout")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new ServiceId("prod", " ")).hasMessageContaining("name");
    }
}
