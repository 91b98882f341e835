package dev.srekg.server;

import static dev.srekg.demo.Otlp.CLIENT;
import static dev.srekg.demo.Otlp.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.srekg.demo.Otlp;
import dev.srekg.test.EventTime;
import dev.srekg.test.KafkaRecords;
import dev.srekg.test.RealStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The incident context on a small estate with a known cause: a bad deploy of payment (checkout calls it) turns the
 * edge unhealthy; decoys are a cart deploy close in time, a ledger deploy further down, a frontend deploy upstream,
 * an early deploy of checkout itself, and a scale-up of checkout and a ticket that came after the errors began.
 * Issue 5.
 */
class ContextIT extends ServerIT {

    @Test
    void badDeployDownstreamIsTheFirstSuspectWithItsReasons(RealStack stack) {
        Instant h = EventTime.nextHour();
        // One record a minute, as an exporter batches: spans of one record lie close together in time.
        sendTraffic(stack, h);

        deploy(stack, "pay-1", "payment", h.plusSeconds(40 * 60));
        deploy(stack, "cart-1", "cart", h.plusSeconds(38 * 60));
        deploy(stack, "ledger-1", "ledger", h.plusSeconds(20 * 60));
        deploy(stack, "front-1", "frontend", h.plusSeconds(45 * 60));
        deploy(stack, "co-1", "checkout", h.plusSeconds(5 * 60));
        send(
                stack,
                "sre.scaling",
                "{\"srekg\": \"scale\", \"id\": \"co-scale\", \"service\": \"checkout\", \"replicas\": 8,"
                        + " \"previousReplicas\": 4, \"at\": \"" + h.plusSeconds(47 * 60) + "\"}");
        send(
                stack,
                "sre.tickets",
                "{\"srekg\": \"ticket\", \"id\": \"INC-9\", \"title\": \"Checkout failing\","
                        + " \"services\": [\"checkout\"], \"openedAt\": \"" + h.plusSeconds(50 * 60) + "\"}");
        send(
                stack,
                "sre.alerts",
                "{\"srekg\": \"breach\", \"id\": \"co-breach\", \"service\": \"checkout\","
                        + " \"slo\": \"availability\", \"severity\": \"page\", \"startsAt\": \""
                        + h.plusSeconds(50 * 60) + "\"}");
        // issue 16: an environment change no rule maps to a service, for the cookbook's estate-wide query; it is in no
        // service's events.
        send(
                stack,
                "sre.changes",
                "{\"srekg\": \"infra\", \"id\": \"ctx-env\", \"target\": \"prod-eu\", \"summary\": \"node pool resized\","
                        + " \"at\": \"" + h.plusSeconds(30 * 60) + "\"}");
        awaitCount(stack, "MATCH (d:Deployment) RETURN count(d)", 5);
        awaitCount(stack, "MATCH (c:ConfigChange {mapping: 'unmapped'}) RETURN count(c)", 1);
        awaitCount(stack, "MATCH (n) WHERE n:ScaleEvent OR n:Ticket OR n:SloBreach RETURN count(n)", 3);

        HttpResponse<String> response =
                get("/api/v1/services/checkout/context?at=" + h.plusSeconds(55 * 60) + "&depth=3");
        assertThat(response.headers().firstValue("Server-Timing"))
                .as("the time of each query of the context, for developer tools and the benchmark")
                .hasValueSatisfying(
                        t -> assertThat(t).contains("walk;dur=", "breaches;dur=", "events;dur=", "total;dur="));
        JsonNode context = json(response);

        assertThat(context.path("service").asString()).isEqualTo("checkout");
        assertThat(context.path("slos").get(0).path("slo").asString()).isEqualTo("availability");
        assertThat(names(context.path("dependencies").path("downstream")))
                .containsExactly("cart:1", "payment:1", "ledger:2");
        assertThat(names(context.path("dependencies").path("upstream"))).containsExactly("frontend:1");
        JsonNode payment = context.path("dependencies").path("downstream").get(1);
        assertThat(payment.path("after").path("errorRate").asDouble())
                .isGreaterThan(payment.path("before").path("errorRate").asDouble());
        // Calls took 30 ms before the errors began, half of them 900 ms after: p99 from the stored histograms.
        assertThat(payment.path("before").path("p99Ms").asDouble()).isBetween(25.0, 50.0);
        assertThat(payment.path("after").path("p99Ms").asDouble()).isBetween(500.0, 1000.0);
        assertThat(context.path("events").size()).isEqualTo(8);
        assertThat(context.path("eventsTotal").asInt()).isEqualTo(8);
        JsonNode latest =
                json(get("/api/v1/services/checkout/context?at=" + h.plusSeconds(55 * 60) + "&depth=3&events=3"));
        assertThat(latest.path("events").valueStream().map(e -> e.path("id").asString()))
                .as("the latest three, all eight still ranked")
                .containsExactlyElementsOf(context.path("events")
                        .valueStream()
                        .limit(3)
                        .map(e -> e.path("id").asString())
                        .toList());
        assertThat(latest.path("eventsTotal").asInt()).isEqualTo(8);
        assertThat(latest.path("suspects").size())
                .isEqualTo(context.path("suspects").size());
        assertThat(get("/api/v1/services/checkout/context?events=-1").statusCode())
                .isEqualTo(400);

        JsonNode first = context.path("suspects").get(0);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("kind").asString()).isEqualTo("deploy");
        assertThat(first.path("service").asString()).isEqualTo("payment");
        assertThat(first.path("direction").asString()).isEqualTo("downstream");
        assertThat(first.path("hops").asInt()).isEqualTo(1);
        assertThat(first.path("factors").path("evidence").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(first.path("factors").path("pathUnhealthy").asBoolean()).isTrue();
        assertThat(first.path("explanation").asString()).contains("errors went from");

        JsonNode cart = suspect(context, "cart");
        assertThat(cart.path("factors").path("evidence").asDouble()).isZero();
        assertThat(cart.path("explanation").asString()).contains("No health shift");
        JsonNode scale = suspect(context, "checkout");
        assertThat(scale.path("kind").asString()).isEqualTo("scale");
        assertThat(scale.path("factors").path("reaction").asBoolean()).isTrue();
        for (JsonNode s : context.path("suspects")) {
            if (s.path("rank").asInt() > 1) {
                assertThat(s.path("score").asDouble())
                        .isLessThan(first.path("score").asDouble() / 2);
            }
        }
        assertThat(context.path("suspects").valueStream().map(s -> s.path("id").asString()))
                .doesNotContain("srekg co-breach");

        JsonNode graph = json(get("/api/v1/graph?service=checkout&depth=2&at=" + h.plusSeconds(55 * 60)));
        assertThat(graph.path("nodes").valueStream().map(n -> n.path("id").asString()))
                .containsExactly("cart", "checkout", "frontend", "ledger", "payment");
        JsonNode toPayment = graph.path("edges")
                .valueStream()
                .filter(e -> e.path("source").asString().equals("checkout")
                        && e.path("target").asString().equals("payment"))
                .findFirst()
                .orElseThrow();
        assertThat(toPayment.path("calls").asLong()).isEqualTo(600);
        assertThat(toPayment.path("errors").asLong()).isEqualTo(100);
        assertThat(json(get("/api/v1/graph?service=checkout&at=" + h.minusSeconds(3600)))
                        .path("edges")
                        .size())
                .isZero();

        JsonNode diff = json(
                get("/api/v1/services/checkout/diff?from=" + h.plusSeconds(30 * 60) + "&to=" + h.plusSeconds(55 * 60)));
        assertThat(diff.path("edgesAppeared").size()).isZero();
        assertThat(diff.path("versionChanges")
                        .valueStream()
                        .map(v -> v.path("service").asString()))
                .containsExactly("cart", "frontend", "payment");
        assertThat(diff.path("healthShifts")
                        .valueStream()
                        .map(s -> s.path("source").asString() + "->"
                                + s.path("target").asString()))
                .contains("checkout->payment");
        JsonNode before = json(
                get("/api/v1/services/checkout/diff?from=" + h.minusSeconds(1800) + "&to=" + h.plusSeconds(30 * 60)));
        assertThat(before.path("edgesAppeared").valueStream().map(JsonNode::asString))
                .containsExactly(
                        "checkout -> cart", "checkout -> payment", "frontend -> checkout", "payment -> ledger");

        for (String query : CypherCookbook.queries()) {
            var answer = post(
                    "/api/v1/cypher",
                    "application/json",
                    JSON.writeValueAsString(Map.of(
                                    "query",
                                    query,
                                    "parameters",
                                    Map.of(
                                            "service",
                                            "checkout",
                                            "at",
                                            h.plusSeconds(55 * 60).toString())))
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).path("rows").size()).as(query).isPositive();
        }

