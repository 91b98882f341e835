package dev.srekg.api.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

// issue 22
class McpToolsTest {

    private static McpTools.Tool tool(String name) {
        return McpTools.ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyToolHasADescriptionAnObjectSchemaAndItsRequiredArgumentsAmongItsProperties() {
        assertThat(McpTools.ALL)
                .extracting(McpTools.Tool::name)
                .doesNotHaveDuplicates()
                .hasSize(7);
        for (McpTools.Tool t : McpTools.ALL) {
            assertThat(t.description()).as(t.name()).hasSizeGreaterThan(60);
            assertThat(t.inputSchema()).containsEntry("type", "object");
            @SuppressWarnings("unchecked")
            var properties = (Map<String, Object>) t.inputSchema().get("properties");
            assertThat(properties.keySet()).as(t.name()).containsAll((java.util.List<String>)
                    t.inputSchema().get("required"));
        }
    }

    @Test
    void contextCallEncodesTheServiceAndPassesOnlyTheArgumentsGiven() {
        var call = tool("incident_context")
                .call()
                .apply(new McpTools.Args(Map.of("service", "check out/eu", "at", "2026-11-25T14:00:00Z", "depth", 2)));
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.pathAndQuery())
                .isEqualTo("/api/v1/services/check%20out%2Feu/context?at=2026-11-25T14%3A00%3A00Z&depth=2");
        assertThat(tool("list_incidents").call().apply(new McpTools.Args(null)).pathAndQuery())
                .isEqualTo("/api/v1/incidents");
    }

    @Test
    void cypherIsAPostWithTheQueryAndItsParameters() {
        var call = tool("cypher_query")
                .call()
                .apply(new McpTools.Args(Map.of("query", "MATCH (s:Service) RETURN s", "parameters", Map.of("a", 1))));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.pathAndQuery()).isEqualTo("/api/v1/cypher");
        assertThat(call.jsonBody())
                .isEqualTo(Map.of("query", "MATCH (s:Service) RETURN s", "parameters", Map.of("a", 1)));
    }

    @Test
    void aMissingRequiredArgumentIsRefusedByName() {
        assertThatThrownBy(() -> tool("service_diff").call().apply(new McpTools.Args(Map.of("service", "checkout"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 'from' is required");
    }
}
