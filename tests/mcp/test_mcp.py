"""The MCP server as a real assistant's client meets it: the official MCP SDK for Python connects
over stdio (`itsm-crosswalk mcp`) and over streamable HTTP (`/mcp` of a running server), lists the
tools and resources, calls every tool, and checks each answer against the GraphQL API's answer
to the same question. Also the refusals: a tool error names our code, arguments that do not fit
the input schema are a JSON-RPC error, and `/mcp` refuses a foreign Origin or Host.

Run by tests/mcp/run.sh (and so by .ci/run): `python test_mcp.py PATH-TO-itsm-crosswalk`.
"""

import asyncio
import csv
import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request

from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = {"search_clauses", "get_clause", "crosswalk", "coverage", "transition_plan", "integrated_view"}
PROVENANCE = re.compile(r"^(mappings|clauses)/[a-z0-9.-]+\.csv:\d+$")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def start_server(binary):
    """Serves on a free loopback port; returns the process and its base URL."""
    process = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0"], stderr=subprocess.PIPE, text=True
    )
    for line in process.stderr:
        match = re.search(r"at http://(127\.0\.0\.1:\d+)/graphql", line)
        if match:
            # Keep reading its log (a line per request): a full pipe would stall the server.
            threading.Thread(target=process.stderr.read, daemon=True).start()
            return process, "http://" + match.group(1)
    raise RuntimeError("the server did not start")


