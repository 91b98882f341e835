package dev.srekg.graph;

/** Argument checks shared by the records of this package. */
final class Require {

    private Require() {}

    /** The value, or empty for null. */
    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static String text(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value.strip();
    }
}
