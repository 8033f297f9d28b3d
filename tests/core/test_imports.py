"""The lint path never imports the language-server stack (pygls, lsprotocol), nor the
libraries only hover and hints need (the cron schedule's description and next runs), nor
the picture (`wf-lsp graph`: wf_lsp.picture and its layout library, grandalf)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from .helpers import JOB, ROOT, cli_env

FORBIDDEN = ("pygls", "lsprotocol")
PICTURE = ("grandalf", "wf_lsp.picture", "wf_lsp.commands.graph")
NOT_ON_LINT_PATH = (*FORBIDDEN, "cronsim", "cron_descriptor", *PICTURE)


def _is(module: str, names: tuple[str, ...]) -> bool:
    """`module` is one of `names` or inside one of them."""
    return any(module == name or module.startswith(name + ".") for name in names)


# Runs the real CLI entry point in a fresh interpreter, then reports what got imported.
PROBE = """\
import sys
from wf_lsp.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
watched = {watched!r}
loaded = sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
print("LOADED=" + ",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ["lint", "w.yaml"],
    ["lint", "--format", "json", "w.yaml"],
    ["lint", "--format", "full", "w.yaml"],
    ["lint", "--format", "sarif", "w.yaml"],
    ["lint", "--format", "github", "w.yaml"],
    ["lint", "--format", "gitlab", "w.yaml"],
    ["lint", "--fix", "w.yaml"],
    ["lint", "--diff", "w.yaml"],
    ["lint", "--jobs", "2", "."],
    ["duration", "1h30m"],
    ["rules"],
    ["rule", "WF103"],
])
def test_no_language_server_modules_on_the_cli_paths(tmp_path, args):
    for n in range(20 if "--jobs" in args else 1):  # enough files for the process pool
        (tmp_path / f"w{'' if n == 0 else n}.yaml").write_text(JOB.format("30m1h"))
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=NOT_ON_LINT_PATH), *args],
                          cwd=tmp_path, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert "LOADED=\n" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_the_lint_of_one_small_file_leaves_out_dataclasses_typing_and_ruamels_yaml_class(tmp_path):
    """The start-up case (one small file, text output) is measured against yamllint:
    `dataclasses` (with inspect, ast, dis and tokenize, some 15 ms of a start) stays off
    it; wf-lsp's records are `wf_lsp.records`, and so is their `replace`. So do `typing`
    (5% of the instructions of such a lint: wf-lsp names its types for type checkers
    only) and `ruamel.yaml.main`, which ruamel's package `__init__` imports (its `YAML`
    class, loaders and dumpers, glob, typing): the C loader is read without it."""
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    watched = ("dataclasses", "inspect", "typing", "ruamel.yaml.main", "glob")
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=watched), "lint", "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert "WF103" in done.stdout, done.stderr
    assert "LOADED=\n" in done.stderr, done.stderr


# The modules whose patterns every lint uses, compiled as they load; every other pattern
# is a `LazyPattern` (wf_lsp/patterns.py), compiled when first used (re.compile was 8% of
# the instructions of the lint of one small file).
COMPILED_AT_IMPORT = {"wf_lsp.cli", "wf_lsp.spec", "wf_lsp.durations", "wf_lsp.linter",
                      "wf_lsp.cron"}
RECORDS_COMPILES = """\
import re
import sys
real = re.compile
at_import = set()
def compile(pattern, flags=0):
    frame = sys._getframe(1)
    if frame.f_code.co_name == "<module>" and frame.f_globals["__name__"].startswith("wf_lsp"):
        at_import.add(frame.f_globals["__name__"])
    return real(pattern, flags)
re.compile = compile
from wf_lsp.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("AT IMPORT=" + ",".join(sorted(at_import)), file=sys.stderr)
"""


