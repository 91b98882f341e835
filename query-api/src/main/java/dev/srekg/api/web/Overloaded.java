package dev.srekg.api.web;

import java.time.Duration;

/** A request refused because a limit is reached: answered 429 with {@code Retry-After}. */
public final class Overloaded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public Overloaded(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least one (the header has no finer unit). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
