"""`wfLsp/graph` and the lens on `jobs:`, over JSON-RPC: the picture the VS Code webview shows.

The picture, the code lenses and the hover read one timeline: Hypothesis writes job
graphs (chains, fans, cycles, jobs without or with broken timeouts) and, for each, the
request's worst case must be what the lens on `jobs:` says, what the code lens of the
critical path's last job says, and the finish its hover gives.
"""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from lsprotocol import types

from .conftest import PULL_UTF8, change_document, open_document, session, token_range

GRAPH = "wfLsp/graph"
SHOW_GRAPH = "wf-lsp.showGraph"
EXAMPLE = (Path(__file__).resolve().parents[2] / "examples" / "ml-training.yaml").read_text(encoding="utf-8")


async def graph(client, uri: str, **extra):
    return await client.protocol.send_request_async(GRAPH, {"textDocument": {"uri": uri}, **extra})


async def lenses(client, uri: str) -> list[types.CodeLens]:
    return await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))


def as_range(value) -> types.Range:
    """A range as the raw answer holds it (pygls reads a custom result as named tuples)."""
    return types.Range(types.Position(value.start.line, value.start.character),
                       types.Position(value.end.line, value.end.character))


async def test_the_timeouts_page_example(client):
    uri = await open_document(client, EXAMPLE)
    answer = await graph(client, uri)
    assert answer.worstCase == "7h30m · 7 hours 30 minutes"
    assert list(answer.criticalPath) == ["preprocess", "train", "evaluate"]
    lines = EXAMPLE.splitlines()
    assert [(job.id, as_range(job.range)) for job in answer.jobs] == [
        (name, token_range(EXAMPLE, lines.index(f"  {name}:"), name, client.encoding))
        for name in ("preprocess", "train", "evaluate")]
    # The SVG is the one `wf-lsp graph` draws: XML, each job's box marked for the webview's click.
    svg = ET.fromstring(answer.svg)
    boxes = [g.get("data-job") for g in svg.iter("{http://www.w3.org/2000/svg}g")
             if g.get("class") == "wf-job"]
    assert boxes == ["preprocess", "train", "evaluate"]
    assert "7h30m" in answer.svg
    assert "prefers-color-scheme" in answer.svg  # the reader's colours, unless asked otherwise
    dark = (await graph(client, uri, colorScheme="dark")).svg
    assert "prefers-color-scheme" not in dark and "#0d1117" in dark  # the dark background
    assert "#0d1117" not in (await graph(client, uri, colorScheme="light")).svg
    # The lens on `jobs:` opens it, and says the same worst case.
    first = (await lenses(client, uri))[0]
    assert first.range == token_range(EXAMPLE, lines.index("jobs:"), "jobs", client.encoding)
    assert (first.command.title, first.command.command, first.command.arguments) == (
        "Show job graph · worst case 7h30m", SHOW_GRAPH, (uri, _json(first.range.start)))
    assert SHOW_GRAPH in client.server_capabilities.execute_command_provider.commands


async def test_follows_the_document_as_it_changes(client):
    uri = await open_document(client, EXAMPLE)
    assert (await graph(client, uri)).worstCase.startswith("7h30m")
    change_document(client, uri, 2, EXAMPLE.replace('timeout: "6h"', 'timeout: "2h"', 1))
    assert (await graph(client, uri)).worstCase == "3h30m · 3 hours 30 minutes"
    # Without its timeout, evaluate's one step's 45m bounds it (6h30m + 45m).
    change_document(client, uri, 3, EXAMPLE.replace('    timeout: "1h"\n', "", 1))
    assert (await graph(client, uri)).worstCase == "7h15m · 7 hours 15 minutes"
    # Half-typed: a job without a timeout, nor one on each step, makes the worst case
    # unbounded; the picture stays.
    change_document(client, uri, 4, EXAMPLE.replace('    timeout: "1h"\n', "", 1)
                    .replace('        timeout: "45m"\n', "", 1))
    answer = await graph(client, uri)
    assert answer.worstCase == "unbounded (evaluate has no timeout)"
    # In the picture's words: it was "(evaluate has no limit)" on the lens.
    assert (await lenses(client, uri))[0].command.title == (
        "Show job graph · worst case unbounded (evaluate has no timeout)")
    change_document(client, uri, 5, EXAMPLE.replace('    timeout: "1h"\n', '    timeout: "1 h"\n', 1)
                    .replace('        timeout: "45m"\n', "", 1))
    assert (await graph(client, uri)).worstCase == "unbounded (evaluate has an invalid timeout)"
    assert (await lenses(client, uri))[0].command.title == (
        "Show job graph · worst case unbounded (evaluate has an invalid timeout)")


