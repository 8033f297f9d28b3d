"""Whatever an editor sends, the server's diagnostics are those of a fresh `wf-lsp lint`
of the editor's text.

Hypothesis writes workflow-like documents (and the hostile shapes of issue 11, scaled
down) and edits them: characters inserted, deleted and replaced, among them lone
surrogates, tabs, NUL, BOMs, CRLF and emoji. They go to one server per position encoding
as didOpen and didChange, a change of a range or of the whole text, several to a
didChange at times, some followed by a pull (the server keeps the diagnostics that stay
the same from one pull to the next); then the pulled diagnostics must equal what `wf-lsp
lint --format json` (in a subprocess) says of the final text, its positions converted to
the client's encoding here.

What the client's text is, is modelled as LSP 3.17 has it: a change's range is in the
text after the changes before it; a lone surrogate in a change's text is read as U+FFFD
(the only text a file can hold in its place), and a pair of surrogates that a JSON
string brings together is one character.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from .conftest import units
from .raw_rpc import RawServer

EXAMPLES = examples(0.08)
CLI = [sys.executable, "-m", "wf_lsp", "lint", "--format", "json"]
BOM = "\ufeff"
SEVERITIES = {"error": 1, "warning": 2, "information": 3, "hint": 4}

# -- documents -----------------------------------------------------------------------------

JOB_IDS = ["train", "report", "deploy", "データ", "job🚀", "a-b", "t1"]
DURATIONS = ["1h", "30m", '"30m1h"', "90", "-1h", "1d", "1h 30m", "0s", "2h30m", "5 m",
             "1.5h", "'45m'", "99999h", "[1h]"]
COMMANDS = ["python train.py", "echo 日本語 🚀", '"quoted: text"', "|\n          multi\n"
            "          line", "echo ${{ inputs.x }}", "x # comment", "x\n    # a comment line"]


@st.composite
def workflows(draw) -> str:
    """A workflow, in block style, flow style or on one line (where a BOM shifts every
    finding), with findings to be found or not."""
    ids = draw(st.lists(st.sampled_from(JOB_IDS), min_size=1, max_size=4, unique=True))
    style = draw(st.sampled_from(["block", "flow", "one line"]))
    flow = style != "block"
    lines = ["id: fuzz", "jobs:"]
    for job in ids:
        timeout = draw(st.none() | st.sampled_from(DURATIONS))
        depends = draw(st.lists(st.sampled_from([*JOB_IDS, "ghost"]), max_size=3))
        steps = draw(st.lists(st.tuples(st.sampled_from(COMMANDS),
                                        st.none() | st.sampled_from(DURATIONS)), max_size=3))
        if flow:
            parts = [f"timeout: {timeout}"] if timeout else []
            parts += [f"depends_on: [{', '.join(depends)}]"] if depends else []
            rendered = ", ".join(
                "{run: " + json.dumps(run, ensure_ascii=False) + (f", timeout: {t}" if t else "") + "}"
                for run, t in steps)
            lines.append(f"  {job}: {{{', '.join([*parts, f'steps: [{rendered}]'])}}}")
            continue
        lines.append(f"  {job}:")
        if timeout:
            lines.append(f"    timeout: {timeout}")
        if depends:
            lines.append(f"    depends_on: [{', '.join(depends)}]")
        lines.append("    steps:" if steps else "    steps: []")
        for run, step_timeout in steps:
            lines.append(f"      - run: {run}")
            if step_timeout:
                lines.append(f"        timeout: {step_timeout}")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if style == "one line":
        jobs = ", ".join(line.strip() for line in lines[2:])
        lines = ["{id: fuzz, jobs: {" + jobs + "}}"]
    return draw(st.sampled_from(["", BOM])) + newline.join(lines) + newline


def _hostile() -> list[str]:
    """Issue 11's shapes, small: deep nesting, merge chains, a dense graph, unknown
    dependencies by the dozen, many findings on one long line."""
    deep = "id: deep\njobs:\n  a:\n    steps: " + "[" * 1_200 + "]" * 1_200 + "\n"
    chain = "id: merges\njobs:\n  a:\n    timeout: 1h\n    steps: []\n" + "".join(
        f"x{i}: &x{i} {{<<: *x{i - 1}, k{i}: 1h}}\n" if i else "x0: &x0 {k0: 1h}\n"
        for i in range(60))
    dense = "id: dense\njobs:\n" + "".join(
        f"  j{i}:\n    depends_on: [{', '.join(f'j{k}' for k in range(12) if k != i)}]\n"
        "    steps: [{run: x}]\n" for i in range(12))
    unknown = "id: unknown\njobs:\n  a:\n    depends_on: [" + ", ".join(
        f"missing{i}" for i in range(80)) + "]\n    steps: [{run: x}]\n"
    long_line = "id: long\njobs: {a: {steps: [" + ", ".join(
        "{run: x, timeout: 30m1h}" for _ in range(150)) + "]}}\n"
    return [deep, chain, dense, unknown, long_line]


DOCUMENTS = workflows() | st.sampled_from(_hostile())

# -- edits -----------------------------------------------------------------------------------

PIECES = ["\ud800", "\udfff", "\ud83d", "\ude00", "\t", "\x00", BOM, "\r\n", "\r", "\n",
          "😀", "日本", "\u2028", "\x85", ": ", "- ", " ", "  ", "#", "[", "]", "{", "}", "'",
          '"', "&a ", "*a", "<<: ", "timeout: 1h", "x", "jobs:", "\\"]
# (where, how many characters to delete, what to insert): where is taken modulo the length.
EDIT = st.tuples(st.integers(0, 4) | st.integers(0, 1 << 20), st.integers(0, 12),
                 st.lists(st.sampled_from(PIECES), max_size=3).map("".join))
# The edits of one didChange, and whether it is sent as the whole new text.
STEP = st.tuples(st.lists(EDIT, min_size=1, max_size=3), st.booleans())


def as_read(sent: str) -> str:
    """What the server reads of text sent in one JSON string (see the module's docstring)."""
    return re.sub("[\ud800-\udfff]", "\ufffd", json.loads(json.dumps(sent)))


def _boundary(text: str, offset: int) -> int:
    """`offset`, or the start of the CRLF it would split: no position is between them."""
    return offset - 1 if 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n" else offset


def _position(text: str, offset: int, encoding: str) -> dict:
    """A code-point offset of `text` as an LSP position (lines end at \\n, \\r\\n, \\r)."""
    before = text[:offset]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = len(re.findall(r"\r\n|\r|\n", before))
    return {"line": line, "character": units(before[line_start:], encoding)}


def edited(text: str, edit: tuple[int, int, str]) -> tuple[int, int, str]:
    """Where an edit falls in `text`: start and end offsets, and the text it inserts."""
    where, length, new = edit
    start = _boundary(text, where % (len(text) + 1))
    end = _boundary(text, min(len(text), start + length))
    return start, end, new


# -- the oracle ------------------------------------------------------------------------------

def lint_by_cli(text: str, path, encoding: str) -> list[tuple]:
    """`wf-lsp lint --format json` of `text`, as LSP diagnostics would have it."""
    path.write_bytes(text.encode("utf-8"))
    done = subprocess.run([*CLI, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    core = text.removeprefix(BOM)
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", core)
    lines = [line.rstrip("\r\n") for line in lines]

    def position(line: int, column: int) -> dict:
        row = lines[line - 1] if line <= len(lines) else ""
        shift = units(BOM, encoding) if line == 1 and text.startswith(BOM) else 0
        return {"line": line - 1, "character": shift + units(row[:column - 1], encoding)}

    return [({"start": position(f["line"], f["column"]),
              "end": position(f["end_line"], f["end_column"])},
             SEVERITIES[f["severity"]], f["code"], f["message"])
            for f in json.loads(done.stdout)]


# -- the test --------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["utf-16", "utf-8", "utf-32"])
def server(request):
    """One server for every example, pulling diagnostics in one position encoding (and
    taking code actions as CodeActions, as every editor does)."""
    with RawServer() as server:
        result = server.initialize({"general": {"positionEncodings": [request.param]},
                                    "textDocument": {"diagnostic": {}, "codeAction": {
                                        "codeActionLiteralSupport": {"codeActionKind": {
                                            "valueSet": ["quickfix"]}}}}})
        assert result["capabilities"]["positionEncoding"] == request.param
        server.encoding = request.param
        yield server
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=EXAMPLES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=DOCUMENTS, steps=st.lists(st.tuples(STEP, st.booleans()), max_size=6),
       probes=st.lists(st.integers(0, 10**6), max_size=3))
# A stray NUL first: YAML's encoding rule would read the file as UTF-16 (found by Hypothesis).
@example(document="\x00id: x\njobs:\n  a:\n    timeout: 30m1h\n", steps=[], probes=[])
def test_the_server_says_what_the_cli_says_of_the_final_text(server, workdir, document, steps,
                                                              probes):
    path = workdir / "flow.yaml"
    uri = path.as_uri()
    encoding = server.encoding
    server.open(uri, document)
    text = as_read(document)
    for version, ((edits, whole), pull) in enumerate(steps, start=2):
        if whole:
            sent = text
            for edit in edits:
                start, end, new = edited(sent, edit)
                sent = sent[:start] + new + sent[end:]
            server.change(uri, version, {"text": sent})
            text = as_read(sent)
        else:
            changes = []
            for edit in edits:
                start, end, new = edited(text, edit)
                changes.append({"range": {"start": _position(text, start, encoding),
                                          "end": _position(text, end, encoding)}, "text": new})
                text = text[:start] + as_read(new) + text[end:]
            server.change(uri, version, *changes)
        if pull:
            server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    pulled = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    # The requests of a cursor, where one types (each line's end) and anywhere: an answer,
    # never an error.
    line_ends = [m.start() for m in re.finditer(r"\r\n|\r|\n", text)]
    for offset in [*line_ends, *(_boundary(text, p % (len(text) + 1)) for p in probes)]:
        at = _position(text, offset, encoding)
        where = {"textDocument": {"uri": uri}, "position": at}
        for method, params in (
                ("textDocument/hover", where), ("textDocument/completion", where),
                ("textDocument/definition", where), ("textDocument/documentHighlight", where),
                ("textDocument/references", {**where, "context": {"includeDeclaration": True}}),
                ("textDocument/codeAction", {"textDocument": {"uri": uri},
                                             "range": {"start": at, "end": at},
                                             "context": {"diagnostics": []}})):
            reply = server.request(method, params)
            assert "error" not in reply, (method, at, text, reply)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    got = [(d["range"], d["severity"], d.get("code"), d["message"])
           for d in pulled["result"]["items"]]
    assert got == lint_by_cli(text, path, encoding)
