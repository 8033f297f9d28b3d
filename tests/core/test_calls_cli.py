"""Calls between workflows (WF601-WF606) through the real command line: the workspace a
file is linted in (the files linted with it and its project's workflows), fixes that
change the called workflow, and the outputs that name places in other files."""

from __future__ import annotations

import json
import os

import pytest

from .helpers import cli_env, run_cli

CALLER = """\
id: nightly
jobs:
  deploy:
    timeout: 1h
    workflow:
      name: deploy
      inputs:
        region: eu
"""
CALLEE = """\
id: deploy
inputs:
  region:
    type: string
    required: true
jobs:
  roll-out:
    timeout: 30m
    steps:
      - run: ./deploy.sh
"""


def write(folder, named: dict[str, str]):
    for name, text in named.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def concise(*args: str, cwd, env: dict[str, str] | None = None) -> list[str]:
    done = run_cli("lint", "--format", "concise", "--quiet", *args, cwd=cwd, env=env)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.splitlines()


def test_the_files_linted_together_are_the_workspace(tmp_path):
    write(tmp_path, {"nightly.yaml": CALLER, "flows/deploy.yaml": CALLEE})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF603 the workflow `deploy` (`flows/deploy.yaml`) is not callable: "
        "a workflow that others call needs `trigger.callable: true`"]
    # Named alone, outside any project (no config file, no `.git`): the file is its own
    # workspace, and the call may be of a workflow that exists only on the server.
    assert concise("nightly.yaml", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF602 no workflow of the workspace has the id `deploy`: it may "
        "exist only on the server"]


def test_a_file_named_is_linted_with_its_projects_workflows(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"nightly.yaml": CALLER, "flows/deploy.yaml": CALLEE,
                     "build/deploy.yaml": CALLEE.replace("id: deploy", "id: deploy-copy")})
    assert [line.split(" ")[1] for line in concise("nightly.yaml", cwd=tmp_path)] == ["WF603"]
    # The project's workflows are found by the walk `wf-lsp lint .` does: ignored files
    # are not in it.
    write(tmp_path, {".gitignore": "flows/\n"})
    assert [line.split(" ")[1] for line in concise("nightly.yaml", cwd=tmp_path)] == ["WF602"]
    assert [line.split(" ")[1] for line in concise("--no-ignore-files", "nightly.yaml",
                                                    cwd=tmp_path)] == ["WF603"]


def test_the_config_files_folder_is_the_project(tmp_path):
    write(tmp_path, {"wf-lsp.toml": "", "deploy.yaml": CALLEE,
                     "team/wf-lsp.toml": "", "team/nightly.yaml": CALLER})
    # team/ has its own config: a project of its own, which has no `deploy`.
    assert [line.split(" ")[1] for line in concise("team/nightly.yaml", cwd=tmp_path)] == [
        "WF602"]
    (tmp_path / "team" / "wf-lsp.toml").unlink()
    assert [line.split(" ")[1] for line in concise("team/nightly.yaml", cwd=tmp_path)] == [
        "WF603"]


def test_a_project_inside_another_is_apart_from_it_both_ways(tmp_path):
    """A folder with its own config file (or `.git`) is a project: its files do not see
    the outer project's, and the outer project's do not see its files either. The outer
    one's walk took them in: `top/dup.yaml` had a WF601 on `svc/dup.yaml` that no lint
    of svc/ showed, and `svc/` could call nothing of `top/` while `top/` called it."""
    callable_callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"svc/wf-lsp.toml": "", "top/dup.yaml": callable_callee,
                     "svc/dup.yaml": callable_callee, "top/nightly.yaml": CALLER,
                     "svc/nightly.yaml": CALLER.replace("id: nightly", "id: nightly-svc")})
    everything = concise(".", cwd=tmp_path)
    assert everything == []
    for named in ("top/dup.yaml", "svc/dup.yaml", "top/nightly.yaml", "svc/nightly.yaml"):
        assert concise(named, cwd=tmp_path) == []
    write(tmp_path, {"top/dup.yaml": CALLEE})  # top's `deploy` is not callable; svc's is
    assert [line.split(" ")[:2] for line in concise(".", cwd=tmp_path)] == [
        ["top/nightly.yaml:6:13:", "WF603"]]
    assert [line.split(" ")[1] for line in concise("top/nightly.yaml", cwd=tmp_path)] == [
        "WF603"]
    assert concise("svc/nightly.yaml", cwd=tmp_path) == []


def test_a_home_folder_under_git_is_no_project(tmp_path):
    """A dotfiles repository makes `~` a git work tree: taken for a project, a file named
    alone was checked against every workflow under the home folder (here a copy's WF601),
    and the editor scanned all of it for a folder opened there."""
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"work/deploy.yaml": CALLEE, "old/deploy.yaml": CALLEE})
    home = {**cli_env(), "HOME": str(tmp_path)}
    assert concise("work/deploy.yaml", cwd=tmp_path, env=home) == []
    (tmp_path / "work" / ".git").mkdir()  # a repository under the home folder still is one
    write(tmp_path, {"work/copy.yaml": CALLEE})
    assert [line.split(" ")[1] for line in concise("work/deploy.yaml", cwd=tmp_path,
                                                     env=home)] == ["WF601"]


@pytest.mark.parametrize("config", ["wf-lsp.toml", ".wf-lsp.toml", "pyproject.toml",
                                    "--config"])
