package dev.srekg.server;

import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Without {@code srekg.security.tokens} srekg accepts every caller, so it listens on 127.0.0.1 only, unless
 * {@code server.address} is set explicitly. Runs after Boot's own customizer, so it has the last word.
 */
class LocalOnlyWithoutTokens implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(LocalOnlyWithoutTokens.class);

    private final SecurityProperties security;
    private final Environment environment;

    LocalOnlyWithoutTokens(SecurityProperties security, Environment environment) {
        this.security = security;
        this.environment = environment;
    }

    /** Whether srekg must listen on the loopback interface only. */
    boolean localOnly() {
        return security.tokens().isEmpty() && !environment.containsProperty("server.address");
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        if (localOnly()) {
            factory.setAddress(InetAddress.getLoopbackAddress());
            log.info("No srekg.security.tokens: listening on {} only", InetAddress.getLoopbackAddress());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
