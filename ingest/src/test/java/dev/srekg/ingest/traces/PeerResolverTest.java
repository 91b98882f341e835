package dev.srekg.ingest.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerResolverTest {

    private final PeerResolver resolver = new PeerResolver(PeerResolver.DEFAULT_RULES);

    @Test
    void kubernetesAddressesOfAnInstrumentedServiceAreThatService() { // issue 21
        resolver.instrumented(List.of("gate-info"));

        assertThat(List.of("gate-info.shop.svc.cluster.local", "gate-info.shop.svc", "gate-info.shop", "gate-info"))
                .allSatisfy(address -> assertThat(resolver.resolve(address)).contains("gate-info"));
    }

    @Test
    void aPortATrailingDotAndCaseDoNotMatter() { // issue 21
        resolver.instrumented(List.of("Gate-Info"));

        assertThat(resolver.resolve("gate-info.shop.svc.cluster.local:8080")).contains("Gate-Info");
        assertThat(resolver.resolve("GATE-INFO.shop.svc.cluster.local.")).contains("Gate-Info");
        assertThat(resolver.resolve("gate-info:443")).contains("Gate-Info");
    }

    @Test
    void anAddressOfNoInstrumentedServiceResolvesToNothing() {
        resolver.instrumented(List.of("gate-info"));

        assertThat(resolver.resolve("postgresql/orders")).isEmpty();
        assertThat(resolver.resolve("gate.shop.svc.cluster.local")).isEmpty();
        assertThat(resolver.resolve("api.stripe.com")).isEmpty();
        // The namespace is one label: two between the service and .svc name no rule's namespace.
        assertThat(resolver.resolve("gate-info.a.b.svc.cluster.local")).isEmpty();
    }

    @Test
    void aServiceIsKnownOnceItServedACall() {
        assertThat(resolver.resolve("checkout.shop.svc.cluster.local")).isEmpty();

        resolver.instrumented("checkout");

        assertThat(resolver.resolve("checkout.shop.svc.cluster.local")).contains("checkout");
    }

    @Test
    void serviceNamesWithDotsResolveByTheRuleThatFindsAKnownOne() {
        resolver.instrumented(List.of("shop.checkout"));

        assertThat(resolver.resolve("shop.checkout")).contains("shop.checkout");
        assertThat(resolver.resolve("shop.checkout.prod.svc.cluster.local")).contains("shop.checkout");
    }

    @Test
    void aNamespacedIdentityIsFoundByItsKubernetesAddress() { // issue 15
        resolver.instrumented(List.of("shop.checkout", "billing.checkout"));

        assertThat(resolver.resolve("checkout.shop.svc.cluster.local")).contains("shop.checkout");
        assertThat(resolver.resolve("checkout.billing.svc")).contains("billing.checkout");
        assertThat(resolver.resolve("checkout.other.svc")).isEmpty();
    }

    @Test
    void configuredRulesReplaceTheDefaults() {
        PeerResolver custom = new PeerResolver(List.of("<service>-<namespace>.internal.example.com"));
        custom.instrumented(List.of("gate-info"));

        assertThat(custom.resolve("gate-info-prod.internal.example.com")).contains("gate-info");
        assertThat(custom.resolve("gate-info.shop.svc.cluster.local")).isEmpty();
    }

    @Test
    void aRuleWithoutOneServiceOrWithAnUnknownPlaceholderIsRefused() {
        assertThatThrownBy(() -> new PeerResolver(List.of("<namespace>.svc.cluster.local")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<service> once");
        assertThatThrownBy(() -> new PeerResolver(List.of("<service>.<service>")))
                .hasMessageContaining("<service> once");
        assertThatThrownBy(() -> new PeerResolver(List.of("<service>.<cluster>")))
                .hasMessageContaining("<cluster>");
    }
}
