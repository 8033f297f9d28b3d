"""Other formats stay silent in the editor: every file of tests/corpus/other opened over
JSON-RPC gets no diagnostic; a workflow without its `id`, or with `jobs` indented under
it, gets what the CLI says."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import diagnostics, open_document

OTHER = Path(__file__).resolve().parents[1] / "corpus" / "other"
FILES = sorted(p for p in OTHER.rglob("*") if p.is_file())
WORKFLOW = "id: w\njobs:\n  a:\n    timeout: 30m1h\n    steps:\n      - run: a\n"


async def test_no_file_of_another_format_gets_a_diagnostic(client):
    others = [await open_document(client, path.read_text(encoding="utf-8"),
                                  uri=path.as_uri()) for path in FILES]
    assert len(others) >= 60
    uri = await open_document(client, WORKFLOW)
    assert [d.code for d in await diagnostics(client, uri)] == ["WF103"]
    for other in others:
        if client.profile.pull:
            assert await diagnostics(client, other) == [], other
        else:  # one lint worker, in order: the other files were done before the workflow
            assert other not in client.diagnostics, other


async def test_workflows_that_miss_id_or_indent_jobs_under_it_are_told(client):
    missing = await open_document(client, "jobs:\n  a:\n    timeout: 1h\n    steps:\n"
                                          "      - run: a\n", "missing-id.yaml")
    indented = await open_document(client, "id: m\n jobs:\n  a:\n    steps:\n      - run: a\n",
                                   "indented.yaml")
    assert [(d.code, d.message) for d in await diagnostics(client, missing)] == [
        ("WF004", "the workflow needs `id`")]
    assert [(d.code, d.range.start.line, d.message)
            for d in await diagnostics(client, indented)] == [
        ("WF001", 1, "YAML syntax error: mapping values are not allowed in this context "
                     "(`jobs` is indented more than `id` above it)")]


async def test_rename_in_another_format_says_nothing_of_job_ids(client):
    # F2 in a Compose file answered "Only a job id, an input, ... can be renamed": null
    # lets the editor say that the element cannot be renamed.
    uri = await open_document(client, (OTHER / "compose" / "docker-compose.yml").read_text(
        encoding="utf-8"), "docker-compose.yml")
    where = types.TextDocumentIdentifier(uri)
    for line in range(4):
        position = types.Position(line, 2)
        assert await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(where, position)) is None
        assert await client.text_document_rename_async(
            types.RenameParams(where, position, "renamed")) is None