def test_a_config_file_in_the_home_folder_makes_no_project(tmp_path, config):
    """People keep a config in `~` (dotfiles): it made the home folder the project of
    every file under it, and `wf-lsp lint FILE` walked all of it (millions of files on a
    real machine: a hang) to check the file against every workflow the user has (here a
    copy's WF601), where the server lints it alone. Its settings still apply; the whole
    home is walked when asked for (`wf-lsp lint` in it); a repository in it is a project."""
    name = "wf-lsp.toml" if config == "--config" else config
    table = "[tool.wf-lsp.severity]" if name == "pyproject.toml" else "[severity]"
    write(tmp_path, {"work/deploy.yaml": CALLEE, "old/deploy.yaml": CALLEE,
                     name: f'{table}\nWF601 = "warning"\n'})
    home = {**cli_env(), "HOME": str(tmp_path)}
    named = ["--config", str(tmp_path / name)] if config == "--config" else []
    assert concise(*named, "deploy.yaml", cwd=tmp_path / "work", env=home) == []
    assert concise(*named, str(tmp_path / "work" / "deploy.yaml"), cwd="/", env=home) == []
    walked = run_cli("lint", "--format", "json", *named, cwd=tmp_path, env=home)
    assert [(f["code"], f["severity"]) for f in json.loads(walked.stdout)] == [
        ("WF601", "warning")]
    (tmp_path / "work" / ".git").mkdir()  # a repository under the home folder still is one
    write(tmp_path, {"work/copy.yaml": CALLEE})
    assert [line.split(" ")[1] for line in concise(*named, "work/deploy.yaml", cwd=tmp_path,
                                                     env=home)] == ["WF601"]


def test_the_home_folder_reached_by_a_link_is_no_project_either(tmp_path):
    """`HOME` spelt through a symlink (`/home` a link to `/var/home`), and the working
    folder as the system gives it, resolved: the dotfiles repository was a project again."""
    (tmp_path / "real" / ".git").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    write(tmp_path / "real", {"work/deploy.yaml": CALLEE, "old/deploy.yaml": CALLEE})
    home = {**cli_env(), "HOME": str(tmp_path / "link")}
    assert concise("deploy.yaml", cwd=tmp_path / "real" / "work", env=home) == []


def test_the_root_folder_is_no_project():
    """`/` with a config file or `.git` (a container's) is never walked for one file."""
    from wf_lsp.files import too_wide

    assert too_wide()(os.path.abspath(os.sep))
    assert too_wide()(os.path.expanduser("~"))
    assert not too_wide()(os.path.join(os.path.expanduser("~"), "work"))


def test_repositories_linted_together_are_apart(tmp_path):
    """`wf-lsp lint one two` over two repositories is each one linted in its own."""
    for name in ("one", "two"):
        (tmp_path / name / ".git").mkdir(parents=True)
        write(tmp_path / name, {"deploy.yaml": CALLEE})
    write(tmp_path / "one", {"nightly.yaml": CALLER.replace("name: deploy", "name: deployer")})
    write(tmp_path / "two", {"deployer.yaml": CALLEE.replace("id: deploy", "id: deployer")})
    assert concise("one", "two", cwd=tmp_path) == [
        "one/nightly.yaml:6:13: WF602 no workflow of the workspace has the id `deployer`: "
        "did you mean `deploy`? (unless `deployer` exists only on the server)"]


def test_every_rule_of_the_calls_in_one_run(tmp_path):
    callable_callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")
    write(tmp_path, {
        "nightly.yaml": CALLER.replace("region: eu", "regoin: eu\n        retries: x"),
        "deploy.yaml": callable_callee.replace(
            "    required: true\n", "    required: true\n  retries:\n    type: int\n"),
        "zz-copy.yaml": "id: deploy\njobs:\n  a:\n    timeout: 1h\n    steps: [{run: a}]\n",
        "loop.yaml": "id: loop\ntrigger: {callable: true}\njobs:\n  again:\n    timeout: 1h\n"
                     "    workflow: {name: loop}\n",
    })
    assert concise(".", cwd=tmp_path) == [
        "loop.yaml:6:22: WF605 `loop` calls itself: its runs never end",
        "nightly.yaml:6:13: WF604 the call of `deploy` (`deploy.yaml`) does not pass the "
        "required input `region`, which has no default",
        "nightly.yaml:8:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `regoin`: "
        "did you mean `region`?",
        "nightly.yaml:9:18: WF604 `retries` is an `int` input: `x` is not a whole number",
        "zz-copy.yaml:1:5: WF601 the workflow id `deploy` is already the id of a workflow in "
        "`deploy.yaml` (line 1): ids must be unique within the workspace",
    ]


def test_fix_makes_the_called_workflow_callable_only_when_unsafe_fixes_are_asked(tmp_path):
    write(tmp_path, {"nightly.yaml": CALLER, "deploy.yaml": CALLEE})
    done = run_cli("lint", "--fix", "--format", "concise", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert (tmp_path / "deploy.yaml").read_text() == CALLEE  # unsafe: offered, not applied
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "Fixed 1 problem.\nAll checks passed (2 workflow files).\n", 0)
    assert (tmp_path / "deploy.yaml").read_text() == CALLEE.replace(
        "id: deploy\n", "id: deploy\ntrigger:\n  callable: true\n")
    assert (tmp_path / "nightly.yaml").read_text() == CALLER


@pytest.mark.parametrize("callee", [CALLEE, CALLEE.replace("timeout: 30m", "timeout: 30m0s")],
                         ids=["callee", "callee-with-its-own-fix"])
