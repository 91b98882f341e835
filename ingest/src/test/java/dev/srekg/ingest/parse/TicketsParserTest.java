package dev.srekg.ingest.parse;

import static dev.srekg.ingest.parse.ParserAssertions.parse;
import static dev.srekg.ingest.parse.ParserAssertions.rejection;
import static dev.srekg.ingest.parse.ParserAssertions.single;
import static dev.srekg.ingest.parse.ParserAssertions.skip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.graph.tickets.Ticket;
import dev.srekg.test.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketsParserTest {

    private final TicketsParser parser = new TicketsParser(IdentityRules.DEFAULTS);

    @Test
    void jiraIssueNamesServicesByComponentAndLabel() {
        Ticket t = single(parse(parser, Fixtures.bytes("jira/issue-created.json"), Map.of()), Ticket.class);

        assertThat(t.key()).isEqualTo("jira:OPS-1234");
        assertThat(t.system()).isEqualTo("jira");
        assertThat(t.title()).isEqualTo("Checkout latency above 2s for EU customers");
        assertThat(t.status()).isEqualTo("Open");
        assertThat(t.priority()).isEqualTo("High");
        assertThat(t.services()).containsExactly("checkout", "payment");
        assertThat(t.openedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(t.updatedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(t.closedAt()).isNull();
        assertThat(t.url()).isEqualTo("https://shop.atlassian.net/browse/OPS-1234");
    }

    @Test
    void resolvedJiraIssueIsClosedAtItsResolutionDate() {
        Ticket t = single(parse(parser, Fixtures.bytes("jira/issue-resolved.json"), Map.of()), Ticket.class);

        assertThat(t.status()).isEqualTo("Resolved");
        assertThat(t.closedAt()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(t.updatedAt()).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    }

    @Test
    void deletedJiraIssueIsClosedNotForgotten() {
        String deleted = new String(Fixtures.bytes("jira/issue-created.json"), StandardCharsets.UTF_8)
                .replace("jira:issue_created", "jira:issue_deleted");

        Ticket t = single(parse(parser, deleted.getBytes(StandardCharsets.UTF_8), Map.of()), Ticket.class);

        assertThat(t.status()).isEqualTo("Deleted");
        assertThat(t.closedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
    }

    @Test
    void componentsCanBeTurnedOff() {
        TicketsParser labelsOnly =
                new TicketsParser(new IdentityRules(Map.of(), "service:", false, Map.of(), List.of("service")));

        Ticket t = single(parse(labelsOnly, Fixtures.bytes("jira/issue-created.json"), Map.of()), Ticket.class);

        assertThat(t.services()).containsExactly("payment");
    }

    @Test
    void otherJiraEventsAreSkipped() {
        assertThat(skip(parse(
                        parser,
                        "{\"webhookEvent\":\"jira:worklog_updated\",\"timestamp\":1}".getBytes(StandardCharsets.UTF_8),
                        Map.of())))
                .contains("jira:worklog_updated");
    }

    @Test
    void githubIssueWithoutServiceLabelNamesTheRepository() {
        Ticket t = single(
                parse(parser, Fixtures.bytes("github/issue-opened.json"), Map.of("X-GitHub-Event", "issues")),
                Ticket.class);

        assertThat(t.key()).isEqualTo("github:shop/shipping-service#42");
        assertThat(t.services()).containsExactly("shipping-service");
        assertThat(t.status()).isEqualTo("open");
        assertThat(t.url()).isEqualTo("https://github.com/shop/shipping-service/issues/42");
    }

    @Test
    void githubRepositoriesMapToServicesByConfiguration() {
        TicketsParser mapped = new TicketsParser(new IdentityRules(
                Map.of(), "service:", true, Map.of("shop/shipping-service", "shipping"), List.of("service")));

        Ticket t = single(parse(mapped, Fixtures.bytes("github/issue-opened.json"), Map.of()), Ticket.class);

        assertThat(t.services()).containsExactly("shipping");
    }

    @Test
    void githubServiceLabelsWinOverTheRepository() {
        Ticket t = single(parse(parser, Fixtures.bytes("github/issue-closed-labeled.json"), Map.of()), Ticket.class);

        assertThat(t.services()).containsExactly("email", "accounting");
        assertThat(t.closedAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    }

    @Test
    void otherGithubEventsAreSkipped() {
        assertThat(skip(parse(parser, Fixtures.bytes("github/issue-opened.json"), Map.of("X-GitHub-Event", "push"))))
                .isEqualTo("GitHub event not used by srekg: push");
    }

    @Test
    void srekgTicketJson() {
        Ticket t = single(parse(parser, Fixtures.bytes("srekg/ticket.json"), Map.of()), Ticket.class);

        assertThat(t.key()).isEqualTo("srekg:INC-204");
        assertThat(t.services()).containsExactly("checkout", "payment");
    }

    @Test
    void rejectsWhatIsNeitherJiraNorGithub() {
        assertThat(rejection(parse(parser, "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("not a Jira or GitHub issue webhook");
    }

    @Test
    void rejectsJiraTimestampsThatAreNotEpochMillis() {
        String bad = new String(Fixtures.bytes("jira/issue-created.json"), StandardCharsets.UTF_8)
                .replace("\"timestamp\": 1795169700000", "\"timestamp\": \"soon\"");
        assertThat(rejection(parse(parser, bad.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isEqualTo("field timestamp must be an integer (epoch milliseconds)");
    }
}
