package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code srekg.role} runs ingest only, the API only, or both. */
@ExtendWith(RealStackExtension.class)
class RolesIT {

    @Test
    void apiRoleRunsNoConsumers(RealStack stack) {
        try (ConfigurableApplicationContext context = start(stack, "api")) {
            assertThat(context.getBeansOfType(IngestWorkers.class)).isEmpty();
            assertThat(context.containsBean("serviceController")).isTrue();
        }
    }

    @Test
    void ingestRoleServesNoApi(RealStack stack) {
        try (ConfigurableApplicationContext context = start(stack, "ingest")) {
            assertThat(context.getBeansOfType(IngestWorkers.class)).hasSize(1);
            assertThat(context.containsBean("serviceController")).isFalse();
        }
    }

    @Test
    void unknownRoleFailsTheStartWithAClearMessage(RealStack stack) {
        assertThatThrownBy(() -> start(stack, "everything").close())
                .rootCause()
                .hasMessage("srekg.role must be all, ingest or api, was 'everything'");
    }

    private static ConfigurableApplicationContext start(RealStack stack, String role) {
        return new SpringApplicationBuilder(SrekgApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--srekg.role=" + role,
                        "--srekg.kafka.bootstrap=" + stack.kafkaBootstrap(),
                        "--srekg.neo4j.uri=" + stack.boltUri(),
                        "--srekg.ingest.group-id=roles-it");
    }
}
