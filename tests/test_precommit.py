"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real `pre-commit try-repo`.

try-repo builds the hook from the repository's HEAD plus its changes to tracked files;
files not yet committed would be missing. So the test first snapshots this working tree
(tracked and untracked files, less what .gitignore excludes) into a temporary repository
and points try-repo at that: it tests exactly the files on disk, committed or not.
pre-commit then installs wf-lsp into a fresh virtualenv with pip, as it does for users.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from wf_lsp import __version__

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))

GOOD = (ROOT / "examples" / "train-models.yaml").read_text(encoding="utf-8")
FIXABLE = """\
id: nightly
jobs:
  report:
    timeout: "30m1h"
    steps:
      - run: python report.py
"""
# Its own id: two workflows of one project with the same id would be WF601's.
UNFIXABLE = FIXABLE.replace('"30m1h"', '"0s"').replace("id: nightly", "id: hourly")
COMPOSE = (ROOT / "examples" / "docker-compose.yaml").read_text(encoding="utf-8")


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A git repository holding this working tree as it is on disk, committed once."""
    assert shutil.which("git"), "pre-commit needs git (Debian: apt-get install git)"
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    repo = tmp_path_factory.mktemp("wf-lsp-hooks")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is not there
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo


@pytest.fixture
def project(tmp_path) -> Path:
    """A user's repository with a good workflow, two bad ones and a docker-compose file."""
    files = {"flows/train.yaml": GOOD, "flows/nightly.yaml": FIXABLE,
             "flows/zero.yaml": UNFIXABLE, "docker-compose.yaml": COMPOSE}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    git("init", "-q", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    return tmp_path


def try_repo(hook_repo: Path, project: Path, hook: str, *files: str) -> tuple[int, str]:
    """Run one hook with try-repo; (exit code, the report after the config banner)."""
    assert Path(PRE_COMMIT).exists(), "install pre-commit (pip install pre-commit)"
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update(PRE_COMMIT_COLOR="never", PRE_COMMIT_NO_CONCURRENCY="1")
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=project, env=env, capture_output=True, text=True, encoding="utf-8",
    )
    report = result.stdout.rsplit("=" * 79 + "\n", 1)[-1]
    # "[INFO] Installing environment ...": pre-commit building the hook's virtualenv.
    report = "".join(line for line in report.splitlines(keepends=True) if not line.startswith("[INFO] "))
    return result.returncode, re.sub(r"\.{3,}", "...", report)


def test_the_manifest_declares_both_hooks_as_the_issue_says():
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"]) for h in hooks] == [
        ("wf-lsp", "wf-lsp lint"), ("wf-lsp-fix", "wf-lsp lint --fix --exit-non-zero-on-fix")]
    for hook in hooks:
        assert (hook["language"], hook["types"], hook["require_serial"]) == ("python", ["yaml"], False)


def test_the_manifest_says_what_a_workflow_is_as_the_readme_does():
    # It said "no `jobs` at the root, or an `on` key", a rule detection no longer follows.
    comment = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").split("\n- ", 1)[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "**What is a workflow:** a YAML document with the format's required keys, `id` and " \
           "`jobs`" in readme
    assert '`id` and `jobs`' in comment and '"What is a workflow"' in comment
    assert "`on`" not in comment


def test_the_docs_config_block_names_these_hooks_at_the_current_tag():
    docs = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    section = docs.split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    (repo,) = YAML(typ="safe").load(block)["repos"]
    manifest = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert repo["rev"] == f"v{__version__}"
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in manifest}


def test_lint_hook_fails_on_bad_workflows_and_ignores_other_yaml(hook_repo, project):
    code, report = try_repo(hook_repo, project, "wf-lsp", "flows/train.yaml",
                            "flows/nightly.yaml", "flows/zero.yaml", "docker-compose.yaml")
    assert code == 1
    assert report == (
        "wf-lsp...Failed\n"
        "- hook id: wf-lsp\n"
        "- exit code: 1\n"
        "\n"
        'flows/nightly.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m\n'
        'flows/zero.yaml:4:14: WF104 "0s" is zero: a duration must be positive\n'
        "Found 2 problems (2 errors) in 3 workflow files.\n"
        "1 fixable with `wf-lsp lint --fix` (1 hidden fix can be enabled with "
        "`--unsafe-fixes`).\n"
        "\n"
    )


