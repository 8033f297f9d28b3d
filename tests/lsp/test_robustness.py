"""The server never dies on what a client sends: positions out of range, unknown or
closed documents, half-typed text, a 5 MB document, a storm of changes, cancelled
requests, malformed messages, a shutdown with work pending, a failing handler. (The
command line, --tcp and the log: test_server_cli.py.)"""

from __future__ import annotations

import asyncio
import json
import sys

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .conftest import (
    PULL_UTF8, PUSH_UTF16, apply_edits, change_document, code_actions, diagnostics, lsp_position,
    open_document, session, token_range, units, workspace_edits
)

DOC = """\
id: nightly
jobs:
  train:
    name: Train 🚀
    timeout: "30m1h"
    steps:
      - run: python train.py
        timeout: 1h
  report:
    timeout: 1h
    depends_on: [train]
    steps:
      - run: echo done
"""


def _requests(uri: str, pos: types.Position) -> list[tuple[str, object]]:
    """One request of every kind the server answers, at `pos`."""
    doc = types.TextDocumentIdentifier(uri)
    rng = types.Range(pos, pos)
    return [
        (types.TEXT_DOCUMENT_HOVER, types.HoverParams(doc, pos)),
        (types.TEXT_DOCUMENT_DEFINITION, types.DefinitionParams(doc, pos)),
        (types.TEXT_DOCUMENT_REFERENCES, types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True), text_document=doc,
            position=pos)),
        (types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT, types.DocumentHighlightParams(doc, pos)),
        (types.TEXT_DOCUMENT_PREPARE_RENAME, types.PrepareRenameParams(doc, pos)),
        (types.TEXT_DOCUMENT_COMPLETION, types.CompletionParams(doc, pos)),
        (types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionParams(
            doc, rng, types.CodeActionContext(diagnostics=[types.Diagnostic(
                range=rng, message="x", code="WF103", source="wf-lsp",
                data={"version": 1, "fixes": [{"title": 5}]})]))),
        (types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintParams(doc, types.Range(
            types.Position(0, 0), pos))),
        (types.TEXT_DOCUMENT_SELECTION_RANGE, types.SelectionRangeParams(doc, [pos])),
        (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, types.DocumentSymbolParams(doc)),
        (types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensParams(doc)),
        (types.TEXT_DOCUMENT_FOLDING_RANGE, types.FoldingRangeParams(doc)),
        (types.TEXT_DOCUMENT_DIAGNOSTIC, types.DocumentDiagnosticParams(doc)),
    ]


async def _ask_everything(client, uri: str, pos: types.Position) -> dict[str, object]:
    """Every answer (or refusal) at `pos`, by method."""
    answers = {}
    for method, params in _requests(uri, pos):
        try:
            answers[method] = await client.protocol.send_request_async(method, params)
        except JsonRpcException as exc:
            # A refusal the user can read (prepareRename off a job id) is an answer too;
            # an internal error is not.
            assert exc.code == types.LSPErrorCodes.RequestFailed, (method, exc)
            answers[method] = (exc.code, exc.message)
    return answers


@pytest.mark.parametrize("where", ["past the last line", "past the line end", "in a character"])
async def test_positions_out_of_range(client, where):
    uri = await open_document(client, DOC)
    await diagnostics(client, uri)
    line_3 = "    name: Train 🚀"
    enc = client.encoding
    # Out of range is clamped to the nearest place in the text; inside a character (between
    # the surrogates of 🚀 in UTF-16, inside its bytes in UTF-8) is its start.
    pos, same_as = {
        "past the last line": (types.Position(10_000, 10_000), types.Position(14, 0)),
        "past the line end": (types.Position(3, 10_000), types.Position(3, units(line_3, enc))),
        "in a character": (types.Position(3, units(line_3[:-1], enc) + 1),
                           types.Position(3, units(line_3[:-1], enc) + (enc == "utf-32"))),
    }[where]
    answers, expected = [await _ask_everything(client, uri, p) for p in (pos, same_as)]
    # A selection range starts from the position asked about, whatever it is.
    del answers[types.TEXT_DOCUMENT_SELECTION_RANGE], expected[types.TEXT_DOCUMENT_SELECTION_RANGE]
    assert answers == expected
    # Still serving, with the same answers as before.
    assert [d.code for d in await diagnostics(client, uri)] == ["WF103"]


