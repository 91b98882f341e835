package dev.srekg.api.web;

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
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * srekg's own spans and timings of the API: a SERVER span per HTTP request under {@code /api} named by its route,
 * CLIENT spans ({@code db.system=neo4j}) for the queries it runs, and the histograms
 * {@code srekg.api.request.duration} (by route and status) and {@code srekg.api.query.duration} (by query); and a
 * {@code Server-Timing} header on every API response with the time of each of its queries.
 */
@Component
public class ApiTelemetry extends OncePerRequestFilter {

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
        Map<String, Double> timings = new LinkedHashMap<>();
        TIMINGS.set(timings);
        try (Scope ignored = span.makeCurrent()) {
            chain.doFilter(request, new ServerTiming(response, timings, t0));
        } finally {
            TIMINGS.remove();
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
    public <T> T query(String name, Supplier<T> query) {
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
            double seconds = (System.nanoTime() - t0) / 1e9;
            queries.record(seconds, Attributes.of(QUERY, name));
            Map<String, Double> timings = TIMINGS.get();
            if (timings != null) {
                timings.merge(name, seconds * 1000, Double::sum);
            }
        }
    }

    /** The Neo4j query times of the request in this thread, by query name, in milliseconds. */
    private static final ThreadLocal<Map<String, Double>> TIMINGS = new ThreadLocal<>();

    /**
     * Adds a {@code Server-Timing} header (W3C Server Timing) as the body starts: the time of each Neo4j query of the
     * request and the total so far, which browsers' developer tools and clients can read.
     */
    private static final class ServerTiming extends HttpServletResponseWrapper {

        private final Map<String, Double> timings;
        private final long start;
        private boolean added;

        ServerTiming(HttpServletResponse response, Map<String, Double> timings, long start) {
            super(response);
            this.timings = timings;
            this.start = start;
        }

        private void add() {
            if (added || isCommitted()) {
                return;
            }
            added = true;
            StringBuilder header = new StringBuilder();
            timings.forEach((name, ms) -> header.append(name.replaceAll("[^A-Za-z0-9]+", "-"))
                    .append(String.format(Locale.ROOT, ";dur=%.1f, ", ms)));
            header.append(String.format(Locale.ROOT, "total;dur=%.1f", (System.nanoTime() - start) / 1e6));
            setHeader("Server-Timing", header.toString());
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            add();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            add();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            add();
            super.flushBuffer();
        }
    }
}
