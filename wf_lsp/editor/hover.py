"""Hover texts: what a timeout means, where a job stands in time, what a key is for, what
a name in `${{ }}` stands for, and when a schedule runs.

On a `timeout` value: the canonical form (`90m` = **1h30m**), the duration in words and in
seconds, then for a step its effective limit and its job's budget; on an invalid value what
Go reads (`0s`: 0 seconds), the rule that objects, and what each fix would make of it; on one holding `${{`, what the names in it are, as elsewhere. A hover never repeats a diagnostic's message (VS Code and Neovim
show the diagnostic in the same hover), and never advises a form only an off-by-default rule asks
for. On a job key (or a `depends_on` entry naming one): its timeout, steps, dependencies,
dependents and worst-case start and finish (`wf_lsp.timeline`). On a call's
`workflow.name`: the called workflow and its inputs (`wf_lsp.editor.calls`). On any other
key the format knows: its documentation from `wf_lsp.spec`. On an input, a secret alias, a
matrix variable or an env variable, where it is declared or used (`wf_lsp.editor.names`):
the input's type, default, whether required and its description; the secret's name; the
variable's values and the job's instance count; where the env variable is defined, its
value and the one it hides. Anywhere else on a path (its dots, the `$` of `$.inputs.x`) or
on the `${{`, `}}` and spaces of its expression: the same as on its name, or what its
context holds (after the path it reads where `.` or `$` holds the context: `$.inputs` in
the body of `block "d" .inputs` is `.inputs.inputs`) (an expression reading several names: the first line of each). On a schedule's `cron`: it in English and its next three runs
in UTC. On an alias (`*name`) nothing else explains: its anchor's line and what it
stands for (a mapping of 4 keys, a list, a value). In Markdown, or the same text without markup for clients that do not render it.
"""

from __future__ import annotations

import re
from datetime import datetime

from wf_lsp import semantics, spec, timeline
from wf_lsp.durations import GoDurationError, canonical, in_seconds, in_words, parse_go
from wf_lsp.editor import calls
from wf_lsp.editor.actions import rewritten
from wf_lsp.editor.names import Symbol
from wf_lsp.editor.schedules import cron_at, next_runs, run_time, sentence
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.tokens import Token
from wf_lsp.findings import Position, Span, shortened
from wf_lsp.model import DurationValue, Job, Step, Workflow, yaml_type
from wf_lsp.parse import aliases
from wf_lsp.rules import RULES
from wf_lsp.rules.base import one_line
from wf_lsp.rules.durations import check_value

_LONGEST_PATH_SHOWN = 7
_LONGEST_VALUE_SHOWN = 60
_LONGEST_LIST_SHOWN = 8
_MARKDOWN_SPECIAL = re.compile(r"([\\*_\[\]<>#|])")
_TYPE_NAMES = {
    spec.STRING: "string",
    spec.BOOL: "boolean",
    spec.DURATION: "duration",
    spec.STRING_LIST: "list of strings",
    spec.STRING_MAP: "mapping of strings",
    spec.SCALAR_MAP: "mapping of values",
    spec.MATRIX: "mapping of name → list of strings",
    spec.SCALAR: "scalar",
}


class _Style:
    """Markdown or plain text, from one description."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown

    def bold(self, text: str) -> str:
        return f"**{text}**" if self.markdown else text

    def code(self, text: str) -> str:
        """A name or value as code. One that is empty or blank is quoted (`job ""`: it was
        `job ` with nothing after it); in Markdown, one holding backticks is fenced by a
        longer run of them (`a`b` ended its code span at its own backtick)."""
        if not text.strip():
            text = f'"{text}"'
        if not self.markdown:
            return text
        if "`" not in text:
            return f"`{text}`"
        fence = "`" * (max(map(len, re.findall("`+", text))) + 1)
        pad = " " if text[0] == "`" or text[-1] == "`" else ""
        return f"{fence}{pad}{text}{pad}{fence}"

    def text(self, text: str) -> str:
        """Prose from elsewhere (a checker's message): escaped so it renders as written."""
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text) if self.markdown else text

    def doc(self, text: str) -> str:
        """The format's docs are written in Markdown already."""
        return text if self.markdown else text.replace("`", "")

    def join(self, lines: list[str]) -> str:
        return ("\n\n" if self.markdown else "\n").join(lines)


