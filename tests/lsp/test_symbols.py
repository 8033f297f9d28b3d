"""Document symbols end to end: workflow → jobs → steps, timeouts as detail; a tree for
clients that nest symbols, a flat list naming each parent for the others (each profile)."""

from __future__ import annotations

from lsprotocol import types

from .conftest import lsp_position, open_document, token_range

DOC = """\
id: outline
name: Outline 🗂
jobs:
  prep:
    timeout: "90m"
    steps:
      - name: Fetch 📦 data
        timeout: 10m
        run: fetch
      - run: |
          python clean.py --all --verbose
  train:
    timeout: "1 h"
    steps:
      - upload: {path: out/, destination: "drive://b/"}

  call:
    workflow: {name: other}
"""
LINES = DOC.splitlines()
# What editors print beside each (VS Code: "prep (object)", "Fetch 📦 data (event)"): a job
# is no class, a step no function.
JOB, STEP = types.SymbolKind.Object, types.SymbolKind.Event


def span(client, line: int, column: int, end_line: int, end_column: int) -> types.Range:
    return types.Range(lsp_position(DOC, line, column, client.encoding),
                       lsp_position(DOC, end_line, end_column, client.encoding))


def line_end(line: int) -> int:
    return len(LINES[line])


def expected(client) -> list[tuple]:
    """(name, kind, detail, range, selection range, container) in document order."""
    fetch = (6, 8)
    return [
        ("outline", types.SymbolKind.Module, None, span(client, 0, 0, 17, line_end(17)),
         token_range(DOC, 0, "id", client.encoding), None),
        ("prep", JOB, "timeout 1h30m", span(client, 3, 2, 10, line_end(10)),
         token_range(DOC, 3, "prep", client.encoding), "outline"),
        ("Fetch 📦 data", STEP, "timeout 10m", span(client, *fetch, 8, line_end(8)),
         span(client, *fetch, 6, line_end(6)), "prep"),
        ("step 2: python clean.py --all --verbose", STEP, None,
         span(client, 9, 8, 10, line_end(10)), span(client, 9, 8, 9, line_end(9)), "prep"),
        ("train", JOB, 'timeout "1 h" (invalid)', span(client, 11, 2, 14, line_end(14)),
         token_range(DOC, 11, "train", client.encoding), "outline"),
        ("step 1: upload", STEP, None, span(client, 14, 8, 14, line_end(14)),
         span(client, 14, 8, 14, line_end(14)), "train"),
        ("call", JOB, None, span(client, 16, 2, 17, line_end(17)),
         token_range(DOC, 16, "call", client.encoding), "outline"),
    ]


def walk(symbols, container=None):
    for symbol in symbols:
        yield symbol, container
        yield from walk(symbol.children or (), symbol.name)


async def test_outline(client):
    uri = await open_document(client, DOC)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    # A tree exactly for the clients that announce hierarchicalDocumentSymbolSupport.
    assert isinstance(result[0], types.DocumentSymbol) == client.profile.hierarchical_symbols
    if isinstance(result[0], types.DocumentSymbol):
        seen = [(s.name, s.kind, s.detail, s.range, s.selection_range, parent)
                for s, parent in walk(result)]
        assert seen == expected(client)
        assert [len(s.children) for s, _ in walk(result)] == [3, 2, 0, 0, 1, 0, 0]
    else:  # a client without hierarchicalDocumentSymbolSupport gets the flat list
        assert all(s.location.uri == uri for s in result)
        seen = [(s.name, s.kind, s.location.range, s.container_name) for s in result]
        assert seen == [(name, kind, range_, parent)
                        for name, kind, _, range_, _, parent in expected(client)]


async def test_a_step_named_by_its_script_is_not_cut_inside_an_expression(client):
    text = ("id: ship\njobs:\n  deploy:\n    timeout: 1h\n    steps:\n"
            '      - run: echo "🚀 ${{ .env.STAGE }}" && make deploy\n'
            "      - run: |\n          set -e\n          ./deploy.sh\n"
            "      - run: echo ${{ if eq .inputs.mode \"fast\" }}quick${{ else }}full${{ end }} run\n")
    uri = await open_document(client, text)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    tree = isinstance(result[0], types.DocumentSymbol)  # else the flat list
    names = [s.name for s in ([s for s, _ in walk(result)] if tree else result) if s.kind == STEP]
    assert names == ['step 1: echo "🚀 ${{ .env.STAGE }}" …', "step 2: set -e …",
                     "step 3: echo …"]


async def test_no_symbols_for_other_yaml(client):
    uri = await open_document(client, "on: push\njobs:\n  a:\n    runs-on: x\n", "ci.yaml")
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert result is None


def contains(outer: types.Range, inner: types.Range) -> bool:
    as_tuple = lambda p: (p.line, p.character)  # noqa: E731
    return (as_tuple(outer.start) <= as_tuple(inner.start)
            and as_tuple(inner.end) <= as_tuple(outer.end))


async def test_every_selection_inside_its_range_while_a_job_is_typed(client):
    """VS Code rejects a whole outline whose one symbol has its selection outside its range
    (`- run: ` half typed once did): every state of a job typed character by character."""
    typed = "  report:\n    timeout: 90m\n    depends_on: [prep]\n    steps:\n      - run: python r.py\n"
    uri = await open_document(client, DOC)
    for version, end in enumerate(range(1, len(typed) + 1), start=2):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=DOC + typed[:end])]))
        result = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        if result and isinstance(result[0], types.DocumentSymbol):
            outside = [s.name for s, _ in walk(result) if not contains(s.range, s.selection_range)]
            assert outside == [], repr(typed[:end])