def test_lint_hook_passes_good_workflows_and_other_yaml_silently(hook_repo, project):
    code, report = try_repo(hook_repo, project, "wf-lsp", "flows/train.yaml", "docker-compose.yaml")
    assert (code, report) == (0, "wf-lsp...Passed\n")


def test_a_run_over_other_yaml_only_passes_silently(hook_repo, project):
    # pre-commit names the files: no folder was searched, so no "no workflow files found".
    for hook, name in (("wf-lsp", "wf-lsp"), ("wf-lsp-fix", "wf-lsp (fix)")):
        assert try_repo(hook_repo, project, hook, "docker-compose.yaml") == (
            0, f"{name}...Passed\n")


def test_fix_hook_fixes_and_fails_then_passes(hook_repo, project):
    code, report = try_repo(hook_repo, project, "wf-lsp-fix", "flows/train.yaml",
                            "flows/nightly.yaml", "docker-compose.yaml")
    assert code == 1
    assert report == (
        "wf-lsp (fix)...Failed\n"
        "- hook id: wf-lsp-fix\n"
        "- exit code: 1\n"
        "- files were modified by this hook\n"
        "\n"
        "Fixed 1 problem.\n"  # nothing left: no "All checks passed" (its batch's, beside others)
        "\n"
    )
    assert (project / "flows/nightly.yaml").read_text(encoding="utf-8") == FIXABLE.replace(
        '"30m1h"', '"1h30m"')
    assert (project / "docker-compose.yaml").read_text(encoding="utf-8") == COMPOSE

    code, report = try_repo(hook_repo, project, "wf-lsp-fix", "flows/train.yaml",
                            "flows/nightly.yaml", "docker-compose.yaml")
    assert (code, report) == (0, "wf-lsp (fix)...Passed\n")


def test_fix_hook_fails_on_what_it_cannot_fix_and_leaves_the_file(hook_repo, project):
    code, report = try_repo(hook_repo, project, "wf-lsp-fix", "flows/zero.yaml")
    assert code == 1
    assert report == (
        "wf-lsp (fix)...Failed\n"
        "- hook id: wf-lsp-fix\n"
        "- exit code: 1\n"
        "\n"
        'flows/zero.yaml:4:14: WF104 "0s" is zero: a duration must be positive\n'
        "Found 1 problem (1 error) in 1 workflow file.\n"
        "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n"
        "\n"
    )
    assert (project / "flows/zero.yaml").read_text(encoding="utf-8") == UNFIXABLE


def test_a_batch_with_nothing_to_report_says_nothing_beside_one_that_failed(hook_repo, project):
    """pre-commit runs a hook on batches of files in parallel (`require_serial: false`),
    one batch per CPU when there are enough files (`pre_commit.xargs.partition`, at least 4
    files a batch), and shows their outputs one after the other. A batch of other YAML
    said "All checks passed (0 workflow files; 4 passed over: ...)" under another's
    "Found 1 problem": under pre-commit (PRE_COMMIT=1), a clean batch prints nothing."""
    names = ["flows/zero.yaml"]
    for index in range(15):
        name = f"deploy/compose-{index:02}.yaml"
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(COMPOSE, encoding="utf-8")
        names.append(name)
    git("add", "-A", cwd=project)
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE",
                        "PRE_COMMIT_NO_CONCURRENCY")}
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(hook_repo), "wf-lsp", "--files", *names],
        cwd=project, env={**env, "PRE_COMMIT_COLOR": "never"}, capture_output=True, text=True,
        encoding="utf-8",
    )
    report = result.stdout.rsplit("=" * 79 + "\n", 1)[-1]
    report = "".join(line for line in report.splitlines(keepends=True) if not line.startswith("[INFO] "))
    assert result.returncode == 1
    assert re.sub(r"\.{3,}", "...", report) == (
        "wf-lsp...Failed\n"
        "- hook id: wf-lsp\n"
        "- exit code: 1\n"
        "\n"
        'flows/zero.yaml:4:14: WF104 "0s" is zero: a duration must be positive\n'
        "Found 1 problem (1 error) in 1 workflow file.\n"
        "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n"
        "\n"
    )
