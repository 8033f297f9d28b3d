"""`wf-lsp lint`: find workflow files, lint them (in parallel), fix, report, exit."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from wf_lsp.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from wf_lsp.config import Config, ConfigError, find_config, from_mapping, load_toml
from wf_lsp.findings import Severity
from wf_lsp.output import FileReport

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", ".ruff_cache"}
# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 16


@dataclass(frozen=True)
class Options:
    """What every file's lint needs; small and picklable for the worker processes."""

    overrides: tuple[tuple[str, tuple[str, ...]], ...] = ()
    config_file: str | None = None
    fix: bool = False
    diff: bool = False
    unsafe: bool = False


def run(args) -> int:
    options = Options(
        overrides=tuple((k, v) for k, v in (
            ("select", _codes(args.select)),
            ("extend-select", _codes(args.extend_select)),
            ("ignore", _codes(args.ignore)),
        ) if v is not None),
        config_file=os.path.abspath(args.config) if args.config else None,
        fix=args.fix,
        diff=args.diff,
        unsafe=args.unsafe_fixes,
    )
    _check_options(options)
    fmt = args.format or _default_format()
    paths = args.paths or ["."]
    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("`-` (standard input) cannot be combined with other paths")
        report = lint_stdin(args.stdin_filename, options)
        reports = [report]
    else:
        files, missing = collect(paths)
        reports = [FileReport(p, error="no such file or folder") for p in missing]
        reports += lint_files(files, options, args.jobs or os.cpu_count() or 1,
                              progress=not args.quiet and fmt in ("full", "concise"))
    reports.sort(key=lambda r: r.path)
    return _report(reports, args, fmt)


def _codes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _check_options(options: Options) -> None:
    """Bad --select/--config are usage errors, said once, before any file is read."""
    try:
        if options.config_file:
            load_explicit(options.config_file)
        from_mapping(dict(options.overrides), "command line")
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if sys.stdout.isatty() else "concise"


def collect(paths: list[str]) -> tuple[list[str], list[str]]:
    """YAML files under the given paths (files given by name always count)."""
    files: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                files.extend(os.path.join(folder, n) for n in sorted(names)
                             if n.endswith(YAML_SUFFIXES))
        elif os.path.exists(path):
            files.append(path)
        else:
            missing.append(path)
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return [os.path.normpath(f) for f in unique], missing


def load_explicit(path: str) -> Config:
    data = load_toml(Path(path))
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("wf-lsp", {})
    return from_mapping(data, path, os.path.dirname(path))


def config_for(path: str, options: Options) -> Config:
    base = load_explicit(options.config_file) if options.config_file else find_config(path)
    if not options.overrides:
        return base
    return from_mapping(dict(options.overrides), "command line", base=base)


def lint_files(files: list[str], options: Options, jobs: int, progress: bool) -> list[FileReport]:
    bar = _progress(len(files)) if progress else None
    try:
        if jobs <= 1 or len(files) < POOL_THRESHOLD:
            reports = []
            for path in files:
                reports.append(lint_file(path, options))
                if bar:
                    bar.update()
            return reports
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(files) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            reports = []
            for report in pool.map(lint_file, files, [options] * len(files), chunksize=chunk):
                reports.append(report)
                if bar:
                    bar.update()
            return reports
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


