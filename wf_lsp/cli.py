"""The `wf-lsp` command line: `lint`, `duration`, `rules`, `rule`, `graph` and `serve`.

Imports stay inside the commands: `wf-lsp lint` on one small file must start as fast
as yamllint, and nothing on the lint path may import pygls or lsprotocol.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from collections.abc import Sequence

from wf_lsp.commands import EXIT_ERROR, UsageError
from wf_lsp.output import FORMATS

# `--fail-on`'s values, as the help shows them; `warn` and `info` are taken too
# (`Severity.parse`, which reads the configuration's).
SEVERITIES = "{error,warning,information,hint}"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal's width: left to find it, argparse imports
    shutil (and with it zlib, bz2 and lzma) as soon as an argument is added, 2 ms of
    every start."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)

    def _format_action_invocation(self, action) -> str:
        """An option with another name and a value once: `--format, --output-format
        {full,...}`, not the choices twice (as Python 3.13's argparse writes it)."""
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        default = self._get_default_metavar_for_optional(action)
        return f"{', '.join(action.option_strings)} {self._format_args(action, default)}"


def _terminal_columns() -> int:
    """What shutil.get_terminal_size() would say: $COLUMNS, the terminal, or 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _ArgumentParser(argparse.ArgumentParser):
    """An argument parser (and sub-command parsers, which take its class) with our formatter."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


class _VersionAction(argparse.Action):
    """`--version`: "wf-lsp 0.1.0 (C parser)"; ruamel is imported only when asked (10 ms)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from wf_lsp import version_text

        print(f"wf-lsp {version_text()}")
        parser.exit()


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given a `command`, with that command's sub-parser only: each sub-parser
    costs 0.2-0.5 ms (argparse looks up its translations for every one), and a lint must
    start fast. The top-level help (no command) lists them all."""

    def wanted(name: str) -> bool:
        return command is None or command == name

    parser = _ArgumentParser(
        prog="wf-lsp",
        description="Linter and language server for H2O Orchestrator workflow files.",
    )
    parser.add_argument("-V", "--version", action=_VersionAction, nargs=0,  # -V: ruff's
                        help="show the version and which YAML parser runs, then exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if wanted("lint"):
        _lint_parser(commands)
    if wanted("duration"):
        _duration_parser(commands)
    if wanted("rules"):
        rules = commands.add_parser(
            "rules", help="list the rules",
            description="List the rules: code, name, default severity, whether a fix is "
            "offered, and what each flags.")
        rules.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                           help="text (default), json, or markdown: every rule's "
                           "documentation, as docs/rules.md")
    if wanted("rule"):
        rule = commands.add_parser(
            "rule", help="show a rule's documentation",
            description="Show a rule's documentation (Markdown): what it flags, why, and a bad "
            "and a good example.")
        rule.add_argument("code", metavar="RULE",
                          help="a code (WF103) or name (duration-unit-order)")
    if wanted("graph"):
        _graph_parser(commands)
    if wanted("serve"):
        _serve_parser(commands)
    return parser


def _lint_parser(commands) -> None:
    lint = commands.add_parser("lint", help="lint workflow files (the default command)",
                               description="Lint workflow files and folders.")
    lint.add_argument("paths", nargs="*", metavar="PATH",
                      help="files or folders (default: .); - reads standard input")
    # --output-format: ruff's name for it, which a user of ruff types.
    lint.add_argument("--format", "--output-format", choices=FORMATS,
                      help="output format (default: full on a terminal, github under "
                      "GitHub Actions, else concise)")
    # ruff's name and behaviour: the report (and its summary) goes to FILE, not stdout.
    lint.add_argument("--output-file", "-o", metavar="FILE",
                      help="write the report (any --format; concise by default) to FILE instead "
                      "of stdout, whole or not at all; errors stay on stderr (- is stdout)")
    lint.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    lint.add_argument("--exit-zero", "-e", action="store_true",
                      help="exit 0 even when there are findings (2 still says a usage, I/O "
                      "or internal error), as ruff's --exit-zero")
    lint.add_argument("--exit-non-zero-on-fix", action="store_true",
                      help="with --fix, exit 1 when a fix was applied, even if nothing remains "
                      "(the pre-commit hook wf-lsp-fix uses it)")
    lint.add_argument("--unsafe-fixes", action="store_true",
                      help="with --fix or --diff, also apply the first offered unsafe fix; "
                           "alone, count those fixes in the summary's N fixable")
    lint.add_argument("--show-fixes", action="store_true",
                      help="with --fix, list the problems fixed in each file, by code; without, "
                      "what --fix would fix (in the text formats' summary), as ruff's")
    lint.add_argument("--diff", action="store_true",
                      help="print the safe fixes as a diff instead of writing them")
    # Each may be given again, adding to the list, as ruff's: the last one alone counted
    # (`--ignore WF110 --ignore WF111` reported WF110).
    lint.add_argument("--select", metavar="CODES", action="append",
                      help="comma-separated codes, prefixes or rule names to check (replaces the "
                      "default set, and the configuration's select and ignore)")
    lint.add_argument("--extend-select", metavar="CODES", action="append",
                      help="codes, prefixes or names to add to the selection")
    lint.add_argument("--ignore", metavar="CODES", action="append",
                      help="codes, prefixes or names to skip")
    lint.add_argument("--fail-on", type=_severity, metavar=SEVERITIES, default="warning",
                      help="lowest severity that fails the run (default: warning; warn and "
                      "info are taken too)")
    lint.add_argument("--config", metavar="FILE|KEY=VALUE", action="append",
                      help="use this config file instead of searching upward; or, as ruff, "
                      "a TOML `KEY = VALUE` pair setting one key over every config file "
                      "(`--config 'require-timeout = \"all\"'`; may be given again)")
    lint.add_argument("--stdin-filename", metavar="PATH",
                      help="the path standard input stands for (config, messages); "
                      "with no PATH, standard input is read")
    lint.add_argument("--jobs", "-j", type=_processes, metavar="N",
                      help="processes to lint with (default and most: the CPUs it may run on; "
                      "never more than the files)")
    lint.add_argument("--statistics", action="store_true", help="count findings per code")
    lint.add_argument("--quiet", "-q", action="store_true",
                      help="print findings only: no summary, no progress")
    # ruff's: a script or hook that wants the exit code alone typed it, and was told
    # "did you mean `--select`?".
    lint.add_argument("--silent", "-s", action="store_true",
                      help="print no findings either: the exit code says (errors are still "
                      "said; --output-file and --fix - still write), as ruff's --silent")
    lint.add_argument("--verbose", "-v", action="store_true",
                      help="also say which files were skipped and why")
    lint.add_argument("--show-settings", action="store_true",
                      help="print the settings the first PATH is linted with, and where they "
                      "come from, instead of linting (as ruff's)")
    lint.add_argument("--no-ignore-files", action="store_true",
                      help="walk what .gitignore and .ignore files exclude too")
    lint.add_argument("--no-color", action="store_true", help="never colour the output")


def _severity(text: str) -> str:
    """`--fail-on`: a severity as the configuration names one (`Severity.parse`)."""
    from wf_lsp.findings import Severity

    try:
        return Severity.parse(text).label
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _processes(text: str) -> int:
    """`--jobs`: a number of processes, 1 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return count


def _duration_parser(commands) -> None:
    duration = commands.add_parser(
        "duration", help="explain duration values",
        description="Explain duration values as the linter sees them. A negative value "
        "(-5m) is a value, not an option; any other value starting with - can follow --.")
    duration.add_argument("values", nargs="*", metavar="VALUE",
                          help="values as a workflow writes them (1h30m, 90m, \"1h 30m\")")
    duration.add_argument("--json", action="store_true", help="one JSON object per line")
    duration.add_argument("--stdin", action="store_true",
                          help="read one value per line (only the line ending is removed)")


def _graph_parser(commands) -> None:
    graph = commands.add_parser(
        "graph", help="draw a workflow's job graph and worst-case timeline",
        description="Draw a workflow's jobs, their dependencies and the worst-case timeline "
        "(every job running to its timeout), with the critical path.")
    graph.add_argument("path", metavar="PATH", help="a workflow file; - reads standard input")
    graph.add_argument("--format", choices=("svg", "html", "mermaid", "dot", "json"),
                       help="output format (default: from the -o suffix, else svg; an unknown "
                       "suffix is an error)")
    # --output-file too: lint's name for it (ruff's), which `wf-lsp graph` refused.
    graph.add_argument("-o", "--output", "--output-file", metavar="FILE",
                       help="write here instead of stdout (- is stdout)")


def _serve_parser(commands) -> None:
    serve = commands.add_parser("serve", help="run the language server",
                                description="Run the language server (stdio by default).")
    serve.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    serve.add_argument("--log-file", metavar="FILE", help="also write the log to this file")
    serve.add_argument("--log-level", default="info",
                       choices=("error", "warning", "info", "debug"),
                       help="how much to log (default: info; the editor's wfLsp.logLevel "
                       "setting overrides it)")


def _lint(args) -> int:
    """`wf-lsp lint`, with the garbage collector as `wf_lsp.gc_policy` says."""
    from wf_lsp import gc_policy

    with gc_policy.for_the_command_line():  # the imports too: they allocate as much
        from wf_lsp.commands.lint import run

        return run(args)


# What a negative duration starts with (`-5m`, `-.5h`, `-1h30m`): never an option's name.
_NEGATIVE = re.compile(r"-[0-9.]")


def _duration_values_last(argv: list[str]) -> list[str]:
    """`wf-lsp duration 1h -5m`: `-5m` is a value to explain, not an option. The values go
    after a `--` (in their order), so that argparse reads them as values."""
    rest = argv[1:]
    after = []
    if "--" in rest:
        rest, after = rest[: rest.index("--")], rest[rest.index("--") + 1:]
    options = [a for a in rest if a.startswith("-") and not _NEGATIVE.match(a)]
    values = [a for a in rest if not (a.startswith("-") and not _NEGATIVE.match(a))]
    return [argv[0], *options, "--", *values, *after]


class _Output(io.FileIO):
    """Standard output or error, whose reader may leave (`wf-lsp lint | head -1`): what is
    written after that is dropped, as ruff drops it, and the command ends as it would
    have. Its exit code is then the run's (1: findings), whether the reader left before
    the last write or after it (a pipe's buffer holds a small report whole): raising at
    the first write that failed made it 1 or 2 by the timing."""

    def write(self, data) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.fileno())
            return len(data)


def _kept_when_the_reader_leaves(stream):
    """`stream` (sys.stdout or sys.stderr) written through an `_Output`; a stream that is
    not a file (a test's capture), or none (`>&-`), as it is. The stream stays open
    (sys keeps it): the new one shares its descriptor."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return stream
    stream.flush()
    # stderr at most as buffered as it was: `PYTHONUNBUFFERED=1` (Docker images, CI) makes
    # it write through rather than flush at each line, and a buffer with neither held it
    # back whole: its errors came after the report. A line at a time, then. (stdout stays
    # buffered: a full disk is said where it is flushed, not inside argparse's print.)
    line_buffering = stream.line_buffering or (
        stream is sys.stderr and getattr(stream, "write_through", False))
    return io.TextIOWrapper(io.BufferedWriter(_Output(fd, "w", closefd=False)),
                            encoding=stream.encoding, errors=stream.errors,
                            line_buffering=line_buffering)


def _command_typo(word: str, known: set[str]) -> tuple[str, ...]:
    """The commands a first argument that names no file was a typo of (`lnt`): the nearest
    by edits, both when two are as near (`rulse`: `rule`, one removed, and `rules`, two
    swapped; difflib's score had said `rule` alone), at most 2 edits and half the word."""
    if os.path.lexists(word) or os.sep in word or "." in word:
        return ()  # a path (`flows/`, `w.yaml`) is one even when it is missing
    if word.lower() == "check":
        return ("lint",)  # ruff's name for it: `wf-lsp check .` said "check: no such file"
    if word.lower() == "explain":
        # ruff's old `--explain`, git's `help`-like verb: "explain: no such file or folder".
        return ("rule",)
    from wf_lsp.typos import nearest

    return nearest(word.lower(), sorted(known), min(2, len(word) // 2))


def _command_parser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The sub-parser of `command` (`lint`), else `parser` itself."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def _option_typos(unknown: list[str], parser: argparse.ArgumentParser) -> tuple[str, ...]:
    """The options of `parser` the first unknown `--option` was a typo of (`--formt`,
    `--unsafe_fixes`): the nearest by edits, at most 2 and a third of the word, as clap
    tells a user of ruff ("a similar argument exists")."""
    word = next((u.split("=", 1)[0] for u in unknown if u.startswith("--")), None)
    if word is None:
        return ()
    from wf_lsp.typos import nearest

    options = sorted(o for a in parser._actions for o in a.option_strings if o.startswith("--"))
    return nearest(word.lower().replace("_", "-"), options, min(2, len(word) // 3))


def _rules_hint(word: str) -> str:
    """`wf-lsp rules WF103` (or `WF1`): `rules` lists them all and takes no argument; the
    command that shows one is `rule`."""
    from wf_lsp.settings import rule_named

    rule = rule_named(word)
    return (" (`rules` lists every rule and takes no argument: "
            + (f"did you mean `wf-lsp rule {rule.code}`?)" if rule else
               "`wf-lsp rule CODE` shows one)"))


def _help_or_version(argv: list[str], known: set[str]) -> list[str]:
    """`wf-lsp help [COMMAND]` and `wf-lsp version`, as ruff (and git, cargo) take them,
    are `--help` and `--version`: they were linted as paths, "help: no such file or
    folder". A file or folder of that name is still linted, as `wf-lsp lnt` is."""
    if not argv or argv[0] not in ("help", "version") or os.path.lexists(argv[0]):
        return argv
    if argv[0] == "version":
        return ["--version"]
    return [argv[1], "--help"] if argv[1:] and argv[1] in known else ["--help"]


# `ruff check` options a user of ruff types, that wf-lsp has otherwise or needs not: they
# were "unrecognized arguments" alone, or a wrong guess (`--show-files`: `--show-fixes`?).
_RUFF_OPTIONS = {
    "--no-fix": "wf-lsp fixes nothing unless given --fix",
    "--fix-only": "`--fix -e -s` fixes without a word or an exit 1 for what remains",
    "--exclude": "`exclude` goes in the config file: wf-lsp.toml or [tool.wf-lsp]",
    "--extend-exclude": "`exclude` goes in the config file: wf-lsp.toml or [tool.wf-lsp]",
    "--force-exclude": "a file named is left out by its config's `exclude` already",
    "--no-respect-gitignore": "did you mean `--no-ignore-files`?",
    "--respect-gitignore": "a walk honours .gitignore already; --no-ignore-files does not",
    "--extend-ignore": "did you mean `--ignore`?",
    "--per-file-ignores": "`per-file-ignores` goes in the config file: wf-lsp.toml or [tool.wf-lsp]",
    "--no-cache": "wf-lsp keeps no cache",
    "--show-files": "--verbose says which files were passed over, and why",
}


def _ruff_option_hint(unknown: list[str]) -> str:
    """What wf-lsp has for the first of `unknown` that is one of ruff's options, if any."""
    word = next((u.split("=", 1)[0] for u in unknown if u.startswith("--")), "")
    return f" ({_RUFF_OPTIONS[word]})" if word in _RUFF_OPTIONS else ""


def _explain_hint(option: str, argv: list[str]) -> str:
    """`wf-lsp --explain WF103` (ruff's old flag): the command that shows the rule's page."""
    from wf_lsp.settings import rule_named

    _, _, word = option.partition("=")
    if not word and option in argv[:-1]:
        word = argv[argv.index(option) + 1]
    rule = rule_named(word) if word else None
    return f" (did you mean `wf-lsp rule {rule.code}`?)" if rule else (
        " (a rule's documentation is `wf-lsp rule CODE`)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    known = {"lint", "duration", "rules", "rule", "graph", "serve"}
    argv = _help_or_version(argv, known)
    if not argv or (argv[0] not in known and not argv[0].startswith("-")) or argv[0] == "-":
        meant = _command_typo(argv[0], known) if argv else ()
        if meant:
            # `wf-lsp lnt .` linted `.`, its first error "lnt: no such file or folder" above
            # a whole report.
            print(f"wf-lsp: error: unknown command `{argv[0]}` (did you mean "
                  f"{' or '.join(f'`{command}`' for command in meant)}?)", file=sys.stderr)
            return EXIT_ERROR
        argv.insert(0, "lint")  # `wf-lsp file.yaml` lints, as ruff check would
    elif argv[0].startswith("-") and argv[0] not in ("-h", "--help", "-V", "--version"):
        argv.insert(0, "lint")
    elif argv[0] == "duration":
        argv = _duration_values_last(argv)
    streams = sys.stdout, sys.stderr
    if argv[0] != "serve":  # the server's output is its protocol, its end a shutdown
        sys.stdout = _kept_when_the_reader_leaves(sys.stdout)
        sys.stderr = _kept_when_the_reader_leaves(sys.stderr)
    try:
        return _main(argv, known)
    finally:
        sys.stdout, sys.stderr = streams  # a caller in this process (a test) keeps its own


def _main(argv: list[str], known: set[str]) -> int:
    if sys.stderr is None:
        # `2>&-`: print(file=None) would write the errors to stdout, among the findings.
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    parser = _parser(argv[0] if argv[0] in known else None)
    try:
        args, unknown = parser.parse_known_args(argv)
    except SystemExit as done:
        # `--help` and `--version` print and exit from inside argparse: their output is
        # flushed here, as a command's is below, so that a full disk is said (it was
        # "Exception ignored" at the exit, or nothing at all, the output lost).
        if sys.stdout is None and not done.code:
            # `>&-`: print() to no stdout writes nothing, and the exit was 0 in silence.
            return _closed_output()
        try:
            if sys.stdout is not None:  # (a usage error: argparse wrote to stderr)
                sys.stdout.flush()
        except OSError as exc:
            print(f"wf-lsp: error: {_system_error(exc)}", file=sys.stderr)
            return EXIT_ERROR
        raise
    if sys.stdout is None and not getattr(args, "tcp", None):
        # `>&-`: Python leaves no stdout, and the findings would have nowhere to go.
        return _closed_output()
    if unknown:
        hint = ""
        if args.command == "duration" and not unknown[0].startswith("--"):
            hint = f" (a value that starts with - goes after --: wf-lsp duration -- {unknown[0]})"
        elif args.command == "graph" and not unknown[0].startswith("-"):
            # `wf-lsp graph .github/workflows/*.yaml`: the files after the first were
            # "unrecognized", as if wf-lsp did not know them for files.
            hint = " (graph draws one workflow file: run it once for each)"
        elif args.command == "rules" and not unknown[0].startswith("-"):
            hint = _rules_hint(unknown[0])
        elif unknown[0].split("=", 1)[0] == "--explain":
            # ruff's old flag; the one way here is a command, which "unrecognized" hid.
            hint = _explain_hint(unknown[0], argv)
        elif args.command == "lint":
            hint = _ruff_option_hint(unknown)
        # The command's parser says it, with its usage: the top level's ("wf-lsp [-h]
        # [--version] COMMAND ...") listed none of the options a `wf-lsp lint --formt` meant.
        command = _command_parser(parser, args.command)
        meant = _option_typos(unknown, command)
        if meant and not hint:
            hint = f" (did you mean {' or '.join(f'`{option}`' for option in meant)}?)"
        command.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    try:
        code = _run(args)
        if args.command != "serve":  # (the server's stdout is its protocol's, closed)
            # Here, not at the exit: what a full disk refuses is said below, not as
            # "Exception ignored" with exit 120.
            sys.stdout.flush()
        return code
    except UsageError as exc:
        for line in str(exc).splitlines():  # several problems (a config file's): a line each
            print(f"wf-lsp: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        # At once: a lint's worker pool may have a thread waiting for good on a result a
        # stopped worker was sending (its workers are ended and waited for already), and a
        # normal exit would wait for that thread.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(130)
    except OSError as exc:
        # Not a bug of wf-lsp's, which says each file's own errors: the system refused the
        # output (a full disk, a terminal gone) or something no file's error covers.
        print(f"wf-lsp: error: {_system_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug: one line and exit 2, never 1 ("findings")
        from wf_lsp.commands.lint import internal_error

        print(f"wf-lsp: {internal_error(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _closed_output() -> int:
    """Standard output closed (`>&-`): said, exit 2."""
    print("wf-lsp: error: standard output is closed: nowhere to write", file=sys.stderr)
    return EXIT_ERROR


def _run(args) -> int:
    """The command's exit code."""
    if args.command == "lint":
        return _lint(args)
    if args.command == "duration":
        from wf_lsp.commands.duration import run

        return run(args)
    if args.command in ("rules", "rule"):
        from wf_lsp.commands.rules import run

        return run(args)
    if args.command == "graph":
        from wf_lsp.commands.graph import run

        return run(args)
    if not args.tcp and sys.stdin is not None and sys.stdin.isatty():
        # `wf-lsp serve` typed at a prompt waited in silence, as if it hung; and Ctrl-C did
        # not end it: pygls takes the KeyboardInterrupt as a stop, then waits for its
        # thread reading the terminal, which only Ctrl-D (the input's end) let go. Typed
        # by a user, the server has no editor to answer: ended at once, as a lint is.
        import signal

        signal.signal(signal.SIGINT, lambda *_: os._exit(130))
        sys.stderr.write("wf-lsp: the language server talks LSP on standard input and output, "
                         "for an editor to start it (docs/editors.md has each editor's "
                         "setup); Ctrl-C stops it\n")
        sys.stderr.flush()
    from wf_lsp.lsp.server import run

    return run(args)


def _system_error(exc: OSError) -> str:
    """What the system refused, in words. A write error that names no file is the
    output's (a file's own write errors are said with its name, `--fix`'s and `-o`'s);
    what stdout still holds is then dropped, so that the exit does not fail again."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG,
                                              errno.EIO):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return f"cannot write the output: {reason}"
    return f"{exc.filename}: {reason}" if exc.filename else reason
