package dev.srekg.api.notify;

import dev.srekg.api.incidents.IncidentProperties;
import dev.srekg.api.web.Periodic;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the configured receivers about incidents: each round writes the states incidents reached to the outbox, then
 * sends what is due, each receiver on a thread of its own so a slow one holds up no other. A failed attempt (receiver
 * down, slower than its timeout, 5xx, 408, 425 or 429) is retried after a wait that doubles up to {@code max-retry};
 * another 4xx settles the message as refused. A message is settled only after its receiver accepted it, so a restart
 * resends at most the messages in flight, with the same {@code Idempotency-Key}.
 */
@Component
class Notifier extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    static final int BATCH = 10;

    private final NotifyProperties properties;
    private final Outbox outbox;
    private final NotificationStats stats;
    private final Clock clock;
    private final Duration settle;
    private final JsonMapper json = JsonMapper.builder().build();
    private final String owner = UUID.randomUUID().toString();
    private final HttpClient http;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextAllowed = new ConcurrentHashMap<>();
    private ExecutorService senders;

    Notifier(
            NotifyProperties properties,
            Outbox outbox,
            NotificationStats stats,
            Clock clock,
            IncidentProperties incidents) {
        super("srekg-notify", "Sending notifications", properties.pollInterval(), properties.pollInterval());
        this.properties = properties;
        this.outbox = outbox;
        this.stats = stats;
        this.clock = clock;
        this.settle = incidents.settle();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The wait before attempt {@code failures + 1}: {@code first * 2^(failures - 1)}, at most {@code max}. */
    static Duration backoff(long failures, Duration first, Duration max) {
        if (failures <= 1) {
            return first;
        }
        long shift = Math.min(failures - 1, 30);
        Duration d = first.multipliedBy(1L << shift);
        return d.compareTo(max) > 0 || d.isNegative() ? max : d;
    }

    @Override
    public synchronized void start() {
        if (properties.receivers().isEmpty()) {
            return;
        }
        senders = Executors.newFixedThreadPool(properties.receivers().size(), r -> {
            Thread t = new Thread(r, "srekg-notify-send");
            t.setDaemon(true);
            return t;
        });
        super.start();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        if (senders != null) {
            senders.shutdownNow();
            senders = null;
        }
    }

    @Override
    protected void round() {
        enqueue();
        stats.pending(outbox.pending());
        for (NotifyProperties.Receiver r : properties.receivers()) {
            CompletableFuture<Void> previous = running.get(r.name());
            if (previous == null || previous.isDone()) {
                running.put(r.name(), CompletableFuture.runAsync(() -> deliver(r), senders));
            }
        }
    }

    /** Writes to the outbox every state not yet there; returns how many messages it wrote. */
    int enqueue() {
        Instant now = clock.instant();
        Instant horizon = now.minus(properties.maxAge());
        List<String> names = properties.receivers().stream()
                .map(NotifyProperties.Receiver::name)
                .toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Transition.Incident incident : outbox.incidents(horizon, horizon, now.minus(settle))) {
            List<Transition> due = Transition.due(incident, names);
            if (due.isEmpty()) {
                continue;
            }
            var stored = outbox.incident(incident.id());
            if (stored.isEmpty()) {
                continue;
            }
            for (Transition t : due) {
                IncidentMessage m = Payloads.message(stored.get(), t, properties.publicUrl());
                rows.add(Map.of(
                        "id", t.id(incident.id()),
                        "incident", incident.id(),
                        "receiver", t.receiver(),
                        "state", t.state(),
                        "order", t.order(),
                        "message", json.writeValueAsString(m)));
            }
        }
        if (!rows.isEmpty()) {
            outbox.enqueue(rows, now);
        }
        return rows.size();
    }

    private void deliver(NotifyProperties.Receiver receiver) {
        try {
            Instant now = clock.instant();
            for (Outbox.Claimed c : outbox.claim(receiver.name(), owner, BATCH, now, now.plus(properties.lease()))) {
                now = clock.instant();
                Instant allowed = nextAllowed.getOrDefault(receiver.name(), now);
                if (allowed.isAfter(now)) {
                    outbox.retry(c.id(), allowed, 0, null);
                    stats.count(receiver.name(), NotificationStats.Outcome.RATE_LIMITED, null);
                    continue;
                }
                nextAllowed.put(receiver.name(), now.plus(Duration.ofMinutes(1).dividedBy(receiver.perMinute())));
                send(receiver, c);
            }
        } catch (RuntimeException e) {
            log.warn("Notifications to {} failed; retrying next round: {}", receiver.name(), e.getMessage());
        }
    }

    private void send(NotifyProperties.Receiver receiver, Outbox.Claimed c) {
        IncidentMessage m = json.readValue(c.message(), IncidentMessage.class);
        String body = Payloads.body(receiver.kind(), m);
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.url())
                .timeout(receiver.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", m.idempotencyKey())
                .header("X-Srekg-Event", m.event())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!receiver.secret().isEmpty()) {
            request.header("X-Srekg-Signature-256", Payloads.signature(receiver.secret(), body));
        }
        String error;
        boolean retriable;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                outbox.settle(c.id(), "delivered", 1, null, clock.instant());
                stats.count(receiver.name(), NotificationStats.Outcome.DELIVERED, null);
                return;
            }
            error = "HTTP " + status;
            retriable = status >= 500 || status == 408 || status == 425 || status == 429;
        } catch (HttpTimeoutException e) {
            error = "no answer within " + receiver.timeout();
            retriable = true;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            retriable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (retriable) {
            Instant due =
                    clock.instant().plus(backoff(c.attempts() + 1, properties.firstRetry(), properties.maxRetry()));
            outbox.retry(c.id(), due, 1, error);
            stats.count(receiver.name(), NotificationStats.Outcome.FAILED, error);
        } else {
            outbox.settle(c.id(), "refused", 1, error, clock.instant());
            stats.count(receiver.name(), NotificationStats.Outcome.REFUSED, error);
            log.warn("{} refused notification {} for good: {}", receiver.name(), c.id(), error);
        }
    }
}
