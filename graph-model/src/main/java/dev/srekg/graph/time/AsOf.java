package dev.srekg.graph.time;

/**
 * The interval filters of the bi-temporal model, in one place, so no query forgets one. Every query that reads facts
 * "as of" a moment uses these predicates with two parameters:
 *
 * <ul>
 *   <li>{@code $at}: event time. What was true then.
 *   <li>{@code $knownAt}: record time. What srekg had been told by then; {@code $knownAt = now} gives the current
 *       knowledge.
 * </ul>
 *
 * <p>Facts are never deleted: a fact that ends (a breach resolved, a ticket closed) gets its end time and the record
 * time of that end, so the graph still answers what was believed before the end arrived.
 */
public final class AsOf {

    private AsOf() {}

    /**
     * Before every moment: the event time of a fact written before its kind was versioned (an {@code OWNS} without
     * {@code since}), which then holds from the start.
     */
    public static final String BEFORE_ALL = "datetime('0001-01-01T00:00:00Z')";

    /**
     * A point-in-time fact (deployment, scale event) that had happened by {@code $at} and was known by
     * {@code $knownAt}.
     *
     * @param variable the Cypher variable of the node
     * @param time its event-time property
     */
    public static String happened(String variable, String time) {
        return "(" + variable + "." + time + " <= $at AND " + variable + ".recordedAt <= $knownAt)";
    }

    /**
     * A point-in-time fact that happened in the period {@code [$from, $to)} and was known by {@code $knownAt}.
     *
     * @param variable the Cypher variable of the node
     * @param time its event-time property
     */
    public static String happenedBetween(String variable, String time) {
        String v = variable + "." + time;
        return "($from <= " + v + " AND " + v + " < $to AND " + variable + ".recordedAt <= $knownAt)";
    }

    /**
     * An interval fact (breach, ticket) that overlaps the period {@code [$from, $to)} as known at {@code $knownAt}:
     * started before its end, known by then, and not ended before its start (an end learned after {@code $knownAt}
     * does not count).
     *
     * @param variable the Cypher variable of the node
     * @param from its start property
     * @param to its end property (null while open)
     * @param toRecorded the record time of its end
     */
    public static String overlaps(String variable, String from, String to, String toRecorded) {
        String v = variable + ".";
        return "(" + v + from + " < $to AND " + v + "recordedAt <= $knownAt AND (" + v + to + " IS NULL OR " + v + to
                + " > $from OR " + v + toRecorded + " > $knownAt))";
    }

    /**
     * An interval fact (breach, ticket) active at {@code $at} as known at {@code $knownAt}: started by then, known by
     * then, and not ended by then, or its end was learned only later.
     *
     * @param variable the Cypher variable of the node
     * @param from its start property
     * @param to its end property (null while open)
     * @param toRecorded the record time of its end
     */
    public static String active(String variable, String from, String to, String toRecorded) {
        String v = variable + ".";
        return "(" + v + from + " <= $at AND " + v + "recordedAt <= $knownAt AND (" + v + to + " IS NULL OR " + v + to
                + " > $at OR " + v + toRecorded + " > $knownAt))";
    }

    /** {@link #active} for SLO breaches. */
    public static String breachActive(String variable) {
        return active(variable, "startsAt", "endsAt", "endRecordedAt");
    }

    /** {@link #active} for tickets. */
    public static String ticketOpen(String variable) {
        return active(variable, "openedAt", "closedAt", "closedRecordedAt");
    }

    /**
     * A dependency edge interval ({@code DEPENDS_ON}) active at {@code $at} as known at {@code $knownAt}: opened by
     * then, and not closed by then or closed only later.
     */
    public static String edgeActive(String variable) {
        String v = variable + ".";
        return "(" + v + "since <= $at AND " + v + "recordedAt <= $knownAt AND (" + v + "to IS NULL OR " + v
                + "to > $at))";
    }
}
