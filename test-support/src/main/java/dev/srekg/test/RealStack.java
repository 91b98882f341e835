package dev.srekg.test;

import dev.srekg.stack.LocalStack;
import dev.srekg.stack.LocalStackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The real Kafka broker and the real Neo4j of the local stack, started once per test JVM on free ports in a
 * temporary directory, and stopped when the JVM exits. Use it through {@link RealStackExtension}.
 */
public final class RealStack {

    private static volatile RealStack instance;

    private final LocalStack stack;
    private final Driver driver;

    private RealStack(LocalStack stack) {
        this.stack = stack;
        this.driver = GraphDatabase.driver(boltUri(stack), AuthTokens.none());
    }

    /** The shared instance, started on first use. */
    public static RealStack get() {
        RealStack current = instance;
        if (current == null) {
            synchronized (RealStack.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static RealStack start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("srekg-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalStack stack = LocalStack.start(new LocalStackSettings(dir, false, true, 0, true, 0, 0));
        RealStack real = new RealStack(stack);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            real.stop();
                            LocalStack.deleteRecursively(dir);
                        },
                        "srekg-test-stack-stop"));
        return real;
    }

    private static String boltUri(LocalStack stack) {
        return stack.boltUri().orElseThrow();
    }

    public String boltUri() {
        return boltUri(stack);
    }

    public String kafkaBootstrap() {
        return stack.kafkaBootstrap().orElseThrow();
    }

    /** A driver shared by the tests of this JVM; do not close it. */
    public Driver driver() {
        return driver;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        return Admin.create(p);
    }

    private void stop() {
        driver.close();
        stack.close();
    }
}
