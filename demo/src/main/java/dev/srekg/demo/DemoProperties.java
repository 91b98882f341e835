package dev.srekg.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo world ({@code srekg.demo.*}). {@code ./srekg} turns it on; a production deployment leaves it off.
 *
 * @param enabled write the simulated estate's records to Kafka
 * @param estate {@code shop} (about twenty services) or {@code generated}
 * @param services size of a generated estate
 * @param seed random seed: the same seed gives the same estate, traffic and incidents
 * @param tracesPerSecond user requests per second
 * @param firstIncidentAfter time from start to the first injected incident
 * @param incidentEvery time between injected incidents; zero injects only the first
 * @param deployEvery mean time between routine deploys
 * @param scaleEvery mean time between routine autoscaler events
 * @param ticketEvery mean time between routine tickets
 * @param truthTopic where each injected incident's ground truth is written
 * @param staging also run a small staging copy of the estate beside prod, with its own traffic and deploys
 */
@ConfigurationProperties("srekg.demo")
public record DemoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("shop") String estate,
        @DefaultValue("500") int services,
        @DefaultValue("42") long seed,
        @DefaultValue("20") double tracesPerSecond,
        @DefaultValue("20s") Duration firstIncidentAfter,
        @DefaultValue("10m") Duration incidentEvery,
        @DefaultValue("3m") Duration deployEvery,
        @DefaultValue("2m") Duration scaleEvery,
        @DefaultValue("7m") Duration ticketEvery,
        @DefaultValue("srekg.demo.truth") String truthTopic,
        @DefaultValue("true") boolean staging) {

    public DemoProperties {
        if (!estate.equals("shop") && !estate.equals("generated")) {
            throw new IllegalArgumentException("srekg.demo.estate must be shop or generated, not " + estate);
        }
        if (tracesPerSecond < 0) {
            throw new IllegalArgumentException("srekg.demo.traces-per-second must not be negative");
        }
    }

    public Estate buildEstate() {
        return estate.equals("shop") ? Estate.shop() : Estate.generated(services, seed);
    }

    public DemoWorld.Settings settings() {
        return new DemoWorld.Settings(
                tracesPerSecond, firstIncidentAfter, incidentEvery, deployEvery, scaleEvery, ticketEvery);
    }
}
