package dev.srekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.test.Fixtures;
import dev.srekg.test.RealStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** GitHub posts issue events straight to srekg; the signature is checked before anything else. Issue 9. */
class GitHubWebhookIT extends ServerIT {

    static final String SECRET = "it-github-secret";

    @Test
    void signedIssueEventReachesTheGraphThroughTheTicketsTopic(RealStack stack) throws Exception {
        byte[] body = Fixtures.bytes("github/issue-opened.json");
        HttpResponse<String> response = github("issues", sign(SECRET, body), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("topic").asString()).isEqualTo("sre.tickets");
        awaitCount(
                stack,
                "MATCH (t:Ticket {system: 'github'})-[:ABOUT]->(:Service {name: 'shipping-service'}) "
                        + "WHERE t.title = 'Shipping quotes time out under load' RETURN count(t)",
                1);
    }

    @Test
    void missingOrWrongSignatureIsRefusedWith401AndNothingIsPublished() throws Exception {
        byte[] body = Fixtures.bytes("github/issue-opened.json");
        HttpResponse<String> unsigned = github("issues", null, body);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(unsigned).path("detail").asString()).contains("missing");

        HttpResponse<String> forged = github("issues", sign("another-secret", body), body);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).path("detail").asString()).contains("does not match");

        byte[] tampered = new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .replace("Shipping", "Billing")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(github("issues", sign(SECRET, body), tampered).statusCode()).isEqualTo(401);
    }

    @Test
    void pingIsAnsweredAndOtherEventsAreAcknowledgedUnused() throws Exception {
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes();
        assertThat(github("ping", sign(SECRET, ping), ping).statusCode()).isEqualTo(200);
        byte[] push = "{\"ref\":\"refs/heads/main\"}".getBytes();
        HttpResponse<String> pushed = github("push", sign(SECRET, push), push);
        assertThat(pushed.statusCode()).isEqualTo(202);
        assertThat(json(pushed).path("used").asBoolean()).isFalse();
    }

    @Test
    void signedIssueEventThatWouldDeadLetterIsRefusedWithTheReason() throws Exception {
        byte[] broken = "{\"action\":\"opened\",\"issue\":{\"title\":\"no number\"}}".getBytes();
        HttpResponse<String> response = github("issues", sign(SECRET, broken), broken);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("detail").asString()).isNotBlank();
    }

    private HttpResponse<String> github(String event, String signature, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", java.util.UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What GitHub sends: sha256= and the hex HMAC-SHA256 of the body under the secret. */
    static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
