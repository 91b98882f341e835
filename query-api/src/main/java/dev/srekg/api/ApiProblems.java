package dev.srekg.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json for every error, 4xx for bad input (Spring
 * MVC's own exceptions included, through {@link ResponseEntityExceptionHandler}), 408 for a query over its time limit,
 * 422 for one over its memory limit, 429 with {@code Retry-After} when a limit on requests is reached, 503 (with
 * {@code Retry-After} when retrying can help) when Neo4j is busy or unreachable.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    /** A 400 for a request parameter out of its bounds; the detail says which and why. */
    public static ErrorResponseException badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid parameter");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static ErrorResponseException notFound(String kind, String name) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No " + kind + " named '" + name + "'");
        problem.setTitle("Unknown " + kind);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    @ExceptionHandler(CypherConsole.Refused.class)
    ResponseEntity<ProblemDetail> cypherRefused(CypherConsole.Refused e) {
        return problem(HttpStatus.BAD_REQUEST, "Query refused", e.getMessage());
    }

    @ExceptionHandler(CypherConsole.TimedOut.class)
    ResponseEntity<ProblemDetail> cypherTimedOut(CypherConsole.TimedOut e) {
        return problem(HttpStatus.REQUEST_TIMEOUT, "Query timed out", e.getMessage());
    }

    /** What the database refuses (syntax, semantics, a terminated query) is the request's fault. */
    @ExceptionHandler(org.neo4j.driver.exceptions.ClientException.class)
    ResponseEntity<ProblemDetail> neo4jClientError(org.neo4j.driver.exceptions.ClientException e) {
        String code = String.valueOf(e.code());
        if (timedOut(code)) {
            return problem(
                    HttpStatus.REQUEST_TIMEOUT,
                    "Query timed out",
                    "The query ran past its time limit and was terminated");
        }
        if (code.contains("Forbidden") || code.contains("AccessMode")) {
            return problem(HttpStatus.BAD_REQUEST, "Query refused", "only read queries are allowed");
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid query", e.getMessage());
    }

    /**
     * Transient in the database's terms; but a query over its time or memory limit fails the same way when retried,
     * so only the rest is answered as retryable (503 with {@code Retry-After}).
     */
    @ExceptionHandler(org.neo4j.driver.exceptions.TransientException.class)
    ResponseEntity<ProblemDetail> neo4jTransient(org.neo4j.driver.exceptions.TransientException e) {
        String code = String.valueOf(e.code());
        if (timedOut(code)) {
            return problem(
                    HttpStatus.REQUEST_TIMEOUT,
                    "Query timed out",
                    "The query ran past its time limit and was terminated");
        }
        if (code.contains("MemoryPoolOutOfMemoryError")) {
            return problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Query over its memory limit",
                    "The query needs more memory than one transaction may use, and would fail again: "
                            + e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(detail(HttpStatus.SERVICE_UNAVAILABLE, "Graph busy", "The graph database is busy; retry"));
    }

    /** A limit on concurrent or repeated requests is reached: 429, and when to come back. */
    @ExceptionHandler(Overloaded.class)
    ResponseEntity<ProblemDetail> overloaded(Overloaded e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(detail(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage()));
    }

    /** The database terminated the query at its time limit (reported as a client or a transient error). */
    private static boolean timedOut(String code) {
        return code.contains("TimedOut") || code.contains("Terminated");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        return ResponseEntity.status(status).body(detail(status, title, detail));
    }

    private static ProblemDetail detail(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(org.neo4j.driver.exceptions.ServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> neo4jUnavailable(org.neo4j.driver.exceptions.ServiceUnavailableException e) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The graph database is unreachable");
        problem.setTitle("Graph unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
}
