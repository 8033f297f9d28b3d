"""Completion: keys (in a flow mapping on one line too, `- {run: echo, |}`), job ids in
`depends_on` (after an empty one, as a flow list: `[prep]`; not the job's own, nor one
that needs it: a cycle), the workflows a job may call
after an empty `workflow` (as a flow mapping: `{name: train}`), enum and boolean values (a
`bool` input's `default` too), durations for an empty `timeout` (a job's: what its steps'
timeouts add up to, then `30m`, `1h`, `2h`; a step's: `10m`, `30m`, `1h`, each shorter than
its job's timeout; none above a configured maximum, and shorter round limits where not all
of those fit: `1m`, `2m`, `5m` in a job of `10m`, `2m`, `5m`, `10m` in one of `15m`) and units after a number, common
schedules for an empty `cron` (each described in words), the workflows a call may name and
the inputs of the one it names; in a document with nothing in it yet, one item that writes
a new workflow (`start_workflow`); and inside `${{ }}` the contexts and the names each holds
at that place: after `.inputs.` (a name no path reads, `my-input`, as `index .inputs
"my-input"` over the path; after `inputs.`, GitHub Actions' way, with the dot Go needs), and in the string key of `index .inputs "…"` (or of `index . "…"` where `.` holds a context: written into
the string; no other string literal gets anything). A workflow being started (a root `id`,
no `jobs` yet: `detect.Verdict.started`) is completed as a workflow.

Where the cursor is comes from the text (`yaml_lines`: the path of keys above it, and of
the flow collections opened on its line) and
`wf_lsp.spec` turns the path into the kind of mapping there (a step). The model of the
lint adds what text cannot see for sure, the job ids, and the rest is read off the lines
near the cursor. Inside an expression the lint's semantics say which inputs, secret
aliases, matrix variables and env variables the value's place sees
(`semantics.Semantics.visible`), and the value's source map turns the cursor into an
offset of the value, escapes and block indentation included. Nothing here re-parses the
document.
"""

from __future__ import annotations

import re

from wf_lsp import semantics, spec, timeline
from wf_lsp.durations import NANOSECONDS, UNITS, canonical, in_words
from wf_lsp.editor import calls
from wf_lsp.editor.hover import key_documentation, prose, type_name
from wf_lsp.editor.names import WHAT
from wf_lsp.editor.schedules import sentence
from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.symbols import timeout_detail
from wf_lsp.editor.yaml_lines import (ITEM, Line, flow_entry_at, misaligned, path_above,
                                      read_line, sequence_items, sibling_keys, unquote)
from wf_lsp.expr import lexer
from wf_lsp.expr.paths import held_at
from wf_lsp.findings import Position, Span
from wf_lsp.records import record, replace

_WORD = re.compile(r"[A-Za-z0-9_-]*")
_NAME_REST = re.compile(r"\w*")
_UNIT_IN_TEXT = re.compile(f"({'|'.join(NANOSECONDS)})(?=[0-9.]|$)")
_MINUTE = 60 * 10**9
# A name a path can read (Go's identifier): any other is read with `index`.
_GO_NAME = re.compile(r"[^\W\d]\w*")
# The start of an action, up to where its first operand goes.
_ACTION_START = re.compile(r"\$\{\{-?\s*$")
# What an operand of an action may follow: the `{` of `${{`, a space, `(`, a pipe, the
# `=` of `:=`, the `,` of `range $i, $v :=`.
_BEFORE_OPERAND = frozenset(" \t\r\n({|=,")
# What an empty `timeout` is offered, in nanoseconds: common limits of a job and of a step.
_TIMEOUTS = {"job": (30 * _MINUTE, 60 * _MINUTE, 120 * _MINUTE),
             "step": (10 * _MINUTE, 30 * _MINUTE, 60 * _MINUTE)}
# Shorter round limits, for where not all of those fit (a step of a 10m or 15m job, a
# configured maximum of 20m): the longest that fit make up the three.
_SHORTER = tuple(n * 10**9 for n in (1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600))
# What an empty `cron` is offered: common schedules (UTC), each shown in words.
# What `start_workflow` writes: the required keys and a job with a timeout and a step, each
# value a placeholder (a tab stop where the client takes snippets).
NEW_WORKFLOW = "workflow"
_NEW_WORKFLOW = ("id: ${1:my-workflow}\njobs:\n  ${2:build}:\n    timeout: ${3:30m}\n"
                 "    steps:\n      - run: ${4:echo hello}\n")
