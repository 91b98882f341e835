package dev.srekg.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Cypher blocks of a Markdown document under docs/, in order. */
final class CypherCookbook {

    private static final Pattern CYPHER = Pattern.compile("```cypher\\n(.*?)```", Pattern.DOTALL);

    private CypherCookbook() {}

    static List<String> queries() {
        return blocks("cypher-cookbook.md");
    }

    static List<String> blocks(String document) {
        try {
            Matcher m = CYPHER.matcher(Files.readString(Path.of("..", "docs", document)));
            List<String> blocks = new ArrayList<>();
            while (m.find()) {
                blocks.add(m.group(1));
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
