// Drives srekg's MCP server with the real TypeScript SDK client (issue 22): connects over streamable HTTP, lists the
// tools, calls each of the calls given, and prints {tools, results} as JSON for McpIT to compare with the HTTP API.
// Usage: node mcp-client.mjs <url> <token or -> '<json array of {name, arguments}>'
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token, callsJson] = process.argv.slice(2);
const headers = token && token !== "-" ? { Authorization: `Bearer ${token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const client = new Client({ name: "srekg-mcp-it", version: "1.0.0" });
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const results = [];
  for (const call of JSON.parse(callsJson)) {
    const result = await client.callTool({ name: call.name, arguments: call.arguments });
    results.push({ name: call.name, isError: result.isError === true, text: result.content.map((c) => c.text).join("") });
  }
  process.stdout.write(JSON.stringify({ server: client.getServerVersion(), tools, results }));
  await client.close();
} catch (e) {
  process.stderr.write(`MCP client failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
}