def test_the_lint_of_one_small_file_compiles_at_import_only_the_patterns_it_uses(tmp_path):
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    done = subprocess.run([sys.executable, "-c", RECORDS_COMPILES, "lint", "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert "WF103" in done.stdout, done.stderr
    modules = done.stderr.split("AT IMPORT=", 1)[1].split("\n", 1)[0].split(",")
    assert set(modules) <= COMPILED_AT_IMPORT, modules
    assert "wf_lsp.durations" in modules  # the probe sees them


# After a lint, ruamel.yaml as anyone else in the process (the server, a plugin, a test)
# uses it: the package's __init__ runs when first asked for a name of its own.
USES_RUAMEL = r"""
import io
import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

assert ruamel.yaml.__version__ == ".".join(map(str, ruamel.yaml.version_info))
assert ruamel.yaml.YAMLError is YAMLError and ruamel.yaml.parser.Parser
assert YAML(typ="safe", pure=True).load("a: [1, {b: c}]") == {"a": [1, {"b": "c"}]}
assert YAML(typ="safe").load("a: 2") == {"a": 2}
yaml = YAML()
data = yaml.load("a: 1  # kept\nb: [x]\n")
data["c"] = 3
out = io.StringIO()
yaml.dump(data, out)
assert out.getvalue() == "a: 1  # kept\nb: [x]\nc: 3\n", out.getvalue()
try:
    YAML(typ="safe").load("a: [")
except YAMLError as exc:
    assert isinstance(exc, ruamel.yaml.error.MarkedYAMLError)
else:
    raise AssertionError("no error")
assert "__getattr__" not in vars(ruamel.yaml)
print("RUAMEL OK")
"""


@pytest.mark.parametrize("order", ["lint first", "ruamel first"])
def test_ruamel_yaml_imported_after_a_lint_works_in_full(tmp_path, order):
    # `{b: drive://x/}` is read by the pure-Python parser (libyaml rejects its `:`).
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h") + "      - upload: {b: drive://x/}\n")
    lint = ("import sys\nfrom wf_lsp.cli import main\ntry:\n    main(['lint', 'w.yaml'])\n"
            "except SystemExit:\n    pass\n")
    program = (lint + USES_RUAMEL) if order == "lint first" else (USES_RUAMEL + lint)
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert "RUAMEL OK" in done.stdout and "WF103" in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("fmt", ["svg", "html", "mermaid", "dot", "json"])
def test_the_graph_command_draws_without_the_language_server(tmp_path, fmt):
    (tmp_path / "w.yaml").write_text(JOB.format("30m"))
    done = subprocess.run([sys.executable, "-c", PROBE.format(watched=NOT_ON_LINT_PATH),
                           "graph", "--format", fmt, "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    loaded = done.stderr.split("LOADED=", 1)[1].split()[0].split(",")
    assert "wf_lsp.commands.graph" in loaded  # the probe sees the graph path
    assert [m for m in loaded if _is(m, FORBIDDEN)] == []
    assert "Traceback" not in done.stderr


def test_importtime_shows_no_language_server_module(tmp_path):
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "wf_lsp", "lint", "w.yaml"],
                          cwd=tmp_path, env=cli_env(), capture_output=True, text=True, timeout=120)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")]
    assert "wf_lsp.linter" in imported  # the probe sees the lint path
    assert [m for m in imported if _is(m, NOT_ON_LINT_PATH)] == []


def test_the_lint_path_leaves_pathlib_out(tmp_path):
    # pathlib brings urllib.parse and ipaddress: some 3 ms of a 70 ms start on a small file.
    # An editable install's finder (this checkout's) imports pathlib as the interpreter
    # starts, where a user's install does not: the probe forgets it first.
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    probe = "import sys\nsys.modules.pop('pathlib', None)\n" + PROBE
    for args in (("lint", "w.yaml"), ("lint", ".")):
        done = subprocess.run([sys.executable, "-c", probe.format(watched=("pathlib",)), *args],
                              cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                              timeout=120)
        assert "WF103" in done.stdout, done.stderr
        assert "LOADED=\n" in done.stderr, done.stderr


def test_pathspec_loads_only_to_walk_a_folder_with_an_ignore_file(tmp_path):
    (tmp_path / ".ignore").write_text("build/\n")
    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))

    def loaded(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", PROBE.format(watched=("pathspec",)), *args],
                              cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                              timeout=120)
        assert "WF103" in done.stdout, done.stderr
        return done.stderr.split("LOADED=", 1)[1].split("\n", 1)[0].split(",")

    assert loaded("lint", "w.yaml") == [""]  # a file named: no walk, no ignore file read
    assert "pathspec" in loaded("lint", ".")
    # In a project (`.git` here), a file named is linted with the project's workflows,
    # found by a walk of the project that honours its ignore files.
    (tmp_path / ".git").mkdir()
    assert "pathspec" in loaded("lint", "w.yaml")


def test_git_ignore_files_above_a_nested_repository_are_not_read(tmp_path):
    # git starts over at a repository's top, so an outer repository's .gitignore (a
    # checkout inside a home folder under git, a benchmark's case folder) is never parsed.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("w.yaml\nnested/\n")
    inner = tmp_path / "nested"
    (inner / ".git").mkdir(parents=True)
    (inner / "w.yaml").write_text(JOB.format("30m1h"))
    for args in (("lint", "w.yaml"), ("lint", ".")):
        done = subprocess.run([sys.executable, "-c", PROBE.format(watched=("pathspec",)), *args],
                              cwd=inner, env=cli_env(), capture_output=True, text=True,
                              timeout=120)
        assert "WF103" in done.stdout, done.stderr  # the outer `w.yaml` pattern is not git's
        assert done.stderr.split("LOADED=", 1)[1].split("\n", 1)[0] == "", done.stderr


def test_no_module_outside_the_lsp_layer_imports_them():
    """pygls and lsprotocol stay in wf_lsp/lsp/; grandalf stays in wf_lsp/picture/."""
    offenders = []
    for path in sorted((ROOT / "wf_lsp").rglob("*.py")):
        folders = path.relative_to(ROOT / "wf_lsp").parts[:-1]
        kept_out = ((() if "lsp" in folders else FORBIDDEN)
                    + (() if "picture" in folders else ("grandalf",)))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if _is(n, kept_out)]
    assert offenders == []


