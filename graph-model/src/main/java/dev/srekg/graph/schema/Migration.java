package dev.srekg.graph.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A versioned schema migration: Cypher statements separated by {@code ;}, each idempotent ({@code IF NOT EXISTS}, or
 * data updates that touch only what is not migrated yet). Statements run one at a time outside an explicit
 * transaction (so they may batch with {@code IN TRANSACTIONS}), with the parameter {@code $defaultEnvironment}.
 *
 * @param version applied in ascending order
 * @param name file name
 * @param statements the statements, without the separators
 * @param checksum SHA-256 of the file, to detect an applied migration that was edited afterwards
 */
public record Migration(int version, String name, List<String> statements, String checksum) {

    /** The migrations of the model, in order. A new migration is a new file added at the end of this list. */
    private static final List<String> FILES = List.of(
            "V001__services_and_deployments.cypher",
            "V002__scaling_tickets_slos.cypher",
            "V003__traffic.cypher",
            "V004__incidents.cypher",
            "V005__edge_hours_by_pair.cypher",
            "V006__notifications.cypher",
            "V007__environments_in_service_identity.cypher",
            "V008__config_changes.cypher",
            "V009__catalog.cypher");

    public Migration {
        Objects.requireNonNull(name, "name");
        statements = List.copyOf(statements);
        Objects.requireNonNull(checksum, "checksum");
    }

    /** Every migration of the model, in version order. */
    public static List<Migration> all() {
        return FILES.stream().map(Migration::load).toList();
    }

    static Migration load(String file) {
        try (InputStream in = Migration.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration file missing from the classpath: " + file);
            }
            byte[] bytes = in.readAllBytes();
            return parse(file, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Migration parse(String file, String text, String checksum) {
        if (!file.matches("V\\d+__\\w+\\.cypher")) {
            throw new IllegalArgumentException("migration file name must look like V001__name.cypher: " + file);
        }
        int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
        List<String> statements = Arrays.stream(stripComments(text).split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        return new Migration(version, file, statements, checksum);
    }

    private static String stripComments(String text) {
        return text.lines().filter(l -> !l.strip().startsWith("//")).reduce("", (a, b) -> a + b + "\n");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
