"""The names expressions read, as symbols: inputs, secret aliases, matrix variables, env.

A name is declared once (an input's key, a secret's `as`, a matrix variable's key, an
env variable's key at workflow, job or step level) and read by `${{ .inputs.epochs }}`
paths, each resolved the way the engine resolves it (`semantics.Semantics.visible`: the
innermost env wins, a matrix is its job's); a mapping two jobs share through a YAML alias
(`env: *envs`, `matrix: *mx`) declares its names once, for the uses in both jobs. A
schedule's `inputs` keys name inputs too.
`NameIndex` (one per snapshot, built on first use) finds the occurrence under a cursor
by bisection and lists every occurrence of a symbol: hover, definition, references,
highlight and rename all start here, and completion asks it for the value a cursor is in.

A rename changes the declaration and every expression that reads the name; it is refused
for a name an expression cannot read, for a name already taken where the symbol is seen
(it would capture or be captured), and where a use is written with escapes the edit could
not keep (`\\u0065pochs` in a double-quoted string).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from wf_lsp import semantics
from wf_lsp.editor.spans import inner_span
from wf_lsp.findings import Edit, Position, Span
from wf_lsp.linter import Analysis
from wf_lsp.model import Job, Step, Workflow, span_of
from wf_lsp.parse import Source
from wf_lsp.records import record
from wf_lsp.semantics import (ENV, INPUTS, MATRIX, SECRETS, Declaration, Place, Semantics,
                              Site)

# What a template's field name may be and a shell variable name too (`.env.X` is also `$X`).
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
WHAT = {INPUTS: "input", SECRETS: "secret alias", MATRIX: "matrix variable", ENV: "env variable"}


@record(eq=False)
class Symbol:
    """A name expressions read, and where it is declared (compared by identity)."""

    context: str  # inputs, secrets, env or matrix
    name: str
    declarations: tuple[Declaration, ...]  # a repeated secret alias has several
    workflow: Workflow
    job: Job | None = None  # a matrix variable's job; the job of a job's or step's env
    step: Step | None = None  # the step of a step's env

    @property
    def declaration(self) -> Declaration:
        """The declaration expressions resolve to (the first of a repeated alias)."""
        return self.declarations[0]

    @property
    def definitions(self) -> tuple[Span, ...]:
        """Where it is declared, the declaration expressions resolve to first."""
        return tuple(d.span for d in self.declarations)

    @property
    def place(self) -> Place:
        """Where the symbol is declared, as a place whose names can be asked for."""
        return Place(semantics.STEP if self.step else semantics.JOB if self.job else
                     semantics.WORKFLOW, ENV, self.job, self.step)


@record
class Occurrence:
    """One place a symbol's name is written: its declaration, or a use."""

    span: Span  # the name as written (a key's quotes included)
    symbol: Symbol
    declaration: bool
    edit_span: Span | None  # the characters a rename replaces; None where the source shows
    # the name otherwise than as it is (escapes in a quoted string)
    place: Place | None = None  # where a use in an expression stands


def _key(span: Span) -> tuple[int, int, int, int]:
    return (span.start.line, span.start.column, span.end.line, span.end.column)


class NameIndex:
    """Every occurrence of every symbol of one lint result, found by bisection."""

    def __init__(self, result: Analysis) -> None:
        self.source = result.source
        self._found: dict[tuple[int, int, int, int], Occurrence] = {}
        self._by_symbol: dict[int, list[Occurrence]] = {}
        sites: list[tuple[tuple[int, int], tuple[int, int], Semantics, Site]] = []
        for workflow in result.workflows:
            sem = semantics.of(workflow, result.source)
            _Collector(self, workflow, sem).run()
            for site in sem.sites:
                span = span_of(site.node)
                sites.append(((span.start.line, span.start.column),
                              (span.end.line, span.end.column), sem, site))
        self._keys = sorted(self._found)
        self._starts = [(key[0], key[1]) for key in self._keys]
        sites.sort(key=lambda item: item[0])
        self._sites = sites
        self._site_starts = [item[0] for item in sites]

    def add(self, occurrence: Occurrence) -> None:
        key = _key(occurrence.span)
        if key in self._found:  # a value reached from two places (a YAML alias): the first
            return
        self._found[key] = occurrence
        self._by_symbol.setdefault(id(occurrence.symbol), []).append(occurrence)

    def at(self, pos: Position) -> Occurrence | None:
        """The occurrence under `pos`, or the one `pos` sits right after."""
        i = bisect_right(self._starts, (pos.line, pos.column))
        for key in self._keys[max(0, i - 2):i][::-1]:
            if (key[0], key[1]) <= (pos.line, pos.column) <= (key[2], key[3]):
                return self._found[key]
        return None

    def occurrences(self, symbol: Symbol, declaration: bool = True) -> list[Occurrence]:
        """Every occurrence of `symbol` in document order (without its declarations if asked)."""
        found = [o for o in self._by_symbol.get(id(symbol), ()) if declaration or not o.declaration]
        return sorted(found, key=lambda o: o.span.start)

    def site_at(self, pos: Position) -> tuple[Semantics, Site] | None:
        """The string value holding `${{` that `pos` is in (or right after), with its semantics."""
        i = bisect_right(self._site_starts, (pos.line, pos.column))
        for start, end, sem, site in self._sites[max(0, i - 1):i]:
            if start <= (pos.line, pos.column) <= end:
                return sem, site
        return None


