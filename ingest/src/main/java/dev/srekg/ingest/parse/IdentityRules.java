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
 */
public record IdentityRules(
        Map<String, String> kubernetesNames,
        String ticketLabelPrefix,
        boolean ticketComponents,
        Map<String, String> repositories,
        List<String> alertServiceLabels,
        Environments environments) {

    public static final IdentityRules DEFAULTS =
            new IdentityRules(Map.of(), "service:", true, Map.of(), List.of("sloth_service", "service", "job", "app"));

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
                Environments.DEFAULTS);
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
    }

    String kubernetesService(String objectName) {
        return kubernetesNames.getOrDefault(objectName, objectName);
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