_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}")
_SCHEDULES = ("0 2 * * *", "0 * * * *", "*/15 * * * *", "0 2 * * 1-5", "0 2 * * 1", "0 0 1 * *")


def kind_at(path: list) -> str | None:
    """The spec kind of the mapping a path leads to (`step` for jobs/train/steps/ITEM)."""
    kind, expect = "workflow", None
    for element in path:
        if expect is not None:
            wanted, child = expect
            if (element is ITEM) != (wanted == "item"):
                return None
            kind, expect = child, None
            continue
        if element is ITEM:
            return None
        key = spec.KINDS[kind].keys.get(element)
        child = key.child_kind if key else None
        if child is None:
            return None
        head = key.type.partition(":")[0]
        if head == "object":
            kind = child
        else:
            expect = ("item" if head == "list" else "name", child)
    return None if expect is not None else kind


@record
class Item:
    """One completion, in the core's terms: replace `span` by `new_text`."""

    label: str
    kind: str  # "key", "job", "value", "unit", "workflow" (a call's name), "input",
    # "snippet" (a new workflow); in an expression "context" or "name"
    span: Span
    new_text: str
    detail: str | None = None
    doc_kind: str | None = None  # the spec kind whose key `label` is, for its documentation
    sort: str | None = None
    filter: str | None = None
    description: str | None = None  # what the workflow says of it (a called input's)
    snippet: str | None = None  # `new_text` with its placeholders marked (`${1:my-workflow}`)
    docs: tuple[str, str] | None = None  # its documentation, plain and Markdown
    # Made of what is typed, not filtered by it: a duration's (`1` → `1h`, `1m`; `15` →
    # `15m`), which the next character changes (see `incomplete`).
    typed_into: bool = False

    def documentation(self, markdown: bool) -> str | None:
        """Its own documentation (a called workflow's), what the format says of the key
        this item completes, or the workflow's own description of it; or None."""
        if self.docs:
            return self.docs[markdown]
        if self.description:
            return prose(self.description, markdown)
        return key_documentation(self.doc_kind, self.label, markdown) if self.doc_kind else None


def complete(snapshot: Snapshot, pos: Position) -> list[Item]:
    """Everything worth offering at `pos`."""
    source = snapshot.source
    if pos > source.end():  # past the text (the empty line after a final newline is in it)
        return []
    if not _in_a_workflow(snapshot, pos):
        return []
    text = source.line_text(pos.line)
    column = min(pos.column, len(text))
    before, after = text[:column], text[column:]
    # An expression opened on the cursor's line (one wrapped over lines gets no names).
    if "${{" in before:
        inside = _expression(snapshot, pos)
        if inside is not None:
            return inside
    # The rest of the word under the cursor is replaced too.
    word_end = column + _WORD.match(after).end()
    if not before.strip():  # an empty line: a key at the cursor's column
        span = Span.of(pos.line, column, pos.line, word_end)
        return _keys_or_items(snapshot, pos.line, column, None, span, text[word_end:])
    line = read_line(before)
    if line is None or line.document_marker:  # in a comment, or on `---`
        return []
    in_flow = _in_flow(snapshot, pos, line, text, column, word_end)
    if in_flow is not None:
        return in_flow
    if line.key is not None:  # `key: val|`
        return _value(snapshot, pos, line, before, span_end=word_end)
    if not re.fullmatch(r"(?:[A-Za-z_][\w-]*)?", line.value):
        return []  # neither a key being typed nor an empty `- `
    span = Span.of(pos.line, column - len(line.value), pos.line, word_end)
    return _keys_or_items(snapshot, pos.line, line.content, line.dash, span, text[word_end:])


def incomplete(items: list[Item]) -> bool:
    """Whether typing on at the place may bring items `items` has not, so the client must
    ask again rather than filter these: where a duration is typed (units after a number,
    or an empty timeout's values, after which a digit brings units). Every other list
    holds all there is at its place; the client narrows it as the user types."""
    return any(item.typed_into for item in items)


def _in_a_workflow(snapshot: Snapshot, pos: Position) -> bool:
    """Whether `pos` is in one of the file's YAML documents that are workflows: a file may
    hold another tool's document too, after `---`, which gets nothing."""
    roots = snapshot.result.parsed.roots
    if len(roots) < 2:
        return True
    at = roots[0]
    for root in roots[1:]:
        if (root.start_mark.line, root.start_mark.column) > (pos.line, pos.column):
            break
        at = root
    return any(workflow.root.node is at for workflow in snapshot.workflows)


