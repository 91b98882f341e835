package dev.srekg.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

// issue 22
class PayloadsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2026-11-25T14:00:00Z");

    /** A stored context as IncidentRecorder writes it (the fields a message reads), four suspects and an origin. */
    private static final String CONTEXT = """
            {"service": "checkout", "verdict": "Likely cause: deploy of inventory 7.0 <canary> & friends",
             "abstained": false,
             "suspects": [
               {"rank": 1, "score": 0.91, "kind": "deploy", "id": "srekg inv-7", "service": "inventory",
                "summary": "inventory 7.0", "explanation": "errors on checkout -> inventory rose after it"},
               {"rank": 2, "score": 0.4, "kind": "scale", "id": "k8s-1", "service": "payments",
                "summary": "payments scaled down to 1", "explanation": "latency rose a little"},
               {"rank": 3, "score": 0.2, "kind": "ticket", "id": "OPS-1", "service": "checkout",
                "summary": "OPS-1", "explanation": "opened after the errors began"},
               {"rank": 4, "score": 0.1, "kind": "deploy", "id": "x", "service": "web",
                "summary": "web 2", "explanation": "no health shift"}],
             "origin": {"service": "inventory", "caller": "checkout", "hops": 1}}
            """;

    private static final Payloads.Stored INCIDENT = new Payloads.Stored(
            "inc-00ff", "checkout", "availability", "page", T, null, "http://prometheus:9090/graph?g0.expr=x", CONTEXT);

    private static IncidentMessage opened() {
        return Payloads.message(
                INCIDENT,
                new Transition("ops", "opened", 0, Transition.Event.OPENED),
                URI.create("https://srekg.example.com/"));
    }

    @Test
    void messageCarriesTheTopThreeSuspectsTheOriginLinksAndAnIdempotencyKeyPerState() {
        IncidentMessage m = opened();
        assertThat(m.idempotencyKey()).isEqualTo("inc-00ff:opened");
        assertThat(m.event()).isEqualTo("incident.opened");
        assertThat(m.status()).isEqualTo("open");
        assertThat(m.suspects()).extracting(IncidentMessage.Suspect::rank).containsExactly(1, 2, 3);
        assertThat(m.suspects().get(0).explanation()).isEqualTo("errors on checkout -> inventory rose after it");
        assertThat(m.origin()).isEqualTo("errors originate at inventory (calls from checkout)");
        assertThat(m.links().incident()).hasToString("https://srekg.example.com/#/incident/inc-00ff");
        assertThat(m.links().context()).hasToString("https://srekg.example.com/#/context/checkout?at=" + T);
        assertThat(m.links().api()).hasToString("https://srekg.example.com/api/v1/incidents/inc-00ff");
        assertThat(m.generatorUrl()).startsWith("http://prometheus:9090/");

        IncidentMessage resolved = Payloads.message(
                new Payloads.Stored("inc-00ff", "checkout", "availability", "page", T, T.plusSeconds(900), "", CONTEXT),
                new Transition("ops", "resolved", 2, Transition.Event.RESOLVED),
                URI.create("https://srekg.example.com"));
        assertThat(resolved.idempotencyKey()).isEqualTo("inc-00ff:resolved");
        assertThat(resolved.status()).isEqualTo("resolved");
        assertThat(resolved.links().incident()).hasToString("https://srekg.example.com/#/incident/inc-00ff");
    }

    @Test
    void messageNamesTheEnvironmentOfTheBreachedServiceAndItsContextLinkKeepsIt() { // issue 15
        IncidentMessage m = Payloads.message(
                new Payloads.Stored(
                        "inc-0a",
                        "checkout",
                        "availability",
                        "page",
                        T,
                        null,
                        "",
                        CONTEXT.replaceFirst("\\{", "{\"environment\": \"staging\", ")),
                new Transition("ops", "opened", 0, Transition.Event.OPENED),
                URI.create("https://srekg.example.com/"));
        assertThat(m.environment()).isEqualTo("staging");
        assertThat(m.links().context())
                .hasToString("https://srekg.example.com/#/context/checkout?at=" + T + "&env=staging");
        JsonNode slack = JSON.readTree(Payloads.body(NotifyProperties.Kind.SLACK, m));
        assertThat(slack.path("blocks")
                        .get(1)
                        .path("fields")
                        .valueStream()
                        .map(f -> f.path("text").asString()))
                .contains("*Environment*\nstaging");
        JsonNode teams = JSON.readTree(Payloads.body(NotifyProperties.Kind.TEAMS, m));
        assertThat(teams.path("attachments")
                        .get(0)
                        .path("content")
                        .path("body")
                        .get(1)
                        .path("facts")
                        .valueStream()
                        .map(f -> f.path("title").asString() + "="
                                + f.path("value").asString()))
                .contains("Environment=staging");
        // A context that names none (written before issue 15) says nothing of it.
        assertThat(opened().environment()).isEmpty();
    }

    @Test
    void webhookBodyIsTheMessageAndReadsBack() {
        String body = Payloads.body(NotifyProperties.Kind.WEBHOOK, opened());
        JsonNode json = JSON.readTree(body);
        assertThat(json.path("idempotencyKey").asString()).isEqualTo("inc-00ff:opened");
        assertThat(json.path("openedAt").asString()).isEqualTo(T.toString());
        assertThat(json.path("suspects")).hasSize(3);
        assertThat(JSON.readValue(body, IncidentMessage.class)).isEqualTo(opened());
    }

    @Test
    void signatureIsTheHexHmacSha256OfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(Payloads.signature("Jefe", "what do ya want for nothing?"))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void slackMessageIsBlockKitWithHeaderFactsThreeSuspectsOriginAndButtons() {
        JsonNode slack = JSON.readTree(Payloads.body(NotifyProperties.Kind.SLACK, opened()));
        assertThat(slack.path("text").asString()).startsWith("Incident opened: checkout availability");
        JsonNode blocks = slack.path("blocks");
        assertThat(blocks.valueStream().map(b -> b.path("type").asString()))
                .containsExactly("header", "section", "section", "section", "section", "section", "context", "actions");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(1).path("fields").get(0).path("text").asString()).isEqualTo("*Service*\ncheckout");
        // mrkdwn control characters are escaped
        assertThat(blocks.get(2).path("text").path("text").asString())
                .isEqualTo("*Verdict:* Likely cause: deploy of inventory 7.0 &lt;canary&gt; &amp; friends");
        assertThat(blocks.get(3).path("text").path("text").asString())
                .startsWith(
                        "*1. deploy of inventory (score 0.91)*\ninventory 7.0\n_errors on checkout -&gt; inventory");
        assertThat(blocks.get(6).path("elements").get(0).path("text").asString())
                .isEqualTo("Errors originate at inventory (calls from checkout)");
        assertThat(blocks.get(7)
                        .path("elements")
                        .valueStream()
                        .map(b -> b.path("url").asString()))
                .containsExactly(
                        "https://srekg.example.com/#/incident/inc-00ff",
                        "https://srekg.example.com/#/context/checkout?at=" + T,
                        "http://prometheus:9090/graph?g0.expr=x");
    }

    @Test // issue 18
    void theCatalogsOwnerOfTheServiceAndOfEachSuspectIsInTheMessageWithTheRunbook() {
        String owned = CONTEXT.replace("\"origin\":", """
                "owners": {
                  "checkout": {"team": "payments", "slackChannel": "#payments", "pagerDutyService": "PCHK123",
                               "runbooks": [{"url": "https://runbooks.example.com/checkout", "title": "Runbook"}]},
                  "inventory": {"team": "stock", "runbooks": []}},
                "origin":""");
        IncidentMessage m = Payloads.message(
                new Payloads.Stored("inc-00ff", "checkout", "availability", "page", T, null, "", owned),
                new Transition("ops", "opened", 0, Transition.Event.OPENED),
                URI.create("https://srekg.example.com/"));

        assertThat(m.owner())
                .isEqualTo(new IncidentMessage.Owner(
                        "payments", "#payments", "PCHK123", "https://runbooks.example.com/checkout"));
        assertThat(m.suspects()).extracting(IncidentMessage.Suspect::team).containsExactly("stock", "", "payments");
        JsonNode slack = JSON.readTree(Payloads.body(NotifyProperties.Kind.SLACK, m));
        assertThat(slack.path("blocks")
                        .get(1)
                        .path("fields")
                        .get(4)
                        .path("text")
                        .asString())
                .isEqualTo("*Owner*\npayments, #payments, PagerDuty PCHK123");
        assertThat(slack.path("blocks").get(3).path("text").path("text").asString())
                .startsWith("*1. deploy of inventory (team stock) (score 0.91)*");
        assertThat(slack.findValues("url").stream().map(JsonNode::asString))
                .contains("https://runbooks.example.com/checkout");
        JsonNode teams = JSON.readTree(Payloads.body(NotifyProperties.Kind.TEAMS, m));
        assertThat(teams.findValues("title").stream().map(JsonNode::asString)).contains("Owner", "Runbook");

        assertThat(opened().owner()).isEqualTo(IncidentMessage.Owner.NONE);
    }

    @Test
    void slackHeaderIsCutToWhatSlackAccepts() {
        var longName = new Payloads.Stored("inc-1", "s".repeat(200), "availability", "", T, null, "", "{}");
        JsonNode slack = JSON.readTree(Payloads.body(
                NotifyProperties.Kind.SLACK,
                Payloads.message(
                        longName,
                        new Transition("ops", "opened", 0, Transition.Event.OPENED),
                        URI.create("http://localhost:8080"))));
        assertThat(slack.path("blocks").get(0).path("text").path("text").asString())
                .hasSize(Payloads.SLACK_HEADER);
        // no suspects, no origin, no alert source: no empty blocks either
        assertThat(slack.path("blocks").valueStream().map(b -> b.path("type").asString()))
                .containsExactly("header", "section", "section", "actions");
    }

    @Test
    void teamsMessageIsAnAdaptiveCardWithTheSameContent() {
        JsonNode teams = JSON.readTree(Payloads.body(NotifyProperties.Kind.TEAMS, opened()));
        assertThat(teams.path("type").asString()).isEqualTo("message");
        JsonNode attachment = teams.path("attachments").get(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        assertThat(card.path("body").get(0).path("text").asString())
                .isEqualTo("Incident opened: checkout availability");
        assertThat(card.path("body")
                        .get(1)
                        .path("facts")
                        .valueStream()
                        .map(f -> f.path("title").asString()))
                .containsExactly("Service", "SLO", "Severity", "Status");
        assertThat(card.path("body").valueStream().map(b -> b.path("text").asString()))
                .contains(
                        "1. deploy of inventory (score 0.91)",
                        "3. ticket of checkout (score 0.2)",
                        "Errors originate at inventory (calls from checkout)")
                .doesNotContain("4. deploy of web (score 0.1)");
        assertThat(card.path("actions").valueStream().map(a -> a.path("type").asString()))
                .containsOnly("Action.OpenUrl");
        assertThat(card.path("actions").get(0).path("url").asString())
                .isEqualTo("https://srekg.example.com/#/incident/inc-00ff");
    }

    @Test
    void transitionsOfOneIncidentHaveDistinctIdsPerReceiver() {
        var due = Transition.due(
                new Transition.Incident("inc-1", "none", true, false, Set.of()), java.util.List.of("a", "b"));
        assertThat(due.stream().map(t -> t.id("inc-1")).distinct())
                .hasSize(due.size())
                .hasSize(4);
    }
}
