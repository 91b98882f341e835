package dev.srekg.api.context;

import dev.srekg.api.catalog.Ownership;
import dev.srekg.api.services.ServiceView;
import dev.srekg.graph.scaling.ScaleEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed around a service when its SLO fired: its neighbourhood at that moment, the changes near it, and the
 * suspects ranked with the reasons for each rank.
 *
 * @param service the breached service
 * @param environment its environment: the walk, the changes and the suspects are within it
 * @param clusters the Kubernetes clusters ({@code k8s.cluster.name}) whose spans of the service fall in the window:
 *     where it ran; a cluster never splits a service
 * @param at the moment (event time)
 * @param window how far back changes are looked for
 * @param depth how many hops the dependency walk goes
 * @param slos breaches of the service active at {@code at}
 * @param dependencies downstream (what it calls) and upstream (its callers) as the topology was at {@code at}
 * @param events deploys, configuration and flag changes, scale events, tickets and breaches on the service and its neighbours in the window, the
 *     latest first, as many as asked for
 * @param eventsTotal how many events the window holds (all of them are ranked)
 * @param suspects the changes ranked, most likely cause first, with the origin of the errors as an {@code anomaly}
 *     suspect when nothing changed there
 * @param abstained true when no suspect has health evidence: then none is named as the cause
 * @param verdict one sentence: the likely cause, or why there is none
 * @param likelyCause the first suspect, or null when the answer abstains
 * @param origin where errors or latency originate: the deepest unhealthy service or edge below the breached service
 *     whose own calls are healthy, followed past {@code depth} to {@link Origin#MAX_HOPS} hops; null when nothing
 *     below it (nor the service itself) turned unhealthy
 * @param impacted the breached service and its callers with breaches of their own in the window, nearest first
 * @param owners by service, the catalog's ownership (team, on-call channel, runbooks) of the breached service and of
 *     the services of the first {@link #OWNED_SUSPECTS} suspects, where the catalog describes them
 */
public record ContextView(
        String service,
        String environment,
        List<String> clusters,
        Instant at,
        Duration window,
        int depth,
        List<ServiceView.BreachView> slos,
        Dependencies dependencies,
        List<Event> events,
        int eventsTotal,
        List<Ranking.Suspect> suspects,
        boolean abstained,
        String verdict,
        Ranking.Suspect likelyCause,
        Origin origin,
        List<String> impacted,
        Map<String, Ownership> owners) {

    /** How many of the first suspects have their services' ownership in {@link #owners}. */
    public static final int OWNED_SUSPECTS = 5;

    /** The services whose ownership the view shows: the breached one, then the first suspects'. */
    Set<String> ownedServices() {
        Set<String> names = new LinkedHashSet<>();
        names.add(service);
        suspects.stream().limit(OWNED_SUSPECTS).forEach(s -> names.add(s.service()));
        return names;
    }

    ContextView withOwners(Map<String, Ownership> found) {
        return new ContextView(
                service,
                environment,
                clusters,
                at,
                window,
                depth,
                slos,
                dependencies,
                events,
                eventsTotal,
                suspects,
                abstained,
                verdict,
                likelyCause,
                origin,
                impacted,
                Map.copyOf(found));
    }

    record Dependencies(List<Neighbour> downstream, List<Neighbour> upstream) {}

    /**
     * A neighbour and the health of the edge by which it is reached: {@code before} is the window up to
     * {@link Ranking#COMPARE} before {@code at}, {@code after} those last minutes. A neighbour in another environment
     * (a call that crosses environments, e.g. a staging service calling a shared prod one) is shown by its identity
     * ({@code prod/payment}) and its {@code environment}.
     */
    record Neighbour(
            String service,
            String environment,
            int hops,
            boolean virtual,
            List<String> path,
            Health before,
            Health after) {}

    /**
     * A change: {@code scale} is the direction of a scale event (null for other kinds and when the producer does not
     * say); {@code link} where to see it (a ticket, a flag's page), else null; {@code mapping} how a configuration
     * or flag change was mapped to its service (e.g. {@code tag service:checkout}), null for other kinds;
     * {@code cluster} the Kubernetes cluster a deploy or scale event names, else null.
     */
    public record Event(
            SuspectKind kind,
            String id,
            String service,
            Instant at,
            String summary,
            ScaleEvent.Direction scale,
            String link,
            String mapping,
            String cluster) {}
}
