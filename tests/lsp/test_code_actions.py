"""Code actions end to end: quick fixes from the diagnostics' data (or, without data,
from the current analysis), ignore comments placed where YAML has a comment, fix-all
(the CLI's engine) and normalize-durations; edits applied and the outcome compared."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from lsprotocol import types

from .conftest import (
    PUSH_UTF16, apply_edits, change_document, code_actions, diagnostics, lsp_lines, open_document,
    session, units, workspace_edits
)

FIX_ALL = "source.fixAll.wf-lsp"
NORMALIZE = "source.normalizeDurations.wf-lsp"

DOC = """\
# Nightly training
# owner: ml-team
id: nightly
jobs:
  train:
    nmae: "build #1"
    timeout: "30m1h"  # slow 🚀
    steps:
      - titel: "first
          line"
        timeout: 45m0s  # wf-lsp: ignore[WF111]
        run: |
          echo "# not a comment"
      - run: python train.py
        timeout: 90
  report:
    depends_on: [train, train]
    steps:
      - run: echo done
"""
CODES = ["WF003", "WF103", "WF003", "WF110", "WF101", "WF203", "WF303"]


async def _open(client, text: str = DOC, **kwargs) -> tuple[str, dict[int, types.Diagnostic]]:
    uri = await open_document(client, text, **kwargs)
    found = await diagnostics(client, uri)
    return uri, {d.range.start.line: d for d in found}


def _edited(client, action: types.CodeAction, uri: str, text: str = DOC, version: int = 1) -> str:
    """The document after the action's edit, checking how the edit was sent."""
    edit = action.edit
    if client.profile.document_changes:
        [change] = edit.document_changes
        assert (change.text_document.uri, change.text_document.version) == (uri, version)
        assert edit.changes is None
    else:
        assert edit.document_changes is None and list(edit.changes) == [uri]
    return apply_edits(text, workspace_edits(edit, uri), client.encoding)


async def _actions_for(client, uri: str, diagnostic: types.Diagnostic) -> dict[str, types.CodeAction]:
    actions = await code_actions(client, uri, diagnostic.range, [diagnostic],
                                 only=[types.CodeActionKind.QuickFix])
    assert all(a.kind == types.CodeActionKind.QuickFix and a.diagnostics == (diagnostic,)
               for a in actions)
    return {a.title: a for a in actions}


async def test_quick_fix_keeps_the_quotes_and_is_preferred(client):
    uri, found = await _open(client)
    assert [d.code for _, d in sorted(found.items())] == CODES
    actions = await _actions_for(client, uri, found[6])
    assert list(actions) == ['Change to "1h30m"', "Ignore WF103 on this line",
                             "Ignore WF103 in this file"]
    fix = actions['Change to "1h30m"']
    assert fix.is_preferred is True
    assert _edited(client, fix, uri) == DOC.replace('"30m1h"', '"1h30m"')


async def test_unsafe_fixes_are_offered_but_not_preferred(client):
    uri, found = await _open(client)
    actions = await _actions_for(client, uri, found[14])
    fixes = [a for title, a in actions.items() if title.startswith("Read as")]
    assert [(a.title, a.is_preferred) for a in fixes] == [
        ('Read as minutes: "90m" (= 1h30m)', None), ('Read as seconds: "90s" (= 1m30s)', None),
        ('Read as hours: "90h"', None)]
    assert _edited(client, fixes[0], uri) == DOC.replace("timeout: 90\n", "timeout: 90m\n")


async def test_a_fix_that_deletes_text(client):
    uri, found = await _open(client)
    actions = await _actions_for(client, uri, found[16])
    assert _edited(client, actions["Remove the second `train`"], uri) == DOC.replace(
        "[train, train]", "[train]")


# line of the finding, the line as the action leaves it (None: no action)
IGNORE_ON_LINE = {
    "a # inside quotes is not a comment":
        (5, '    nmae: "build #1"  # wf-lsp: ignore[WF003]\n'),
    "after an existing comment":
        (6, '    timeout: "30m1h"  # slow 🚀  # wf-lsp: ignore[WF103]\n'),
    "above a line that ends inside a string":
        (8, '      # wf-lsp: ignore[WF003]\n      - titel: "first\n'),
    "extending an ignore comment":
        (10, "        timeout: 45m0s  # wf-lsp: ignore[WF111, WF110]\n"),
}


