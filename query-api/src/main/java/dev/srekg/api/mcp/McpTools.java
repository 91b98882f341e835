package dev.srekg.api.mcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tools srekg's MCP server offers (issue 22), each a read of the HTTP API: its name, a description for an agent,
 * the JSON schema of its arguments, and the API request its arguments make. Pure: {@link McpServerConfiguration}
 * sends the requests.
 */
final class McpTools {

    private McpTools() {}

    /** An API request: GET {@code pathAndQuery}, or POST it with {@code jsonBody}. */
    record ApiCall(String method, String pathAndQuery, Object jsonBody) {}

    /** One tool. */
    record Tool(
            String name,
            String title,
            String description,
            Map<String, Object> inputSchema,
            Function<Args, ApiCall> call) {}

    /** A tool's arguments as the client sent them. */
    record Args(Map<String, Object> values) {

        Args {
            values = values == null ? Map.of() : values;
        }

        String required(String name) {
            Object v = values.get(name);
            if (v == null || v.toString().isBlank()) {
                throw new IllegalArgumentException("argument '" + name + "' is required");
            }
            return v.toString();
        }

        String optional(String name) {
            Object v = values.get(name);
            return v == null ? null : v.toString();
        }
    }

    private static final String ENV = "The service's environment (deployment.environment.name), e.g. prod or"
            + " staging: the same name in another environment is another service. Default: srekg's default environment.";

    private static final String AT =
            "A moment in event time (when things happened), ISO-8601 UTC, e.g. 2026-11-25T14:00:00Z.";