def hover_text(snapshot: Snapshot, pos: Position, markdown: bool,
               now: datetime | None = None) -> tuple[str, Span] | None:
    """The hover for `pos` and the span of the token it is about, or None. `now` is the
    clock a schedule's next runs are counted from (the current time by default)."""
    on_call = calls.hover_text(snapshot, pos, markdown)
    if on_call is not None:
        return on_call
    style = _Style(markdown)
    token = snapshot.tokens.at(pos)
    if token is not None and token.kind == "duration" and "${{" in (token.duration.text or ""):
        # An expression (WF406 says it is not read): no duration to judge, so not the
        # duration rules' verdict on its spaces; the names in it are hovered as anywhere.
        token = None
    if token is None:  # not a key nor a timeout: a name, a schedule, or nothing to say
        occurrence = snapshot.names.at(pos)
        if occurrence is not None:
            return style.join(_name(snapshot, occurrence.symbol, style)), occurrence.span
        context = _context_at(snapshot, pos, style) or _reference_at(snapshot, pos, style)
        if context is not None:
            return context
        schedule = cron_at(snapshot, pos)
        if schedule is None:
            return _alias(snapshot, pos, style)
        lines = _schedule(schedule.text, now, style)
        return (style.join(lines), schedule.span) if lines else None
    if token.kind == "duration":
        lines = _duration(snapshot, token, style)
    elif token.kind == "job":
        lines = _job(snapshot, token.workflow, token.job, style)
    elif token.kind == "dependency":
        target = token.workflow.by_id.get(token.ref.name)
        lines = _job(snapshot, token.workflow, target, style) if target else None
    else:
        lines = _key(token.section.kind, token.entry.key, style)
    return (style.join(lines), token.span) if lines else None


def _duration(snapshot: Snapshot, token: Token, style: _Style) -> list[str]:
    value = token.duration
    if not value.usable:
        return _invalid(snapshot, value, style)
    ns = value.reading.nanoseconds
    meaning = f"{in_words(ns)} · {in_seconds(ns)}"
    # What a value written otherwise means, never advice to rewrite it: writing `1.5h` is
    # fine (WF111 is off by default), and a WF110 diagnostic says so itself.
    form, shown = rewritten(value), shortened(value.text)
    if form is None:
        lines = [f"{style.bold(shown)} · {meaning}"]
    else:
        lines = [f"{style.code(shown)} = {style.bold(form)} · {meaning}"]
    job, step = token.job, token.step
    if job is not None:
        if step is not None:
            lines.append(_effective_limit(step, job, style))
        budget = _budget(job, style)
        if budget:
            lines.append(budget)
    return lines


def _invalid(snapshot: Snapshot, value: DurationValue, style: _Style) -> list[str]:
    """What the value is (what Go reads, if anything) and the rule that objects; what
    each fix would make of it. The rule's message only where no diagnostic shows it (the
    rule is turned off): `0s` said nothing at all, having no fix."""
    check = check_value(value.text, value.yaml_type)
    reported = any(f.span == value.span and f.code == check.code for f in snapshot.result.findings)
    ns = check.nanoseconds
    reading = f"Go reads {in_words(ns)}" if ns is not None else "Go reads no duration"
    if reported:
        reading += f" · {check.code} {RULES[check.code].name}"
    if value.text is None:
        lines = [reading]
    else:  # quoted as the diagnostics quote it: any text, a backtick or a line break too
        quoted = style.text(one_line(f'"{shortened(value.text)}"'))
        lines = [f"{quoted.replace('`', chr(92) + '`') if style.markdown else quoted}: {reading}"]
    if not reported:
        lines.append(f"{style.bold('Invalid duration')}: {style.text(check.message or '')}")
    fixes = sorted(check.suggestions, key=lambda s: not s.safe)
    results = [_result(s.new_text, style) for s in fixes]
    if len(results) == 1:
        lines.append(f"Fix: {results[0]}")
    elif results:
        lines.append(f"Fixes: {', '.join(results[:-1])} or {results[-1]}")
    return lines


def _result(text: str, style: _Style) -> str:
    """`**45m** (45 minutes)`: a fix's new value and what it means."""
    try:
        words = f" ({in_words(parse_go(text))})"
    except GoDurationError:  # not expected of a fix; shown as written all the same
        words = ""
    return f"{style.bold(text)}{words}"


def _effective_limit(step: Step, job: Job, style: _Style) -> str:
    limit, job_ns = timeline.effective_limit(step, job), timeline.usable_ns(job)
    name = style.code(job.id)
    if job_ns is None:
        return f"Effective limit: {canonical(limit)} (job {name} {_no_limit(job)})"
    if limit == timeline.usable_ns(step):
        return f"Effective limit: {canonical(limit)}, the step's own (job {name}: {canonical(job_ns)})"
    return f"Effective limit: {canonical(limit)}, job {name}'s timeout, reached first"


