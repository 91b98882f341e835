package dev.srekg.api.alertlink;

import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.Environments;
import dev.srekg.graph.notify.AlertLinkStatements;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resolves the stable link an alert carries ({@code #/alert?fingerprint=&startsAt=&service=}, docs/alert-links.md) to
 * where the on-call should land: the alert's incident when srekg recorded one, else the service's context at the
 * alert's start. Issue 22.
 */
@RestController
class AlertLinkController {

    private final Driver driver;
    private final Environments environments;

    AlertLinkController(Driver driver, Environments environments) {
        this.driver = driver;
        this.environments = environments;
    }

    /**
     * Where an alert's link leads.
     *
     * @param incident the alert's incident, or null when srekg has none (yet)
     * @param service the breached service
     * @param environment its environment
     * @param at the breach's start (the moment asked for when srekg knows no breach)
     * @param generatorUrl the alert's source, or empty
     * @param ui the UI route to open: {@code #/incident/{id}} or {@code #/context/{service}?at=&env=}
     */
    record AlertLink(String incident, String service, String environment, Instant at, String generatorUrl, String ui) {}

    /**
     * @param fingerprint Alertmanager's fingerprint of the alert (its label set)
     * @param startsAt the alert's start, ISO-8601 or epoch milliseconds
     * @param service the service the alert names (the fallback when the fingerprint matches no breach)
     * @param env the environment the alert names (its {@code env} label; default the configured default environment)
     */
    @GetMapping("/api/v1/alert-link")
    AlertLink link(
            @RequestParam(defaultValue = "") String fingerprint,
            @RequestParam String startsAt,
            @RequestParam(defaultValue = "") String service,
            @RequestParam(required = false) String env) {
        Instant start = instant(startsAt);
        String environment = environments.of(env);
        if (fingerprint.isBlank() && service.isBlank()) {
            throw new BadParameter("give the alert's fingerprint or its service");
        }
        Optional<AlertLink> found = find(fingerprint + " " + start, environment, service, start);
        if (found.isPresent()) {
            return found.get();
        }
        if (service.isBlank()) {
            throw new BadParameter("no breach has fingerprint '" + fingerprint + "' and start " + start
                    + "; give the alert's service too, to open its context");
        }
        return new AlertLink(null, service, environment, start, "", contextRoute(service, environment, start));
    }

    /** An ISO-8601 instant, or epoch milliseconds as Grafana's {@code ${__value.time}} gives them. */
    static Instant instant(String text) {
        try {
            return text.matches("\\d{1,15}") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadParameter("startsAt must be an ISO-8601 instant such as 2026-11-25T14:00:00Z or epoch"
                    + " milliseconds, was '" + text + "'");
        }
    }

    private Optional<AlertLink> find(String key, String environment, String service, Instant start) {
        Optional<AlertLink> byKey = breach(AlertLinkStatements.BREACH_BY_KEY, Map.of("key", key));
        return byKey.isPresent() || service.isBlank()
                ? byKey
                : breach(
                        AlertLinkStatements.BREACH_ACTIVE,
                        Map.of("service", service, "env", environment, "at", start.atOffset(ZoneOffset.UTC)));
    }

    private Optional<AlertLink> breach(String statement, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> {
                var result = tx.run(statement, parameters);
                if (!result.hasNext()) {
                    return Optional.empty();
                }
                Record r = result.next();
                String incident =
                        r.get("incident").isNull() ? null : r.get("incident").asString();
                String breached = r.get("service").asString();
                String environment = r.get("environment").asString();
                Instant breachStart = r.get("startsAt").asZonedDateTime().toInstant();
                return Optional.of(new AlertLink(
                        incident,
                        breached,
                        environment,
                        breachStart,
                        r.get("generatorUrl").asString(""),
                        incident == null
                                ? contextRoute(breached, environment, breachStart)
                                : "#/incident/" + incident));
            });
        }
    }

    /** The UI route of a service's context; the default environment's needs no {@code env}. */
    private String contextRoute(String service, String environment, Instant at) {
        return "#/context/"
                + java.net.URLEncoder.encode(service, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")
                + "?at=" + at
                + (environments.isDefault(environment)
                        ? ""
                        : "&env=" + java.net.URLEncoder.encode(environment, java.nio.charset.StandardCharsets.UTF_8));
    }
}
