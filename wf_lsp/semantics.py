"""What a workflow's names mean, and where each expression stands: the context providers.

Expressions read four contexts, and which names each holds depends on the place: the
workflow's `inputs` and secret aliases (`as`) everywhere; `env` from the workflow, the
enclosing job and the enclosing step, the inner one winning; `matrix` only inside a job
that has one. `of(workflow, source)` gathers, once per document and on first use, those
declarations, the schedules, and every string value holding `${{` with its `Place`; the
rules (and hover and completion) ask `visible(place, context)` rather than walking the
document again. Only values holding `${{` are parsed and get a source map, and the
expression parser is imported only then: a document without expressions costs one walk
over its declarations.
"""

from __future__ import annotations

from itertools import chain

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp import spec
from wf_lsp.findings import Span
from wf_lsp.model import (Entry, Job, Section, Step, Workflow, is_merge_key, name_entries,
                          token_span, yaml_type)
from wf_lsp.parse import Source
from wf_lsp.records import field, record

if TYPE_CHECKING:
    from wf_lsp.expressions import ScalarExpressions

# The contexts expressions read (`wf_lsp.expr.CONTEXTS`, spelt out so that linting a
# document without expressions does not import the parser; a test holds them equal).
INPUTS, SECRETS, ENV, MATRIX = "inputs", "secrets", "env", "matrix"
CONTEXTS = (INPUTS, SECRETS, ENV, MATRIX)
EXPRESSION_START = "${{"
WORKFLOW, JOB, STEP = "workflow", "job", "step"  # the levels env is defined at


@record
class Input:
    """An entry of the workflow's `inputs`."""

    name: str
    span: Span  # its key
    section: Section | None  # None when its value is not a mapping
    type: str | None  # `type` when it is a string
    default: Any | None  # the `default` node, None when absent or empty
    required: bool
    secret: bool
    description: str | None


@record
class Secret:
    """An entry of the workflow's `secrets`: `name` is read as `.secrets.<alias>`."""

    alias: str | None  # `as`, when a string
    alias_span: Span | None
    name: str | None  # the resource name, when a string
    name_node: Any | None
    section: Section

    @property
    def span(self) -> Span:
        """Where the alias is declared (the secret's first line when it has none)."""
        return self.alias_span or self.section.anchor


@record
class EnvVar:
    """An environment variable defined in an `env` mapping."""

    name: str
    span: Span  # its key
    node: Any  # its value
    level: str  # workflow, job or step

    @property
    def value(self) -> str | None:
        return self.node.value if yaml_type(self.node) == "str" else None


@record
class MatrixVariable:
    name: str
    span: Span  # its key
    values: tuple[str, ...]  # the scalar items of its list


@record
class Matrix:
    """A job's `matrix`: one job instance per combination of its variables' values."""

    span: Span  # the `matrix` key
    variables: dict[str, MatrixVariable]

    @property
    def instances(self) -> int:
        count = 1
        for variable in self.variables.values():
            count *= len(variable.values)
        return count


@record
class Schedule:
    """An entry of `trigger.schedule`."""

    section: Section
    cron: Any | None  # the `cron` value node
    inputs: tuple[Entry, ...]  # its `inputs`, when a mapping


Declaration = Input | Secret | EnvVar | MatrixVariable


@record
class Place:
    """Where a value is: the key of the section that holds it, and the job and step around."""

    kind: str  # the section's kind: workflow, job, step, input, schedule, upload, ...
    key: str  # the section's key the value is under (`run`, `env`, `group`, ...)
    job: Job | None = None
    step: Step | None = None
    defines: str | None = None  # in a value of an `env`: the variable it is the value of

    @property
    def level(self) -> str:
        return STEP if self.step else JOB if self.job else WORKFLOW

    @property
    def env_level(self) -> str | None:
        """The level whose `env` the value is in (a value of that `env`), else None."""
        return self.kind if self.key == "env" and self.kind == self.level else None

    @property
    def literal(self) -> bool:
        """The engine reads the value as written: an expression there is never evaluated."""
        key = spec.KINDS[self.kind].keys.get(self.key) if self.kind in spec.KINDS else None
        return key is not None and key.literal


