"""What the rules on expressions and the names they read share (not a rule itself).

`wf_lsp.semantics` is imported on first use: a document without expressions, inputs,
secrets or a trigger never needs it, and the rules ask `declares` before they do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp.findings import Edit, Finding, Fix, Span, shortened
from wf_lsp.model import mapping_of, token_span, yaml_type
from wf_lsp.rules.base import PER_VALUE

if TYPE_CHECKING:
    from wf_lsp import cron
    from wf_lsp.expressions import Reference
    from wf_lsp.scalars import ScalarText
    from wf_lsp.semantics import Semantics, Site


def of(ctx) -> Semantics:
    """The document's semantics (built once, whichever rule asks first)."""
    from wf_lsp import semantics

    return semantics.of(ctx.workflow, ctx.source)


def declares(ctx, key: str) -> bool:
    """Whether the workflow has `key` (`inputs`, `secrets`, `trigger`) at its root."""
    return ctx.workflow.root.get(key) is not None


def outside_jobs(ctx) -> tuple:
    """What the workflow holds outside `jobs` (its root's other keys and values, as nodes,
    compared by identity): with a job's own nodes, what a check of the names its
    expressions read depends on (`Context.per_job`'s token)."""
    return tuple((entry.key_node, entry.value) for entry in ctx.workflow.root.entries
                 if entry.key != "jobs")


def each_job_sites(ctx, part: str, check: Callable[[list[Site]], Iterable[Finding]],
                   declared: bool = True) -> list[Finding]:
    """`check(sites)`'s findings for the sites of each job, and for those outside every
    job. A job's findings come from its own sites and what the workflow declares outside
    `jobs` (inputs, secrets, env): kept while neither changed (`Context.per_job`); with
    `declared` False, a check of each site alone, while the job's sites are the same."""
    if not ctx.source.holds("${{"):
        return []  # no site: the model of names is not even loaded
    semantics = of(ctx)

    def capped(group: list[Site]) -> Sequence[Finding]:
        # A job's problems of one rule are capped as a list's items are (`each_section`):
        # 17,000 steps reading 51,000 undefined names were 51,000 findings, and the
        # editor spent seconds on each keystroke sending and drawing them.
        found = list(check(group))
        if len(found) <= PER_VALUE + 1:
            return found
        if group[0].place.job is None:
            where = "the values outside the jobs"
        elif all(site.place.step is not None for site in group):
            where = "this job's steps"
        else:
            where = "this job"
        return ctx.capped(found, where)

    if not ctx.workflow.plain:  # jobs may share values: a value's sites, job by job
        by_job: dict[int, list[Site]] = {}
        for site in semantics.sites:
            by_job.setdefault(id(site.place.job), []).append(site)
        return [finding for group in by_job.values() for finding in capped(group)]
    outside = ctx.shared.get("outside jobs") if declared else ()
    if outside is None:  # made once for the rules of one workflow
        outside = ctx.shared["outside jobs"] = outside_jobs(ctx)
    found = list(capped(list(semantics.loose_sites))) if semantics.loose_sites else []
    found.extend(ctx.per_job(part, semantics.job_sites, lambda group: capped(list(group)),
                             outside, lambda group: mapping_of(group[0].place.job)))
    return found


def each_job_evaluated(ctx, check: Callable[[Iterator[tuple[Site, Reference]]],
                                            Iterable[Finding]]) -> list[Finding]:
    """`check(pairs)`'s findings for every path into the workflow's data in a value the
    engine evaluates (a literal place such as `timeout` is WF406's), with its site: the
    pairs of one job at a time, in document order, reused as `each_job_sites` says."""
    return each_job_sites(ctx, "evaluated", lambda group: check(
        (site, reference) for site in group if not site.place.literal
        for reference in site.expressions.references))


def readers(ctx, site: Site, reference: Reference) -> list[Site]:
    """The site of `reference` in each job that reads it, in order: where jobs share values
    (an alias, a merge key), one node is a site of each, and a finding about it that
    depends on the job is made once, naming those it holds for. `site` alone in a plain
    workflow, or outside every job."""
    if ctx.workflow.plain or site.place.job is None:
        return [site]
    by_span = ctx.shared.get("readers")
    if by_span is None:  # made once for the rules of one workflow
        by_span = ctx.shared["readers"] = {}
        for other in of(ctx).sites:
            if other.place.job is None or other.place.literal:
                continue
            for each in other.expressions.references:
                sites = by_span.setdefault(each.span, [])
                if all(s.place.job is not other.place.job for s in sites):
                    sites.append(other)
    return by_span.get(reference.span) or [site]


