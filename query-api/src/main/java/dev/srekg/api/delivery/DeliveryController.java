package dev.srekg.api.delivery;

import dev.srekg.api.delivery.DeliveryView.Grouping;
import dev.srekg.api.web.BadParameter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Delivery and reliability figures (the DORA measures and SLO breaches) per service, team or environment. */
@RestController
class DeliveryController {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration LONGEST_PERIOD = Duration.ofDays(366);

    private final DeliveryReports reports;
    private final Clock clock;

    DeliveryController(DeliveryReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /**
     * Deployment frequency, lead time for changes, change failure rate, time to restore, SLO breaches and breach
     * minutes, and incidents by cause class, over a period, each with the deploys or incidents it counted.
     *
     * @param from start of the period, ISO-8601 (default: 30 days before {@code to})
     * @param to end of the period, exclusive (default now)
     * @param by {@code service} (default), {@code team} or {@code environment}
     * @param service only this service's facts
     * @param team only the facts of this team's services
     * @param env only this environment's facts: deploys to it, its services' incidents and breaches (default: every
     *     environment, so that {@code by=environment} compares them)
     * @param environment the same as {@code env}, its older name
     * @param knownAt record time, ISO-8601 (default now): the figures as srekg knew the facts then
     */
    @GetMapping("/api/v1/delivery")
    DeliveryView delivery(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "service") String by,
            @RequestParam(required = false) String service,
            @RequestParam(required = false) String team,
            @RequestParam(required = false) String env,
            @RequestParam(required = false) String environment,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant knownAt) {
        Instant now = clock.instant();
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end)) {
            throw new BadParameter("from must be before to, was " + start + " .. " + end);
        }
        if (Duration.between(start, end).compareTo(LONGEST_PERIOD) > 0) {
            throw new BadParameter("the period must be at most 366 days, was " + Duration.between(start, end));
        }
        return reports.report(
                start,
                end,
                knownAt == null ? now : knownAt,
                grouping(by),
                new DeliveryReport.Selection(
                        blankToNull(service),
                        blankToNull(team),
                        blankToNull(env) == null ? blankToNull(environment) : blankToNull(env)));
    }

    private static Grouping grouping(String by) {
        try {
            return Grouping.valueOf(by.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("by must be service, team or environment, was '" + by + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