def start_workflow(snapshot: Snapshot, pos: Position) -> list[Item]:
    """For a document that is not a workflow: in one with nothing in it but blank lines,
    comments and, at the start of the cursor's line, the word being typed, when that is the
    start of `workflow`, one item that writes a new workflow; else nothing (other YAML)."""
    source = snapshot.source
    if pos > source.end():
        return []
    text = source.line_text(pos.line)
    typed = text[:pos.column]
    end = pos.column + _WORD.match(text, pos.column).end() - pos.column
    if not re.fullmatch(r"[A-Za-z]*", typed) or text[end:].strip() \
            or not NEW_WORKFLOW.startswith(typed.lower()):
        return []
    if any(line.strip() and not line.lstrip().startswith("#")
           for n, line in enumerate(source.lines) if n != pos.line):
        return []
    # The line's own break, when it has one, ends the last line written.
    broken = pos.line < len(source.lines) and source.lines[pos.line] != text
    snippet = _NEW_WORKFLOW.removesuffix("\n") if broken else _NEW_WORKFLOW
    return [Item(NEW_WORKFLOW, "snippet", Span.of(pos.line, 0, pos.line, end),
                 _PLACEHOLDER.sub(r"\1", snippet),
                 "a new workflow: `id`, and a job with a timeout and a step",
                 filter=NEW_WORKFLOW, snippet=snippet)]


def _keys_or_items(snapshot: Snapshot, line_no, content, dash, span, rest) -> list[Item]:
    source = snapshot.source
    path = path_above(source, line_no, content, dash)
    if path is None:
        return []
    if dash is not None and path[-2:] == ["depends_on", ITEM] and kind_at(path[:-2]) == "job":
        return _job_ids(snapshot, path, sequence_items(source, line_no, dash), span)
    if dash is None and misaligned(source, line_no, content):
        return []  # its siblings are further right: a key here breaks the YAML
    present = sibling_keys(source, line_no, content, dash is not None)
    # On an existing key (`tim|eout: 1h`) only the name changes.
    return _keys(snapshot, path, present, span, rest.lstrip().startswith(":"), flow=False)


def _in_flow(snapshot: Snapshot, pos: Position, line: Line, text: str, column: int,
             word_end: int) -> list[Item] | None:
    """The keys of a flow mapping opened on the cursor's line (`- {run: echo, |}`,
    `a: {timeout: 1h, |}`) when the cursor is where one of its keys goes, the values of a
    key's when it is after one (`{timeout: |}`); else None."""
    if line.key is not None:
        value_at = text.index(":", line.content) + 1
        value_at += len(text[value_at:]) - len(text[value_at:].lstrip())
        above = [line.key]
    elif line.dash is not None or line.content == 0:  # an item, or the root
        value_at, above = line.content, []
    else:
        return None
    if text[value_at:value_at + 1] not in ("{", "["):
        return None
    found = flow_entry_at(text, value_at, column)
    path = path_above(snapshot.source, pos.line, line.content, line.dash)
    if found is None or path is None:
        return None
    path = [*path, *above, *found.path]
    if found.key is not None:
        if text[found.start - 1] == ":":
            return []  # `{timeout:|}`: what is written here would join the key (`timeout:1h`)
        return _value_of(snapshot, pos, path, found.key, text[found.start:column], word_end)
    span = Span.of(pos.line, found.start, pos.line, word_end)
    return _keys(snapshot, path, found.present, span,
                 text[word_end:].lstrip().startswith(":"), flow=True)


