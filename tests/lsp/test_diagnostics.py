"""Diagnostics end to end: exact ranges in every encoding, severity, code, link, related
places, tags, no `data`; push with versions or pull with resultId, never both; only
workflows; the same findings as the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lsprotocol import types

from wf_lsp.rules import RULES

from .conftest import (
    PULL_UTF8, PUSH_UTF16, PUSH_UTF32, apply_edits, change_document, code_actions,
    diagnostics, open_document, session, token_range, workspace_edits
)

DOC = """\
# Nightly 🚀 training
id: nightly
jobs:
  train:
    name: "Train 🧠 模型"
    timeout: "30m1h"
    steps:
      - name: Load 🚀 data
        timeout: 90
        run: python load.py
  report:
    depends_on: [train, train]
    steps:
      - name: Report 📊
        timeout: 1h0m
        run: echo done
"""

S = types.DiagnosticSeverity
# code, line, token (nth occurrence), severity, message
EXPECTED = [
    ("WF103", 5, '"30m1h"', 0, S.Error, 'units must go from larger to smaller: "30m1h" is 1h30m'),
    ("WF101", 8, "90", 0, S.Error, 'missing unit: "90" needs a unit such as "90m", "90s" or "90h"'),
    ("WF203", 10, "report", 0, S.Information,
     "job `report` has no timeout: the engine's undocumented default applies"),
    ("WF303", 11, "train", 1, S.Warning, "job `report` lists `train` twice in `depends_on`"),
    ("WF110", 14, "1h0m", 0, S.Hint, 'zero parts add nothing: write "1h0m" as "1h"'),
]


async def test_every_field_of_every_diagnostic(client):
    uri = await open_document(client, DOC)
    found = await diagnostics(client, uri)
    assert [d.code for d in found] == [code for code, *_ in EXPECTED]
    for diagnostic, (code, line, token, nth, severity, message) in zip(found, EXPECTED):
        assert diagnostic.range == token_range(DOC, line, token, client.encoding, nth), code
        assert diagnostic.severity == severity
        assert diagnostic.message == message
        assert diagnostic.source == "wf-lsp"
        assert diagnostic.code_description.href == RULES[code].url
        assert diagnostic.tags == ((types.DiagnosticTag.Unnecessary,) if code == "WF303" else None)
    assert found[0].code_description.href.endswith("/wf_lsp/docs/rules/WF103.md")
    related = found[3].related_information
    assert [(r.location.uri, r.location.range, r.message) for r in related] == [
        (uri, token_range(DOC, 11, "train", client.encoding), "`train` is first listed here")]
    assert all(d.related_information is None for d in found if d.code != "WF303")


async def test_only_what_is_unneeded_is_faded(client):
    # An unknown code in an ignore comment is a mistake, not something unneeded: its
    # diagnostic is not faded; the entry that silences nothing is.
    text = DOC.replace("run: echo done", "run: echo done  # wf-lsp: ignore[WF999, WF104] 🚀")
    uri = await open_document(client, text)
    found = [(d.range, d.message, d.tags) for d in await diagnostics(client, uri)
             if d.code == "WF010"]
    assert found == [
        (token_range(text, 15, "WF999", client.encoding), "`WF999` is no rule's code or name",
         None),
        (token_range(text, 15, "WF104", client.encoding), "`WF104` silences nothing on this line",
         (types.DiagnosticTag.Unnecessary,))]


async def test_quick_fixes_carry_the_fixes_in_client_units_and_no_data_is_sent(client):
    uri = await open_document(client, DOC)
    found = {d.code: d for d in await diagnostics(client, uri)}
    # The fixes stay in the server: `data` would double every publish for nothing a
    # client reads (benchmarks/notes.md).
    assert all(d.data is None for d in found.values())

    async def fixes(code: str) -> list[types.CodeAction]:
        diagnostic = found[code]
        actions = await code_actions(client, uri, diagnostic.range, [diagnostic],
                                     only=[types.CodeActionKind.QuickFix])
        return [a for a in actions if not a.title.startswith("Ignore ")]

    [fix] = await fixes("WF103")
    assert (fix.title, fix.is_preferred) == ('Change to "1h30m"', True)
    assert apply_edits(DOC, workspace_edits(fix.edit, uri), client.encoding) == DOC.replace(
        '"30m1h"', '"1h30m"')
    assert [(f.title, f.is_preferred) for f in await fixes("WF101")] == [
        ('Read as minutes: "90m" (= 1h30m)', None), ('Read as seconds: "90s" (= 1m30s)', None),
        ('Read as hours: "90h"', None)]
    [add] = await fixes("WF203")
    assert (add.title, add.is_preferred) == ("Add a timeout to job `report`", None)
    assert apply_edits(DOC, workspace_edits(add.edit, uri), client.encoding) == DOC.replace(
        "    depends_on", '    timeout: "1h"\n    depends_on')


RELATED = """\
id: x
jobs:
  "🚀_a":
    timeout: 1h
    name: one
    name: two
    steps:
      - run: echo
        timeout: 2h
