"""Keys that exclude each other are used together.

A step has exactly one action: `run`, `upload` or `download`. A job has `steps` or
calls a `workflow`, not both. Reported on each key after the first, and on a mapping's
own key rather than on one it merges (`<<: *step` with an `upload` of its own: at
`upload`).

## Bad
```yaml
id: sync
jobs:
  sync:
    timeout: "1h"
    steps:
      - run: python export.py
        upload:
          path: ./out/
          destination: drive://bucket/out/
```

## Good
```yaml
id: sync
jobs:
  sync:
    timeout: "1h"
    steps:
      - run: python export.py
      - upload:
          path: ./out/
          destination: drive://bucket/out/
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity, shortened

CODE = "WF006"
NAME = "exclusive-keys"
SEVERITY = Severity.ERROR


def check(ctx):
    return ctx.each_section(lambda section: _check(ctx, section))


def _check(ctx, section):
    kind = section.spec
    for group in kind.exclusive:
        # Merged keys first: what a mapping adds to merged ones is its own mistake, said
        # at its own key (not at the template's, which its other users merge as well).
        present = sorted((e for e in section.entries if e.key in group), key=_own)
        if len(present) < 2:
            continue
        first = present[0]
        for entry in present[1:]:
            yield ctx.report(
                f"{kind.title} takes only one of {', '.join(f'`{k}`' for k in group)}: "
                f"`{shortened(entry.key)}` cannot be used with `{shortened(first.key)}`",
                entry.key_span,
                related=(Related(first.key_span, f"`{shortened(first.key)}` is here"),),
            )


def _own(entry):
    return not entry.merged
