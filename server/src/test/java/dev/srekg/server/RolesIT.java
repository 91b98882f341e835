package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.srekg.ingest.kafka.IngestWorkers;
import dev.srekg.test.RealStack;
import dev.srekg.test.RealStackExtension;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
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
    void ingestWorkersConsumeEachStreamInAConsumerGroupOfItsOwn(RealStack stack) throws Exception {
        String prefix = "groups" + System.nanoTime();
        try (ConfigurableApplicationContext first = IngestOnly.start(stack, prefix, "roles");
                ConfigurableApplicationContext second = IngestOnly.start(stack, prefix, "roles");
                Admin admin = stack.admin()) {
            // Once both workers have joined and the groups have settled, each group holds one stream.
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                for (String topic : IngestOnly.topics(prefix)) {
                    String groupId = IngestOnly.groupOf(prefix, "roles", topic);
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                            .all()
                            .get()
                            .get(groupId);
                    assertThat(group.groupState()).as(groupId).isEqualTo(GroupState.STABLE);
                    assertThat(group.members()).as(groupId).hasSize(2);
                    assertThat(group.members())
                            .as(groupId)
                            .flatMap(m -> m.assignment().topicPartitions())
                            .extracting(TopicPartition::topic)
                            .containsOnly(topic);
                    assertThat(group.partitionAssignor())
                            .as(groupId)
                            .isEqualTo(topic.equals(prefix) ? "range" : "cooperative-sticky");
                }
            });
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
