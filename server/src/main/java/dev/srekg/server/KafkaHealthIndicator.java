package dev.srekg.server;

import dev.srekg.ingest.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when the Kafka cluster answers a describe-cluster request within a few seconds. */
@Component("kafka")
class KafkaHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;

    KafkaHealthIndicator(KafkaConnection kafka) {
        super("Kafka health check failed");
        this.admin = Admin.create(kafka.clientProperties(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "srekg-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Cluster cluster = describe();
        builder.up().withDetail("clusterId", cluster.id()).withDetail("brokers", cluster.brokers());
    }

    /** What the cluster says of itself; throws when it does not answer within a few seconds. */
    Cluster describe() throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        String clusterId = cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        int nodes =
                cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        return new Cluster(clusterId, nodes);
    }

    record Cluster(String id, int brokers) {}

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
