package dev.srekg.graph.change;

/** Argument checks shared by the records of the graph model. */
public final class Require {

    private Require() {}

    /** The value, or empty for null. */
    public static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The stripped value; blank or null is rejected, naming the argument. */
    public static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.strip();
    }
}