def read_text(path: str) -> str:
    """The file as text; UnicodeError/OSError carry a message fit for the user."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnicodeError("UTF-16 text: save the file as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnicodeError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}): save the file as UTF-8"
        ) from None


def lint_file(path: str, options: Options) -> FileReport:
    try:
        config = config_for(path, options)
        text = read_text(path)
    except ConfigError as exc:
        return FileReport(path, error=str(exc))
    except UnicodeError as exc:
        return FileReport(path, error=str(exc))
    except OSError as exc:
        return FileReport(path, error=f"cannot read: {exc.strerror or exc}")
    return _lint(path, text, config, options, write=True)


def lint_stdin(filename: str | None, options: Options) -> FileReport:
    path = filename or "-"
    try:
        config = config_for(filename or os.getcwd(), options)
    except ConfigError as exc:
        return FileReport(path, error=str(exc))
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return FileReport(path, error="standard input is not UTF-8")
    report = _lint(path, text, config, options, write=False)
    if options.fix and not options.diff:
        # As ruff does: the fixed text goes to stdout, findings to stderr.
        fixed = report.source
        sys.stdout.write(("\ufeff" if fixed.had_bom else "") + fixed.text if fixed else text)
    return report


def _lint(path, text, config, options, write: bool) -> FileReport:
    from wf_lsp.linter import lint_text

    result = lint_text(text, path, config)
    if not result.is_workflow:
        return FileReport(path, skipped=result.skipped, source=result.source)
    if not (options.fix or options.diff):
        return FileReport(path, result.findings, result.source)

    from wf_lsp.fixes import fix_until_stable
    from wf_lsp.parse import Source

    def choose(finding):
        return finding.safe_fix or (finding.fix if options.unsafe else None)

    outcome = fix_until_stable(result.source.text, lambda t: lint_text(t, path, config).findings,
                               choose)
    new_text = outcome.text
    if new_text == result.source.text:
        return FileReport(path, result.findings, result.source)
    bom = "\ufeff" if result.source.had_bom else ""
    if options.diff:
        import difflib

        diff = "".join(difflib.unified_diff(
            result.source.text.splitlines(keepends=True), new_text.splitlines(keepends=True),
            f"a/{path}", f"b/{path}"))
        return FileReport(path, result.findings, result.source, diff=diff,
                          fixed=outcome.applied)
    if write:
        try:
            write_atomically(path, bom + new_text)
        except OSError as exc:
            return FileReport(path, result.findings, result.source,
                              error=f"cannot write the fixes: {exc.strerror or exc}")
    return FileReport(path, outcome.findings, Source(new_text, result.source.had_bom),
                      fixed=outcome.applied)


def write_atomically(path: str, text: str) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".wf-lsp-", suffix=".tmp")
    try:
        # newline="" keeps the file's own line endings (CRLF stays CRLF).
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _report(reports: list[FileReport], args, fmt: str) -> int:
    from wf_lsp.output import write
    from wf_lsp.output.style import use_color

    out = sys.stdout
    color = use_color(out, args.no_color)
    errors = [r for r in reports if r.error]
    for report in errors:
        print(f"wf-lsp: error: {report.path}: {report.error}", file=sys.stderr)
    if args.verbose:
        for report in reports:
            if report.skipped:
                print(f"wf-lsp: skipped {report.path}: {report.skipped}", file=sys.stderr)
    if args.diff:
        diffs = [r.diff for r in reports if r.diff]
        out.write("".join(diffs))
        if not args.quiet:
            fixes = sum(r.fixed for r in reports if r.diff)
            print(f"Would fix {fixes} problem{'s' * (fixes != 1)} in {len(diffs)} "
                  f"file{'s' * (len(diffs) != 1)}." if diffs else "No fixes to apply.",
                  file=sys.stderr)
        return EXIT_ERROR if errors else (EXIT_FINDINGS if diffs else EXIT_OK)

    stdin_fix = args.fix and args.paths == ["-"]
    write(fmt, reports, sys.stderr if stdin_fix else out, color)
    findings = [f for r in reports for f in r.findings]
    if args.statistics:
        _statistics(findings, sys.stderr if stdin_fix else out)
    if not args.quiet and fmt in ("full", "concise"):
        _summary(reports, findings, args, sys.stderr if stdin_fix else out)
    fail_on = Severity.parse(args.fail_on)
    if errors:
        return EXIT_ERROR
    if args.exit_non_zero_on_fix and any(r.fixed for r in reports):
        return EXIT_FINDINGS  # as ruff's flag: a hook that changed files must fail the commit
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in findings) else EXIT_OK


def _statistics(findings, out) -> None:
    from collections import Counter

    from wf_lsp.rules import RULES

    counts = Counter(f.code for f in findings)
    fixable = Counter(f.code for f in findings if f.safe_fix)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "[*]" if fixable[code] else "   "
        out.write(f"{count:5d}\t{code}\t{mark} {RULES[code].name}\n")


def _summary(reports, findings, args, out) -> None:
    linted = sum(1 for r in reports if not r.skipped and not r.error)
    fixed = sum(r.fixed for r in reports)
    files = f"{linted} workflow file{'s' * (linted != 1)}"
    if fixed:
        out.write(f"Fixed {fixed} problem{'s' * (fixed != 1)}.\n")
    failed = sum(1 for r in reports if r.error)
    if failed:  # never "All checks passed" when a file could not be checked
        files += f"; {failed} file{'s' * (failed != 1)} could not be checked"
    if not findings:
        out.write(f"No problems found ({files}).\n" if failed else f"All checks passed ({files}).\n")
        return
    by_severity = {}
    for finding in findings:
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
    parts = [f"{n} {s.label}{'s' * (n != 1 and s.label != 'information')}"
             for s, n in sorted(by_severity.items(), reverse=True)]
    fixable = sum(1 for f in findings if f.safe_fix)
    line = f"Found {len(findings)} problem{'s' * (len(findings) != 1)} ({', '.join(parts)}) in {files}."
    if fixable and not args.fix:
        line += f"\n{fixable} fixable with `wf-lsp lint --fix`."
    out.write(line + "\n")
