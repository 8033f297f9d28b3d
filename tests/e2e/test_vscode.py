"""The packaged VS Code extension in real VS Code (code-server), driven by headless Chromium.

Builds this platform's .vsix, linux-x64 (or takes `$WF_LSP_VSIX`), installs it into a fresh
code-server, opens a workspace holding a broken workflow, and checks what a user sees in one
session: squiggle, Problems panel, hover, the rule's page behind the code link, quick fix,
fix-all; then typing (code lens, inlay hint), the outline, a restart (the lenses go meanwhile),
every `wfLsp` setting changed and changed back, the refactoring "Write as 1h30m" on `90m`,
closing the editors; the status bar (the C
parser), and the output channel, which must hold no error at the end. The default `useBundled`
strategy runs the `wf_lsp` that `npm run package` copied from this repository into the extension.
The universal .vsix, whose server runs the pure-Python parser, is checked for the status bar's
warning and the explanation one click on it opens.

Needs the toolchain that `python3 scripts/setup_code_server.py` installs into `.tools/`; when
that script is still running (dev.py starts it in the background) this waits for it. The
browser steps live in `tests/e2e/vscode/drive.mjs`.

The README's screenshots (`vscode-extension/images/`: `screenshot.png`, and the gallery's
`quick-fix.png`, `code-lens-and-inlay-hints.png`, `outline.png`) are written when missing, or
always with WF_LSP_UPDATE_SCREENSHOT=1; every run leaves its own in the test's temporary directory.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from setup_script import alive, setup_code_server

REPO = Path(__file__).resolve().parents[2]
EXT = REPO / "vscode-extension"
DRIVER = Path(__file__).resolve().parent / "vscode" / "drive.mjs"
SETUP = "python3 scripts/setup_code_server.py"
SETUP_WAIT_S = 15 * 60


# dev.py names the tools folder and the pid of the setup it started in the background.
TOOLS = Path(os.environ.get("WF_LSP_TOOLS") or REPO / ".tools")

WORKFLOW_NAME = "train.workflow.yaml"
# Line 6 (1-based) holds the job timeout the test hovers and fixes; line 10 a step timeout that
# only fix-all repairs.
WORKFLOW = """\
id: nightly-training
name: Nightly training
jobs:
  train:
    name: Train model
    timeout: "30m1h"
    steps:
      - name: Load dataset
        run: python load.py
        timeout: "15m1h"
      - name: Train model
        run: python train.py
"""
BROKEN_LINE = 6
BROKEN_COLUMN = 17  # inside "30m1h"
FIXED_JOB = 'timeout: "1h30m"'
FIXED_STEP = 'timeout: "1h15m"'
# Typed at the end of the fixed file: a job after `train`, whose timeout is not canonical.
TYPED = """\
  report:
    timeout: 90m
    depends_on: [train]
    steps:
      - run: python report.py
