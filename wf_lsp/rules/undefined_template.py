"""An expression calls a template that no `define` or `block` of its value defines.

`${{ template "name" }}` runs the template defined by `${{ define "name" }}...${{ end }}`
(or by a `block` of that name). Each value is a template of its own: a definition in
another value, or none at all, leaves the name undefined, and the run fails when it gets
to the call ("template "name" not defined"). The call is checked where the run can get
to it: outside the definitions, and in the body of a definition that is called (a
`define` no one calls never runs). When a defined name is close to the one called
(`heder` for `header`), the fix calls that one, unsafe: which template was meant is a
guess.

Every branch is checked, as actionlint does: a condition is not evaluated, so a call in
`${{ if false }}` (or what `and` or `or` may skip) is reported though no run reaches it
while the condition stays so.

## Bad
```yaml
id: build
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          BANNER: ${{ define "header" }}nightly build${{ end }}${{ template "heder" }}
        run: ./build.sh
```

## Good
```yaml
id: build
jobs:
  build:
    timeout: "1h"
    steps:
      - env:
          BANNER: ${{ define "header" }}nightly build${{ end }}${{ template "header" }}
        run: ./build.sh
```
"""

from __future__ import annotations

from wf_lsp.findings import Fix, Severity, shortened
from wf_lsp.rules.contexts import each_job_sites
from wf_lsp.typos import close_match

CODE = "WF412"
NAME = "undefined-template"
SEVERITY = Severity.ERROR
HAS_FIX = True


def check(ctx):
    # Each value alone: what the workflow declares does not count.
    return each_job_sites(ctx, "templates", lambda group: _check(ctx, group), declared=False)


def _check(ctx, group):
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr.parser import MAIN_TEMPLATE
    from wf_lsp.expr.paths import template_calls

    for site in group:
        found = site.expressions
        if found.error is not None or site.place.literal or "template" not in found.text.value:
            continue
        template = found.parsed.template
        defined = {definition.name for definition in template.definitions} | {MAIN_TEMPLATE}
        for call in template_calls(template):
            if call.name in defined:
                continue
            span = found.text.span(call.name_start, call.name_end)
            failure = f'(the run fails: template "{shortened(call.name)}" not defined)'
            guess = close_match(call.name, defined - {MAIN_TEMPLATE})
            if guess is None:
                defines = ", ".join(f"`{name}`" for name in sorted(defined - {MAIN_TEMPLATE}))
                yield ctx.report(f"the template `{shortened(call.name)}` is not defined: this value "
                                 + (f"defines {defines}" if defines else "defines none, and "
                                    "each value is a template of its own") + f" {failure}",
                                 span)
                continue
            edit = found.text.edit(call.name_start, call.name_end, _go_string(guess))
            yield ctx.report(f"the template `{shortened(call.name)}` is not defined: did you mean "
                             f"`{guess}`? {failure}", span,
                             (Fix(f"Change to `{guess}`", (edit,), safe=False),))


def _go_string(name: str) -> str:
    """`name` as a Go string literal."""
    import json

    return json.dumps(name, ensure_ascii=False)