async def test_mid_edit_the_picture_says_it_is_drawn_up_to_the_syntax_error(client):
    # Typing `[` in the first job's `steps:` cut the workflow there: the picture said
    # "0s (no jobs)" of a file full of jobs, and nothing of why.
    uri = await open_document(client, EXAMPLE)
    lines = EXAMPLE.splitlines()
    at = lines.index("    steps:")  # the first job's
    change_document(client, uri, 2, EXAMPLE.replace("    steps:\n", "    steps: [\n", 1))
    answer = await graph(client, uri)
    assert answer.worstCase.endswith(f" · drawn up to the syntax error on line {at + 1}")
    assert f"drawn up to the syntax error on line {at + 1}" in answer.svg
    # The lens on `jobs:` too: it gave the worst case of the part read as the whole's.
    title = (await lenses(client, uri))[0].command.title
    assert title.startswith("Show job graph · worst case ")
    assert title.endswith(f" · drawn up to the syntax error on line {at + 1}")
    change_document(client, uri, 3, EXAMPLE)
    assert (await graph(client, uri)).worstCase == "7h30m · 7 hours 30 minutes"
    assert (await lenses(client, uri))[0].command.title == "Show job graph · worst case 7h30m"


async def test_a_dependency_on_no_job_is_drawn_and_is_no_job_to_reveal(client):
    # `depends_on: [preprocss]` was left out of the picture: train seemed to wait for nothing.
    uri = await open_document(client, EXAMPLE.replace("[preprocess]", "[preprocss]", 1))
    answer = await graph(client, uri)
    missing = [g for g in ET.fromstring(answer.svg).iter("{http://www.w3.org/2000/svg}g")
               if g.get("class") == "wf-missing"]
    assert ["".join(g.itertext()) for g in missing] == [
        "preprocss: no job has this id: the engine rejects the workflow (needed by train)"
        "preprocssno such job"]
    assert missing[0].get("data-job") is None  # a click on it reveals no job
    assert [job.id for job in answer.jobs] == ["preprocess", "train", "evaluate"]


async def test_emoji_job_ids_and_ranges_in_the_clients_encoding(client):
    text = 'id: pics\njobs:\n  "🚀 prep": {timeout: 30m, steps: [{run: a}]}\n' \
           '  データ: {timeout: 1h, depends_on: ["🚀 prep"], steps: [{run: b}]}\n'
    uri = await open_document(client, text)
    answer = await graph(client, uri)
    assert [(job.id, as_range(job.range)) for job in answer.jobs] == [
        ("🚀 prep", token_range(text, 2, '"🚀 prep"', client.encoding)),
        ("データ", token_range(text, 3, "データ", client.encoding))]
    assert answer.worstCase == "1h30m · 1 hour 30 minutes"


async def test_nothing_for_other_yaml_and_an_error_for_bad_params(client):
    uri = await open_document(client, "services:\n  web:\n    image: nginx\n", name="compose.yaml")
    assert await graph(client, uri) is None
    assert [lens for lens in await lenses(client, uri) or []] == []
    assert await graph(client, "file:///work/never-opened.yaml") is None
    try:
        await client.protocol.send_request_async(GRAPH, {"document": uri})
    except Exception as exc:  # pygls raises the error reply as a JsonRpcException
        assert getattr(exc, "code", None) == types.ErrorCodes.InvalidParams, exc
    else:
        raise AssertionError("wfLsp/graph without textDocument was answered")
    try:
        await graph(client, uri, colorScheme="sepia")
    except Exception as exc:
        assert getattr(exc, "code", None) == types.ErrorCodes.InvalidParams, exc
    else:
        raise AssertionError("wfLsp/graph with an unknown colorScheme was answered")


async def test_other_editors_get_the_worst_case_in_a_message(client):
    uri = await open_document(client, EXAMPLE)
    command = (await lenses(client, uri))[0].command
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    assert [(m.type, m.message) for m in client.messages] == [(
        types.MessageType.Info,
        "wf-lsp: worst case 7h30m · 7 hours 30 minutes (preprocess → train → evaluate); "
        "`wf-lsp graph /work/flow.yaml -o graph.html` draws the job graph")]


async def test_the_command_in_the_message_can_be_copied_with_a_space_in_the_path(client):
    # `wf-lsp graph /work/my flows/flow.yaml` ran the command on two paths, neither a file.
    uri = await open_document(client, EXAMPLE, uri="file:///work/my%20flows/it's.yaml")
    command = (await lenses(client, uri))[0].command
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=command.command, arguments=command.arguments))
    (message,) = [m.message for m in client.messages]
    assert message.endswith("`wf-lsp graph '/work/my flows/it'\"'\"'s.yaml' -o graph.html` "
                            "draws the job graph")



