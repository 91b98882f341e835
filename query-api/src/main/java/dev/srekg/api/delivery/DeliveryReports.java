package dev.srekg.api.delivery;

import dev.srekg.api.delivery.DeliveryView.Grouping;
import dev.srekg.api.incidents.IncidentProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads a period's facts and computes its report; used by the HTTP endpoint and the gauges. */
@Component
class DeliveryReports {

    private final DeliveryQueries queries;
    private final Duration settle;

    DeliveryReports(DeliveryQueries queries, IncidentProperties incidents) {
        this.queries = queries;
        this.settle = incidents.settle();
    }

    /**
     * The report of {@code [from, to)} as known at {@code knownAt}; an incident counts as settled once it was recorded
     * at least the incidents' settle time before {@code knownAt}.
     */
    DeliveryView report(Instant from, Instant to, Instant knownAt, Grouping by, DeliveryReport.Selection selection) {
        return reports(from, to, knownAt, List.of(by), selection).get(0);
    }

    /** As {@link #report}, one report per grouping, from one read of the period's facts. */
    List<DeliveryView> reports(
            Instant from, Instant to, Instant knownAt, List<Grouping> groupings, DeliveryReport.Selection selection) {
        var period = queries.period(from, to, knownAt, knownAt.minus(settle));
        return groupings.stream()
                .map(by -> DeliveryReport.report(
                        from, to, knownAt, by, selection, period.deploys(), period.incidents(), period.breaches()))
                .toList();
    }
}