def lacking(ctx, site: Site, reference: Reference) -> tuple[dict[str, list[str]], bool]:
    """The jobs reading `reference` (`readers`) whose `.matrix` or `.env` lacks its name,
    by id in order, each with the names it has; and whether any of them has the name.
    Jobs with no matrix at all are WF405's, left out. A guess at the name is for all of
    them or none: a rename in a shared value changes it for every job."""
    semantics, context, name = of(ctx), reference.context.name, reference.name.name
    found, has_it = {}, False
    for other in readers(ctx, site, reference):
        if context == "matrix" and semantics.matrix_of(other.place.job) is None:
            continue
        known = semantics.visible(other.place, context)
        if name in known:
            has_it = True
        else:
            found[other.place.job.id if other.place.job else ""] = list(known)
    return found, has_it


def rename(ctx, span: Span, old: str, new: str) -> Edit | None:
    """An edit of `old` in a value to `new`, only where the source shows `old` as it is on
    one line (a value the source map could not follow is covered whole: no edit there)."""
    if span.start.line != span.end.line:
        return None
    text = ctx.source.line_text(span.start.line)[span.start.column:span.end.column]
    return Edit(span, new) if text == old else None


def cron_problems(ctx, undocumented: bool) -> Iterator[tuple[list[cron.CronProblem], ScalarText]]:
    """The problems of every schedule's `cron` (the undocumented forms, or the errors),
    a schedule's with its value's source map. An empty `cron` is WF005's, an expression WF406's."""
    if not declares(ctx, "trigger"):
        return
    nodes = [s.cron for s in of(ctx).schedules if s.cron is not None and yaml_type(s.cron) == "str"
             and s.cron.value.strip() and "${{" not in s.cron.value]
    if not nodes:
        return
    from wf_lsp import cron
    from wf_lsp.scalars import ScalarText, scalar_text

    for node in nodes:
        problems = [p for p in cron.check(node.value).problems
                    if (p.kind in cron.WARNINGS) == undocumented]
        if problems:
            text = scalar_text(node, ctx.source) or ScalarText.whole(
                node, token_span(node, ctx.source))
            yield problems, text


def cron_findings(ctx, undocumented: bool) -> Iterator[Finding]:
    """WF511's or WF512's findings (`cron_problems`), each with its fix; at most
    `PER_VALUE` of one schedule listed (`Context.capped`)."""
    for problems, text in cron_problems(ctx, undocumented):
        yield from ctx.capped(
            problems, "this schedule",
            lambda p: ctx.report(p.message, text.span(p.start, p.end), cron_fixes(ctx, text, p)),
            # Past those listed, only the safe fixes (the summary's) and where they all are.
            lambda p: cron_fixes(ctx, text, p) if p.fix and p.fix_keeps_meaning else (),
            lambda rest: text.span(min(p.start for p in rest), max(p.end for p in rest)))


def cron_fixes(ctx, text: ScalarText, problem: cron.CronProblem) -> tuple[Fix, ...]:
    """The cron checker's spelling as a fix: the documented one, safe (`MON` → `1`, `@daily`
    → `0 0 * * *`, weekdays `5-7` → `5-6,0`: the schedule stays the same), or one reading
    of an ambiguous schedule, unsafe."""
    edits = [rename(ctx, text.span(r.start, r.end), text.value[r.start:r.end], r.new_text)
             for r in problem.fix]
    if not edits or None in edits:
        return ()
    title = " ".join(r.new_text for r in problem.fix)
    if not title.strip():  # `0,7` → `0`, an invisible character: not "Write ``"
        removed = "".join(text.value[r.start:r.end] for r in problem.fix)
        title = f"Remove `{removed}`" if removed.isprintable() else "Remove the invisible character"
    else:
        title = f"Write `{title}`"
    return (Fix(title, tuple(edits), safe=problem.fix_keeps_meaning),)


# Go's comparison functions (text/template's funcs.go): each refuses operands of different
# basic kinds ("incompatible types for comparison"), and the orderings refuse bools.
COMPARISONS = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
# The contexts whose every value is a string (`env`, `matrix` and secrets by the format).
_STRINGS = {"env": "the variable", "matrix": "the matrix variable", "secrets": "the secret"}
# What a built-in function gives whatever its arguments: `len` an int, `print` a string...
_RESULTS = {"len": "int", "not": "bool", **dict.fromkeys(COMPARISONS, "bool"),
            **dict.fromkeys(("print", "printf", "println", "html", "js", "urlquery"), "string")}


def comparisons(found) -> Iterator[tuple[Any, list]]:
    """`calls(found, COMPARISONS)`: each call of a comparison function."""
    return calls(found, COMPARISONS)


