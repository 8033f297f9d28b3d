"""A duration contains whitespace.

Go's duration format allows no spaces: `"1 h"`, `"1h 30m"` and `" 5m"` are all
rejected by the engine. The fix removes the whitespace.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1h 30m"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "1h30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.durations import WHITESPACE, Suggestion, Verdict, change_to, stray
from wf_lsp.findings import Severity, shortened
from wf_lsp.rules import duration_style

CODE = "WF102"
NAME = "duration-whitespace"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    if value.syntax != "whitespace":
        return None
    text = value.text
    stripped = WHITESPACE.sub("", text)
    # Spaces between digits ("1 30m") join two numbers into one: a guess, not a formatting fix.
    number = "0123456789."
    joins_numbers = any(
        0 < m.start() and m.end() < len(text) and text[m.start() - 1] in number
        and text[m.end()] in number
        for m in WHITESPACE.finditer(text)
    )
    fixes: list[Suggestion] = []
    if stripped:
        result = check(stripped)
        if result.valid:
            # Keep the user's own spelling (a WF111 hint, off by default, may follow), unless
            # it is odd enough for WF110: the fix must not leave a finding behind.
            written = result.canonical if result.code == duration_style.CODE else stripped
            fixes.append(Suggestion(f'Remove the whitespace: "{shortened(written)}"', written,
                                    not joins_numbers))
        else:
            fixes.extend(change_to(s.new_text, s.safe and not joins_numbers)
                         for s in result.suggestions)
    fix = f': write "{shortened(fixes[0].new_text)}"' if fixes and fixes[0].safe else ": remove it"
    # "Remove it" of the spaces alone, where what is left is no duration either: the
    # emoji of `😀 1h`, the `x` of `1 x`, nothing at all.
    if not stripped:
        return Verdict('a duration of whitespace alone is empty: write a number and a unit, '
                       'like "30m"')
    rest = check(stripped)
    if not rest.valid:
        odd = stray(stripped)
        if odd is not None:
            return Verdict(f"whitespace and {odd[0]} are not allowed in a duration"
                           f"{fix if odd[2] else ': remove them'}", tuple(fixes))
        if not (fixes and fixes[0].safe):
            return Verdict(f"whitespace is not allowed in a duration, and without it, "
                           f"{rest.message}", tuple(fixes))
    return Verdict(f"whitespace is not allowed in a duration{fix}", tuple(fixes))


def check(ctx):
    return ctx.duration_findings()
