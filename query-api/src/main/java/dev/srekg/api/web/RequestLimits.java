package dev.srekg.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Per-caller limits on the expensive endpoints, the console and the incident context
 * ({@link RequestLimitProperties}): a rate for each, and for the console a number running at once; a caller over
 * its limit gets {@link Overloaded}, hence 429 with
 * {@code Retry-After}. Runs after the access check, so the callers counted are the ones holding a valid token.
 */
@Component
class RequestLimits implements HandlerInterceptor, WebMvcConfigurer {

    static final String CONSOLE = "/api/v1/cypher";
    static final String CONTEXT = "/api/v1/services/*/context";

    private static final String HELD = RequestLimits.class.getName() + ".held";

    private final RateBuckets console;
    private final RateBuckets context;
    private final int consoleConcurrent;
    private final Map<String, Integer> consoleRunning = new ConcurrentHashMap<>();
    private final Clock clock;

    RequestLimits(RequestLimitProperties properties, Clock clock) {
        this.console = new RateBuckets(properties.console());
        this.context = new RateBuckets(properties.context());
        this.consoleConcurrent = properties.consoleConcurrent();
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(CONSOLE, CONTEXT);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        boolean isConsole = request.getRequestURI().equals(CONSOLE);
        String caller = caller(request);
        RateBuckets buckets = isConsole ? console : context;
        buckets.take(caller, clock.millis()).ifPresent(wait -> {
            throw new Overloaded(
                    "Too many " + (isConsole ? "console queries" : "context requests") + " from this caller", wait);
        });
        if (isConsole) {
            boolean[] admitted = {false};
            consoleRunning.compute(caller, (c, running) -> {
                int now = running == null ? 0 : running;
                admitted[0] = now < consoleConcurrent;
                return admitted[0] ? now + 1 : running;
            });
            if (!admitted[0]) {
                throw new Overloaded(
                        "This caller already runs " + consoleConcurrent + " console queries, the most allowed at once",
                        Duration.ofSeconds(1));
            }
            request.setAttribute(HELD, caller);
        }
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (request.getAttribute(HELD) instanceof String caller) {
            consoleRunning.computeIfPresent(caller, (c, running) -> running <= 1 ? null : running - 1);
        }
    }

    /** The caller's token, else its address (without tokens srekg listens on loopback only). */
    static String caller(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "token " + authorization.substring(7).strip();
        }
        String key = request.getHeader("X-API-Key");
        if (key != null) {
            return "token " + key.strip();
        }
        return "address " + request.getRemoteAddr();
    }
}
