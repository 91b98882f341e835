package dev.srekg.api.context;

import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.Bounds;
import dev.srekg.api.web.Environments;
import dev.srekg.api.web.NotFound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/services/{service}/context}: what changed around a service, and what most likely broke it. */
@RestController
class ContextController {

    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private final ContextAssembler assembler;
    private final Environments environments;
    private final Clock clock;

    ContextController(ContextAssembler assembler, Environments environments, Clock clock) {
        this.assembler = assembler;
        this.environments = environments;
        this.clock = clock;
    }

    /**
     * The incident context.
     *
     * @param service the breached service
     * @param at ISO-8601 instant (default now)
     * @param window ISO-8601 duration to look back for changes (default PT2H, at most P7D)
     * @param depth hops of the dependency walk, 1 to 5 (default 3)
     * @param suspects how many of the ranked suspects to return, 1 to 1,000 (default 50)
     * @param events how many of the window's events to return, latest first, 0 to 10,000 (default 500); all are ranked
     * @param env the service's environment (default the configured default environment); the walk, the changes and
     *     the suspects stay within it
     */
    @GetMapping("/api/v1/services/{service}/context")
    ContextView context(
            @PathVariable String service,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant at,
            @RequestParam(defaultValue = "PT2H") Duration window,
            @RequestParam(defaultValue = "3") int depth,
            @RequestParam(defaultValue = "" + ContextAssembler.SUSPECTS) int suspects,
            @RequestParam(defaultValue = "" + ContextAssembler.EVENTS) int events,
            @RequestParam(required = false) String env) {
        Bounds.within("suspects", suspects, 1, 1000);
        Bounds.within("events", events, 0, 10_000);
        Bounds.depth(depth);
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new BadParameter("window must be a positive duration of at most P7D, was " + window);
        }
        Instant now = clock.instant();
        return assembler
                .context(environments.of(env), service, at == null ? now : at, now, window, depth, suspects, events)
                .orElseThrow(() -> new NotFound("service", service));
    }
}
