package dev.srekg.api.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery metrics ({@code srekg.api.delivery.*}).
 *
 * @param metricsWindow the Prometheus figures cover this long before now
 * @param metricsRefresh how often they are recomputed from the graph
 */
@ConfigurationProperties("srekg.api.delivery")
public record DeliveryProperties(
        @DefaultValue("30d") Duration metricsWindow,
        @DefaultValue("5m") Duration metricsRefresh) {

    public DeliveryProperties {
        if (metricsWindow.isNegative() || metricsWindow.isZero()) {
            throw new IllegalArgumentException("srekg.api.delivery.metrics-window must be positive");
        }
        if (metricsRefresh.isNegative() || metricsRefresh.isZero()) {
            throw new IllegalArgumentException("srekg.api.delivery.metrics-refresh must be positive");
        }
    }
}
