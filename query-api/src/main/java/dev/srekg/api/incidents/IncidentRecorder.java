package dev.srekg.api.incidents;

import dev.srekg.api.context.ContextAssembler;
import dev.srekg.api.web.Periodic;
import dev.srekg.graph.slo.BreachesWritten;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every SLO breach that reaches the graph (through Kafka, or {@code POST /api/v1/alerts}) into an Incident with
 * its context computed as of the breach's start, and closes incidents whose breach resolved. Polls the graph, so any
 * number of API processes can run it: incidents are keyed by their breach. The ingest workers of the same process
 * wake it as they write breaches ({@link BreachesWritten}), so a new breach waits neither for the next poll nor for
 * the incidents still settling: those are recomputed one by one, and a wake between two of them is answered first.
 */
@Component
class IncidentRecorder extends Periodic {

    private static final Logger log = LoggerFactory.getLogger(IncidentRecorder.class);
    static final Duration WINDOW = Duration.ofHours(2);
    static final int DEPTH = 3;

    private final IncidentStore store;
    private final ContextAssembler assembler;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration settle;

    IncidentRecorder(
            IncidentStore store,
            ContextAssembler assembler,
            JsonMapper json,
            Clock clock,
            IncidentProperties properties) {
        super("srekg-incidents", "Recording incidents", properties.pollInterval(), properties.pollInterval());
        this.store = store;
        this.assembler = assembler;
        this.json = json;
        this.clock = clock;
        this.settle = properties.settle();
    }

    /**
     * Records incidents for new breaches (newest first, so a backlog of old breaches never delays a live one), completes the context of incidents still settling (changes and traffic of
     * the minutes before a breach may reach the graph after the breach does), recomputes those whose window's traffic
     * was corrected after they were computed, and closes resolved ones; a wake that comes meanwhile has the new
     * breaches recorded before the next recompute. Returns how many incidents were new.
     */
    int recordNew() {
        int recorded = newBreaches();
        for (IncidentStore.NewBreach b : store.settling(clock.instant().minus(settle), 50)) {
            recorded += answerWake();
            compute(b);
        }
        // Late traffic of an incident's window may land long after it settled: a backlog of hours (issue 21).
        for (IncidentStore.NewBreach b : store.corrected(WINDOW, 50)) {
            recorded += answerWake();
            compute(b);
        }
        store.closeResolved();
        return recorded;
    }

    /** Records incidents for the breaches without one; returns how many. */
    private int newBreaches() {
        int recorded = 0;
        for (IncidentStore.NewBreach b : store.breachesWithoutIncident(100)) {
            if (compute(b)) {
                recorded++;
            }
        }
        return recorded;
    }

    private int answerWake() {
        return takeWake() ? newBreaches() : 0;
    }

    /** Breaches were written by this process's ingest: look for new ones now. */
    @EventListener
    void on(BreachesWritten written) {
        wake();
    }

    @Override
    protected void urgent() {
        int n = newBreaches();
        if (n > 0) {
            log.info("Recorded {} incident(s)", n);
        }
    }

    private boolean compute(IncidentStore.NewBreach b) {
        var context = assembler.context(
                b.environment(),
                b.service(),
                b.startsAt(),
                clock.instant(),
                WINDOW,
                DEPTH,
                ContextAssembler.SUSPECTS,
                ContextAssembler.EVENTS);
        if (context.isEmpty()) {
            return false;
        }
        var suspects = context.get().suspects();
        boolean decided = !suspects.isEmpty() && !context.get().abstained();
        String first = suspects.isEmpty()
                ? ""
                : suspects.get(0).kind() + " of " + suspects.get(0).service() + " (score "
                        + suspects.get(0).score() + ")";
        // An answer that abstains names no cause: the list says so, and the delivery figures count it as none found.
        String top = decided || first.isEmpty() ? first : "no decisive suspect; first " + first;
        String cause = decided ? suspects.get(0).kind().toString() : "none";
        store.save(b, idOf(b.key()), json.writeValueAsString(context.get()), top, cause, suspects, clock.instant());
        return true;
    }

    static String idOf(String breachKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(breachKey.getBytes(StandardCharsets.UTF_8));
            return "inc-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void round() {
        int n = recordNew();
        if (n > 0) {
            log.info("Recorded {} incident(s)", n);
        }
    }
}
