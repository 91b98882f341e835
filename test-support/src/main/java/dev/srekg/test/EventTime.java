package dev.srekg.test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event-time hours for tests that send spans to a shared application: its trace worker keeps its watermark across
 * tests, so every test takes an hour of its own, later than any taken before in this JVM.
 */
public final class EventTime {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final AtomicInteger TAKEN = new AtomicInteger();

    private EventTime() {}

    /** The start of a fresh hour, four hours after the previous one taken. */
    public static Instant nextHour() {
        return START.plusSeconds(4L * 3600 * TAKEN.incrementAndGet());
    }
}
