package dev.srekg.api.cypher;

import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/cypher}: read-only Cypher for exploring the graph; Bolt stays open for Neo4j Browser. */
@RestController
class CypherController {

    private final CypherConsole console;

    CypherController(CypherConsole console) {
        this.console = console;
    }

    /**
     * A query with its parameters.
     *
     * @param query Cypher, read-only
     * @param parameters named parameters, e.g. {@code {"service": "checkout"}}
     */
    record CypherRequest(String query, Map<String, Object> parameters) {}

    @PostMapping("/api/v1/cypher")
    CypherConsole.CypherResult run(@RequestBody CypherRequest request) {
        return console.run(request.query(), request.parameters());
    }
}