class _Collector:
    """The declarations and uses of one workflow's names, into a `NameIndex`."""

    def __init__(self, index: NameIndex, workflow: Workflow, sem: Semantics) -> None:
        self.index, self.workflow, self.sem = index, workflow, sem
        # By where the declaration expressions resolve to is written: a mapping two jobs
        # share through a YAML alias (`env: *envs`) declares each of its names once, though
        # each job's view of it is a declaration of its own.
        self.symbols: dict[tuple, Symbol] = {}

    def symbol(self, context: str, name: str, declarations: tuple, job=None, step=None) -> Symbol:
        key = _declared_at(context, declarations[0])
        if key not in self.symbols:
            self.symbols[key] = Symbol(context, name, declarations, self.workflow, job, step)
        return self.symbols[key]

    def declare(self, symbol: Symbol, span: Span) -> None:
        self.index.add(Occurrence(span, symbol, True, edit_span(self.index.source, span,
                                                                symbol.name)))

    def run(self) -> None:
        sem = self.sem
        for name, item in sem.inputs.items():
            self.declare(self.symbol(INPUTS, name, (item,)), item.span)
        for alias in sem.aliases:
            same = tuple(s for s in sem.secrets if s.alias == alias)
            symbol = self.symbol(SECRETS, alias, same)
            for secret in same:
                self.declare(symbol, secret.alias_span)
        for name, variable in sem.env.items():
            self.declare(self.symbol(ENV, name, (variable,)), variable.span)
        for job in self.workflow.jobs:
            if job.section is None:
                continue
            for name, variable in sem.env_of(job.section, semantics.JOB).items():
                self.declare(self.symbol(ENV, name, (variable,), job), variable.span)
            matrix = sem.matrix_of(job)
            for name, variable in (matrix.variables.items() if matrix else ()):
                self.declare(self.symbol(MATRIX, name, (variable,), job), variable.span)
            for step in job.steps:
                for name, variable in sem.env_of(step.section, semantics.STEP).items():
                    self.declare(self.symbol(ENV, name, (variable,), job, step), variable.span)
        for schedule in sem.schedules:  # `inputs: {epochs: "3"}` names an input
            for entry in schedule.inputs:
                item = sem.inputs.get(entry.key)
                if item is not None:
                    symbol = self.symbol(INPUTS, entry.key, (item,))
                    self.index.add(Occurrence(entry.key_span, symbol, False,
                                              edit_span(self.index.source, entry.key_span,
                                                        entry.key)))
        for site in sem.sites:
            for reference in site.expressions.references:
                if reference.name is None or not reference.written(1):
                    continue  # (a name `.` holds is used where the `with` writes it)
                context, name = reference.context.name, reference.name.name
                declared = sem.visible(site.place, context).get(name)
                if declared is None:
                    continue
                symbol = self.symbols.get(_declared_at(context, declared))
                if symbol is None:  # declared where the walk above does not go: not a symbol
                    continue
                span = reference.name.span
                self.index.add(Occurrence(span, symbol, False,
                                          edit_span(self.index.source, span, name), site.place))


def _declared_at(context: str, declaration: Declaration) -> tuple:
    return context, _key(declaration.span)


def edit_span(source: Source, span: Span, name: str) -> Span | None:
    """The characters of `span` (its quotes left out) when they spell `name` as it is."""
    inner = inner_span(source, span)
    if inner.start.line != inner.end.line:
        return None
    written = source.line_text(inner.start.line)[inner.start.column:inner.end.column]
    return inner if written == name else None


def shown_name(new: str) -> str:
    """A rename's new name as a refusal quotes it: one that is empty, or holds what the
    editor's message cannot show (a line break, a control character), is not quoted back."""
    return f"`{new}`" if new and new.isprintable() else "the new name"


def rename_problem(snapshot, symbol: Symbol, new: str) -> str | None:
    """Why `new` cannot replace the symbol's name, or None when it can."""
    if not _IDENTIFIER.fullmatch(new):
        return (f"{shown_name(new)} is not a name an expression can read: letters, digits and `_`, "
                "not starting with a digit")
    if new == symbol.name:
        return None
    occurrences = snapshot.names.occurrences(symbol)
    if any(o.edit_span is None for o in occurrences):
        where = next(o for o in occurrences if o.edit_span is None).span.start
        return (f"its use on line {where.line + 1} is written with escapes or across lines: "
                "rename it there by hand first")
    sem = semantics.of(symbol.workflow, snapshot.source)
    places = [symbol.place] + [o.place for o in occurrences if o.place is not None]
    if any(new in sem.visible(place, symbol.context) for place in places):
        return f"`.{symbol.context}.{new}` already exists where `{symbol.name}` is declared or used"
    return None


def rename_edits(snapshot, symbol: Symbol, new: str) -> list[Edit]:
    """The edits renaming `symbol` to `new`: its declaration(s) and every use."""
    return [Edit(o.edit_span, new) for o in snapshot.names.occurrences(symbol)
            if o.edit_span is not None]
