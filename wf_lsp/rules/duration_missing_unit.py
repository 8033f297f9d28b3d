"""A duration has a number without a unit.

`timeout: 30` or `timeout: "30"` does not say whether it means seconds, minutes or
hours, and the engine rejects it. `1h30` has the same problem in its last part. The
fixes offer `30s`, `30m` and `30h` for a bare number; for `1h30` the next smaller unit
(`1h30m`) is the safe, preferred fix.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "30"
    steps:
      - run: python report.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: "30m"
    steps:
      - run: python report.py
```
"""

from __future__ import annotations

from wf_lsp.durations import SMALLER, Suggestion, Verdict, resolve
from wf_lsp.findings import Severity

CODE = "WF101"
NAME = "duration-missing-unit"
SEVERITY = Severity.ERROR
HAS_FIX = True


def judge(value, check):
    if value.syntax != "missing unit":
        return None
    text, sign, body, segments = value.text, value.sign, value.body, value.segments
    if len(segments) == 1:  # a bare number: seconds, minutes or hours are all plausible
        fixes = []
        for unit, word in (("s", "seconds"), ("m", "minutes"), ("h", "hours")):
            resolved = resolve(check(f"{sign}{body}{unit}"))
            if resolved:
                fixes.append(Suggestion(f'Read as {word}: "{resolved[0]}"', resolved[0], False))
        example = f' such as "{body}s", "{body}m" or "{body}h"' if fixes else ""
        return Verdict(f'missing unit: "{text}" needs a unit{example}', tuple(fixes))
    # "1h30": the unit after the previous one is what people leave out.
    fixes, number = [], "".join(p for p in segments[-1][:2] if p is not None)
    unit = SMALLER.get(segments[-2][2])
    resolved = resolve(check(text + unit)) if unit else None
    if resolved:
        fixes.append(Suggestion(f'Add the unit "{unit}": "{resolved[0]}"', resolved[0],
                                resolved[1]))
    hint = f'; did you mean "{text}{unit}"?' if resolved else ""
    return Verdict(f'missing unit after {number} in "{text}"{hint}', tuple(fixes))


def check(ctx):
    return ctx.duration_findings()
