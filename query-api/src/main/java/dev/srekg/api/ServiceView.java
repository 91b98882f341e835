package dev.srekg.api;

import java.time.Instant;
import java.util.List;

/**
 * A service as the graph knows it.
 *
 * @param name service name
 * @param firstSeen earliest event time of any fact about it
 * @param at the moment {@code runningVersion} refers to
 * @param running the deployment running at {@code at}: the one with the latest event time at or before it, unless
 *     that one removed the service; absent when none
 * @param deployments every deployment, newest first by event time
 */
record ServiceView(
        String name, Instant firstSeen, Instant at, DeploymentView running, List<DeploymentView> deployments) {

    /**
     * One deployment.
     *
     * @param key natural key of the source event
     * @param version deployed version
     * @param artifactId deployed artifact
     * @param environment target environment
     * @param action DEPLOYED, UPGRADED, ROLLED_BACK or REMOVED
     * @param at event time
     * @param recordedAt record time: when srekg learned of it
     */
    record DeploymentView(
            String key,
            String version,
            String artifactId,
            String environment,
            String action,
            Instant at,
            Instant recordedAt) {}
}
