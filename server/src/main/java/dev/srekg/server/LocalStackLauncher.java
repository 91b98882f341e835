package dev.srekg.server;

import dev.srekg.stack.LocalStack;
import dev.srekg.stack.LocalStackSettings;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the local stack once the configuration is known and before any bean connects, for whichever of Kafka and
 * Neo4j has no configured address, and publishes the local addresses as {@code srekg.kafka.bootstrap} and
 * {@code srekg.neo4j.uri}. {@link #close()} stops the application context first, then the stack.
 */
final class LocalStackLauncher implements ApplicationListener<SpringApplicationEvent>, AutoCloseable {

    static final String PROPERTY_SOURCE = "srekg-local-stack";

    private volatile LocalStack stack;
    private volatile ConfigurableApplicationContext context;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            context = prepared.getApplicationContext();
        }
    }

    private void start(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        boolean kafkaConfigured =
                !binder.bind("srekg.kafka.bootstrap", String.class).orElse("").isBlank();
        boolean neo4jConfigured =
                !binder.bind("srekg.neo4j.uri", String.class).orElse("").isBlank();
        if (kafkaConfigured && neo4jConfigured) {
            return;
        }
        LocalStackProperties local = binder.bindOrCreate("srekg.local", LocalStackProperties.class);
        stack = LocalStack.start(new LocalStackSettings(
                local.dataDir(),
                local.wipe(),
                !neo4jConfigured,
                local.boltPort(),
                !kafkaConfigured,
                local.kafkaPort(),
                local.controllerPort()));
        Map<String, Object> addresses = new HashMap<>();
        stack.kafkaBootstrap().ifPresent(b -> addresses.put("srekg.kafka.bootstrap", b));
        stack.boltUri().ifPresent(u -> addresses.put("srekg.neo4j.uri", u));
        addresses.put("srekg.local.started", String.join(",", addresses.keySet()));
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, addresses));
    }

    @Override
    public synchronized void close() {
        ConfigurableApplicationContext c = context;
        context = null;
        if (c != null) {
            c.close();
        }
        LocalStack s = stack;
        stack = null;
        if (s != null) {
            s.close();
        }
    }
}
