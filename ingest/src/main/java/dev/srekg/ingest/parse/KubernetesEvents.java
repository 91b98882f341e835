package dev.srekg.ingest.parse;

import dev.srekg.graph.scaling.ScaleEvent;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes core/v1 Events about scaling: HPA {@code SuccessfulRescale} and {@code FailedRescale}, and Deployment
 * {@code ScalingReplicaSet}. Other events are well-formed but not about scaling, so they are skipped.
 *
 * <p>Identity: the involved object's name, through {@link IdentityRules#kubernetesNames()}, qualified by
 * its namespace when {@link IdentityRules#serviceNamespace()} says so. Key: {@code metadata.uid}
 * and {@code count}, as Kubernetes updates one Event object each time the same thing happens again.
 */
final class KubernetesEvents {

    private static final Pattern NEW_SIZE = Pattern.compile("New size: (\\d+)");
    private static final Pattern SCALED =
            Pattern.compile("Scaled (up|down) replica set \\S+ (?:to|from \\d+ to) (\\d+)(?: from (\\d+))?");
    private static final Pattern SCALED_FROM = Pattern.compile("from (\\d+) to (\\d+)");

    private KubernetesEvents() {}

    static boolean matches(JsonNode root) {
        return root.has("involvedObject") && root.has("reason");
    }

    static ParseResult parse(JsonNode root, IdentityRules rules) {
        String reason = Json.text(root, "reason");
        String kind = Json.text(root, "involvedObject.kind");
        boolean hpa = kind.equals("HorizontalPodAutoscaler")
                && (reason.equals("SuccessfulRescale") || reason.equals("FailedRescale"));
        boolean deployment = kind.equals("Deployment") && reason.equals("ScalingReplicaSet");
        if (!hpa && !deployment) {
            return new ParseResult.Skipped("Kubernetes event not about scaling: " + kind + "/" + reason);
        }
        String message = Json.optionalText(root, "message");
        String uid = Json.text(root, "metadata.uid");
        int count = Json.optionalInt(root, "count", 1);
        String namespace = Json.optionalText(root, "involvedObject.namespace");
        String service = rules.kubernetesService(namespace, Json.text(root, "involvedObject.name"));

        ScaleEvent.Direction direction = ScaleEvent.Direction.UNKNOWN;
        int replicas = -1;
        int previous = -1;
        if (hpa) {
            Matcher m = NEW_SIZE.matcher(message);
            if (m.find()) {
                replicas = Integer.parseInt(m.group(1));
            }
            if (message.contains("above target")) {
                direction = ScaleEvent.Direction.UP;
            } else if (message.contains("below target")) {
                direction = ScaleEvent.Direction.DOWN;
            }
        } else {
            Matcher m = SCALED.matcher(message);
            if (m.find()) {
                direction = m.group(1).equals("up") ? ScaleEvent.Direction.UP : ScaleEvent.Direction.DOWN;
                Matcher fromTo = SCALED_FROM.matcher(m.group());
                if (fromTo.find()) {
                    previous = Integer.parseInt(fromTo.group(1));
                    replicas = Integer.parseInt(fromTo.group(2));
                } else {
                    replicas = Integer.parseInt(m.group(2));
                    if (m.group(3) != null) {
                        previous = Integer.parseInt(m.group(3));
                    }
                }
            }
        }
        return ParseResult.parsed(new ScaleEvent(
                uid + "#" + count,
                service,
                rules.environments().ofKubernetes(namespace),
                namespace,
                rules.environments().kubernetesCluster(),
                kind,
                reason,
                direction,
                replicas,
                previous,
                reason.equals("FailedRescale"),
                message,
                eventTime(root)));
    }

    /** {@code lastTimestamp}, else {@code eventTime} (events.k8s.io), else {@code firstTimestamp}. */
    private static Instant eventTime(JsonNode root) {
        for (String field :
                new String[] {"lastTimestamp", "eventTime", "firstTimestamp", "metadata.creationTimestamp"}) {
            Instant t = Json.optionalTimestamp(root, field);
            if (t != null) {
                return t;
            }
        }
        throw new Json.Invalid("missing required field lastTimestamp (or eventTime, firstTimestamp)");
    }
}
