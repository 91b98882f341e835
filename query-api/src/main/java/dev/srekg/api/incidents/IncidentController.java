package dev.srekg.api.incidents;

import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Incidents: one per SLO breach, with the context as it was computed when the SLO fired. */
@RestController
class IncidentController {

    private final IncidentStore store;
    private final Environments environments;
    private final JsonMapper json;

    IncidentController(IncidentStore store, Environments environments, JsonMapper json) {
        this.store = store;
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
    List<IncidentStore.IncidentView> incidents(
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) String env) {
        Bounds.within("limit", limit, 1, 1000);
        return store.list(environments.of(env), limit);
    }

    /**
     * One incident with its context.
     *
     * @param id the incident's id
     */
    @GetMapping("/api/v1/incidents/{id}")
    IncidentDetail incident(@PathVariable String id) {
        var found = store.find(id).orElseThrow(() -> new NotFound("incident", id));
        return new IncidentDetail(found.getKey(), json.readTree(found.getValue()));
    }

    /**
     * An incident and the context computed when it opened.
     *
     * @param incident the summary
     * @param context the incident context (see {@code GET /api/v1/services/{service}/context})
     */
    record IncidentDetail(IncidentStore.IncidentView incident, JsonNode context) {}
}
