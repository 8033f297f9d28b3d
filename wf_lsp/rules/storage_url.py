"""An upload's `destination` or a download's `source` is not an H2O Drive URL.

"Currently, only H2O Drive is supported as a storage backend": storage is written
`drive://bucket/path`. An `s3://`, `gs://` or `https://` URL, or a local path, cannot
work. A value built from expressions is checked on its literal parts only
(`drive://${{ .inputs.bucket }}/out/` is fine; so is a value whose scheme comes from an
expression). The fix corrects a misspelt scheme (`drive:/`, `drive:///`).

A scheme in capitals (`DRIVE://`, `Drive://`) is a warning, not an error: URL schemes are
case-insensitive (RFC 3986, and Go's `net/url` lowercases them), but the docs only ever
write `drive://`, and the engine may compare the text. Its fix lowercases the scheme.

## Bad
```yaml
id: publish
jobs:
  publish:
    timeout: "1h"
    steps:
      - upload:
          path: ./models/
          destination: s3://models/latest/
```

## Good
```yaml
id: publish
jobs:
  publish:
    timeout: "1h"
    steps:
      - upload:
          path: ./models/
          destination: drive://models/latest/
```
"""

from __future__ import annotations

import re

from wf_lsp import spec
from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.model import token_span, yaml_type
from wf_lsp.records import replace
from wf_lsp.rules.contexts import rename

CODE = "WF505"
NAME = "storage-url"
SEVERITY = Severity.ERROR
HAS_FIX = True

_KEYS = {"upload": "destination", "download": "source"}
_SCHEME = r"([A-Za-z][A-Za-z0-9+.-]*):/*"
_DRIVE_SLIP = r"(?i)drive:/{0,3}(?=[^/\s])"  # drive:/x, Drive://x, drive:///x


def check(ctx):
    return ctx.each_section(lambda section: _check(ctx, section))


def _check(ctx, section):
    key = _KEYS.get(section.kind)
    entry = section.get(key) if key else None
    if entry is None or yaml_type(entry.value) != "str":
        return
    value = entry.value.value
    if not value.strip() or re.search(spec.STORAGE_URL_PATTERN, value):
        return  # empty is WF005's
    scheme = re.match(_SCHEME, value)
    slip = re.match(_DRIVE_SLIP, value)
    span = token_span(entry.value, ctx.source)
    fixes = ()
    if slip:
        from wf_lsp.scalars import scalar_text

        text = scalar_text(entry.value, ctx.source)
        written = value[:slip.end()]
        edit = rename(ctx, text.span(0, slip.end()), written, spec.STORAGE_SCHEME) if text \
            else None
        fixes = (Fix(f"Write `{spec.STORAGE_SCHEME}`", (edit,), safe=True),) if edit else ()
        if written.lower() == spec.STORAGE_SCHEME:  # its case alone: likely read all the same
            finding = ctx.report(f"`{shortened(written)}`: H2O Drive's scheme is written in lower "
                                 f"case, `{spec.STORAGE_SCHEME}`", span, fixes)
            yield replace(finding, severity=ctx.config.severity_of(CODE, Severity.WARNING))
            return
        message = (f"`{shortened(written)}` is not how H2O Drive is written: "
                   f"`{spec.STORAGE_SCHEME}bucket/path`")
    elif scheme and scheme.group(1).lower() != "drive":
        message = (f"`{shortened(scheme.group(1))}:` storage is not supported: only H2O Drive is, as "
                   f"`{spec.STORAGE_SCHEME}bucket/path`")
    elif value.lower().startswith(spec.STORAGE_SCHEME):
        message = f"`{shortened(value)}` names no bucket: write `{spec.STORAGE_SCHEME}bucket/path`"
    else:
        message = f"`{key}` must be an H2O Drive URL: `{spec.STORAGE_SCHEME}bucket/path`"
    yield ctx.report(message, span, fixes)
