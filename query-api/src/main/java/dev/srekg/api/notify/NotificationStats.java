package dev.srekg.api.notify;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Delivery counts per receiver since start, and what waits in the outbox as of the last round: for the health
 * endpoint ({@link #receivers()}), OpenTelemetry ({@code srekg.notify.attempts{receiver, outcome}},
 * {@code srekg.notify.pending{receiver}}) and the Prometheus scrape (the same names).
 */
@Component
public class NotificationStats implements MeterBinder {

    /** What became of one attempt, or of a message the rate limit held back. */
    enum Outcome {
        DELIVERED,
        FAILED,
        REFUSED,
        RATE_LIMITED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One receiver's figures.
     *
     * @param delivered messages accepted
     * @param failed attempts that failed (down, slow, 5xx, 429) and will be retried
     * @param refused messages the receiver refused for good (another 4xx): not retried
     * @param rateLimited times a message was held back by the receiver's rate limit
     * @param pending messages waiting in the outbox
     * @param oldestPending when the oldest of them was written, or null
     * @param lastError the last failure, or empty
     */
    public record Receiver(
            long delivered,
            long failed,
            long refused,
            long rateLimited,
            long pending,
            Instant oldestPending,
            String lastError) {}

    private static final AttributeKey<String> RECEIVER = AttributeKey.stringKey("receiver");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    private final List<String> names;
    private final Map<String, Map<Outcome, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private volatile Map<String, Outbox.Pending> pending = Map.of();
    private final LongCounter attempts;

    NotificationStats(NotifyProperties properties, OpenTelemetry openTelemetry) {
        this.names = properties.receivers().stream()
                .map(NotifyProperties.Receiver::name)
                .toList();
        for (String name : names) {
            Map<Outcome, AtomicLong> m = new ConcurrentHashMap<>();
            for (Outcome o : Outcome.values()) {
                m.put(o, new AtomicLong());
            }
            counts.put(name, m);
        }
        var meter = openTelemetry.getMeter("dev.srekg.api.notify");
        this.attempts = meter.counterBuilder("srekg.notify.attempts")
                .setDescription("Notification attempts by receiver and outcome")
                .build();
        meter.gaugeBuilder("srekg.notify.pending")
                .ofLongs()
                .setDescription("Notifications waiting in the outbox")
                .buildWithCallback(g -> names.forEach(n -> g.record(pendingOf(n), Attributes.of(RECEIVER, n))));
    }

    void count(String receiver, Outcome outcome, String error) {
        counts.get(receiver).get(outcome).incrementAndGet();
        attempts.add(1, Attributes.of(RECEIVER, receiver, OUTCOME, outcome.label()));
        if (error != null) {
            lastError.put(receiver, error);
        }
    }

    void pending(Map<String, Outbox.Pending> pending) {
        this.pending = Map.copyOf(pending);
    }

    private long pendingOf(String receiver) {
        Outbox.Pending p = pending.get(receiver);
        return p == null ? 0 : p.count();
    }

    /** Every configured receiver's figures, in configuration order. */
    public Map<String, Receiver> receivers() {
        Map<String, Receiver> out = new LinkedHashMap<>();
        for (String name : names) {
            Map<Outcome, AtomicLong> c = counts.get(name);
            Outbox.Pending p = pending.get(name);
            out.put(
                    name,
                    new Receiver(
                            c.get(Outcome.DELIVERED).get(),
                            c.get(Outcome.FAILED).get(),
                            c.get(Outcome.REFUSED).get(),
                            c.get(Outcome.RATE_LIMITED).get(),
                            p == null ? 0 : p.count(),
                            p == null ? null : p.oldest(),
                            lastError.getOrDefault(name, "")));
        }
        return out;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : names) {
            for (Outcome o : Outcome.values()) {
                FunctionCounter.builder(
                                "srekg.notify.attempts", counts.get(name).get(o), AtomicLong::get)
                        .tag("receiver", name)
                        .tag("outcome", o.label())
                        .description("Notification attempts by receiver and outcome")
                        .register(registry);
            }
            Gauge.builder("srekg.notify.pending", this, s -> s.pendingOf(name))
                    .tag("receiver", name)
                    .description("Notifications waiting in the outbox")
                    .register(registry);
        }
    }
}
