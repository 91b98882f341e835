package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

class LocalOnlyWithoutTokensTest {

    @Test
    void withoutTokensSrekgListensOnLoopbackOnly() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new LocalOnlyWithoutTokens(security(), new MockEnvironment()).customize(factory);
        assertThat(factory.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    }

    @Test
    void anExplicitAddressWins() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new LocalOnlyWithoutTokens(security(), new MockEnvironment().withProperty("server.address", "0.0.0.0"))
                .customize(factory);
        assertThat(factory.getAddress()).isNull();
    }

    @Test
    void withTokensTheAddressIsLeftAlone() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new LocalOnlyWithoutTokens(security("secret"), new MockEnvironment()).customize(factory);
        assertThat(factory.getAddress()).isNull();
    }

    private static SecurityProperties security(String... tokens) {
        return new SecurityProperties(List.of(tokens), DataSize.ofMegabytes(16));
    }
}
