package dev.srekg.api.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * srekg's MCP server (issue 22): streamable HTTP at {@code /mcp}, with the tools of {@link McpTools}. Each tool call
 * is the HTTP API request it stands for, sent to this process with the caller's own token, so an agent gets exactly
 * the API's answers, limits and errors (an API error comes back as a tool error with its problem details).
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfiguration {

    static final String ENDPOINT = "/mcp";
    private static final List<String> FORWARDED = List.of("Authorization", "X-API-Key");

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport() {
        return HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
                .mcpEndpoint(ENDPOINT)
                .contextExtractor(request -> {
                    Map<String, Object> headers = new HashMap<>();
                    for (String h : FORWARDED) {
                        String v = request.getHeader(h);
                        if (v != null) {
                            headers.put(h, v);
                        }
                    }
                    return McpTransportContext.create(headers);
                })
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider transport) {
        var registration = new ServletRegistrationBean<>(transport, ENDPOINT);
        registration.setAsyncSupported(true);
        registration.setName("mcp");
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider transport, Environment environment) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var tools = McpTools.ALL.stream()
                .map(t -> McpServerFeatures.SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder()
                                .name(t.name())
                                .title(t.title())
                                .description(t.description())
                                .inputSchema(t.inputSchema())
                                .annotations(new McpSchema.ToolAnnotations(t.title(), true, false, true, false, null))
                                .build())
                        .callHandler((exchange, request) ->
                                call(http, environment, exchange.transportContext(), t, request.arguments()))
                        .build())
                .toList();
        return McpServer.sync(transport)
                .serverInfo("srekg", "0.1.0")
                .instructions("srekg is a time-versioned graph of services, their dependencies and their changes"
                        + " (deploys, scale events, tickets, SLO breaches). Start with incident_context for 'why is X"
                        + " failing' or list_incidents for 'what is failing'. Times are ISO-8601 UTC.")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools)
                .build();
    }

    private static McpSchema.CallToolResult call(
            HttpClient http,
            Environment environment,
            McpTransportContext context,
            McpTools.Tool tool,
            Map<String, Object> arguments) {
        McpTools.ApiCall api;
        try {
            api = tool.call().apply(new McpTools.Args(arguments));
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
        String address = environment.getProperty("server.address", "127.0.0.1");
        String host = address.isBlank() || address.equals("0.0.0.0") ? "127.0.0.1" : address;
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + api.pathAndQuery()))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        for (String h : FORWARDED) {
            if (context.get(h) instanceof String v) {
                request.header(h, v);
            }
        }
        if (api.method().equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            JsonMapper.builder().build().writeValueAsString(api.jsonBody())));
        } else {
            request.GET();
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return McpSchema.CallToolResult.builder()
                    .addTextContent(response.body())
                    .isError(response.statusCode() >= 400)
                    .build();
        } catch (IOException e) {
            return error("the API did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        }
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }
}
