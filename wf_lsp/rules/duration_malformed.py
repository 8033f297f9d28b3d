"""A duration is not in Go's duration format.

Anything else Go's `time.ParseDuration` rejects: an empty string, `abc`, a unit
without a number (`h`), two signs (`--5m`), a clock time (`1:30`, which YAML 1.2 reads
as a string: did you mean `1h30m` or `1m30s`?), exponents (`1e3s`), underscores, or a
character no duration holds, named: another script's digit (`１h`, fullwidth, which the
fix writes `1h`) or an emoji (which the fix, unsafe, drops).

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: "1:30"
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

import re

from wf_lsp.durations import Suggestion, Verdict, change_to, resolve, stray
from wf_lsp.findings import Severity, shortened

CODE = "WF107"
NAME = "duration-malformed"
SEVERITY = Severity.ERROR
READS_TIMEOUTS = "each"
HAS_FIX = True

# Pattern texts, compiled (and cached by `re`) on first use: most lints meet no malformed
# duration, and a start should not pay for them.
_CLOCK = r"([0-9]+):([0-9]{1,2})(?::([0-9]{1,2}(?:\.[0-9]*)?))?"
# Anchored and unambiguous on purpose: an unanchored search over long digit runs backtracks
# quadratically, and values are user input.
_EXPONENT = r"(?s)([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE]([+-]?[0-9]{1,3})(.*)"
_UNDERSCORE = r"(?<=[0-9])_(?=[0-9])"


def judge(value, check):
    if value.syntax != "malformed":
        return None
    text = value.text
    fixes: list[Suggestion] = []
    if not value.body:
        return Verdict('empty duration: write a number and a unit, like "30m"')
    clock = re.fullmatch(_CLOCK, text)
    if clock:
        first, second, third = clock.groups()
        readings = ([f"{first}h{second}m{third}s"] if third
                    else [f"{first}h{second}m", f"{first}m{second}s"])
        for reading in readings:
            resolved = resolve(check(reading))
            if resolved:
                fixes.append(change_to(resolved[0], False))
        example = f', like "{fixes[0].new_text}"' if fixes else ""
        message = (f'"{shortened(text)}" is a clock time, not a duration: write it with '
                   f'units{example}')
        return Verdict(message, tuple(fixes))
    repaired, problem = text, None
    if re.search(_UNDERSCORE, text):
        repaired, problem = re.sub(_UNDERSCORE, "", text), 'digit separators "_" are not allowed'
    exponent = re.fullmatch(_EXPONENT, repaired)
    if exponent:
        sign, mantissa, power, rest = exponent.groups()
        from decimal import Decimal  # rare: not worth importing on every start

        repaired = sign + format(Decimal(mantissa).scaleb(int(power)), "f") + rest
        problem = "exponents are not allowed"
    if problem:
        resolved = resolve(check(repaired)) if repaired != text else None
        if resolved:
            fixes.append(change_to(resolved[0], False))
        hint = (f': write "{shortened(resolved[0])}"' if resolved
                else ": write the number out in full, with a unit")
        return Verdict(f"{problem} in a duration{hint}", tuple(fixes))
    odd = stray(text)
    if odd is not None:  # `１h`, `😀1h`: name the character, not the whole value
        named, plain, stands_for = odd
        resolved = resolve(check(plain)) if plain else None
        if resolved is None:
            hint = ': write numbers each followed by a unit (ns, us, ms, s, m, h), like "1h30m"'
        else:
            # What another script's digits stand for is sure; a character dropped is a guess.
            fixes.append(change_to(resolved[0], resolved[1] and len(plain) == len(text)))
            hint = f': write "{shortened(resolved[0])}"' if stands_for else ": remove it"
        return Verdict(f"{named} is not allowed in a duration{hint}", tuple(fixes))
    return Verdict(f'"{shortened(text)}" is not a valid duration: write numbers each followed by a unit '
                   '(ns, us, ms, s, m, h), like "1h30m"')


def check(ctx):
    return ctx.duration_findings()
