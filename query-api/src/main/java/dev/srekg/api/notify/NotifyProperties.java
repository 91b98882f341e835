package dev.srekg.api.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound notifications of incidents ({@code srekg.api.notify.*}).
 *
 * @param receivers where messages go; none by default
 * @param publicUrl srekg's address as the on-call's browser reaches it, for the links in messages
 * @param pollInterval how often new incident states are looked for and due messages sent
 * @param maxAge incidents recorded or opened longer ago than this get no messages (a catch-up of old breaches does
 *     not page anyone)
 * @param firstRetry the wait after the first failed attempt; it doubles with each further failure...
 * @param maxRetry ...up to this
 * @param lease how long a process holds the messages it is sending before another may take them
 */
@ConfigurationProperties("srekg.api.notify")
public record NotifyProperties(
        @DefaultValue List<Receiver> receivers,
        @DefaultValue("http://localhost:8080") URI publicUrl,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("1h") Duration maxAge,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("5m") Duration maxRetry,
        @DefaultValue("1m") Duration lease) {

    public NotifyProperties {
        receivers = List.copyOf(receivers);
        if (receivers.stream().map(Receiver::name).distinct().count() != receivers.size()) {
            throw new IllegalArgumentException("srekg.api.notify.receivers: two receivers have the same name");
        }
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("srekg.api.notify: need 0 < first-retry <= max-retry");
        }
    }

    /**
     * One receiver.
     *
     * @param name its name in the outbox, the health details and the metrics; keep it once messages were sent
     * @param kind the message format
     * @param url the incoming webhook's address
     * @param secret key of the {@code X-Srekg-Signature-256} HMAC (webhook kind); empty sends no signature
     * @param perMinute at most this many messages a minute
     * @param timeout an answer slower than this counts as a failed attempt
     */
    public record Receiver(
            String name,
            Kind kind,
            URI url,
            @DefaultValue("") String secret,
            @DefaultValue("20") int perMinute,
            @DefaultValue("10s") Duration timeout) {

        public Receiver {
            Objects.requireNonNull(name, "srekg.api.notify.receivers[].name is required");
            Objects.requireNonNull(kind, "srekg.api.notify.receivers[].kind is required");
            Objects.requireNonNull(url, "srekg.api.notify.receivers[].url is required");
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("receiver name must be letters, digits, '.', '_' or '-': " + name);
            }
            if (perMinute < 1) {
                throw new IllegalArgumentException("receiver " + name + ": per-minute must be at least 1");
            }
        }
    }

    /** Message formats. */
    public enum Kind {
        /** srekg's JSON, HMAC-signed, with an idempotency key. */
        WEBHOOK,
        /** A Slack incoming webhook: Block Kit. */
        SLACK,
        /** A Microsoft Teams incoming webhook (Workflows): an Adaptive Card. */
        TEAMS
    }
}
