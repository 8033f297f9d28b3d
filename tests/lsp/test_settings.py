"""Settings: config files, the client's `wfLsp` section on top (pulled at start and on
didChangeConfiguration, or from initializationOptions), bad keys said once by name,
watched config files, log level, linting the workspace on start with progress."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from lsprotocol import types

from .conftest import (
    PULL_UTF8, PUSH_UTF16, PUSH_UTF32, diagnostics, open_document, session
)
from .raw_rpc import RawServer

DOC = """\
id: nightly
jobs:
  train:
    timeout: 3h
    steps:
      - run: python train.py
        timeout: 2h0m
  report:
    depends_on: [train, train]
    steps:
      - run: echo done
"""
DEFAULT_CODES = ["WF110", "WF203", "WF303"]


async def _codes(client, uri: str, published_before: int | None = None) -> list[str]:
    """Codes of the document's diagnostics; when pushed, those of a publish that came
    after the first `published_before` ones (a re-lint keeps the version)."""
    if published_before is not None and not client.profile.pull:
        while len(client.published) <= published_before:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return [d.code for d in client.published[-1].diagnostics]
    return [d.code for d in await diagnostics(client, uri)]


SHAPES = [
    ({}, DEFAULT_CODES),
    ({"select": ["WF1", "WF3"]}, ["WF110", "WF303"]),
    ({"select": "WF1, WF3"}, ["WF110", "WF303"]),  # one string, as `--select` takes it
    ({"ignore": ["WF110"]}, ["WF203", "WF303"]),
    ({"requireTimeout": "none"}, ["WF110", "WF303"]),
    ({"maxJobTimeout": "2h"}, ["WF204", "WF110", "WF203", "WF303"]),
    ({"maxStepTimeout": "90m", "ignore": "WF2"}, ["WF110", "WF303"]),
]


@pytest.mark.parametrize("settings, codes", SHAPES)
async def test_client_settings_shape_the_findings(settings, codes):
    async with session(PULL_UTF8, settings) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == codes
        assert client.messages == []


async def test_severity_setting():
    async with session(PUSH_UTF16, {"severity": {"WF203": "error", "WF3": "hint"}}) as client:
        uri = await open_document(client, DOC)
        found = {d.code: d.severity for d in await diagnostics(client, uri)}
        assert found == {"WF110": types.DiagnosticSeverity.Hint,
                         "WF203": types.DiagnosticSeverity.Error,
                         "WF303": types.DiagnosticSeverity.Hint}


async def test_severity_setting_goes_on_top_of_the_config_files(tmp_path):
    # It replaced the file's table: the project's WF203 = "error" was lost in the editor
    # alone. The setting's codes win for what they cover (its WF3 over the file's WF303).
    (tmp_path / "wf-lsp.toml").write_text(
        'severity = { WF203 = "error", WF303 = "warning", WF110 = "information" }\n')
    async with session(PUSH_UTF16, {"severity": {"WF3": "hint", "WF110": "warning"}},
                       root=str(tmp_path)) as client:
        uri = await open_document(client, DOC, uri=(tmp_path / "flow.yaml").as_uri())
        found = {d.code: d.severity for d in await diagnostics(client, uri)}
        assert found == {"WF110": types.DiagnosticSeverity.Warning,
                         "WF203": types.DiagnosticSeverity.Error,
                         "WF303": types.DiagnosticSeverity.Hint}


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8], ids=["push", "pull"])
async def test_did_change_configuration_relints(profile):
    async with session(profile) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == DEFAULT_CODES
        before = len(client.published)
        client.set_configuration({"wfLsp": {"ignore": ["WF303"]}})
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=None))
        if profile.pull:  # the server asks the client to pull again
            while client.diagnostic_refresh_count == 0:
                await asyncio.sleep(0.01)
        assert await _codes(client, uri, before) == ["WF110", "WF203"]
        if not profile.pull:
            assert client.diagnostic_refresh_count == 0  # pushed: nothing to refresh
        while len(client.refreshes) < 2:  # code lenses and inlay hints depend on settings
            await asyncio.sleep(0.01)
        assert client.refreshes == [types.WORKSPACE_CODE_LENS_REFRESH,
                                    types.WORKSPACE_INLAY_HINT_REFRESH]


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8], ids=["push", "pull"])
async def test_each_setting_applies_after_did_change_configuration(profile):
    S = types.DiagnosticSeverity
    steps = [*SHAPES[1:], ({"severity": {"WF203": "error", "WF3": "hint"}}, DEFAULT_CODES),
             ({}, DEFAULT_CODES)]
    async with session(profile) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == DEFAULT_CODES
        for settings, codes in steps:
            before, refreshes = len(client.published), client.diagnostic_refresh_count
            client.set_configuration({"wfLsp": settings})
            client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings=None))
            while profile.pull and client.diagnostic_refresh_count == refreshes:
                await asyncio.sleep(0.01)
            assert await _codes(client, uri, before) == codes, settings
            if "severity" in settings:
                found = {d.code: d.severity for d in await diagnostics(client, uri)}
                assert found == {"WF110": S.Hint, "WF203": S.Error, "WF303": S.Hint}
        assert client.messages == []


async def test_a_bad_setting_is_said_once_and_the_rest_works():
    settings = {"debounceMs": "soon", "ignore": ["WF303"], "requireTimeout": "sometimes"}
    async with session(PUSH_UTF16, settings) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == ["WF110", "WF203"]
        assert [(m.type, m.message) for m in client.messages] == [
            (types.MessageType.Warning, "wf-lsp: wfLsp.requireTimeout: "
             "expected one of none, jobs, steps, all, got 'sometimes'"),
            (types.MessageType.Warning, "wf-lsp: wfLsp.debounceMs: expected a whole number "
             "of milliseconds from 0 to 10000, got 'soon'"),
        ]
        before = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert await _codes(client, uri, before) == ["WF110", "WF203"]
        assert len(client.messages) == 2  # the same problems are not said again


async def test_an_unknown_setting_is_said_with_a_guess():
    # `requireTimout`, or a config file's name for a setting, was taken in silence, to no
    # effect; the VS Code extension's own keys, which another client may pass on, are not said.
    settings = {"requireTimout": "none", "extend-select": ["WF111"], "ignore": ["WF303"],
                "interpreter": ["python3"], "trace": {"server": "off"}, "zzz": 1,
                "wfLsp.select": ["WF1"]}
    async with session(PUSH_UTF16, settings) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == ["WF110", "WF203"]
        assert [(m.type, m.message) for m in client.messages] == [
            (types.MessageType.Warning, "wf-lsp: wfLsp.requireTimout: unknown setting (did "
             "you mean `requireTimeout`?)"),
            (types.MessageType.Warning, "wf-lsp: wfLsp.extend-select: unknown setting (did "
             "you mean `extendSelect`? `extend-select` is the config file's name)"),
            (types.MessageType.Warning, "wf-lsp: wfLsp.zzz: unknown setting"),
            (types.MessageType.Warning, "wf-lsp: wfLsp.wfLsp.select: unknown setting (inside "
             "the `wfLsp` section, write `select`)"),
        ]


async def test_initialization_options_for_clients_without_configuration():
    profile = dataclasses.replace(PUSH_UTF32, configuration=False)
    async with session(profile, initialization_options={"wfLsp": {"ignore": ["WF110"]}}) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == ["WF203", "WF303"]
        # Such clients push their settings with didChangeConfiguration.
        before = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"wfLsp": {"ignore": ["WF203"]}}))
        assert await _codes(client, uri, before) == ["WF110", "WF303"]


async def test_config_files_are_watched(tmp_path):
    config = tmp_path / "wf-lsp.toml"
    config.write_text('ignore = ["WF303"]\n')
    async with session(PUSH_UTF16, {"ignore": ["WF110"]}, root=str(tmp_path)) as client:
        uri = await open_document(client, DOC, uri=(tmp_path / "flow.yaml").as_uri())
        # The client's settings go on top of the file's.
        assert await _codes(client, uri) == ["WF203"]
        [registration] = client.registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        # Config files, and the workflows whose calls the index follows (tests/lsp/test_calls.py)
        # (and folders created or deleted, whose workflows come or go with them).
        assert [w["globPattern"] for w in registration.register_options["watchers"]] == [
            "**/pyproject.toml", "**/wf-lsp.toml", "**/.wf-lsp.toml", "**/*.yaml", "**/*.yml",
            "**/*"]
        config.write_text('ignore = ["WF203"]\n')
        before = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
        assert await _codes(client, uri, before) == ["WF303"]
        # A broken config file is said, and the defaults keep working.
        config.write_text("ignore = [\n")
        before = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
        assert await _codes(client, uri, before) == ["WF203", "WF303"]
        [message] = client.messages
        assert message.type == types.MessageType.Error
        # Named as the explorer shows it, from the workspace folder.
        assert message.message.startswith("wf-lsp: wf-lsp.toml: invalid TOML")
        # What the lint does meanwhile is said: the defaults, under the client's settings.
        assert message.message.endswith("\n(until it is fixed, its files are linted with the "
                                        "default settings and the wfLsp settings)")


# `extendSelect` is a layer on top of the file's selection, as `--extend-select` is: WF111 (off
# by default) on `90m`, WF110 on `2h0m`, WF303 in the file's selection; WF203 out of it.
EXTEND_SELECT = [
    ('select = ["WF110", "WF3"]', {}, ["WF110", "WF303"]),
    ('select = ["WF110", "WF3"]', {"extendSelect": ["WF111"]}, ["WF111", "WF110", "WF303"]),
    ('select = ["WF110", "WF3"]', {"extendSelect": "duration-not-canonical"},
     ["WF111", "WF110", "WF303"]),
    # The file's ignore still counts for the rules it does not name (`select` would drop it)...
    ('select = ["WF1", "WF3"]\nignore = ["WF11"]', {"extendSelect": ["WF111"]},
     ["WF111", "WF303"]),
    # ...and the editor's layer, resolved after the file's, wins for those it does.
    ('ignore = ["WF111", "WF2"]', {"extendSelect": ["WF111"]}, ["WF111", "WF110", "WF303"]),
    # Within the editor's layer: the more specific wins, the ignore on a tie.
    ('select = ["WF110", "WF3"]', {"extendSelect": ["WF111"], "ignore": ["WF1"]},
     ["WF111", "WF303"]),
    ('select = ["WF110", "WF3"]', {"extendSelect": ["WF111"], "ignore": ["WF111"]},
     ["WF110", "WF303"]),
    ('select = ["WF110", "WF3"]', {"extendSelect": ["WF1"], "ignore": ["WF111"]},
     ["WF110", "WF303"]),
]


@pytest.mark.parametrize("file, settings, codes", EXTEND_SELECT)
async def test_extend_select_adds_to_the_config_files_selection(tmp_path, file, settings, codes):
    (tmp_path / "wf-lsp.toml").write_text(file + "\n")
    async with session(PULL_UTF8, settings, root=str(tmp_path)) as client:
        uri = await open_document(client, DOC.replace("timeout: 3h", "timeout: 90m"),
                                  uri=(tmp_path / "flow.yaml").as_uri())
        assert await _codes(client, uri) == codes
        assert client.messages == []


async def test_a_bad_extend_select_is_said_once_and_the_rest_works(tmp_path):
    (tmp_path / "wf-lsp.toml").write_text('select = ["WF1", "WF3"]\n')
    settings = {"extendSelect": ["WF111", "WF999"], "ignore": ["WF303"]}
    async with session(PUSH_UTF16, settings, root=str(tmp_path)) as client:
        uri = await open_document(client, DOC, uri=(tmp_path / "flow.yaml").as_uri())
        assert await _codes(client, uri) == ["WF110"]
        # As a config file's `extend-select = ["WF999"]` says it, named as the setting.
        assert [(m.type, m.message) for m in client.messages] == [
            (types.MessageType.Warning, "wf-lsp: wfLsp.extendSelect: 'WF999' matches no rule "
             "code or name (see `wf-lsp rules`)")]
        before = len(client.published)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert await _codes(client, uri, before) == ["WF110"]
        assert len(client.messages) == 1


async def test_a_bad_config_file_is_named_from_its_workspace_folder(tmp_path):
    # It was named by its absolute path; with several folders, the folder's name comes
    # first, as the editor's labels of a multi-root workspace do.
    one, two = tmp_path / "one", tmp_path / "two"
    (two / "sub").mkdir(parents=True)
    one.mkdir()
    (two / "sub" / "wf-lsp.toml").write_text("selct = []\n")
    async with session(PUSH_UTF16, root=str(one), folders=[str(one), str(two)]) as client:
        uri = await open_document(client, DOC, uri=(two / "sub" / "flow.yaml").as_uri())
        assert await _codes(client, uri) == DEFAULT_CODES
        [message] = client.messages
        assert (message.type, message.message) == (
            types.MessageType.Error,
            "wf-lsp: two/sub/wf-lsp.toml:1: selct: unknown key (did you mean `select`?)\n"
            "(until it is fixed, its files are linted with the default settings)")


async def test_per_file_ignores_of_the_config_file(tmp_path):
    """`per-file-ignores` applies in the editor as in `wf-lsp lint`, from the config's folder,
    under the client's own selection (which does not take it back)."""
    (tmp_path / "wf-lsp.toml").write_text(
        '[per-file-ignores]\n"legacy/**" = ["WF203"]\n"*.gen.yaml" = ["WF110"]\n')
    (tmp_path / "legacy" / "deep").mkdir(parents=True)
    async with session(PULL_UTF8, {"extendSelect": ["WF203"]}, root=str(tmp_path)) as client:
        legacy = await open_document(client, DOC, uri=(tmp_path / "legacy" / "deep" / "a.yaml").as_uri())
        generated = await open_document(client, DOC.replace("nightly", "b"),
                                        uri=(tmp_path / "b.gen.yaml").as_uri())
        plain = await open_document(client, DOC.replace("nightly", "c"),
                                    uri=(tmp_path / "c.yaml").as_uri())
        assert await _codes(client, legacy) == ["WF110", "WF303"]
        assert await _codes(client, generated) == ["WF203", "WF303"]
        assert await _codes(client, plain) == DEFAULT_CODES
        assert client.messages == []