@pytest.mark.parametrize("case", list(IGNORE_ON_LINE))
async def test_ignore_on_this_line(client, case):
    line, expected = IGNORE_ON_LINE[case]
    uri, found = await _open(client)
    code = found[line].code
    actions = await _actions_for(client, uri, found[line])
    text = _edited(client, actions[f"Ignore {code} on this line"], uri)
    lines = DOC.splitlines(keepends=True)
    assert text == "".join(lines[:line]) + expected + "".join(lines[line + 1:])
    change_document(client, uri, 2, text)
    after = await diagnostics(client, uri, version=2)
    expected_codes = list(CODES)
    del expected_codes[sorted(found).index(line)]
    assert [d.code for d in sorted(after, key=lambda d: d.range.start.line)] == expected_codes


async def test_ignore_in_this_file_goes_after_the_leading_comments(client):
    uri, found = await _open(client)
    actions = await _actions_for(client, uri, found[16])
    text = _edited(client, actions["Ignore WF303 in this file"], uri)
    assert text == DOC.replace("# owner: ml-team\n",
                               "# owner: ml-team\n# wf-lsp: ignore-file[WF303]\n")
    change_document(client, uri, 2, text)
    assert "WF303" not in [d.code for d in await diagnostics(client, uri, version=2)]
    # The next one extends that comment.
    found = {d.code: d for d in await diagnostics(client, uri, version=2)}
    assert found["WF203"].range.start.line == 16  # one line further down now
    actions = await _actions_for(client, uri, found["WF203"])
    assert _edited(client, actions["Ignore WF203 in this file"], uri, text, 2) == text.replace(
        "ignore-file[WF303]", "ignore-file[WF303, WF203]")


async def test_ignore_in_this_file_with_a_bom_and_crlf(client):
    text = "\ufeff" + "id: x\njobs:\n  a:\n    timeout: 30m1h\n    steps: []\n".replace("\n", "\r\n")
    uri, found = await _open(client, text)
    actions = await _actions_for(client, uri, found[3])
    assert _edited(client, actions["Ignore WF103 in this file"], uri, text) == (
        "\ufeff# wf-lsp: ignore-file[WF103]\r\n" + text[1:])
    assert _edited(client, actions["Ignore WF103 on this line"], uri, text) == text.replace(
        "30m1h\r\n", "30m1h  # wf-lsp: ignore[WF103]\r\n")


async def test_fix_all_is_the_cli_fix(client, tmp_path):
    path = tmp_path / "flow.yaml"
    uri, _ = await _open(client, uri=path.as_uri())
    [action] = await code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)),
                                  only=["source.fixAll"])
    assert (action.title, action.kind) == ("wf-lsp: Fix all auto-fixable problems", FIX_ALL)
    fixed = _edited(client, action, uri)
    path.write_text(DOC, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--fix", "--quiet", str(path)],
                   capture_output=True, check=False)
    assert fixed == path.read_text(encoding="utf-8")
    assert fixed == (DOC.replace("nmae", "name").replace('"30m1h"', '"1h30m"')
                     .replace("45m0s", "45m").replace("[train, train]", "[train]"))


GUESSED = """\
id: pipeline
jobs:
  elt:
    timeout: 1h
    steps:
      - run: python elt.py
  train:
    timeout: 1h
    steps:
      - run: python train.py
  report:
    timeout: 1h
    depends_on: [etl, Train]
    steps:
      - run: echo done
"""


