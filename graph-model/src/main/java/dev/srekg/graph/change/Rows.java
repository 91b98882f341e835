package dev.srekg.graph.change;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Building blocks of statement rows: ordered maps that allow null values. */
public final class Rows {

    private Rows() {}

    /** An unmodifiable ordered map of the alternating keys and values; values may be null. */
    public static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
