"""`wf-lsp lint`: find workflow files, index their workspaces, lint them (in parallel), fix,
report, exit.

A file's calls of other workflows are checked against its workspace: the files linted
with it and the workflows under its project root (`files.project_root`) that are of no
project inside it, indexed once before any file is linted and handed to each worker
process once.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator

from wf_lsp import Config, ConfigError, Report, Severity
from wf_lsp.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, read_stdin
from wf_lsp.files import (FileError, decode_text, discover, find_config, load_config_file,
                          read_text, shown_path, signals_held, unread_report, with_fixes,
                          workspaces_for, write_atomically, write_fixes)
from wf_lsp.findings import path_text, place_name, quoted_path
from wf_lsp.linter import analyze, fix_all, hidden_fix, other_file_fix, tally, tally_by_code
from wf_lsp.parse import BOM, Source
from wf_lsp.records import record, replace
from wf_lsp.settings import from_mapping
from wf_lsp.workspace import Workspace

# Passes of linting: the files' own fixes, then, if the fixes of other files than their
# own changed some, everything again.
MAX_WORKSPACE_PASSES = 2

# The workspaces of this run, by project root (None: files outside any project); set
# before linting, in each worker process by the pool's initializer.
_WORKSPACES: dict[str | None, Workspace] = {}

# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 16

# The parses the index made of the files a lint in this process is about to check, by
# absolute path (`linter.index_text`'s `keep`): each lint starts from its file's, taken out.
# Not kept for a pool's lints (another process) nor for many files (memory).
_INDEXED: dict = {}


@record
class Outcome:
    """One file's report, and what `--fix` or `--diff` did to it."""

    report: Report
    # With --fix: the problems fixed (findings gone, `FixResult.fixed`), or that --diff
    # would fix; a fix written to another file counts one on its finding's file.
    fixed: int = 0
    diff: str | None = None  # with --diff
    fixable: int = 0  # without either: the fixes --fix (and --unsafe-fixes) would apply (when counted)
    # Without --unsafe-fixes: the fixes it would add to --fix's (when counted).
    hidden: int = 0
    fixed_text: str | None = None  # with --diff: the text the diff makes (BOM excluded)
    new: int = 0  # with --fix: the problems the fixes brought (`FixResult.new`)
    changed: bool = False  # with --fix: the file was rewritten
    # `fixed`, or `fixable` without --fix, by code, most first (`--show-fixes`)
    fixed_codes: tuple[tuple[str, int], ...] = ()


@record
class Options:
    """What every file's lint needs besides its config; small and picklable for the
    worker processes."""

    fix: bool = False
    diff: bool = False
    unsafe: bool = False
    count_fixable: bool = False  # for the summary: what --fix would fix, exactly
    count_hidden: bool = False  # for the summary: the fixes --unsafe-fixes would add


@record
class Settings:
    """Where the configs come from: an explicit file, or each file's nearest; and the
    command line's selection on top."""

    overrides: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # `--config KEY=VALUE`s: keys replacing every config file's, under the options above.
    config_overrides: tuple[tuple[str, object], ...] = ()
    config_file: str | None = None
    named: Config | None = None  # `config_file` as read, once: it governs every folder


# The formats `--statistics` has a shape in (ruff's too): in the others' place it would put
# a table where a JSON report is read (`gl-code-quality-report.json`) or annotations parsed.
STATISTICS_FORMATS = ("full", "concise", "json")


