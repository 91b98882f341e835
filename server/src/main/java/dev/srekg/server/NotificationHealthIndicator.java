package dev.srekg.server;

import dev.srekg.api.notify.NotificationStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The notification receivers' delivery counts since start and what waits in the outbox for each (issue 22). Always
 * UP: a receiver that is down delays its messages, it does not make srekg unhealthy; its {@code failed}, {@code
 * pending} and {@code lastError} say so.
 */
class NotificationHealthIndicator extends AbstractHealthIndicator {

    private final NotificationStats stats;

    NotificationHealthIndicator(NotificationStats stats) {
        super("Notification health check failed");
        this.stats = stats;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("receivers", stats.receivers());
    }
}
