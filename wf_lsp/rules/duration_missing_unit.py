"""A duration has a number without a unit.

`timeout: 30` or `timeout: "30"` does not say whether it means seconds, minutes or
hours, and the engine rejects it. `1h30` has the same problem in its last part. For a
bare number the fixes offer it with each unit, the reading nearest an hour (a typical
timeout) first: `30m` for `30`, `5400s` (1h30m) for `5400`, `1.5h` for `1.5`; the number
stays as written. For `1h30` the next smaller unit (`1h30m`) is the safe, preferred fix.

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
from wf_lsp.findings import Severity, shortened

CODE = "WF101"
NAME = "duration-missing-unit"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True


def judge(value, check):
    if value.syntax != "missing unit":
        return None
    text, sign, body, segments = value.text, value.sign, value.body, value.segments
    if len(segments) == 1:  # a bare number: seconds, minutes or hours are all plausible
        fixes = []
        units = _by_size(body)
        for unit, word, _ in units:
            written = f"{sign}{body}{unit}"
            reading = check(written)
            # The number as written, with the unit (`5400s`, `1.5s`: WF111, off by default,
            # is the one to ask for 1h30m); else where the unit leads (`.5s` → 500ms).
            resolved = (written, True) if reading.valid and reading.code in (None, "WF111") \
                else resolve(reading)
            if resolved:
                meaning = (f" (= {reading.canonical})"
                           if reading.canonical not in (None, resolved[0]) else "")
                fixes.append(Suggestion(f'Read as {word}: "{shortened(resolved[0])}"{meaning}',
                                        resolved[0], False))
        # What the fixes write ("1." reads as "1h", not "1.h").
        shown = [f'"{shortened(fix.new_text)}"' for fix in fixes]
        example = f" such as {', '.join(shown[:-1])} or {shown[-1]}" if len(shown) > 1 \
            else f" such as {shown[0]}" if shown else ""
        return Verdict(f'missing unit: "{shortened(text)}" needs a unit{example}', tuple(fixes))
    # "1h30": the unit after the previous one is what people leave out.
    fixes, number = [], "".join(p for p in segments[-1][:2] if p is not None)
    unit = SMALLER.get(segments[-2][2])
    resolved = resolve(check(text + unit)) if unit else None
    if resolved:
        fixes.append(Suggestion(f'Add the unit "{unit}": "{shortened(resolved[0])}"', resolved[0],
                                resolved[1]))
    hint = f'; did you mean "{shortened(text + unit)}"?' if resolved else ""
    return Verdict(f'missing unit after {number} in "{shortened(text)}"{hint}', tuple(fixes))


_BARE_UNITS = (("s", "seconds", 1), ("m", "minutes", 60), ("h", "hours", 3600))


def _by_size(number: str) -> tuple[tuple[str, str, int], ...]:
    """The units a bare number most likely meant, likeliest first: the reading nearest an
    hour, a typical timeout (5400 → seconds, 90 → minutes, 2 → hours)."""
    import math

    value = float(number)
    if not (0 < value and math.isfinite(value)):
        return _BARE_UNITS
    return tuple(sorted(_BARE_UNITS, key=lambda unit: abs(math.log(value * unit[2] / 3600))))


def check(ctx):
    return ctx.duration_findings()