async def test_no_file_watcher_without_dynamic_registration():
    async with session(dataclasses.replace(PUSH_UTF16, bare=True)) as client:
        uri = await open_document(client, DOC)
        assert await _codes(client, uri) == DEFAULT_CODES
        assert client.registrations == []


async def test_a_pulling_client_is_told_to_pull_again_when_a_config_file_changes(tmp_path):
    config = tmp_path / "wf-lsp.toml"
    config.write_text('ignore = ["WF303"]\n')
    async with session(PULL_UTF8, root=str(tmp_path)) as client:
        uri = await open_document(client, DOC, uri=(tmp_path / "flow.yaml").as_uri())
        first = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri)))
        assert [d.code for d in first.items] == ["WF110", "WF203"]
        config.write_text('ignore = ["WF110"]\n')
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(config.as_uri(), types.FileChangeType.Changed)]))
        while client.diagnostic_refresh_count == 0:
            await asyncio.sleep(0.01)
        # Same text, same version, other config: not `unchanged`.
        again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri), previous_result_id=first.result_id))
        assert again.kind == "full" and [d.code for d in again.items] == ["WF203", "WF303"]
        assert client.published == []


async def test_log_level_setting_sends_debug_messages():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
        assert [m.message for m in client.log_messages if m.type == types.MessageType.Log] == []
        assert any(m.message.startswith("wf-lsp ") for m in client.log_messages
                   if m.type == types.MessageType.Info)
    async with session(PUSH_UTF16, {"logLevel": "debug"}) as client:
        uri = await open_document(client, DOC)
        await diagnostics(client, uri)
        debug = [m.message for m in client.log_messages if m.type == types.MessageType.Log]
        assert any(m.startswith(f"linted {uri} v1: 3 findings in ") for m in debug)


