"""Which YAML parser runs, said wherever a user looks: `wf-lsp --version`, the server's
`serverInfo` and its start line in the log. Without ruamel.yaml.clib's C extension wf-lsp
falls back to the pure-Python parser (about 9x slower): it still works, finds the same
problems, and says so, so that an editor can warn (the VS Code status item does)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types

from wf_lsp import __version__

from .conftest import PUSH_UTF16, SERVER, diagnostics, open_document, session

ROOT = Path(__file__).resolve().parents[2]
DOC = 'id: nightly\njobs:\n  train:\n    timeout: "30m1h"\n    steps:\n      - run: python train.py\n'


@pytest.fixture(scope="module")
def without_c_parser(tmp_path_factory) -> dict[str, str]:
    """An environment in which ruamel.yaml.clib's extension module does not import, as for a
    Python that the bundled one was not built for."""
    hide = tmp_path_factory.mktemp("no-clib")
    (hide / "_ruamel_yaml.py").write_text('raise ImportError("no C extension for this Python")\n')
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(hide), os.environ.get("PYTHONPATH")]))}


def _wf_lsp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wf_lsp", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)


def test_version_names_the_c_parser():
    done = _wf_lsp("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"wf-lsp {__version__} (C parser)\n", "")


def test_version_names_the_pure_python_parser_when_the_c_one_is_missing(without_c_parser):
    done = _wf_lsp("--version", env=without_c_parser)
    assert (done.returncode, done.stdout) == (0, f"wf-lsp {__version__} (pure-Python parser)\n")


def test_both_parsers_find_the_same_problems(without_c_parser):
    """The fallback is slower, not different: the bundled examples give the same report."""
    fast = _wf_lsp("lint", "--format", "json", "examples")
    slow = _wf_lsp("lint", "--format", "json", "examples", env=without_c_parser)
    assert fast.returncode == slow.returncode == 1, (fast.stderr, slow.stderr)
    assert json.loads(fast.stdout) and json.loads(slow.stdout) == json.loads(fast.stdout)


@pytest.mark.parametrize("c_parser", [True, False], ids=["C", "pure-Python"])
async def test_server_info_and_start_line_name_the_parser(c_parser, without_c_parser):
    parser = "C" if c_parser else "pure-Python"
    async with session(PUSH_UTF16, server=SERVER,
                       env=None if c_parser else without_c_parser) as client:
        [found] = await diagnostics(client, await open_document(client, DOC))
        assert found.code == "WF103"
        version = client.server_info.version
        assert version == f"{__version__} ({parser} parser)"
        assert [(m.type, m.message) for m in client.log_messages] == [
            (types.MessageType.Info, f"wf-lsp {version}: utf-16 positions, push diagnostics")]