async def test_a_change_past_the_line_end_is_at_the_line_end(client):
    # LSP 3.17: "If the character value is greater than the line length it defaults back
    # to the line length."
    uri = await open_document(client, DOC)
    await diagnostics(client, uri)
    edit = types.TextEdit(types.Range(types.Position(4, 10_000), types.Position(4, 10_001)), "  # x")
    expected = DOC.replace('"30m1h"\n', '"30m1h"  # x\n')
    change_document(client, uri, 2, edits=[edit])
    [found] = await diagnostics(client, uri, version=2)
    assert (found.code, found.range) == (
        "WF103", token_range(expected, 4, '"30m1h"', client.encoding))
    # The server's text is the clamped edit's: a quick fix applied to `expected` fits.
    [fix] = [a for a in await code_actions(client, uri, found.range, [found], only=["quickfix"])
             if a.is_preferred]
    assert apply_edits(expected, workspace_edits(fix.edit, uri), client.encoding) == (
        expected.replace('"30m1h"', '"1h30m"'))


@pytest.mark.parametrize("bad, problem", [
    (types.Range(types.Position(4, 14), types.Position(4, 10)),
     "the range ends (5:11) before it starts (5:15)"),
    (types.Range(types.Position(3, 4), types.Position(2, 4)),
     "the range ends (3:5) before it starts (4:5)"),
    (types.Range(types.Position(10_000, 0), types.Position(10_000, 5)),
     "line 10001 is below the text, which has 13 lines"),
    (types.Range(types.Position(4, 0), types.Position(15, 0)),
     "line 16 is below the text, which has 13 lines"),
], ids=["backwards on a line", "backwards across lines", "below the text", "ends below"])
async def test_a_change_that_does_not_fit_the_text_is_not_applied(client, bad, problem):
    uri = await open_document(client, DOC)
    assert [d.code for d in await diagnostics(client, uri)] == ["WF103"]
    hover = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(4, 14))
    # A good change before the bad one in the same didChange is not applied either.
    good = types.TextEdit(types.Range(types.Position(0, 4), types.Position(0, 11)), "other")
    change_document(client, uri, 2, edits=[good, types.TextEdit(bad, "x")])
    # Said to the user, diagnostics taken away, no answers from a text that is not the
    # editor's, and changes of a range are not applied to it.
    assert await client.text_document_hover_async(hover) is None
    [message] = client.messages
    assert (message.type, message.message) == (types.MessageType.Error, (
        f"wf-lsp: lost track of the text of {uri}: the editor sent a change that does not fit "
        f"it ({problem}). Close and reopen the file to check it again."))
    assert await diagnostics(client, uri) == []
    change_document(client, uri, 3, edits=[good])
    assert await client.text_document_hover_async(hover) is None
    # The whole text brings it back.
    change_document(client, uri, 4, DOC.replace("timeout: 1h", "timeout: 1h 30m"))
    assert [d.code for d in await diagnostics(client, uri, version=4)] == [
        "WF103", "WF102", "WF102"]
    assert "1h30m" in (await client.text_document_hover_async(hover)).contents.value
    if not client.profile.pull:
        assert [(p.version, len(p.diagnostics)) for p in client.published if p.uri == uri] == [
            (1, 1), (None, 0), (4, 3)]


# Lone surrogates, as JSON's "\ud800" escapes bring them (JavaScript strings may hold
# them), before a finding on its line, in a value, and in the document's uri.
SURROGATES = """\
id: nightly
jobs:
  train: {name: "Tr\ud800ain 🚀\udfff", timeout: "30m1h", steps: [{run: echo \udc80}]}
"""