def calls(found, functions: frozenset[str]) -> Iterator[tuple[Any, list]]:
    """Each call of one of `functions` the run of a value's expressions can reach (in a
    definition's body when it is called, where `.` is the caller's argument): the
    function's name node and its operands in order, the value piped into it the last (an
    operand, or the stages before as a pipeline)."""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import pipelines

    for pipeline in pipelines(found.parsed.template):
        commands = pipeline.commands
        for index, command in enumerate(commands):
            function = command.args[0] if command.args else None
            if not isinstance(function, n.Identifier) or function.name not in functions:
                continue
            operands = list(command.args[1:])
            if index == 1 and len(commands[0].args) == 1:  # `'f' | eq .x`: that operand
                operands.append(commands[0].args[0])
            elif index:  # `.x | len | eq 3`: what the stages before give
                operands.append(n.Pipeline((), False, commands[:index], commands[0].start,
                                           commands[index - 1].end))
            yield function, operands


def run_fails(found, at: int) -> str:
    """How a message says that the run fails at what is written at offset `at` of `found`'s
    value: "the run fails", or, in an operand that `and` or `or` may not evaluate (past the
    first: `and false (len 3)` runs, as Go stops at `false`), "the run fails if `and` gets
    to it". Such an operand is checked all the same (as actionlint does), but a message
    never says that a run fails where Go's would not."""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import pipelines

    for pipeline in pipelines(found.parsed.template):  # (the outer ones first)
        for command in pipeline.commands:
            function = command.args[0] if command.args else None
            if isinstance(function, n.Identifier) and function.name in ("and", "or") and any(
                    arg.start <= at < arg.end for arg in command.args[2:]):
                return f"the run fails if `{function.name}` gets to it"
    return "the run fails"


def compared(operands: list, found) -> Iterator[Any]:
    """The operands a comparison's run compares with its first, in order: `eq a b c` is
    true at the first equal to `a` and compares no further (`eq "a" "a" 1` runs), which is
    certain where both are literals of the same value, or the same operand however written
    (`eq (len .x) (.x | len) .x` runs; `$n` holding `.inputs.n` is `.inputs.n`, as the
    paths of `found`, its expressions, say; so is `.` in the body of `with .inputs.n`), where no operand may change what the other
    gives (a `call`, a variable set: `eq $x ($x = 2) $x "s"`)."""
    alike = all(_repeatable(operand) for operand in operands)
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.paths import dot_values

    paths = {path.span: tuple(segment.name for segment in (path.context, path.name, *path.rest)
                              if segment) for path in found.references}
    dots = None

    def path_of(operand, depth: int = 0) -> tuple[str, ...] | None:
        nonlocal dots
        if isinstance(operand, n.Dot) and depth < _DEEPEST_DOT:
            # `.` in the body of a `with` (or of a definition its one call gives it) holds
            # the value of that pipeline: a path there is the path here (`with .inputs.n`:
            # `.` is `.inputs.n`), the data being the same all run long.
            if dots is None:
                dots = dot_values(found.parsed.template)
            held = dots.get(operand.start)
            if not isinstance(held, n.Pipeline) or len(held.commands) != 1:
                return None
            args = held.commands[0].args
            return path_of(args[0] if len(args) == 1 else held.commands[0], depth + 1)
        return paths.get(found.text.span(operand.start, operand.end))

    for index, operand in enumerate(operands[1:], 1):
        if index > 1 and _same_value(operands[0], operands[index - 1], alike, path_of):
            return
        yield operand


# How many `.` in a row `compared` follows to the `with` pipeline they hold (`with .` in
# `with .inputs.n`), at most: a definition that calls itself with `.` would go on for ever.
_DEEPEST_DOT = 16


def _same_value(first, other, alike: bool, path_of) -> bool:
    """Whether two operands are certainly equal: literals of one value, or, where `alike`,
    operands of the same parsed form."""
    form = _form(first, path_of)
    return form == _form(other, path_of) and (alike or form[0] == "literal")