"""
# The typed job's timeout, rewritten at the end of the session by the refactoring "Write as 1h30m".
REWRITE_LINE = len(WORKFLOW.splitlines()) + 2
REWRITE_COLUMN = 15  # inside 90m
REWRITE_TITLE = "Write as 1h30m"
REWRITTEN = TYPED.replace("timeout: 90m", "timeout: 1h30m")
# The lens on `jobs:` (the job graph), then train's and report's.
LENSES = ["Show job graph · worst case 3h", "timeout 1h30m · critical path 1h30m",
          "timeout 1h30m · critical path 3h"]
# The job graph opened from its lens; report's `timeout: 90m` (REWRITE_LINE) made 2h and
# back; a click on train's box selects its key (line 4, columns 3-7).
GRAPH = {"lens": "Show job graph", "worst": "3h", "editAt": [REWRITE_LINE, 17], "replace": ["90m", "2h"],
         "worstEdited": "3h30m", "reveal": "train", "revealStatus": "Ln 4, Col 8 (5 selected)"}
HINT = "= 1h30m"
# The source label, with a non-breaking hyphen (vscode-extension/src/extension.ts).
SOURCE_LABEL = "wf\u2011lsp"
GALLERY = ("quick-fix.png", "code-lens-and-inlay-hints.png", "outline.png", "job-graph.png")
PYTHON = sys.executable  # runs this checkout's wf_lsp (the venv the tests run in)
# Every wfLsp setting, changed through settings.json and back. "quiet": lenses and hints off and
# a job over maxJobTimeout; "default": as at the start. The others restart the server.
SETTINGS_CHANGES = [
    {"values": {
        "wfLsp.select": ["WF1", "WF2", "WF3"], "wfLsp.extendSelect": ["WF111"],
        "wfLsp.ignore": ["WF110"],
        "wfLsp.severity": {"WF203": "hint"}, "wfLsp.requireTimeout": "all",
        "wfLsp.maxJobTimeout": "1h", "wfLsp.maxStepTimeout": "30m",
        "wfLsp.inlayHints.enable": False, "wfLsp.codeLens.enable": False,
        "wfLsp.debounceMs": 50, "wfLsp.logLevel": "debug", "wfLsp.trace.server": "messages",
        "wfLsp.incremental": False,
    }, "expect": "quiet"},
    {"values": {}, "expect": "default"},
    {"values": {"wfLsp.lintWorkspaceOnStart": True}, "restart": True},
    {"values": {}, "restart": True},
    {"values": {"wfLsp.interpreter": [PYTHON]}, "restart": True},
    {"values": {"wfLsp.importStrategy": "fromEnvironment", "wfLsp.interpreter": [PYTHON]}, "restart": True},
    {"values": {"wfLsp.path": [PYTHON, "-m", "wf_lsp", "serve"]}, "restart": True},
    {"values": {}, "restart": True},
]


def _server_version() -> str:
    text = (REPO / "wf_lsp" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    assert match, "wf_lsp/__init__.py has no __version__"
    return match.group(1)


# -- toolchain -------------------------------------------------------------------------------


def _setup_running() -> bool:
    """Whether a setup run holds the lock, or dev.py's background one has not taken it yet."""
    pid = os.environ.get("WF_LSP_CODE_SERVER_SETUP_PID", "")
    # dev.py reaps it only at the end: a finished setup stays a zombie until then.
    if pid.isdigit() and alive(int(pid)):
        return True
    lock = TOOLS / setup_code_server.LOCK
    if not lock.exists():
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _setup_log_tail(lines: int = 25) -> str:
    try:
        return "\n".join((TOOLS / setup_code_server.LOG).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="module")
def toolchain() -> dict:
    """The marker written by scripts/setup_code_server.py, waiting for a run in progress."""
    deadline = time.monotonic() + SETUP_WAIT_S
    while True:
        marker = setup_code_server.read_marker(TOOLS)
        if marker:
            break
        if not _setup_running():
            pytest.fail(
                f"The VS Code e2e toolchain (code-server, Node 24, playwright-core, chromium) is not in {TOOLS}.\n"
                f"Install it with:  {SETUP}{'' if TOOLS == REPO / '.tools' else f' --tools-dir {TOOLS}'}\n"
                f"Last lines of {TOOLS / setup_code_server.LOG}:\n{_setup_log_tail()}",
                pytrace=False,
            )
        if time.monotonic() > deadline:
            pytest.fail(f"{SETUP} still running after {SETUP_WAIT_S} s:\n{_setup_log_tail()}", pytrace=False)
        time.sleep(2)
    for key in ("code_server", "node", "chromium", "node_modules"):
        if not Path(marker[key]).exists():
            pytest.fail(f"{marker[key]} is missing; re-run:  {SETUP}", pytrace=False)
    return marker


def _tool_env(marker: dict) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{marker['bin']}:{env.get('PATH', '/usr/bin:/bin')}"
    env["npm_config_update_notifier"] = "false"
    return env


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], what: str, timeout: float = 300) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"{what} failed ({proc.returncode}): {' '.join(cmd)}\n{output[-4000:]}", pytrace=False)
    return output


@pytest.fixture(scope="module")
def npm(toolchain: dict) -> list[str]:
    """The toolchain's npm, after `npm ci` in vscode-extension/ when node_modules is missing or stale."""
    npm = [toolchain["node"], toolchain["npm_cli"]]
    installed = EXT / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < (EXT / "package-lock.json").stat().st_mtime:
        _run([*npm, "ci"], cwd=EXT, env=_tool_env(toolchain), what="npm ci")
    return npm