@pytest.mark.parametrize("named", [".", "nightly.yaml"], ids=["both-files", "the-caller-only"])
def test_diff_shows_what_fix_writes_in_the_called_workflow(tmp_path, callee, named):
    write(tmp_path, {"nightly.yaml": CALLER, "deploy.yaml": callee, ".git/HEAD": ""})
    safe = run_cli("lint", "--diff", named, cwd=tmp_path)  # the call's fix is unsafe: not shown
    assert "+trigger:" not in safe.stdout
    done = run_cli("lint", "--diff", "--unsafe-fixes", named, cwd=tmp_path)
    assert (tmp_path / "deploy.yaml").read_text() == callee  # a diff writes nothing
    own = named == "." and callee != CALLEE
    assert done.stdout.count("--- a/") == 1 and "--- a/deploy.yaml\n+++ b/deploy.yaml\n" in done.stdout
    assert "+trigger:\n+  callable: true\n" in done.stdout
    assert ("-    timeout: 30m0s\n+    timeout: 30m\n" in done.stdout) == own
    assert done.stderr == f"Would fix {2 if own else 1} problems in 1 file.\n".replace(
        "1 problems", "1 problem")
    assert done.returncode == 1
    # What the diff shows is what --fix --unsafe-fixes writes.
    patched = _patched(callee, done.stdout)
    run_cli("lint", "--fix", "--unsafe-fixes", named, cwd=tmp_path)
    assert (tmp_path / "deploy.yaml").read_text() == patched


def _patched(text: str, diff: str) -> str:
    """`text` with a one-file unified diff applied (its hunks in order)."""
    lines, out, at = text.splitlines(keepends=True), [], 0
    body = diff.splitlines(keepends=True)[2:]
    for line in body:
        if line.startswith("@@"):
            start = int(line.split()[1].split(",")[0][1:]) - 1
            out += lines[at:start]
            at = start
        elif line.startswith("-"):
            at += 1
        elif line.startswith("+"):
            out.append(line[1:])
        else:
            out.append(lines[at])
            at += 1
    return "".join(out + lines[at:])


def test_unsafe_fixes_make_no_guess_at_what_a_callee_made_callable_brings(tmp_path):
    """Made callable (a guess), the callee's 2h brought its caller a WF606, whose guess
    raised the caller's timeout to 2h in a second pass: a guess at a guess, in a file the
    diff did not show, and "Fixed 2 problems" after "1 hidden fix"."""
    callee = CALLEE.replace("timeout: 30m", "timeout: 2h")
    write(tmp_path, {"nightly.yaml": CALLER, "deploy.yaml": callee})
    assert run_cli("lint", ".", cwd=tmp_path).stdout.endswith(
        "1 hidden fix can be enabled with `wf-lsp lint --fix --unsafe-fixes`.\n")
    diff = run_cli("lint", "--diff", "--unsafe-fixes", ".", cwd=tmp_path)
    assert diff.stderr == "Would fix 1 problem in 1 file.\n"
    assert diff.stdout.count("--- a/") == 1 and "--- a/deploy.yaml\n" in diff.stdout
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert done.stdout == (
        "nightly.yaml:4:14: WF606 the call of `deploy` (`deploy.yaml`) may run 2h (roll-out "
        "2h), longer than job `deploy`'s timeout 1h: the job's limit ends the call first\n"
        "Fixed 1 problem; 1 new one appeared.\nFound 1 problem (1 warning) in 2 workflow files.\n")
    assert (tmp_path / "nightly.yaml").read_text() == CALLER
    assert (tmp_path / "deploy.yaml").read_text() == _patched(callee, diff.stdout)


def test_fix_writes_callable_in_an_existing_trigger(tmp_path):
    scheduled = CALLEE.replace("jobs:", "trigger:\n  schedule:\n    - cron: \"0 2 * * *\"\n"
                               "      inputs: {region: eu}\njobs:")
    write(tmp_path, {"nightly.yaml": CALLER, "deploy.yaml": scheduled})
    done = run_cli("lint", "--fix", "--unsafe-fixes", "-q", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "trigger:\n  callable: true\n  schedule:\n" in (tmp_path / "deploy.yaml").read_text()


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_unsafe_fixes_add_lines_that_end_as_the_files_lines_do(tmp_path, newline):
    # Both files end without a line break, their last lines where the fixes add lines:
    # the new inputs were glued to `region: eu` (broken YAML), `trigger:` to `id: deploy`,
    # and a CRLF file got LF lines.
    caller = CALLER.rstrip("\n").replace("\n", newline)
    callee = ("jobs:\n  roll-out:\n    timeout: 30m\n    steps:\n      - run: ./deploy.sh\n"
              "inputs:\n  region: {type: string, required: true}\n"
              "  zone: {type: string, required: true}\nid: deploy").replace("\n", newline)
    for name, text in {"nightly.yaml": caller, "deploy.yaml": callee}.items():
        (tmp_path / name).write_bytes(text.encode())
    diff = run_cli("lint", "--diff", "--unsafe-fixes", ".", cwd=tmp_path).stdout
    # The quick fix passing `zone` (a placeholder: the editor's, never --unsafe-fixes')
    [item] = [i for i in json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
              if i["fix"]["title"] == "Pass `zone`"]
    [edit] = item["fix"]["edits"]
    lines = caller.splitlines(keepends=True)
    at = sum(len(line) for line in lines[:edit["line"] - 1]) + edit["column"] - 1
    assert caller[:at] + edit["new_text"] + caller[at:] == caller.replace(
        "region: eu", f'region: eu{newline}        zone: ""')
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "nightly.yaml:6:13: WF604 the call of `deploy` (`deploy.yaml`) does not pass the "
        "required input `zone`, which has no default\n"
        "Fixed 1 problem.\nFound 1 problem (1 error) in 2 workflow files.\n", 1)
    assert (tmp_path / "nightly.yaml").read_bytes().decode() == caller
    assert (tmp_path / "deploy.yaml").read_bytes().decode() == (
        f"{callee}{newline}trigger:{newline}  callable: true")
    assert "\\ No newline at end of file\n+trigger:" not in diff