def _form(operand, path_of) -> tuple:
    """What `operand` evaluates, without its offsets or spelling: a path into the data as
    `path_of` names it (`$.inputs.n`, `$n` holding it, `index .inputs "n"`), parentheses
    around one operand dropped (`(3)` is `3`, `(.inputs).n` is `.inputs.n`), a pipeline's
    stages as the calls they are (`.x | len` is `len .x`), a number as its kind and value
    (`0x1F` is `31`; `1.0` is a float, not `1`), a string as its value (`"a"` is `` `a`
    ``)."""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.literals import constant

    path = path_of(operand.commands[0] if isinstance(operand, n.Pipeline) and len(
        operand.commands) == 1 else operand)  # (`(index .inputs "n")`: the command's path)
    if path is not None:  # (not a "Field": `.inputs.n` in a `range` is not this path)
        return "path", path
    if isinstance(operand, n.Pipeline) and not operand.declarations:
        form = None
        for command in operand.commands:
            args = tuple(_form(arg, path_of) for arg in command.args) + ((form,) if form else ())
            form = args[0] if len(args) == 1 else ("call", args)
        return form or ("pipeline", operand)
    if isinstance(operand, n.Number):
        value = constant(operand.text)
        return ("literal", *value) if value is not None else ("number", operand)
    if isinstance(operand, (n.String, n.Bool)):
        return "literal", type(operand).__name__, operand.value
    if isinstance(operand, n.Chain):
        inner = _form(operand.operand, path_of)
        if inner[0] in ("path", "Field", "Variable"):  # `(.inputs).n` is `.inputs.n`
            return inner[0], inner[1] + _names(operand.segments)
        return "chain", inner, _names(operand.segments)
    if isinstance(operand, (n.Field, n.Variable)):
        return type(operand).__name__, _names(operand.segments)
    if isinstance(operand, n.Identifier):
        return "identifier", operand.name
    if isinstance(operand, n.Dot):
        return "Field", ()  # `(.).count` is `.count`
    if isinstance(operand, n.Nil):
        return ("Nil",)
    return "operand", operand  # equal to no other: its offsets differ


def _names(segments) -> tuple[str, ...]:
    return tuple(segment.name for segment in segments)


def _repeatable(operand) -> bool:
    """Whether evaluating `operand` gives one value each time and changes nothing another
    reads: built-in functions do, save `call` (of a function that may not), and a pipeline
    that sets a variable does not."""
    from wf_lsp.expr import nodes as n

    if isinstance(operand, n.Identifier):
        return operand.name != "call"
    if isinstance(operand, n.Chain):
        return _repeatable(operand.operand)
    if isinstance(operand, n.Pipeline):
        return not operand.declarations and all(
            _repeatable(arg) for command in operand.commands for arg in command.args)
    return True


def is_literal(operand) -> bool:
    # Loaded here: a workflow without `${{` never needs the expression parser.
    from wf_lsp.expr import nodes as n

    return isinstance(operand, (n.String, n.Bool, n.Number))


# How the engine gives a typed input to the template is not documented (an `int` as a Go
# int, an int64, a float64 decoded from JSON, a string? a `bool` as a Go bool, or the
# string "true"?): a finding that rests on it being the Go value its type names says so,
# and is never an error.
_ASSUMED_GO_VALUES = {"int": ("an `int`", "a Go int"), "bool": ("a `bool`", "a Go bool")}


def input_assumed(*named: tuple[str, str]) -> str | None:
    """What a finding resting on `kind_of`'s answers assumes where one is an input of `type:
    int` or `bool` (itself, or `.` in the body of a `with` of it): "if the engine gives an
    `int` input to the template as a Go int". None where it assumes nothing."""
    kinds = dict.fromkeys(kind for what, kind in named
                          if kind in _ASSUMED_GO_VALUES and "the input `" in what)
    said = [f"{_ASSUMED_GO_VALUES[kind][0]} input{' to the template' * (not index)} as "
            f"{_ASSUMED_GO_VALUES[kind][1]}" for index, kind in enumerate(kinds)]
    return f"if the engine gives {' and '.join(said)}" if said else None


# A basic kind of `kind_of` as a message names it.
KIND_NAMES = {"string": "a string", "bool": "a bool", "int": "an int", "float": "a float",
              "complex": "a complex number", "map": "a map"}


def kind_of(ctx, site: Site, operand) -> tuple[str, str] | None:
    """How to name `operand` (`the input `mode``, `` `"3"` ``) and its basic kind to Go's
    comparisons (`string`, `bool`, `int`, `float`, `complex`) when it is certain: a literal,
    an input of a declared type, a secret, an `env` or matrix variable, what `len`, `not`,
    `print`... give, `and` or `or` of bools, `slice` of a string by whole numbers, `.` in the body of a `with` of one of those (`.` or `$` in a definition one call
    gives it).
    None when it is not known (a variable, `index`, a path the workflow does not declare,
    `.` in a `range` or in a definition called from several places)."""
    named = _kind(ctx, site, operand)
    if named is None or isinstance(named, tuple):
        return named
    return f"`{shortened(site.expressions.text.value[operand.start:operand.end])}`", named


