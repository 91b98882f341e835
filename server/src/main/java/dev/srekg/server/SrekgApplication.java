package dev.srekg.server;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * srekg's entry point. Without configured Kafka and Neo4j addresses it first starts the local stack (a real KRaft
 * broker and a real Neo4j), then ingest and the API in the roles asked for. Ctrl-C stops the application, then the
 * local stack; a failed start stops whatever had started and exits with status 1.
 */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackages = {"dev.srekg.server", "dev.srekg.ingest", "dev.srekg.demo"})
public class SrekgApplication {

    private static final Logger log = LoggerFactory.getLogger(SrekgApplication.class);

    public static void main(String[] args) {
        try {
            start(args);
        } catch (Throwable e) {
            log.error("srekg failed to start: {}", e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts the local stack where needed, then the application. Closing the returned handle (or stopping the JVM)
     * stops the application first (consumers commit, the driver closes), then the stack under it. On failure whatever
     * had started is stopped before the exception is rethrown, so no non-daemon thread keeps the JVM alive.
     */
    static Srekg start(String... args) {
        SpringApplication app = new SpringApplication(SrekgApplication.class);
        LocalStackLauncher launcher = new LocalStackLauncher();
        app.addListeners(launcher);
        app.setRegisterShutdownHook(false);
        Thread hook = new Thread(launcher::close, "srekg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new Srekg(app.run(args), launcher, hook);
        } catch (RuntimeException | Error e) {
            launcher.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /** A running srekg: its application context, and a close that stops it and the local stack under it. */
    record Srekg(ConfigurableApplicationContext context, LocalStackLauncher launcher, Thread hook)
            implements AutoCloseable {
        @Override
        public void close() {
            launcher.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run: nothing left to do
            }
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LocalOnlyWithoutTokens localOnlyWithoutTokens(
            SecurityProperties security, org.springframework.core.env.Environment environment) {
        return new LocalOnlyWithoutTokens(security, environment);
    }

    /** Tokens and body size on every request, before any controller (and before the API's own telemetry). */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<ApiAccessFilter> apiAccessFilter(
            SecurityProperties security) {
        var registration =
                new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new ApiAccessFilter(security));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
