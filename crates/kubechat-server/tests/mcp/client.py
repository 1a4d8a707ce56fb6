"""A real MCP client (the official Python SDK) against a KubeChat server.

Run by the Rust integration test `mcp::python_sdk_*`: connects over
Streamable HTTP with a KubeChat token, lists the tools, reads, previews a
scale and confirms it through elicitation, and sends one call with a bad
argument. Prints one JSON object with what it saw; the Rust test judges it.

usage: client.py URL TOKEN NAMESPACE [--no-change] [--replicas N] [--stdio KUBECHAT]

With --stdio the client starts `KUBECHAT mcp --server BASE` as a local
server process (as desktop clients do) with KUBECHAT_TOKEN set, instead of
speaking Streamable HTTP itself; with URL `local:DIR` it starts
`KUBECHAT mcp --demo` in DIR (the local server, no deployment).
"""

import asyncio
import json
import os
import sys

import contextlib

from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client, types
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


@contextlib.asynccontextmanager
async def transport(url: str, token: str, stdio: str | None):
    if stdio is not None:
        base = url.removesuffix("/mcp")
        # URL "local:DIR": the local server on the demo cluster, its store
        # in DIR, no deployment and no token.
        if url.startswith("local:"):
            params = StdioServerParameters(
                command=stdio, args=["mcp", "--demo"], cwd=url.removeprefix("local:"),
                env={"PATH": os.environ.get("PATH", ""), "USER": "desk"},
            )
        else:
            params = StdioServerParameters(
                command=stdio, args=["mcp", "--server", base], env={"KUBECHAT_TOKEN": token}
            )
        async with stdio_client(params) as streams:
            yield streams
        return
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with http:
        async with streamable_http_client(url, http_client=http) as streams:
            yield streams


async def main(
    url: str, token: str, namespace: str, change: bool, stdio: str | None, replicas: int
) -> dict:
    seen: dict = {"elicitations": []}

    async def confirm(context, params):
        # The person reads the preview and says yes (typing the name when
        # the change is destructive).
        seen["elicitations"].append(params.message)
        props = params.requested_schema.get("properties", {})
        kind = props.get("confirm", {}).get("type")
        answer = True if kind == "boolean" else "web"
        return types.ElicitResult(action="accept", content={"confirm": answer})

    async with transport(url, token, stdio) as (read, write):
        async with ClientSession(read, write, elicitation_callback=confirm) as session:
            init = await session.initialize()
            seen["protocol"] = init.protocol_version
            seen["server"] = init.server_info.name
            tools = await session.list_tools()
            seen["tools"] = sorted(t.name for t in tools.tools)
            scale = next((t for t in tools.tools if t.name == "kubechat_scale"), None)
            if scale is not None:
                seen["scale_annotations"] = {
                    "destructive": scale.annotations.destructive_hint,
                    "read_only": scale.annotations.read_only_hint,
                }
            got = await session.call_tool(
                "kubechat_get", {"resource": "deployments", "namespace": namespace}
            )
            seen["get"] = {
                "is_error": got.is_error,
                "structured": got.structured_content,
                "text": got.content[0].text if got.content else "",
            }
            asked = await session.call_tool(
                "kubechat_ask", {"text": "list deployments", "namespace": namespace}
            )
            seen["ask"] = {"is_error": asked.is_error, "type": (asked.structured_content or {}).get("type")}
            if change:
                scaled = await session.call_tool(
                    "kubechat_scale",
                    {"resource": "deployment", "name": "web", "replicas": replicas, "namespace": namespace},
                )
                seen["scale"] = {
                    "is_error": scaled.is_error,
                    "structured": scaled.structured_content,
                    "text": scaled.content[0].text if scaled.content else "",
                }
            resources = await session.list_resources()
            seen["resources"] = sorted(str(r.uri) for r in resources.resources)
            mine = await session.read_resource("kubechat://audit/mine")
            events = json.loads(mine.contents[0].text)["events"]
            seen["audit_mine"] = sorted({(e["channel"], e["actor_user"]) for e in events})
            prompts = await session.list_prompts()
            seen["prompts"] = sorted(p.name for p in prompts.prompts)
            why = await session.get_prompt("kubechat_why_failing", {"name": "web", "namespace": namespace})
            seen["prompt_text"] = why.messages[0].content.text
            try:
                await session.call_tool(
                    "kubechat_get", {"resource": "pods", "namespace": namespace, "limit": 3}
                )
                seen["bad_args"] = None
            except MCPError as e:
                seen["bad_args"] = {"code": e.error.code, "message": e.error.message}
    return seen


if __name__ == "__main__":
    url, token, namespace = sys.argv[1:4]
    rest = sys.argv[4:]
    change = "--no-change" not in rest
    stdio = rest[rest.index("--stdio") + 1] if "--stdio" in rest else None
    replicas = int(rest[rest.index("--replicas") + 1]) if "--replicas" in rest else 3
    print(json.dumps(asyncio.run(main(url, token, namespace, change, stdio, replicas)), default=str))
