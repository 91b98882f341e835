package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * With tokens set, signed webhooks pass on to their own signature check, unsigned ones and every other API call
 * without a token do not. Issue 23.
 */
class ApiAccessFilterTest {

    private final ApiAccessFilter filter =
            new ApiAccessFilter(new SecurityProperties(List.of("the-token"), DataSize.ofMegabytes(1)));

    @Test
    void githubWebhookCarryingItsSignaturePassesWithoutAToken() throws Exception {
        MockHttpServletRequest request = post("/api/v1/webhooks/github");
        request.addHeader("X-Hub-Signature-256", "sha256=00");
        assertThat(passes(request)).isTrue();
    }

    @Test // issue 16
    void launchDarklyWebhookCarryingItsSignaturePassesWithoutAToken() throws Exception {
        MockHttpServletRequest request = post("/api/v1/webhooks/launchdarkly");
        request.addHeader("X-LD-Signature", "00");
        assertThat(passes(request)).isTrue();
        assertThat(passes(post("/api/v1/webhooks/launchdarkly"))).isFalse();
    }

    @Test
    void githubWebhookWithoutSignatureOrTokenIsRefused() throws Exception {
        MockHttpServletRequest request = post("/api/v1/webhooks/github");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).isNull();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    @Test // issue 14: the filter's problems come from the one problem factory, as JSON that escapes its detail
    void refusalIsAProblemJsonBodyWithTitleStatusAndDetail() throws Exception {
        MockHttpServletRequest request = post("/api/v1/services");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());

        var body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("about:blank");
        assertThat(body.get("title").asString()).isEqualTo("Unauthorized");
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("detail").asString()).contains("Authorization: Bearer <token>");
    }

    @Test
    void aSignatureHeaderOpensNoOtherPath() throws Exception {
        for (String path : List.of("/api/v1/alerts", "/api/v1/webhooks/github/", "/api/v1/webhooks/other")) {
            MockHttpServletRequest request = post(path);
            request.addHeader("X-Hub-Signature-256", "sha256=00");
            assertThat(passes(request)).as(path).isFalse();
        }
    }

    @Test
    void tokenStillOpensEveryPath() throws Exception {
        MockHttpServletRequest request = post("/api/v1/alerts");
        request.addHeader("Authorization", "Bearer the-token");
        assertThat(passes(request)).isTrue();
    }

    private boolean passes(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return chain.getRequest() != null;
    }

    private static MockHttpServletRequest post(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContent("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return request;
    }
}