async def test_lone_surrogates_are_analysed_where_they_are(client):
    # The server reads each as U+FFFD: as wide in every encoding, so positions hold.
    seen = SURROGATES.replace("\ud800", "\ufffd").replace("\udfff", "\ufffd").replace(
        "\udc80", "\ufffd")
    uri = await open_document(client, SURROGATES, uri="file:///work/fl\udc00ow.yaml")
    [found] = await diagnostics(client, uri)
    assert (found.code, found.range) == ("WF103", token_range(seen, 2, '"30m1h"', client.encoding))
    answers = await _ask_everything(client, uri, found.range.start)  # none fails
    assert "1h30m" in answers[types.TEXT_DOCUMENT_HOVER].contents.value
    [fix] = [a for a in await code_actions(client, uri, found.range, [found], only=["quickfix"])
             if a.is_preferred]
    assert apply_edits(seen, workspace_edits(fix.edit, uri), client.encoding) == seen.replace(
        '"30m1h"', '"1h30m"')
    # Typed in, one more: linted again, and the finding moves by its width.
    at = lsp_position(seen, 2, seen.splitlines()[2].index("ain"), client.encoding)
    change_document(client, uri, 2, edits=[types.TextEdit(types.Range(at, at), "\udbff")])
    seen = seen.replace("ain", "\ufffdain", 1)
    [found] = await diagnostics(client, uri, version=2)
    assert (found.code, found.range) == ("WF103", token_range(seen, 2, '"30m1h"', client.encoding))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        types.TextDocumentIdentifier(uri)))
    assert symbols


async def test_a_document_whose_uri_no_file_can_have_closes_quietly(client):
    # A lone surrogate in the uri: a JSON string holds it, no file name can. Its close
    # looked for the file on disk by that name: an internal error was shown, and every
    # workspace/symbol after it failed on the name, for as long as the server ran.
    uri = await open_document(client, DOC, uri="file:///work/fl\udc00ow.yaml")
    await diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert all("\udc00" not in symbol.location.uri for symbol in symbols or [])
    assert client.messages == []


async def test_unknown_and_closed_documents(client):
    await _ask_everything(client, "file:///work/never-opened.yaml", types.Position(1, 1))
    uri = await open_document(client, DOC)
    await diagnostics(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        types.TextDocumentIdentifier(uri)))
    await _ask_everything(client, uri, types.Position(4, 14))
    # A change for a closed document is ignored, not a crash.
    change_document(client, uri, 5, "jobs: {}\n")
    other = await open_document(client, DOC, "other.yaml")
    assert [d.code for d in await diagnostics(client, other)] == ["WF103"]


async def test_half_typed_text_that_is_not_yaml(client):
    text = DOC + "  deploy:\n    steps: [\n      - run: {{ x\n"
    uri = await open_document(client, text)
    found = await diagnostics(client, uri)
    # WF001 at the `[` that the next line cannot continue, and what the part before it shows.
    assert [d.code for d in found] == ["WF103", "WF001"]
    assert found[0].range == token_range(text, 4, '"30m1h"', client.encoding)
    assert (found[1].range, found[1].message) == (
        token_range(text, 14, "[", client.encoding),
        "YAML syntax error: this `[` is not closed (line 16 cannot continue it): add the "
        "closing `]`")
    answers = await _ask_everything(client, uri, types.Position(4, 15))
    # The part before the error is understood: a hover and a fix for the broken duration.
    assert "1h30m" in answers[types.TEXT_DOCUMENT_HOVER].contents.value
    await _ask_everything(client, uri, types.Position(14, 12))
    [fix] = [a for a in await code_actions(client, uri, found[0].range, [found[0]],
                                           only=["quickfix"]) if a.is_preferred]
    assert apply_edits(text, workspace_edits(fix.edit, uri), client.encoding) == text.replace(
        '"30m1h"', '"1h30m"')
    # Typing on: it becomes valid again.
    fixed = text.replace("    steps: [\n      - run: {{ x\n", "    steps:\n      - run: x\n")
    change_document(client, uri, 2, fixed)
    assert [d.code for d in await diagnostics(client, uri, version=2)] == ["WF103", "WF203"]


