package dev.srekg.api;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * srekg's own spans and timings of the API: a SERVER span per HTTP request under {@code /api} named by its route,
 * CLIENT spans ({@code db.system=neo4j}) for the queries it runs, and the histograms
 * {@code srekg.api.request.duration} (by route and status) and {@code srekg.api.query.duration} (by query).
 */
@Component
class ApiTelemetry extends OncePerRequestFilter {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.summary");

    private final Tracer tracer;
    private final DoubleHistogram requests;
    private final DoubleHistogram queries;

    ApiTelemetry(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("dev.srekg.api");
        var meter = openTelemetry.getMeter("dev.srekg.api");
        this.requests = meter.histogramBuilder("srekg.api.request.duration")
                .setUnit("s")
                .setDescription("Time to answer an API request")
                .build();
        this.queries = meter.histogramBuilder("srekg.api.query.duration")
                .setUnit("s")
                .setDescription("Time of one Neo4j query of the API")
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Span span = tracer.spanBuilder(request.getMethod() + " " + request.getRequestURI())
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, request.getMethod())
                .setAttribute(PATH, request.getRequestURI())
                .startSpan();
        long t0 = System.nanoTime();
        try (Scope ignored = span.makeCurrent()) {
            chain.doFilter(request, response);
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String route = pattern == null ? "unmatched" : pattern.toString();
            int status = response.getStatus();
            span.updateName(request.getMethod() + " " + route);
            span.setAttribute(ROUTE, route);
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            requests.record((System.nanoTime() - t0) / 1e9, Attributes.of(ROUTE, route, STATUS, (long) status));
        }
    }

    /** Runs one Neo4j query of the API in a CLIENT span named after it. */
    <T> T query(String name, Supplier<T> query) {
        Span span = tracer.spanBuilder("neo4j " + name)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(DB_SYSTEM, "neo4j")
                .setAttribute(PEER, "neo4j")
                .setAttribute(QUERY, name)
                .startSpan();
        long t0 = System.nanoTime();
        try (Scope ignored = span.makeCurrent()) {
            return query.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
            queries.record((System.nanoTime() - t0) / 1e9, Attributes.of(QUERY, name));
        }
    }
}