    static final List<Tool> ALL = List.of(
            new Tool(
                    "incident_context",
                    "Incident context of a service",
                    "What changed around a service at a moment and what most likely caused its SLO breach: the ranked"
                            + " suspects (deploys, config and flag changes, scale events, tickets) with the factors and"
                            + " an explanation for each rank, where errors originate, the service's dependencies with"
                            + " edge health before and after, its active breaches and the changes in the window. Use it"
                            + " first when asked why a service is failing or what caused an alert; pass the alert's"
                            + " start as 'at'.",
                    schema(
                            Map.of(
                                    "service", string("The service's name (service.name)."),
                                    "at", dateTime(AT + " Default: now."),
                                    "window",
                                            string(
                                                    "How far back changes are looked for, ISO-8601 duration. Default PT2H."),
                                    "depth", integer("Dependency hops walked, 1 to 5. Default 3.", 1, 5),
                                    "env", string(ENV)),
                            List.of("service")),
                    a -> get(
                            "/api/v1/services/" + path(a.required("service")) + "/context",
                            query(
                                    "at",
                                    a.optional("at"),
                                    "window",
                                    a.optional("window"),
                                    "depth",
                                    a.optional("depth"),
                                    "env",
                                    a.optional("env")))),
            new Tool(
                    "list_incidents",
                    "List incidents",
                    "Incidents srekg recorded, one per SLO breach, newest first: id, service, SLO, severity, open or"
                            + " resolved, when it opened and resolved, a one-line top suspect. Use it to find an"
                            + " incident's id, or what is failing now.",
                    schema(
                            Map.of(
                                    "limit",
                                    integer("Most incidents returned, 1 to 1000. Default 100.", 1, 1000),
                                    "env",
                                    string(ENV)),
                            List.of()),
                    a -> get("/api/v1/incidents", query("limit", a.optional("limit"), "env", a.optional("env")))),
            new Tool(
                    "get_incident",
                    "Get an incident",
                    "One incident with the full context srekg computed when it fired (ranked suspects with"
                            + " explanations, origin of errors, dependencies), as kept on the incident.",
                    schema(
                            Map.of("id", string("The incident's id, e.g. inc-3f2a9c01d4e5b6a7 (from list_incidents).")),
                            List.of("id")),
                    a -> get("/api/v1/incidents/" + path(a.required("id")), "")),
            new Tool(
                    "service_as_of",
                    "A service as of a moment",
                    "A service as it was at event time 'at' and as srekg knew it at record time 'knownAt': its"
                            + " deployments, the version running, active SLO breaches, open tickets and owning teams."
                            + " Set knownAt earlier than now to see what was known then (facts recorded later are left"
                            + " out).",
                    schema(
                            Map.of(
                                    "service", string("The service's name."),
                                    "at", dateTime(AT + " Default: now."),
                                    "knownAt",
                                            dateTime(
                                                    "A moment in record time (when srekg learnt a fact), ISO-8601 UTC. Default: now."),
                                    "env", string(ENV)),
                            List.of("service")),
                    a -> get(
                            "/api/v1/services/" + path(a.required("service")),
                            query("at", a.optional("at"), "knownAt", a.optional("knownAt"), "env", a.optional("env")))),
            new Tool(
                    "service_timeline",
                    "Timeline of a service",
                    "The deploys, config and flag changes, scale events, tickets and SLO breaches of one service between two moments, in time"
                            + " order.",
                    schema(
                            Map.of(
                                    "service", string("The service's name."),
                                    "from", dateTime("Start, ISO-8601 UTC. Default: 24 hours before 'to'."),
                                    "to", dateTime("End, ISO-8601 UTC. Default: now."),
                                    "env", string(ENV)),
                            List.of("service")),
                    a -> get(
                            "/api/v1/services/" + path(a.required("service")) + "/timeline",
                            query("from", a.optional("from"), "to", a.optional("to"), "env", a.optional("env")))),
            new Tool(
                    "service_diff",
                    "What changed between two moments",
                    "Around a service, between two moments: dependency edges that appeared or vanished, versions that"
                            + " changed, edges whose health (errors, latency) shifted.",
                    schema(
                            Map.of(
                                    "service", string("The service's name."),
                                    "from", dateTime("The earlier moment, ISO-8601 UTC."),
                                    "to", dateTime("The later moment, ISO-8601 UTC. Default: now."),
                                    "depth", integer("Dependency hops compared, 1 to 5. Default 2.", 1, 5),
                                    "env", string(ENV)),
                            List.of("service", "from")),
                    a -> get(
                            "/api/v1/services/" + path(a.required("service")) + "/diff",
                            query(
                                    "from",
                                    a.required("from"),
                                    "to",
                                    a.optional("to"),
                                    "depth",
                                    a.optional("depth"),
                                    "env",
                                    a.optional("env")))),
            new Tool(
                    "cypher_query",
                    "Read-only Cypher",
                    "Runs a read-only Cypher query on srekg's graph (READ transaction, a timeout, a row cap: writes"
                            + " are refused). For questions the other tools do not answer. The model: (:Service"
                            + " {environment, name}) -[:DEPENDS_ON {since, to}]-> (:Service), one relationship per"
                            + " period of activity; a name is unique only within its environment, so match both."
                            + " (:Deployment)-[:DEPLOYS]->, (:ScaleEvent)-[:SCALES]->, (:ConfigChange)-[:CHANGES]->,"
                            + " (:Ticket)-[:ABOUT]-> a Service; (:SloBreach)-[:BREACHES]->(:Slo)-[:OF]->(:Service);"
                            + " (:Incident)-[:SUSPECTS {rank, score}]->(change); docs/graph-model.md has it all. Use"
                            + " parameters instead of literals.",
                    schema(
                            Map.of(
                                    "query", string("The Cypher query."),
                                    "parameters",
                                            Map.of("type", "object", "description", "Query parameters, by name.")),
                            List.of("query")),
                    a -> new ApiCall(
                            "POST",
                            "/api/v1/cypher",
                            Map.of(
                                    "query", a.required("query"),
                                    "parameters", a.values().getOrDefault("parameters", Map.of())))));

    private static ApiCall get(String path, String query) {
        return new ApiCall("GET", query.isEmpty() ? path : path + "?" + query, null);
    }

    private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static Map<String, Object> dateTime(String description) {
        return Map.of("type", "string", "format", "date-time", "description", description);
    }

    private static Map<String, Object> integer(String description, int min, int max) {
        return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code name=value&...} of the pairs whose value is set. */
    static String query(String... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
                q.append(q.length() == 0 ? "" : "&")
                        .append(pairs[i])
                        .append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