def _budget(job: Job, style: _Style) -> str | None:
    """ "job `train`: 2h; steps with timeouts use 1h45m of it" """
    budget = timeline.step_budget(job)
    if not budget.timed_steps:
        return None
    name = style.code(job.id)
    if budget.job_timeout is None:
        return f"job {name} {_no_limit(job)}; steps with timeouts add up to {canonical(budget.used)}"
    line = (f"job {name}: {canonical(budget.job_timeout)}; steps with timeouts use "
            f"{canonical(budget.used)} of it")
    if budget.over:
        line += f", {canonical(budget.over)} more than it has"
    return line


def _no_limit(job: Job) -> str:
    """Worded as the job graph's picture and `wf-lsp graph` word it."""
    return "has no timeout" if job.timeout is None else "has an invalid timeout"


def _job(snapshot: Snapshot, workflow: Workflow, job: Job, style: _Style) -> list[str]:
    lines = [style.bold(f"job {style.code(job.id)}")]
    facts = []
    if job.timeout is None:
        facts.append("no timeout")
    elif job.timeout.usable:
        facts.append(f"timeout {job.timeout.reading.canonical}")
    else:
        facts.append("invalid timeout")
    call = job.section.get("workflow") if job.section else None
    if call is not None and not job.steps:
        facts.append("calls another workflow")
    else:
        facts.append(f"{len(job.steps)} step{'' if len(job.steps) == 1 else 's'}")
    lines.append(" · ".join(facts))
    needs = list(dict.fromkeys(ref.name for ref in job.depends_on))
    needed_by = list(dict.fromkeys(workflow.dependents(job.id)))
    lines.append(
        (f"depends on {_names(needs, style)}" if needs else "no dependencies")
        + " · "
        + (f"needed by {_names(needed_by, style)}" if needed_by else "nothing depends on it")
    )
    lines.extend(_worst_case(snapshot, workflow, job, style))
    return lines


def _worst_case(snapshot: Snapshot, workflow: Workflow, job: Job, style: _Style) -> list[str]:
    plan = snapshot.timeline(workflow)
    timing = plan.of(job.id)
    if timing.blocked:
        return ["Never starts: a dependency cycle is in the way"]
    start = timeline.describe(timing.start)
    if timing.start is None:
        culprit = workflow.by_id[timing.unbounded_by]
        start += f" ({style.code(culprit.id)} {_no_limit(culprit)})"
    finish = timeline.describe(timing.finish)
    if timing.start is not None and timing.finish is None:
        finish += " (no timeout)" if job.timeout is None else " (invalid timeout)"
    elif timing.steps_limit is not None:
        finish += f" (its steps' timeouts add up to {timeline.describe(timing.steps_limit)})"
    lines = [f"Worst-case start: {start} · finish: {finish}"]
    path = [style.code(name) for name in plan.critical_path(job.id)]
    if len(path) > _LONGEST_PATH_SHOWN:  # the ends say where it starts and how it arrives
        path[2:-3] = [f"… {len(path) - 5} more …"]
    if len(path) > 1:
        lines.append("Critical path: " + " → ".join(path))
    return lines


def _schedule(text: str, now: datetime | None, style: _Style) -> list[str] | None:
    """ "Every day at 02:00 UTC" and the next runs; nothing for a schedule that cannot run.
    (The runs alone where cron-descriptor cannot word a valid schedule.)"""
    runs = next_runs(text, now)
    if not runs:
        return None
    description = sentence(text)
    lines = [style.bold(style.text(description))] if description else []
    lines.append("Next runs (UTC): " + " · ".join(run_time(moment) for moment in runs))
    return lines


