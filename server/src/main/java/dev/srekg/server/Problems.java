package dev.srekg.server;

import dev.srekg.api.cypher.CypherConsole;
import dev.srekg.api.web.BadParameter;
import dev.srekg.api.web.NotFound;
import dev.srekg.api.web.Overloaded;
import dev.srekg.ingest.http.WebhookRefused;
import dev.srekg.ingest.kafka.WebhookPublisher;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where errors become HTTP responses, for the API, the webhooks and the access filter alike: RFC 9457
 * problem+json for every error, 4xx for bad input (Spring MVC's own exceptions included, through
 * {@link ResponseEntityExceptionHandler}), 404 for what the graph does not hold, 408 for a query over its time limit,
 * 422 for one over its memory limit, 429 with {@code Retry-After} when a limit on requests is reached, 503 (with
 * {@code Retry-After} when retrying can help) when Neo4j is busy or unreachable or Kafka does not take a webhook.
 * The modules throw typed exceptions; only this class builds a {@link ProblemDetail}.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The problem of a status, with its title and what went wrong. */
    static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** Writes the problem as the whole response, for a servlet filter that answers before Spring MVC does. */
    static void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        ProblemDetail problem = problem(status, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write(JSON.writeValueAsString(new Body(
                        problem.getType() == null
                                ? "about:blank"
                                : problem.getType().toString(),
                        problem.getTitle(),
                        problem.getStatus(),
                        problem.getDetail())));
    }

    /** The members of a problem the filter answers with (it has no instance or extensions). */
    private record Body(String type, String title, int status, String detail) {}

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<ProblemDetail> badParameter(BadParameter e) {
        return respond(HttpStatus.BAD_REQUEST, "Invalid parameter", e.getMessage());
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound e) {
        return respond(HttpStatus.NOT_FOUND, "Unknown " + e.kind(), e.getMessage());
    }

    @ExceptionHandler(CypherConsole.Refused.class)
    ResponseEntity<ProblemDetail> cypherRefused(CypherConsole.Refused e) {
        return respond(HttpStatus.BAD_REQUEST, "Query refused", e.getMessage());
    }

    @ExceptionHandler(CypherConsole.TimedOut.class)
    ResponseEntity<ProblemDetail> cypherTimedOut(CypherConsole.TimedOut e) {
        return respond(HttpStatus.REQUEST_TIMEOUT, "Query timed out", e.getMessage());
    }

    /** What the database refuses (syntax, semantics, a terminated query) is the request's fault. */
    @ExceptionHandler(org.neo4j.driver.exceptions.ClientException.class)
    ResponseEntity<ProblemDetail> neo4jClientError(org.neo4j.driver.exceptions.ClientException e) {
        String code = String.valueOf(e.code());
        if (timedOut(code)) {
            return queryTimedOut();
        }
        if (code.contains("Forbidden") || code.contains("AccessMode")) {
            return respond(HttpStatus.BAD_REQUEST, "Query refused", "only read queries are allowed");
        }
        return respond(HttpStatus.BAD_REQUEST, "Invalid query", e.getMessage());
    }

    /**
     * Transient in the database's terms; but a query over its time or memory limit fails the same way when retried,
     * so only the rest is answered as retryable (503 with {@code Retry-After}).
     */
    @ExceptionHandler(org.neo4j.driver.exceptions.TransientException.class)
    ResponseEntity<ProblemDetail> neo4jTransient(org.neo4j.driver.exceptions.TransientException e) {
        String code = String.valueOf(e.code());
        if (timedOut(code)) {
            return queryTimedOut();
        }
        if (code.contains("MemoryPoolOutOfMemoryError")) {
            return respond(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Query over its memory limit",
                    "The query needs more memory than one transaction may use, and would fail again: "
                            + e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Graph busy", "The graph database is busy; retry"));
    }

    /** A limit on concurrent or repeated requests is reached: 429, and when to come back. */
    @ExceptionHandler(Overloaded.class)
    ResponseEntity<ProblemDetail> overloaded(Overloaded e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage()));
    }

    @ExceptionHandler(org.neo4j.driver.exceptions.ServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> neo4jUnavailable(org.neo4j.driver.exceptions.ServiceUnavailableException e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "Graph unavailable", "The graph database is unreachable");
    }

    /** A webhook call refused with its status and reason. */
    @ExceptionHandler(WebhookRefused.class)
    ResponseEntity<ProblemDetail> webhookRefused(WebhookRefused e) {
        return respond(e.status(), "Webhook refused", e.getMessage());
    }

    @ExceptionHandler(WebhookPublisher.PublishFailed.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(WebhookPublisher.PublishFailed e) {
        return respond(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Topic unavailable",
                "Kafka did not accept the webhook: " + e.getMessage());
    }

    /** The database terminated the query at its time limit (reported as a client or a transient error). */
    private static boolean timedOut(String code) {
        return code.contains("TimedOut") || code.contains("Terminated");
    }

    private static ResponseEntity<ProblemDetail> queryTimedOut() {
        return respond(
                HttpStatus.REQUEST_TIMEOUT, "Query timed out", "The query ran past its time limit and was terminated");
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, String title, String detail) {
        return ResponseEntity.status(status).body(problem(status, title, detail));
    }
}
