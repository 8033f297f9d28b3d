"""What differs on Windows, made checkable here: file names and URIs go through pathlib and
pygls.uris only (a `\\` in a name survives the round trip that a `/`-splitting or `file://`-slicing
shortcut would break), CRLF files are linted at the right lines and fixed without losing their
line ends, and the bundled server is started as `python -m wf_lsp`. The language server's side:
tests/lsp/test_uris.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pygls.uris import from_fs_path, to_fs_path

ROOT = Path(__file__).resolve().parent.parent
# A job without a timeout (WF203) and a step timeout written backwards (WF103), with CRLF.
CRLF_DOC = ('id: nightly\r\njobs:\r\n  train:\r\n    steps:\r\n      - run: python train.py\r\n'
            '        timeout: "30m1h"\r\n')
WF103_LINE, WF103_COLUMN = 5, 17  # 0-based; the value "30m1h" with its quotes
no_backslash_names = pytest.mark.skipif(
    os.name == "nt", reason="\\ is the path separator on Windows: no file name there holds one")


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """A folder whose name has a backslash, a space and a non-ASCII letter."""
    folder = tmp_path / "we\\ird dir ü"
    folder.mkdir()
    return folder


def test_no_file_uri_is_built_or_sliced_by_hand():
    """URIs come from pathlib, pygls.uris or vscode.Uri: "file://" never appears in the code."""
    sources = [*sorted((ROOT / "wf_lsp").rglob("*.py")),
               *sorted((ROOT / "vscode-extension" / "src").rglob("*.ts"))]
    assert len(sources) > 20
    offending = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in sources
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if "file://" in line or re.search(r"\[7:\]|\.slice\(7\)|substring\(7\)", line)]
    assert offending == []


def test_the_bundled_server_is_started_as_a_module():
    """No console script (its shebang names the packaging machine's Python, and Windows has
    none): the extension runs `<python> -m wf_lsp serve`, which `wf_lsp/__main__.py` serves."""
    source = (ROOT / "vscode-extension" / "src" / "serverCommand.ts").read_text(encoding="utf-8")
    assert 'const SERVE = ["-m", "wf_lsp", "serve"];' in source
    assert source.count("...SERVE]") == 2  # useBundled and fromEnvironment
    done = subprocess.run([sys.executable, "-m", "wf_lsp", "serve", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "usage: wf-lsp serve" in done.stdout


def _lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wf_lsp", "lint", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, check=False)


@no_backslash_names
def test_cli_lints_and_fixes_a_crlf_file_with_a_backslash_in_its_name(odd_folder):
    flow = odd_folder / "a\\b.workflow.yaml"
    flow.write_bytes(CRLF_DOC.encode("utf-8"))
    done = _lint("--format", "json", ".", cwd=odd_folder.parent)
    found = [(f["path"], f["code"], f["line"], f["column"]) for f in json.loads(done.stdout)]
    name = os.path.join("we\\ird dir ü", "a\\b.workflow.yaml")
    assert found == [(name, "WF203", 3, 3), (name, "WF103", WF103_LINE + 1, WF103_COLUMN + 1)]

    # SARIF names a file relative to the folder's URI (`%SRCROOT%`), however it was given,
    # with the backslash percent-encoded.
    sarif = json.loads(_lint("--format", "sarif", str(flow), cwd=odd_folder).stdout)
    [uri] = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             for r in sarif["runs"][0]["results"]}
    base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base + uri == flow.as_uri() == from_fs_path(str(flow))
    assert "%5C" in uri and to_fs_path(base + uri) == str(flow)

    # --fix rewrites the value and keeps every CRLF.
    done = _lint("--fix", flow.name, cwd=odd_folder)
    fixed = flow.read_bytes()
    assert fixed == CRLF_DOC.replace('"30m1h"', '"1h30m"').encode("utf-8"), done.stderr
    assert fixed.count(b"\r\n") == CRLF_DOC.count("\r\n") and b"\n" not in fixed.replace(b"\r\n", b"")