def _name(snapshot: Snapshot, symbol: Symbol, style: _Style) -> list[str]:
    """What an input, a secret alias, a matrix variable or an env variable is."""
    declaration, name = symbol.declaration, style.code(symbol.name)
    if symbol.context == semantics.INPUTS:
        facts = [style.bold(f"input {name}"), declaration.type or "no type",
                 "required" if declaration.required else "optional"]
        if declaration.secret:
            facts.append("secret")
        lines = [" · ".join(facts)]
        if declaration.default is not None:
            lines.append(f"Default: {_value(declaration.default, style)}")
        if declaration.description:
            lines.append(style.text(declaration.description))
        return lines
    if symbol.context == semantics.SECRETS:
        lines = [style.bold(f"secret {name}")]
        secret_name = declaration.name
        lines.append(f"Name: {style.code(secret_name)}" if secret_name else "No name")
        if len(symbol.declarations) > 1:
            lines.append(f"Declared {len(symbol.declarations)} times: expressions read the first")
        return lines
    if symbol.context == semantics.MATRIX:
        matrix = semantics.of(symbol.workflow, snapshot.source).matrix_of(symbol.job)
        values = ", ".join(style.code(v) for v in declaration.values) or "no values"
        sizes = " × ".join(str(len(v.values)) for v in matrix.variables.values())
        count = matrix.instances
        runs = f"{count} instance{'' if count == 1 else 's'}"
        if len(matrix.variables) > 1:
            runs += f" ({sizes})"
        return [style.bold(f"matrix variable {name}") + f" of job {style.code(symbol.job.id)}",
                f"Values: {values}", f"Job {style.code(symbol.job.id)} runs {runs}"]
    lines = [style.bold(f"env {name}") + f" · defined in {_env_owner(symbol, style)}",
             f"Value: {_value(declaration.node, style)}"]
    outer = _outer_env(snapshot, symbol)
    if outer is not None:
        lines.append(f"Overrides the {outer.level}'s value {_value(outer.node, style)}")
    return lines


# What each context of an expression holds (the format's own words: workflow-schema.md).
_CONTEXTS = {
    semantics.INPUTS: "the workflow's inputs, by their keys in `inputs`",
    semantics.SECRETS: "the workflow's secrets, by the `as` of each entry of `secrets`",
    semantics.ENV: "the environment variables of the workflow, the job and the step "
                   "(the innermost definition of a name wins)",
    semantics.MATRIX: "the variables of the job's `matrix`, one value per instance",
}


def _context_at(snapshot: Snapshot, pos: Position, style: _Style) -> tuple[str, Span] | None:
    """The hover on the context word of a path (`inputs` in `${{ .inputs.epochs }}`): what
    the context holds, and the names it has where the value is."""
    found = snapshot.names.site_at(pos)
    if found is None:
        return None
    sem, site = found
    for reference in site.expressions.references:
        word = reference.context
        if word.name in _CONTEXTS and word.span.contains(pos):
            return style.join(_context(sem, site, word.name, style)), word.span
    return None


def _context(sem, site, context: str, style: _Style) -> list[str]:
    names = list(sem.visible(site.place, context))
    shown = _names(names[:_LONGEST_LIST_SHOWN], style)
    if len(names) > _LONGEST_LIST_SHOWN:
        shown += f" and {len(names) - _LONGEST_LIST_SHOWN} more"
    here = f"Here: {shown}" if names else "None here"
    if context == semantics.MATRIX and sem.matrix_of(site.place.job) is None:
        here = "None here: this job has no `matrix`" if site.place.job else \
            "None here: outside a job there is no `matrix`"
    return [style.bold(f"context {style.code(context)}") + " · " + style.doc(_CONTEXTS[context]),
            style.doc(here)]


def _reference_at(snapshot: Snapshot, pos: Position, style: _Style) -> tuple[str, Span] | None:
    """The hover on the rest of a path (a dot, the `$` of `$.inputs.x`), or on the `${{`,
    `}}` or spaces of an expression: what its name is (as on the name), else what its
    context holds; for an expression of several paths, the first line of each."""
    found = snapshot.names.site_at(pos)
    if found is None:
        return None
    sem, site = found
    references = site.expressions.references
    on = [reference for reference in references if reference.span.contains(pos)]
    if any(r.name is not None and r.name.span.contains(pos) for r in on):
        return None  # a name no declaration has: its diagnostic says which there are
    span = on[0].span if on else None
    if not on:
        on = [reference for reference in references if reference.expression.contains(pos)]
        span = on[0].expression if on else None
    described = [lines for lines in (_reference(snapshot, sem, site, r, style) for r in on)
                 if lines]
    if not described:
        return None
    if len(described) > 1:
        described = [lines[:1] for lines in described]
    return style.join([line for lines in described for line in lines]), span