def run(args) -> int:
    args.quiet = args.quiet or args.silent  # (the report itself is dropped in `_report`)
    if args.diff and (args.format or args.statistics):
        # The diff was printed in their place, in silence: a SARIF or JSON file that a CI
        # step reads held a patch. As ruff, for whom --diff and --statistics conflict.
        asked = "a count per code" if args.statistics else f"a {args.format} report"
        raise UsageError(f"--diff prints the fixes as a patch, not {asked}")
    if args.statistics and args.format not in (None, *STATISTICS_FORMATS):
        raise UsageError(f"--statistics is a table or JSON (--format "
                         f"{', '.join(STATISTICS_FORMATS)}), not a {args.format} report")
    if "" in args.paths:  # `wf-lsp lint "$UNSET"`: said as such, not as a file named ""
        raise UsageError('an empty path ("") names no file or folder')
    for name in ("select", "extend_select", "ignore"):  # given N times: one list
        if isinstance(getattr(args, name), list):
            setattr(args, name, ",".join(getattr(args, name)))
    if args.select is not None and not _selectors(args.select):
        # `--select "$CODES"` with CODES unset ran no rule, and said "All checks passed".
        raise UsageError(f'--select {args.select!r} names no rule: give codes, prefixes or '
                         'rule names (ALL: every rule)')
    if args.stdin_filename is not None and "-" not in args.paths:
        if args.paths:
            raise UsageError("--stdin-filename names standard input: give - as the only path, "
                             "or no path")
        args.paths = ["-"]  # as in ruff: naming standard input is asking to read it
    _check_output_file(args.output_file)
    fmt = args.format or _default_format(to_file=_to_file(args))
    options = Options(fix=args.fix, diff=args.diff, unsafe=args.unsafe_fixes,
                      count_fixable=_with_summary(args, fmt) and not (args.fix or args.diff),
                      count_hidden=_with_summary(args, fmt) and not (args.diff or args.unsafe_fixes))
    settings = Settings(
        overrides=tuple((k, v) for k, v in (
            ("select", _selectors(args.select)),
            ("extend-select", _selectors(args.extend_select)),
            ("ignore", _selectors(args.ignore)),
        ) if v is not None),
        **_config_options(args.config or []),
    )
    settings = _check_settings(settings)
    paths = args.paths or ["."]
    if args.show_settings:
        return show_settings(paths[0] if paths[0] != "-" else args.stdin_filename or "-",
                             settings)
    passed_over: tuple[tuple[str, str], ...] = ()
    searched: tuple[str, ...] = ()  # the folders walked
    ignore_files = not args.no_ignore_files
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("`-` (standard input) cannot be combined with other paths")
        # Without a name, standard input stands for a file in the working folder.
        name = args.stdin_filename or "-"
        (config,) = configs_for([name], settings)
        data = read_stdin()
        text = unread = None
        try:
            text = decode_text(data)
        except FileError as exc:  # said as a file's is (where and why), not linted
            unread = unread_report(name, exc, config)
            if options.fix and not options.diff:
                # Given back as it came, skipped or not: `:%!wf-lsp lint --fix -` in Vim
                # replaced a Latin-1 buffer with nothing.
                sys.stdout.flush()
                stdout = getattr(sys.stdout, "buffer", None)
                if stdout is not None:
                    stdout.write(data)
                    stdout.flush()
        # The text is indexed in place of its file's, so that what it calls is found.
        roots = index_workspaces([name], [config], settings, ignore_files,
                                 texts={} if text is None else
                                 {name if name == "-" else os.path.abspath(name): text})
        outcomes = [Outcome(unread) if text is None else
                    lint_stdin(args.stdin_filename, text, config, options, roots[0])]
    else:
        # The walk's `exclude` is that of the config that governs each folder (the
        # command line's options change no `exclude`): the one named, else the nearest.
        named = settings.named
        found = discover(paths, ignore_files=ignore_files, config_of=(
            (lambda folder: config_for(folder, replace(settings, overrides=())))
            if settings.config_overrides else None if named is None else lambda folder: named))
        passed_over = found.skipped
        searched = tuple(p for p in paths if os.path.isdir(p))
        files = list(found.files)
        configs = configs_for(files, settings)
        outcomes = [Outcome(Report(p, error=_missing(p))) for p in found.missing]
        # A folder that could not be listed was not checked: an error, as an unreadable
        # file is, not a green run that looked at nothing.
        outcomes += [Outcome(Report(p, error=why)) for p, why in found.unreadable]
        fixed: dict[str, int] = {}
        fixed_codes: dict[str, Counter] = {}
        new: dict[str, int] = {}
        changed: set[str] = set()
        cpus = _cpus()
        # More processes than CPUs only take turns: `--jobs 80` on 2 CPUs was 10x slower.
        jobs = min(args.jobs or cpus, cpus)
        if args.verbose and args.jobs and args.jobs > cpus:
            print(f"wf-lsp: --jobs {args.jobs} is more than the {cpus} CPU"
                  f"{'s' * (cpus != 1)} this process may run on: {cpus} used",
                  file=sys.stderr)
        before: dict[str, tuple] = {}  # each file's findings after the pass before
        for _ in range(MAX_WORKSPACE_PASSES):
            roots = index_workspaces(files, configs, settings, ignore_files, jobs=jobs)
            linted = lint_files(files, configs, roots, options, jobs,
                                progress=not args.quiet and fmt in ("full", "concise"))
            for outcome in linted:
                path, findings = outcome.report.path, outcome.report.findings
                fixed[path] = fixed.get(path, 0) + outcome.fixed
                fixed_codes.setdefault(path, Counter()).update(dict(outcome.fixed_codes))
                # What another file's fix brought a file (a caller's WF606 once its
                # callee is callable) is new too: counted from the pass before.
                new[path] = new.get(path, 0) + (tally(before[path], findings)[1]
                                                if path in before else outcome.new)
                if outcome.changed:
                    changed.add(path)
            if not (options.fix and options.unsafe and not options.diff
                    and fix_other_files(linted, fixed, changed, fixed_codes)):
                break
            # Another file changed: everything is linted again, with the safe fixes only.
            # The guesses were made; one at what they brought (the caller's timeout raised
            # for its callee made callable) would be a guess at a guess, which `fix_all`
            # never makes, nor `--diff --unsafe-fixes` shows.
            options = replace(options, unsafe=False)
            before = {o.report.path: o.report.findings for o in linted}
        if options.diff and options.unsafe:
            linted = with_other_file_diffs(linted)
        outcomes += [replace(o, fixed=fixed[o.report.path], new=new[o.report.path],
                             changed=o.report.path in changed,
                             fixed_codes=_most_first(fixed_codes[o.report.path]))
                     if options.fix else o for o in linted]
    outcomes.sort(key=lambda o: o.report.path)
    return _report(outcomes, args, fmt, passed_over, searched)


def _missing(path: str) -> str:
    """Why a path named is not linted. A shell pattern that matched nothing (`flows/*.yml`
    where the files are `.yaml`) is passed on as written; wf-lsp does not expand it, and
    "no such file or folder" alone did not say that a folder is what to name."""
    parts = path.replace(os.sep, "/").split("/")
    wild = next((n for n, part in enumerate(parts) if any(c in part for c in "*?[")), None)
    if wild is None:
        return "no such file or folder"
    folder = "/".join(parts[:wild]) or ("/" if path.startswith(("/", os.sep)) else ".")
    if not os.path.isdir(folder):
        return "no such file or folder: no file matched this pattern (wf-lsp does not expand it)"
    return ("no such file or folder: no file matched this pattern (wf-lsp does not expand it; "
            f"`wf-lsp lint {folder}` lints every workflow in the folder)")