def graphql(base, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        base + "/graphql", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        result = json.load(answer)
    assert "errors" not in result, result
    return result["data"]


def graphql_refusal(base, query):
    """The message of the one INVALID_ARGUMENT error GraphQL answers `query` with."""
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        base + "/graphql", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        errors = json.load(answer)["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["INVALID_ARGUMENT"], errors
    return errors[0]["message"]


def post_mcp(base, headers):
    """A raw `tools/list` POST to /mcp with extra headers; returns the HTTP status."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}).encode()
    request = urllib.request.Request(
        base + "/mcp",
        data=body,
        headers={
            "content-type": "application/json",
            "accept": "application/json, text/event-stream",
            "mcp-protocol-version": "2025-06-18",
            **headers,
        },
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def inventory_controls():
    with open(os.path.join(ROOT, "examples", "inventory-2018.csv"), newline="") as file:
        return [
            {
                "id": row["id"],
                "title": row["title"],
                "clauses": [c for c in row["clauses"].split(";") if c],
                "status": row["status"] or "IMPLEMENTED",
            }
            for row in csv.DictReader(file)
        ]


async def exercise(name, target, base):
    async with Client(target) as client:
        tools = (await client.list_tools()).tools
        check({t.name for t in tools} == TOOLS, f"{name}: the six tools are listed")
        for tool in tools:
            check(
                len(tool.description or "") > 60 and tool.input_schema.get("properties"),
                f"{name}: {tool.name} has a description and an input schema",
            )
            check(bool(tool.output_schema), f"{name}: {tool.name} has an output schema")

        # get_clause: the same mappings as GraphQL for 8.5.1.3, each with its provenance.
        answer = await client.call_tool("get_clause", {"clause": "iso-iec-20000-1-2018:8.5.1.3"})
        clause = answer.structured_content
        expected = graphql(
            base,
            '{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { mappings { target { id } relationship strength provisional note } } }',
        )["clause"]["mappings"]
        got = {(m["target"]["id"], m["relationship"], m["strength"], m["provisional"], m["note"]) for m in clause["mappings"] if m["target"]}
        want = {(m["target"]["id"], m["relationship"], m["strength"], m["provisional"], m["note"]) for m in expected if m["target"]}
        check(not answer.is_error and got == want and len(want) > 5, f"{name}: get_clause 8.5.1.3 gives the GraphQL API's {len(want)} mappings")
        check(
            all(PROVENANCE.match(m["provenance"]["row"]) and m["provenance"]["set"] for m in clause["mappings"]),
            f"{name}: every mapping cites its set and file:line in the dataset",
        )
        check(json.loads(answer.content[0].text) == clause, f"{name}: the text content is the structured content")
        check(len(clause["lineage"]) >= 3, f"{name}: get_clause gives the lineage across editions")

        # search_clauses, against GraphQL search.
        answer = await client.call_tool("search_clauses", {"query": "incident management", "limit": 5})
        ids = [r["id"] for r in answer.structured_content["results"]]
        expected = [n["id"] for n in graphql(base, '{ search(query: "incident management", first: 5) { nodes { id } } }')["search"]["nodes"]]
        check(ids == expected and "iso-iec-20000-1-2018:8.6.1" in ids, f"{name}: search_clauses ranks as GraphQL search does")

        # crosswalk, every page, against GraphQL's total.
        rows, after = [], None
        while True:
            args = {"from": "iso-iec-20000-1-2018", "to": "iso-iec-27001-2022", "first": 40}
            if after:
                args["after"] = after
            page = (await client.call_tool("crosswalk", args)).structured_content
            rows.extend(page["mappings"])
            after = page.get("next_cursor")
            if not after:
                break
        total = graphql(base, '{ crosswalk(from: "iso-iec-20000-1-2018", to: "iso-iec-27001-2022") { mappings { totalCount } } }')["crosswalk"]["mappings"]["totalCount"]
        check(len(rows) == total == page["total"], f"{name}: crosswalk pages through all {total} rows")

        # coverage, against GraphQL coverage.
        answer = (await client.call_tool("coverage", {"target": "iso-iec-20000-1-2018", "sources": ["iso-iec-27001-2022", "iso-9001-2015"]})).structured_content
        expected = graphql(base, '{ coverage(target: "iso-iec-20000-1-2018", sources: ["iso-iec-27001-2022", "iso-9001-2015"]) { full partial none ratio } }')["coverage"]
        check(
            (answer["full"], answer["partial"], answer["none"]) == (expected["full"], expected["partial"], expected["none"])
            and abs(answer["ratio"] - expected["ratio"]) < 1e-9,
            f"{name}: coverage gives GraphQL's counts {expected['full']}/{expected['partial']}/{expected['none']}",
        )

        # transition_plan from the example inventory, against GraphQL transitionPlan.
        controls = inventory_controls()
        answer = (await client.call_tool("transition_plan", {"from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls})).structured_content
        expected = graphql(
            base,
            "query($input: TransitionPlanInput!) { transitionPlan(input: $input) { plan { summary { carryOver review implement retire } items { clause { id } action } } } }",
            {"input": {"from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls}},
        )["transitionPlan"]["plan"]
        got = {(i["clause"]["id"], i["action"]) for i in answer["items"]}
        want = {(i["clause"]["id"], i["action"]) for i in expected["items"]}
        check(got == want and answer["summary"]["carry_over"] == expected["summary"]["carryOver"], f"{name}: transition_plan gives GraphQL's {len(want)} items")

        # integrated_view, against GraphQL integratedView.
        standards = ["iso-iec-20000-1-2018", "iso-iec-27001-2022", "iso-9001-2015"]
        answer = (await client.call_tool("integrated_view", {"standards": standards})).structured_content
        expected = graphql(base, "query($s: [ID!]!) { integratedView(standards: $s) { rows { hub { id } } } }", {"s": standards})["integratedView"]["rows"]
        check(
            [(r["hub"] or {}).get("id") for r in answer["rows"]] == [(r["hub"] or {}).get("id") for r in expected],
            f"{name}: integrated_view gives GraphQL's {len(expected)} rows",
        )

        # Refusals: a tool error with our code, and a protocol error for arguments off the schema.
        answer = await client.call_tool("get_clause", {"clause": "iso-iec-20000-1-2018:99.9"})
        check(answer.is_error and answer.content[0].text.startswith("NOT_FOUND: "), f"{name}: an unknown clause is a tool error naming NOT_FOUND")
        answer = await client.call_tool("crosswalk", {"from": "iso-iec-20000-1-2018", "to": "iso-iec-27001-2022", "first": 500})
        check(answer.is_error and answer.content[0].text.startswith("INVALID_ARGUMENT: "), f"{name}: a page over 100 is a tool error naming INVALID_ARGUMENT")
        # The same refusals, in the same words, as the GraphQL API gives.
        same = await client.call_tool("crosswalk", {"from": "iso-iec-27001-2022", "to": "iso-iec-27001-2022"})
        refused = graphql_refusal(base, '{ crosswalk(from: "iso-iec-27001-2022", to: "iso-iec-27001-2022") { from { id } } }')
        check(same.is_error and same.content[0].text == f"INVALID_ARGUMENT: {refused}", f"{name}: a crosswalk of a standard with itself is refused as GraphQL refuses it")
        long = await client.call_tool("search_clauses", {"query": "x" * 201})
        refused = graphql_refusal(base, '{ search(query: "%s") { totalCount } }' % ("x" * 201))
        check(long.is_error and long.content[0].text == f"INVALID_ARGUMENT: {refused}", f"{name}: an over-long search is refused as GraphQL refuses it")
        too_many = [{"id": f"C{i}", "clauses": ["8.6.1"]} for i in range(5001)]
        answer = await client.call_tool("transition_plan", {"from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": too_many})
        check(answer.is_error and "5000" in answer.content[0].text.replace(",", ""), f"{name}: the 5,000-control cap applies")
        # Arguments off the input schema are bad input too (a tool error, so the model can
        # correct itself, as the MCP specification asks), named with our code.
        answer = await client.call_tool("crosswalk", {"from": 7})
        check(answer.is_error and answer.content[0].text.startswith("INVALID_ARGUMENT: "), f"{name}: arguments off the input schema are a tool error naming INVALID_ARGUMENT")
        # Protocol faults are JSON-RPC errors: an unknown tool, an unknown resource.
        for what, call in [
            ("an unknown tool", client.call_tool("no_such_tool", {})),
            ("an unknown resource", client.read_resource("itsm-crosswalk://standards/no-such-standard")),
        ]:
            try:
                await call
                check(False, f"{name}: {what} is a JSON-RPC error")
            except MCPError as error:
                check(error.error.code < 0, f"{name}: {what} is a JSON-RPC error ({error.error.code})")

        # Resources: the standards and each clause tree.
        uris = {r.uri for r in (await client.list_resources()).resources}
        check("itsm-crosswalk://standards" in uris and "itsm-crosswalk://standards/iso-iec-27001-2022" in uris, f"{name}: the standards and their clause trees are resources")
        tree = json.loads((await client.read_resource("itsm-crosswalk://standards/iso-iec-27001-2022")).contents[0].text)
        check(tree["id"] == "iso-iec-27001-2022" and any(c["ref"] == "A" for c in tree["clauses"]), f"{name}: a clause tree reads as JSON")


async def main(binary):
    process, base = start_server(binary)
    try:
        await exercise("stdio", StdioServerParameters(command=binary, args=["mcp"]), base)
        await exercise("http", base + "/mcp", base)
        # DNS-rebinding protection of the HTTP transport.
        check(post_mcp(base, {"origin": "http://evil.example"}) == 403, "http: a foreign Origin is refused (403)")
        check(post_mcp(base, {"host": "evil.example"}) == 403, "http: a foreign Host is refused (403)")
        check(post_mcp(base, {"origin": "http://localhost:3000"}) == 200, "http: a loopback Origin is accepted")
    finally:
        process.terminate()
        process.wait(timeout=20)
    if failures:
        print(f"\n{len(failures)} MCP check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("\nall MCP checks passed")


asyncio.run(main(sys.argv[1]))