def _reference(snapshot: Snapshot, sem, site, reference, style: _Style) -> list[str] | None:
    """What a path reads: its name's hover, else its context's; None for neither."""
    if reference.name is not None:
        occurrence = snapshot.names.at(reference.name.span.start)
        if occurrence is not None and occurrence.span == reference.name.span:
            return _name(snapshot, occurrence.symbol, style)
    if reference.context.name in _CONTEXTS:
        lines = _context(sem, site, reference.context.name, style)
        if reference.implied and reference.name is not None:
            # `$.inputs` in the body of `block "d" .inputs` reads `.inputs.inputs`: the
            # context alone told of the `inputs` the path seems to name.
            path = "." + ".".join(s.name for s in (reference.context, reference.name,
                                                   *reference.rest))
            start, name = reference.span.start, reference.name.span.start
            # What holds the context: `$`, `$x`, or `.` (its own dot then, `.nope`).
            held = (snapshot.source.line_text(start.line)[start.column:name.column - 1] or ".") \
                if start.line == name.line and name.column > start.column else ""
            lines.insert(0, f"{style.bold('path')} {style.code(path)}" + (
                f" · {style.code(held)} holds {style.code('.' + reference.context.name)} here"
                if held else ""))
        return lines
    return None


def _env_owner(symbol: Symbol, style: _Style) -> str:
    if symbol.step is not None:
        return f"the env of step {style.code(symbol.step.label)} of job {style.code(symbol.job.id)}"
    if symbol.job is not None:
        return f"the env of job {style.code(symbol.job.id)}"
    return "the workflow's env"


def _outer_env(snapshot: Snapshot, symbol: Symbol):
    """The definition of the same name one level out that this one hides, if any."""
    sem = semantics.of(symbol.workflow, snapshot.source)
    if symbol.step is not None:
        outer = sem.env_of(symbol.job.section, semantics.JOB).get(symbol.name)
        if outer is not None:
            return outer
    if symbol.job is not None:
        return sem.env.get(symbol.name)
    return None


def _alias(snapshot: Snapshot, pos: Position, style: _Style) -> tuple[str, Span] | None:
    """What an alias `*name` at `pos` stands for: its anchor's line and value."""
    for use in aliases(snapshot.source, snapshot.result.parsed.roots):
        if use.span.start <= pos <= use.span.end:
            node = use.node
            if node.id == "mapping":
                count = len(node.value)
                what = f"a mapping of {count} key{'' if count == 1 else 's'}"
            elif node.id == "sequence":
                count = len(node.value)
                what = f"a list of {count} item{'' if count == 1 else 's'}"
            else:
                what = _value(node, style)
            return (f"alias of {style.code('&' + use.name)} (line {use.anchor.start.line + 1}): "
                    f"{what}"), use.span
    return None


def _value(node, style: _Style) -> str:
    """A scalar value as written (a long one cut), or what kind of value it is."""
    if node.id != "scalar":
        return f"a {node.id}"
    text = str(node.value)
    first = text.split("\n", 1)[0]
    if len(first) > _LONGEST_VALUE_SHOWN or first != text:
        first = first[:_LONGEST_VALUE_SHOWN] + "…"
    if yaml_type(node) == "str":
        return style.code(first) if first else "empty"
    return style.code(first)


def _names(names: list[str], style: _Style) -> str:
    return ", ".join(style.code(name) for name in names)


def prose(text: str, markdown: bool) -> str:
    """Text a workflow's author wrote (an input's description), shown as written."""
    return _Style(markdown).text(text)


def key_documentation(kind: str, name: str, markdown: bool) -> str | None:
    """What the format says of key `name` in a mapping of `kind` (hover, completion)."""
    style = _Style(markdown)
    lines = _key(kind, name, style)
    return style.join(lines) if lines else None


def _key(kind: str, name: str, style: _Style) -> list[str] | None:
    key = spec.KINDS[kind].keys.get(name)
    if key is None:
        return None
    head = f"{style.bold(name)} · {type_name(key.type)}"
    if key.required:
        head += " · required"
    lines = [head, style.doc(key.doc)]
    extra = []
    if key.values:
        extra.append("Allowed values: " + ", ".join(style.code(v) for v in key.values))
    if key.default is not None:
        extra.append("Default: " + style.code(_yaml_scalar(key.default)))
    if extra:
        lines.append(" · ".join(extra))
    return lines


def type_name(key_type: str) -> str:
    """`duration`, `list of steps`, `mapping of name → job`: a key's type for people."""
    head, _, kind = key_type.partition(":")
    if not kind:
        return _TYPE_NAMES.get(key_type, key_type)
    title = spec.KINDS[kind].name.replace("_", " ")
    if head == "list":
        return f"list of {title}s"
    if head == "map":
        return f"mapping of name → {title}"
    # As WF005 says it: `trigger · trigger` named the key twice and its type not at all.
    return f"mapping ({spec.KINDS[kind].title})"


def _yaml_scalar(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