@pytest.fixture(scope="module")
def packages(toolchain: dict, npm: list[str]) -> dict[str, Path]:
    """The linux-x64 .vsix (or `$WF_LSP_VSIX`) and the universal one, as `npm run package` builds
    them in vscode-extension/."""
    version = json.loads((EXT / "package.json").read_text())["version"]
    built = {"linux-x64": EXT / f"wf-lsp-linux-x64-{version}.vsix", "universal": EXT / f"wf-lsp-{version}.vsix"}
    given = os.environ.get("WF_LSP_VSIX")
    targets = ["universal"] if given else list(built)
    _run([*npm, "run", "package", "--", *[arg for target in targets for arg in ("--target", target)]],
         cwd=EXT, env=_tool_env(toolchain), what="npm run package")
    if given:
        built["linux-x64"] = Path(given).resolve()
    for path in built.values():
        assert path.is_file(), f"{path} does not exist"
    return built


@pytest.fixture(scope="module")
def vsix(packages: dict[str, Path]) -> Path:
    return packages["linux-x64"]


# -- code-server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "workbench.colorTheme": "Default Dark Modern",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "chat.disableAIFeatures": True,
    "editor.hover.delay": 200,
    "editor.minimap.enabled": False,
    "files.autoSave": "off",
    "window.commandCenter": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.editor.useModal": "off",  # settings.json in a tab, with its dirty mark
    # The test types YAML key by key: the editor must add no indentation, brackets or completions.
    "[yaml]": {"editor.autoIndent": "none"},  # VS Code's own default for YAML is "advanced"
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.quickSuggestions": {"other": "off", "comments": "off", "strings": "off"},
    "editor.suggestOnTriggerCharacters": False,
    "editor.acceptSuggestionOnEnter": "off",
}


class CodeServer:
    """A code-server in its own process group, with its state in one temporary directory."""

    def __init__(self, marker: dict, root: Path, settings: dict | None = None) -> None:
        self.marker = marker
        self.root = root
        self.user_data = root / "user-data"
        self.extensions = root / "extensions"
        self.log_path = root / "code-server.log"
        self.env = _tool_env(marker)
        # No extension marketplace: an empty gallery turns VS Code's gallery queries off.
        self.env["EXTENSIONS_GALLERY"] = "{}"
        for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
            (root / sub).mkdir(parents=True, exist_ok=True)
            self.env[var] = str(root / sub)
        (self.user_data / "User").mkdir(parents=True, exist_ok=True)
        # $WF_LSP_E2E_SETTINGS (a JSON object) adds user settings, e.g. {"wfLsp.logLevel": "debug"}.
        settings = {**USER_SETTINGS, **(settings or {}),
                    **json.loads(os.environ.get("WF_LSP_E2E_SETTINGS") or "{}")}
        (self.user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2))
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def base_args(self) -> list[str]:
        return [self.marker["code_server"], "--user-data-dir", str(self.user_data), "--extensions-dir", str(self.extensions)]

    def install(self, vsix: Path) -> str:
        return _run([*self.base_args(), "--install-extension", str(vsix), "--force"], cwd=self.root, env=self.env, what="code-server --install-extension", timeout=120)

    def start(self, folder: Path) -> str:
        self.port = _free_port()
        cmd = [
            *self.base_args(),
            "--bind-addr", f"127.0.0.1:{self.port}",
            "--auth", "none",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            str(folder),
        ]
        log = self.log_path.open("w")
        # A session of its own (setsid), so stop() reaches every helper code-server spawns.
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"code-server exited ({self.proc.returncode}):\n{self.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return url
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"code-server did not answer on {url} within 60 s:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def extension_output(self) -> str:
        """What the wf-lsp output channel and the extension host logged, for failure messages."""
        parts = []
        for path in sorted(self.user_data.glob("logs/**/*.log")):
            name = path.name.lower()
            if "wf-lsp" in name or "exthost" in name or "remoteexthost" in name:
                text = path.read_text(errors="replace")
                parts.append(f"--- {path.relative_to(self.user_data)}\n{text[-3000:]}")
        return "\n".join(parts) or "(no extension logs)"

    def output_channel(self) -> str:
        """The wf-lsp output channel, as VS Code wrote it to disk (one file per window)."""
        return "".join(path.read_text(errors="replace")
                       for path in sorted(self.user_data.glob("logs/**/output_logging_*/*-wf-lsp.log")))


