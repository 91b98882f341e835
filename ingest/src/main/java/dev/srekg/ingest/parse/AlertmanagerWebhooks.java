package dev.srekg.ingest.parse;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.slo.Breach;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Prometheus Alertmanager webhooks (version 4), also as Grafana sends them. Each alert becomes a breach keyed by
 * {@code fingerprint} and {@code startsAt}; a resolved alert closes its breach. The SLO and its generator come from
 * Sloth, Pyrra or Grafana SLO labels, else the alert name; the service from the first of
 * {@link IdentityRules#alertServiceLabels()}. Alerts that name no service are skipped.
 */
final class AlertmanagerWebhooks {

    /** A firing alert's {@code endsAt}. */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private AlertmanagerWebhooks() {}

    static ParseResult parse(JsonNode root, IdentityRules rules) {
        String version = Json.optionalText(root, "version");
        if (!version.isEmpty() && !version.equals("4")) {
            throw new Json.Invalid("unsupported Alertmanager webhook version " + Json.abbreviate(version));
        }
        JsonNode alerts = Json.at(root, "alerts");
        if (!alerts.isArray()) {
            throw new Json.Invalid(
                    alerts.isMissingNode() ? "missing required field alerts" : "field alerts must be an array");
        }
        List<ChangeEvent> breaches = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            if (!alert.isObject()) {
                throw new Json.Invalid("alerts[" + i + "] must be an object");
            }
            Breach breach = breach(alert, i, rules);
            if (breach != null) {
                breaches.add(breach);
            }
        }
        if (breaches.isEmpty()) {
            return new ParseResult.Skipped("no alert names a service (labels " + rules.alertServiceLabels() + ")");
        }
        return new ParseResult.Parsed(breaches);
    }

    private static Breach breach(JsonNode alert, int index, IdentityRules rules) {
        String where = "alerts[" + index + "]";
        Map<String, String> labels = labels(Json.optionalObject(alert, "labels"), where);
        String service = rules.alertServiceLabels().stream()
                .map(labels::get)
                .filter(v -> v != null && !v.isBlank())
                .findFirst()
                .orElse(null);
        if (service == null) {
            return null;
        }
        Instant startsAt = timestamp(alert, "startsAt", where);
        boolean resolved = "resolved".equals(Json.optionalText(alert, "status"));
        Instant endsAt = null;
        if (resolved) {
            endsAt = timestamp(alert, "endsAt", where);
            if (endsAt.equals(ZERO_TIME)) {
                throw new Json.Invalid(where + ".endsAt is unset on a resolved alert");
            }
        }
        String alertName = labels.getOrDefault("alertname", "");
        String generator;
        String slo;
        if (labels.containsKey("sloth_slo")) {
            generator = "sloth";
            slo = labels.get("sloth_slo");
        } else if (labels.containsKey("grafana_slo_uuid")) {
            generator = "grafana";
            slo = labels.get("grafana_slo_uuid");
        } else if (labels.containsKey("slo")) {
            generator = "pyrra";
            slo = labels.get("slo");
        } else {
            generator = "alertmanager";
            slo = alertName.isEmpty() ? "unnamed" : alertName;
        }
        String severity = first(labels, "sloth_severity", "grafana_slo_severity", "severity");
        String team = first(labels, "team", "owner");
        JsonNode annotations = Json.optionalObject(alert, "annotations");
        String summary = annotations.path("summary").isString()
                ? annotations.path("summary").stringValue()
                : annotations.path("description").isString()
                        ? annotations.path("description").stringValue()
                        : "";
        String fingerprint = Json.optionalText(alert, "fingerprint");
        if (fingerprint.isEmpty()) {
            fingerprint = fingerprintOf(labels);
        }
        return new Breach(
                fingerprint + " " + startsAt,
                service,
                rules.environments().ofAlert(labels),
                slo,
                objective(labels, slo, alertName),
                generator,
                alertName,
                severity,
                team,
                summary,
                Json.optionalText(alert, "generatorURL"),
                startsAt,
                endsAt);
    }

    private static Map<String, String> labels(JsonNode node, String where) {
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new Json.Invalid(where + ".labels." + Json.abbreviate(e.getKey()) + " must be a string");
            }
            labels.put(e.getKey(), e.getValue().stringValue());
        }
        return labels;
    }

    private static Instant timestamp(JsonNode alert, String field, String where) {
        return Json.timestamp(Json.text(alert, field), where + "." + field);
    }

    /**
     * What the SLO holds: an {@code slo_kind} or {@code objective} label when the alert has one, else what the SLO's
     * or the alert's name shows ({@code requests-latency}, {@code checkout-availability}, {@code HighErrorRate}).
     */
    static Breach.Objective objective(Map<String, String> labels, String slo, String alertName) {
        return Breach.Objective.named(first(labels, "slo_kind", "objective"), slo, alertName);
    }

    private static String first(Map<String, String> labels, String... names) {
        for (String n : names) {
            String v = labels.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    /** Alertmanager's fingerprint is a hash of the label set; Grafana and others may omit it. */
    private static String fingerprintOf(Map<String, String> sortedLabels) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            sortedLabels.forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(v.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
