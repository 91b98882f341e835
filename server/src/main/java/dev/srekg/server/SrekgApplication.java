package dev.srekg.server;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * srekg's entry point. Without configured Kafka and Neo4j addresses it first starts the local stack (a real KRaft
 * broker and a real Neo4j), then ingest and the API in the roles asked for. Ctrl-C stops the application, then the
 * local stack; a failed start stops whatever had started and exits with status 1.
 */
@SpringBootApplication
@ConfigurationPropertiesScan(basePackages = {"dev.srekg.server", "dev.srekg.ingest"})
public class SrekgApplication {

    private static final Logger log = LoggerFactory.getLogger(SrekgApplication.class);

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SrekgApplication.class);
        LocalStackLauncher launcher = new LocalStackLauncher();
        app.addListeners(launcher);
        // One hook, in order: the application first (consumers commit, the driver closes), then the stack under it.
        app.setRegisterShutdownHook(false);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "srekg-shutdown"));
        try {
            app.run(args);
        } catch (Throwable e) {
            log.error("srekg failed to start: {}", e.getMessage());
            launcher.close();
            System.exit(1);
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
