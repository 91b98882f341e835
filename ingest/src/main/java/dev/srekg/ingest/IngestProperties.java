package dev.srekg.ingest;

import dev.srekg.graph.services.ServiceId;
import dev.srekg.ingest.parse.ChangeRules;
import dev.srekg.ingest.parse.IdentityRules;
import dev.srekg.ingest.traces.PeerResolver;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ingest settings ({@code srekg.ingest.*}).
 *
 * @param groupId name of the ingest workers' consumer groups, one per stream ({@code <group-id>.<topic>}); scale out
 *     by running more workers with it
 * @param topics topic of each stream
 * @param identity how records name services
 * @param deadLetterSuffix a record that cannot be parsed goes to its topic name plus this suffix
 * @param createTopics create missing topics (and dead-letter topics) at start
 * @param partitions partitions of topics created at start
 * @param replicationFactor replication factor of topics created at start
 * @param pollTimeout longest wait of one poll
 * @param maxPollRecords most records in one poll, hence in one Neo4j transaction
 * @param webhookMaxSize largest body the webhooks ({@code POST /api/v1/alerts}, {@code /api/v1/webhooks/github}) accept
 * @param maxRecordSize largest record a worker parses; a larger one is dead-lettered unread (an OpenTelemetry
 *     Collector's Kafka exporter sends at most 1 MB by default)
 * @param deadLetterMaxSize largest value copied to a dead-letter topic; a larger one is cut to this size, with headers
 *     that say so (the broker's default limit is 1 MB, and the source coordinates still point to the whole record)
 * @param githubWebhookSecret the secret GitHub signs its webhooks with ({@code X-Hub-Signature-256}); empty refuses
 *     GitHub webhooks
 * @param launchdarklyWebhookSecret the secret of a signed LaunchDarkly webhook ({@code X-LD-Signature}); empty
 *     refuses LaunchDarkly webhooks
 * @param traces the spans stream
 */
@ConfigurationProperties("srekg.ingest")
public record IngestProperties(
        @DefaultValue("srekg-ingest") String groupId,
        @DefaultValue Topics topics,
        @DefaultValue Identity identity,
        @DefaultValue(".dlq") String deadLetterSuffix,
        @DefaultValue("true") boolean createTopics,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("2000") int maxPollRecords,
        @DefaultValue("1MB") DataSize webhookMaxSize,
        @DefaultValue("8MB") DataSize maxRecordSize,
        @DefaultValue("512KB") DataSize deadLetterMaxSize,
        @DefaultValue("") String githubWebhookSecret,
        @DefaultValue("") String launchdarklyWebhookSecret,
        @DefaultValue Traces traces) {

    public IngestProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("srekg.ingest.partitions must be at least 1");
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("srekg.ingest.max-poll-records must be at least 1");
        }
        List<String> all = new java.util.ArrayList<>(topics.all());
        all.add(traces.topic());
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("srekg.ingest.topics must name a different topic per stream: " + topics);
        }
    }

    /**
     * Topic names of the streams.
     *
     * @param deploys CDEvents (CloudEvents binary or structured mode, or bare), PagerDuty change events
     * @param scaling Kubernetes Events
     * @param tickets Jira and GitHub issue webhooks
     * @param alerts Alertmanager webhooks
     * @param catalog Backstage catalog entities (YAML or the catalog API's JSON)
     * @param changes configuration and flag changes: LaunchDarkly webhooks, Unleash events, CDEvents
     *     {@code environment.*}, srekg JSON {@code config}/{@code flag}/{@code infra}/{@code schema}
     */
    public record Topics(
            @DefaultValue("sre.deploys") String deploys,
            @DefaultValue("sre.scaling") String scaling,
            @DefaultValue("sre.tickets") String tickets,
            @DefaultValue("sre.alerts") String alerts,
            @DefaultValue("sre.catalog") String catalog,
            @DefaultValue("sre.changes") String changes) {

        public List<String> all() {
            return List.of(deploys, scaling, tickets, alerts, catalog, changes);
        }
    }

    /**
     * The spans stream: OTLP as the OpenTelemetry Collector's kafka exporter writes it, aggregated into per-minute
     * traffic of services and dependency edges.
     *
     * @param enabled consume the spans topic
     * @param topic the exporter's topic
     * @param encoding {@code otlp_proto} (the exporter's default) or {@code otlp_json}: the fallback for a record that
     *     starts neither as JSON ({@code '{'}) nor as protobuf TracesData (0x0A), which are told apart per record
     * @param lateness a minute is written once the event-time watermark (the lowest progress over the partitions
     *     still delivering) passes its end plus this; spans for it that come later are added to the written minute as
     *     corrections
     * @param pairingWait how long a client or server half waits for its partner; at most {@code lateness}
     * @param maxWaiting most halves waiting at once (bounds memory); beyond it the oldest is given up
     * @param idleEdgeTimeout an edge unseen for this long is closed; its next call opens a new interval
     * @param idleFlush when the topic has been quiet this long (time spent polling) and every partition is read to its
     *     end as the broker says, open windows are written; as long as the allowed lateness by default, so that a
     *     producer's shorter interruption is not taken for the end of traffic
     * @param flushInterval closed windows are written at most this often (wall clock), many minutes at a time, and once
     *     the topic is read to its end (as the broker says) after records were read
     * @param partitionIdleTimeout a partition that delivered nothing this long and has nothing left to read stops
     *     holding the watermark back (time spent polling, not wall time: a write waiting for Neo4j is not quiet); at once while other partitions of the worker have records left to
     *     read (a backlog); set it well above the gaps of a live producer
     * @param minuteRetention per-minute values are kept this long (event time), hour totals after
     * @param hourRetention hour totals are kept this long; 0 keeps them
     * @param correctionHorizon spans for minutes up to this far behind the watermark are added to them as
     *     corrections; older ones are counted as too old and dropped
     * @param peerRules address templates ({@code <service>} once, {@code <namespace>} at most once) by which a client
     *     span's peer ({@code peer.service}, {@code server.address}) names an instrumented service: an unpaired call to
     *     it is counted on the edge to that service, not to a virtual peer; see {@link PeerResolver}
     */
    public record Traces(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("otlp_spans") String topic,
            @DefaultValue("otlp_proto") String encoding,
            @DefaultValue("30s") Duration lateness,
            @DefaultValue("20s") Duration pairingWait,
            @DefaultValue("500000") int maxWaiting,
            @DefaultValue("10m") Duration idleEdgeTimeout,
            @DefaultValue("30s") Duration idleFlush,
            @DefaultValue("5s") Duration flushInterval,
            @DefaultValue("30s") Duration partitionIdleTimeout,
            @DefaultValue("7d") Duration minuteRetention,
            @DefaultValue("0s") Duration hourRetention,
            @DefaultValue("24h") Duration correctionHorizon,

            @DefaultValue({
                "<service>.<namespace>.svc.cluster.local",
                "<service>.<namespace>.svc",
                "<service>.<namespace>",
                "<service>"
            })
            List<String> peerRules) {

        public Traces {
            encodingValue(encoding);
            peerRules = List.copyOf(peerRules);
            peerResolver(peerRules);
            if (pairingWait.compareTo(lateness) > 0) {
                throw new IllegalArgumentException("srekg.ingest.traces.pairing-wait must not exceed lateness");
            }
            if (correctionHorizon.compareTo(lateness) < 0) {
                throw new IllegalArgumentException(
                        "srekg.ingest.traces.correction-horizon must not be shorter than lateness");
            }
        }

        /** A resolver of peer addresses by {@link #peerRules}. */
        public PeerResolver peerResolver() {
            return peerResolver(peerRules);
        }

        private static PeerResolver peerResolver(List<String> rules) {
            try {
                return new PeerResolver(rules);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("srekg.ingest.traces.peer-rules: " + e.getMessage(), e);
            }
        }

        public dev.srekg.ingest.traces.OtlpSpans.Encoding encodingValue() {
            return encodingValue(encoding);
        }

        private static dev.srekg.ingest.traces.OtlpSpans.Encoding encodingValue(String encoding) {
            return switch (encoding) {
                case "otlp_proto" -> dev.srekg.ingest.traces.OtlpSpans.Encoding.OTLP_PROTO;
                case "otlp_json" -> dev.srekg.ingest.traces.OtlpSpans.Encoding.OTLP_JSON;
                default ->
                    throw new IllegalArgumentException(
                            "srekg.ingest.traces.encoding must be otlp_proto or otlp_json, was '" + encoding + "'");
            };
        }
    }

    /**
     * Service identity rules; see {@link IdentityRules}.
     *
     * @param kubernetesNames Kubernetes object name to service, e.g. {@code [checkout-hpa]=checkout}
     * @param ticketLabelPrefix label prefix naming a service on tickets
     * @param ticketComponents whether Jira components name services
     * @param repositories GitHub repository to service, e.g. {@code [shop/checkout-api]=checkout}
     * @param alertServiceLabels alert labels naming the service, first present wins
     * @param changeTagPrefix a flag or config tag {@code <prefix><service>} names a service; see {@link ChangeRules}
     * @param changeKeyPrefixes flag or config key prefix to service, e.g. {@code [checkout-]=checkout}
     * @param changeProjects flag or config project to services, e.g. {@code [shop]=checkout,cart}
     * @param defaultEnvironment the environment of services whose records name none; the API's {@code env=} default
     * @param alertEnvironmentLabels alert labels naming the environment, first present wins
     * @param ticketEnvironmentPrefix ticket label prefix naming the environment, e.g. {@code env:staging}
     * @param kubernetesEnvironments Kubernetes namespace, or cluster name, to environment, e.g. {@code [shop-staging]=staging}
     * @param kubernetesCluster the cluster the Kubernetes events come from, recorded on scale events
     * @param serviceNamespace {@code attribute} (the default: {@code service.namespace} is kept for grouping, the name
     *     alone is the identity) or {@code identity} (a namespace the spans or a Kubernetes event name qualifies the
     *     service's name, {@code <namespace>.<name>}); see {@link IdentityRules.ServiceNamespace}
     * @param changeEnvironments a flag or config tool's environment to srekg's, e.g. {@code [production]=prod}: the
     *     services a change maps to are that environment's; without an entry {@code production} is {@code prod} and
     *     any other name itself; see {@link ChangeRules#environmentOf}
     */
    public record Identity(
            Map<String, String> kubernetesNames,
            @DefaultValue("service:") String ticketLabelPrefix,
            @DefaultValue("true") boolean ticketComponents,
            Map<String, String> repositories,

            @DefaultValue({"sloth_service", "service", "job", "app"})
            List<String> alertServiceLabels,

            @DefaultValue("service:") String changeTagPrefix,
            Map<String, String> changeKeyPrefixes,
            Map<String, List<String>> changeProjects,
            @DefaultValue(ServiceId.DEFAULT_ENVIRONMENT) String defaultEnvironment,
            @DefaultValue({"env", "environment"}) List<String> alertEnvironmentLabels,
            @DefaultValue("env:") String ticketEnvironmentPrefix,
            Map<String, String> kubernetesEnvironments,
            @DefaultValue("") String kubernetesCluster,
            @DefaultValue("attribute") IdentityRules.ServiceNamespace serviceNamespace,
            Map<String, String> changeEnvironments) {

        public IdentityRules rules() {
            return new IdentityRules(
                    kubernetesNames == null ? Map.of() : kubernetesNames,
                    ticketLabelPrefix,
                    ticketComponents,
                    repositories == null ? Map.of() : repositories,
                    alertServiceLabels,
                    new IdentityRules.Environments(
                            defaultEnvironment,
                            alertEnvironmentLabels,
                            ticketEnvironmentPrefix,
                            kubernetesEnvironments == null ? Map.of() : kubernetesEnvironments,
                            kubernetesCluster),
                    serviceNamespace);
        }

        public ChangeRules changeRules() {
            return new ChangeRules(
                    changeTagPrefix,
                    changeKeyPrefixes == null ? Map.of() : changeKeyPrefixes,
                    changeProjects == null ? Map.of() : changeProjects,
                    changeEnvironments == null ? Map.of() : changeEnvironments,
                    defaultEnvironment);
        }
    }
}
