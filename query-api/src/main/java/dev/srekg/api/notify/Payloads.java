package dev.srekg.api.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure rendering of notifications: the message of an incident's state from its stored context, and the body each
 * receiver kind takes (srekg's JSON, Slack Block Kit, a Teams Adaptive Card), and the webhook's HMAC signature.
 */
final class Payloads {

    /** Slack refuses a header over 150 characters and a section text over 3,000. */
    static final int SLACK_HEADER = 150;

    static final int SLACK_TEXT = 3000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() {}

    /** An incident as stored: its summary and its context JSON. */
    record Stored(
            String id,
            String service,
            String slo,
            String severity,
            Instant openedAt,
            Instant resolvedAt,
            String generatorUrl,
            String context) {}

    /** The message of {@code transition} of {@code incident}; links start at {@code publicUrl}. */
    static IncidentMessage message(Stored incident, Transition transition, URI publicUrl) {
        JsonNode context = incident.context() == null || incident.context().isEmpty()
                ? JSON.createObjectNode()
                : JSON.readTree(incident.context());
        List<IncidentMessage.Suspect> suspects = new ArrayList<>();
        for (JsonNode s : context.path("suspects")) {
            if (suspects.size() == IncidentMessage.SUSPECTS) {
                break;
            }
            suspects.add(new IncidentMessage.Suspect(
                    s.path("rank").asInt(),
                    s.path("kind").asString(""),
                    s.path("service").asString(""),
                    s.path("summary").asString(""),
                    s.path("score").asDouble(),
                    s.path("explanation").asString(""),
                    context.path("owners")
                            .path(s.path("service").asString(""))
                            .path("team")
                            .asString("")));
        }
        JsonNode owned = context.path("owners").path(incident.service());
        var owner = owned.isObject()
                ? new IncidentMessage.Owner(
                        owned.path("team").asString(""),
                        owned.path("slackChannel").asString(""),
                        owned.path("pagerDutyService").asString(""),
                        owned.path("runbooks").path(0).path("url").asString(""))
                : IncidentMessage.Owner.NONE;
        JsonNode origin = context.path("origin");
        String originText = origin.isObject()
                ? "errors originate at " + origin.path("service").asString("")
                        + (origin.path("caller").isString()
                                ? " (calls from " + origin.path("caller").asString() + ")"
                                : "")
                : "";
        String base = publicUrl.toString().replaceAll("/+$", "");
        String environment = context.path("environment").asString("");
        var links = new IncidentMessage.Links(
                URI.create(base + "/#/incident/" + incident.id()),
                URI.create(base + "/#/context/" + incident.service() + "?at=" + incident.openedAt()
                        + (environment.isEmpty()
                                ? ""
                                : "&env=" + java.net.URLEncoder.encode(environment, StandardCharsets.UTF_8))),
                URI.create(base + "/api/v1/incidents/" + incident.id()));
        return new IncidentMessage(
                incident.id() + ":" + transition.state(),
                transition.event().wire,
                incident.id(),
                incident.service(),
                environment,
                incident.slo(),
                incident.severity(),
                incident.resolvedAt() == null ? "open" : "resolved",
                incident.openedAt(),
                incident.resolvedAt(),
                incident.generatorUrl() == null ? "" : incident.generatorUrl(),
                context.path("verdict").asString(""),
                context.path("abstained").asBoolean(false),
                suspects,
                originText,
                owner,
                links);
    }

    /** The body {@code kind} takes. */
    static String body(NotifyProperties.Kind kind, IncidentMessage m) {
        return switch (kind) {
            case WEBHOOK -> JSON.writeValueAsString(m);
            case SLACK -> JSON.writeValueAsString(slack(m));
            case TEAMS -> JSON.writeValueAsString(teams(m));
        };
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} with {@code secret}. */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static String title(IncidentMessage m) {
        String what = switch (m.event()) {
            case "incident.opened" -> "Incident opened";
            case "incident.suspect_settled" -> "Likely cause settled";
            case "incident.suspect_changed" -> "Likely cause changed";
            case "incident.resolved" -> "Incident resolved";
            default -> "Incident";
        };
        return what + ": " + m.service() + " " + m.slo();
    }

    private static String why(IncidentMessage.Suspect s) {
        return s.rank() + ". " + s.kind() + " of " + s.service()
                + (s.team().isEmpty() ? "" : " (team " + s.team() + ")") + " (score " + s.score() + ")";
    }

    /** The owner line: team, on-call channel, PagerDuty service; empty when the catalog does not describe it. */
    static String ownerLine(IncidentMessage.Owner o) {
        List<String> parts = new ArrayList<>();
        if (!o.team().isEmpty()) {
            parts.add(o.team());
        }
        if (!o.slackChannel().isEmpty()) {
            parts.add(o.slackChannel());
        }
        if (!o.pagerDutyService().isEmpty()) {
            parts.add("PagerDuty " + o.pagerDutyService());
        }
        return String.join(", ", parts);
    }

    private static ObjectNode slack(IncidentMessage m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", title(m) + ". " + m.verdict());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(title(m), SLACK_HEADER));
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Service", m.service());
        if (!m.environment().isEmpty()) {
            field(fields, "Environment", m.environment());
        }
        field(fields, "SLO", m.slo());
        field(fields, "Severity", m.severity().isEmpty() ? "-" : m.severity());
        field(fields, "Status", m.status() + " since " + m.openedAt());
        if (m.owner().known()) {
            field(fields, "Owner", ownerLine(m.owner()).isEmpty() ? "-" : ownerLine(m.owner()));
        }
        section(blocks, "*Verdict:* " + escape(m.verdict()));
        for (IncidentMessage.Suspect s : m.suspects()) {
            section(blocks, "*" + escape(why(s)) + "*\n" + escape(s.summary()) + "\n_" + escape(s.explanation()) + "_");
        }
        if (!m.origin().isEmpty()) {
            ObjectNode ctx = blocks.addObject().put("type", "context");
            ctx.putArray("elements").addObject().put("type", "mrkdwn").put("text", escape(capitalised(m.origin())));
        }
        ArrayNode actions = blocks.addObject().put("type", "actions").putArray("elements");
        button(actions, "Open the incident", m.links().incident().toString());
        button(actions, "Context at the breach", m.links().context().toString());
        if (m.owner().runbook().startsWith("http")) {
            button(actions, "Runbook", m.owner().runbook());
        }
        if (m.generatorUrl().startsWith("http")) {
            button(actions, "Alert source", m.generatorUrl());
        }
        return root;
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + escape(value));
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", cut(mrkdwn, SLACK_TEXT));
    }

    private static void button(ArrayNode actions, String text, String url) {
        ObjectNode b = actions.addObject().put("type", "button");
        b.putObject("text").put("type", "plain_text").put("text", text);
        b.put("url", url);
    }

    /** Slack's mrkdwn control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static ObjectNode teams(IncidentMessage m) {
        ObjectNode root = JSON.createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject()
                .put("type", "TextBlock")
                .put("size", "Large")
                .put("weight", "Bolder")
                .put("wrap", true)
                .put("text", title(m));
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Service", m.service());
        if (!m.environment().isEmpty()) {
            fact(facts, "Environment", m.environment());
        }
        fact(facts, "SLO", m.slo());
        fact(facts, "Severity", m.severity().isEmpty() ? "-" : m.severity());
        fact(facts, "Status", m.status() + " since " + m.openedAt());
        if (m.owner().known()) {
            fact(facts, "Owner", ownerLine(m.owner()).isEmpty() ? "-" : ownerLine(m.owner()));
        }
        text(body, m.verdict(), "Bolder");
        for (IncidentMessage.Suspect s : m.suspects()) {
            text(body, why(s), "Bolder");
            text(body, s.summary() + ". " + s.explanation(), "Default");
        }
        if (!m.origin().isEmpty()) {
            text(body, capitalised(m.origin()), "Default");
        }
        ArrayNode actions = card.putArray("actions");
        openUrl(actions, "Open the incident", m.links().incident().toString());
        openUrl(actions, "Context at the breach", m.links().context().toString());
        if (m.owner().runbook().startsWith("http")) {
            openUrl(actions, "Runbook", m.owner().runbook());
        }
        if (m.generatorUrl().startsWith("http")) {
            openUrl(actions, "Alert source", m.generatorUrl());
        }
        return root;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", value);
    }

    private static void text(ArrayNode body, String text, String weight) {
        body.addObject()
                .put("type", "TextBlock")
                .put("wrap", true)
                .put("weight", weight)
                .put("text", text);
    }

    private static void openUrl(ArrayNode actions, String title, String url) {
        actions.addObject().put("type", "Action.OpenUrl").put("title", title).put("url", url);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
