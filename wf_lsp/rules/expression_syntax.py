"""An expression `${{ ... }}` the engine's template language cannot parse.

Expressions are Go templates: an unclosed `${{`, an empty `${{ }}`, a path without its
leading dot (`${{ inputs.x }}`, which Go reads as a call of a function `inputs`), a pipe
into a function (`| upper`: no function is documented) or anything else Go's parser
rejects fails the run. The fix for a missing dot adds it. A name with a `-` cannot be
written in a path (`.inputs.my-input` is `.inputs.my`, then a bad `-`): when the whole
name is declared, the message and the fix write `index .inputs "my-input"`. A string in
single quotes (`printf '%s'`) is a character constant Go cannot read: the message says
that strings are written in double quotes or backquotes, and the fix writes it in double
quotes (when it holds no `\\` or `"`). In a plain value, ` #` starts a YAML comment even
inside `${{ }}` (`echo ${{ printf "#%s" .x }}` is the value `echo ${{ printf "`): when the
comment holds the rest of an expression, the message says so, and the fix (unsafe: the
comment's text becomes part of the value) quotes the value with it, leaving out a comment
after it (a ` #` once its expressions are closed). One finding per value:
the engine stops at the first error too.

## Bad
```yaml
id: report
inputs:
  name:
    type: string
jobs:
  report:
    timeout: "1h"
    steps:
      - run: echo "${{ inputs.name }}"
```

## Good
```yaml
id: report
inputs:
  name:
    type: string
jobs:
  report:
    timeout: "1h"
    steps:
      - env:
          NAME: ${{ .inputs.name }}
        run: echo "$NAME"
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Fix, Severity, Span, shortened
from wf_lsp.model import token_span
from wf_lsp.patterns import LazyPattern
from wf_lsp.rules.contexts import each_job_sites, of

CODE = "WF401"
NAME = "expression-syntax"
SEVERITY = Severity.ERROR
HAS_FIX = True

# A path's end just before a bad `-` (`.inputs.my` of `.inputs.my-input`), and the rest
# of the name after it.
_PATH_BEFORE = LazyPattern(r"(?<![\w.)$])(\$?)\.(inputs|secrets|env|matrix)\.(\w+)$")
_NAME_AFTER = LazyPattern(r"[-\w]+")
_CHARACTER = "malformed character constant: "  # Go's, for `'ab'`


def check(ctx):
    # The declared names count: a hint names one (`index .inputs "my-input"`).
    return each_job_sites(ctx, "syntax", lambda group: _check(ctx, group))


def _check(ctx, group):
    for site in group:
        error = site.expressions.error
        if error is None or site.place.literal:  # a literal place is WF406's, parsed or not
            continue
        message, fixes = error.message, error.fixes
        if error.kind == "unknown-function":
            message += ": the engine documents no functions or pipes"
        if message.startswith(_CHARACTER):  # `'%s'`: a string written as in Python or shell
            message += ": single quotes hold one character; a string is written in double " \
                       "quotes or backquotes"
            from wf_lsp.expr.literals import quoted_as_string  # (loaded with an expression)

            # The constant from the text: the message quotes a long one shortened.
            problem = site.expressions.parsed.error
            string = quoted_as_string(site.expressions.text.value[problem.start:problem.end])
            if string is not None:
                # Safe: Go reads no meaning in quotes around several characters (the run
                # fails), and those of Python, shell or SQL mean that text, no escape in it.
                message += f": `{shortened(string)}`"
                fixes += (Fix(f"Write `{shortened(string)}`", (site.expressions.text.edit(
                    problem.start, problem.end, string),), safe=True),)
        cut = _cut_by_comment(ctx, site)
        if cut is not None:
            comment, fix = cut
            message += (": ` #` starts a YAML comment, so the value ends before "
                        f"`{shortened(comment)}`: quote the whole value")
            fixes += (fix,) if fix is not None else ()
        indexed = _indexed(ctx, site)
        if indexed is not None:
            form, fix = indexed
            message += f": a name with `-` is read with `index`: write `{shortened(form)}`"
            fixes += (fix,)
        yield ctx.report(f"{message}", error.span, fixes)


def _cut_by_comment(ctx, site) -> tuple[str, Fix | None] | None:
    """For a plain value that ` #` cut short (`${{ print "a #b" }}` is the value
    `${{ print "a`, then a YAML comment): the comment, when it holds the rest of an
    expression (a `}}`); and the fix that single-quotes the value with it (on one line).
    Unsafe: the comment's text becomes part of the value."""
    text = site.expressions.text
    if text.style != "plain":
        return None
    end = text.end
    rest = ctx.source.line_text(end.line)[end.column:]
    comment = rest.lstrip(" \t")
    if comment == rest or not comment.startswith("#") or "}}" not in comment:
        return None
    comment = _own_part(comment)
    # The token's start: an anchor or a tag before it stays outside the quotes (quoted,
    # `&r` would be text, and every `*r` an undefined alias).
    start = token_span(site.node, ctx.source).start
    if start.line != end.line:
        return comment, None
    written = ctx.source.line_text(end.line)[
        start.column:end.column + len(rest) - len(rest.lstrip(" \t")) + len(comment)]
    return comment, Fix("Quote the value, the comment in it", (Edit(
        Span.of(start.line, start.column, end.line, start.column + len(written)),
        "'" + written.replace("'", "''") + "'"),))


def _own_part(comment: str) -> str:
    """Of the comment that cut a value in an expression (`#%s" .x }}  # say it`), the part
    that is the value's: up to a ` #` outside `${{ }}` once the cut expression is closed,
    a comment of its own, which the quotes leave out (it was quoted into the value, a
    run's command then echoing it)."""
    inside, at = True, 1  # the cut `${{` is open; `#` itself is the value's
    while at < len(comment):
        if comment.startswith("}}" if inside else "${{", at):
            at += 2 if inside else 3
            inside = not inside
            continue
        if not inside and comment[at] == "#" and comment[at - 1] in " \t":
            return comment[:at].rstrip(" \t")
        at += 1
    return comment.rstrip()


def _indexed(ctx, site) -> tuple[str, Fix] | None:
    """For `.inputs.my-input`, which Go reads as `.inputs.my` and a bad `-`: the `index`
    form that reads it and the fix that writes it, when the whole name is declared."""
    problem = site.expressions.parsed.error
    value = site.expressions.text.value
    if not value.startswith("-", problem.start):
        return None
    head = _PATH_BEFORE.search(value, 0, problem.start)
    if head is None:
        return None
    root, context, first = head.groups()
    name = first + _NAME_AFTER.match(value, problem.start).group()
    if name not in of(ctx).visible(site.place, context):
        return None
    start, end = head.start(), problem.start + len(name) - len(first)
    form = f'index {root}.{context} "{name}"'
    alone = value[:start].rstrip().endswith("${{") and value[end:].lstrip().startswith("}}")
    written = form if alone else f"({form})"  # an argument, or a stage of a pipeline
    return form, Fix(f"Write `{written}`", (site.expressions.text.edit(start, end, written),),
                     safe=True)