def _selectors(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(word.strip() for word in value.split(",") if word.strip())


def show_settings(path: str, settings: Settings) -> int:
    """`--show-settings`: what a lint of `path` (a file, or a folder's files) runs with:
    where each layer comes from, the rules that run at their severity, the other keys.
    A user of ruff asks `ruff check --show-settings` why a rule runs or not."""
    from wf_lsp.durations import canonical
    from wf_lsp.rules import RULES

    import json

    folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
    try:
        file_path = (settings.named or find_config(folder)).path
        config = config_for(folder, settings)
    except ConfigError as exc:
        raise UsageError(exc.named(shown_path)) from None
    ruled = config.for_file(path if not os.path.isdir(path) and path != "-" else None)
    out = sys.stdout
    out.write(f"Settings for: {path_text(shown_path(path))}\n")
    out.write(f"Config file: {path_text(shown_path(file_path)) if file_path else 'none: the defaults'}\n")
    if settings.config_overrides:
        out.write("--config: " + ", ".join(f"{k} = {json.dumps(v)}"
                                           for k, v in settings.config_overrides) + "\n")
    if settings.overrides:
        out.write("Command line: " + " ".join(f"--{k} {','.join(v)}" for k, v in settings.overrides)
                  + "\n")
    if not os.path.isdir(path) and config.classify(path) == "exclude":
        out.write("Excluded by `exclude`: not linted\n")
    for pattern, codes in config.per_file_ignores:
        if ruled is not config and pattern in _matching(path, config):
            out.write(f"per-file-ignores: {pattern!r} ignores {', '.join(codes)} here\n")
    enabled = [rule for rule in RULES.values() if ruled.is_enabled(rule.code, rule.default_on)]
    out.write(f"Rules run ({len(enabled)} of {len(RULES)}):\n")
    for rule in enabled:
        out.write(f"  {rule.code}  {rule.name:<32} "
                  f"{ruled.severity_of(rule.code, rule.severity).label}\n")
    for key, value in (
            ("require-timeout", config.require_timeout),
            ("max-job-timeout", None if config.max_job_timeout is None
             else canonical(config.max_job_timeout)),
            ("max-step-timeout", None if config.max_step_timeout is None
             else canonical(config.max_step_timeout)),
            ("include", list(config.include)), ("exclude", list(config.exclude)),
            ("workflows-complete", config.workflows_complete),
            ("workspace-id", config.workspace_id)):
        out.write(f"{key} = {'(none)' if value is None else json.dumps(value)}\n")
    return EXIT_OK


def _matching(path: str, config: Config) -> list[str]:
    """The `per-file-ignores` patterns that match `path`."""
    from wf_lsp.config import per_file_match

    return [pattern for pattern, _ in config.per_file_ignores
            if per_file_match(path, pattern, config.root)]


def _config_options(values: list[str]) -> dict:
    """The `--config`s, as ruff takes them: a config file (one at most), or a TOML
    `KEY = VALUE` pair setting one key: `--config 'select = ["WF2"]'` was "cannot read: No
    such file or directory"."""
    files: list[str] = []
    table: dict = {}
    for value in values:
        if os.path.lexists(value) or "=" not in value:
            files.append(value)
            continue
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            table.update(tomllib.loads(value))
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"--config {value!r} is neither a file nor a TOML `KEY = VALUE` "
                             f"pair ({exc}): a string is quoted, `'require-timeout = "
                             f"\"all\"'`") from None
    if len(files) > 1:
        raise UsageError(f"--config names one config file, got {len(files)}: "
                         + ", ".join(map(repr, files)))
    return {"config_file": os.path.abspath(files[0]) if files else None,
            "config_overrides": tuple(table.items())}


def _check_settings(settings: Settings) -> Settings:
    """Bad --select/--config are usage errors, said once, before any file is read; the
    settings with the --config file read (once: it is what every folder's config is)."""
    try:
        if settings.config_file:
            settings = replace(settings, named=load_config_file(settings.config_file))
    except ConfigError as exc:
        raise UsageError(exc.named(shown_path)) from None
    try:
        from_mapping(dict(settings.config_overrides), "--config")
    except ConfigError as exc:
        raise UsageError(exc.named(str)) from None
    try:
        from_mapping(dict(settings.overrides), "command line")
    except ConfigError as exc:
        # Named by the option typed (`--select: 'WF1O3' matches no rule`), not as a config
        # file's key ("command line: select: ..."), which is not what the user wrote.
        raise UsageError("\n".join(f"--{e.key}: {e.message}" for e in exc.each)) from None
    return settings


def _with_summary(args, fmt: str) -> bool:
    """Whether the run ends with "Found N problems" (text formats, not --quiet)."""
    return not (args.quiet or args.statistics) and fmt in ("full", "concise")


def _to_file(args) -> str | None:
    """The file `--output-file` names, or None for stdout (none, or `-`)."""
    return args.output_file if args.output_file not in (None, "-") else None


def _check_output_file(path: str | None) -> None:
    """An `--output-file` that cannot be written is said before any file is linted (or
    fixed): found after, the run's work was done for nothing, its fixes written."""
    if path in (None, "-"):
        return
    if path == "":  # `-o "$REPORT"` with REPORT unset
        raise UsageError('--output-file "" names no file')
    if os.path.isdir(path):
        raise UsageError(f"--output-file {quoted_path(path)} is a folder; give a file")
    if os.path.isfile(path):
        _try_output_file(path, None)
        return
    if os.path.exists(path):  # a device, a pipe: opened when the report is written
        if not os.access(path, os.W_OK):
            raise UsageError(f"--output-file {quoted_path(path)}: permission denied")
        return
    folder = os.path.dirname(path)
    while folder and not os.path.exists(folder):  # the missing ones are made (`_report`)
        folder = os.path.dirname(folder)
    folder = folder or os.curdir
    if not os.path.isdir(folder):
        raise UsageError(f"--output-file {quoted_path(path)}: {quoted_path(folder)} is not a "
                         "folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--output-file {quoted_path(path)}: permission denied "
                         f"(in {quoted_path(folder)})")
    _try_output_file(path, folder)


