package dev.srekg.api.web;

/** A request parameter out of its bounds, answered 400 by the application's problem mapping; the message says why. */
public final class BadParameter extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadParameter(String message) {
        super(message, null, false, false);
    }
}