# --- the import graph ---------------------------------------------------------------------

def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import statement, those inside functions included; not those under
    `if TYPE_CHECKING:`, which never run."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        for child in ast.iter_child_nodes(node):
            if not _is_type_checking(child):
                stack.append(child)


def import_graph() -> dict[str, set[str]]:
    """Module → the wf_lsp modules it imports, read from the source (`from wf_lsp import
    x` is an edge to the module `wf_lsp.x` when there is one, else to the package)."""
    package = ROOT / "wf_lsp"
    paths = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                    base = f"{anchor}.{base}" if base else anchor
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base
                           for a in node.names]
            graph[name] |= {t for t in targets if t in paths and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_reads_every_kind_of_import():
    graph = import_graph()
    assert "wf_lsp.findings" in graph["wf_lsp"]  # from wf_lsp.findings import ...
    assert "wf_lsp.linter" in graph["wf_lsp"]  # inside a function: loaded on first use
    assert "wf_lsp.output.full" in graph["wf_lsp.output"]  # from wf_lsp.output import full
    assert "wf_lsp" in graph["wf_lsp.cli"]  # from wf_lsp import __version__


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_commands_do_not_import_the_command_line():
    graph = import_graph()
    offenders = {name: sorted(graph[name]) for name in graph
                 if name.startswith("wf_lsp.commands") and "wf_lsp.cli" in graph[name]}
    assert offenders == {}


def test_the_core_imports_nothing_of_the_protocol_layer_or_the_command_line():
    graph = import_graph()
    core = [name for name in graph if not name.startswith(("wf_lsp.lsp", "wf_lsp.commands"))
            and name not in ("wf_lsp.cli", "wf_lsp.__main__")]
    offenders = {name: sorted(t for t in graph[name] if t.startswith(("wf_lsp.lsp", "wf_lsp.commands"))
                              or t == "wf_lsp.cli") for name in core}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_shells_use_the_front_door_and_the_modules_it_names():
    """The command line, the server and the benchmarks import `wf_lsp`, their own
    package, and only the core modules that `wf_lsp`'s docstring names."""
    import wf_lsp

    named = set(re.findall(r"`(wf_lsp\.\w+)", wf_lsp.__doc__))
    graph = import_graph()
    shells = {name: graph[name] for name in graph
              if name in ("wf_lsp.cli", "wf_lsp.lsp.server") or name.startswith("wf_lsp.commands")}
    bench = ast.parse((ROOT / "benchmarks" / "run.py").read_text(encoding="utf-8"))
    shells["benchmarks.run"] = {node.module for node in _imports(bench)
                                if isinstance(node, ast.ImportFrom) and node.module
                                and node.module.startswith("wf_lsp")}
    own = ("wf_lsp.commands", "wf_lsp.output", "wf_lsp.lsp")
    outside = {name: sorted(t for t in targets
                            if t != "wf_lsp" and not t.startswith(own)
                            and ".".join(t.split(".")[:2]) not in named)
               for name, targets in shells.items()}
    assert {name: found for name, found in outside.items() if found} == {}
    assert shells["benchmarks.run"]  # the benchmarks' imports were read