def _try_output_file(path: str, folder: str | None) -> None:
    """Make what writing the report makes, and take it back: a file that is there is
    opened for writing, unchanged, and a temporary file made beside it
    (`files.write_atomically`'s; a folder that refuses one has the file rewritten in
    place); a new one is made itself, its missing folders under `folder` too (`_report`
    makes them). Asked of permissions alone (which root passes), a name too long or
    `-o /proc/x/y --fix` wrote the fixes, then failed to write their report."""
    import tempfile

    made: list[str] = []  # what to take back, the deepest first
    try:
        if folder is None:
            os.close(os.open(path, os.O_WRONLY))  # not truncated
            try:
                fd, temp = tempfile.mkstemp(dir=os.path.dirname(os.path.realpath(path)),
                                            prefix=".wf-lsp-", suffix=".tmp")
            except PermissionError:
                return
            os.close(fd)
            made.append(temp)
        else:
            target = os.path.realpath(path)  # a dangling link's target is what is written
            missing, parent = [], os.path.dirname(target)
            while not os.path.exists(parent):
                missing.append(parent)
                parent = os.path.dirname(parent)
            for new in reversed(missing):
                os.mkdir(new)
                made.insert(0, new)
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            made.insert(0, target)
    except OSError as exc:
        raise UsageError(f"--output-file {quoted_path(path)}: "
                         f"{(exc.strerror or str(exc)).lower()}") from None
    finally:
        for name in made:
            (os.rmdir if os.path.isdir(name) else os.unlink)(name)


def _default_format(to_file: str | None = None) -> str:
    if to_file is not None:  # GitHub's annotations are read from the log, never a file
        return "concise"
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if sys.stdout.isatty() else "concise"


def configs_for(paths, settings: Settings) -> list[Config]:
    """Each path's config, all found before any file is linted: a bad config file stops
    the run (exit 2), everything wrong in it said once, not once per file."""
    by_folder: dict[str, Config | None] = {}
    errors: dict[str, None] = {}  # in order, each once
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        if folder in by_folder:
            continue
        try:
            by_folder[folder] = config_for(folder, settings)
        except ConfigError as exc:
            by_folder[folder] = None
            errors[exc.named(shown_path)] = None
    if errors:
        raise UsageError("\n".join(errors))
    return [by_folder[os.path.dirname(os.path.abspath(path))] for path in paths]


def config_for(folder: str, settings: Settings) -> Config:
    """The config of the files in `folder`."""
    base = settings.named if settings.named is not None else find_config(folder)
    if settings.config_overrides:
        # Each key replaces the file's, as ruff's `--config` does (checked already).
        # Its globs are from the config file's folder; without one, from the working folder
        # (as ruff's), not from each linted file's.
        base = from_mapping(dict(settings.config_overrides), base=base, layer=False,
                            root=None if base.path else os.path.abspath(os.curdir))
    if not settings.overrides:
        return base
    return from_mapping(dict(settings.overrides), "command line", base=base)


def index_workspaces(files: list[str], configs: list[Config], settings: Settings,
                     ignore_files: bool, texts: dict[str, str] | None = None,
                     jobs: int = 1) -> list[str | None]:
    """Index the workspace of each project the files are in (into `_WORKSPACES`, and the
    parses of a few files into `_INDEXED`); returns each file's project root. Many files
    are indexed by `jobs` processes (each parse is a lint's first step, and as long)."""
    _INDEXED.clear()
    indexed = None
    if jobs > 1 and len(files) >= POOL_THRESHOLD:
        made = _in_workers(_index_file, files, configs, jobs=jobs)
        indexed = {os.path.abspath(path): entries for path, entries in zip(files, made)
                   if entries is not None}
    roots, workspaces = workspaces_for(files, configs, config_file=settings.config_file,
                                       texts=texts, ignore_files=ignore_files,
                                       keep=_INDEXED if len(files) < POOL_THRESHOLD else None,
                                       indexed=indexed)
    _WORKSPACES.clear()
    _WORKSPACES.update(workspaces)
    return roots


def _index_file(path: str, config: Config) -> tuple | None:
    """A file's workflows' entries (in a worker); None when it cannot be read (the index
    then tries, and leaves it out)."""
    from wf_lsp.linter import index_text

    try:
        return index_text(read_text(path), path=path, config=config)
    except FileError:
        return None


