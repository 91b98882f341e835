package dev.srekg.api.changes;

import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.graph.config.ConfigChangeReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The estate timeline of configuration, flag, infrastructure and schema changes: every change of a period, whether
 * a rule mapped it to a service or not (an unmapped change shows here and nowhere else).
 */
@RestController
class ChangeController {

    private static final Duration MAX_PERIOD = Duration.ofDays(31);

    private final Driver driver;
    private final Clock clock;
    private final Environments environments;

    ChangeController(Driver driver, Clock clock, Environments environments) {
        this.driver = driver;
        this.clock = clock;
        this.environments = environments;
    }

    /**
     * A configuration or flag change as the estate timeline shows it.
     *
     * @param key natural key
     * @param kind config, flag, infra or schema
     * @param source the producer: launchdarkly, unleash, cdevents or srekg
     * @param target what was changed: flag key, config or environment name
     * @param services the services it maps to, possibly none
     * @param mapping the rule that mapped it ({@code tag service:checkout}, ...), or {@code unmapped}
     * @param environment the tool's environment, or empty
     * @param serviceEnvironment the srekg environment of its services (the tool's mapped by the change rules)
     * @param action what was done, in the producer's words
     * @param summary a line describing it
     * @param author who made it, or empty
     * @param link where to see it, or empty
     * @param at event time
     */
    record Change(
            String key,
            String kind,
            String source,
            String target,
            List<String> services,
            String mapping,
            String environment,
            String action,
            String summary,
            String author,
            String link,
            Instant at,
            String serviceEnvironment) {}

    /**
     * Changes between two moments, newest first, as known now.
     *
     * @param from ISO-8601 instant (default 24 hours before {@code to})
     * @param to ISO-8601 instant (default now)
     * @param limit most changes returned, 1 to 1000 (default 200)
     * @param env the environment whose changes are listed (default the configured default environment)
     */
    @GetMapping("/api/v1/changes")
    List<Change> changes(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "200") int limit,
            @RequestParam(required = false) String env) {
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : from;
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new BadParameter("from must be before to, at most 31 days apart");
        }
        Map<String, Object> params = Map.of(
                "from", start.atOffset(ZoneOffset.UTC),
                "to", end.atOffset(ZoneOffset.UTC),
                "knownAt", now.atOffset(ZoneOffset.UTC),
                "limit", Bounds.within("limit", limit, 1, 1000),
                "env", environments.of(env),
                "defaultEnvironment", environments.of(null));
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(ConfigChangeReads.IN_PERIOD, params)
                    .list(r -> new Change(
                            r.get("key").asString(),
                            r.get("kind").asString(),
                            r.get("source").asString(),
                            r.get("target").asString(),
                            r.get("services").asList(Value::asString),
                            r.get("mapping").asString(),
                            r.get("environment").asString(""),
                            r.get("action").asString(""),
                            r.get("summary").asString(""),
                            r.get("author").asString(""),
                            r.get("link").asString(""),
                            r.get("at").asZonedDateTime().toInstant(),
                            r.get("serviceEnvironment").asString())));
        }
    }
}
