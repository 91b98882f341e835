package dev.srekg.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incidents ({@code srekg.api.incidents.*}).
 *
 * @param pollInterval how often new breaches are looked for
 */
@ConfigurationProperties("srekg.api.incidents")
public record IncidentProperties(@DefaultValue("2s") Duration pollInterval) {}