MULTI = """\
id: first
jobs:
  a:
    timeout: 90m
    steps: [{run: echo}]
---
id: second
x-base: &jb {timeout: 1h, steps: [{run: echo}]}
jobs:
  "🚀b":
    <<: *jb
  c:
    <<: *jb
    depends_on: ["🚀b"]
    timeout: 7200s
"""


async def test_each_workflow_of_a_file_has_its_lens_and_its_picture(client):
    uri = await open_document(client, MULTI)
    lines = MULTI.splitlines()
    found = [lens for lens in await lenses(client, uri) if lens.command.command == SHOW_GRAPH]
    second = token_range(MULTI, lines.index("jobs:", 2), "jobs", client.encoding)
    assert [(lens.range, lens.command.title, lens.command.arguments) for lens in found] == [
        (token_range(MULTI, 1, "jobs", client.encoding), "Show job graph · worst case 1h30m",
         (uri, _json(found[0].range.start))),
        (second, "Show job graph · worst case 3h", (uri, _json(second.start)))]
    # The picture of the workflow a position is in; without one (an older client), the first.
    assert list((await graph(client, uri, position=_json(second.start))).criticalPath) == ["🚀b", "c"]
    below = {"line": len(lines) - 1, "character": 4}
    assert list((await graph(client, uri, position=below)).criticalPath) == ["🚀b", "c"]
    assert list((await graph(client, uri)).criticalPath) == ["a"]
    assert list((await graph(client, uri, position={"line": 5, "character": 0})).criticalPath) == ["a"]
    # Past LSP's 2**31 - 1, a bool or a fraction: each was an internal error.
    for malformed in ([6, 0], {"line": -1, "character": 0}, {"line": 3, "character": -5},
                      {"line": 1 << 31, "character": 0}, {"line": 0, "character": 1 << 40},
                      {"line": True, "character": 0}, {"line": 1.5, "character": 0}):
        try:
            await graph(client, uri, position=malformed)
        except Exception as exc:
            assert getattr(exc, "code", None) == types.ErrorCodes.InvalidParams, (malformed, exc)
        else:
            raise AssertionError(f"wfLsp/graph with the position {malformed} was answered")
    # The lens's command says the worst case of its own workflow (`wf-lsp graph` draws the first).
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=SHOW_GRAPH, arguments=[uri, _json(second.start)]))
    assert [m.message for m in client.messages] == ["wf-lsp: worst case 3h · 3 hours (🚀b → c)"]


def _json(position: types.Position) -> dict:
    return {"line": position.line, "character": position.character}

# -- the picture, the lenses and the hover agree -------------------------------------------

JOBS = ["prep", "train", "eval", "ship", "🚀"]
TIMEOUTS = [None, "30m", "1h", "2h15m", "45s", '"1h 30m"', "0s"]


@st.composite
def job_graphs(draw) -> str:
    ids = draw(st.lists(st.sampled_from(JOBS), min_size=1, max_size=5, unique=True))
    lines = ["id: agree", "jobs:"]
    for job in ids:
        lines.append(f'  "{job}":')
        timeout = draw(st.sampled_from(TIMEOUTS))
        if timeout is not None:
            lines.append(f"    timeout: {timeout}")
        needs = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        if needs:
            lines.append(f"    depends_on: {json.dumps(needs, ensure_ascii=False)}")
        lines.append("    steps:\n      - run: go")
    return "\n".join(lines) + "\n"


async def _agreement(text: str) -> None:
    async with session(PULL_UTF8) as client:
        uri = await open_document(client, text)
        answer = await graph(client, uri)
        all_lenses = await lenses(client, uri)
        title = all_lenses[0].command.title
        path = list(answer.criticalPath)
        if not path:  # every job is on or after a cycle
            assert answer.worstCase.startswith("nothing can start"), answer.worstCase
            assert title == "Show job graph · nothing can start (dependency cycle)"
            return
        worst = answer.worstCase.split(" · ")[0].split(" (")[0]  # 7h30m, or unbounded
        assert title.startswith(f"Show job graph · worst case {worst}"), (title, answer.worstCase)
        last = path[-1]
        job = next(j for j in answer.jobs if j.id == last)
        lens = next(lens for lens in all_lenses if lens.range == as_range(job.range))
        # A job without a usable timeout has a label lens; any other names its critical path.
        if "critical path" in lens.command.title:
            assert lens.command.title.endswith(f"critical path {worst}"), lens.command.title
        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri), position=as_range(job.range).start))
        finish = re.search(r"finish: (\S+)", hover.contents.value).group(1)
        assert finish == worst, hover.contents.value


@settings(max_examples=examples(0.06, at_most=30), suppress_health_check=list(HealthCheck))
@given(job_graphs())
def test_the_picture_agrees_with_the_code_lens_and_the_hover(text):
    asyncio.run(_agreement(text))
