package dev.srekg.api.incidents;

import dev.srekg.api.context.ContextAssembler;
import dev.srekg.api.web.Periodic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every SLO breach that reaches the graph (through Kafka, or {@code POST /api/v1/alerts}) into an Incident with
 * its context computed as of the breach's start, and closes incidents whose breach resolved. Polls the graph, so any
 * number of API processes can run it: incidents are keyed by their breach.
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
     * was corrected after they were computed, and closes resolved ones. Returns how many incidents were new.
     */
    int recordNew() {
        int recorded = 0;
        for (IncidentStore.NewBreach b : store.breachesWithoutIncident(100)) {
            if (compute(b)) {
                recorded++;
            }
        }
        for (IncidentStore.NewBreach b : store.settling(clock.instant().minus(settle), 50)) {
            compute(b);
        }
        // Late traffic of an incident's window may land long after it settled: a backlog of hours (issue 21).
        for (IncidentStore.NewBreach b : store.corrected(WINDOW, 50)) {
            compute(b);
        }
        store.closeResolved();
        return recorded;
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
