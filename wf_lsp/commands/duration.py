"""`wf-lsp duration`: explain values as the linter sees them.

Text: `1h30m · 1 hour 30 minutes · 5,400 s`, or the problem and its fix. `--json`: one
line per value, `{"input", "valid", "nanoseconds", "canonical", "code", "message"}`:
`nanoseconds` is what Go's ParseDuration returns (null where Go rejects the text, set
even where the stricter rules reject it), `canonical` is null unless valid.
"""

from __future__ import annotations

import json
import sys

from wf_lsp.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from wf_lsp.durations import check_text, in_seconds, in_words


def run(args) -> int:
    values = list(args.values)
    if args.stdin:
        # Only the line ending is removed: spaces are part of the value.
        values += [line.rstrip("\r\n") if line.endswith("\n") else line
                   for line in sys.stdin.read().splitlines(keepends=True)]
    if not values:
        raise UsageError("give one or more values, or --stdin")
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


def describe(value: str, check) -> str:
    """One line for a person: the normalized value, or what is wrong and the fix."""
    shown = json.dumps(value, ensure_ascii=False)
    if check.valid:
        ns = check.nanoseconds
        line = f"{shown}: {check.canonical} · {in_words(ns)} · {in_seconds(ns)}"
        if check.code:
            line += f"  ({check.code}: {check.message})"
        return line
    fix = check.suggestions[0].new_text if check.suggestions else None
    hint = f" → {fix}" if fix else ""
    return f"{shown}: {check.code} {check.message}{hint}"