def _in_workers(function, *iterables: list, jobs: int,
                workspaces: dict[str | None, Workspace] | None = None) -> Iterator:
    """`function` over the lists' items in `jobs` worker processes, its results in order.
    Ctrl-C stops them at once: they ignore it (one interrupted inside the pool's queues
    could leave them locked, and the parent waiting for good), and the parent,
    interrupted, ends them instead of waiting for them."""
    import signal
    from concurrent.futures import ProcessPoolExecutor

    # A worker per task at most: `--jobs 500` on 80 files started 500 processes (the pool
    # forks them all at once), each a copy of the workspaces.
    jobs = min(jobs, len(iterables[0]))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                               initargs=(workspaces or {},))
    done = False
    try:
        # The workers start with the first task: a Ctrl-C meanwhile would reach one before
        # it ignores it, or the parent before it knows them all.
        with signals_held(signal.SIGINT):
            results = pool.map(function, *iterables,
                               chunksize=max(1, len(iterables[0]) // (jobs * 8)))
        yield from results
        done = True
    finally:
        if done:
            pool.shutdown()
        else:
            _stop(pool)


def _stop(pool) -> None:
    """End a pool's workers now, the tasks not started cancelled (a fix being written is
    finished first: `write_atomically` holds SIGTERM back)."""
    import threading

    # The pool's thread, finding its workers ended, trips over futures already cancelled
    # (Python 3.11's `terminate_broken`) and would print that: nothing for the user.
    manager, default_hook = getattr(pool, "_executor_manager_thread", None), threading.excepthook
    threading.excepthook = lambda args: None if args.thread is manager else default_hook(args)
    # `_processes`: before Python 3.14's `terminate_workers`, no public way to them.
    workers = list(pool._processes.values())
    for worker in workers:
        worker.terminate()
    for worker in workers:  # gone, each file it was writing whole
        worker.join(timeout=10)
    # Not waiting for the pool's thread: it may wait for good on a result a worker was
    # sending when it ended. Interrupted, the command then ends the process at once (cli).
    pool.shutdown(wait=False, cancel_futures=True)


def _start_worker(workspaces: dict[str | None, Workspace]) -> None:
    import signal

    from wf_lsp import gc_policy

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers
    gc_policy.pause()
    _WORKSPACES.update(workspaces)


def _cpus() -> int:
    """The CPUs this process may run on (a container's or `taskset`'s share, not the
    machine's: `os.cpu_count()` said 64 where 2 were allowed), as Python 3.13's
    `os.process_cpu_count` says it."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def lint_files(files: list[str], configs: list[Config], roots: list[str | None],
               options: Options, jobs: int, progress: bool) -> list[Outcome]:
    bar = _progress(len(files)) if progress else None
    try:
        if jobs <= 1 or len(files) < POOL_THRESHOLD:
            outcomes = []
            for path, config, root in zip(files, configs, roots):
                outcomes.append(lint_file(path, config, options, root))
                if bar:
                    bar.update()
            return outcomes
        outcomes = []
        for outcome in _in_workers(lint_file, files, configs, [options] * len(files), roots,
                                   jobs=jobs, workspaces=dict(_WORKSPACES)):
            outcomes.append(outcome)
            if bar:
                bar.update()
        return outcomes
    finally:
        if bar:
            bar.close()


def _progress(total: int):
    """A progress bar on a terminal for long runs; none when stderr is not a TTY."""
    if total < 50 or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False)


def lint_file(path: str, config: Config, options: Options, root: str | None = None) -> Outcome:
    try:
        text = read_text(path)
    except FileError as exc:
        return Outcome(unread_report(path, exc, config))
    return _lint_or_say_why(path, text, config, options, write=True,
                            workspace=_WORKSPACES.get(root))


def _other_file_fixes(outcomes: list[Outcome]) -> dict[str, dict]:
    """The (unsafe) fixes whose edits are in another file than their finding's (a called
    workflow made callable), by that file, each with its finding's file."""
    by_file: dict[str, dict] = {}
    for outcome in outcomes:
        for finding in outcome.report.findings:
            if (fix := other_file_fix(finding)) is not None:
                # Two callers of one workflow offer the same fix: it is applied once.
                by_file.setdefault(fix.path, {}).setdefault(fix, (outcome.report.path,
                                                                  finding.code))
    return by_file


def fix_other_files(outcomes: list[Outcome], fixed: dict[str, int], changed: set[str],
                    fixed_codes: dict[str, Counter]) -> int:
    """Apply the fixes of other files than their findings' (`_other_file_fixes`); each is
    counted on its finding's file (which is `changed`: its fixes changed the run's files),
    and its code. Returns how many were applied."""
    by_file = _other_file_fixes(outcomes)
    applied, errors = write_fixes({path: list(fixes) for path, fixes in by_file.items()})
    for error in errors:
        print(f"wf-lsp: error: {error}", file=sys.stderr)
    if applied:
        for fixes in by_file.values():
            for finding_path, code in fixes.values():
                fixed[finding_path] = fixed.get(finding_path, 0) + 1
                fixed_codes.setdefault(finding_path, Counter())[code] += 1
                changed.add(finding_path)
    return applied


def with_other_file_diffs(outcomes: list[Outcome]) -> list[Outcome]:
    """With `--diff --unsafe-fixes`: the outcomes, with the changes the fixes of other
    files than their findings' would make (what `--fix --unsafe-fixes` writes after its
    first pass), in those files' diffs; each fix counted on the file it changes."""
    by_file = _other_file_fixes(outcomes)
    if not by_file:
        return outcomes
    by_path = {os.path.abspath(o.report.path): i for i, o in enumerate(outcomes)
               if o.report.path != "-"}
    outcomes = list(outcomes)
    for path, fixes in by_file.items():
        index = by_path.get(path)
        own = outcomes[index] if index is not None else None
        try:
            original, text, count = with_fixes(path, list(fixes),
                                               own.fixed_text if own is not None else None)
        except (OSError, UnicodeError) as exc:
            print(f"wf-lsp: error: {quoted_path(path)}: cannot read it for its fixes: {exc}",
                  file=sys.stderr)
            continue
        if not count:
            continue
        diff = _diff(original, text, own.report.path if own is not None else shown_path(path))
        if own is not None:
            outcomes[index] = replace(own, fixed=own.fixed + count, diff=diff, fixed_text=text)
        else:
            outcomes.append(Outcome(Report(shown_path(path)), fixed=count, diff=diff,
                                    fixed_text=text))
    return outcomes


def _diff(before: Source, after: str, path: str) -> str:
    """A unified diff of one file's text and its fixed text (BOM removed, as in `before`),
    named as `git diff` names its files (`_diff_name`). The file's BOM is in both first
    lines: a context line without it is not the file's, and git refuses the patch."""
    from wf_lsp.difference import patch_lines, unified_diff

    bom = BOM if before.had_bom else ""
    name = _diff_name(path)
    return "".join(unified_diff(patch_lines(bom + before.text), patch_lines(bom + after),
                                f"a/{name}", f"b/{name}"))


def _diff_name(path: str) -> str:
    """A file's path in a diff's headers, after `a/` and `b/`: relative to the working
    folder however it was given, as `git diff` writes it, so that `git apply` (and
    `patch -p1`) run there find the file; `a//abs/y.yaml` was "invalid path" to git. A
    file outside the working folder is `../…`, as `git diff --no-index` names it: git
    applies it with `--unsafe-paths` only, as it does any patch of a file outside. A file
    reached through a symlink is named by the file it leads to, the one `--fix` writes:
    git patches no file through a link (a committed link is its target's name to git)."""
    try:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(os.curdir))
    except ValueError:  # on another drive (Windows): no relative path leads there
        relative = os.path.abspath(path)
    return path_text(relative.replace(os.sep, "/"))


