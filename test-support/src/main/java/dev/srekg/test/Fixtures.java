package dev.srekg.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real-looking payloads in the producers' own formats, under {@code fixtures/} on the classpath. */
public final class Fixtures {

    private Fixtures() {}

    /** The bytes of {@code fixtures/<path>}, e.g. {@code cdevents/service-deployed.json}. */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
