package dev.srekg.api;

import java.time.Clock;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Services and their deployments. */
@RestController
@RequestMapping("/api/v1/services")
class ServiceController {

    private final ServiceQueries queries;
    private final Clock clock;

    ServiceController(ServiceQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * One service with its deployments and the one running at {@code at} (default now).
     *
     * @param name service name
     * @param at ISO-8601 instant
     */
    @GetMapping("/{name}")
    ServiceView service(
            @PathVariable String name,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at) {
        Instant moment = at == null ? clock.instant() : at;
        return queries.service(name, moment).orElseThrow(() -> ApiProblems.notFound("service", name));
    }
}
