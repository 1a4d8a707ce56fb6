// A real MCP client (the official TypeScript SDK) against a KubeChat
// server over Streamable HTTP, doing what client.py does: list the tools,
// read, preview a scale and confirm it through elicitation, and send one
// call with a bad argument. Prints one JSON object; the Rust test judges.
//
// usage: node client.mjs URL TOKEN NAMESPACE [--replicas N] [--stdio KUBECHAT]
// With --stdio the client starts `KUBECHAT mcp --server BASE` as a local
// server process with KUBECHAT_TOKEN set, as desktop clients do; with URL
// `local:DIR` it starts `KUBECHAT mcp --demo` in DIR (the local server, no
// deployment and no token).
// The SDK is read from KUBECHAT_MCP_NODE_MODULES (scripts/mcp-sdks.sh).
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.KUBECHAT_MCP_NODE_MODULES;
if (!modules) {
  console.error("set KUBECHAT_MCP_NODE_MODULES (scripts/mcp-sdks.sh node prints it)");
  process.exit(2);
}
const sdk = (p) =>
  import(pathToFileURL(path.join(modules, "@modelcontextprotocol/sdk/dist/esm", p)).href);
const { Client } = await sdk("client/index.js");
const { StreamableHTTPClientTransport } = await sdk("client/streamableHttp.js");
const { StdioClientTransport } = await sdk("client/stdio.js");
const { ElicitRequestSchema, McpError } = await sdk("types.js");

const [url, token, namespace, ...rest] = process.argv.slice(2);
const replicas = rest.includes("--replicas") ? Number(rest[rest.indexOf("--replicas") + 1]) : 3;
const stdio = rest.includes("--stdio") ? rest[rest.indexOf("--stdio") + 1] : null;
const seen = { elicitations: [] };

const client = new Client(
  { name: "kubechat-ts-test", version: "0" },
  { capabilities: { elicitation: {} } },
);
client.setRequestHandler(ElicitRequestSchema, async (req) => {
  // The person reads the preview and says yes (typing the name when the
  // change is destructive).
  seen.elicitations.push(req.params.message);
  const kind = req.params.requestedSchema?.properties?.confirm?.type;
  return { action: "accept", content: { confirm: kind === "boolean" ? true : "web" } };
});
const local = url.startsWith("local:") ? url.slice("local:".length) : null;
const transport = stdio && local
  ? new StdioClientTransport({
      command: stdio,
      args: ["mcp", "--demo"],
      cwd: local,
      env: { PATH: process.env.PATH ?? "", USER: "desk" },
    })
  : stdio
  ? new StdioClientTransport({
      command: stdio,
      args: ["mcp", "--server", url.replace(/\/mcp$/, "")],
      env: { ...process.env, KUBECHAT_TOKEN: token },
    })
  : new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
await client.connect(transport);
seen.server = client.getServerVersion()?.name;
seen.protocol = client.getNegotiatedProtocolVersion?.() ?? transport.protocolVersion;
const tools = await client.listTools();
seen.tools = tools.tools.map((t) => t.name).sort();
const scale = tools.tools.find((t) => t.name === "kubechat_scale");
if (scale) {
  seen.scale_annotations = {
    destructive: scale.annotations?.destructiveHint,
    read_only: scale.annotations?.readOnlyHint,
  };
}
const got = await client.callTool({
  name: "kubechat_get",
  arguments: { resource: "deployments", namespace },
});
seen.get = { is_error: !!got.isError, structured: got.structuredContent, text: got.content?.[0]?.text ?? "" };
const scaled = await client.callTool({
  name: "kubechat_scale",
  arguments: { resource: "deployment", name: "web", replicas, namespace },
});
seen.scale = { is_error: !!scaled.isError, structured: scaled.structuredContent, text: scaled.content?.[0]?.text ?? "" };
const resources = await client.listResources();
seen.resources = resources.resources.map((r) => r.uri).sort();
if (seen.resources.includes("kubechat://audit/mine")) {
  const mine = await client.readResource({ uri: "kubechat://audit/mine" });
  const events = JSON.parse(mine.contents[0].text).events;
  seen.audit_mine = [...new Set(events.map((e) => JSON.stringify([e.channel, e.actor_user])))]
    .sort()
    .map((e) => JSON.parse(e));
}
const prompts = await client.listPrompts();
seen.prompts = prompts.prompts.map((p) => p.name).sort();
try {
  await client.callTool({ name: "kubechat_get", arguments: { resource: "pods", namespace, limit: 3 } });
  seen.bad_args = null;
} catch (e) {
  seen.bad_args = e instanceof McpError ? { code: e.code, message: e.message } : { code: null, message: String(e) };
}
if (!stdio) await transport.terminateSession().catch(() => {});
await client.close();
console.log(JSON.stringify(seen));