def _keys(snapshot: Snapshot, path: list, present: set[str] | frozenset[str], span: Span,
          only_name: bool, flow: bool) -> list[Item]:
    """The keys the mapping at `path` may still take: the format's, or a call's inputs. A key
    holding a block gets only its `:` (the block goes on the next lines), unless in `{}`."""
    if len(path) == 4 and path[-1] == "inputs" and kind_at(path[:-1]) == "workflow_call":
        return _call_inputs(snapshot, path[1], present, span, only_name)
    kind = kind_at(path)
    if kind is None:
        return []
    # A key that excludes one already there (`workflow` beside `steps`) is not allowed either.
    excluded = {name for group in spec.KINDS[kind].exclusive if present.intersection(group)
                for name in group}
    items = []
    keys = spec.KINDS[kind].keys
    for order, (name, key) in enumerate(keys.items()):
        if name in present or name in excluded:
            continue
        block = not flow and (key.child_kind is not None
                              or key.type in (spec.STRING_MAP, spec.SCALAR_MAP, spec.MATRIX))
        new_text = name if only_name else (f"{name}:" if block else f"{name}: ")
        detail = type_name(key.type) + (" · required" if key.required else "")
        items.append(Item(name, "key", span, new_text, detail, kind,
                          f"{0 if key.required else 1}{order:02d}"))
    return items


def _job_ids(snapshot: Snapshot, path: list, listed: set[str], span: Span) -> list[Item]:
    own = path[1] if len(path) > 1 and path[0] == "jobs" else None
    # The job itself and the jobs that need it would close a cycle (WF302).
    cyclic = _needing(snapshot, span.start, own) | {own}
    items = []
    for order, (job_id, timeout) in enumerate(_known_jobs(snapshot).items()):
        if job_id in cyclic or job_id in listed:
            continue
        items.append(Item(job_id, "job", span, job_id, timeout, sort=f"{order:04d}"))
    return items


def _needing(snapshot: Snapshot, pos: Position, own: str | None) -> set[str]:
    """The jobs of the workflow at `pos` that need the job `own`, directly or not."""
    workflow = snapshot.workflow_at(pos)
    if workflow is None or own is None:
        return set()
    dependents = workflow.graph.dependents
    found, todo = set(), [own]
    while todo:
        for job_id in dependents.get(todo.pop(), ()):
            if job_id not in found:
                found.add(job_id)
                todo.append(job_id)
    return found


def _known_jobs(snapshot: Snapshot) -> dict[str, str | None]:
    """Job ids → timeout detail, from the model; and from the text past a syntax error."""
    jobs: dict[str, str | None] = {}
    for workflow in snapshot.workflows:
        for job in workflow.jobs:
            jobs.setdefault(job.id, timeout_detail(job.timeout))
    if not snapshot.result.parsed.complete:
        for job_id in snapshot.jobs_in_text:
            jobs.setdefault(job_id, None)
    return jobs


def _workflows(snapshot: Snapshot, span: Span) -> list[Item]:
    """The callable workflows of the workspace, for a call's `name`."""
    own = {entry.id for entry in snapshot.result.entries}
    view, path = snapshot.workspace, snapshot.result.path
    # Its display name or else its file, and what its call's hover says (its inputs): a
    # bare list of ids said nothing of which to pick.
    return [Item(entry.id, "workflow", span, entry.id,
                 entry.name or calls.shown_file(view, entry, path), sort=f"{order:04d}",
                 docs=tuple(calls.workflow_text(view, entry, path, markdown)
                            for markdown in (False, True)))
            for order, entry in enumerate(calls.callable_workflows(snapshot))
            if entry.id not in own]


def _call_inputs(snapshot: Snapshot, job_id: str, present: set[str], span: Span,
                 only_name: bool) -> list[Item]:
    """The inputs of the workflow a job calls that the call does not pass yet, the
    required ones first."""
    call = calls.call_of_job(snapshot, job_id)
    callee = calls.callee(snapshot, call) if call else None
    if callee is None:
        return []
    return [Item(item.name, "input", span, item.name if only_name else f"{item.name}: ",
                 input_facts(item.type, item.required, item.default),
                 sort=f"{0 if item.needed else 1}{order:03d}", description=item.description)
            for order, item in enumerate(callee.inputs) if item.name not in present]


def _value(snapshot: Snapshot, pos: Position, line: Line, before: str, span_end: int) -> list[Item]:
    source = snapshot.source
    value_start = before.index(":", line.content) + 1
    if before[value_start:value_start + 1] not in (" ", "\t"):
        return []  # `key:|` — a value needs the space first
    value_start += len(before[value_start:]) - len(before[value_start:].lstrip())
    path = path_above(source, pos.line, line.content, line.dash)
    if path is None:
        return []
    return _value_of(snapshot, pos, path, line.key, before[value_start:], span_end)


