"""An ignore comment silences nothing, or names no rule.

`# wf-lsp: ignore[WF999]` names a code no rule has (a typo, or a rule renumbered), and
an ignore comment whose finding was fixed long ago hides the next real problem on its
line. Like ruff's RUF100, this reports both, on by default (a stale comment is worth
one line of output, and `--fix` removes it), in two findings when a comment has both
(editors fade what silences nothing, not a mistyped code); the fix, safe, removes the
entries that are not needed, or the whole directive: a note after it stays as a comment of its own
(`# wf-lsp: ignore[WF103] legacy value` becomes `# legacy value`). `--fix` removes a
comment once the file's other fixes are made: a value fixed may bring the finding the comment
silences (`timeout: 3h 0m  # wf-lsp: ignore[WF201]` is no duration to compare yet).

A comment is judged only against the rules that ran: one that names a rule switched
off by the configuration (or off by default and not selected), or that follows a
syntax error, is left alone; so is one for a timeout rule (WF101-WF111, WF201, WF202,
WF204) beside a timeout that cannot be read yet (for the whole file, in a file with
one), or for WF201 and WF202 beside another timeout of its job, as ruff's RUF100 is not
raised where a syntax error kept rules from running: `3h 0m  # wf-lsp: ignore[WF201]`
is needed as soon as the value is `3h`. Only a comment that names this rule
(`unused-suppression` or its code) silences it.

Codes after a bare directive, outside its brackets (`# wf-lsp: ignore WF203`, or
`ignore: WF203` as `# noqa: E501` is written, `ignore(WF203)`, `ignore=WF203`, a list
apart from its directive, `ignore [WF203]`, not closed, `ignore[WF203`, or after more
words to it, `ignore-line[WF203]`), are a note:
the comment silences every code, as ruff keeps `# noqa F401` a blanket one. That is
reported, whatever the comment silences, with a safe fix that brackets them
(`ignore[WF203]`), which then silences only those.

A comment written another tool's way is not read, and silences nothing: `# noqa: WF203`
(by a ruff user's habit), `# ruff: noqa: WF203`, `# yamllint disable-line rule:WF203`, when
it names a wf-lsp rule, and any comment that names wf-lsp otherwise written
(`# wf_lsp: ignore`, `# wflsp: ignore`, `# wf-lsp ignore[WF203]` without the colon,
`# wf-lsp: disable=WF203` as pylint's is written, `# wf-lsp: ignores[WF203]` mistyped).
It is reported where it is, as ruff's
PGH004 reports a `noqa` it cannot read, with a fix that writes what wf-lsp reads in its
place (`# wf-lsp: ignore[WF203]`); the fix is unsafe, as it changes what is reported
(`--unsafe-fixes` makes it before any guess, which would be made at what the comment means
to silence). A bare `# noqa` names no rule and may be another tool's: it is left alone.
A comment that names another tool's codes too (`# noqa: E501, WF203`) is reported without
a fix (wf-lsp reads no other tool's comment: write its own as well), and so is a
yamllint range (`# yamllint disable rule:WF203`, until `enable`), which wf-lsp has not.

## Bad
```yaml
id: nightly
jobs:
  report:
    timeout: 1h  # wf-lsp: ignore[WF103]
    steps:
      - run: python report.py  # wf-lsp: ignore[WF999]
  publish:  # noqa: WF203
    steps:
      - run: python publish.py
```

## Good
```yaml
id: nightly
jobs:
  report:
    timeout: 1h
    steps:
      - run: python report.py
  publish:  # wf-lsp: ignore[WF203]
    steps:
      - run: python publish.py
```
"""

from __future__ import annotations

from wf_lsp.findings import Edit, Finding, Fix, Severity, Span
from wf_lsp.suppression import BARE, Comment, Foreign

CODE = "WF010"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
UNNECESSARY = True
HAS_FIX = True
WHOLE_FILE = True


