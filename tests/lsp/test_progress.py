"""$/progress while a large document is linted (window/workDoneProgress/create, begin,
end), and none for a small one or for a client that shows no progress."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
import warnings
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LspSpecificationWarning

from wf_lsp.lsp.progress import LARGE_DOCUMENT_LINES

from .conftest import PULL_UTF8, PUSH_UTF16, change_document, diagnostics, open_document, session
from .test_settings import DOC


def _generated(lines: int) -> str:
    """A realistic workflow of `lines` lines and more (benchmarks/generate.py)."""
    path = Path(__file__).parents[2] / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.workflow(lines)


LARGE = _generated(LARGE_DOCUMENT_LINES)
LINES = LARGE.count("\n") + 1


async def _ended(client) -> list:
    """The reports of the one progress token, once it has ended (failing, not hanging,
    when it never does)."""
    async def end() -> None:
        while not any(isinstance(r, types.WorkDoneProgressEnd)
                      for reports in client.progress_reports.values() for r in reports):
            await client.wait_for_notification(types.PROGRESS)

    await asyncio.wait_for(end(), 60)
    [reports] = client.progress_reports.values()
    return reports


@pytest.mark.parametrize("profile", [PUSH_UTF16, PULL_UTF8], ids=lambda p: p.name)
async def test_a_large_document_reports_progress(profile):
    assert LINES >= LARGE_DOCUMENT_LINES
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LspSpecificationWarning)
        async with session(profile) as client:
            uri = await open_document(client, LARGE, "big.yaml")
            reports = await _ended(client)
            if not profile.pull:  # ended once the diagnostics were published
                assert [p.uri for p in client.published] == [uri]
            assert len(await diagnostics(client, uri)) > 100
            [token] = client.progress_reports  # window/workDoneProgress/create
            assert [type(r) for r in reports] == [types.WorkDoneProgressBegin,
                                                  types.WorkDoneProgressEnd]
            begin, end = reports
            assert begin.title == "wf-lsp: linting big.yaml"
            assert begin.message == f"{LINES:,} lines"
            assert end.message.endswith(" problems")
            # A small document, opened next, gets none.
            small = await open_document(client, DOC, "small.yaml")
            await diagnostics(client, small)
            assert list(client.progress_reports) == [token]
    # $/progress came only for the token the client had created, and created once.
    assert [str(w.message) for w in caught if issubclass(w.category, LspSpecificationWarning)] == []


async def test_a_small_document_reports_no_progress():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, DOC)
        assert await diagnostics(client, uri)
        assert client.progress_reports == {}


async def test_no_progress_for_a_client_without_work_done_progress():
    profile = dataclasses.replace(PUSH_UTF16, bare=True)
    async with session(profile) as client:
        uri = await open_document(client, LARGE, "big.yaml")
        assert await diagnostics(client, uri)
        assert client.progress_reports == {}


async def test_edits_during_a_large_lint_continue_one_progress():
    async with session(PUSH_UTF16) as client:
        uri = await open_document(client, LARGE, "big.yaml")
        change_document(client, uri, 2, LARGE + "# one more line\n")
        await diagnostics(client, uri, version=2)
        reports = await _ended(client)
        kinds = [type(r) for r in reports]
        assert kinds[0] is types.WorkDoneProgressBegin and kinds[-1] is types.WorkDoneProgressEnd
        assert set(kinds[1:-1]) <= {types.WorkDoneProgressReport}
        assert [p.version for p in client.published] == [2]


async def test_progress_ends_when_the_document_is_closed_during_its_lint():
    async with session(PUSH_UTF16) as client:
        # Four times as large: still linting when it is closed.
        uri = await open_document(client, _generated(4 * LARGE_DOCUMENT_LINES), "big.yaml")
        while not client.progress_reports or not next(iter(client.progress_reports.values())):
            await client.wait_for_notification(types.PROGRESS)  # begun
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri)))
        reports = await _ended(client)
        assert [type(r) for r in reports] == [types.WorkDoneProgressBegin,
                                              types.WorkDoneProgressEnd]
        assert reports[-1].message is None
        assert client.published == []