def test_fixes_of_misspelt_inputs_never_pass_an_input_twice(tmp_path):
    # `regoin` and `regio` were both renamed to `region` (by --fix, a safe fix), and
    # --unsafe-fixes passed `region` once more: a duplicate key (WF002) each time.
    caller = CALLER.replace("region: eu", "regoin: eu\n        regio: us")
    write(tmp_path, {"nightly.yaml": caller, "deploy.yaml": CALLEE.replace(
        "jobs:", "  zone:\n    type: string\n    required: true\ntrigger:\n  callable: true\njobs:")})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF604 the call of `deploy` (`deploy.yaml`) does not pass the "
        "required inputs `region`, `zone`, which have no default",
        "nightly.yaml:8:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `regoin`: "
        "did you mean `region`?",
        "nightly.yaml:9:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `regio` "
        "(inputs: `region`, `zone`)"]
    # The fix that passes the required inputs leaves out the one a rename passes.
    items = json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert [(i["fix"] or {}).get("title") for i in items] == [
        "Pass `zone`", "Rename to `region`", None]
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert (tmp_path / "nightly.yaml").read_text() == caller.replace("regoin: eu", "region: eu")
    assert "WF002" not in done.stdout


def test_complete_workflows_make_an_unknown_one_an_error_with_a_safe_fix(tmp_path):
    write(tmp_path, {"wf-lsp.toml": "workflows-complete = true\n",
                     "nightly.yaml": CALLER.replace("name: deploy", "name: Deploy"),
                     "deploy.yaml": CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")})
    items = json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert [(i["code"], i["severity"], i["message"]) for i in items] == [
        ("WF602", "error", "no workflow of the workspace has the id `Deploy`: did you mean "
                           "`deploy`?")]
    done = run_cli("lint", "--fix", "-q", ".", cwd=tmp_path)
    assert done.returncode == 0
    assert (tmp_path / "nightly.yaml").read_text() == CALLER


@pytest.mark.parametrize("written, other", [("deplyo", "elsewhere"), ("etl", "elt")])
def test_a_call_guessed_a_letter_off_is_fixed_only_by_unsafe_fixes(tmp_path, written, other):
    """`etl` one letter from the only workflow `elt` may mean another workflow (to be
    written, or on the server): --fix left it to the user, even in a complete workspace;
    --unsafe-fixes makes the guess."""
    callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")
    target = written.replace("deplyo", "deploy").replace("etl", "elt")
    write(tmp_path, {"wf-lsp.toml": "workflows-complete = true\n",
                     "nightly.yaml": CALLER.replace("name: deploy", f"name: {written}"),
                     "deploy.yaml": callee.replace("id: deploy", f"id: {target}")})
    done = run_cli("lint", "--fix", "--format", "concise", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert f"WF602 no workflow of the workspace has the id `{written}`" in done.stdout
    assert (tmp_path / "nightly.yaml").read_text() == CALLER.replace(
        "name: deploy", f"name: {written}")
    done = run_cli("lint", "--fix", "--unsafe-fixes", "-q", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "nightly.yaml").read_text() == CALLER.replace(
        "name: deploy", f"name: {target}")


def test_a_file_named_alone_gets_the_guess_and_fix_of_its_whole_project(tmp_path):
    """pre-commit names the changed files only: their unknown call's message and fix
    come from every workflow of the project, as for `wf-lsp lint .` (only the files
    whose ids the file names were read, and it said no other workflow was there)."""
    write(tmp_path, {"wf-lsp.toml": "workflows-complete = true\n",
                     "nightly.yaml": CALLER.replace("name: deploy", "name: deplyo"),
                     "flows/deploy.yaml": CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:"),
                     "flows/other.yaml": CALLEE.replace("id: deploy", "id: other")})
    assert concise("nightly.yaml", cwd=tmp_path) == concise(".", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF602 no workflow of the workspace has the id `deplyo`: did you "
        "mean `deploy`?"]
    write(tmp_path, {"nightly.yaml": CALLER.replace("name: deploy", "name: elsewhere")})
    assert concise("nightly.yaml", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF602 no workflow of the workspace has the id `elsewhere` "
        "(workflows: `deploy`, `other`)"]


def test_a_file_named_alone_gets_the_guess_of_its_project_when_it_may_be_incomplete(tmp_path):
    """Without `workflows-complete` too: pre-commit's `wf-lsp lint nightly.yaml` said
    'it may exist only on the server' with no fix where `wf-lsp lint .` and the editor
    guessed `deploy` (the lint read only the files whose ids the file names)."""
    write(tmp_path, {"wf-lsp.toml": "",
                     "nightly.yaml": CALLER.replace("name: deploy", "name: deplyo"),
                     "flows/deploy.yaml": CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:"),
                     "flows/other.yaml": CALLEE.replace("id: deploy", "id: other")})
    guessed = ["nightly.yaml:6:13: WF602 no workflow of the workspace has the id `deplyo`: did "
               "you mean `deploy`? (unless `deplyo` exists only on the server)"]
    assert concise("nightly.yaml", cwd=tmp_path) == concise(".", cwd=tmp_path) == guessed
    text = (tmp_path / "nightly.yaml").read_text()
    done = run_cli("lint", "--stdin-filename", "nightly.yaml", "--format", "concise", "-q", "-",
                   cwd=tmp_path, input=text)
    assert done.stdout.splitlines() == guessed
    done = run_cli("lint", "--fix", "--unsafe-fixes", "-q", "nightly.yaml", cwd=tmp_path)
    assert (tmp_path / "nightly.yaml").read_text() == CALLER, done.stdout
    # A short id one letter from two workflows' (in two files) is no guess, named or not.
    write(tmp_path, {"nightly.yaml": CALLER.replace("name: deploy", "name: dey"),
                     "flows/day.yaml": CALLEE.replace("id: deploy", "id: day"),
                     "flows/dry.yaml": CALLEE.replace("id: deploy", "id: dry")})
    assert concise("nightly.yaml", cwd=tmp_path) == concise(".", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF602 no workflow of the workspace has the id `dey`: it may exist "
        "only on the server"]


def test_a_file_named_in_a_hidden_folder_sees_the_workflows_beside_it(tmp_path):
    """Workflows kept in `.h2o/workflows/`: the walk of the project passes over hidden
    folders, and a file named there (pre-commit, or `wf-lsp lint nightly.yaml` standing
    in it) had WF602 for the callee beside it, which `wf-lsp lint .h2o/` did not say."""
    (tmp_path / ".git").mkdir()
    write(tmp_path, {".h2o/workflows/nightly.yaml": CALLER,
                     ".h2o/workflows/deploy.yaml": CALLEE, ".h2o/.old/deploy.yaml": CALLEE})
    expected = ["WF603 the workflow `deploy` (`.h2o/workflows/deploy.yaml`) is not callable: "
                "a workflow that others call needs `trigger.callable: true`"]
    assert [line.split(" ", 1)[1] for line in concise(".h2o/", cwd=tmp_path)] == expected
    assert [line.split(" ", 1)[1] for line in concise(".h2o/workflows/nightly.yaml",
                                                      cwd=tmp_path)] == expected
    here = tmp_path / ".h2o" / "workflows"
    assert [line.split(" ", 1)[1] for line in concise("nightly.yaml", cwd=here)] == expected
    done = run_cli("lint", "--stdin-filename", "nightly.yaml", "--format", "concise", "-q", "-",
                   cwd=here, input=CALLER)
    assert [line.split(" ", 1)[1] for line in done.stdout.splitlines()] == expected


def test_a_misspelt_callee_is_guessed_with_a_fix_offered_while_the_workspace_may_lack_it(
        tmp_path):
    # Not `workflows-complete`: `deplyo` may exist only on the server, so the guess is
    # information and its fix is applied only when asked for.
    write(tmp_path, {"wf-lsp.toml": "",
                     "nightly.yaml": CALLER.replace("name: deploy", "name: deplyo"),
                     "deploy.yaml": CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")})
    items = json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert [(i["code"], i["severity"], i["message"], i["fix"]["title"], i["fix"]["safe"])
            for i in items] == [
        ("WF602", "information", "no workflow of the workspace has the id `deplyo`: did you "
         "mean `deploy`? (unless `deplyo` exists only on the server)", "Call `deploy`", False)]
    run_cli("lint", "--fix", "-q", ".", cwd=tmp_path)
    assert "name: deplyo" in (tmp_path / "nightly.yaml").read_text()
    done = run_cli("lint", "--fix", "--unsafe-fixes", "-q", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / "nightly.yaml").read_text() == CALLER


def test_resource_names_are_checked_when_the_local_workspace_is_named(tmp_path):
    by_resource = CALLER.replace("name: deploy", "name: /workspaces/team/workflows/deploy")
    write(tmp_path, {"wf-lsp.toml": "", "nightly.yaml": by_resource, "deploy.yaml": CALLEE})
    assert concise(".", cwd=tmp_path) == []  # whose workspace is `team`? Not known.
    write(tmp_path, {"wf-lsp.toml": 'workspace-id = "team"\n'})
    assert [line.split(" ")[1] for line in concise(".", cwd=tmp_path)] == ["WF603"]
    write(tmp_path, {"wf-lsp.toml": 'workspace-id = "other"\n'})
    assert concise(".", cwd=tmp_path) == []


def test_json_and_sarif_name_the_other_file_of_related_places_and_fixes(tmp_path):
    # An emoji before the end of the callee's id: its UTF-16 columns differ from code points.
    callee = CALLEE.replace("id: deploy", 'id: "deploy-🚀"')
    write(tmp_path, {"nightly.yaml": CALLER.replace("name: deploy", 'name: "deploy-🚀"'),
                     "flows/deploy.yaml": callee})
    (item,) = json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert item["code"] == "WF603"
    assert item["related"] == [{"path": "flows/deploy.yaml",
                                "message": "`deploy-🚀` is defined here",
                                "line": 1, "column": 5, "end_line": 1, "end_column": 15}]
    assert item["fix"] == {"title": "Make `deploy-🚀` callable (`trigger.callable: true`)",
                           "safe": False, "path": "flows/deploy.yaml", "edits": [
                               {"line": 2, "column": 1, "end_line": 2, "end_column": 1,
                                "new_text": "trigger:\n  callable: true\n"}]}
    log = json.loads(run_cli("lint", "--format", "sarif", ".", cwd=tmp_path).stdout)
    (result,) = log["runs"][0]["results"]
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"] == {
        "artifactLocation": {"uri": "flows/deploy.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 16}}
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "flows/deploy.yaml", "uriBaseId": "%SRCROOT%"}
    full = run_cli("lint", "--format", "full", "--no-color", ".", cwd=tmp_path).stdout
    assert "= note: `deploy-🚀` is defined here (flows/deploy.yaml:1:5)" in full
    assert "(in flows/deploy.yaml)" in full


def test_messages_name_other_files_from_the_project_root_wherever_the_caller_is(tmp_path):
    # The message named the callee from the caller's folder (`../../lib/deploy.yaml`) while
    # its note named it from the working folder (`lib/deploy.yaml:1:5`): one file, two names.
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"flows/sub/nightly.yaml": CALLER, "lib/deploy.yaml": CALLEE,
                     "a/copy.yaml": CALLEE.replace("id: deploy", "id: nightly")})
    full = run_cli("lint", "--format", "full", "--no-color", "flows", cwd=tmp_path).stdout
    assert ("flows/sub/nightly.yaml:6:13: WF603 the workflow `deploy` (`lib/deploy.yaml`) is "
            "not callable") in full
    assert "= note: `deploy` is defined here (lib/deploy.yaml:1:5)" in full
    assert ("flows/sub/nightly.yaml:1:5: WF601 the workflow id `nightly` is already the id of "
            "a workflow in `a/copy.yaml` (line 1)") in full
    # The same from a folder below the root, as in the editor, which has no working folder.
    assert [line.split(" ", 1)[1] for line in concise("sub", cwd=tmp_path / "flows")] == [
        line.split(" ", 1)[1] for line in concise("flows", cwd=tmp_path)]


def test_outside_any_project_messages_name_other_files_as_the_notes_do(tmp_path):
    # No project root (no config file, no repository): the message named the callee from
    # the caller's folder (`../../lib/deploy.yaml`) beside the note's `lib/deploy.yaml:1:5`.
    write(tmp_path, {"flows/sub/nightly.yaml": CALLER, "lib/deploy.yaml": CALLEE,
                     "a/copy.yaml": CALLEE.replace("id: deploy", "id: nightly")})
    full = run_cli("lint", "--format", "full", "--no-color", "flows", "lib", "a",
                   cwd=tmp_path).stdout
    assert ("flows/sub/nightly.yaml:6:13: WF603 the workflow `deploy` (`lib/deploy.yaml`) is "
            "not callable") in full
    assert "= note: `deploy` is defined here (lib/deploy.yaml:1:5)" in full
    assert ("flows/sub/nightly.yaml:1:5: WF601 the workflow id `nightly` is already the id of "
            "a workflow in `a/copy.yaml` (line 1)") in full
    # From below, a file outside the working folder is named in full, by message and note.
    full = run_cli("lint", "--format", "full", "--no-color", "sub", "../lib",
                   cwd=tmp_path / "flows").stdout
    assert f"WF603 the workflow `deploy` (`{tmp_path / 'lib' / 'deploy.yaml'}`)" in full
    assert f"= note: `deploy` is defined here ({tmp_path / 'lib' / 'deploy.yaml'}:1:5)" in full


def test_standard_input_is_linted_in_its_files_project(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"nightly.yaml": "id: nightly\njobs: {}\n", "deploy.yaml": CALLEE})
    done = run_cli("lint", "--format", "concise", "-q", "--stdin-filename", "nightly.yaml",
                   "-", input=CALLER, cwd=tmp_path)
    assert [line.split(" ")[1] for line in done.stdout.splitlines()] == ["WF603"]


def test_worker_processes_lint_with_the_workspace(tmp_path):
    named = {f"caller{n:02}.yaml": CALLER.replace("id: nightly", f"id: caller{n:02}")
             for n in range(20)}
    write(tmp_path, {**named, "deploy.yaml": CALLEE})
    lines = concise("--jobs", "2", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in lines] == sorted(named)
    assert {line.split(" ")[1] for line in lines} == {"WF603"}
    # The workspace was indexed by the worker processes too: the same as by one process.
    assert lines == concise("--jobs", "1", ".", cwd=tmp_path)


def test_standard_input_without_a_name_stands_for_a_file_of_the_working_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"flows/deploy.yaml": CALLEE})
    done = run_cli("lint", "--format", "concise", "-q", "-", input=CALLER, cwd=tmp_path)
    assert done.stdout == (
        "-:6:13: WF603 the workflow `deploy` (`flows/deploy.yaml`) is not callable: a "
        "workflow that others call needs `trigger.callable: true`\n")


