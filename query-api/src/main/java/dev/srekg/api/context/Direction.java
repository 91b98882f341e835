package dev.srekg.api.context;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a change is from the breached service, along the direction requests flow. */
public enum Direction {
    /** The breached service itself. */
    SELF,
    /** A service it calls, directly or not. */
    DOWNSTREAM,
    /** A caller, directly or not. */
    UPSTREAM;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
