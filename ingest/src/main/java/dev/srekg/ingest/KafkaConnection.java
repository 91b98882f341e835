package dev.srekg.ingest;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How srekg reaches Kafka ({@code srekg.kafka.*}).
 *
 * @param bootstrap bootstrap servers ({@code SREKG_KAFKA_BOOTSTRAP}); empty starts the local broker
 * @param properties extra client properties for every client (security, timeouts), e.g.
 *     {@code srekg.kafka.properties[security.protocol]=SASL_SSL}
 */
@ConfigurationProperties("srekg.kafka")
public record KafkaConnection(@DefaultValue("") String bootstrap, Map<String, String> properties) {

    public KafkaConnection {
        bootstrap = bootstrap == null ? "" : bootstrap.strip();
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public boolean isConfigured() {
        return !bootstrap.isEmpty();
    }

    /** Client properties: the bootstrap, the extra properties, then {@code overrides}. */
    public Map<String, Object> clientProperties(Map<String, Object> overrides) {
        if (!isConfigured()) {
            throw new IllegalStateException("srekg.kafka.bootstrap is not set and no local broker was started");
        }
        Map<String, Object> p = new HashMap<>(properties);
        p.put("bootstrap.servers", bootstrap);
        p.putAll(overrides);
        return p;
    }
}