def test_a_file_is_checked_against_what_its_calls_reach_in_a_large_project(tmp_path):
    # Only the workflows that matter are parsed (their ids are read off their lines
    # first): what the file calls, what that calls in turn, and its own id elsewhere.
    (tmp_path / ".git").mkdir()
    job = "jobs: {a: {timeout: 1h, steps: [{run: x}]}}\n"
    calling = "trigger: {{callable: true}}\njobs:\n  next:\n    timeout: 1h\n" \
              "    workflow: {{name: {}}}\n"
    write(tmp_path, {**{f"team/w{n}.yaml": f"id: w{n}\n{job}" for n in range(30)},
                     "wf-lsp.toml": 'workspace-id = "team"\n',
                     "nightly.yaml": CALLER,
                     "deploy.yaml": "id: deploy\n" + calling.format("stage"),
                     "stage.yaml": "id: \"stage\"\n" + calling.format(
                         "/workspaces/team/workflows/nightly")})
    assert concise("nightly.yaml", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF605 workflows call each other in a cycle: `nightly` (job "
        "`deploy`) → `deploy` (`deploy.yaml`, job `next`) → `stage` (`stage.yaml`, job "
        "`next`) → `nightly`: their runs never end",
        "nightly.yaml:8:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `region` "
        "(inputs: none)"]
    write(tmp_path, {"a-copy/nightly.yaml": f"id: 'nightly'\n{job}"})
    assert [line.split(" ")[1] for line in concise("nightly.yaml", cwd=tmp_path)] == [
        "WF601", "WF604"]  # the copy comes first: the cycle is the copy's


def test_call_inputs_read_bools_and_ints_as_go_does(tmp_path):
    """A value is judged by what the engine reads: `strconv.ParseBool`'s forms whether
    YAML types them as bool, int or string (`1` as `"1"`); a YAML int in any of its forms,
    but a string in base 10 only; and any whole number within 64 bits."""
    passed = [("1", "1"), ('"t"', '"0"'), ("T", "0o7"), ('"F"', "0x10"), ("True", "-0b101"),
              ("0", "9223372036854775807"), ("yes", "99999999999999999999999"),
              ('"2"', '"0x10"'), ("1.0", "-9223372036854775809")]
    write(tmp_path, {
        "deploy.yaml": "id: deploy\ninputs:\n  b: {type: bool}\n  n: {type: int}\n"
                       "trigger: {callable: true}\njobs:\n  go:\n    timeout: 1h\n"
                       "    steps: [{run: a}]\n",
        "nightly.yaml": "id: nightly\njobs:\n" + "".join(
            f"  j{i}:\n    timeout: 1h\n    workflow: {{name: deploy, inputs: {{b: {b}, n: {n}}}}}\n"
            for i, (b, n) in enumerate(passed)),
    })
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:23:42: WF604 `b` is a `bool` input: `yes` is not `true` or `false`",
        "nightly.yaml:23:50: WF604 `n` is an `int` input: `99999999999999999999999` does not "
        "fit in a 64-bit integer",
        "nightly.yaml:26:42: WF604 `b` is a `bool` input: `2` is not `true` or `false`",
        "nightly.yaml:26:50: WF604 `n` is an `int` input: `0x10` is not a whole number in "
        "base 10: write `16`",
        "nightly.yaml:29:42: WF604 `b` is a `bool` input: `1.0` is not `true` or `false`",
        "nightly.yaml:29:50: WF604 `n` is an `int` input: `-9223372036854775809` does not fit "
        "in a 64-bit integer",
    ]


