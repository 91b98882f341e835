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
import org.opentest4j.TestAbortedException;

/**
 * The real Kafka broker and the real Neo4j the integration tests run against, started once per test JVM and stopped
 * when the JVM exits. Use it through {@link RealStackExtension}.
 *
 * <p>Which engines is {@link StackBackend}'s choice ({@code -Dsrekg.test.stack}): by default the local stack's,
 * embedded on free ports in a temporary directory; with {@code containers}, Neo4j and Kafka images through
 * Testcontainers. A container run on a machine with no Docker engine aborts every test that asks for the stack
 * (JUnit reports them skipped) with one line saying why.
 */
public final class RealStack {

    private static volatile RealStack instance;

    private final String boltUri;
    private final String kafkaBootstrap;
    private final Runnable stop;
    private final Driver driver;

    private RealStack(String boltUri, String kafkaBootstrap, Runnable stop) {
        this.boltUri = boltUri;
        this.kafkaBootstrap = kafkaBootstrap;
        this.stop = stop;
        this.driver = GraphDatabase.driver(boltUri, AuthTokens.none());
    }

    /**
     * The shared instance, started on first use.
     *
     * @throws TestAbortedException when the container backend is asked for and no Docker engine is reachable
     */
    public static RealStack get() {
        RealStack current = instance;
        if (current == null) {
            synchronized (RealStack.class) {
                current = instance;
                if (current == null) {
                    current = start(StackBackend.fromSystemProperties());
                    instance = current;
                }
            }
        }
        return current;
    }

    private static RealStack start(StackBackend backend) {
        RealStack real = switch (backend) {
            case EMBEDDED -> embedded();
            case CONTAINERS -> containers();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(real::stop, "srekg-test-stack-stop"));
        return real;
    }

    private static RealStack embedded() {
        Path dir;
        try {
            dir = Files.createTempDirectory("srekg-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalStack stack = LocalStack.start(new LocalStackSettings(dir, false, true, 0, true, 0, 0));
        return new RealStack(
                stack.boltUri().orElseThrow(), stack.kafkaBootstrap().orElseThrow(), () -> {
                    stack.close();
                    LocalStack.deleteRecursively(dir);
                });
    }

    private static RealStack containers() {
        ContainerStack.requireDocker();
        ContainerStack stack = ContainerStack.start();
        return new RealStack(stack.boltUri(), stack.kafkaBootstrap(), stack::close);
    }

    public String boltUri() {
        return boltUri;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
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
        stop.run();
    }
}
