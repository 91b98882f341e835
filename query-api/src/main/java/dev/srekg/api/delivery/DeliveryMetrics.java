package dev.srekg.api.delivery;

import dev.srekg.api.delivery.DeliveryView.Group;
import dev.srekg.api.delivery.DeliveryView.Grouping;
import dev.srekg.api.web.Periodic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The delivery figures of the last {@code metrics-window} as gauges, per service ({@code srekg.delivery.service.*}) and
 * per team ({@code srekg.delivery.team.*}), recomputed every {@code metrics-refresh}. Labels are low-cardinality: a
 * service or team, a cause class, an SLO, a quantile; never a deploy or an incident.
 */
@Component
class DeliveryMetrics extends Periodic implements MeterBinder {

    /** One gauge family per figure and grouping. */
    private enum Figure {
        DEPLOYMENTS("deployments", "deploys in the window", null),
        CHANGE_FAILURE_RATE("change.failure.rate", "deploys that became an incident's top suspect / deploys", null),
        LEAD_TIME("lead.time", "lead time for changes (quantile 0.5 and 0.9)", "seconds"),
        RESTORE_TIME("restore.time", "incident open to resolve (quantile 0.5 and 0.9)", "seconds"),
        INCIDENTS("incidents", "incidents opened in the window, by cause class", null),
        BREACH_MINUTES("slo.breach.minutes", "minutes in breach in the window, per SLO", null);

        final String name;
        final String description;
        final String unit;

        Figure(String name, String description, String unit) {
            this.name = name;
            this.description = description;
            this.unit = unit;
        }
    }

    private final DeliveryReports reports;
    private final Clock clock;
    private final Duration window;
    private final Map<Grouping, Map<Figure, MultiGauge>> gauges = new EnumMap<>(Grouping.class);

    DeliveryMetrics(DeliveryReports reports, Clock clock, DeliveryProperties properties) {
        super("srekg-delivery-metrics", "Computing the delivery metrics", Duration.ZERO, properties.metricsRefresh());
        this.reports = reports;
        this.clock = clock;
        this.window = properties.metricsWindow();
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (Grouping by : List.of(Grouping.SERVICE, Grouping.TEAM)) {
            Map<Figure, MultiGauge> family = new EnumMap<>(Figure.class);
            for (Figure f : Figure.values()) {
                MultiGauge.Builder builder = MultiGauge.builder(
                                "srekg.delivery." + by.name().toLowerCase(java.util.Locale.ROOT) + "." + f.name)
                        .description(f.description);
                if (f.unit != null) {
                    builder.baseUnit(f.unit);
                }
                family.put(f, builder.register(registry));
            }
            gauges.put(by, family);
        }
    }

    /** Recomputes every gauge from the graph. */
    synchronized void refresh() {
        if (gauges.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Grouping> groupings = List.copyOf(gauges.keySet());
        List<DeliveryView> views =
                reports.reports(now.minus(window), now, now, groupings, DeliveryReport.Selection.ALL);
        for (DeliveryView view : views) {
            Grouping by = view.by();
            String label = by.name().toLowerCase(java.util.Locale.ROOT);
            Map<Figure, List<MultiGauge.Row<?>>> rows = new EnumMap<>(Figure.class);
            for (Figure f : Figure.values()) {
                rows.put(f, new ArrayList<>());
            }
            for (Group g : view.groups()) {
                Tags name = Tags.of(label, g.name());
                rows.get(Figure.DEPLOYMENTS)
                        .add(MultiGauge.Row.of(name, g.deployments().count()));
                if (g.changeFailure().rate() != null) {
                    rows.get(Figure.CHANGE_FAILURE_RATE)
                            .add(MultiGauge.Row.of(name, g.changeFailure().rate()));
                }
                quantiles(
                        rows.get(Figure.LEAD_TIME),
                        name,
                        g.leadTime().medianSeconds(),
                        g.leadTime().p90Seconds());
                quantiles(
                        rows.get(Figure.RESTORE_TIME),
                        name,
                        g.timeToRestore().medianSeconds(),
                        g.timeToRestore().p90Seconds());
                g.incidentsByCause()
                        .forEach((cause, c) ->
                                rows.get(Figure.INCIDENTS).add(MultiGauge.Row.of(name.and("cause", cause), c.count())));
                for (var slo : g.slos()) {
                    rows.get(Figure.BREACH_MINUTES)
                            .add(MultiGauge.Row.of(
                                    name.and("slo", slo.service() + "/" + slo.slo()), slo.breachMinutes()));
                }
            }
            gauges.get(by).forEach((f, gauge) -> gauge.register(rows.get(f), true));
        }
    }

    private static void quantiles(List<MultiGauge.Row<?>> rows, Tags name, Long median, Long p90) {
        if (median != null) {
            rows.add(MultiGauge.Row.of(name.and("quantile", "0.5"), median));
            rows.add(MultiGauge.Row.of(name.and("quantile", "0.9"), p90));
        }
    }

    @Override
    protected void round() {
        refresh();
    }
}