def test_a_list_or_a_mapping_passed_to_an_input_is_one_finding(tmp_path):
    # WF005 and WF604 both said it, at the same place.
    callee = CALLEE.replace("jobs:", "trigger: {callable: true}\njobs:", 1)
    write(tmp_path, {"deploy.yaml": callee,
                     "nightly.yaml": CALLER.replace("region: eu", "region: [eu, us]")})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:8:17: WF005 `region` in `inputs` must be a single value, not a list"]
    write(tmp_path, {"nightly.yaml": CALLER.replace("region: eu", "region: {eu: 1}")})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:8:17: WF005 `region` in `inputs` must be a single value, not a mapping"]
    write(tmp_path, {"nightly.yaml": CALLER.replace("region: eu", "region:")})
    # On the key: the empty value's place at the line's end has no width to underline.
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:8:9: WF604 `region` is a `string` input: its value cannot be empty"]


SELF_CALLING = """\
id: self
trigger:
  callable: true
jobs:
  again:
    timeout: 1h
    workflow:
      name: self
"""


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_a_file_with_two_paths_is_one_workflow(tmp_path, link):
    write(tmp_path, {"wf-lsp.toml": 'workspace-id = "ws"\nworkflows-complete = true\n',
                     "flows/self.yaml": SELF_CALLING})
    if link == "symlink":
        (tmp_path / "link.yaml").symlink_to("flows/self.yaml")
    else:
        os.link(tmp_path / "flows" / "self.yaml", tmp_path / "link.yaml")
    cycle = "8:13: WF605 `self` calls itself: its runs never end"
    # The walk lints the file once, by its own path (a hard link: the first found).
    done = run_cli("lint", "--format", "concise", "--quiet", "--verbose", ".", cwd=tmp_path)
    kept, other = ("flows/self.yaml", "link.yaml") if link == "symlink" else (
        "link.yaml", "flows/self.yaml")
    assert done.stdout == f"{kept}:{cycle}\n"
    assert done.stderr == f"wf-lsp: skipped {other}: the same file as {kept}\n"
    # A path named is linted as given; named twice, the file is linted once, by the
    # first path (twice, its findings and fixes counted twice, two patches in --diff).
    assert concise("link.yaml", cwd=tmp_path) == [f"link.yaml:{cycle}"]
    assert concise("link.yaml", "flows/self.yaml", cwd=tmp_path) == [f"link.yaml:{cycle}"]
    # Standard input named by the other path (an editor's buffer opened by the link) is
    # that file too: it was a WF601 against flows/self.yaml, the file it stands for.
    done = run_cli("lint", "--format", "concise", "--quiet", "--stdin-filename", "link.yaml",
                   "-", cwd=tmp_path, input=SELF_CALLING)
    assert done.stdout.splitlines() == [f"link.yaml:{cycle}"]