async def test_lint_workspace_on_start_reports_progress(tmp_path):
    (tmp_path / "a.yaml").write_text(DOC)
    (tmp_path / "sub").mkdir()
    # (another id: two workflows of one workspace with the same id would be WF601)
    (tmp_path / "sub" / "b.yml").write_text(DOC.replace("2h0m", "2h").replace("id: nightly", "id: b"))
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True}, root=str(tmp_path)) as client:
        while len(client.published) < 2:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        published = {p.uri: [d.code for d in p.diagnostics] for p in client.published}
        assert published == {(tmp_path / "a.yaml").as_uri(): DEFAULT_CODES,
                             (tmp_path / "sub" / "b.yml").as_uri(): ["WF203", "WF303"]}
        while not any(isinstance(r, types.WorkDoneProgressEnd)
                      for reports in client.progress_reports.values() for r in reports):
            await client.wait_for_notification(types.PROGRESS)
        [reports] = client.progress_reports.values()
        assert isinstance(reports[0], types.WorkDoneProgressBegin)
        assert [r.percentage for r in reports[1:-1]] == [33, 66, 100]
        assert reports[-1].message == "3 YAML files"


async def test_debounce_still_ends_with_the_last_version():
    async with session(PUSH_UTF16, {"debounceMs": 100}) as client:
        uri = await open_document(client, DOC)
        for version in range(2, 7):
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(
                    text=DOC.replace("2h0m", f"{version}h0m"))]))
        found = await diagnostics(client, uri, version=6)
        assert [d.message for d in found if d.code == "WF110"] == [
            'zero parts add nothing: write "6h0m" as "6h"']
        versions = [p.version for p in client.published]
        assert versions == sorted(set(versions))


