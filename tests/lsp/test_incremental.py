"""Over JSON-RPC, with reuse of the previous parse on (the default) and off (the
`incremental` setting, the WF_LSP_INCREMENTAL=0 environment variable): after edits
typed into jobs, lines added and removed across a job boundary, and a syntax error
that comes and goes, the last diagnostics pushed are what a fresh `wf-lsp lint` says
of the final text."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import (PUSH_UTF16, change_document, diagnostics, eventually, open_document,
                       session)
from .test_diagnostic_reuse import _edit
from .test_fuzz import lint_by_cli

ROOT = Path(__file__).parents[2]


def _generated(lines: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.workflow(lines)


def _edits(text: str) -> list[tuple[int, int, int, int, str]]:
    """(line, character, end line, end character, new text) edits of `text`, in order:
    a character typed in a job, a job's timeout deleted, a comment line added at a job's
    boundary, an unclosed quote (a syntax error) and its closing, the first job's
    `steps` key split in two, and the split undone."""
    lines = text.splitlines()
    name = next(n for n, line in enumerate(lines) if line.startswith("    name: "))
    timeout = next(n for n, line in enumerate(lines) if n > name + 20
                   and line.startswith("    timeout: "))
    job = next(n for n, line in enumerate(lines) if n > timeout and line.startswith("  ")
               and not line.startswith("   "))
    steps = next(n for n, line in enumerate(lines) if line == "    steps:")
    return [
        (name, len(lines[name]), name, len(lines[name]), "x"),
        (timeout, 0, timeout + 1, 0, ""),
        (job - 1, 0, job - 1, 0, "  # before the next job\n"),
        (name, 10, name, 10, '"'),
        (name, len(lines[name]) + 2, name, len(lines[name]) + 2, '"'),
        (steps, 6, steps, 6, "\n    "),
        (steps, 6, steps + 1, 4, ""),
    ]


def _apply(text: str, edit: tuple[int, int, int, int, str]) -> str:
    line, char, end_line, end_char, new = edit
    starts = [0]
    for piece in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(piece))
    return text[:starts[line] + char] + new + text[starts[end_line] + end_char:]


@pytest.mark.parametrize("settings, env", [
    ({}, None),
    ({"incremental": False}, None),
    ({}, {**os.environ, "WF_LSP_INCREMENTAL": "0"}),
], ids=["on", "setting-off", "env-off"])
async def test_the_last_diagnostics_are_a_fresh_lint_of_the_final_text(settings, env, tmp_path):
    text = _generated(300)
    async with session(PUSH_UTF16, settings, env=env) as client:
        uri = await open_document(client, text)
        await diagnostics(client, uri, 1)
        for version, edit in enumerate(_edits(text), start=2):
            line, char, end_line, end_char, new = edit
            rng = types.Range(types.Position(line, char), types.Position(end_line, end_char))
            change_document(client, uri, version, edits=[types.TextEdit(rng, new)])
            text = _apply(text, edit)
            await diagnostics(client, uri, version)  # each edit waits for its diagnostics
        found = await diagnostics(client, uri, version)
        assert client.messages == []
    served = [({"start": {"line": d.range.start.line, "character": d.range.start.character},
                "end": {"line": d.range.end.line, "character": d.range.end.character}},
               int(d.severity), d.code, d.message) for d in found]
    assert served == lint_by_cli(text, tmp_path / "flow.yaml", "utf-16")


async def test_each_keystroke_while_a_quote_stands_open_is_a_fresh_lint(tmp_path):
    """Typed after an unclosed `"` (the part before the error kept from the keystroke
    before: `parse(kept=)`), then a line added below it and the quote closed: every
    publish is what `wf-lsp lint` says of that text."""
    text = _generated(300)
    lines = text.splitlines()
    name = [n for n, line in enumerate(lines) if line.startswith("      - name: ")][-4]
    end = len(lines[name]) + 1
    edits = [(name, 14, name, 14, '"'),
             *((name, end + i, name, end + i, typed) for i, typed in enumerate("oops")),
             (name + 2, 0, name + 2, 0, "        # a note\n"),
             (name, end + 4, name, end + 4, '"')]
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, text)
        await diagnostics(client, uri, 1)
        for version, edit in enumerate(edits, start=2):
            line, char, end_line, end_char, new = edit
            rng = types.Range(types.Position(line, char), types.Position(end_line, end_char))
            change_document(client, uri, version, edits=[types.TextEdit(rng, new)])
            text = _apply(text, edit)
            found = await diagnostics(client, uri, version)
            served = [({"start": {"line": d.range.start.line,
                                  "character": d.range.start.character},
                        "end": {"line": d.range.end.line, "character": d.range.end.character}},
                       int(d.severity), d.code, d.message) for d in found]
            assert served == lint_by_cli(text, tmp_path / "typed.yaml", "utf-16"), version
            assert any(d.code == "WF001" for d in found) == (version < len(edits) + 1)
        assert client.messages == []


# The shapes of the newer rules, typed into the generated workflow one after the other
# (old, new: the first `old` replaced): a cron that never runs (WF511), one the format does
# not document (WF512), a schedule's input the workflow lacks (WF513) and its undoing, a
# function given a value it cannot take (WF411), a template no `define` makes (WF412), a
# number past Go's ints (WF413).
NEWER_RULES = [
    ('"0 2 * * 1-5"', '"61 2 * * 1-5"'),
    ('"61 2 * * 1-5"', '"0 2 * * MON"'),
    ("{run_id: nightly}", "{run_idd: nightly}"),
    ("RUN_ID=${{ .inputs.run_id }}", "RUN_ID=${{ len 3 }}"),
    ("RUN_ID=${{ .inputs.run_id }}", 'RUN_ID=${{ template "nope" }}'),
    ('BATCH: "64"', "BATCH: ${{ if lt 1 18446744073709551615 }}no${{ end }}"),
    ("{run_idd: nightly}", "{run_id: nightly}"),
]


def _served(found: list[types.Diagnostic]) -> list[tuple]:
    return [({"start": {"line": d.range.start.line, "character": d.range.start.character},
              "end": {"line": d.range.end.line, "character": d.range.end.character}},
             int(d.severity), d.code, d.message) for d in found]


async def _each_publish_a_fresh_lint(client, uri: str, text: str, edits, path) -> set[str]:
    """Send each `(old, new)` edit as a range and check the publish of each version against
    `wf-lsp lint` of the text at `path`; the codes seen along the way."""
    seen = set()
    for version, (old, new) in enumerate(edits, start=2):
        assert old in text, old
        change_document(client, uri, version, edits=[_edit(text, old, new, "utf-16")])
        text = text.replace(old, new, 1)
        served = _served(await diagnostics(client, uri, version))
        assert served == lint_by_cli(text, path, "utf-16"), version
        seen |= {code for _, _, code, _ in served}
    return seen


async def _opened_then_edited(text: str, edits, path) -> set[str]:
    """The codes published while `text`, opened alone, is edited as `_each_publish_a_fresh_lint`
    does (each publish checked against `wf-lsp lint` of the same text at `path`)."""
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, text)
        await diagnostics(client, uri, 1)
        seen = await _each_publish_a_fresh_lint(client, uri, text, edits, path)
        assert client.messages == []
    return seen


async def test_each_edit_into_the_newer_rules_shapes_is_a_fresh_lint(tmp_path):
    """Each edit sent as a range (the server splices its parse and reuses what it computed),
    and each publish is what `wf-lsp lint` says of that text."""
    seen = await _opened_then_edited(_generated(300), NEWER_RULES, tmp_path / "flow.yaml")
    assert {"WF411", "WF412", "WF413", "WF511", "WF512", "WF513"} <= seen


async def test_each_edit_of_a_workflow_calling_others_is_a_fresh_lint(tmp_path):
    """The calls between the files of a project (WF601-WF606), the caller edited with
    ranges: each publish is what `wf-lsp lint` says of the text with the others beside it."""
    calls = ROOT / "tests" / "corpus" / "err" / "calls"
    for path in calls.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "wf-lsp.toml").write_text("")
    text = (calls / "nightly.yaml").read_text(encoding="utf-8")
    edits = [
        ("timeout: 30m", "timeout: 40m"),               # the first publish waits for no index
        ("name: prepare-data", "name: train-model"),   # callable now, its inputs missing
        ("epoch: 10", "epochs: 10"),                    # the input named right
        ("publish-modle", "build"),                     # a workflow that exists
        ("1h\n    workflow:\n      name: build",        # shorter than what it calls
         "1m\n    workflow:\n      name: build"),
        ("name: build", "name: nightly"),               # itself: a cycle
        ("id: nightly", "id: build"),                   # the id of a file before it
        ("id: build", "id: nightly"),
    ]
    async with session(PUSH_UTF16, root=str(tmp_path)) as client:
        uri = (tmp_path / "nightly.yaml").as_uri()
        await open_document(client, text, uri=uri)
        # The first publish waits for no index: its calls are checked once the folder's
        # scan (beside the lints) is read, and the document published again.
        whole = lint_by_cli(text, tmp_path / "nightly.yaml", "utf-16")
        first = await eventually(lambda: diagnostics(client, uri, 1),
                                 lambda published: _served(published) == whole)
        seen = {d.code for d in first}
        seen |= await _each_publish_a_fresh_lint(client, uri, text, edits,
                                                 tmp_path / "nightly.yaml")
        assert client.messages == []
    assert {"WF601", "WF602", "WF603", "WF604", "WF605", "WF606"} <= seen, seen


async def test_a_job_given_its_first_line_is_a_fresh_lint(tmp_path):
    """A job `preprocess:` written twice, the first alone on its line, then given its first
    line (`depends_on`): the jobs below move with their diagnostics, and the edited job is
    checked, not kept as the empty job it was (its WF203 and WF303 were missing)."""
    text = (ROOT / "tests" / "corpus" / "err" / "dependencies.yaml").read_text(encoding="utf-8")
    edits = [("  preprocess:\n", "  preprocess:\n  preprocess:\n"),
             ("  preprocess:\n", "  preprocess:\n    depends_on: [preprocss, deploy, preprocss]\n")]
    seen = await _opened_then_edited(text, edits, tmp_path / "dependencies.yaml")
    assert {"WF203", "WF303"} <= seen