def test_an_unknown_workflow_in_a_workspace_of_one_says_so_plainly(tmp_path):
    write(tmp_path, {"wf-lsp.toml": "workflows-complete = true\n", "nightly.yaml": CALLER})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:6:13: WF602 no workflow of the workspace has the id `deploy`: no other "
        "workflow is in the workspace"]


def test_inputs_merged_into_a_call_are_passed_and_a_merged_key_is_not_renamed_unasked(tmp_path):
    # `inputs: {<<: *shared}` passes what `shared` holds (not an input named `<<`); a
    # misspelt key there is renamed for every call that merges it: offered, not applied.
    write(tmp_path, {
        "deploy.yaml": CALLEE.replace("jobs:", "trigger: {callable: true}\njobs:"),
        "nightly.yaml": "id: nightly\njobs:\n"
                        "  eu:\n    timeout: 1h\n    workflow:\n      name: deploy\n"
                        "      inputs: &shared {region: eu}\n"
                        "  us:\n    timeout: 1h\n    workflow:\n      name: deploy\n"
                        "      inputs: {<<: *shared}\n"
                        "  typo:\n    timeout: 1h\n    workflow:\n      name: deploy\n"
                        "      inputs: {<<: {regoin: us}}\n",
    })
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:16:13: WF604 the call of `deploy` (`deploy.yaml`) does not pass the "
        "required input `region`, which has no default",
        "nightly.yaml:17:21: WF604 the workflow `deploy` (`deploy.yaml`) has no input "
        "`regoin`: did you mean `region`?",
    ]
    done = run_cli("lint", "--format", "json", ".", cwd=tmp_path)
    fixes = [finding["fix"] for finding in json.loads(done.stdout) if "regoin" in finding["message"]]
    assert [(fix["title"], fix["safe"]) for fix in fixes] == [("Rename to `region`", False)]