async def test_a_guessed_rename_is_offered_not_preferred_and_fix_all_leaves_it(client, tmp_path):
    """`etl` one letter from the only job `elt` was renamed by fix-all (a safe fix on a
    guess): the job meant may be another. The same name in another case (`Train`) is
    still the preferred quick fix, and fix-all is the CLI's --fix."""
    path = tmp_path / "flow.yaml"
    uri = await open_document(client, GUESSED, uri=path.as_uri())
    etl, train = sorted(await diagnostics(client, uri), key=lambda d: d.range.start.character)
    assert [d.code for d in (etl, train)] == ["WF301", "WF301"]
    guess = (await _actions_for(client, uri, etl))["Change to `elt`"]
    assert guess.is_preferred is None
    assert _edited(client, guess, uri, GUESSED) == GUESSED.replace("[etl,", "[elt,")
    same = (await _actions_for(client, uri, train))["Change to `train`"]
    assert same.is_preferred is True
    [action] = await code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)),
                                  only=["source.fixAll"])
    fixed = _edited(client, action, uri, GUESSED)
    assert fixed == GUESSED.replace("Train]", "train]")
    path.write_text(GUESSED, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--fix", "--quiet", str(path)],
                   capture_output=True, check=False)
    assert fixed == path.read_text(encoding="utf-8")


async def test_normalize_durations(client):
    text = DOC.replace("timeout: 90\n", "timeout: 90m\n")
    uri, _ = await _open(client, text)
    [action] = await code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)),
                                  only=[NORMALIZE])
    assert (action.title, action.kind) == ("wf-lsp: Normalize durations", NORMALIZE)
    # WF111 is off, yet `90m` is rewritten; the invalid "30m1h" is left to its fix.
    assert _edited(client, action, uri, text) == text.replace("45m0s", "45m").replace(
        "timeout: 90m\n", "timeout: 1h30m\n")


async def test_source_actions_follow_only(client):
    uri, found = await _open(client)
    everything = await code_actions(client, uri, found[6].range, [found[6]])
    assert [a.kind for a in everything] == ["quickfix"] * 3 + [FIX_ALL, NORMALIZE]
    only_source = await code_actions(client, uri, found[6].range, [found[6]], only=["source"])
    assert [a.kind for a in only_source] == [FIX_ALL, NORMALIZE]


async def test_source_actions_are_resolved_by_clients_that_resolve():
    async with session(PUSH_UTF16) as client:
        uri, _ = await _open(client)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(types.Position(0, 0), types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[FIX_ALL])))
        [action] = actions
        assert action.edit is None and action.data == {"uri": uri, "kind": FIX_ALL}
        resolved = await client.code_action_resolve_async(action)
        assert _edited(client, resolved, uri).startswith(DOC[:60].replace("nmae", "name"))


async def test_a_stale_diagnostic_gets_no_fix(client):
    uri, found = await _open(client)
    old = found[6]
    text = "# a new first line\n" + DOC
    change_document(client, uri, 2, text)
    new = {d.range.start.line: d for d in await diagnostics(client, uri, version=2)}
    # The old diagnostic (and its data, made for version 1) no longer matches anything.
    assert await code_actions(client, uri, old.range, [old],
                              only=[types.CodeActionKind.QuickFix]) == []
    actions = await _actions_for(client, uri, new[7])
    assert _edited(client, actions['Change to "1h30m"'], uri, text, 2) == text.replace(
        '"30m1h"', '"1h30m"')


async def test_stale_data_is_not_used_even_where_the_range_still_matches(client):
    uri, found = await _open(client)
    old = found[6]  # its data: version 1, "Change to "1h30m""
    text = DOC.replace('"30m1h"', '"20m1h"')  # same place, same code, another fix
    change_document(client, uri, 2, text)
    await diagnostics(client, uri, version=2)
    actions = await _actions_for(client, uri, old)
    assert list(actions) == ['Change to "1h20m"', "Ignore WF103 on this line",
                             "Ignore WF103 in this file"]
    assert _edited(client, actions['Change to "1h20m"'], uri, text, 2) == text.replace(
        '"20m1h"', '"1h20m"')


async def test_diagnostics_without_data_are_matched(client):
    uri, found = await _open(client)
    bare = types.Diagnostic(range=found[6].range, message=found[6].message, code="WF103",
                            source="wf-lsp")
    actions = await _actions_for(client, uri, bare)
    assert _edited(client, actions['Change to "1h30m"'], uri) == DOC.replace('"30m1h"', '"1h30m"')
    # Someone else's diagnostics get nothing from us.
    other = types.Diagnostic(range=found[6].range, message="x", code="WF103", source="yaml")
    assert await code_actions(client, uri, other.range, [other],
                              only=[types.CodeActionKind.QuickFix]) == []