"""


async def test_related_places_of_a_duplicate_key_and_a_step_timeout(client):
    uri = await open_document(client, RELATED)
    found = [(d.code, d.range, d.severity, d.message,
              [(r.location.uri, r.location.range, r.message) for r in d.related_information])
             for d in await diagnostics(client, uri)]
    enc = client.encoding
    assert found == [
        ("WF002", token_range(RELATED, 5, "name", enc), S.Error,
         "duplicate key `name`: it is already set on line 5",
         [(uri, token_range(RELATED, 4, "name", enc), "first `name` is here")]),
        ("WF201", token_range(RELATED, 8, "2h", enc), S.Warning,
         "step timeout 2h is longer than job `🚀_a`'s timeout 1h: "
         "the job's limit ends the step first",
         [(uri, token_range(RELATED, 3, "1h", enc), "job `🚀_a`'s timeout is 1h")]),
    ]


async def test_push_carries_the_version_and_follows_edits():
    async with session(PUSH_UTF16) as client:
        # No diagnosticProvider for a client that cannot pull: it must not pull anyway.
        assert client.server_capabilities.diagnostic_provider is None
        uri = await open_document(client, DOC, version=7)
        assert [d.code for d in await diagnostics(client, uri, version=7)] == [
            "WF103", "WF101", "WF203", "WF303", "WF110"]
        fixed = DOC.replace('"30m1h"', '"1h30m"')
        change_document(client, uri, 8, fixed)
        assert [d.code for d in await diagnostics(client, uri, version=8)] == [
            "WF101", "WF203", "WF303", "WF110"]
        versions = [p.version for p in client.published if p.uri == uri]
        assert versions == sorted(versions) and versions[-1] == 8
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
        while client.published[-1].diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        assert client.published[-1].uri == uri
        # A closed document is forgotten: no actions.
        assert await code_actions(client, uri, _at(5, 0)) == []


async def test_pull_answers_unchanged_for_the_same_result_and_never_pushes():
    async with session(PULL_UTF8) as client:
        assert client.server_capabilities.diagnostic_provider.identifier == "wf-lsp"
        uri = await open_document(client, DOC)

        def pull(previous: str | None = None):
            return client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri), previous_result_id=previous))

        first = await pull()
        assert first.kind == "full" and len(first.items) == 5 and first.result_id
        again = await pull(first.result_id)
        assert again.kind == "unchanged" and again.result_id == first.result_id
        change_document(client, uri, 2, DOC.replace("timeout: 90", "timeout: 90s"))
        after = await pull(first.result_id)
        assert after.kind == "full" and after.result_id != first.result_id
        assert [d.code for d in after.items] == ["WF103", "WF203", "WF303", "WF110"]
        # Each pull above waited for the lint of its version: had it pushed, we would know.
        assert client.published == []


async def test_an_ignore_comment_beside_a_timeout_not_read_yet_is_not_called_unused():
    text = ("id: x\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"
            "        timeout: {}  # wf-lsp: ignore[{}]\n")
    async with session(PULL_UTF8) as client:
        # `3h 0m` is no duration: WF201 could not judge it, and the comment is needed as
        # soon as the value is fixed; not WF010's "silences nothing".
        uri = await open_document(client, text.format("3h 0m", "WF201"))
        assert [d.code for d in await diagnostics(client, uri)] == ["WF102"]
        change_document(client, uri, 2, text.format("3h", "WF201"))
        assert await diagnostics(client, uri) == []
        change_document(client, uri, 3, text.format("3h", "WF103"))
        assert [d.code for d in await diagnostics(client, uri)] == ["WF201", "WF010"]


async def test_pull_after_reopening_with_the_same_version_is_full():
    async with session(PULL_UTF8) as client:
        uri = await open_document(client, DOC)
        first = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
        # Opened again at version 1 (as editors do), with other text.
        await open_document(client, DOC.replace('"30m1h"', '"1h30m"'))
        again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri), previous_result_id=first.result_id))
        assert again.kind == "full" and again.result_id != first.result_id
        assert [d.code for d in again.items] == ["WF101", "WF203", "WF303", "WF110"]


async def test_the_lint_of_a_closed_document_is_never_published():
    from .test_robustness import SLOW  # its lint is still running when it is closed

    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, SLOW)
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
        await open_document(client, DOC)  # the same uri and version, another text
        found = await diagnostics(client, uri, version=1)
        assert [d.code for d in found] == [code for code, *_ in EXPECTED]
        # One lint worker, in order: the closed text's lint ended before this one.
        assert len(client.published) == 1


async def test_every_publish_is_the_lint_of_its_own_version():
    def text(version: int) -> str:
        return f'id: x\njobs:\n  a:\n    timeout: "{version}m1h"\n    steps: [{{run: a}}]\n'

    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, text(1))
        for version in range(2, 202):  # as fast as the pipe takes them
            change_document(client, uri, version, text(version))
        [last] = await diagnostics(client, uri, version=201)
        assert last.message.startswith('units must go from larger to smaller: "201m1h" is ')
        versions = [p.version for p in client.published]
        assert versions == sorted(set(versions))  # never an older version after a newer one
        for published in client.published:
            [finding] = published.diagnostics
            assert f'"{published.version}m1h"' in finding.message


async def test_only_workflows_get_diagnostics(client):
    compose = "services:\n  web:\n    image: nginx\n    timeout: 30m1h\n"
    actions = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout: 30m1h\n"
    others = [await open_document(client, compose, "docker-compose.yaml"),
              await open_document(client, actions, "ci.yaml")]
    uri = await open_document(client, DOC)
    assert len(await diagnostics(client, uri)) == 5
    for other in others:
        if client.profile.pull:
            assert await diagnostics(client, other) == []
        else:  # one lint worker, in order: the other files were done before the workflow
            assert other not in client.diagnostics
        assert await code_actions(client, other, _at(3, 14)) == []
        assert await _hover(client, other, 3, 14) is None


async def _hover(client, uri: str, line: int, character: int) -> types.Hover | None:
    return await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(line, character)))


async def test_a_document_that_becomes_a_workflow_gets_everything(client):
    compose = "services:\n  web:\n    image: nginx\n    timeout: 30m1h\n"
    uri = await open_document(client, compose, "compose.yaml")
    assert await _hover(client, uri, 3, 14) is None
    workflow = "id: web\njobs:\n  web:\n    timeout: 30m1h\n    steps: [{run: a}]\n"
    change_document(client, uri, 2, workflow)
    [found] = await diagnostics(client, uri, version=2)
    assert (found.code, found.range) == (
        "WF103", token_range(workflow, 3, "30m1h", client.encoding))
    if not client.profile.pull:  # nothing was said about the compose file
        assert [p.version for p in client.published] == [2]
    hover = await _hover(client, uri, 3, 14)
    assert "1h30m" in hover.contents.value
    [fix] = [a for a in await code_actions(client, uri, found.range, [found], only=["quickfix"])
             if a.is_preferred]
    assert apply_edits(workflow, workspace_edits(fix.edit, uri), client.encoding) == (
        workflow.replace("30m1h", "1h30m"))


async def test_a_document_that_stops_being_a_workflow_is_cleared():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, DOC)
        assert len(await diagnostics(client, uri, version=1)) == 5
        change_document(client, uri, 2, "services:\n  web: {image: nginx, stop_grace_period: 1m}\n")
        assert await diagnostics(client, uri, version=2) == []


def _at(line: int, character: int) -> types.Range:
    return types.Range(types.Position(line, character), types.Position(line, character))


def _cli_findings(path, env: dict[str, str] | None = None) -> list[tuple]:
    result = subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--format", "json", str(path)],
                            capture_output=True, text=True, check=False, env=env)
    assert result.returncode in (0, 1), result.stderr
    return [(f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1,
             f["severity"], f["message"]) for f in json.loads(result.stdout)]


async def test_suppressions_and_config_files_work_as_in_the_cli(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text(
        'extend-select = ["WF111"]\nignore = ["WF203"]\n[severity]\nWF303 = "error"\n')
    text = DOC.replace("    timeout: 90\n", "    timeout: 90  # wf-lsp: ignore[WF101]\n")
    text = text.replace("        timeout: 1h0m\n", "        timeout: 90m\n")
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    names = {S.Error: "error", S.Warning: "warning", S.Information: "information", S.Hint: "hint"}
    async with session(PUSH_UTF32) as client:
        uri = await open_document(client, text, uri=path.as_uri())
        found = [(d.code, d.range.start.line, d.range.start.character, d.range.end.line,
                  d.range.end.character, names[d.severity], d.message)
                 for d in await diagnostics(client, uri)]
    assert [f[0] for f in found] == ["WF103", "WF303", "WF111"]
    assert found == _cli_findings(path)


async def test_config_exclude_silences_and_include_forces(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('exclude = ["skip/"]\ninclude = ["odd.yml"]\n')
    (tmp_path / "skip").mkdir()
    odd = "id: odd\nname: no jobs here\n"
    async with session(PULL_UTF8) as client:
        skipped = await open_document(client, DOC, uri=(tmp_path / "skip" / "flow.yaml").as_uri())
        forced = await open_document(client, odd, uri=(tmp_path / "odd.yml").as_uri())
        assert await diagnostics(client, skipped) == []
        codes = [d.code for d in await diagnostics(client, forced)]
    assert codes and codes == _codes(tmp_path / "odd.yml", odd)


def _codes(path, text: str) -> list[str]:
    path.write_text(text)
    return [f[0] for f in _cli_findings(path)]


async def test_a_percent_encoded_uri_is_answered_with_the_same_uri(client):
    uri = await open_document(client, DOC, uri="file:///work/my%20flows/n%C3%A4chtlich.yaml")
    assert len(await diagnostics(client, uri)) == 5
    if not client.profile.pull:
        assert {p.uri for p in client.published} == {uri}
    found = {d.code: d for d in await diagnostics(client, uri)}
    actions = await code_actions(client, uri, found["WF103"].range, [found["WF103"]],
                                 only=["quickfix"])
    assert actions[0].title == 'Change to "1h30m"'


MISSPELT = """\
id: misspelt 🚀
jobs:
  train:
    timout: 5 m
    steps:
      - {run: "echo 模型", timeot: "0s"}
