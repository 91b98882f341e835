package dev.srekg.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Change records as their producers write them (see wire-formats.md): CDEvents in CloudEvents structured mode, the
 * Kubernetes Events an event exporter forwards, Jira and GitHub issue webhooks, Alertmanager version 4
 * webhooks with Sloth's labels, and LaunchDarkly flag-change webhooks (audit-log entries).
 */
public final class NativeFormats {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter JIRA_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private NativeFormats() {}

    /**
     * A CDEvent {@code service.deployed} (or {@code service.rolledback}) in CloudEvents structured mode; a deploy
     * says in {@code customData.changedAt} when the change it ships was made.
     *
     * @param id CloudEvent id
     * @param environment the environment deployed to ({@code subject.content.environment.id})
     * @param service the deployed service
     * @param version the artifact's version
     * @param rollback a rollback rather than a deploy
     * @param at when it was deployed
     */
    public static byte[] cdevent(
            String id, String environment, String service, String version, boolean rollback, Instant at) {
        String source = "/argocd/" + environment + "/applications/" + service;
        ObjectNode subject = JSON.createObjectNode()
                .put("id", "service/" + service)
                .put("source", source)
                .put("type", "service");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", environment).put("source", "/argocd/" + environment);
        content.put("artifactId", "pkg:oci/" + service + "@" + version + "?repository_url=ghcr.io/shop/" + service);
        ObjectNode data = JSON.createObjectNode();
        data.putObject("context")
                .put("version", "0.4.1")
                .put("id", id)
                .put("source", source)
                .put("type", "dev.cdevents.service." + (rollback ? "rolledback" : "deployed") + ".0.2.0")
                .put("timestamp", at.toString());
        data.set("subject", subject);
        if (!rollback) {
            // The commit it ships, made 20 minutes to two days before (fixed by the id, so a seed gives one world).
            long minutes = 20 + Math.floorMod(id.hashCode(), 48 * 60 - 20);
            data.put("customDataContentType", "application/json");
            data.putObject("customData")
                    .put("changedAt", at.minusSeconds(60 * minutes).toString());
        }
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", source)
                .put("type", "dev.cdevents.service." + (rollback ? "rolledback" : "deployed") + ".0.2.0")
                .put("time", at.toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return bytes(event);
    }

    /** A HorizontalPodAutoscaler's {@code SuccessfulRescale} event. */
    public static byte[] hpaRescale(
            String uid, String namespace, String service, int replicas, String why, Instant at) {
        ObjectNode event = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata")
                .put("name", service + "." + Long.toHexString(at.toEpochMilli()))
                .put("namespace", namespace)
                .put("uid", uid)
                .put("creationTimestamp", at.toString());
        event.putObject("involvedObject")
                .put("kind", "HorizontalPodAutoscaler")
                .put("namespace", namespace)
                .put("name", service)
                .put("apiVersion", "autoscaling/v2");
        event.put("reason", "SuccessfulRescale")
                .put("message", "New size: " + replicas + "; reason: " + why)
                .put("firstTimestamp", at.toString())
                .put("lastTimestamp", at.toString())
                .put("count", 1)
                .put("type", "Normal");
        event.putObject("source").put("component", "horizontal-pod-autoscaler");
        return bytes(event);
    }

    /**
     * The estate as a Backstage catalog, the way a {@code catalog-info.yaml} per repository reads once concatenated:
     * a Component per service with its owner, system, on-call channel, runbook and declared dependencies (the calls
     * of the estate but its first one, so that the catalog drifts a little from the traffic, as real catalogs do),
     * a Resource per database and a Group per team, one record each (a large estate's catalog in one record would
     * pass Kafka's record size). YAML is JSON's superset; the entities are written as JSON.
     */
    public static java.util.List<byte[]> backstageCatalog(Estate estate) {
        java.util.List<byte[]> yaml = new java.util.ArrayList<>();
        java.util.Set<String> teams = new java.util.TreeSet<>();
        java.util.Set<String> databases = new java.util.TreeSet<>();
        java.util.List<Estate.Call> declared = estate.calls().stream().skip(1).toList();
        for (Estate.Call c : estate.calls()) {
            if (c.protocol() == Estate.Protocol.DATABASE) {
                databases.add(c.to());
            }
        }
        for (Estate.Service s : estate.services().values()) {
            teams.add(s.team());
            ObjectNode entity = entity("Component", s.name());
            entity.withObject("/metadata")
                    .putArray("links")
                    .addObject()
                    .put("url", "https://runbooks.example.com/" + s.name())
                    .put("title", s.name() + " runbook")
                    .put("type", "runbook");
            ObjectNode spec = entity.putObject("spec")
                    .put("type", "service")
                    .put("lifecycle", "production")
                    .put("owner", "group:default/" + s.team())
                    .put("system", s.namespace());
            ArrayNode dependsOn = spec.putArray("dependsOn");
            declared.stream()
                    .filter(c -> c.from().equals(s.name()))
                    .forEach(c -> dependsOn.add((databases.contains(c.to()) ? "resource:" : "component:") + c.to()));
            yaml.add(JSON.writeValueAsBytes(entity));
        }
        for (String db : databases) {
            ObjectNode entity = entity("Resource", db);
            entity.putObject("spec").put("type", "database").put("owner", "group:default/platform");
            yaml.add(JSON.writeValueAsBytes(entity));
        }
        for (String team : teams) {
            ObjectNode entity = entity("Group", team);
            entity.withObject("/metadata").putObject("annotations").put("slack.com/channel", "#" + team + "-oncall");
            entity.putObject("spec").put("type", "team").putArray("children");
            yaml.add(JSON.writeValueAsBytes(entity));
        }
        return yaml;
    }

    private static ObjectNode entity(String kind, String name) {
        ObjectNode entity = JSON.createObjectNode()
                .put("apiVersion", "backstage.io/v1alpha1")
                .put("kind", kind);
        entity.putObject("metadata").put("name", name);
        return entity;
    }

    /** A Jira {@code jira:issue_created} or, when {@code resolvedAt} is set, {@code jira:issue_updated} to Done. */
    public static byte[] jiraIssue(String key, String summary, String service, Instant createdAt, Instant resolvedAt) {
        boolean resolved = resolvedAt != null;
        Instant at = resolved ? resolvedAt : createdAt;
        ObjectNode root = JSON.createObjectNode()
                .put("timestamp", at.toEpochMilli())
                .put("webhookEvent", resolved ? "jira:issue_updated" : "jira:issue_created")
                .put("issue_event_type_name", resolved ? "issue_generic" : "issue_created");
        ObjectNode issue = root.putObject("issue")
                .put("id", String.valueOf(Math.abs(key.hashCode())))
                .put("key", key);
        ObjectNode fields = issue.putObject("fields").put("summary", summary);
        fields.putObject("status").put("name", resolved ? "Done" : "Open");
        fields.putObject("priority").put("name", "High");
        fields.putArray("labels").add("service:" + service);
        fields.putArray("components");
        fields.putObject("project").put("key", key.substring(0, key.indexOf('-')));
        fields.put("created", JIRA_TIME.format(createdAt)).put("updated", JIRA_TIME.format(at));
        if (resolved) {
            fields.put("resolutiondate", JIRA_TIME.format(resolvedAt));
        } else {
            fields.putNull("resolutiondate");
        }
        return bytes(root);
    }

    /** A GitHub {@code issues} webhook, opened or (with {@code closedAt}) closed, in the service's repository. */
    public static byte[] githubIssue(int number, String title, String service, Instant createdAt, Instant closedAt) {
        boolean closed = closedAt != null;
        ObjectNode root = JSON.createObjectNode().put("action", closed ? "closed" : "opened");
        ObjectNode issue = root.putObject("issue")
                .put("html_url", "https://github.com/shop/" + service + "/issues/" + number)
                .put("number", number)
                .put("title", title)
                .put("state", closed ? "closed" : "open")
                .put("created_at", createdAt.toString())
                .put("updated_at", (closed ? closedAt : createdAt).toString());
        issue.putArray("labels").addObject().put("name", "bug");
        if (closed) {
            issue.put("closed_at", closedAt.toString());
        } else {
            issue.putNull("closed_at");
        }
        root.putObject("repository").put("name", service).put("full_name", "shop/" + service);
        root.putObject("sender").put("login", "oncall-bot");
        return bytes(root);
    }

    /** An Alertmanager webhook with one Sloth page alert, firing or (with {@code endsAt}) resolved. */
    public static byte[] slothAlert(
            String fingerprint, String service, String team, String slo, Instant startsAt, Instant endsAt) {
        boolean resolved = endsAt != null;
        String alertName = "SLOBurnRate";
        Map<String, String> labels = Map.of(
                "alertname", alertName,
                "severity", "critical",
                "sloth_id", service + "-" + slo,
                "sloth_service", service,
                "sloth_slo", slo,
                "sloth_severity", "page",
                "team", team);
        ObjectNode root = JSON.createObjectNode()
                .put("version", "4")
                .put("receiver", "srekg")
                .put("status", resolved ? "resolved" : "firing")
                .put("groupKey", "{}:{alertname=\"" + alertName + "\"}")
                .put("externalURL", "http://alertmanager:9093")
                .put("truncatedAlerts", 0);
        ArrayNode alerts = root.putArray("alerts");
        ObjectNode alert = alerts.addObject()
                .put("status", resolved ? "resolved" : "firing")
                .put("startsAt", startsAt.toString())
                .put("endsAt", resolved ? endsAt.toString() : ZERO_TIME)
                .put("generatorURL", "http://prometheus:9090/graph")
                .put("fingerprint", fingerprint);
        ObjectNode labelNode = alert.putObject("labels");
        labels.forEach(labelNode::put);
        alert.putObject("annotations")
                .put("title", "(page) " + service + " " + slo + " SLO error budget burn rate is too fast.");
        root.putObject("groupLabels").put("alertname", alertName);
        root.putObject("commonLabels").put("alertname", alertName);
        root.putObject("commonAnnotations");
        return bytes(root);
    }

    /**
     * A LaunchDarkly webhook for a flag turned on or off in production (an audit-log entry), the flag tagged with
     * {@code service:<service>}.
     *
     * @param id the entry's {@code _id}
     * @param service the service the flag belongs to
     * @param flag the flag's key
     * @param on turned on rather than off
     * @param at when
     */
    public static byte[] launchDarklyFlag(String id, String service, String flag, boolean on, Instant at) {
        String site = "/shop/production/features/" + flag;
        String verb = on ? "turned on the flag" : "turned off the flag";
        ObjectNode entry = JSON.createObjectNode();
        entry.putObject("_links").putObject("site").put("href", site).put("type", "text/html");
        entry.put("_id", id).put("date", at.toEpochMilli());
        entry.putArray("accesses")
                .addObject()
                .put("action", "updateOn")
                .put("resource", "proj/shop:env/production:flag/" + flag);
        entry.put("kind", "flag").put("name", flag).put("description", "- " + verb);
        entry.putObject("member")
                .put("_id", "548f6741c1efad40031b18ae")
                .put("email", "release-bot@shop.example")
                .put("firstName", "Release")
                .put("lastName", "Bot");
        entry.put("titleVerb", verb).put("title", "Release Bot " + verb + " " + flag + " in `Production`");
        ObjectNode current = entry.putObject("currentVersion").put("key", flag).put("kind", "boolean");
        current.putArray("tags").add("service:" + service);
        current.putObject("environments").putObject("production").put("on", on);
        return bytes(entry);
    }

    private static byte[] bytes(ObjectNode node) {
        return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }
}