def _big_workflow(size: int = 5_000_000) -> str:
    parts, total, n = ["id: big\njobs:\n"], 0, 0
    while total < size:
        job = (f"  job{n}:\n    name: Job number {n} 🚀\n    timeout: 1h\n"
               + (f"    depends_on: [job{n - 1}]\n" if n else "")
               + "    steps:\n      - name: step one\n        timeout: 30m\n"
               "        run: python step.py --with-a-long-argument\n")
        parts.append(job)
        total += len(job)
        n += 1
    parts.append('  last:\n    timeout: "30m1h"\n    steps:\n      - run: echo end\n')
    return "".join(parts)


BIG = _big_workflow()
# Big enough that its lint is still running when the next message arrives.
SLOW = _big_workflow(1_000_000)


async def test_a_5_mb_document():
    assert len(BIG.encode()) > 5_000_000
    last = BIG.count("\n") - 3
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, BIG)
        [found] = await diagnostics(client, uri)
        assert (found.code, found.range) == ("WF103", token_range(BIG, last, '"30m1h"', "utf-16"))
        actions = await code_actions(client, uri, found.range, [found], only=["quickfix"])
        assert actions[0].title == 'Change to "1h30m"'
        # An edit at the end of it: incremental, and linted again.
        end = types.Position(last + 3, 0)
        change_document(client, uri, 2, edits=[types.TextEdit(types.Range(end, end),
                                                              "  extra:\n    steps: [{run: a}]\n")])
        assert [d.code for d in await diagnostics(client, uri, version=2)] == ["WF103", "WF203"]


async def test_a_storm_of_changes_ends_with_the_last_version_only(client):
    uri = await open_document(client, DOC)
    await diagnostics(client, uri)
    line, column = 3, len("    name: Train 🚀")
    typed = "x" * 999
    answer = hover = None
    duration = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(4, 14))
    for index, char in enumerate(typed):
        at = types.Position(line, _units_before(column + index, client.encoding))
        change_document(client, uri, 2 + index, edits=[types.TextEdit(types.Range(at, at), char)])
        if index == 500:  # requests in the middle of the storm are answered
            answer = asyncio.ensure_future(code_actions(
                client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)),
                only=["source"]))
            hover = asyncio.ensure_future(client.text_document_hover_async(duration))
    # The 1,000th change breaks a duration: its finding proves the last text was linted.
    fix = token_range(DOC, 9, "1h", client.encoding)
    change_document(client, uri, 1001, edits=[types.TextEdit(fix, "1h 30m")])
    found = await diagnostics(client, uri, version=1001)
    lines = DOC.replace("Train 🚀", "Train 🚀" + typed).splitlines(keepends=True)
    lines[9] = lines[9].replace("1h", "1h 30m")
    final = "".join(lines)
    assert [(d.code, d.range) for d in found] == [
        ("WF103", token_range(final, 4, '"30m1h"', client.encoding)),
        ("WF102", token_range(final, 9, "1h 30m", client.encoding))]
    assert [a.kind for a in await answer] == ["source.fixAll.wf-lsp"]
    during, after = await hover, await client.text_document_hover_async(duration)
    assert during == after and "1h30m" in after.contents.value
    if not client.profile.pull:
        versions = [p.version for p in client.published if p.uri == uri]
        assert versions == sorted(set(versions)) and versions[-1] == 1001
        assert len(versions) < 1000  # coalesced: never one lint per keystroke


def _units_before(column: int, encoding: str) -> int:
    """Client units of the first `column` code points of DOC's line 3 (one emoji in it)."""
    before_emoji = len("    name: Train ")
    if column <= before_emoji:
        return column
    return column + {"utf-8": 3, "utf-16": 1, "utf-32": 0}[encoding]


