"""The file is not valid YAML.

The engine cannot read the workflow at all. The range is where the YAML parser gave up,
or where the cause it shows is: a quote or bracket left open (the parser reads on over the
lines below it), a key without the space after its colon (`timeout:"2h"`), a line indented
to no mapping above it, a stray `-`, a word alone on its line where a key is due (a key
being typed, `ti` on the way to `timeout:`: said on that word, not at the next key). The
part of the document before the error is still checked, and around a word being typed as a
key the whole document is, so an editor keeps showing the other problems while you type
(they do not go at each key's first letter and come back at its `:`). A key indented under `key:
value` by mistake (`id: m` followed by ` jobs:`) is named, and so is a `: ` inside a plain
value (`run: echo a: b`: quote the value), a character YAML does not allow (a NUL byte), a
tab where YAML allows only spaces (one that indents, or one after `-`), or a YAML 1.1 line
break (U+2028, in a comment too) at which the parser ended the line. The engine's parser
is the measure: go-yaml (gopkg.in/yaml.v3), a port of libyaml that reads a `:` inside a
flow value (`{destination: drive://bucket/out/}`) and an anchor defined twice, both valid
here too; what YAML 1.2 allows and go-yaml does not (U+2028 read as text, an empty key, a
`%YAML 1.2` directive: go-yaml reads only 1.1) is an error, in a file of any size.

## Bad
```yaml
id: train
jobs:
  train:
    timeout: "2h
    steps:
      - run: python train.py
```

## Good
```yaml
id: train
jobs:
  train:
    timeout: "2h"
    steps:
      - run: python train.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Severity

CODE = "WF001"
NAME = "yaml-syntax"
SEVERITY = Severity.ERROR
WHOLE_FILE = True


def check(ctx):
    error = ctx.parsed.error
    if error is not None:
        hint = _indented_key(ctx.source, error) or _colon_in_value(ctx.source, error)
        yield ctx.report(error.message + hint, error.span)


def _indented_key(source, error) -> str:
    """What "mapping values are not allowed" means most often: the key on the error's line
    is indented under a `key: value` line, so YAML reads it as more of that value."""
    if "mapping values are not allowed" not in error.message:
        return ""
    line = error.span.start.line
    key, column = _key_of(source.line_text(line))
    for above in range(line - 1, -1, -1):
        text = source.line_text(above)
        if text.strip() and not text.lstrip().startswith("#"):
            above_key, above_column = _key_of(text)
            if key and above_key and column > above_column and text.split(":", 1)[1].strip():
                return f" (`{key}` is indented more than `{above_key}` above it)"
            return ""
    return ""


def _colon_in_value(source, error) -> str:
    """The other thing "mapping values are not allowed" means: a `: ` inside a plain value
    (`run: echo a: b`), which YAML reads as a second key on the line."""
    if "mapping values are not allowed" not in error.message:
        return ""
    text = source.line_text(error.span.start.line)
    key, column = _key_of(text)
    if key is None:
        return ""
    value = text.index(":", column) + 1
    start = len(text) - len(text[value:].lstrip(" "))
    if start < error.span.start.column and text[start:start + 1] not in "\"'[{|>&!*":
        return f" (the `: ` in `{key}`'s value starts a mapping: quote the value)"
    return ""


def _key_of(text: str) -> tuple[str | None, int]:
    """The plain key a line starts with (after any `- `), and its column."""
    content = text.lstrip(" -")
    key, colon, _ = content.partition(":")
    if not colon or not key.strip() or key[:1] in "#\"'{[":
        return None, 0
    return key.strip(), len(text) - len(content)
