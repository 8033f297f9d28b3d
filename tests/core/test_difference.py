"""`wf_lsp.difference`: its unified diffs are what git applies, checked by git itself."""

from __future__ import annotations

import os
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp.difference import differences, patch_lines, unified_diff


# Few distinct lines, so that most repeat (as `steps:` does in a workflow), some with a
# `\r` or without a line break at the end.
LINE = st.sampled_from(["id: x\n", "jobs:\n", "  a:\n", "    steps:\n", "      - run: a\n",
                        "    timeout: 1h\n", "\n", "  b:\r\n", "    timeout: 1h 30m\n"])
LINES = st.lists(LINE, max_size=40)


def _text(lines: list[str], last: str) -> str:
    return "".join(lines) + last


# A file's BOM is in the first line of both texts (a fix keeps it): `--diff` of such a
# file, with `\n` or `\r\n` line breaks.
@settings(max_examples=examples(0.6, at_most=400))
@given(LINES, LINES, st.sampled_from(["", "end"]), st.sampled_from(["", "end", "fin"]),
       st.integers(0, 3), st.sampled_from(["", "\ufeff"]))
def test_git_applies_the_diff_and_gets_the_new_text(tmp_path_factory, old, new, old_last,
                                                   new_last, context, bom):
    before, after = bom + _text(old, old_last), bom + _text(new, new_last)
    folder = tmp_path_factory.mktemp("apply")
    (folder / "f.yaml").write_bytes(before.encode())
    patch = "".join(unified_diff(patch_lines(before), patch_lines(after),
                                 "a/f.yaml", "b/f.yaml", context))
    if before == after:
        assert patch == ""
        return
    zero = ["--unidiff-zero"] if not context else []  # hunks without context: said so
    done = subprocess.run(["git", "apply", f"-C{context}", *zero, "--unsafe-paths", "-"],
                          input=patch.encode(), cwd=folder, capture_output=True)
    assert done.returncode == 0, f"git apply refused:\n{patch}\n{done.stderr.decode()}"
    assert (folder / "f.yaml").read_bytes() == after.encode()


@pytest.mark.parametrize("name", ["my flows/f.yaml", 'q"uote.yaml', "back\\slash.yaml",
                                  "t\tab.yaml", 'sp ace"q.yaml', "ü.yaml"])
def test_file_names_are_written_as_git_writes_them(tmp_path, name):
    # `patch` ends a bare name at its first space (`--- a/my flows/f.yaml` was a file
    # `a/my`): git follows such a name with a tab, and quotes one with `"`, `\` or a tab.
    if os.name == "nt" and any(char in name for char in '"\t'):
        name = "my flows/f.yaml"  # no such file names on Windows
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(b"a\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    (tmp_path / name).write_bytes(b"b\n")
    git = subprocess.run(["git", "-c", "core.quotepath=false", "diff"], cwd=tmp_path,
                         capture_output=True, check=True).stdout.decode()
    ours = "".join(unified_diff(["a\n"], ["b\n"], f"a/{name}", f"b/{name}"))
    assert ours == git[git.index("\n--- ") + 1:]


def test_the_stretches_between_unique_lines_are_found_apart():
    # Each job's id is a fixed point: a change in each job is a stretch of its own.
    old = [line for i in range(3) for line in (f"j{i}:\n", "timeout: 1h 30m\n", "steps:\n")]
    new = [line.replace("1h 30m", "1h30m") for line in old]
    assert differences(old, new) == [(1, 2, 1, 2), (4, 5, 4, 5), (7, 8, 7, 8)]
    assert differences(old, old) == []
    assert differences([], old) == [(0, 0, 0, 9)]