@record
class Site:
    """A string value holding `${{`, its expressions and its place."""

    node: Any
    place: Place
    expressions: ScalarExpressions


@record
class Semantics:
    inputs: dict[str, Input]  # by name, the first of a repeated one
    secrets: tuple[Secret, ...]  # every entry of `secrets` that is a mapping, in order
    aliases: dict[str, Secret]  # by alias, the first of a repeated one
    env: dict[str, EnvVar]  # the workflow's
    schedules: tuple[Schedule, ...]
    sites: tuple[Site, ...]  # in document order; a value reached from two jobs is two sites
    # The same sites by where they are: outside every job; each job's (those that have
    # any, in the jobs' order), the same tuple while the job is the same `Job`.
    loose_sites: tuple[Site, ...] = field(default=(), repr=False, compare=False)
    job_sites: tuple[tuple[Site, ...], ...] = field(default=(), repr=False, compare=False)
    _env: dict[int, dict[str, EnvVar]] = field(default_factory=dict, repr=False, compare=False)
    _matrix: dict[int, Matrix | None] = field(default_factory=dict, repr=False, compare=False)

    def env_of(self, section: Section, level: str) -> dict[str, EnvVar]:
        """The variables a job's or step's own `env` defines."""
        found = self._env.get(id(section))
        if found is None:
            found = self._env[id(section)] = _env(section, level)
        return found

    def matrix_of(self, job: Job | None) -> Matrix | None:
        """The job's `matrix` when it is a mapping; None without one (or outside a job)."""
        if job is None or job.section is None:
            return None
        key = id(job.section)
        if key not in self._matrix:
            self._matrix[key] = _matrix(job.section)
        return self._matrix[key]

    def visible(self, place: Place, context: str) -> dict[str, Declaration]:
        """The names `context` holds at `place` (env: the inner definition of a name wins)."""
        if context == INPUTS:
            return self.inputs
        if context == SECRETS:
            return self.aliases
        if context == MATRIX:
            matrix = self.matrix_of(place.job)
            return matrix.variables if matrix else {}
        if context == ENV:
            names: dict[str, Declaration] = {}
            for level, defined in self._env_levels(place):
                # The values of an `env` are evaluated before its variables are defined:
                # a name read in one is the variable of an `env` around (`STAGE: "${{
                # .env.STAGE }}-b"` in a job reads the workflow's STAGE), never its own
                # nor a sibling's (they are set together, in no order a map keeps).
                if level != place.env_level:
                    names.update(defined)
            return names
        return {}

    def beside(self, place: Place) -> dict[str, EnvVar]:
        """The variables of the `env` whose value `place` is (its own among them), which
        that value cannot read (`visible`); empty elsewhere."""
        return next((defined for level, defined in self._env_levels(place)
                     if level == place.env_level), {})

    def _env_levels(self, place: Place) -> list[tuple[str, dict[str, EnvVar]]]:
        """Each `env` around `place`, outermost first, with its level."""
        levels = [(WORKFLOW, self.env)]
        if place.job is not None and place.job.section is not None:
            levels.append((JOB, self.env_of(place.job.section, JOB)))
        if place.step is not None:
            levels.append((STEP, self.env_of(place.step.section, STEP)))
        return levels


def of(workflow: Workflow, source: Source) -> Semantics:
    """The semantics of a document's workflow, built on first use and kept with it; the
    sites of jobs an edit did not touch are reused (`Workflow.per_job`)."""
    # Kept in the model's own __dict__ (as functools.cached_property does): the model is
    # frozen, and every rule, hover and completion of a version asks the same questions.
    found = workflow.__dict__.get("_semantics")
    if found is None:
        found = workflow.__dict__["_semantics"] = _build(workflow, source)
    return found


