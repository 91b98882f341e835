package dev.srekg.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json for every error, 4xx for bad input (Spring
 * MVC's own exceptions included, through {@link ResponseEntityExceptionHandler}), 503 when Neo4j is unreachable.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    static ErrorResponseException notFound(String kind, String name) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No " + kind + " named '" + name + "'");
        problem.setTitle("Unknown " + kind);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    @ExceptionHandler(org.neo4j.driver.exceptions.ServiceUnavailableException.class)
    ResponseEntity<ProblemDetail> neo4jUnavailable(org.neo4j.driver.exceptions.ServiceUnavailableException e) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The graph database is unreachable");
        problem.setTitle("Graph unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
}