@pytest.fixture(scope="module")
def session(toolchain: dict, vsix: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run of the driver against a fresh code-server; the tests below read its observations."""
    return drive(toolchain, vsix, tmp_path_factory.mktemp("vscode-e2e"))


def drive(toolchain: dict, vsix: Path, root: Path, settings: dict | None = None,
          closed_files: dict[str, str] | None = None, **config_extra) -> dict:
    """Install the .vsix into a fresh code-server on a workspace holding WORKFLOW (opened by
    the driver) and `closed_files` (never opened), with these user `settings`, and drive it."""
    workspace = root / "workspace"
    workspace.mkdir()
    workflow = workspace / WORKFLOW_NAME
    workflow.write_text(WORKFLOW, encoding="utf-8")
    for name, text in (closed_files or {}).items():
        (workspace / name).write_text(text, encoding="utf-8")
    screenshot = root / "screenshot.png"
    server = CodeServer(toolchain, root, settings)
    install_output = server.install(vsix)
    assert "wf-lsp" in install_output, install_output
    try:
        url = server.start(workspace)
        config = {
            "url": url,
            "folder": str(workspace),
            "file": WORKFLOW_NAME,
            "line": BROKEN_LINE,
            "column": BROKEN_COLUMN,
            "fixed": "1h30m",
            "fixAllExpect": "1h15m",
            "hoverExpect": "5,400 s",
            "chromium": toolchain["chromium"],
            "nodeModules": toolchain["node_modules"],
            "screenshot": str(screenshot),
            "failureScreenshot": str(root / "failure.png"),
            "resultFile": str(root / "drive-result.json"),
            "userData": str(server.user_data),
            "typed": TYPED,
            "lensesExpect": LENSES,
            "hintExpect": HINT,
            "outlineExpect": "report",
            "gallery": {"quickFix": str(root / GALLERY[0]), "lensAndHints": str(root / GALLERY[1]),
                        "outline": str(root / GALLERY[2]), "graph": str(root / GALLERY[3])},
            "graph": GRAPH,
            "settingsChanges": SETTINGS_CHANGES,
            "rewriteLine": REWRITE_LINE,
            "rewriteColumn": REWRITE_COLUMN,
            "rewriteTitle": REWRITE_TITLE,
            "rewriteExpect": "timeout: 1h30m",
            **config_extra,
        }
        proc = subprocess.run(
            [toolchain["node"], str(DRIVER), json.dumps(config)],
            capture_output=True,
            text=True,
            timeout=600,
            env=server.env,
            stdin=subprocess.DEVNULL,
        )
    finally:
        server.stop()
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        pytest.fail(f"the driver printed no result ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}", pytrace=False)
    result["disk_text"] = workflow.read_text(encoding="utf-8")
    result["output_channel"] = server.output_channel()
    result["diagnostics"] = (
        "driver steps:\n" + "\n".join(result.get("steps", []))
        + f"\nerror: {result.get('error')}\nfailure screenshot: {root / 'failure.png'}"
        + f"\nall observations: {root / 'drive-result.json'}"
        + f"\n\ncode-server log:\n{server.log_tail()}\n\n{server.extension_output()}"
    )
    if not result.get("error") and not config_extra:
        for name in ("screenshot.png", *GALLERY):
            target = EXT / "images" / name
            if (root / name).exists() and (os.environ.get("WF_LSP_UPDATE_SCREENSHOT") == "1" or not target.exists()):
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / name, target)
    result["screenshot"] = str(screenshot)
    return result


def _observed(session: dict, key: str):
    if session.get(key) is None:
        pytest.fail(f"the driver did not get as far as {key!r}.\n{session['diagnostics']}", pytrace=False)
    return session[key]


# -- the extension's own unit tests ------------------------------------------------------------


def test_extension_unit_tests(toolchain: dict, npm: list[str]) -> None:
    """`npm test`: type check, then settings mapping and server resolution under node's test runner."""
    output = _run([*npm, "test"], cwd=EXT, env=_tool_env(toolchain), what="npm test (vscode-extension)")
    assert re.search(r"^\S* ?fail 0$", output, re.MULTILINE), output[-2000:]


# -- what a user sees ------------------------------------------------------------------------


def test_driver_completed(session: dict) -> None:
    if session.get("error"):
        pytest.fail(session["diagnostics"], pytrace=False)


def test_squiggle_on_broken_duration(session: dict) -> None:
    assert _observed(session, "squiggles") >= 1


def test_problems_panel_lists_wf103_at_its_line(session: dict) -> None:
    rows = _observed(session, "problems")
    wf103 = [row for row in rows if "WF103" in row["text"]]
    assert wf103, rows
    assert any(f"[Ln {BROKEN_LINE}, Col" in row["text"] for row in wf103), wf103
    assert all(SOURCE_LABEL in row["text"] for row in wf103), wf103


def test_source_label_does_not_break_at_its_hyphen(session: dict) -> None:
    # VS Code prints source and code as one word, `wf-lsp(WF103)`, and wrapped a narrow hover
    # after "wf-"; the label has a non-breaking hyphen instead.
    label = _observed(session, "hoverSource")
    assert label.startswith(SOURCE_LABEL) and "WF103" in label and "wf-lsp" not in label, label


def test_rule_link_opens_the_rule_page_rendered(session: dict) -> None:
    assert _observed(session, "ruleHeading") == "WF103 duration-unit-order"
    assert session["ruleSections"] == ["Bad", "Good"], session["ruleSections"]
    assert "WF103.md" in session["ruleTab"], session["ruleTab"]
    # In the Markdown preview, not as Markdown source in a text editor.
    assert session["ruleTextEditors"] == 0, session["diagnostics"]


def test_hover_shows_canonical_duration(session: dict) -> None:
    parts = _observed(session, "hoverParts")
    # The diagnostic's part says the value is 1h30m; the server's hover answer (now naming
    # the rule too) says it in words.
    answers = [p["text"] for p in parts if "status-bar" not in p["className"]]
    assert any("1 hour 30 minutes" in text for text in answers), parts


def test_hover_on_valid_duration_shows_words_and_seconds(session: dict) -> None:
    hover = _observed(session, "hoverAfterFix")
    assert "1h30m · 1 hour 30 minutes · 5,400 s" in hover, hover


def test_quick_fix_rewrites_the_value(session: dict) -> None:
    after = _observed(session, "textAfterQuickFix")
    assert FIXED_JOB in after, after
    assert 'timeout: "15m1h"' in after, "the quick fix must touch only its own finding:\n" + after


FIXED = WORKFLOW.replace('"30m1h"', '"1h30m"').replace('"15m1h"', '"1h15m"')


def test_fix_all_command_and_save(session: dict) -> None:
    _observed(session, "textAfterFixAll")
    disk = _observed(session, "diskAfterFixAll")
    assert FIXED_JOB in disk and FIXED_STEP in disk, disk
    assert disk == FIXED, disk
    assert session.get("squigglesAfterFix") == 0, session["diagnostics"]


def test_status_bar_shows_server_version_and_the_c_parser(session: dict) -> None:
    status = _observed(session, "statusText")
    assert f"wf-lsp {_server_version()}" in status, status
    label = _observed(session, "statusLabel")
    assert label == f"wf-lsp {_server_version()} running, C parser", label


def test_typing_brings_a_code_lens_and_an_inlay_hint(session: dict) -> None:
    text = _observed(session, "textAfterTyping")
    _observed(session, "outputAtEnd")  # saved at the end of the session
    assert "timeout: 90m" in text and HINT in text, text
    assert session["lenses"] == LENSES, session["lenses"]


def test_the_rewrite_action_writes_a_valid_duration_in_canonical_form(session: dict) -> None:
    # Offered on "90m" although no diagnostic is there (WF111 is off by default).
    assert REWRITE_TITLE in _observed(session, "rewriteActions"), session["rewriteActions"]
    after = _observed(session, "textAfterRewrite")
    assert "timeout: 1h30m" in after and "90m" not in after and HINT not in after, after
    _observed(session, "outputAtEnd")  # saved at the end of the session
    assert session["disk_text"] == FIXED + REWRITTEN, session["disk_text"]


def test_outline_lists_the_jobs_and_steps(session: dict) -> None:
    rows = " | ".join(_observed(session, "outline"))
    for name in ("train", "Load dataset", "Train model", "report"):
        assert name in rows, rows


def test_the_job_graph_beside_the_editor(session: dict) -> None:
    graph = _observed(session, "graph")
    # train then report, 1h30m each: the worst case the lens said, in the webview's picture.
    assert graph["jobs"] == ["train", "report"], graph
    assert graph["summary"] == f"{WORKFLOW_NAME} · worst case 3h · 3 hours", graph
    assert graph["title"].startswith(f"Job graph: {WORKFLOW_NAME}"), graph
    assert graph.get("summaryEdited") == f"{WORKFLOW_NAME} · worst case 3h30m · 3 hours 30 minutes", graph
    assert graph.get("revealed", "").startswith(GRAPH["revealStatus"]), session["diagnostics"]


def test_code_lenses_go_while_the_server_restarts(session: dict) -> None:
    assert _observed(session, "lensesDuringRestart") == 0, session["diagnostics"]
    assert session["lensesAfterRestart"] > 0


def test_every_setting_changed_and_back(session: dict) -> None:
    applied = _observed(session, "settingsApplied")
    assert applied == [change["values"] for change in SETTINGS_CHANGES]
    changed = {key for change in SETTINGS_CHANGES for key in change["values"]}
    categories = json.loads((EXT / "package.json").read_text())["contributes"]["configuration"]
    assert changed == {key for category in categories for key in category["properties"]}


def test_status_bar_click_opens_output(session: dict) -> None:
    output = _observed(session, "outputText")
    assert "[client] starting bundled wf-lsp" in output, output


def test_output_channel_holds_no_error_after_a_full_session(session: dict) -> None:
    _observed(session, "outputAtEnd")  # the driver got to the end: editors closed, output shown
    log = session["output_channel"]
    # The server came up at the start, after "Restart server" and after each restarting change,
    # and never by itself (after a crash).
    restarts = sum(1 for change in SETTINGS_CHANGES if change.get("restart"))
    assert len(re.findall(r"^\[client\] .* is running$", log, re.M)) == 2 + restarts, log
    problems = [line for line in log.splitlines()
                if re.match(r"\[(Error|Warn)|Traceback|\s+at |\s+File \"", line)
                or "Cancel notification" in line or "exited" in line]
    assert problems == [], log


# -- lintWorkspaceOnStart: files that are not open ------------------------------------------------

CLOSED_NAME = "report.workflow.yaml"
CLOSED_WORKFLOW = """\
id: nightly-report
jobs:
  report:
    timeout: 90
    steps:
      - run: python report.py
"""


def test_lint_workspace_on_start_lists_files_that_are_not_open(toolchain, vsix, tmp_path_factory):
    seen = drive(toolchain, vsix, tmp_path_factory.mktemp("vscode-e2e-workspace"),
                 settings={"wfLsp.lintWorkspaceOnStart": True},
                 closed_files={CLOSED_NAME: CLOSED_WORKFLOW},
                 problemsExpect="WF101", problemsOnly=True)
    rows = _observed(seen, "problems")
    assert not seen.get("error"), seen["diagnostics"]
    texts = [row["text"] for row in rows]
    # The file that was never opened has its finding listed, under its own name ...
    assert any(CLOSED_NAME in text for text in texts), texts
    assert any("WF101" in text and '"90" needs a unit' in text for text in texts), texts
    # ... and the open file its findings, each once.
    wf103 = [text for text in texts if "WF103" in text]
    assert len(wf103) == 2, texts


# -- the universal build: the pure-Python parser, said in the status bar -------------------------


def test_universal_build_warns_of_the_slow_parser_and_explains(toolchain, packages, tmp_path_factory):
    seen = drive(toolchain, packages["universal"], tmp_path_factory.mktemp("vscode-e2e-universal"),
                 parserOnly=True)
    assert not seen.get("error"), seen["diagnostics"]
    label = _observed(seen, "statusLabel")
    assert label == f"wf-lsp {_server_version()} running, pure-Python parser (slow)", label
    message = _observed(seen, "parserMessage")
    assert "pure-Python YAML parser, about 9x slower" in message, message
    assert "wf-lsp-linux-x64-<version>.vsix" in message, message