def check(ctx):
    if ctx.usage is None:
        return  # with the other rules: nothing is known yet
    usage = ctx.usage
    rules = usage.rules
    for comment in usage.suppressions.foreign:
        yield _foreign(ctx, comment)
    for index, comment in enumerate(usage.suppressions.comments):
        where = ("in this file" if comment.whole_file else
                 "on this line or the next" if comment.alone else "on this line")
        # Beside a timeout that cannot be read yet, the rules that read them did not judge.
        kinds = set().union(*(usage.unread.values() if comment.whole_file else
                              (usage.unread.get(line, ()) for line in comment.lines)))
        ran = usage.ran - {code for code, rule in rules.items()
                           if rule.reads_timeouts in kinds} if kinds else usage.ran
        if comment.unbracketed is not None:
            # `ignore WF203` silences every code (the codes are read as a note, as ruff
            # reads `# noqa F401`), though only WF203 was meant: said, whether or not it
            # silenced something, and bracketed by the fix.
            span, words = comment.unbracketed
            listed = ", ".join(words)
            directive = "ignore-file" if comment.whole_file else "ignore"
            written = Span(comment.span.end, span.end)  # from the directive's end: `: ` too
            shown = ctx.source.line_text(span.start.line)[written.start.column:span.end.column]
            said = (f"`{directive}{shown.rstrip()}` is read as a bare `{directive}`"
                    # `ignore(WF203)`, `ignore=WF203`, `ignore [WF203]`, `ignore[WF203`,
                    # `ignore-line[WF203]`
                    if shown.lstrip(" \t:")[:1] in ("(", "=", "[", "-")
                    else f"`{listed}` without brackets is a note")
            yield ctx.report(
                f"{said}: this comment silences every code "
                f"{where}; write `{directive}[{listed}]`", span,
                (Fix(f"Write `{directive}[{listed}]`", (Edit(written, f"[{listed}]"),), True),),
                unnecessary=False)
            continue
        if not comment.entries:
            if (index, BARE) not in usage.used and _judged(set(rules) - {CODE}, ran, rules):
                yield _finding(ctx, comment, f"this ignore comment silences nothing {where}",
                               [])
            continue
        unknown, unused = [], []
        for number, entry in enumerate(comment.entries):
            if entry.selects is None:
                unknown.append(number)
            elif entry.selects != CODE and (index, number) not in usage.used and _judged(
                    _covered(entry.selects, rules), ran, rules):
                unused.append(number)
        if unknown:  # a mistake, not something unneeded: not faded
            message = "; ".join(f"`{comment.entries[n].text}` is no rule's code or name"
                                f"{_guess(comment.entries[n].text, rules)}" for n in unknown)
            yield _finding(ctx, comment, message, unknown, unnecessary=False)
        if unused:
            names = ", ".join(f"`{comment.entries[n].text}`" for n in unused)
            verb = "silences" if len(unused) == 1 else "silence"
            yield _finding(ctx, comment, f"{names} {verb} nothing {where}", unused)


def _covered(selects: str, rules) -> set[str]:
    return {code for code in rules
            if code != CODE and (selects == "ALL" or code.startswith(selects))}


def _judged(codes: set[str], ran: frozenset[str], rules) -> bool:
    """Whether silencing nothing means something: the rules these codes name ran, at
    least one of them, and all of those on by default."""
    return bool(codes & ran) and all(code in ran for code in codes if rules[code].default_on)


def _guess(word: str, rules) -> str:
    from wf_lsp.typos import close_match

    close = close_match(word, [rule.name for rule in rules.values()])
    return f" (did you mean `{close}`?)" if close else ""


def _finding(ctx, comment: Comment, message: str, bad: list[int],
             unnecessary: bool | None = None) -> Finding:
    """A finding on the entries numbered `bad` (one entry, or from the first to the last;
    the whole comment when they are all of several), whose fix removes them."""
    kept = [entry.text for number, entry in enumerate(comment.entries) if number not in bad]
    if kept:
        fix = Fix(f"Remove {', '.join(f'`{comment.entries[n].text}`' for n in bad)}",
                  (Edit(comment.list_span, ", ".join(kept)),), True)
    else:
        fix = Fix("Remove the ignore comment", (Edit(comment.removal, ""),), True)
    if len(bad) == 1:
        span = comment.entries[bad[0]].span
    elif kept:
        span = Span(comment.entries[bad[0]].span.start, comment.entries[bad[-1]].span.end)
    else:
        span = comment.span
    return ctx.report(message, span, (fix,), unnecessary=unnecessary)


def _foreign(ctx, comment: Foreign) -> Finding:
    """A comment written another tool's way: what wf-lsp reads instead, written in its
    place by an unsafe fix (what it silences is then silenced: what is reported changes)."""
    written, directive = comment.written, comment.directive
    if comment.range:
        line = directive.replace("ignore-file", "ignore", 1)
        return ctx.report(
            f"wf-lsp does not read `{written}`, and has no range of lines: write `{line}` "
            f"on each line, or `{directive}` for the whole file", comment.span,
            unnecessary=False)
    if comment.others:
        return ctx.report(
            f"wf-lsp does not read `{written}`: it silences nothing here; write `{directive}` "
            f"as well (wf-lsp reads no other tool's comments)", comment.span, unnecessary=False)
    return ctx.report(
        f"wf-lsp does not read `{written}`: it silences nothing; write `{directive}`",
        comment.span, (Fix(f"Write `{directive}`", (Edit(comment.span, directive),), False),),
        unnecessary=False)