async def test_cancel_request():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, SLOW)
        # A pull waits for the lint of the 1 MB text; cancel it meanwhile.
        future = client.protocol.send_request(types.TEXT_DOCUMENT_DIAGNOSTIC,
                                              types.DocumentDiagnosticParams(
                                                  types.TextDocumentIdentifier(uri)),
                                              msg_id="pull-1")
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="pull-1"))
        with pytest.raises(JsonRpcException) as raised:
            await asyncio.wrap_future(future)
        assert raised.value.code == types.LSPErrorCodes.RequestCancelled
        # The lint it waited for goes on, and is published.
        [found] = await diagnostics(client, uri, version=1)
        assert found.code == "WF103"
        assert [p.version for p in client.published] == [1]


async def test_shutdown_with_work_pending():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, BIG)
        change_document(client, uri, 2, BIG + "# more\n")
        open_other = await open_document(client, DOC, "other.yaml")
        assert open_other
        await client.shutdown_session()
        assert client._server.returncode == 0


async def test_malformed_messages_are_answered_or_ignored(tmp_path):
    log_file = tmp_path / "server.log"
    command = [sys.executable, "-m", "wf_lsp", "serve", "--log-file", str(log_file)]
    async with session(PUSH_UTF16, server=command) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
        bad_params = {"jsonrpc": "2.0", "id": "bad-1", "method": "textDocument/hover",
                      "params": {"textDocument": {"uri": uri}, "position": {"line": "x"}}}
        answered = asyncio.get_running_loop().create_future()
        client.protocol._request_futures["bad-1"] = answered
        _write(client, json.dumps(bad_params).encode())
        _write(client, b'{"jsonrpc": "2.0", "id": "bad-2", "method": "textDocument/hov')
        with pytest.raises(JsonRpcException) as raised:
            await answered
        assert raised.value.code == types.ErrorCodes.InvalidParams
        hover = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(uri), types.Position(4, 14)))
        assert "1h30m" in hover.contents.value
        # Params that do not fit are the client's mistake: one line in the log, where; a
        # message that is not JSON is shown to the user once. No traceback goes to the client.
        [message] = client.messages
        assert (message.type, message.message) == (
            types.MessageType.Error,
            "wf-lsp: could not read a message from the client (see the log)")
        assert not [m for m in client.log_messages if "Traceback" in m.message]
    log = log_file.read_text()
    assert ("WARNING wf_lsp: textDocument/hover refused: Invalid params: invalid value for "
            "type, expected int @ $.params.position.line; required field missing @ "
            "$.params.position.character\n") in log
    assert log.count("ERROR wf_lsp: could not read a message from the client: ") == 1
    assert "json.decoder.JSONDecodeError" in log


def _write(client, body: bytes) -> None:
    client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


FAULTY_SERVER = """
import sys
from wf_lsp.lsp import code_actions, server

def broken(*args):
    raise RuntimeError("broken quick fixes")

code_actions.quick_fixes = broken
schedule = server.WfLanguageServer.schedule

def schedule_or_fail(self, uri):
    if "broken" in uri:
        raise RuntimeError("cannot schedule " + uri)
    return schedule(self, uri)

server.WfLanguageServer.schedule = schedule_or_fail
from wf_lsp.cli import main
sys.exit(main(["serve", *sys.argv[1:]]))
"""


