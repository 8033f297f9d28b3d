"""The schema in the tools that read it: check-jsonschema and yaml-language-server.

check-jsonschema runs as its own command line (ECMAScript regexes, like editors);
yaml-language-server 2 (npm, installed under .tools/yls by the fixture) is driven over
stdio by a small LSP client, with the schema associated through
`workspace/didChangeConfiguration` as VS Code's YAML extension does, and through a
`# yaml-language-server: $schema=` comment.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_installer():
    spec = importlib.util.spec_from_file_location(
        "yaml_language_server", ROOT / "scripts" / "yaml_language_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


yls_install = _load_installer()  # shared with the benchmarks, which may install it meanwhile
SCHEMA_FILE = ROOT / "schemas" / "workflow.schema.json"
TOOLS = Path(os.environ.get("WF_LSP_TOOLS") or ROOT / ".tools")
GOOD = sorted(p for p in (ROOT / "examples").glob("*.yaml") if p.name != "docker-compose.yaml")
BROKEN = sorted((ROOT / "examples" / "broken").glob("*.yaml"))
CHECK_JSONSCHEMA = str(Path(sys.executable).with_name("check-jsonschema"))
PATTERN_MESSAGE = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]["jobs"][
    "additionalProperties"]["properties"]["timeout"]["patternErrorMessage"]


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess:
    assert Path(CHECK_JSONSCHEMA).exists(), "install check-jsonschema (pip install check-jsonschema)"
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA_FILE), *(str(f.relative_to(ROOT)) for f in files)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
    )


# --- check-jsonschema ----------------------------------------------------------------------

def test_check_jsonschema_accepts_the_pages_examples():
    assert [p.name for p in GOOD] == ["ml-training.yaml", "pipeline.yaml", "train-models.yaml"]
    result = check_jsonschema(*GOOD)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stderr


def test_check_jsonschema_rejects_the_broken_examples_where_the_linter_does():
    result = check_jsonschema(*BROKEN)
    assert result.returncode == 1
    lines = {line.strip().split(": ", 1)[0]: line.strip().split(": ", 1)[1]
             for line in result.stdout.splitlines() if "::$" in line}
    assert set(lines) == {
        "examples/broken/structure.yaml::$.env.EPOCHS",
        "examples/broken/structure.yaml::$.jobs.preprocess.steps[0]",
        "examples/broken/structure.yaml::$.jobs.preprocess",
        "examples/broken/timeouts.yaml::$.jobs.train.timeout",
        "examples/broken/timeouts.yaml::$.jobs.train.steps[0].timeout",
        "examples/broken/timeouts.yaml::$.jobs.train.steps[1].timeout",
        "examples/broken/timeouts.yaml::$.jobs.train.steps[2].timeout",
        "examples/broken/timeouts.yaml::$.jobs.evaluate.steps[0].timeout",
        "examples/broken/timeouts.yaml::$.jobs.evaluate",
    }
    assert lines["examples/broken/structure.yaml::$.env.EPOCHS"] == "10 is not of type 'string'"
    assert "'depends-on' was unexpected" in lines["examples/broken/structure.yaml::$.jobs.preprocess"]
    assert lines["examples/broken/timeouts.yaml::$.jobs.train.timeout"].startswith(
        "'1h 30m' does not match '^")
    assert "'timout' was unexpected" in lines["examples/broken/timeouts.yaml::$.jobs.evaluate"]


def test_check_jsonschema_rejects_each_broken_example_on_its_own():
    for path in BROKEN:
        result = check_jsonschema(path)
        assert result.returncode == 1, path
        assert "Schema validation errors were encountered." in result.stdout


# --- yaml-language-server ------------------------------------------------------------------

@pytest.fixture(scope="session")
def yaml_language_server() -> list[str]:
    """The command that runs yaml-language-server 2 over stdio, installed on first use."""
    try:
        return yls_install.command(TOOLS)
    except RuntimeError as exc:
        pytest.fail(str(exc))


class LspClient:
    """Just enough of an LSP client: requests, notifications, and answers to the server's requests."""

    def __init__(self, command: list[str], settings: dict) -> None:
        self.settings = settings
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)["result"]

    def wait(self, matches, timeout: float = 60.0) -> dict:
        """The next message for which `matches` is true, answering server requests meanwhile."""
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("yaml-language-server sent nothing matching in time") from None
            if "method" in message and "id" in message:
                self._answer(message)
            if matches(message):
                return message

    def _answer(self, message: dict) -> None:
        result = None
        if message["method"] == "workspace/configuration":
            result = [self.settings.get(item.get("section"))
                      for item in message["params"]["items"]]
        self.send({"id": message["id"], "result": result})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def yaml_settings(schemas: dict) -> dict:
    return {"yaml": {"validate": True, "hover": True, "completion": True, "schemas": schemas,
                     "schemaStore": {"enable": False}}}