def _build(workflow: Workflow, source: Source) -> Semantics:
    root = workflow.root
    sections = workflow.by_node
    inputs: dict[str, Input] = {}
    secrets: list[Secret] = []
    schedules: list[Schedule] = []
    for entry in root.entries:
        if entry.key == "inputs" and entry.value.id == "mapping":
            for declared in name_entries(entry.value):
                inputs[declared.key] = _input(declared.key, declared.key_span,
                                              sections.get((id(declared.value), "input")))
        elif entry.key == "secrets" and entry.value.id == "sequence":
            for item in entry.value.value:
                section = sections.get((id(item), "secret"))
                if section is not None:
                    secrets.append(_secret(section, source))
        elif entry.key == "trigger":
            trigger = sections.get((id(entry.value), "trigger"))
            schedule = trigger.get("schedule") if trigger else None
            if schedule is not None and schedule.value.id == "sequence":
                for item in schedule.value.value:
                    section = sections.get((id(item), "schedule"))
                    if section is not None:
                        schedules.append(_schedule(section))
    aliases: dict[str, Secret] = {}
    for secret in secrets:
        if secret.alias:  # `as: ""` names nothing an expression can read (WF005 says so)
            aliases.setdefault(secret.alias, secret)
    found = _Sites(workflow, source, sections)
    return Semantics(inputs, tuple(secrets), aliases, _env(root, WORKFLOW), tuple(schedules),
                     found.collect(), tuple(found.loose), tuple(found.by_job))


def _input(name: str, span: Span, section: Section | None) -> Input:
    def value(key: str) -> Any | None:
        entry = section.get(key) if section else None
        return entry.value if entry is not None and yaml_type(entry.value) != "null" else None

    def text(key: str) -> str | None:
        node = value(key)
        return node.value if node is not None and yaml_type(node) == "str" else None

    def flag(key: str) -> bool:
        node = value(key)
        return node is not None and yaml_type(node) == "bool" and node.value.lower() == "true"

    return Input(name, span, section, text("type"), value("default"), flag("required"),
                 flag("secret"), text("description"))


def _secret(section: Section, source: Source) -> Secret:
    alias = section.get("as")
    name = section.get("name")
    alias_ok = alias is not None and yaml_type(alias.value) == "str"
    return Secret(
        alias.value.value if alias_ok else None,
        token_span(alias.value, source) if alias_ok else None,
        name.value.value if name is not None and yaml_type(name.value) == "str" else None,
        name.value if name is not None else None,
        section,
    )


def _schedule(section: Section) -> Schedule:
    cron = section.get("cron")
    inputs = section.get("inputs")
    entries: tuple[Entry, ...] = ()
    if inputs is not None and inputs.value.id == "mapping":
        entries = name_entries(inputs.value)
    return Schedule(section, cron.value if cron else None, entries)


def _env(section: Section, level: str) -> dict[str, EnvVar]:
    entry = section.get("env")
    names: dict[str, EnvVar] = {}
    if entry is not None and entry.value.id == "mapping":
        for variable in name_entries(entry.value):
            names[variable.key] = EnvVar(variable.key, variable.key_span, variable.value, level)
    return names


def _matrix(section: Section) -> Matrix | None:
    entry = section.get("matrix")
    if entry is None or entry.value.id != "mapping":
        return None
    variables: dict[str, MatrixVariable] = {}
    for variable in name_entries(entry.value):
        items = variable.value.value if variable.value.id == "sequence" else ()
        values = tuple(str(item.value) for item in items if item.id == "scalar")
        variables[variable.key] = MatrixVariable(variable.key, variable.key_span, values)
    return Matrix(entry.key_span, variables)