def _value_of(snapshot: Snapshot, pos: Position, path: list, name: str, typed: str,
              span_end: int) -> list[Item]:
    """The values of the key `name` of the mapping at `path`, `typed` written of it before
    the cursor (in a block mapping or a flow one)."""
    source = snapshot.source
    kind = kind_at(path)
    if kind is None:
        return []
    key = spec.KINDS[kind].keys.get(name)
    if key is None:
        return []
    if name == "depends_on" and kind == "job" and typed.startswith("[") and "]" not in typed:
        inside = typed[1:]
        partial = inside.rsplit(",", 1)[-1].lstrip()
        listed = {unquote(part) for part in inside.split(",")[:-1]}
        rest = source.line_text(pos.line)[pos.column:]
        if "]" in rest:
            listed |= {unquote(part) for part in rest[: rest.index("]")].split(",")[1:]}
        listed.discard("")
        start = pos.column - len(partial)
        return _job_ids(snapshot, [*path, "depends_on"], listed, Span.of(pos.line, start, pos.line, span_end))
    if name == "depends_on" and kind == "job" and re.fullmatch(r"[\w-]*", typed):
        # `depends_on: |`: a list it must be, so a flow one with the job.
        span = Span.of(pos.line, pos.column - len(typed), pos.line, span_end)
        return [replace(item, new_text=f"[{item.new_text}]")
                for item in _job_ids(snapshot, [*path, "depends_on"], set(), span)]
    quote = typed[:1] if typed[:1] in ("'", '"') else ""
    typed = typed[len(quote):]
    start = pos.column - len(typed)
    span = Span.of(pos.line, start, pos.line, span_end)
    if kind == "workflow_call" and name == "name":
        return _workflows(snapshot, span)
    if kind == "job" and name == "workflow" and not quote and re.fullmatch(r"[\w-]*", typed):
        # `workflow: |`: a call it must be, so a flow one naming each workflow it may call.
        return [replace(item, new_text=f"{{name: {item.new_text}}}")
                for item in _workflows(snapshot, span)]
    if key.type == spec.DURATION:
        return _units(typed, span) if typed else _timeouts(snapshot, pos, kind, path, span)
    if kind == "schedule" and name == "cron":
        return _schedules(typed, quote, span)
    values = key.values or (("true", "false") if key.type == spec.BOOL else ())
    if kind == "input" and name == "default" and _input_type(snapshot, pos, path) == "bool":
        values = ("true", "false")
    if not re.fullmatch(r"[\w-]*", typed):
        return []
    default = str(key.default).lower() if key.default is not None else None
    return [
        Item(value, "value", span, value, "default" if value == default else None, sort=f"{order:02d}")
        for order, value in enumerate(values)
    ]


def _timeouts(snapshot: Snapshot, pos: Position, kind: str, path: list, span: Span) -> list[Item]:
    """Durations for an empty `timeout`, in canonical form: for a job, what its steps'
    timeouts add up to first, and nothing shorter (WF202 would say the steps cannot all
    finish); for a step, only limits shorter than its job's timeout (a longer one never
    applies). None above the configured maximum; where not every common limit fits, the
    longest shorter ones that do make up their number."""
    workflow = snapshot.workflow_at(pos)
    job = workflow.by_id.get(path[1]) if workflow is not None and len(path) > 1 else None
    config = snapshot.config
    found: dict[int, str] = {}
    least = 1
    if kind == "job":
        budget = timeline.step_budget(job) if job is not None else None
        if budget is not None and budget.timed_steps:
            found[budget.used] = "what the steps' timeouts add up to"
            least = budget.used
        most = config.max_job_timeout
    else:
        most = timeline.usable_ns(job) if job is not None else None
        if most is not None:
            most -= 1  # shorter than the job's timeout
        if config.max_step_timeout is not None:
            most = min(config.max_step_timeout, most if most is not None else config.max_step_timeout)

    def fits(ns: int) -> bool:
        return ns >= least and (most is None or ns <= most)

    common = [ns for ns in _TIMEOUTS[kind] if fits(ns)]
    if (missing := len(_TIMEOUTS[kind]) - len(common)) > 0:
        # As many as the common limits: a step of a 15m job was offered 10m alone.
        shorter = [ns for ns in _SHORTER if fits(ns) and ns not in common]
        common = sorted(common + shorter[-missing:])
    for ns in common:
        found.setdefault(ns, in_words(ns))
    return [Item(canonical(ns), "value", span, canonical(ns), detail, sort=f"{order:02d}",
                 typed_into=True)
            for order, (ns, detail) in enumerate(found.items()) if fits(ns)]