@pytest.mark.parametrize("written, suggested", [
    ("dri", "dry"),  # one letter off a 3-letter name: difflib's ratio alone gave no guess
    ("rgn", None),  # two edits from every input: the list of inputs, no guess
])
def test_a_short_input_name_one_letter_off_is_guessed(tmp_path, written, suggested):
    callee = CALLEE.replace("jobs:", "  dry:\n    type: bool\ntrigger: {callable: true}\njobs:", 1)
    write(tmp_path, {"deploy.yaml": callee,
                     "nightly.yaml": CALLER + f"        {written}: true\n"})
    hint = (f": did you mean `{suggested}`?" if suggested
            else " (inputs: `region`, `dry`)")
    assert concise(".", cwd=tmp_path) == [
        f"nightly.yaml:9:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `{written}`"
        + hint]
    # A guess a letter off is the user's to make: --fix leaves it, --unsafe-fixes makes it.
    run_cli("lint", "--fix", "-q", ".", cwd=tmp_path)
    assert (tmp_path / "nightly.yaml").read_text() == CALLER + f"        {written}: true\n"
    if suggested:
        run_cli("lint", "--fix", "--unsafe-fixes", "-q", ".", cwd=tmp_path)
        assert (tmp_path / "nightly.yaml").read_text() == CALLER + f"        {suggested}: true\n"


def test_an_input_written_in_another_case_is_renamed_by_fix(tmp_path):
    write(tmp_path, {"deploy.yaml": CALLEE.replace("jobs:", "trigger: {callable: true}\njobs:", 1),
                     "nightly.yaml": CALLER.replace("region: eu", "Region: eu")})
    run_cli("lint", "--fix", "-q", ".", cwd=tmp_path)
    assert (tmp_path / "nightly.yaml").read_text() == CALLER


def test_a_short_name_two_inputs_are_one_letter_from_is_no_guess(tmp_path):
    # `dey` is one letter from `day` and from `dry`: which was meant is anyone's guess.
    callee = CALLEE.replace("jobs:", "  dry:\n    type: bool\n  day:\n    type: string\n"
                            "trigger: {callable: true}\njobs:", 1)
    write(tmp_path, {"deploy.yaml": callee, "nightly.yaml": CALLER + "        dey: x\n"})
    assert concise(".", cwd=tmp_path) == [
        "nightly.yaml:9:9: WF604 the workflow `deploy` (`deploy.yaml`) has no input `dey` "
        "(inputs: `region`, `dry`, `day`)"]


def test_unsafe_fixes_pass_no_placeholder_for_a_required_input(tmp_path):
    """--unsafe-fixes passed `region: ""` to the call, which then lint clean while the
    callee runs with a value nobody chose; the quick fix (in the editor) still offers it."""
    callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:")
    caller = CALLER.replace("      inputs:\n        region: eu\n", "")
    write(tmp_path, {"nightly.yaml": caller, "deploy.yaml": callee})
    done = run_cli("lint", "--fix", "--unsafe-fixes", "--format", "concise", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert "does not pass the required input `region`" in done.stdout
    assert (tmp_path / "nightly.yaml").read_text() == caller
    items = json.loads(run_cli("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert [item["fix"]["title"] for item in items] == ["Pass `region`"]


def test_a_calls_timeout_shorter_than_the_callees_chain_and_its_fix(tmp_path):
    callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:") + (
        "  verify:\n    depends_on: [roll-out]\n    steps:\n"
        "      - timeout: 45m\n        run: ./verify.sh\n")
    write(tmp_path, {"wf-lsp.toml": "", "nightly.yaml": CALLER, "flows/deploy.yaml": callee})
    assert concise("--select", "WF606", ".", cwd=tmp_path) == [
        "nightly.yaml:4:14: WF606 the call of `deploy` (`flows/deploy.yaml`) may run 1h15m "
        "(roll-out 30m → verify 45m), longer than job `deploy`'s timeout 1h: the job's limit "
        "ends the call first"]
    # Not applied by --fix; --unsafe-fixes raises the caller's timeout, and all is well.
    assert concise("--fix", "--select", "WF606", ".", cwd=tmp_path)
    assert concise("--fix", "--unsafe-fixes", "--select", "WF606", ".", cwd=tmp_path) == []
    assert (tmp_path / "nightly.yaml").read_text(encoding="utf-8") == CALLER.replace(
        "timeout: 1h", "timeout: 1h15m")


def test_a_timeout_calls_share_names_every_job_it_is_too_short_for(tmp_path):
    """A timeout aliased into two calling jobs (and a job of steps, which calls nothing)
    was "longer than job `deploy`'s timeout 1h", the first job's alone; one merge key
    shared by two calls, the same. Each finding names the calls the timeout is shared by."""
    callee = CALLEE.replace("jobs:", "trigger:\n  callable: true\njobs:").replace(
        "timeout: 30m", "timeout: 2h")
    caller = (
        "id: nightly\njobs:\n"
        "  deploy:\n    timeout: &t 1h\n    workflow: {name: deploy, inputs: {region: eu}}\n"
        "  again:\n    timeout: *t\n    workflow: {name: deploy, inputs: {region: us}}\n"
        "  build:\n    timeout: *t\n    steps: [{run: make}]\n"
        "  one:\n    <<: &call\n      timeout: 30m\n"
        "      workflow: {name: deploy, inputs: {region: eu}}\n"
        "  two:\n    <<: *call\n")
    write(tmp_path, {"nightly.yaml": caller, "deploy.yaml": callee})
    assert concise("--select", "WF606", ".", cwd=tmp_path) == [
        "nightly.yaml:4:17: WF606 the call of `deploy` (`deploy.yaml`) may run 2h (roll-out 2h), "
        "longer than the timeout 1h of jobs `deploy`, `again`: the jobs' limit ends the call "
        "first",
        "nightly.yaml:14:16: WF606 the call of `deploy` (`deploy.yaml`) may run 2h (roll-out 2h), "
        "longer than the timeout 30m of jobs `one`, `two`: the jobs' limit ends the call first"]
    items = json.loads(run_cli("lint", "--format", "json", "--select", "WF606", ".",
                               cwd=tmp_path).stdout)
    assert [item["fix"]["title"] for item in items] == ["Raise the jobs' timeout to 2h"] * 2
