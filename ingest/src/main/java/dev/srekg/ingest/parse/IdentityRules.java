package dev.srekg.ingest.parse;

import dev.srekg.graph.services.ServiceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How records name services, where the producers' formats leave a choice.
 *
 * @param kubernetesNames Kubernetes object name to service name (HPA or Deployment), for objects not named after
 *     their service; unmapped names are the service name
 * @param ticketLabelPrefix a ticket label {@code <prefix><service>} names a service
 * @param ticketComponents a Jira component names a service
 * @param repositories GitHub repository ({@code owner/name}) to service; an unmapped repository names the service
 *     after its {@code name} part when the issue has no service label
 * @param alertServiceLabels alert labels that name the service, first present wins
 * @param environments which environment each record's service is in
 * @param serviceNamespace whether a namespace the producer names is part of the service's name
 */
public record IdentityRules(
        Map<String, String> kubernetesNames,
        String ticketLabelPrefix,
        boolean ticketComponents,
        Map<String, String> repositories,
        List<String> alertServiceLabels,
        Environments environments,
        ServiceNamespace serviceNamespace) {

    public static final IdentityRules DEFAULTS =
            new IdentityRules(Map.of(), "service:", true, Map.of(), List.of("sloth_service", "service", "job", "app"));

    /**
     * Whether {@code service.namespace} is part of a service's identity, as the OpenTelemetry semantic conventions
     * have it ({@code service.name} is unique within its namespace). The namespace a span's resource names
     * ({@code service.namespace}), or a Kubernetes event's object namespace (the conventions' advice is to set
     * {@code service.namespace} to it), then qualifies the service's name: {@code shop.checkout} is {@code checkout} of
     * namespace {@code shop}. Producers that carry no namespace (deploys, alerts, tickets, changes) name such a service
     * by its qualified name.
     */
    public enum ServiceNamespace {
        /**
         * The default: the namespace is kept on the service as an attribute for grouping, and the name alone (within
         * its environment) is the identity, so spans that name a namespace meet the deploys and alerts that do not.
         */
        ATTRIBUTE,
        /** The namespace, where a producer names one, qualifies the name: {@code <namespace>.<name>}. */
        IDENTITY;

        /** The service's name under this rule: {@code name}, or {@code namespace.name} when the rule is identity. */
        public String name(String namespace, String name) {
            return this == IDENTITY && namespace != null && !namespace.isBlank()
                    ? namespace.strip() + "." + name
                    : name;
        }
    }

    /**
     * The environment of a record's service, part of its identity ({@link ServiceId}): each producer's own field, else
     * the default environment.
     *
     * @param defaultEnvironment the environment of services whose records name none
     * @param alertLabels alert labels that name the environment, first present wins
     * @param ticketLabelPrefix a ticket label {@code <prefix><environment>} names the environment
     * @param kubernetes Kubernetes namespace, or the cluster's name, to environment; the namespace is looked up first
     * @param kubernetesCluster the cluster the Kubernetes events come from, recorded on scale events, or empty
     */
    public record Environments(
            String defaultEnvironment,
            List<String> alertLabels,
            String ticketLabelPrefix,
            Map<String, String> kubernetes,
            String kubernetesCluster) {

        public static final Environments DEFAULTS =
                new Environments(ServiceId.DEFAULT_ENVIRONMENT, List.of("env", "environment"), "env:", Map.of(), "");

        public Environments {
            defaultEnvironment = ServiceId.environment(defaultEnvironment);
            alertLabels = List.copyOf(alertLabels);
            ticketLabelPrefix = ticketLabelPrefix == null ? "" : ticketLabelPrefix;
            kubernetes = Map.copyOf(kubernetes);
            kubernetesCluster = kubernetesCluster == null ? "" : kubernetesCluster.strip();
        }

        /** The environment a producer names, or the default when it names none. */
        public String or(String named) {
            return ServiceId.environmentOr(named, defaultEnvironment);
        }

        /** The environment of an alert's labels. */
        String ofAlert(Map<String, String> labels) {
            return alertLabels.stream()
                    .map(labels::get)
                    .filter(v -> v != null && !v.isBlank())
                    .findFirst()
                    .map(this::or)
                    .orElse(defaultEnvironment);
        }

        /** The environment a ticket's labels name ({@code env:staging}). */
        String ofTicketLabels(List<String> labels) {
            return labels.stream()
                    .filter(l -> !ticketLabelPrefix.isEmpty() && l.startsWith(ticketLabelPrefix))
                    .map(l -> l.substring(ticketLabelPrefix.length()).strip())
                    .filter(e -> !e.isEmpty())
                    .findFirst()
                    .map(this::or)
                    .orElse(defaultEnvironment);
        }

        /** The environment of a Kubernetes object in {@code namespace} of the configured cluster. */
        String ofKubernetes(String namespace) {
            String mapped = kubernetes.get(namespace == null ? "" : namespace);
            if (mapped == null && !kubernetesCluster.isEmpty()) {
                mapped = kubernetes.get(kubernetesCluster);
            }
            return or(mapped);
        }
    }

    /** The rules with the default environments. */
    public IdentityRules(
            Map<String, String> kubernetesNames,
            String ticketLabelPrefix,
            boolean ticketComponents,
            Map<String, String> repositories,
            List<String> alertServiceLabels) {
        this(
                kubernetesNames,
                ticketLabelPrefix,
                ticketComponents,
                repositories,
                alertServiceLabels,
                Environments.DEFAULTS,
                ServiceNamespace.ATTRIBUTE);
    }

    public IdentityRules {
        kubernetesNames = Map.copyOf(kubernetesNames);
        ticketLabelPrefix = ticketLabelPrefix == null ? "" : ticketLabelPrefix;
        repositories = Map.copyOf(repositories);
        alertServiceLabels = List.copyOf(alertServiceLabels);
        if (alertServiceLabels.isEmpty()) {
            throw new IllegalArgumentException("at least one alert label must name the service");
        }
        java.util.Objects.requireNonNull(environments, "environments");
        java.util.Objects.requireNonNull(serviceNamespace, "serviceNamespace");
    }

    /** The service a Kubernetes object in {@code namespace} is: its mapped name, qualified by the namespace rule. */
    String kubernetesService(String namespace, String objectName) {
        return serviceNamespace.name(namespace, kubernetesNames.getOrDefault(objectName, objectName));
    }

    /** The service a ticket label names, if it is a service label. */
    Optional<String> serviceOfLabel(String label) {
        if (ticketLabelPrefix.isEmpty() || !label.startsWith(ticketLabelPrefix)) {
            return Optional.empty();
        }
        String name = label.substring(ticketLabelPrefix.length()).strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    String repositoryService(String fullName) {
        String mapped = repositories.get(fullName);
        if (mapped != null) {
            return mapped;
        }
        int slash = fullName.lastIndexOf('/');
        return slash < 0 ? fullName : fullName.substring(slash + 1);
    }
}
