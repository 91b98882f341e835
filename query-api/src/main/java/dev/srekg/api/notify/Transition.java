package dev.srekg.api.notify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The states of an incident a receiver is told about, decided from the incident and what the outbox already holds:
 * {@code opened}; once the context has settled, {@code suspect:<key>} for each top suspect in turn (the first one
 * settled, any later one a change; {@code none} when the answer names no cause); {@code resolved}. Each state is sent
 * once per receiver; a suspect that comes back after another was announced is not announced again.
 */
record Transition(String receiver, String state, int order, Event event) {

    static final String OPENED = "opened";
    static final String RESOLVED = "resolved";
    static final String SUSPECT = "suspect:";

    /** Events, with their names on the wire. */
    enum Event {
        OPENED("incident.opened"),
        SUSPECT_SETTLED("incident.suspect_settled"),
        SUSPECT_CHANGED("incident.suspect_changed"),
        RESOLVED("incident.resolved");

        final String wire;

        Event(String wire) {
            this.wire = wire;
        }
    }

    /**
     * An incident as the outbox sees it.
     *
     * @param id the incident
     * @param top key of its top suspect, {@code none} without a decisive one
     * @param settled its context is no longer being completed
     * @param resolved its breach resolved
     * @param sent {@code receiver|state} already in the outbox
     */
    record Incident(String id, String top, boolean settled, boolean resolved, Set<String> sent) {}

    /** The transitions {@code receivers} have not been told about yet, in the order they must arrive. */
    static List<Transition> due(Incident incident, Collection<String> receivers) {
        List<Transition> due = new ArrayList<>();
        for (String receiver : receivers) {
            if (!incident.sent().contains(receiver + "|" + OPENED)) {
                due.add(new Transition(receiver, OPENED, 0, Event.OPENED));
            }
            String suspect = SUSPECT + incident.top();
            if (incident.settled() && !incident.resolved() && !incident.sent().contains(receiver + "|" + suspect)) {
                boolean announced = incident.sent().stream().anyMatch(s -> s.startsWith(receiver + "|" + SUSPECT));
                due.add(new Transition(
                        receiver, suspect, 1, announced ? Event.SUSPECT_CHANGED : Event.SUSPECT_SETTLED));
            }
            if (incident.resolved() && !incident.sent().contains(receiver + "|" + RESOLVED)) {
                due.add(new Transition(receiver, RESOLVED, 2, Event.RESOLVED));
            }
        }
        return due;
    }

    /** The outbox id of this transition of {@code incident}. */
    String id(String incident) {
        return receiver + "|" + incident + "|" + state;
    }
}