async def test_a_failing_handler_is_logged_answered_and_survived(tmp_path):
    log_file = tmp_path / "server.log"
    command = [sys.executable, "-c", FAULTY_SERVER, "--log-file", str(log_file)]
    async with session(PUSH_UTF16, server=command) as client:
        uri = await open_document(client, DOC)
        [found] = await diagnostics(client, uri)
        with pytest.raises(JsonRpcException) as raised:
            await client.text_document_code_action_async(types.CodeActionParams(
                types.TextDocumentIdentifier(uri), found.range,
                types.CodeActionContext(diagnostics=[found])))
        assert raised.value.code == types.ErrorCodes.InternalError
        # Readable (pygls's was the exception's text); the log has the rest.
        assert raised.value.message == ("internal error in textDocument/codeAction: "
                                        "see the server log")
        assert raised.value.data is None  # pygls's traceback stays in the log file
        # A failing notification: said once, and the server goes on.
        await open_document(client, DOC, "broken.yaml")
        # (another id: open documents with the same id as flow.yaml's would be WF601's)
        other = await open_document(client, DOC.replace("id: nightly", "id: other"),
                                    "other.yaml")
        assert [d.code for d in await diagnostics(client, other)] == ["WF103"]
        [message] = client.messages
        assert message.type == types.MessageType.Error
        assert message.message == ("wf-lsp: internal error in a notification handler: "
                                   "RuntimeError: cannot schedule file:///work/broken.yaml "
                                   "(see the log)")
        [source_action] = await code_actions(client, uri, found.range, only=["source.fixAll"])
        assert source_action.kind == "source.fixAll.wf-lsp"
        assert not [m for m in client.log_messages if "Traceback" in m.message]
    log = log_file.read_text()
    assert log.count("Traceback (most recent call last)") == 2  # the request's, the notification's
    assert ("ERROR wf_lsp: internal error in textDocument/codeAction: "
            "RuntimeError('broken quick fixes')\nTraceback (most recent call last):\n") in log
    assert "RuntimeError: broken quick fixes" in log
    assert "RuntimeError: cannot schedule file:///work/broken.yaml" in log


# ruamel's C composer recurses per level and dies (SIGSEGV) at some 30,000 levels.
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_WORKFLOW = ("id: deep\njobs:\n  a:\n    timeout: 1h\n    steps: " + "[" * 30_000
                 + "]" * 30_000 + "\n")
# Merge keys, each mapping merging the one before (issue 11: a RecursionError in the
# model's walk; whatever the core makes of it, the server answers).
MERGE_CHAIN = "m0: &m0 {k0: v}\n" + "".join(
    f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: v}}\n" for i in range(1, 3_000))


async def test_documents_that_would_crash_the_parser(client):
    deep = await open_document(client, DEEP, "deep.yaml")
    chain = await open_document(client, MERGE_CHAIN, "chain.yaml")
    workflow = await open_document(client, DEEP_WORKFLOW, "deep-workflow.yaml")
    [found] = await diagnostics(client, workflow)
    # Not read, and said where: at the bracket past 1,000 levels (the root, `jobs` and
    # `a` are three).
    assert (found.code, found.message, found.range.start) == (
        "WF001", "nested more than 1,000 levels deep: too deep to read",
        types.Position(4, len("    steps: ") + 1_000 - 3))
    for uri in (deep, chain, workflow):
        await _ask_everything(client, uri, types.Position(0, 5))
    other = await open_document(client, DOC, "other.yaml")
    assert [d.code for d in await diagnostics(client, other)] == ["WF103"]


JOB = "  j{i}:\n    timeout: 1h\n    steps: [{{run: x}}]\n"
LAUGHS = "x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]\n" for i in range(1, 10))
# The sweep's shapes, small: each opened, typed into, and asked everything of.
HOSTILE_SHAPES = {
    "long key": "id: k\njobs:\n  a:\n    timeout: 1h\n    " + "k" * 5_000 + ": 1\n",
    "deep flow map": "id: d\njobs:\n  a:\n    env: " + "{a: " * 990 + "1" + "}" * 990 + "\n",
    "alias bomb": "id: b\n" + LAUGHS + "jobs:\n  a:\n    timeout: 1h\n    env: {B: *x9}\n",
    "anchors": "id: a\njobs:\n" + "".join(
        f"  j{i}:\n    timeout: &t{i} 1h\n    steps: [{{run: x, timeout: *t{i}}}]\n"
        for i in range(300)),
    "line separators": "id: s\njobs:\n  a:\n    timeout: 1h\n    name: \"a\u2028b\x85c\u2029d\"\n"
                       "    steps:\n      - run: echo \u2028 \x85 x\n",
    "NUL": "id: n\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\x00b\n",
    "mixed line ends": "id: m\r\njobs:\r  a:\n    timeout: 1h\r\n    steps: [{run: x}]\r"
                       + "".join(JOB.format(i=i).replace("\n", "\r", i % 2) for i in range(50)),
    "BOM inside": "id: b\njobs:\n  a:\n    timeout: 1h\n\ufeff    steps: [{run: x}]\n"
                  "  \ufeffc:\n    timeout: 1h\n    steps: [{run: \"\ufeff\"}]\n",
    "surrogate escapes": "id: s\njobs:\n  a:\n    timeout: 1h\n    name: \"\\ud800 \\ud83d\\ude00\"\n"
                         "    steps: [{run: \"\\udfffx\"}]\n",
    "undefined names": "id: e\njobs:\n  a:\n    timeout: 1h\n    steps:\n" + "".join(
        f"      - run: echo ${{{{ .inputs.no{i} }}}} ${{{{ .env.E{i} }}}}\n" for i in range(300)),
    "chain of jobs": "id: c\njobs:\n" + "".join(
        f"  j{i}:\n    timeout: 1m\n    depends_on: [j{i + 1}]\n    steps: [{{run: x}}]\n"
        for i in range(300)),
}


