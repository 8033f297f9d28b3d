"""A required key is missing.

The workflow needs `id` and `jobs`; a job needs `steps` or `workflow`; a step needs an
action (`run`, `upload` or `download`); a download needs `source` and `path`, an upload
`path` and `destination`; a secret `name` and `as`; concurrency a `group`; an input its
`type`. Reported on the key that holds the incomplete mapping, or on the first line of
a step or of the workflow. A key indented under another by mistake (`id:` followed by
` jobs:`) is named. The fix adds the key with a placeholder to replace (`run: echo
TODO`): offered in the editor, never made by `--unsafe-fixes`, whose result would pass
the lint while doing what nobody chose. Held back while the file has a syntax error, since the key may be
after it.

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "1h"
    steps:
      - name: Train model
        timeout: "1h"
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "1h"
    steps:
      - name: Train model
        timeout: "1h"
        run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity
from wf_lsp.fixes import insert_key

CODE = "WF004"
NAME = "missing-key"
SEVERITY = Severity.ERROR
NEEDS_COMPLETE = True
HAS_FIX = True


def check(ctx):
    return ctx.each_section(lambda section: _check(ctx, section))


def _check(ctx, section):
    kind = section.spec
    for name, key in kind.keys.items():
        if key.required and section.get(name) is None:
            indented = _indented_under(section, (name,))
            message = f"{kind.title} needs `{name}`{indented}"
            yield ctx.report(message, section.anchor, _add(ctx, section, (name,), indented))
    for group in kind.one_of_required:
        if not any(section.get(name) for name in group):
            indented = _indented_under(section, group)
            message = kind.needs_one_of(group) + indented
            yield ctx.report(message, section.anchor, _add(ctx, section, group, indented))


def _add(ctx, section, names, indented: str) -> tuple[Fix, ...]:
    """Add the first of `names` that has a placeholder, unless it is there, indented too
    deep (then moving it is the fix, which is the user's to make)."""
    if indented:
        return ()
    for name in names:
        placeholder = section.spec.keys[name].placeholder
        if placeholder is not None:
            line = f"{name}: {placeholder}"
            edit = insert_key(ctx.source, section, line)
            return (Fix(f"Add `{line}`", (edit,), safe=False, placeholder=True),) if edit else ()
    return ()


def _indented_under(section, names) -> str:
    """` (`jobs` is indented under `id`)` when a missing key sits one level too deep."""
    for entry in section.entries:
        if entry.value.id != "mapping":
            continue
        for key_node, _ in entry.value.value:
            if key_node.id == "scalar" and key_node.value in names:
                return f" (`{key_node.value}` is indented under `{entry.key}`)"
    return ""