def lint_stdin(filename: str | None, text: str, config: Config, options: Options,
               root: str | None) -> Outcome:
    """Lint standard input's text."""
    path = filename or "-"
    outcome = _lint_or_say_why(path, text, config, options, write=False,
                               workspace=_WORKSPACES.get(root))
    if options.fix and not options.diff:
        # As ruff does: the fixed text goes to stdout, findings to stderr.
        fixed = outcome.report.source
        sys.stdout.write(("\ufeff" if fixed.had_bom else "") + fixed.text if fixed else text)
    return outcome


def _lint_or_say_why(path: str, text: str, config: Config, options: Options, write: bool,
                     workspace: Workspace | None = None) -> Outcome:
    """`_lint`, and if wf-lsp itself fails on this file, a report that says so in one
    line (the run exits 2): the other files are still linted and reported."""
    try:
        return _lint(path, text, config, options, write, workspace)
    except Exception as exc:  # noqa: BLE001 - a bug in wf-lsp must not hide the other files
        return Outcome(Report(path, error=internal_error(exc), internal=True))


def internal_error(exc: BaseException) -> str:
    """One line about a failure of wf-lsp itself."""
    detail = " ".join(str(exc).split())
    return (f"internal error ({type(exc).__name__}{': ' + detail if detail else ''}); "
            "please report it with the file")


def _lint(path: str, text: str, config: Config, options: Options, write: bool,
          workspace: Workspace | None = None) -> Outcome:
    indexed = _INDEXED.pop(path if path == "-" else os.path.abspath(path), None)
    analysis = analyze(text, path=path, config=config, workspace=workspace, previous=indexed)
    report = analysis.report
    if not analysis.is_workflow:
        return Outcome(report)
    if not (options.fix or options.diff):
        if options.count_fixable and options.unsafe:
            codes = _unsafe_fixable(analysis)
            return Outcome(report, fixable=codes.total(), fixed_codes=_most_first(codes))
        if options.count_fixable and any(f.safe_fix for f in report.findings):
            # A fix may reveal another, or make one moot: count what --fix would do, and
            # what --unsafe-fixes would add to it.
            result = fix_all(analysis)
            return Outcome(report, fixable=result.fixed, hidden=_hidden(result.findings, options),
                           fixed_codes=_fixed_codes(report.findings, result.findings))
        return Outcome(report, hidden=_hidden(report.findings, options))
    result = fix_all(analysis, unsafe=options.unsafe)
    if result.source.text == analysis.source.text:
        return Outcome(report, hidden=_hidden(report.findings, options))
    if options.diff:
        diff = _diff(analysis.source, result.source.text, path)
        return Outcome(report, result.fixed, diff, fixed_text=result.source.text)
    if write:
        try:
            write_atomically(path, result.text)
        except OSError as exc:
            return Outcome(Report(path, report.findings, report.source,
                                  error=f"cannot write the fixes: {exc.strerror or exc}"))
    return Outcome(Report(path, result.findings, result.source), result.fixed, new=result.new,
                   changed=True, hidden=_hidden(result.findings, options),
                   fixed_codes=_fixed_codes(report.findings, result.findings))


def _unsafe_fixable(analysis) -> Counter:
    """The problems `--fix --unsafe-fixes` would fix in `analysis`'s text, by code: the
    calls' fixes in the workflows called too (`fix_other_files`)."""
    codes = tally_by_code(analysis.findings, fix_all(analysis, unsafe=True).findings)[0]
    codes.update(f.code for f in analysis.findings if other_file_fix(f) is not None)
    return codes


def _fixed_codes(before, after) -> tuple[tuple[str, int], ...]:
    """The problems of `before` gone from `after`, by code (`tally`'s count)."""
    return _most_first(tally_by_code(before, after)[0])


def _most_first(codes: Counter) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((c, n) for c, n in codes.items() if n), key=lambda cn: (-cn[1], cn[0])))