def diagnostics_for(command: list[str], files: dict[str, str], schemas: dict, tmp_path) -> dict:
    """{file name: diagnostics} as yaml-language-server publishes them for each file opened."""
    settings = yaml_settings(schemas)
    client = LspClient(command, settings)
    try:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
            "capabilities": {"workspace": {"configuration": True,
                                           "didChangeConfiguration": {"dynamicRegistration": True}},
                             "textDocument": {"publishDiagnostics": {}}},
        })
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
        found = {}
        for name, text in files.items():
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            uri = path.as_uri()
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
            message = client.wait(lambda m, uri=uri: m.get("method") == "textDocument/publishDiagnostics"
                                  and m["params"]["uri"] == uri)
            found[name] = [(d["range"], d["message"]) for d in message["params"]["diagnostics"]]
        return found
    finally:
        client.close()


BAD_DURATION = """\
id: nightly
jobs:
  report:
    timeout: "1h 30m"
    steps:
      - run: python report.py
"""


def _range(line, start, end):
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}


def test_yaml_language_server_reports_a_bad_duration_and_nothing_on_good_files(yaml_language_server, tmp_path):
    files = {"bad.workflow.yaml": BAD_DURATION}
    files.update((p.name, p.read_text(encoding="utf-8")) for p in GOOD)
    found = diagnostics_for(yaml_language_server, files,
                            {SCHEMA_FILE.as_uri(): ["*.yaml"]}, tmp_path)
    assert found.pop("bad.workflow.yaml") == [(_range(3, 13, 21), PATTERN_MESSAGE)]
    assert found == {p.name: [] for p in GOOD}


def test_yaml_language_server_reads_the_schema_comment(yaml_language_server, tmp_path):
    # As docs/integrations.md says: a path relative to the YAML file, or a URL.
    relative = os.path.relpath(SCHEMA_FILE, tmp_path)
    body = BAD_DURATION.replace("    timeout", "    timout")
    files = {"relative.yaml": f"# yaml-language-server: $schema={relative}\n{body}",
             "url.yaml": f"# yaml-language-server: $schema={SCHEMA_FILE.as_uri()}\n{body}"}
    found = diagnostics_for(yaml_language_server, files, {}, tmp_path)
    for name in files:
        assert [(r["start"]["line"], message) for r, message in found[name]] == [
            (4, "Property timout is not allowed.")], name


SEVERAL = """\
id: several
env:
  "${{ .env.A }}": x
  COUNT: 3
jobs:
  build/linux:
    timeout: "1h 30m"
    steps:
      - run: make
        continue_on_error: yes
      - name: nothing to do
  train:
    timout: 1h
    depends_on: [build/linux]
    steps:
      - run: python train.py
        upload: {path: a, destination: drive://b/}
  deploy:
    timeout: 1h
    workflow: {inputs: {a: b}}
"""


def test_yaml_language_server_and_the_linter_name_the_same_places(yaml_language_server, tmp_path):
    # Beside `wf-lsp serve`, each of the file's structural errors is squiggled by both at
    # the same place: none by one alone (WF406 names and WF007 job ids were the linter's
    # alone), and the schema's words say what the linter's say (not "Matches a schema that
    # is not allowed." nor "Missing property "run"." of a step that may have `upload`).
    (tmp_path / "lint").mkdir()
    path = tmp_path / "lint" / "several.yaml"
    path.write_text(SEVERAL, encoding="utf-8")
    lint = subprocess.run([str(Path(sys.executable).with_name("wf-lsp")), "lint", "--format", "json",
                           str(path)], capture_output=True, text=True, encoding="utf-8")
    linter = {(f["line"] - 1, f["column"] - 1): f["code"] for f in json.loads(lint.stdout)
              if f["code"] != "WF203"}  # no timeout: not the schema's to say
    found = diagnostics_for(yaml_language_server, {"several.yaml": SEVERAL},
                            {SCHEMA_FILE.as_uri(): ["*.yaml"]}, tmp_path)["several.yaml"]
    schema = {(r["start"]["line"], r["start"]["character"]): message for r, message in found}
    # A step with two actions: the schema's `oneOf` fails on the step, at its first key; the
    # linter says the key to remove.
    assert linter.pop((16, 8)) == "WF006"
    assert schema.pop((15, 8)) == "Matches multiple schemas when only one must validate."
    assert schema.keys() == linter.keys()
    assert linter == {(2, 2): "WF406", (3, 9): "WF005", (5, 2): "WF007", (6, 13): "WF102",
                      (9, 27): "WF005", (10, 8): "WF004", (12, 4): "WF003", (19, 4): "WF004"}
    assert schema[2, 2] == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"][
        "env"]["propertyNames"]["patternErrorMessage"]
    assert schema[10, 8] == "A step needs one of run, upload or download."
    assert schema[5, 2].startswith("Not a valid job id")
