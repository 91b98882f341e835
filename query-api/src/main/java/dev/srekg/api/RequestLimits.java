package dev.srekg.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Per-caller rate limits on the expensive endpoints, the console and the incident context
 * ({@link RequestLimitProperties}); a caller over its limit gets {@link Overloaded}, hence 429 with
 * {@code Retry-After}. Runs after the access check, so the callers counted are the ones holding a valid token.
 */
@Component
class RequestLimits implements HandlerInterceptor, WebMvcConfigurer {

    static final String CONSOLE = "/api/v1/cypher";
    static final String CONTEXT = "/api/v1/services/*/context";

    private final RateBuckets console;
    private final RateBuckets context;
    private final Clock clock;

    RequestLimits(RequestLimitProperties properties, Clock clock) {
        this.console = new RateBuckets(properties.console());
        this.context = new RateBuckets(properties.context());
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(CONSOLE, CONTEXT);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        boolean isConsole = request.getRequestURI().equals(CONSOLE);
        RateBuckets buckets = isConsole ? console : context;
        buckets.take(caller(request), clock.millis()).ifPresent(wait -> {
            throw new Overloaded(
                    "Too many " + (isConsole ? "console queries" : "context requests") + " from this caller", wait);
        });
        return true;
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
