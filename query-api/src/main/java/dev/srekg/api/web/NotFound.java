package dev.srekg.api.web;

/** Something the request names is not in the graph, answered 404 by the application's problem mapping. */
public final class NotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of thing was asked for, e.g. {@code service} or {@code incident}. */
    private final String kind;

    public NotFound(String kind, String name) {
        super("No " + kind + " named '" + name + "'", null, false, false);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
