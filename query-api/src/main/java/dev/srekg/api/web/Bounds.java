package dev.srekg.api.web;

/** The bounds of the API's request parameters, checked in one place. */
public final class Bounds {

    /** The deepest neighbourhood a request may walk, in hops. */
    public static final int MAX_DEPTH = 5;

    private Bounds() {}

    /** The depth of a walk around a service, 1 to {@link #MAX_DEPTH}. */
    public static int depth(int depth) {
        return within("depth", depth, 1, MAX_DEPTH);
    }

    /**
     * The value when it lies in {@code [min, max]}.
     *
     * @throws BadParameter naming the parameter, its bounds and the value
     */
    public static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new BadParameter(name + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