def _schedules(typed: str, quote: str, span: Span) -> list[Item]:
    """Common schedules for a `cron` being written, quoted (`*` cannot start a plain
    scalar), each with what it means."""
    return [Item(text, "value", span, text if quote else f'"{text}"', sentence(text),
                 sort=f"{order:02d}", filter=text)
            for order, text in enumerate(_SCHEDULES) if text.startswith(typed)]


def _input_type(snapshot: Snapshot, pos: Position, path: list) -> str | None:
    """The `type` of the input at `path` (`inputs`, name), as the lint read it."""
    workflow = snapshot.workflow_at(pos)
    if workflow is None or len(path) != 2:
        return None
    declared = semantics.of(workflow, snapshot.source).inputs.get(path[1])
    return declared.type if declared is not None else None


def _units(typed: str, span: Span) -> list[Item]:
    """Units after a number (`1h3` → `1h3m`, ...): each smaller than the last one written."""
    if not re.fullmatch(r"[0-9.hmsunµμ]*[0-9]", typed):
        return []
    written = _UNIT_IN_TEXT.findall(typed)
    sizes = [unit.nanoseconds for unit in UNITS]
    last = sizes.index(NANOSECONDS[written[-1]]) if written else -1
    return [
        Item(unit.name, "unit", span, typed + unit.name, f"{unit.word}s", sort=f"{index}",
             filter=typed + unit.name, typed_into=True)
        for index, unit in enumerate(UNITS)
        if index > last
    ]


def _expression(snapshot: Snapshot, pos: Position) -> list[Item] | None:
    """The contexts, or a context's names, when `pos` is inside a `${{ }}`; else None."""
    found = snapshot.names.site_at(pos)
    at = pos
    if found is None:
        # A plain scalar ends at its last word: in `run: echo ${{ |` the cursor is past it,
        # on spaces that will be in it once the next word is typed.
        at = Position(pos.line, len(snapshot.source.line_text(pos.line)[:pos.column].rstrip()))
        found = snapshot.names.site_at(at) if at != pos else None
        if found is None or found[1].expressions.text.end != at:
            return None
    sem, site = found
    text = site.expressions.text
    offset = text.offset_at(at)
    if offset is None or text.position(offset) != at:
        # (inside an escape, `\\` or `\"` of a double-quoted value: no place to write, and
        # a range before the cursor is one LSP forbids)
        return None
    value = text.value
    opened = value.rfind("${{", 0, offset)
    if opened < 0 or "}}" in value[opened:offset + 1]:
        return None
    end = offset + _NAME_REST.match(value, offset).end() - offset
    tokens = [token for token in lexer.lex(value) if token.kind != lexer.SPACE]
    literal = next((i for i, token in enumerate(tokens) if _inside_literal(token, offset)),
                   None)
    if literal is not None:  # a string's text is no path: only `index .inputs "ep|"` has names
        return _index_key(sem, site.place, text, tokens, literal, end, opened) \
            if at == pos else []
    held = held_at(value, opened)  # what `.` is here: the data, or a `with`'s value
    if at != pos:  # after a space a new operand starts: a context, written at the cursor
        if held != ():
            return _held_names(sem, site.place, held, Span(pos, pos),
                               _indexing(text, offset, offset, ".", at=pos))
        return _contexts(sem, site.place, Span(pos, pos), "")
    start = _path_start(value, opened + 3, offset)
    typed = value[start:offset]
    if typed[:1].isdigit() or value[start - 1] not in _BEFORE_OPERAND:
        # A number being typed, or right after what ends an operand (`}` of the `}}` being
        # typed, `)`, a string's closing quote): no context goes there.
        return []
    prefix = "$" if typed.startswith("$") else ""
    parts = typed[len(prefix):].split(".")
    if prefix and not parts[0]:  # `$.`: the data, save in a definition's body (its argument)
        root = held_at(value, opened, "$")
        if root != ():
            start = offset - len(parts[1]) - 2  # `$.` too: `index $ "my-input"`
            return _held_names(sem, site.place, root, text.span(start + 1, end),
                               _indexing(text, start, end, "$")) if len(parts) == 2 else []
    if held != () and not prefix:  # `$` is the data outside definitions, `.` not here
        if len(parts) == 1:  # `${{ ms|`: the leading dot is added
            start = offset - len(typed)
            return _held_names(sem, site.place, held, text.span(start, end),
                               _indexing(text, start, end, "."))
        if len(parts) == 2 and not parts[0]:  # `${{ .ms|`
            start = offset - len(parts[1]) - 1
            return _held_names(sem, site.place, held, text.span(start, end),
                               _indexing(text, start, end, "."))
        return []
    if len(parts) == 1 and not prefix:  # `${{ inp|`: the leading dot is added
        return _contexts(sem, site.place, text.span(offset - len(typed), end), "")
    if len(parts) == 2 and not parts[0]:  # `${{ .inp|`, `${{ $.inp|` (the `$` replaced too)
        return _contexts(sem, site.place,
                         text.span(offset - len(parts[1]) - 1 - len(prefix), end), prefix)
    if len(parts) == 3 and not parts[0] and parts[1] in semantics.CONTEXTS:  # `.inputs.ep|`
        items = _names_of(sem, site.place, parts[1], text.span(offset - len(parts[2]), end))
        return [_indexed(item, text, opened, offset - len(typed), end, f"{prefix}.{parts[1]}")
                if not _GO_NAME.fullmatch(item.label) else item for item in items]
    if len(parts) == 2 and not prefix and parts[0] in semantics.CONTEXTS:
        # `${{ inputs.ep|`, as GitHub Actions writes it: Go needs the leading dot (WF401),
        # written with the name over the whole path.
        start = offset - len(typed)
        return [_indexed(item, text, opened, start, end, f".{parts[0]}", parts[0])
                if not _GO_NAME.fullmatch(item.label) else
                replace(item, span=text.span(start, end), new_text=f".{parts[0]}.{item.label}",
                        filter=f"{parts[0]}.{item.label}")
                for item in _names_of(sem, site.place, parts[0], text.span(start, end))]
    if len(parts) == 2 and prefix:  # `${{ $in.ep| }}`: what the variable holds, as `.` would
        span = text.span(offset - len(parts[1]) - 1, end)  # the dot too, as `_held_names`'
        held = held_at(value, opened, f"${parts[0]}")
        start = offset - len(typed)  # `index $in "my-input"` over the whole path
        return _contexts(sem, site.place, span, "") if held == () else \
            _held_names(sem, site.place, held, span,
                        _indexing(text, start, end, f"${parts[0]}"))
    return []


