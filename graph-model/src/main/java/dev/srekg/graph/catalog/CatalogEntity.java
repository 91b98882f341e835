package dev.srekg.graph.catalog;

import static dev.srekg.graph.change.Rows.row;
import static dev.srekg.graph.time.Times.utc;

import dev.srekg.graph.change.ChangeEvent;
import dev.srekg.graph.change.GraphChange;
import dev.srekg.graph.change.Require;
import dev.srekg.graph.change.WriteStatement;
import dev.srekg.graph.services.ServiceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One Backstage catalog entity as one import described it. Each distinct description of an entity is a version of
 * its own ({@code CatalogEntry}): importing the same description again writes nothing, a changed description is a new
 * version valid from its event time, and the version valid at a moment is the latest one by then, so the graph
 * answers who owned a service as of any moment, and as srekg knew it then.
 *
 * @param kind the entity kind
 * @param namespace the catalog namespace ({@code default} when the entity names none)
 * @param name the entity's name; for a component or resource, the service it describes unless {@code service} says
 *     otherwise
 * @param service the service a component or resource describes (the {@code srekg.dev/service} annotation, else its
 *     name); empty for the other kinds
 * @param environment the environment named by the {@code srekg.dev/environment} annotation, or empty: then the
 *     described service is the default environment's
 * @param title display title, or empty
 * @param owner the owning group's name (from {@code spec.owner}, reference prefix and namespace removed), or empty
 * @param system the system's name, or empty
 * @param lifecycle {@code production}, {@code experimental}, ... or empty
 * @param tier the {@code tier} label or {@code spec.tier}, or empty
 * @param type {@code spec.type} ({@code service}, {@code database}, {@code openapi}, ...), or empty
 * @param pagerDutyService the {@code pagerduty.com/service-id} (or integration key) annotation, or empty
 * @param slackChannel the {@code slack.com/channel} (or {@code srekg.dev/slack-channel}) annotation, or empty
 * @param links the entity's links, runbooks first
 * @param dependsOn names of the components and resources it declares it depends on
 * @param providesApis names of the APIs it provides
 * @param consumesApis names of the APIs it consumes
 * @param at event time: from when this description is valid; null when the import says nothing, and then it is the
 *     record time
 */
public record CatalogEntity(
        CatalogKind kind,
        String namespace,
        String name,
        String service,
        String environment,
        String title,
        String owner,
        String system,
        String lifecycle,
        String tier,
        String type,
        String pagerDutyService,
        String slackChannel,
        List<Link> links,
        List<String> dependsOn,
        List<String> providesApis,
        List<String> consumesApis,
        Instant at)
        implements ChangeEvent {

    /**
     * A link of an entity.
     *
     * @param url the address
     * @param title its title, or empty
     * @param type its type ({@code runbook}, {@code dashboard}, ...), or empty
     */
    public record Link(String url, String title, String type) {
        public Link {
            url = Require.text(url, "link url");
            title = Require.orEmpty(title);
            type = Require.orEmpty(type);
        }

        /** A runbook: its type, or its title, says so. */
        public boolean runbook() {
            return type.equalsIgnoreCase("runbook")
                    || title.toLowerCase(java.util.Locale.ROOT).contains("runbook");
        }
    }

    public CatalogEntity {
        Objects.requireNonNull(kind, "kind");
        namespace = Require.orEmpty(namespace).isEmpty() ? "default" : namespace;
        name = Require.text(name, "name");
        service = kind.describesService() ? (Require.orEmpty(service).isEmpty() ? name : service) : "";
        environment = Require.orEmpty(environment);
        title = Require.orEmpty(title);
        owner = Require.orEmpty(owner);
        system = Require.orEmpty(system);
        lifecycle = Require.orEmpty(lifecycle);
        tier = Require.orEmpty(tier);
        type = Require.orEmpty(type);
        pagerDutyService = Require.orEmpty(pagerDutyService);
        slackChannel = Require.orEmpty(slackChannel);
        links = links.stream()
                .sorted((a, b) -> Boolean.compare(b.runbook(), a.runbook()))
                .toList();
        dependsOn = dependsOn.stream().distinct().sorted().toList();
        providesApis = providesApis.stream().distinct().sorted().toList();
        consumesApis = consumesApis.stream().distinct().sorted().toList();
    }

    /** The entity reference, {@code kind:namespace/name}, as Backstage writes it. */
    public String ref() {
        return kind.refName() + ":" + namespace + "/" + name;
    }

    /**
     * Natural key of the description: the reference and a digest of everything but the event time. The version
     * written is keyed by this and its event time, and is kept only when it differs from the version valid just before
     * it: a description imported again (at a later import time) writes nothing, one that comes back after another
     * description is a new version.
     */
    @Override
    public String key() {
        return ref() + "@" + digest();
    }

    @Override
    public Instant at() {
        return at;
    }

    @Override
    public GraphChange change(Instant recordedAt) {
        Instant validFrom = at == null ? recordedAt : at;
        return GraphChange.locking(
                WriteStatement.CATALOG_ENTRY,
                service,
                key() + "@" + validFrom,
                row(
                        "key", key() + "@" + validFrom,
                        "ref", ref(),
                        "digest", digest(),
                        "kind", kind.refName(),
                        "service", service,
                        "environment", ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT),
                        "owner", owner,
                        "at", utc(validFrom),
                        "recordedAt", utc(recordedAt),
                        "props",
                                row(
                                        "ref", ref(),
                                        "kind", kind.refName(),
                                        "name", name,
                                        "service", service,
                                        "environment",
                                                ServiceId.environmentOr(environment, ServiceId.DEFAULT_ENVIRONMENT),
                                        "title", title,
                                        "owner", owner,
                                        "system", system,
                                        "lifecycle", lifecycle,
                                        "tier", tier,
                                        "type", type,
                                        "pagerDutyService", pagerDutyService,
                                        "slackChannel", slackChannel,
                                        "linkUrls",
                                                links.stream().map(Link::url).toList(),
                                        "linkTitles",
                                                links.stream().map(Link::title).toList(),
                                        "linkTypes",
                                                links.stream().map(Link::type).toList(),
                                        "dependsOn", dependsOn,
                                        "providesApis", providesApis,
                                        "consumesApis", consumesApis)));
    }

    /** A digest of the description (everything but its event time). */
    public String digest() {
        String text = String.join(
                "\u0001",
                ref(),
                service,
                environment,
                title,
                owner,
                system,
                lifecycle,
                tier,
                type,
                pagerDutyService,
                slackChannel,
                links.toString(),
                dependsOn.toString(),
                providesApis.toString(),
                consumesApis.toString());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
