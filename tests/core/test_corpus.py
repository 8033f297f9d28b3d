"""The golden corpus, through the real command line, as actionlint's testdata.

`tests/corpus/ok/` must stay silent (the timeouts page's examples, anchors, block
scalars, CRLF, BOM, emoji/CJK, tabs in comments; non-workflow YAML skipped);
`tests/corpus/err/X.yaml` must give exactly `X.out` (concise format without the path:
`line:col: CODE message`); `err/calls/` is a caller with the workflows it calls, each
file with its `.out`. Each of ok/ and err/ has a config file, which makes it a project
of its own: its workflows' ids and calls meet no other folder's. After a deliberate change, regenerate the `.out` files with
`python tests/core/test_corpus.py --update` and review the diff by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if __package__:
    from .helpers import ROOT, run_cli
else:  # run as a script: `python tests/core/test_corpus.py --update`
    sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
    from helpers import ROOT, run_cli

CORPUS = ROOT / "tests" / "corpus"
OK, ERR = CORPUS / "ok", CORPUS / "err"
NOT_WORKFLOWS = {"docker-compose.yaml": "looks like a Docker Compose file (`services`)",
                 "github-actions.yml": "looks like a GitHub Actions workflow (`on` at the root)"}


def err_cases() -> list[Path]:
    return sorted(ERR.glob("**/*.yaml"))


def name_of(case: Path) -> str:
    """An err/ file as the concise output names it (run from err/)."""
    return case.relative_to(ERR).as_posix()


def actual_outputs() -> dict[str, str]:
    """Every err/ file's findings, from one run of the CLI, keyed by file name."""
    done = run_cli("lint", "--format", "concise", "--quiet", "--jobs", "1", ".", cwd=ERR)
    assert done.returncode == 1 and done.stderr == "", done.stderr
    outputs = {name_of(path): "" for path in err_cases()}
    for line in done.stdout.splitlines(keepends=True):
        name, rest = line.split(":", 1)
        outputs[name] += rest
    return outputs


def test_ok_files_are_silent_and_all_linted_except_the_non_workflows():
    done = run_cli("lint", "--verbose", "--format", "concise", ".", cwd=OK)
    workflows = len([p for p in OK.iterdir() if p.suffix in (".yaml", ".yml")]) - len(NOT_WORKFLOWS)
    assert done.stdout == f"All checks passed ({workflows} workflow files).\n"
    assert done.stderr == "".join(f"wf-lsp: skipped {name}: {why}\n"
                                  for name, why in sorted(NOT_WORKFLOWS.items()))
    assert done.returncode == 0


def test_ok_files_have_no_hint_either_with_every_rule_selected():
    # WF111 (canonical form) and the steps' missing timeouts are opinions, not errors; the
    # page's examples hold to them too, except that not every step has a timeout.
    done = run_cli("lint", "--select", "ALL", "--format", "concise", "--quiet", ".", cwd=OK)
    assert (done.stdout, done.returncode) == ("", 0)


def test_the_encoding_files_really_have_their_encodings():
    # A checkout that normalised line ends would make the CRLF and BOM cases test nothing.
    assert b"\r\n" in (OK / "crlf.yaml").read_bytes()
    assert b"\n" not in (OK / "crlf.yaml").read_bytes().replace(b"\r\n", b"")
    assert (OK / "bom.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (ERR / "bom-crlf-unicode.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (ERR / "bom-crlf-unicode.yaml").read_bytes()


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    return actual_outputs()


@pytest.mark.parametrize("case", err_cases(), ids=name_of)
def test_err_file_gives_its_expected_output(case, outputs):
    expected = case.with_suffix(".out")
    assert expected.exists(), f"run `python tests/core/test_corpus.py --update` for {case.name}"
    assert outputs[name_of(case)] == expected.read_text(encoding="utf-8")
    if case.parent == ERR:  # in calls/, a called workflow may be right as it is
        assert outputs[name_of(case)], f"{case.name} is in err/ but has no finding"


def test_every_out_file_has_its_yaml():
    assert sorted(map(name_of, ERR.glob("**/*.out"))) == sorted(
        name_of(p.with_suffix(".out")) for p in err_cases())


def test_every_default_rule_is_exercised_by_the_err_corpus(outputs):
    from wf_lsp.rules import RULES

    seen = {line.split(" ")[1] for text in outputs.values() for line in text.splitlines()}
    assert seen == {code for code, rule in RULES.items() if rule.default_on and code != "WF204"}


def update() -> None:
    """Rewrite every err/*.out from the current behaviour (then review the diff by hand)."""
    for name, text in actual_outputs().items():
        (ERR / name).with_suffix(".out").write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {(ERR / name).with_suffix('.out').relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/core/test_corpus.py --update")
    update()