        JsonNode timeline = json(get("/api/v1/services/checkout/timeline?from=" + h + "&to=" + h.plusSeconds(3600)));
        assertThat(timeline.valueStream().map(e -> e.path("kind").asString()))
                .containsExactly("breach", "ticket", "scale", "deploy");
    }

    @Test
    void badGraphAndTimelineParametersAre400() {
        assertThat(get("/api/v1/graph?depth=9").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/services/checkout/timeline?from=2026-11-20T10:00:00Z&to=2026-11-19T10:00:00Z")
                        .statusCode())
                .isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource({
        "depth=0, depth must be between 1 and 5",
        "depth=6, depth must be between 1 and 5",
        "window=P30D, window must be a positive duration",
        "window=-PT1H, window must be a positive duration",
        "window=banana, window",
        "at=yesterday, at"
    })
    void badParametersAre400Problems(String parameter, String detail) {
        var response = get("/api/v1/services/checkout/context?" + parameter);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asString()).contains(detail);
    }

    @Test
    void unknownServiceIsA404() {
        assertThat(get("/api/v1/services/nowhere/context").statusCode()).isEqualTo(404);
    }

    /** Ten traces a minute for an hour; from minute 40 payment fails half its calls, and the failure propagates. */
    static List<Otlp.S> traffic(Instant h) {
        List<Otlp.S> spans = new ArrayList<>();
        long n = 0;
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 10; i++) {
                Instant t = h.plusSeconds(minute * 60L + i * 5L);
                boolean failing = minute >= 40 && i % 2 == 0;
                String tr = Otlp.trace(500_000 + n++);
                spans.add(span("frontend", tr, 1, 0, SERVER, t, 80, failing));
                spans.add(span("frontend", tr, 2, 1, CLIENT, t, 70, failing));
                spans.add(span("checkout", tr, 3, 2, SERVER, t, 65, failing));
                spans.add(span("checkout", tr, 4, 3, CLIENT, t, failing ? 900 : 30, failing));
                spans.add(span("payment", tr, 5, 4, SERVER, t, failing ? 890 : 25, failing));
                spans.add(span("payment", tr, 6, 5, CLIENT, t, 10, false));
                spans.add(span("ledger", tr, 7, 6, SERVER, t, 8, false));
                spans.add(span("checkout", tr, 8, 3, CLIENT, t, 12, false));
                spans.add(span("cart", tr, 9, 8, SERVER, t, 10, false));
            }
        }
        return spans;
    }

    /** {@link #traffic} on the spans topic, one record a minute, and waits until it is counted. */
    static void sendTraffic(RealStack stack, Instant h) {
        List<Otlp.S> all = traffic(h);
        for (int minute = 0; minute < 60; minute++) {
            KafkaRecords.send(
                    stack, "otlp_spans", "ctx", Otlp.proto(all.subList(minute * 90, minute * 90 + 90)), Map.of());
        }
        awaitCount(stack, "MATCH (s:ServiceHour {service: 'ledger'}) RETURN sum(s.callsTotal)", 600);
    }

    private static Otlp.S span(
            String service, String trace, long id, long parent, int kind, Instant t, long millis, boolean error) {
        Otlp.S s = Otlp.span(service, trace, Otlp.span(id), parent == 0 ? "" : Otlp.span(parent), kind, t, millis);
        return error ? s.failed() : s;
    }

    private static void deploy(RealStack stack, String id, String service, Instant at) {
        send(
                stack,
                "sre.deploys",
                "{\"srekg\": \"deploy\", \"id\": \"" + id + "\", \"service\": \"" + service
                        + "\", \"version\": \"2.0\", \"at\": \"" + at + "\"}");
    }

    private static void send(RealStack stack, String topic, String json) {
        KafkaRecords.send(stack, topic, "ctx", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<String> names(JsonNode neighbours) {
        return neighbours
                .valueStream()
                .map(n -> n.path("service").asString() + ":" + n.path("hops").asInt())
                .toList();
    }

    private static JsonNode suspect(JsonNode context, String service) {
        return context.path("suspects")
                .valueStream()
                .filter(s -> s.path("service").asString().equals(service))
                .findFirst()
                .orElseThrow();
    }
}