def _kind(ctx, site: Site, operand) -> str | tuple[str, str] | None:
    """The kind, or how to name a path into the data and its kind."""
    from wf_lsp.expr import nodes as n
    from wf_lsp.expr.literals import constant

    if isinstance(operand, n.String):
        return "string"
    if isinstance(operand, n.Bool):
        return "bool"
    if isinstance(operand, n.Number):  # as Go's idealConstant: `1.0` a float, `0x1E` an int
        value = constant(operand.text)
        return None if value is None else value[0]
    found = site.expressions
    if isinstance(operand, n.Dot) or is_root(operand):
        # in the body of a `with`, `.` is the value of its pipeline; in a definition's body,
        # `.` and `$` are the argument of its one call
        from wf_lsp.expr.paths import dot_values

        held = dot_values(found.parsed.template).get(operand.start)
        if not isinstance(held, n.Pipeline):
            return None
        alone = held.commands[0].args if len(held.commands) == 1 else ()
        named = _kind(ctx, site, alone[0] if len(alone) == 1 else held)
        written = "`.`" if isinstance(operand, n.Dot) else "`$`"
        if not isinstance(named, tuple) or named[0].startswith(("`.` (", "`$` (")):
            return named  # (`with .`)
        return f"{written} ({named[0]})", named[1]
    if isinstance(operand, (n.Field, n.Variable)):
        reference = reference_at(site, operand)
        if reference is None or reference.name is None or reference.rest:
            return None
        context, name = reference.context.name, reference.name.name
        if context == "inputs":
            declared = of(ctx).inputs.get(name)
            return (f"the input `{name}`", declared.type) if declared and declared.type in (
                "string", "bool", "int") else None
        # A name not declared here has no value (WF403, WF404): `eq` of it with anything
        # is false, `len` of it fails for another reason.
        if context not in _STRINGS or name not in of(ctx).visible(site.place, context):
            return None
        return f"{_STRINGS[context]} `{name}`", "string"
    if isinstance(operand, n.Pipeline) and not operand.declarations and operand.commands:
        return _stages_kind(ctx, site, operand.commands, operand)
    return None


def is_root(operand) -> bool:
    """`$` alone: the data, or in a definition's body the argument of its call."""
    from wf_lsp.expr import nodes as n

    return isinstance(operand, n.Variable) and len(operand.segments) == 1 \
        and operand.segments[0].name == "$"


def reference_at(site: Site, operand) -> Reference | None:
    """The path into the workflow's data a field or variable operand reads, if listed."""
    found = site.expressions
    start = found.text.span(operand.start, operand.end).start
    return next((r for r in found.references if r.span.start == start), None)


def _stages_kind(ctx, site: Site, commands, whole=None) -> str | tuple[str, str] | None:
    """What the last of a pipeline's commands gives, the value of those before piped in
    (an operand alone named as `_kind` names it: `(.inputs.count)` is that input; `and`
    or `or` of a typed input by the source of `whole`, or of the commands)."""
    from wf_lsp.expr import nodes as n

    function, *args = commands[-1].args or (None,)
    if not isinstance(function, n.Identifier):  # an operand alone (piped into: Go refuses)
        return _kind(ctx, site, function) if not args and len(commands) == 1 else None
    if function.name in _RESULTS:
        return _RESULTS[function.name]
    if function.name == "slice":  # of a string, a string (where Go takes its indexes)
        operands = list(args)
        if len(commands) > 1:  # the value piped in: its last argument
            operands.append(n.Pipeline((), False, commands[:-1], commands[0].start,
                                       commands[-2].end))
        kinds = [_kind(ctx, site, operand) for operand in operands]
        kinds = [k[1] if isinstance(k, tuple) else k for k in kinds]
        return "string" if kinds and kinds[0] == "string" and len(kinds) <= 3 and all(
            k == "int" for k in kinds[1:]) else None
    if function.name not in ("and", "or"):
        return None
    # `and` and `or` give one of their arguments: a bool when each is one.
    kinds = [_kind(ctx, site, arg) for arg in args]
    if len(commands) > 1:
        kinds.append(_stages_kind(ctx, site, commands[:-1]))
    inputs = [k[0] for k in kinds if isinstance(k, tuple) and input_assumed(k)]
    kinds = [k[1] if isinstance(k, tuple) else k for k in kinds]
    if not kinds or any(k != "bool" for k in kinds):
        return None
    if not inputs:
        return "bool"
    # Were a `bool` input the string "true", `and` would give that string: named with the
    # inputs it rests on, for `input_assumed`.
    start, end = (whole.start, whole.end) if whole else (commands[0].start, commands[-1].end)
    return f"`{site.expressions.text.value[start:end]}` (with {' and '.join(inputs)})", "bool"