def _hidden(findings, options: Options) -> int:
    """The fixes `--unsafe-fixes` would add for `findings`, those left by the safe fixes
    (not counted when `--unsafe-fixes` is given: made, or counted as fixable): the guesses
    offered, as ruff counts its unsafe fixes. Not counted by making them: that was a third
    analysis of the text (a 5,000-line file's lint took twice as long), and the rules
    offer no guess the engine must take back (WF202's and WF606's raise of a job past
    `max-job-timeout` is a placeholder: offered in the editor, never made)."""
    return sum(map(hidden_fix, findings)) if options.count_hidden else 0


def _report(outcomes: list[Outcome], args, fmt: str,
            passed_over: tuple[tuple[str, str], ...] = (), searched: tuple[str, ...] = ()) -> int:
    """Report the outcomes on stdout, or in `--output-file`: what stdout would have had
    (as ruff: the summary too; no colour), written whole once complete (a CI step that
    reads the file never finds half a report). Errors stay on stderr."""
    import io

    path = _to_file(args)
    if path is None:
        # --silent: written to nowhere (standard input's fixed text, on stdout, is not the
        # report: `lint_stdin` wrote it already).
        return _write_report(outcomes, args, fmt, passed_over, searched,
                             io.StringIO() if args.silent else sys.stdout)

    buffer = io.StringIO()
    code = _write_report(outcomes, args, fmt, passed_over, searched, buffer)
    try:
        if os.path.exists(path) and not os.path.isfile(path):
            # /dev/null, /dev/stderr, a shell's >(...): written as a stream, which they are.
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(buffer.getvalue())
        else:
            # `-o reports/wf.sarif`: its folder is made, as ruff makes it.
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            write_atomically(path, buffer.getvalue())
    except OSError as exc:
        # Tried before anything was fixed (`_check_output_file`), it may still fail (a full
        # disk): the fixes are written, which the error says, not to be taken for undone.
        fixed = sum(1 for o in outcomes if o.changed)
        print(f"wf-lsp: error: cannot write the report to {quoted_path(path)}: "
              f"{exc.strerror or exc}" + (f" (the fixes of {fixed} file{'s' * (fixed != 1)} "
                                         "are written)" if fixed else ""), file=sys.stderr)
        return EXIT_ERROR
    return code


def _write_report(outcomes: list[Outcome], args, fmt: str,
                  passed_over: tuple[tuple[str, str], ...], searched: tuple[str, ...],
                  out) -> int:
    from wf_lsp.output import writer
    from wf_lsp.output.style import use_color

    color = use_color(out, args.no_color or out is not sys.stdout)
    reports = [o.report for o in outcomes]
    errors = [r for r in reports if r.error]
    for report in errors:
        print(f"wf-lsp: error: {place_name(report.path)}: {report.error}", file=sys.stderr)
    skipped = [*passed_over, *((r.path, r.skipped) for r in reports if r.skipped)]
    if args.verbose:
        for path, why in sorted(skipped):
            print(f"wf-lsp: skipped {place_name(path)}: {why}", file=sys.stderr)
    if searched and not (errors or args.silent or any(r.linted for r in reports)):
        _no_workflows(searched, 0 if args.verbose else len(skipped))
    if args.diff:
        diffs = [o.diff for o in outcomes if o.diff]
        out.write("".join(diffs))
        if not args.quiet:
            fixes = sum(o.fixed for o in outcomes if o.diff)
            print(f"Would fix {fixes} problem{'s' * (fixes != 1)} in {len(diffs)} "
                  f"file{'s' * (len(diffs) != 1)}." if diffs else "No fixes to apply.",
                  file=sys.stderr)
        return EXIT_ERROR if errors else (EXIT_FINDINGS if diffs and not args.exit_zero else EXIT_OK)

    if args.fix and args.paths == ["-"] and out is sys.stdout:
        out = sys.stderr  # stdout has the fixed text
    findings = [f for r in reports for f in r.findings]
    fixed = sum(o.fixed for o in outcomes)
    new = sum(o.new for o in outcomes)
    if args.statistics:  # as ruff: the table instead of the findings and the summary
        # (a table under GitHub Actions too: its default format, github, was not asked for)
        _statistics(findings, errors, out, as_json=fmt == "json")
        if fmt != "json" and not args.quiet and (fixed or new):
            # What --fix did, under the table of what it left (it was the table alone: the
            # fixes made were not said).
            out.write(_fixed_line(fixed, new) + ".\n")
    else:
        writer(fmt)(reports, out, color)
        if _with_summary(args, fmt):
            _summary(reports, findings, (fixed, new),
                     (sum(o.fixable for o in outcomes), sum(o.hidden for o in outcomes)), args,
                     out, passed_over=0 if args.verbose else len(skipped),
                     by_file=[(o.report.path, o.fixed_codes) for o in outcomes
                              if o.fixed_codes] if args.show_fixes else ())
    fail_on = Severity.parse(args.fail_on)
    if errors:
        return EXIT_ERROR  # with --exit-zero too: a file that was not checked is no finding
    if args.exit_zero:
        return EXIT_OK
    if args.exit_non_zero_on_fix and any(o.changed for o in outcomes):
        return EXIT_FINDINGS  # as ruff's flag: a hook that changed files must fail the commit
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in findings) else EXIT_OK


def _no_workflows(folders: tuple[str, ...], passed_over: int) -> None:
    """A folder walked with no workflow in it (the wrong folder named in CI, the workflows
    in a hidden one): said on stderr, as ruff warns "No Python files found", the exit code
    unchanged. Under --quiet too (it drops the summary, which said "0 workflow files"),
    not --silent. Files named (as pre-commit names them) are no such search: another
    tool's YAML among them is passed over in silence."""
    where = ", ".join(quoted_path(folder) for folder in folders)
    print(f"wf-lsp: warning: no workflow files found under {where}"
          + (f" ({passed_over} passed over: `--verbose` says why)" if passed_over else ""),
          file=sys.stderr)


