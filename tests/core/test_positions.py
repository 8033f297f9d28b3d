"""Positions through the real CLI on the files that break naive column counting.

Columns are Unicode code points (an emoji outside the BMP is one column, not two UTF-16
units, not four UTF-8 bytes); a BOM is not a column; CRLF is one line end. `--fix`
edits such lines exactly and keeps the BOM and the CRLF line ends.
"""

from __future__ import annotations

import json

import pytest

from .helpers import run_cli, run_json

BOM = "\ufeff"
EMOJI_LINE = '      - {name: "🚀 训练 📊", timeout: "30m1h", run: echo 😀}'
CJK_LINE = '    name: "模型训练"  # 训练'
FLOW = ("id: positions\n"
        "jobs:\n"
        "  训练:\n"
        f"{CJK_LINE}\n"
        "    timeout: \"48 h\"\n"
        "    steps:\n"
        f"{EMOJI_LINE}\n"
        "      - {name: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, timeout: 1d, run: echo}\n")


def write(tmp_path, name: str, text: str, bom=False, crlf=False):
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / name
    path.write_bytes((BOM if bom else "").encode() + text.encode("utf-8"))
    return path


def column_of(line: str, token: str) -> tuple[int, int]:
    """1-based code-point columns of `token` in `line`, end exclusive."""
    start = line.index(token) + 1
    return start, start + len(token)


def expected_positions():
    lines = FLOW.splitlines()
    return [
        (5, *column_of(lines[4], '"48 h"'), "WF102"),
        (7, *column_of(lines[6], '"30m1h"'), "WF103"),
        (8, *column_of(lines[7], "1d"), "WF106"),
    ]


def positions(items):
    return [(i["line"], i["column"], i["end_column"], i["code"]) for i in items]


def test_the_columns_are_code_points_not_utf16_units_nor_bytes():
    line = FLOW.splitlines()[6]
    start, _ = column_of(line, '"30m1h"')
    utf16 = len(line[: start - 1].encode("utf-16-le")) // 2 + 1
    utf8 = len(line[: start - 1].encode("utf-8")) + 1
    assert (start, utf16, utf8) == (35, 37, 45)  # the test would not tell them apart otherwise


@pytest.mark.parametrize("bom, crlf", [(False, False), (True, False), (False, True), (True, True)])
def test_json_positions_with_bom_crlf_emoji_and_cjk(tmp_path, bom, crlf):
    path = write(tmp_path, "w.yaml", FLOW, bom, crlf)
    items = run_json(path.name, cwd=tmp_path)
    assert positions(items) == expected_positions()
    assert all(i["end_line"] == i["line"] for i in items)
    fix = items[1]["fix"]
    start, end = column_of(EMOJI_LINE, "30m1h")  # inside the quotes, which stay
    assert fix == {"title": 'Change to "1h30m"', "safe": True, "path": "w.yaml", "edits": [
        {"line": 7, "column": start, "end_line": 7, "end_column": end, "new_text": "1h30m"}]}


def test_a_bom_is_not_a_column_on_the_first_line(tmp_path):
    path = write(tmp_path, "w.yaml", "jobs:\n  a: {timeout: 1h, steps: [{run: a}]}\n", bom=True)
    items = run_json(path.name, cwd=tmp_path)
    assert positions(items) == [(1, 1, 6, "WF004")]


@pytest.mark.parametrize("bom, crlf", [(False, False), (True, True), (True, False), (False, True)])
def test_fix_edits_emoji_lines_exactly_and_keeps_bom_and_crlf(tmp_path, bom, crlf):
    path = write(tmp_path, "w.yaml", FLOW, bom, crlf)
    done = run_cli("lint", "--fix", "--format", "concise", path.name, cwd=tmp_path)
    fixed = (FLOW.replace('"48 h"', '"48h"').replace('"30m1h"', '"1h30m"')
             .replace("timeout: 1d", "timeout: 24h"))
    end = "\r\n" if crlf else "\n"
    assert path.read_bytes() == ((BOM if bom else "") + fixed.replace("\n", end)).encode("utf-8")
    assert done.stdout == "Fixed 3 problems.\nAll checks passed (1 workflow file).\n"
    assert done.returncode == 0


def test_diff_shows_the_emoji_line_and_writes_nothing(tmp_path):
    path = write(tmp_path, "w.yaml", FLOW, bom=True, crlf=True)
    before = path.read_bytes()
    done = run_cli("lint", "--diff", path.name, cwd=tmp_path, input=b"")  # bytes: see the CRs
    assert path.read_bytes() == before
    assert f"-{EMOJI_LINE}\r\n".encode() in done.stdout
    assert ("+" + EMOJI_LINE.replace("30m1h", "1h30m") + "\r\n").encode() in done.stdout
    assert done.stderr == b"Would fix 3 problems in 1 file.\n"
    assert done.returncode == 1


def test_stdin_with_bom_and_crlf_has_the_same_positions_and_fixes_to_stdout(tmp_path):
    data = (BOM + FLOW.replace("\n", "\r\n")).encode("utf-8")
    done = run_cli("lint", "--format", "json", "-", input=data, cwd=tmp_path)
    assert positions(json.loads(done.stdout)) == expected_positions()
    done = run_cli("lint", "--fix", "-", "--stdin-filename", "w.yaml", input=data, cwd=tmp_path)
    assert done.stdout.startswith(BOM.encode() + b"id: positions\r\n")
    assert '"1h30m"'.encode() in done.stdout and b"\n" not in done.stdout.replace(b"\r\n", b"")
    assert done.returncode == 0


def test_a_multi_line_finding_has_exclusive_end_on_its_last_line(tmp_path):
    text = "id: x\njobs:\n  a:\n    timeout: \"1h\n      30m\"\n    steps: [{run: a}]\n"
    path = write(tmp_path, "w.yaml", text, crlf=True)
    (item,) = run_json(path.name, cwd=tmp_path)
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (4, 14, 5, 11)


def test_a_span_ending_at_column_0_ends_on_the_line_before():
    from wf_lsp.findings import Span
    from wf_lsp.linter import analyze
    from wf_lsp.model import span_of

    run = analyze("id: x\njobs:\n  a:\n    steps:\n      - run: |\n          echo 🚀\n"
                  "          echo 训练\n    timeout: 1h\n").parsed.roots[0]
    block = run.value[1][1].value[0][1].value[0][1].value[0].value[0][1]  # the `run: |` value
    assert (span_of(block).end.line, span_of(block).end.column) == (7, 0)
    assert span_of(block).last_line == 6
    assert Span.of(2, 0, 2, 0).last_line == 2  # empty, on one line: that line
    assert Span.of(2, 4, 3, 1).last_line == 3