def _written(client, text: str, rng: types.Range) -> str:
    """The text an LSP range covers on one line (the edits here each stay on one line)."""
    assert rng.start.line == rng.end.line
    line = lsp_lines(text)[rng.start.line]

    def column(character: int) -> int:
        return next(i for i in range(len(line) + 1) if units(line[:i], client.encoding) == character)

    return line[column(rng.start.character):column(rng.end.character)]


async def test_fix_all_and_normalize_send_one_edit_per_changed_value(client):
    text = DOC.replace("timeout: 90\n", "timeout: 90m\n")
    uri, _ = await _open(client, text)
    expected = {
        FIX_ALL: [(5, "nmae", "name"), (6, "30m1h", "1h30m"), (10, "45m0s", "45m"),
                  (16, ", train", "")],
        NORMALIZE: [(10, "45m0s", "45m"), (14, "90m", "1h30m")],
    }
    for kind, edits in expected.items():
        [action] = await code_actions(client, uri, types.Range(types.Position(0, 0), types.Position(0, 0)),
                                      only=[kind])
        sent = workspace_edits(action.edit, uri)
        # Cursors, markers and undo outside the changed values stay where they were.
        assert sorted((e.range.start.line, _written(client, text, e.range), e.new_text)
                      for e in sent) == edits


WHAT_REMAINS = "wf-lsp.whatFixAllLeft"
LEFT = ("wf-lsp: 3 problems remain, none with a safe fix: 2 with fixes to choose from "
        "(WF101, WF203), 1 without a fix (WF003).")


async def test_after_a_fix_all_picked_from_a_menu_the_server_says_what_is_left(client):
    uri, _ = await _open(client)
    assert WHAT_REMAINS in client.server_capabilities.execute_command_provider.commands
    # Ctrl+., "Source Action…", Neovim's code_action(): every kind, or `source`.
    for only in (None, ["source"]):
        [action] = [a for a in await code_actions(client, uri, types.Range(types.Position(0, 0),
                                                                         types.Position(0, 0)),
                                                   only=only) if a.kind == FIX_ALL]
        assert (action.command.command, list(action.command.arguments)) == (WHAT_REMAINS, [uri])
    # As a client does it: the edit first, then the command.
    change_document(client, uri, 2, _edited(client, action, uri))
    await diagnostics(client, uri, version=2)
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=WHAT_REMAINS, arguments=[uri]))
    assert [(m.type, m.message) for m in client.messages] == [(types.MessageType.Info, LEFT)]
    assert any(LEFT.removeprefix("wf-lsp: ").rstrip(".") in m.message for m in client.log_messages)


async def test_a_fix_all_on_save_stays_quiet(client):
    uri, _ = await _open(client)
    start = types.Range(types.Position(0, 0), types.Position(0, 0))
    # What editors send on save: fix-all alone (VS Code's codeActionsOnSave, a BufWritePre),
    # or an automatic trigger.
    for only in (["source.fixAll"], [FIX_ALL]):
        [action] = await code_actions(client, uri, start, only=only)
        assert action.kind == FIX_ALL and action.command is None
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri), range=start,
        context=types.CodeActionContext(diagnostics=[], only=["source"],
                                        trigger_kind=types.CodeActionTriggerKind.Automatic)))
    assert [a.command for a in actions if a.kind == FIX_ALL] == [None]


async def test_nothing_left_nothing_shown(client):
    text = "id: clean\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - run: a\n"
    uri, _ = await _open(client, text)
    await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=WHAT_REMAINS, arguments=[uri]))
    assert client.messages == []
    assert any("no problems remain" in m.message for m in client.log_messages)


