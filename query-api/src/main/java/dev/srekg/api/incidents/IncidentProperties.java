package dev.srekg.api.incidents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Incidents ({@code srekg.api.incidents.*}).
 *
 * @param pollInterval how often new breaches are looked for (and the incidents still settling recomputed); breaches
 *     written by the ingest workers of the same process are looked for at once
 * @param settle for this long after an incident is recorded its context is recomputed on every poll, so changes and
 *     traffic that reach the graph after the breach still count
 */
@ConfigurationProperties("srekg.api.incidents")
public record IncidentProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("3m") Duration settle) {}
