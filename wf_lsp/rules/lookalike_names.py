"""Two job ids, or two input names, look the same but are written differently.

`café` can be written with `é` (U+00E9) or with `e` and a combining accent (U+0301): a
reader, and a search in the editor, cannot tell them apart, but the engine compares the
code points and sees two names. A second spelling usually comes from a paste or another
editor, and `depends_on` or `.inputs.…` then names the other one. The names are compared
in Unicode's composed form (NFC). Names that differ in case alone (`Build`, `build`) are
visibly different and not reported.

## Bad
```yaml
id: menu
jobs:
  café:
    timeout: "1h"
    steps:
      - run: make coffee
  café:
    timeout: "1h"
    steps:
      - run: make more coffee
```

## Good
```yaml
id: menu
jobs:
  café:
    timeout: "1h"
    steps:
      - run: make coffee
  café-refill:
    timeout: "1h"
    steps:
      - run: make more coffee
```
"""

from __future__ import annotations

import os
import unicodedata

from wf_lsp.findings import Related, Severity, shortened
from wf_lsp.rules.contexts import declares, of

CODE = "WF008"
NAME = "lookalike-names"
SEVERITY = Severity.WARNING
NAMES_LINES = True  # "on line N"


def check(ctx):
    yield from _lookalikes(ctx, "job id", ((job.id, job.key_span) for job in ctx.workflow.jobs))
    if declares(ctx, "inputs"):
        yield from _lookalikes(ctx, "input", ((item.name, item.span)
                                              for item in of(ctx).inputs.values()))


def _lookalikes(ctx, what: str, names):
    seen: dict[str, tuple[str, object]] = {}
    for name, span in names:
        # An ASCII name is its own composed form, but not the only name with that form
        # (the Kelvin sign U+212A composes to `K`).
        composed = name if name.isascii() else unicodedata.normalize("NFC", name)
        first_name, first_span = seen.setdefault(composed, (name, span))
        if first_name != name:
            here, there = map(shortened, _difference(name, first_name))
            name, first_name = shortened(name), shortened(first_name)
            yield ctx.report(
                f"{what} `{name}` looks the same as `{first_name}` on line "
                f"{first_span.start.line + 1} but is written with other code points ({here} "
                f"here, {there} there): the engine sees two names; write both the same way",
                span, related=(Related(first_span, f"the other `{first_name}` is here"),))


def _difference(one: str, other: str) -> tuple[str, str]:
    """The code points where two names differ, their common start and end left out."""
    start = len(os.path.commonprefix([one, other]))
    end = len(os.path.commonprefix([one[start:][::-1], other[start:][::-1]]))
    return tuple(" ".join(f"U+{ord(c):04X}" for c in text[start:len(text) - end])
                 for text in (one, other))