"""


async def test_a_misspelt_timeout_and_its_value_are_flagged_at_once(client):
    uri = await open_document(client, MISSPELT)
    found = [(d.code, d.range, d.message) for d in await diagnostics(client, uri)]
    assert found == [
        ("WF203", token_range(MISSPELT, 2, "train", client.encoding),
         "job `train` has no timeout: the engine's undocumented default applies"),
        ("WF003", token_range(MISSPELT, 3, "timout", client.encoding),
         "unknown key `timout` in a job: did you mean `timeout`?"),
        ("WF102", token_range(MISSPELT, 3, "5 m", client.encoding),
         'whitespace is not allowed in a duration: write "5m"'),
        ("WF003", token_range(MISSPELT, 5, "timeot", client.encoding),
         "unknown key `timeot` in a step: did you mean `timeout`?"),
        ("WF104", token_range(MISSPELT, 5, '"0s"', client.encoding),
         '"0s" is zero: a duration must be positive'),
    ]


TYPED = """\
id: nightly
jobs:
  train:
    timeout: "4h"
    steps:
      - name: Train
        timeout: "3h"
        run: python train.py
  report:
    timeout: "1h"
    depends_on: [train]
    steps:
      - name: Report
        run: echo done
"""


@pytest.mark.parametrize("line, old, new, token, message", [
    # The string runs on to the next quote, three lines down, where the parser gave up
    # ("did not find expected key (while parsing a block mapping at line 6)").
    (6, '"3h"', '"3h', '"', 'this `"` opens a string that runs on to line 10, where what '
                          'follows its end is not valid: add the closing `"` on this line'),
    (6, '"3h"', "'3h", "'", "this `'` opens a string that is never closed: add the closing `'`"),
    # At `steps:` on the next line (did not find expected ',' or ']').
    (10, "[train]", "[train", "[", "this `[` is not closed (line 12 cannot continue it): add "
                                  "the closing `]`"),
    # At the `-` two lines down (did not find expected node content).
    (10, "[train]", "[", "[", "this `[` is not closed (line 13 cannot continue it): add the "
                             "closing `]`"),
    (10, "[train]", "{train", "{", "this `{` is not closed (line 12 cannot continue it): add "
                                  "the closing `}`"),
    # At `run:` on the next line (could not find expected ':').
    (12, "name: Report", "name:Report", ":", "`name:` has no space after its `:`, so this "
                                             "line is one string, not a key and its value: "
                                             "add a space after `:`"),
    (3, 'timeout: "4h"', 'timeout:"4h"', ":", "`timeout:` has no space after its `:`, so "
                                             "this line is one string, not a key and its "
                                             "value: add a space after `:`"),
    # A key indented a space too far either way, a stray `-`: "did not find expected key
    # (while parsing a block mapping at line 10)", "did not find expected '-' indicator".
    (10, "    depends_on", "      depends_on", "d", "this line is indented 6 spaces, deeper "
                                                  "than the key above it (4), which already "
                                                  "has a value: line it up with that key"),
    (13, "        run", "       run", "r", "this line is indented 7 spaces, where no mapping "
                                            "it could belong to has its keys (the key above "
                                            "it is at 8): line it up with them"),
    (11, "    steps:", "    -\n    steps:", "-", "a list item (`-`) where a key is due: a list "
                                                 "is a key's value, on the lines below the "
                                                 "key, indented"),
], ids=["double-quote", "single-quote", "bracket", "empty-bracket", "brace", "colon-in-step",
        "colon-in-job", "indented-deeper", "indented-less", "stray-dash"])
async def test_one_character_amiss_is_one_error_where_it_is(client, line, old, new, token,
                                                            message):
    uri = await open_document(client, TYPED)
    await diagnostics(client, uri, 1)
    start = TYPED.splitlines()[line].index(old)
    rng = types.Range(types.Position(line, start), types.Position(line, start + len(old)))
    change_document(client, uri, 2, edits=[types.TextEdit(rng, new)])
    text = apply_edits(TYPED, [types.TextEdit(rng, new)], client.encoding)
    # Nothing else: not the step that `- name:Report` read as a string, say.
    found = await diagnostics(client, uri, 2)
    assert [(d.range, d.message) for d in found] == [
        (token_range(text, line, token, client.encoding), f"YAML syntax error: {message}")]


async def _type_a_key(client, uri: str, text: str, line: int, key: str, before) -> str:
    """Type `key` letter by letter on a new line `line` of the document at version 1 (its
    first letter opens the line): each publish is WF001 on the word so far, then the
    diagnostics `before` it, a line down. The text typed."""
    typed, version = "", 1
    for char in key:
        at = types.Position(line, 4 + len(typed) if typed else 0)
        edit = types.TextEdit(types.Range(at, at), char if typed else f"    {char}\n")
        change_document(client, uri, version + 1, edits=[edit])
        text = apply_edits(text, [edit], client.encoding)
        typed, version = typed + char, version + 1
        moved = [(code, types.Range(types.Position(r.start.line + 1, r.start.character),
                                    types.Position(r.end.line + 1, r.end.character)), message)
                 for code, r, message in before]
        assert [(d.code, d.range, d.message) for d in await diagnostics(client, uri, version)] == [
            ("WF001", token_range(text, line, typed, client.encoding),
             f"YAML syntax error: `{typed}` has no `:` after it, so it is not a key: write "
             f"`{typed}: ` and its value"),
            *moved]
    return text


async def test_a_key_being_typed_is_said_on_its_word_and_the_rest_stays(client):
    """A key typed into a job, letter by letter: libyaml's error ("could not find expected
    ':'") was at the next key, `steps:`, and the findings below it went at the first letter
    and came back at the `:`. The word is said where it is, and the rest stays put."""
    text = TYPED.replace("[train]", "[trian]")
    uri = await open_document(client, text)
    unknown = [(d.code, d.range, d.message) for d in await diagnostics(client, uri, 1)]
    assert [code for code, _, _ in unknown] == ["WF301"]
    # The first keystroke opens a line above `steps:` (as `O` in Vim), the others type on it.
    await _type_a_key(client, uri, text, 4, "runner", unknown)


async def test_a_dependency_being_typed_is_not_offered_the_job_itself(client):
    """`depends_on: [p]` typed in `report` (the editor closing the bracket) listed the jobs
    as `train`, `report`: a job cannot depend on itself, so it is left out of the list,
    and a workflow with no other job says so."""
    text = TYPED.replace("[train]", "[]")
    uri = await open_document(client, text)
    assert await diagnostics(client, uri, 1) == []
    at = types.Position(10, len("    depends_on: ["))
    edit = types.TextEdit(types.Range(at, at), "p")
    change_document(client, uri, 2, edits=[edit])
    text = apply_edits(text, [edit], client.encoding)
    assert [(d.code, d.range, d.message) for d in await diagnostics(client, uri, 2)] == [
        ("WF301", token_range(text, 10, "p", client.encoding, 1), "unknown job `p` (jobs: `train`)")]
    alone = "id: solo\njobs:\n  report:\n    timeout: 1h\n    depends_on: [p]\n    steps: [{run: a}]\n"
    uri = await open_document(client, alone, "solo.yaml")
    assert [d.message for d in await diagnostics(client, uri, 1)] == [
        "unknown job `p`: this workflow has no other job"]


async def test_a_jobs_first_key_being_typed_is_said_on_its_word_and_the_rest_stays(client):
    """A key typed as a job's first line, above its `timeout:`: YAML reads `ti timeout` as
    one string, so the job was "`report` in `jobs` must be a mapping (a job), not a
    string" at the word, with "mapping values are not allowed in this context" at the
    `:` below, and the findings elsewhere went; hover on the job's timeout said nothing.
    The word is said as a key being typed, the rest stays, hover and completion answer."""
    text = TYPED.replace("[train]", "[trian]")
    uri = await open_document(client, text)
    unknown = [(d.code, d.range, d.message) for d in await diagnostics(client, uri, 1)]
    # The first keystroke opens a line under `report:` (as `o` in Vim).
    text = await _type_a_key(client, uri, text, 9, "ti", unknown)
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(10, 6)))
    assert hover.range == token_range(text, 10, "timeout", client.encoding)
    items = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(9, 6)))
    runner = next(item for item in items.items if item.label == "runner")
    assert runner.text_edit.range == token_range(text, 9, "ti", client.encoding)


def test_thousands_of_undefined_names_in_a_job_are_21_diagnostics_and_edits_keep_them():
    """The editor got a diagnostic for each of a job's undefined names (51,000 for 17,000
    steps: 39 s to open, 27 s a keystroke): the first 20 and one over the rest, after an
    edit in the job as after opening it."""
    from .raw_rpc import RawServer

    uri = "file:///tmp/many-names.yaml"
    text = ("id: w\ninputs:\n  n: {type: int}\njobs:\n  a:\n    timeout: 1h\n    steps:\n"
            + "".join(f"      - run: echo ${{{{ .inputs.x{i} }}}} ${{{{ .inputs.y{i} }}}}\n"
                      for i in range(300)))
    with RawServer() as server:
        server.initialize({})
        server.open(uri, text)
        opened = server.diagnostics(uri, 1)
        line = 7 + 150  # `.inputs.x150` becomes the input that is declared
        server.change(uri, 2, {"range": {"start": {"line": line, "character": 30},
                                         "end": {"line": line, "character": 34}},
                               "text": "n"})
        edited = server.diagnostics(uri, 2)
    for published, more in ((opened, 580), (edited, 579)):
        assert [d["code"] for d in published] == ["WF403"] * 21
        assert published[-1]["message"] == (f"{more} more like these in this job's steps "
                                            "(the first 20 are listed)")
        assert published[-1]["range"]["start"] == {"line": 17, "character": 30}