def _indexed(item: Item, text, opened: int, start: int, end: int, context: str,
             typed: str | None = None, at: Position | None = None) -> Item:
    """A name no path can read (`my-input`: `.inputs.my-input` is `.inputs.my` and a bad
    `-`, WF401) as the `index` form, written over the whole path typed (`typed`, when not
    `context`, as it is typed: the filter; or at the cursor `at`, past the value's end):
    alone in its action, else in parentheses (an argument, a stage of a pipeline)."""
    form = f'index {context} "{_go_quoted(item.label)}"'
    alone = _ACTION_START.search(text.value, 0, start) is not None
    edit = text.edit(start, end, form if alone else f"({form})")
    return replace(item, span=edit.span if at is None else Span(at, at),
                   new_text=edit.new_text, filter=f"{typed or context}.{item.label}")


def _indexing(text, start: int, end: int, held: str, at: Position | None = None):
    """How `_held_names` writes a name no path can read where `.` (or `$`, a variable:
    `held`) holds a context: `index . "my-input"` over `value[start:end]`."""
    return lambda item: replace(_indexed(item, text, start, start, end, held, at=at),
                                filter=f".{item.label}")


def _path_start(value: str, start: int, offset: int) -> int:
    """Where the run of path characters (word characters, `.`, `$`) ending at `offset`
    starts, not before `start`. Scanned back from the cursor: a search anchored at the
    cursor tries every start before it and is quadratic in a long run ended by another
    character (`${{ aaa…a(x|`, seconds per keystroke at 20,000 characters)."""
    at = offset
    while at > start and (value[at - 1].isalnum() or value[at - 1] in "_.$"):
        at -= 1
    return at


def _inside_literal(token: lexer.Token, offset: int) -> bool:
    """Whether `offset` is inside a string or character constant, an unclosed one too."""
    if token.kind in (lexer.STRING, lexer.RAW_STRING, lexer.CHAR_CONSTANT):
        return token.start < offset < token.end
    return (token.kind == lexer.ERROR and token.text.startswith("unterminated")
            and token.start < offset <= token.end)


