"""Position encodings: negotiation, and exact ranges on lines with emoji (outside the
BMP), CJK, a BOM and CRLF line ends, both ways (diagnostics out, edits in)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from wf_lsp.findings import Position, Span
from wf_lsp.lsp.positions import Codec
from wf_lsp.parse import Source

from core.helpers import lines_run  # tests/ is on the path: its packages are top-level
from .conftest import (
    Profile, apply_edits, change_document, code_actions, diagnostics, open_document, session,
    token_range, units, workspace_edits
)

DOC = ("\ufeffnmae: x\r\n"
       "jobs:\r\n"
       "  train:\r\n"
       "    timeout: 1h\r\n"
       "    steps: [{run: a}]\r\n"
       '  "🧠模型":\r\n'
       "    timeout: 1h\r\n"
       '    depends_on: ["🧠模型", "🚀", train, "🚀"]  # 🚀 bad\r\n'
       "    steps: [{run: a}]\r\n")


@pytest.mark.parametrize("offered, chosen", [
    (("utf-16", "utf-32", "utf-8"), "utf-8"),
    (("utf-16", "utf-32"), "utf-32"),
    (("utf-16",), "utf-16"),
    (("latin-1",), "utf-16"),
])
async def test_negotiation_prefers_utf8_then_utf32(offered, chosen):
    async with session(Profile(offered[0], offered=offered)) as client:
        assert client.server_capabilities.position_encoding == chosen


async def test_a_client_that_says_nothing_gets_utf16():
    async with session(Profile("utf-16", bare=True)) as client:
        assert client.server_capabilities.position_encoding == "utf-16"
        uri = await open_document(client, DOC)
        [first, *_] = await diagnostics(client, uri)
        assert first.range == token_range(DOC, 0, "nmae", "utf-16")
        assert first.data is None  # it did not say it keeps `data`


async def test_diagnostics_with_bom_crlf_emoji_and_cjk(client):
    uri = await open_document(client, DOC)
    found = [(d.code, d.range) for d in await diagnostics(client, uri)]
    enc = client.encoding
    assert found == [
        ("WF003", token_range(DOC, 0, "nmae", enc)),
        ("WF004", token_range(DOC, 0, "nmae: x", enc)),
        ("WF302", token_range(DOC, 7, '"🧠模型"', enc)),
        ("WF301", token_range(DOC, 7, '"🚀"', enc)),
        ("WF301", token_range(DOC, 7, '"🚀"', enc, nth=1)),
        ("WF303", token_range(DOC, 7, '"🚀"', enc, nth=1)),
    ]
    # The BOM counts on line 0 only, as the client counts it.
    assert found[0][1].start.character == units("\ufeff", enc)
    assert found[3][1].start == types.Position(7, units('    depends_on: ["🧠模型", ', enc))


async def test_fixes_on_the_bom_line_and_after_emoji(client):
    uri = await open_document(client, DOC)
    found = {(d.code, d.range.start.line): d for d in await diagnostics(client, uri)}
    for key, title, expected in (
        (("WF003", 0), "Rename to `name`", DOC.replace("nmae", "name")),
        (("WF303", 7), "Remove the second `🚀`", DOC.replace(', "🚀"]', "]")),
    ):
        actions = await code_actions(client, uri, found[key].range, [found[key]],
                                     only=["quickfix"])
        [action] = [a for a in actions if a.title == title]
        assert apply_edits(DOC, workspace_edits(action.edit, uri), client.encoding) == expected


async def test_incremental_edits_in_client_units(client):
    sync = client.server_capabilities.text_document_sync
    assert sync.change == types.TextDocumentSyncKind.Incremental
    uri = await open_document(client, DOC)
    await diagnostics(client, uri)
    # Replace the first "🚀" by train, and insert a job before the emoji job.
    edits = [types.TextEdit(token_range(DOC, 7, '"🚀"', client.encoding), "train"),
             types.TextEdit(token_range(DOC, 5, '"🧠模型"', client.encoding), '"🚀"')]
    expected = DOC.replace('"🚀", train', "train, train", 1).replace('  "🧠模型":', '  "🚀":')
    change_document(client, uri, 2, edits=list(reversed(edits)))
    found = [(d.code, d.range) for d in await diagnostics(client, uri, version=2)]
    enc = client.encoding
    assert found == [
        ("WF003", token_range(expected, 0, "nmae", enc)),
        ("WF004", token_range(expected, 0, "nmae: x", enc)),
        ("WF301", token_range(expected, 7, '"🧠模型"', enc)),
        ("WF303", token_range(expected, 7, "train", enc, nth=1)),
        ("WF302", token_range(expected, 7, '"🚀"', enc)),
    ]


# Characters that Python's str.splitlines (and YAML 1.1, and so ruamel's marks) take for
# line breaks, and that LSP clients and YAML 1.2 take for text.
ODD = ('id: x\n'
       'jobs:\n'
       '  a:\n'
       '    name: "one\u2028two\u2029three\x85four 🚀"\n'
       '    timeout: "30m1h"\n'
       '    steps: [{run: a}]\n')


async def test_lines_are_only_ended_by_cr_and_lf(client):
    uri = await open_document(client, ODD)
    [found] = await diagnostics(client, uri)
    assert (found.code, found.range) == ("WF103", token_range(ODD, 4, '"30m1h"', client.encoding))
    [fix] = [a for a in await code_actions(client, uri, found.range, [found], only=["quickfix"])
             if a.is_preferred]
    assert apply_edits(ODD, workspace_edits(fix.edit, uri), client.encoding) == ODD.replace(
        '"30m1h"', '"1h30m"')
    # An edit below them lands where the client put it.
    change_document(client, uri, 2, edits=[
        types.TextEdit(token_range(ODD, 4, '"30m1h"', client.encoding), "90")])
    [found] = await diagnostics(client, uri, version=2)
    changed = ODD.replace('"30m1h"', "90")
    assert (found.code, found.range) == ("WF101", token_range(changed, 4, "90", client.encoding))


# -- the codec itself, in-process --------------------------------------------------------

LINE = "a🚀b模c\U0001F9E0"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("bom", [False, True])
def test_codec_round_trips_every_code_point_boundary(encoding, bom):
    source = Source.from_text(("\ufeff" if bom else "") + f"{LINE}\r\nx: {LINE}\n")
    codec = Codec(encoding)
    for line, text in enumerate([("\ufeff" if bom else "") + LINE, f"x: {LINE}"]):
        core_text = text.lstrip("\ufeff")
        for column in range(len(core_text) + 1):
            pos = Position(line, column)
            client_column = units(text[: len(text) - len(core_text) + column], encoding)
            assert codec.to_lsp(source, pos) == types.Position(line, client_column)
            assert codec.from_lsp(source, types.Position(line, client_column)) == pos
    span = Span.of(1, 3, 1, 5)
    assert codec.range_from_lsp(source, codec.range_to_lsp(source, span)) == span


@pytest.mark.parametrize("char, utf8, utf16, utf32", [
    ("a", 1, 1, 1), ("é", 2, 1, 1), ("模", 3, 1, 1),
    ("🚀", 4, 2, 1),  # outside the BMP: a surrogate pair in UTF-16
])
def test_codec_widths(char, utf8, utf16, utf32):
    assert [Codec(e).width(char) for e in ("utf-8", "utf-16", "utf-32")] == [utf8, utf16, utf32]
    source = Source.from_text(f"{char}x\n")
    assert [Codec(e).to_lsp(source, Position(0, 1)).character
            for e in ("utf-8", "utf-16", "utf-32")] == [utf8, utf16, utf32]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_codec_line_ends_are_not_columns(newline, encoding):
    source = Source.from_text(f"\ufeff🚀 模{newline}x: 🚀{newline}{newline}")
    codec = Codec(encoding)
    end_0 = units("\ufeff🚀 模", encoding)
    assert codec.to_lsp(source, Position(0, 3)) == types.Position(0, end_0)
    # A column on the line end (between \r and \n, or past them) is the line's end.
    for character in (end_0 + 1, end_0 + 2):
        assert codec.from_lsp(source, types.Position(0, character)) == Position(0, 3)
    assert codec.from_lsp(source, types.Position(1, 100)) == Position(1, 4)
    assert codec.from_lsp(source, types.Position(2, 5)) == Position(2, 0)
    assert codec.to_lsp(source, source.end()) == types.Position(3, 0)


@pytest.mark.parametrize("encoding, inside, rounded", [
    ("utf-16", 2, 1),  # between the surrogates of 🚀
    ("utf-8", 3, 1),  # inside the four bytes of 🚀
    ("utf-8", 7, 3),  # inside the three bytes of 模
])
def test_codec_rounds_a_position_inside_a_character_down(encoding, inside, rounded):
    source = Source.from_text(LINE + "\n")
    assert Codec(encoding).from_lsp(source, types.Position(0, inside)) == Position(0, rounded)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_codec_on_a_long_line_is_exact_and_reads_the_line_once(encoding):
    # A workflow written on one line: each finding's column counted its line from the
    # start, in Python (2,000 findings on a 100 KB line with an emoji each: two minutes).
    line = "x: " + "a🚀b模c é," * 2_000
    source, codec = Source.from_text(f"\ufeff{line}\n"), Codec(encoding)
    bom = units("\ufeff", encoding)
    for column in (0, 1, 3, 4, 5, 6, 777, len(line) - 1, len(line)):
        expected = types.Position(0, bom + units(line[:column], encoding))
        assert codec.to_lsp(source, Position(0, column)) == expected
        assert codec.from_lsp(source, expected) == Position(0, column)
    assert codec.to_lsp(source, Position(0, len(line) + 9)).character == bom + units(line, encoding)
    ends = [Position(0, len(line) - n) for n in range(500)]
    lines, _ = lines_run(lambda: [codec.to_lsp(source, end) for end in ends])
    assert lines < 40_000  # 500 columns from the line's start: 10 million lines


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_codec_clamps_positions_out_of_range(encoding):
    source = Source.from_text(LINE + "\n")
    codec = Codec(encoding)
    assert codec.from_lsp(source, types.Position(0, 10_000)) == Position(0, len(LINE))
    assert codec.from_lsp(source, types.Position(50, 3)) == Position(1, 0)
    assert codec.to_lsp(source, Position(0, 10_000)) == types.Position(0, units(LINE, encoding))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_codec_offsets_before_and_after_the_bom(encoding):
    # The client's text has the BOM: (0, 0) is before it, so an edit there (deleting the
    # BOM, or typing before it) changes it, as it does in the editor.
    text = "\ufeffid: x\n"
    source, codec = Source.from_text(text), Codec(encoding)
    bom = units("\ufeff", encoding)
    assert [codec.offset(source, types.Position(0, c)) for c in (0, bom, bom + 2)] == [0, 1, 3]
    # Inside the BOM's three bytes (UTF-8): its start.
    assert {codec.offset(source, types.Position(0, c)) for c in range(bom)} == {0}
    assert codec.offset(source, types.Position(1, 0)) == len(text)


async def test_deleting_the_bom(client):
    text = "\ufeff{id: x, jobs: {a: {timeout: \"30m1h\", steps: []}}}\n"
    uri = await open_document(client, text)
    await diagnostics(client, uri)
    bom = types.Range(types.Position(0, 0), types.Position(0, units("\ufeff", client.encoding)))
    change_document(client, uri, 2, edits=[types.TextEdit(bom, "")])
    [found] = [d for d in await diagnostics(client, uri, version=2) if d.code == "WF103"]
    assert found.range == token_range(text[1:], 0, '"30m1h"', client.encoding)
