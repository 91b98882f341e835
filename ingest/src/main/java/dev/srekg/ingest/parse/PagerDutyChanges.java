package dev.srekg.ingest.parse;

import dev.srekg.graph.deploys.Deployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;

/**
 * PagerDuty change events ({@code /v2/change/enqueue} shape): {@code payload.source} is the service,
 * {@code payload.timestamp} the event time, {@code payload.custom_details.version} the version and
 * {@code payload.custom_details.changed_at} the time of the change it ships (for lead time) when given. The
 * routing key is a secret and is never stored. Change events carry no id, so the key is derived from source, time
 * and summary.
 */
final class PagerDutyChanges {

    private PagerDutyChanges() {}

    static boolean matches(JsonNode root) {
        return root.has("routing_key") && root.path("payload").isObject();
    }

    static ParseResult parse(JsonNode root, IdentityRules.Environments environments) {
        String source = Json.text(root, "payload.source");
        String summary = Json.text(root, "payload.summary");
        var at = Json.timestamp(root, "payload.timestamp");
        JsonNode details = Json.optionalObject(root, "payload.custom_details");
        String version =
                details.path("version").isString() ? details.path("version").stringValue() : "";
        String environment = details.path("environment").isString()
                ? details.path("environment").stringValue()
                : details.path("env").isString() ? details.path("env").stringValue() : "";
        String cluster = details.path("cluster").isString()
                ? details.path("cluster").stringValue()
                : details.path("k8s.cluster.name").isString()
                        ? details.path("k8s.cluster.name").stringValue()
                        : "";
        return ParseResult.parsed(new Deployment(
                "pagerduty " + source + " " + at + " " + shortHash(summary),
                source,
                environments.or(environment),
                cluster,
                Deployment.Action.DEPLOYED,
                "",
                version,
                summary,
                at,
                Json.optionalTimestamp(details, "changed_at")));
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