async def test_a_missing_key_is_added_with_a_placeholder_to_replace(client):
    text = "id: añadir 🚀\njobs:\n  a:\n    timeout: 1h\n    steps:\n      - name: 中文 🚀\n"
    uri, found = await _open(client, text)
    actions = await _actions_for(client, uri, found[5])
    assert list(actions) == ["Add `run: echo TODO`", "Ignore WF004 on this line",
                             "Ignore WF004 in this file"]
    add = actions["Add `run: echo TODO`"]
    assert add.is_preferred is None  # a placeholder: offered, never by fix-all
    assert _edited(client, add, uri, text) == text + "        run: echo TODO\n"


# Enough findings that a code path quadratic or worse in them takes minutes (fix-all's
# minimal edits did: 800 → 18 s, 1,600 → minutes), and a linear one a second.
MANY = 1600
SUPERLINEAR = "no answer in {s} s: code actions went superlinear in the number of findings"


async def test_fix_all_and_quick_fixes_of_many_findings_come_at_once(client, tmp_path):
    text = "id: many\njobs:\n" + "".join(
        f"  j{i}:\n    timeout: 1h 30m\n    steps:\n      - run: echo {i}\n" for i in range(MANY))
    path = tmp_path / "flow.yaml"
    uri, found = await _open(client, text, uri=path.as_uri())
    assert len(found) == MANY
    start = types.Range(types.Position(0, 0), types.Position(0, 0))
    try:
        [action] = await asyncio.wait_for(code_actions(client, uri, start, only=["source.fixAll"]), 30)
        # Every diagnostic of the file at once (a "fix" over a selection of all of it).
        everything = types.Range(types.Position(0, 0), types.Position(len(lsp_lines(text)), 0))
        quick = await asyncio.wait_for(code_actions(
            client, uri, everything, list(found.values()), only=[types.CodeActionKind.QuickFix]), 30)
    except TimeoutError:
        pytest.fail(SUPERLINEAR.format(s=30))
    fixed = _edited(client, action, uri, text)
    path.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "wf_lsp", "lint", "--fix", "--quiet", str(path)],
                   capture_output=True, check=False)
    assert fixed == path.read_text(encoding="utf-8") == text.replace("1h 30m", "1h30m")
    assert len(workspace_edits(action.edit, uri)) == MANY  # one per value, not one block
    # Each title once (they do not name a line), for the first diagnostic that has it.
    first = found[3]
    assert [(a.title, a.diagnostics) for a in quick] == [
        ('Remove the whitespace: "1h30m"', (first,)), ("Ignore WF102 on this line", (first,)),
        ("Ignore WF102 in this file", (first,))]


async def test_another_tools_comment_is_rewritten_by_a_quick_fix(client):
    """`# noqa: WF203` was not read and nothing said why; the comment is a WF010 warning
    whose quick fix (not preferred: it changes what is reported) writes wf-lsp's own,
    which then silences the job's WF203."""
    text = "id: x\njobs:\n  a:  # noqa: WF203  legacy\n    steps: [{run: a}]\n"
    uri = await open_document(client, text)
    found = sorted(await diagnostics(client, uri), key=lambda d: d.range.start.character)
    assert [(d.code, d.message) for d in found] == [
        ("WF203", "job `a` has no timeout: the engine's undocumented default applies"),
        ("WF010", "wf-lsp does not read `# noqa: WF203`: it silences nothing; "
                  "write `# wf-lsp: ignore[WF203]`")]
    diagnostic = found[1]
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == (6, 19)
    assert diagnostic.tags is None  # a mistake: not faded as what is not needed
    actions = await _actions_for(client, uri, diagnostic)
    fix = actions["Write `# wf-lsp: ignore[WF203]`"]
    assert fix.is_preferred is None
    fixed = _edited(client, fix, uri, text)
    assert fixed == text.replace("# noqa: WF203", "# wf-lsp: ignore[WF203]")
    # "Ignore WF203 on this line" on the job's finding writes the same, not a second comment.
    ignore = (await _actions_for(client, uri, found[0]))["Ignore WF203 on this line"]
    assert _edited(client, ignore, uri, text) == fixed
    change_document(client, uri, 2, fixed)
    assert await diagnostics(client, uri, version=2) == []
