"""What `wf-lsp lint` does with what it finds on disk, through the real command line in a
subprocess: files that are not regular files (FIFOs), folders it cannot read, links and
permissions when it writes fixes, config files that are not UTF-8; and `wf-lsp graph`,
which reads a file as lint does.

The permission cases need a user whom the permissions bind: the tests run as root here,
so the CLI is run as `nobody` (setpriv), or as the current user when that is not root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .helpers import JOB, cli_env, run_cli
from .test_calls_cli import CALLEE, CALLER

BAD = JOB.format("30m1h")  # WF103 at 4:14, safe fix
CLEAN = JOB.format("1h30m")

# Skipped only where the case cannot exist: no FIFOs, no POSIX users (Windows). CI runs
# on Linux as root, where every test here runs (root-only ones give files to `nobody`).
fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
unprivileged = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="no POSIX users here")


def as_user(*args: str, cwd: Path, python: tuple[str, ...] = ("-m", "wf_lsp")
            ) -> subprocess.CompletedProcess:
    """`wf-lsp ARGS` (or `python PYTHON ARGS`) as a user whom permissions bind: `nobody`
    when the tests run as root (who may read and write anything), else the current user."""
    prefix = (["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
              if ROOT_USER else [])
    return subprocess.run([*prefix, sys.executable, *python, *args], cwd=cwd,
                          env=cli_env(), capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


@pytest.fixture(scope="session")
def runnable_as_user():
    """`as_user` can start wf-lsp: when this checkout or its .venv lies under a folder
    only root may enter (a clone in `mktemp -d`), those folders are made enterable (o+x:
    enter, not list) for the session and given their modes back after it."""
    if not ROOT_USER:
        yield
        return
    if not shutil.which("setpriv"):  # util-linux: on every Debian; a machine without it fails
        pytest.fail("the permission cases run the CLI as `nobody` with setpriv (util-linux), "
                    "which this machine lacks: install util-linux")
    probe = ("-c", "import wf_lsp.linter")
    opened: list[tuple[Path, int]] = []
    try:
        if as_user(cwd=Path("/"), python=probe).returncode != 0:
            for start in (Path(__file__).resolve().parents[2], Path(sys.prefix).resolve()):
                for folder in (start, *start.parents):
                    mode = folder.stat().st_mode
                    if not mode & 0o001 and folder not in dict(opened):
                        opened.append((folder, mode))
                        folder.chmod(mode | 0o001)
        done = as_user(cwd=Path("/"), python=probe)
        assert done.returncode == 0, (
            f"`nobody` cannot start this checkout's wf-lsp, so the permission cases cannot "
            f"run: {done.stderr.strip()}")
        yield
    finally:
        for folder, mode in reversed(opened):
            folder.chmod(mode & 0o7777)


@pytest.fixture
def shared(tmp_path, runnable_as_user):
    """A folder that `nobody` may enter (pytest's tmp_path is under a folder only its
    owner may), removed afterwards whatever its permissions became."""
    folder = Path(tempfile.mkdtemp(prefix="wf-lsp-test-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


# --- what is not a regular file -----------------------------------------------------------

@fifos
def test_a_fifo_found_by_the_walk_is_skipped_and_verbose_says_why(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    done = run_cli("lint", "-j1", "--format", "concise", "-v", ".", cwd=tmp_path)
    assert done.stderr == "wf-lsp: skipped pipe.yaml: not a regular file: a named pipe (FIFO)\n"
    assert done.stdout.splitlines()[0].startswith("w.yaml:4:14: WF103")
    assert done.returncode == 1


@pytest.mark.parametrize("name, make", [
    pytest.param("pipe.yaml", lambda path: os.mkfifo(path), marks=fifos),  # graph waited on it
    ("utf16.yaml", lambda path: path.write_bytes("id: x\n".encode("utf-16"))),
    ("latin1.yaml", lambda path: path.write_bytes(b"id: x\njobs:\n  a:\n    name: caf\xe9\n")),
])
def test_graph_reads_a_file_as_lint_does_with_the_same_error(tmp_path, name, make):
    make(tmp_path / name)
    linted = run_cli("lint", name, cwd=tmp_path)
    drawn = run_cli("graph", name, cwd=tmp_path)
    assert linted.stderr.startswith(f"wf-lsp: error: {name}: ")
    assert (drawn.stdout, drawn.stderr, drawn.returncode) == ("", linted.stderr, 2)


def test_graph_refuses_a_device_and_draws_a_file_with_a_bom(tmp_path):
    done = run_cli("graph", os.devnull, cwd=tmp_path)  # read as empty: "nothing to draw"
    assert (done.stderr, done.returncode) == (
        f"wf-lsp: error: {os.devnull}: not a regular file: a character device\n", 2)
    (tmp_path / "w.yaml").write_bytes(b"\xef\xbb\xbf" + CLEAN.encode())
    done = run_cli("graph", "w.yaml", "--format", "json", cwd=tmp_path)
    assert (done.stderr, done.returncode) == ("", 0)


@unprivileged
def test_graph_says_an_unreadable_file_cannot_be_read_as_lint_does(shared):
    # `shared`: a folder `nobody` may enter, and a checkout it can start wf-lsp from (a
    # clone in `mktemp -d` is not, until `runnable_as_user` opens its folders).
    path = shared / "w.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    path.chmod(0o200)
    assert as_user("graph", "w.yaml", cwd=shared).stderr == (
        "wf-lsp: error: w.yaml: cannot read: Permission denied\n")


def test_a_broken_symlink_found_by_the_walk_is_passed_over_and_an_error_when_named(tmp_path):
    # Found by the walk it failed the whole run: "cannot read: No such file or directory".
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "gone.yaml").symlink_to("missing.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    done = run_cli("lint", "--format", "concise", "-q", "-v", ".", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: skipped gone.yaml: a broken symbolic link (to missing.yaml)\n"
                           "wf-lsp: skipped loop.yaml: a broken symbolic link (to loop.yaml)\n")
    assert done.stdout.startswith("w.yaml:4:14: WF103")
    assert done.returncode == 1
    # Named, it was "no such file or folder", though `ls` lists it: said as the walk says it.
    done = run_cli("lint", "gone.yaml", "loop.yaml", "none.yaml", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: gone.yaml: a broken symbolic link (to missing.yaml)\n"
                           "wf-lsp: error: loop.yaml: a broken symbolic link (to loop.yaml)\n"
                           "wf-lsp: error: none.yaml: no such file or folder\n")
    assert done.returncode == 2


@fifos
def test_a_fifo_named_on_the_command_line_is_an_error(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    done = run_cli("lint", "pipe.yaml", cwd=tmp_path)
    assert done.stderr == "wf-lsp: error: pipe.yaml: not a regular file: a named pipe (FIFO)\n"
    assert (done.stdout, done.returncode) == (
        "No problems found (0 workflow files; 1 file could not be checked).\n", 2)


@fifos
def test_a_fifo_under_the_project_root_does_not_stop_the_lint_of_another_file(tmp_path):
    # The project's workflows are scanned for calls between them (WF601-WF606).
    (tmp_path / "wf-lsp.toml").write_text("", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "sub" / "pipe.yaml")
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    done = run_cli("lint", "-q", "--format", "concise", "w.yaml", cwd=tmp_path)
    assert done.stdout.startswith("w.yaml:4:14: WF103")
    assert (done.stderr, done.returncode) == ("", 1)


@fifos
def test_a_fifo_swapped_in_after_the_check_is_not_waited_for(tmp_path):
    """The race the check before opening cannot close: the path is a regular file when
    looked at, a FIFO when opened. Run apart, so that a regression fails (the timeout)
    rather than hangs the suite; `os.stat` answers for the file as it was."""
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "was.yaml").write_text(CLEAN, encoding="utf-8")
    script = (
        "import os, sys\n"
        "from wf_lsp import files\n"
        "was = os.stat('was.yaml')\n"
        "real = os.stat\n"
        "os.stat = lambda path, *a, **k: was if str(path) == 'pipe.yaml' else real(path, *a, **k)\n"
        "try:\n"
        "    files.read_text('pipe.yaml')\n"
        "except files.FileError as exc:\n"
        "    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=cli_env(),
                          capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.stderr) == ("not a regular file: a named pipe (FIFO)\n", "")


# --- one file, several paths ------------------------------------------------------------

def test_a_file_named_twice_is_linted_once_by_the_first_path_given(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    absolute = str(tmp_path / "w.yaml")
    done = run_cli("lint", "--format", "concise", "-v", "w.yaml", absolute, cwd=tmp_path)
    assert done.stdout == ('w.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" '
                           'is 1h30m\nFound 1 problem (1 error) in 1 workflow file.\n'
                           '1 fixable with `wf-lsp lint --fix`.\n')
    assert done.stderr == f"wf-lsp: skipped {absolute}: the same file as w.yaml\n"
    done = run_cli("lint", "--diff", absolute, "./w.yaml", cwd=tmp_path)
    assert done.stdout.count("--- a/w.yaml\n") == 1
    assert done.stderr == "Would fix 1 problem in 1 file.\n"
    done = run_cli("lint", "--fix", "w.yaml", absolute, cwd=tmp_path)
    assert done.stdout == "Fixed 1 problem.\nAll checks passed (1 workflow file).\n"


def test_a_file_named_and_found_by_a_walk_is_linted_once_by_its_name(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    absolute = str(tmp_path / "w.yaml")
    done = run_cli("lint", "--format", "concise", "-q", "-v", ".", absolute, cwd=tmp_path)
    assert done.stdout.splitlines() == [
        f'{absolute}:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m']
    assert done.stderr == f"wf-lsp: skipped w.yaml: the same file as {absolute}\n"
    done = run_cli("lint", "--format", "concise", "-q", ".", str(tmp_path), cwd=tmp_path)
    assert done.stdout.splitlines() == [
        'w.yaml:4:14: WF103 units must go from larger to smaller: "30m1h" is 1h30m']


# --- writing fixes -----------------------------------------------------------------------

def test_fix_writes_through_a_symlink_to_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "w.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(Path("real") / "w.yaml")
    done = run_cli("lint", "--fix", "link.yaml", cwd=tmp_path)
    assert (done.stdout, done.returncode) == (
        "Fixed 1 problem.\nAll checks passed (1 workflow file).\n", 0)
    assert os.readlink(tmp_path / "link.yaml") == os.path.join("real", "w.yaml")
    assert (tmp_path / "real" / "w.yaml").read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["w.yaml"]  # no temp left


def test_fix_keeps_hard_links_and_the_mode(tmp_path):
    (tmp_path / "a.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "a.yaml").chmod(0o640)
    os.link(tmp_path / "a.yaml", tmp_path / "b.yaml")
    done = run_cli("lint", "--fix", "b.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    a, b = (tmp_path / "a.yaml").stat(), (tmp_path / "b.yaml").stat()
    assert (a.st_ino, a.st_nlink, a.st_mode & 0o777) == (b.st_ino, 2, 0o640)
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_fix_in_another_file_writes_through_its_symlink(tmp_path):
    # --unsafe-fixes makes the called workflow callable: an edit of the callee's file.
    (tmp_path / "wf-lsp.toml").write_text("", encoding="utf-8")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "deploy.yaml").write_text(CALLEE, encoding="utf-8")
    (tmp_path / "deploy.yaml").symlink_to(Path("shared") / "deploy.yaml")
    (tmp_path / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    done = run_cli("lint", "--fix", "--unsafe-fixes", "nightly.yaml", "deploy.yaml",
                   cwd=tmp_path)
    assert (done.stderr, done.returncode) == ("", 0)
    assert (tmp_path / "deploy.yaml").is_symlink()
    assert (tmp_path / "shared" / "deploy.yaml").read_text(encoding="utf-8") == CALLEE.replace(
        "id: deploy\n", "id: deploy\ntrigger:\n  callable: true\n")


@pytest.mark.skipif(not ROOT_USER, reason="only root may give a file to another user")
def test_fix_keeps_the_owner_of_another_users_file(tmp_path):
    import pwd

    nobody = pwd.getpwnam("nobody")
    path = tmp_path / "w.yaml"
    path.write_text(BAD, encoding="utf-8")
    os.chown(path, nobody.pw_uid, nobody.pw_gid)
    assert run_cli("lint", "--fix", "w.yaml", cwd=tmp_path).returncode == 0
    assert (path.stat().st_uid, path.stat().st_gid) == (nobody.pw_uid, nobody.pw_gid)
    assert path.read_text(encoding="utf-8") == CLEAN


@unprivileged
def test_a_read_only_file_is_not_replaced_even_in_a_writable_folder(shared):
    folder = shared / "open"
    folder.mkdir()
    folder.chmod(0o777)  # anyone may create, rename and delete files here
    path = folder / "w.yaml"
    path.write_text(BAD, encoding="utf-8")
    path.chmod(0o444)
    before = path.stat()
    done = as_user("lint", "--fix", "--format", "concise", "open/w.yaml", cwd=shared)
    assert done.stderr == "wf-lsp: error: open/w.yaml: cannot write the fixes: Permission denied\n"
    assert done.returncode == 2
    # It was checked (its finding is shown), only not fixed: not "0 workflow files; 1 file
    # could not be checked".
    assert done.stdout.splitlines()[-1] == (
        "Found 1 problem (1 error) in 1 workflow file; the fixes of 1 file could not be written.")
    after = path.stat()
    assert (after.st_ino, after.st_uid, after.st_mode & 0o777) == (
        before.st_ino, before.st_uid, 0o444)
    assert path.read_text(encoding="utf-8") == BAD
    assert sorted(p.name for p in folder.iterdir()) == ["w.yaml"]


@unprivileged
def test_a_writable_file_in_a_read_only_folder_is_fixed_in_place(shared):
    # The temporary file beside it could not be made: "cannot write the fixes: Permission
    # denied" for a file the user may write, which black and ruff fix. Written in place.
    folder = shared / "closed"
    folder.mkdir()
    path = folder / "w.yaml"
    path.write_text(BAD + "# more\n", encoding="utf-8")
    path.chmod(0o666)
    folder.chmod(0o555)  # no new name here, for anyone but root
    before = path.stat()
    done = as_user("lint", "--fix", "closed/w.yaml", cwd=shared)
    assert (done.stderr, done.returncode) == ("", 0)
    assert done.stdout.startswith("Fixed 1 problem.")
    after = path.stat()
    assert (after.st_ino, after.st_uid, after.st_mode & 0o777) == (
        before.st_ino, before.st_uid, 0o666)
    assert path.read_text(encoding="utf-8") == CLEAN + "# more\n"
    assert sorted(p.name for p in folder.iterdir()) == ["w.yaml"]


@unprivileged
@pytest.mark.skipif(not ROOT_USER, reason="needs a file of another user")
def test_another_users_writable_file_is_fixed_and_keeps_its_owner(shared):
    # nobody may write the file (0666) but not give it away: a rename would make it theirs.
    folder = shared / "open"
    folder.mkdir()
    folder.chmod(0o777)
    path = folder / "w.yaml"
    path.write_text(BAD, encoding="utf-8")
    path.chmod(0o666)
    before = path.stat()
    done = as_user("lint", "--fix", "open/w.yaml", cwd=shared)
    assert (done.stderr, done.returncode) == ("", 0)
    after = path.stat()
    assert (after.st_ino, after.st_uid, after.st_mode & 0o777) == (before.st_ino, 0, 0o666)
    assert path.read_text(encoding="utf-8") == CLEAN
    assert sorted(p.name for p in folder.iterdir()) == ["w.yaml"]


# --- folders that cannot be read ----------------------------------------------------------

@unprivileged
def test_an_unreadable_folder_is_an_error_not_a_pass(shared):
    (shared / "proj" / "sub").mkdir(parents=True)
    (shared / "proj" / "sub" / "w.yaml").write_text(BAD, encoding="utf-8")
    (shared / "proj" / "ok.yaml").write_text(CLEAN, encoding="utf-8")
    (shared / "proj" / "sub").chmod(0)
    done = as_user("lint", "--format", "concise", "proj", cwd=shared)
    assert done.stderr == "wf-lsp: error: proj/sub/: cannot read the folder: Permission denied\n"
    assert done.stdout == ("No problems found (1 workflow file; "
                           "1 file could not be checked).\n")
    assert done.returncode == 2
    # The folder named itself.
    done = as_user("lint", "proj/sub", cwd=shared)
    assert (done.stderr, done.returncode) == (
        "wf-lsp: error: proj/sub/: cannot read the folder: Permission denied\n", 2)
    # And for Python callers, a report with the error.
    done = as_user(cwd=shared, python=("-c", "import wf_lsp\nfor r in wf_lsp.lint_paths(['proj']):"
                                             " print(r.path, r.error, r.linted)"))
    assert done.stdout.splitlines() == [
        "proj/ok.yaml None True",
        "proj/sub/ cannot read the folder: Permission denied False"]


# --- config files that are not UTF-8 ------------------------------------------------------

LATIN1_PYPROJECT = (b'[project]\nname = "demo"\nauthors = [{name = "M\xfcller"}]\n\n'
                    b'[tool.wf-lsp]\nignore = ["WF203"]\n')


@pytest.mark.parametrize("name, data, line", [
    ("pyproject.toml", LATIN1_PYPROJECT, 3),
    ("wf-lsp.toml", b'select = ["WF"]\n# \xff\n', 2),
    (".wf-lsp.toml", b'\xffselect = ["WF"]\n', 1),
])
def test_a_config_file_that_is_not_utf8_is_a_config_error_naming_it(tmp_path, name, data,
                                                                     line):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    bad = next(b for b in data if b >= 0x80)
    assert done.stderr == (f"wf-lsp: error: {name}: not UTF-8 (byte 0x{bad:02x} "
                           f"on line {line}): save the file as UTF-8\n")
    assert (done.stdout, done.returncode) == ("", 2)


def test_another_tools_latin1_pyproject_is_not_read(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_bytes(LATIN1_PYPROJECT.split(b"\n\n")[0] + b"\n")
    assert run_cli("lint", "-q", "w.yaml", cwd=tmp_path).returncode == 1


def test_a_config_file_named_with_config_that_is_not_utf8_is_a_usage_error(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "mine.toml").write_bytes(b'ignore = ["WF103"]  # \xe9\n')
    done = run_cli("lint", "--config", "mine.toml", "w.yaml", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: mine.toml: not UTF-8 (byte 0xe9 "
                           "on line 1): save the file as UTF-8\n")
    assert (done.stdout, done.returncode) == ("", 2)


@pytest.mark.parametrize("name", ["wf-lsp.toml", "pyproject.toml"])
def test_a_utf8_bom_at_the_start_of_a_config_file_is_accepted(tmp_path, name):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    table = "[tool.wf-lsp]\n" if name == "pyproject.toml" else ""
    (tmp_path / name).write_bytes(f'\ufeff{table}ignore = ["WF103"]\n'.encode("utf-8"))
    done = run_cli("lint", "w.yaml", cwd=tmp_path)
    assert (done.stdout, done.stderr, done.returncode) == (
        "All checks passed (1 workflow file).\n", "", 0)


@fifos
def test_a_fifo_named_with_config_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "w.yaml").write_text(BAD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.toml")
    done = run_cli("lint", "--config", "pipe.toml", "w.yaml", cwd=tmp_path)
    assert done.stderr == ("wf-lsp: error: pipe.toml: not a regular file: "
                           "a named pipe (FIFO)\n")
    assert (done.stdout, done.returncode) == ("", 2)