async def test_settings_that_change_during_a_lint_are_applied():
    from .test_robustness import SLOW  # its lint is still running when they change

    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, SLOW)
        client.set_configuration({"wfLsp": {"ignore": ["WF103"]}})
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))

        async def cleared() -> None:
            while not client.published or client.published[-1].diagnostics:
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

        # Were the lint under way published as final, nothing would come after it.
        await asyncio.wait_for(cleared(), 120)
        assert client.published[-1].uri == uri


async def test_workspace_diagnostics_follow_config_changes(tmp_path):
    (tmp_path / "a.yaml").write_text(DOC)
    async with session(PUSH_UTF16, {"lintWorkspaceOnStart": True}, root=str(tmp_path)) as client:
        uri = (tmp_path / "a.yaml").as_uri()
        while not client.published:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        assert [d.code for d in client.published[-1].diagnostics] == DEFAULT_CODES
        config = tmp_path / "wf-lsp.toml"
        config.write_text('ignore = ["WF1", "WF2", "WF3"]\n')
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(config.as_uri(), types.FileChangeType.Created)]))
        while len(client.published) < 2:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        assert (client.published[-1].uri, list(client.published[-1].diagnostics)) == (uri, [])


# How each kind of bad value is named, checked in-process (the server shows these).

@pytest.mark.parametrize("raw, message", [
    ({"select": ["WF999"]}, "wfLsp.select: 'WF999' matches no rule code or name (see `wf-lsp rules`)"),
    ({"ignore": 5}, "wfLsp.ignore: expected a list of strings"),
    ({"extendSelect": ["WF1", "nope"]},
     "wfLsp.extendSelect: 'nope' matches no rule code or name (see `wf-lsp rules`)"),
    ({"severity": {"WF203": "fatal"}},
     "wfLsp.severity: unknown severity 'fatal' (expected error, warning, information, hint or off)"),
    ({"maxJobTimeout": "30m1h"},
     'wfLsp.maxJobTimeout: units must go from larger to smaller: "30m1h" is 1h30m'),
    ({"maxStepTimeout": "1d"}, 'wfLsp.maxStepTimeout: unknown unit "d" in "1d": durations use '
                               'ns, us, ms, s, m and h; write "24h"'),
    ({"inlayHints": {"enable": "yes"}},
     "wfLsp.inlayHints.enable: expected true or false, got 'yes'"),
    ({"codeLens": 5}, "wfLsp.codeLens: expected true or false, got 5"),
    ({"logLevel": "loud"},
     "wfLsp.logLevel: expected one of error, warning, info, debug, got 'loud'"),
])
def test_a_bad_value_is_named_and_the_rest_is_taken(raw, message):
    from wf_lsp.lsp.settings import parse

    settings, errors = parse({**raw, "requireTimeout": "none"})
    assert errors == [message]
    assert settings.config_table == {"require-timeout": "none"}


@pytest.mark.parametrize("answer", [None, {"wfLsp": {}}, "wfLsp"], ids=["null", "object", "string"])
def test_a_configuration_answer_that_is_not_a_list_is_no_settings(answer):
    # The protocol says a list, one item per section asked for; some clients answer null.
    with RawServer() as server:
        server.initialize({"workspace": {"configuration": True}})
        while (message := server.next_message()).get("method") != "workspace/configuration":
            pass
        server.send({"jsonrpc": "2.0", "id": message["id"], "result": answer})
        uri = "file:///work/flow.yaml"
        server.open(uri, DOC)
        assert [d["code"] for d in server.diagnostics(uri)] == DEFAULT_CODES
        # Taken at once as no settings (not waited for until the request times out, nor
        # said to the user as the server's failure to read a message).
        said = [m for m in server.seen if m.get("method", "").startswith("window/")]
        assert not [m for m in said if m["method"] == "window/showMessage"], said
        assert not [m for m in said if "configuration failed" in m["params"]["message"]], said
