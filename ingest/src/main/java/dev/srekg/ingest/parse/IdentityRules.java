package dev.srekg.ingest.parse;

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
 */
public record IdentityRules(
        Map<String, String> kubernetesNames,
        String ticketLabelPrefix,
        boolean ticketComponents,
        Map<String, String> repositories,
        List<String> alertServiceLabels) {

    public static final IdentityRules DEFAULTS =
            new IdentityRules(Map.of(), "service:", true, Map.of(), List.of("sloth_service", "service", "job", "app"));

    public IdentityRules {
        kubernetesNames = Map.copyOf(kubernetesNames);
        ticketLabelPrefix = ticketLabelPrefix == null ? "" : ticketLabelPrefix;
        repositories = Map.copyOf(repositories);
        alertServiceLabels = List.copyOf(alertServiceLabels);
        if (alertServiceLabels.isEmpty()) {
            throw new IllegalArgumentException("at least one alert label must name the service");
        }
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
