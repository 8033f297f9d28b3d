"""Two workflows of the workspace have the same `id`.

A workflow's id "must be unique within the workspace": the server keeps one workflow
per resource name `/workspaces/<ws>/workflows/<id>`, so the second one uploaded replaces
the first, and a call of that id runs whichever came last. Reported on the id of the
later file (by path), related to the first. The workspace is a file's project: the
workflows under its root (the nearest folder upward with a config file or `.git`) that
are of no project inside it, found as `wf-lsp lint .` finds them, and, for a file
linted in a folder that walk passes over (a hidden one: `.h2o/workflows/`), those of its
folder and below it, as `wf-lsp lint` run there finds them; files outside any
project are one workspace, those linted together (in the editor, those of its
workspace folders). Two repositories, linted together or open side by side in the
editor, are two workspaces. A file reached by several paths (a symlink, a hard link) is
one workflow, whichever path it is linted by.

## Bad
```yaml
# file: train.yaml
id: train
jobs:
  fit:
    timeout: 2h
    steps:
      - run: python train.py
```

```yaml
# file: nightly/train.yaml
id: train
jobs:
  fit:
    timeout: 2h
    steps:
      - run: python train.py --nightly
```

## Good
```yaml
# file: train.yaml
id: train
jobs:
  fit:
    timeout: 2h
    steps:
      - run: python train.py
```

```yaml
# file: nightly/train.yaml
id: train-nightly
jobs:
  fit:
    timeout: 2h
    steps:
      - run: python train.py --nightly
```
"""

from __future__ import annotations

from wf_lsp.findings import Related, Severity

CODE = "WF601"
NAME = "duplicate-workflow-id"
SEVERITY = Severity.ERROR
ACROSS_FILES = True
NAMES_LINES = True  # "the id of a workflow in `other.yaml` (line N)"


def check(ctx):
    entry = ctx.entry
    if entry is None or entry.id is None:
        return
    same = ctx.workspace.named(entry.id)
    if len(same) < 2 or same[0] is entry:
        return
    first = same[0]
    where = ctx.workspace.shown(first.path, entry.path)
    here = "this file" if first.path == entry.path else f"`{where}`"
    yield ctx.report(
        f"the workflow id `{entry.id}` is already the id of a workflow in {here} (line "
        f"{first.id_span.start.line + 1}): ids must be unique within the workspace",
        entry.id_span,
        related=(Related(first.id_span, f"`{entry.id}` is first the id of this workflow",
                         None if first.path == entry.path else first.path),),
    )
