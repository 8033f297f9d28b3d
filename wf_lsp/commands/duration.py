"""`wf-lsp duration`: explain values as the linter sees them.

Text: `1h30m · 1 hour 30 minutes · 5,400 s`, or the problem and its fix. `--json`: one
line per value, `{"input", "valid", "nanoseconds", "canonical", "code", "message"}`:
`nanoseconds` is what Go's ParseDuration returns (null where Go rejects the text, set
even where the stricter rules reject it), `canonical` is null unless valid.
"""

from __future__ import annotations

import json
import sys

from wf_lsp.commands import EXIT_FINDINGS, EXIT_OK, UsageError, read_stdin
from wf_lsp.durations import in_seconds, in_words
from wf_lsp.findings import shortened
from wf_lsp.rules.durations import check_text
from wf_lsp.rules import RULES


def run(args) -> int:
    values = list(args.values)
    if args.stdin:
        try:
            values += read_lines(read_stdin())
        except UnicodeDecodeError:
            raise UsageError("standard input is not UTF-8") from None
    if not values:
        # A blank line is a value (the empty one, WF107); only input without a line has none.
        raise UsageError("standard input held no values (one per line)" if args.stdin
                         else "give one or more values, or --stdin")
    all_valid = True
    for value in values:
        check = check_text(value)
        all_valid &= check.valid
        if args.json:
            sys.stdout.write(json.dumps({
                "input": value,
                "valid": check.valid,
                "nanoseconds": check.nanoseconds,
                "canonical": check.canonical,
                "code": check.code,
                "message": check.message,
            }, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(describe(value, check) + "\n")
    return EXIT_OK if all_valid else EXIT_FINDINGS


def read_lines(data: bytes) -> list[str]:
    """One value per line, removing only the line ending (`\\n` or `\\r\\n`): spaces, tabs
    and form feeds are part of the value (str.splitlines would split on some of them)."""
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line ending ends a line, it does not start one
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def describe(value: str, check) -> str:
    """One line for a person: the normalized value, or what is wrong and the fix."""
    shown = json.dumps(shortened(value), ensure_ascii=False)
    if check.valid:
        ns = check.nanoseconds
        line = f"{shown}: {check.canonical} · {in_words(ns)} · {in_seconds(ns)}"
        # A hint of a rule that is on by default; not WF111's "write it as", off by default
        # (`1.5h` and `5µs` are written as the timeouts page writes them).
        if check.code and RULES[check.code].default_on:
            line += f"  ({check.code}: {check.message})"
        return line
    fix = check.suggestions[0].new_text if check.suggestions else None
    hint = f" → {fix}" if fix else ""
    return f"{shown}: {check.code} {check.message}{hint}"