class _Sites:
    """Every string value holding `${{`, with its place, in one walk over the sections."""

    def __init__(self, workflow: Workflow, source: Source,
                 sections: dict[tuple[int, str], Section]) -> None:
        self.workflow = workflow
        self.source = source
        self.sections = sections
        self.found: list[Site] = []
        self.parsed: dict[int, ScalarExpressions | None] = {}  # aliases parse once
        self.loose: list[Site] = []  # outside every job
        self.by_job: list[tuple[Site, ...]] = []  # each job's, if any
        self.jobs_at = 0  # how many of the root's come before `jobs`

    def collect(self) -> tuple[Site, ...]:
        if not self.source.holds(EXPRESSION_START):
            return ()
        from wf_lsp import expressions

        expressions.expect(self.source.text.count(EXPRESSION_START))
        self.visit(self.workflow.root, None, None)
        before, after = self.found[:self.jobs_at], self.found[self.jobs_at:]
        before.sort(key=_site_order)
        after.sort(key=_site_order)
        self.loose = before + after
        # A job's sites are read from its own nodes: those of a job the edit did not touch
        # (the same `Job`, which their places name) are reused.
        jobs = [job for job in self.workflow.jobs if job.section is not None]  # (else WF005's)
        self.by_job = [mine for mine in self.workflow.per_job("sites", jobs,
                                                              lambda job: (self._sites_of(job),))
                       if mine]
        if self.workflow.plain:  # the jobs in document order, between the rest's
            return (*before, *chain.from_iterable(self.by_job), *after)
        return tuple(sorted(chain(self.loose, *self.by_job), key=_site_order))

    def _sites_of(self, job: Job) -> tuple[Site, ...]:
        outer, self.found = self.found, []
        self.visit(job.section, job, None)
        mine, self.found = tuple(sorted(self.found, key=_site_order)), outer
        return mine

    def visit(self, section: Section, job: Job | None, step: Step | None) -> None:
        keys = section.spec.keys
        for entry in section.entries:
            if section.kind == WORKFLOW and entry.key == "jobs":
                self.jobs_at = len(self.found)
                continue  # each job is visited with itself as the place
            key = keys.get(entry.key)
            child = key.child_kind if key else None
            if child is None:
                if entry.key == "env" and entry.value.id == "mapping":
                    for key_node, value in entry.value.value:  # each value with its name
                        name = (str(key_node.value) if key_node.id == "scalar"
                                and not is_merge_key(key_node) else None)
                        self.scan(value, (section.kind, entry.key, job, step, name))
                else:
                    self.scan(entry.value, (section.kind, entry.key, job, step))
                continue
            container = key.type.partition(":")[0]
            steps = {id(s.section.node): s for s in job.steps} if child == STEP and job else {}
            for node in _children(entry.value, container):
                inner = self.sections.get((id(node), child))
                if inner is None:
                    self.scan(node, (section.kind, entry.key, job, step))
                else:
                    self.visit(inner, job, steps.get(id(node), step))

    def scan(self, node: Any, place: tuple) -> None:
        """Add the values under `node` that hold `${{`; `place` is a Place's fields (made
        only for those: a document has thousands of values and few expressions)."""
        if node.id == "scalar":  # most values: no walk
            if isinstance(node.value, str) and EXPRESSION_START in node.value:
                self.add(node, place)
            return
        from wf_lsp import expressions

        for scalar in expressions.values(node):
            if isinstance(scalar.value, str) and EXPRESSION_START in scalar.value:
                self.add(scalar, place)

    def add(self, scalar: Any, place: tuple) -> None:
        key = id(scalar)
        if key not in self.parsed:
            from wf_lsp import expressions

            self.parsed[key] = expressions.in_scalar(scalar, self.source)
        found = self.parsed[key]
        if found is not None:
            self.found.append(Site(scalar, Place(*place), found))


def _site_order(site: Site) -> tuple[int, int]:
    # By line and column: a spliced tree's marks have the text's lines and columns, but a
    # composed entry's offsets count from the start of its fragment.
    return site.node.start_mark.line, site.node.start_mark.column


def _children(node: Any, container: str) -> list[Any]:
    """The nodes a key of mappings holds: the mapping, a list's items, a map's values."""
    if container == "list" and node.id == "sequence":
        return list(node.value)
    if container == "map" and node.id == "mapping":
        return [*(value for key, value in node.value if not is_merge_key(key)),
                *(entry.value for entry in name_entries(node) if entry.merged)]
    return [node]