def _fixes_by_file(by_file, out) -> None:
    """ruff's `--show-fixes` block: each file, and the problems fixed in it per code
    (`2 × WF103 (duration-unit-order)`), most first; then a blank line."""
    from wf_lsp.rules import RULES

    width = len(str(max(n for _, codes in by_file for _, n in codes)))
    for path, codes in by_file:
        out.write(f"- {place_name(path)}:\n")
        for code, count in codes:
            out.write(f"    {count:>{width}} × {code} ({RULES[code].name})\n")
    out.write("\n")


def _statistics(findings, errors, out, as_json: bool) -> None:
    """Findings per code, most first; `[*]`: some have a safe fix. The files that could
    not be checked are rows too, as `--format json` names them (`wf-lsp`, `io-error` or
    `internal-error`), as ruff counts its E902: a table without them read as all checked."""
    import json
    from collections import Counter

    from wf_lsp.output.json_format import ERROR_CODE, error_rule
    from wf_lsp.rules import RULES

    counts = Counter()
    for finding in findings:  # each problem a finding stands for (`Finding.count`)
        counts[finding.code, RULES[finding.code].name] += finding.count
    counts.update((ERROR_CODE, error_rule(report)) for report in errors)
    fixable = Counter(f.code for f in findings if f.safe_fix)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        json.dump([{"code": code, "name": name, "count": count,
                    "fixable": bool(fixable[code])} for (code, name), count in rows],
                  out, indent=2)
        out.write("\n")
        return
    width = len(str(rows[0][1])) if rows else 1
    for (code, name), count in rows:
        mark = "[*]" if fixable[code] else "   "
        out.write(f"{count:>{width}}\t{code}\t{mark} {name}\n")


def _fixed_line(fixed: int, new: int) -> str:
    """"Fixed 2 problems; 1 new one appeared", without its end."""
    return (f"Fixed {fixed} problem{'s' * (fixed != 1)}"
            + (f"; {new} new one{'s' * (new != 1)} appeared" if new else ""))


def _summary(reports, findings, fixed: tuple[int, int], fixable: tuple[int, int], args, out,
             passed_over: int = 0, by_file=()) -> None:
    """The closing lines. With --fix, `fixed` is the problems fixed and the new ones the
    fixes brought (counted by findings before and after, as ruff's "N fixed, M
    remaining"; not by fixes applied). `fixable` is the problems `--fix` would fix and
    the fixes `--unsafe-fixes` would add (ruff's "hidden fixes"): guesses, said apart
    unless `--unsafe-fixes` was given. `by_file` (`--show-fixes`): either, by file and
    code, as a block in ruff's shape."""
    # A file read and linted whose fixes could not be written keeps its text and its
    # findings (`_lint`): it was checked, and is counted so.
    unwritten = sum(1 for r in reports if r.error and r.source is not None)
    linted = sum(1 for r in reports if r.linted) + unwritten
    files = f"{linted} workflow file{'s' * (linted != 1)}"
    if not linted and passed_over:
        # Nothing linted: the workflows may be in a hidden folder, or not look like one.
        files += f"; {passed_over} passed over: `--verbose` says why"
    fixed, new = fixed
    if fixed or new:
        out.write(_fixed_line(fixed, new) + (":\n" if by_file else ".\n"))
    elif by_file:
        would = fixable[0]
        out.write(f"Would fix {would} problem{'s' * (would != 1)} with `wf-lsp lint --fix"
                  f"{' --unsafe-fixes' * args.unsafe_fixes}`:\n")
    if by_file:
        _fixes_by_file(by_file, out)
    failed = sum(1 for r in reports if r.error) - unwritten
    if failed:  # never "All checks passed" when a file could not be checked
        files += f"; {failed} file{'s' * (failed != 1)} could not be checked"
    if unwritten:
        files += f"; the fixes of {unwritten} file{'s' * (unwritten != 1)} could not be written"
    if not findings:
        if failed:
            out.write(f"No problems found ({files}).\n")
        elif unwritten or not os.environ.get("PRE_COMMIT"):
            out.write(f"All checks passed ({files}).\n")
        # else under pre-commit (which sets PRE_COMMIT=1 for its hooks): it runs the hook on
        # batches of files in parallel and shows their outputs together, where a clean
        # batch's "All checks passed (0 workflow files)" contradicted another's findings;
        # its own "Passed" says it.
        return
    by_severity = {}
    for finding in findings:  # each problem a finding stands for (`Finding.count`)
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + finding.count
    parts = [f"{n} {s.label}{'s' * (n != 1 and s.label != 'information')}"
             for s, n in sorted(by_severity.items(), reverse=True)]
    found = sum(by_severity.values())
    line = f"Found {found} problem{'s' * (found != 1)} ({', '.join(parts)}) in {files}."
    fixable, hidden = fixable
    hint = (f"{hidden} hidden fix{'es' * (hidden != 1)} can be enabled with "
            f"`{'' if fixable else 'wf-lsp lint --fix '}--unsafe-fixes`")
    if fixable:
        line += (f"\n{fixable} fixable with `wf-lsp lint --fix"
                 f"{' --unsafe-fixes' * args.unsafe_fixes}`" + (f" ({hint})." if hidden else "."))
    elif hidden:
        line += f"\n{hint[0].upper()}{hint[1:]}."
    out.write(line + "\n")
