package dev.srekg.ingest.http;

import dev.srekg.ingest.kafka.WebhookPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The webhooks' errors as RFC 9457 problems: refused calls with their reason, 503 when Kafka does not take them. */
@RestControllerAdvice(assignableTypes = {AlertWebhook.class, GitHubWebhook.class})
class WebhookProblems {

    @ExceptionHandler(WebhookRefused.class)
    ResponseEntity<ProblemDetail> refused(WebhookRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle("Webhook refused");
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(WebhookPublisher.PublishFailed.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(WebhookPublisher.PublishFailed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not accept the webhook: " + e.getMessage());
        problem.setTitle("Topic unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
}
