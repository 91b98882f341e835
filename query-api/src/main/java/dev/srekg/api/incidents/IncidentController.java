package dev.srekg.api.incidents;

import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.data.domain.Limit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Incidents: one per SLO breach, with the context as it was computed when the SLO fired. */
@RestController
class IncidentController {

    private final IncidentRepository incidents;
    private final Environments environments;
    private final JsonMapper json;

    IncidentController(IncidentRepository incidents, Environments environments, JsonMapper json) {
        this.incidents = incidents;
        this.environments = environments;
        this.json = json;
    }

    /**
     * Incidents, newest first.
     *
     * @param limit at most this many, 1 to 1000 (default 100)
     * @param env the environment of the breached services (default the configured default environment)
     */
    @GetMapping("/api/v1/incidents")
    List<IncidentView> incidents(
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String env) {
        Bounds.within("limit", limit, 1, 1000);
        return incidents.findByEnvironmentOrderByOpenedAtDescIdAsc(environments.of(env), Limit.of(limit)).stream()
                .map(IncidentView::of)
                .toList();
    }

    /**
     * One incident with its context.
     *
     * @param id the incident's id
     */
    @GetMapping("/api/v1/incidents/{id}")
    IncidentDetail incident(@PathVariable String id) {
        IncidentRepository.Detail found = incidents.findDetailById(id).orElseThrow(() -> new NotFound("incident", id));
        return new IncidentDetail(IncidentView.of(found), json.readTree(found.getContext()));
    }

    /**
     * An incident and the context computed when it opened.
     *
     * @param incident the summary
     * @param context the incident context (see {@code GET /api/v1/services/{service}/context})
     */
    record IncidentDetail(IncidentView incident, JsonNode context) {}

    /**
     * An incident in a list.
     *
     * @param id stable id derived from the breach
     * @param service the breached service
     * @param environment its environment
     * @param slo the SLO
     * @param severity the alert's severity
     * @param status open or resolved
     * @param openedAt when the breach started
     * @param resolvedAt when it resolved, or null
     * @param topSuspect one line on the first suspect, or empty
     * @param computedAt when its context was last computed: while it settles, and again whenever late traffic of its
     *     window lands
     * @param generatorUrl the alert's source (its Prometheus expression, Grafana panel), or empty (issue 22)
     */
    record IncidentView(
            String id,
            String service,
            String environment,
            String slo,
            String severity,
            String status,
            Instant openedAt,
            Instant resolvedAt,
            String topSuspect,
            Instant computedAt,
            String generatorUrl) {

        static IncidentView of(IncidentRepository.Summary i) {
            return new IncidentView(
                    i.getId(),
                    i.getService(),
                    Objects.requireNonNullElse(i.getEnvironment(), ""),
                    i.getSlo(),
                    Objects.requireNonNullElse(i.getSeverity(), ""),
                    i.getResolvedAt() == null ? "open" : "resolved",
                    i.getOpenedAt(),
                    i.getResolvedAt(),
                    Objects.requireNonNullElse(i.getTopSuspect(), ""),
                    i.getComputedAt(),
                    i.getBreach() == null
                            ? ""
                            : Objects.requireNonNullElse(i.getBreach().getGeneratorUrl(), ""));
        }
    }
}