@pytest.mark.parametrize("shape", HOSTILE_SHAPES)
async def test_hostile_shapes_are_answered_after_an_edit(client, shape):
    """Each shape opened, edited (a character typed on its third line) and asked every
    request: an answer or a refusal the user can read, never an internal error; and the
    server lints the next document."""
    text = HOSTILE_SHAPES[shape]
    uri = await open_document(client, text, f"hostile-{shape.replace(' ', '-')}.yaml")
    await diagnostics(client, uri)
    change_document(client, uri, 2, edits=[types.TextEdit(
        range=types.Range(types.Position(2, 2), types.Position(2, 2)), new_text="x")])
    await _ask_everything(client, uri, types.Position(4, 6))
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri)))
    other = await open_document(client, DOC, f"after-{shape.replace(' ', '-')}.yaml")
    assert [d.code for d in await diagnostics(client, other)] == ["WF103"]


FAILING_LINT = """
import sys
from wf_lsp.lsp import server

analyze = server.analyze

def analyze_or_fail(text, **kwargs):
    if "boom" in text:
        raise RuntimeError("boom in the linter\\nsecond line")
    return analyze(text, **kwargs)

server.analyze = analyze_or_fail
from wf_lsp.cli import main
sys.exit(main(["serve", *sys.argv[1:]]))
"""


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8], ids=["push", "pull"])
async def test_a_lint_that_fails_is_one_diagnostic_and_the_server_goes_on(tmp_path, profile):
    log_file = tmp_path / "server.log"
    command = [sys.executable, "-c", FAILING_LINT, "--log-file", str(log_file)]
    async with session(profile, server=command) as client:
        uri = await open_document(client, DOC)
        assert [d.code for d in await diagnostics(client, uri)] == ["WF103"]
        change_document(client, uri, 2, DOC + "# boom\n")
        # Not the old diagnostics, as if they were still true: one that says what happened.
        [failed] = await diagnostics(client, uri, version=2)
        assert (failed.severity, failed.source, failed.code, failed.range) == (
            types.DiagnosticSeverity.Error, "wf-lsp", None,
            types.Range(types.Position(0, 0), types.Position(0, 0)))
        assert failed.message == ("wf-lsp could not check this file: an internal error "
                                  "(RuntimeError: boom in the linter). The server's log has "
                                  "the details.")
        answers = await _ask_everything(client, uri, types.Position(4, 14))
        assert answers[types.TEXT_DOCUMENT_HOVER] is None
        # (another id: open documents with the same id as flow.yaml's would be WF601's)
        other = await open_document(client, DOC.replace("id: nightly", "id: other"),
                                    "other.yaml")
        assert [d.code for d in await diagnostics(client, other)] == ["WF103"]
        change_document(client, uri, 3, DOC)  # fixed: linted as before
        assert [d.code for d in await diagnostics(client, uri, version=3)] == ["WF103"]
    log = log_file.read_text()
    assert f"ERROR wf_lsp: internal error while linting {uri}: RuntimeError(" in log
    assert "Traceback (most recent call last)" in log
