package dev.srekg.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What changed around a service when its SLO fired: its neighbourhood at that moment, the changes near it, and the
 * suspects ranked with the reasons for each rank.
 *
 * @param service the breached service
 * @param at the moment (event time)
 * @param window how far back changes are looked for
 * @param depth how many hops the dependency walk goes
 * @param slos breaches of the service active at {@code at}
 * @param dependencies downstream (what it calls) and upstream (its callers) as the topology was at {@code at}
 * @param events deploys, scale events, tickets and breaches on the service and its neighbours in the window, the
 *     latest first, as many as asked for
 * @param eventsTotal how many events the window holds (all of them are ranked)
 * @param suspects the changes ranked, most likely cause first
 */
record ContextView(
        String service,
        Instant at,
        Duration window,
        int depth,
        List<ServiceView.BreachView> slos,
        Dependencies dependencies,
        List<Event> events,
        int eventsTotal,
        List<Ranking.Suspect> suspects) {

    record Dependencies(List<Neighbour> downstream, List<Neighbour> upstream) {}

    /**
     * A neighbour and the health of the edge by which it is reached: {@code before} is the window up to
     * {@link Ranking#COMPARE} before {@code at}, {@code after} those last minutes.
     */
    record Neighbour(String service, int hops, boolean virtual, List<String> path, Health before, Health after) {}

    record Event(String kind, String id, String service, Instant at, String summary) {}
}