def _index_key(sem, place: semantics.Place, text, tokens: list[lexer.Token], at: int,
               end: int, opened: int) -> list[Item]:
    """The names of the context `index .inputs "|"` (or `index $.env "|"`, or `index . "|"`
    where `.` holds a context: `${{ with .inputs }}`, as completion writes a name with a
    `-` there) reads, each replacing the text of the double-quoted string; nothing in any
    other literal."""
    key = tokens[at]
    before = [token.text for token in tokens[max(at - 3, 0):at]]
    if before[-2:-1] == ["$"]:  # `$.inputs` is two tokens
        del before[-2]
    if text.value[key.start] != '"' or before[-2:-1] != ["index"] or not before[-1]:
        return []
    held = held_at(text.value, opened, before[-1]) if before[-1] == "." or (
        before[-1].startswith("$") and "." not in before[-1]) else None
    if held is not None and len(held) == 1:  # `index . "|"`, `index $in "|"`
        context = held[0]
    elif before[-1].startswith("."):
        context = before[-1][1:]
    else:
        return []
    if context not in semantics.CONTEXTS:
        return []
    # A closed string's whole text is replaced; an unclosed one's up to the word's end.
    start, stop = key.start + 1, key.end - 1 if key.kind == lexer.STRING else end
    return [Item(name, "name", text.span(start, stop), text.edit(start, stop, _go_quoted(name)).new_text,
                 _name_detail(context, declared), sort=f"{order:04d}", filter=name)
            for order, (name, declared) in enumerate(sem.visible(place, context).items())]


def _go_quoted(name: str) -> str:
    """`name` as the text of a Go double-quoted string."""
    return name.replace("\\", "\\\\").replace('"', '\\"')


def _contexts(sem, place: semantics.Place, span: Span, prefix: str) -> list[Item]:
    """`.inputs`, `.secrets`, `.env`, and `.matrix` in a job that has one."""
    items = []
    for order, context in enumerate(semantics.CONTEXTS):
        count = len(sem.visible(place, context))
        if context == semantics.MATRIX and sem.matrix_of(place.job) is None:
            continue
        word = WHAT[context]
        words = word + ("es" if word.endswith("s") else "s")  # "secret aliases"
        detail = f"{count} {word if count == 1 else words}" if count else f"no {words} here"
        new_text = f"{prefix}.{context}"
        items.append(Item(context, "context", span, new_text, detail, sort=f"{order}",
                          filter=new_text))
    return items


def _held_names(sem, place: semantics.Place, held: tuple[str, ...] | None,
                span: Span, indexed) -> list[Item]:
    """In the body of `${{ with .inputs }}`, where `.` is `.inputs`: its names, each with
    its dot (`.epochs`), a name no path reads by `indexed` (`index . "my-input"`: WF401
    flagged the `.my-input` written); nothing where `.` is a value or of unknown shape (in
    a `range`)."""
    if held is None or len(held) != 1 or held[0] not in semantics.CONTEXTS:
        return []
    return [replace(item, new_text=f".{item.label}", filter=f".{item.label}")
            if _GO_NAME.fullmatch(item.label) else indexed(item)
            for item in _names_of(sem, place, held[0], span)]


def _names_of(sem, place: semantics.Place, context: str, span: Span) -> list[Item]:
    """The names `context` holds at `place`, each with what it is."""
    return [Item(name, "name", span, name, _name_detail(context, declared), sort=f"{order:04d}")
            for order, (name, declared) in enumerate(sem.visible(place, context).items())]


def input_facts(kind: str | None, required: bool, default: str | None) -> str:
    """An input's detail: `int · optional · default 10`, `string · required`."""
    facts = [kind or "no type", "required" if required else "optional"]
    if default is not None:
        facts.append(f"default {default}")
    return " · ".join(facts)


def _name_detail(context: str, declared) -> str:
    if context == semantics.INPUTS:
        default = declared.default
        return input_facts(declared.type, declared.required,
                           str(default.value) if default is not None and default.id == "scalar"
                           else None)
    if context == semantics.SECRETS:
        return declared.name or "secret"
    if context == semantics.MATRIX:
        return ", ".join(declared.values)
    value = declared.value
    shown = "not a string" if value is None else value.split("\n", 1)[0][:40]
    return f"{shown} · {declared.level} env"
