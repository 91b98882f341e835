package dev.srekg.ingest.http;

import org.springframework.http.HttpStatus;

/** A webhook call refused with a status and the reason, answered as problem+json by the application's problem mapping. */
public final class WebhookRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient HttpStatus status;

    WebhookRefused(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
