"""What every rule gets: one document, its own code and severity; helpers rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

from wf_lsp.config import Config
from wf_lsp.durations import MAX_NS, canonical
from wf_lsp.findings import Finding, Fix, Related, Severity, Span, moved_findings, shortened
from wf_lsp.fixes import merged, replace_value
from wf_lsp.memo import NodeMemo
from wf_lsp.model import DurationValue, Entry, Job, Section, Workflow, mapping_of
from wf_lsp.parse import Parsed, Source, walk
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record, replace
from wf_lsp.rules.durations import check_value
from wf_lsp.suppression import Usage
from wf_lsp.workspace import View, WorkflowEntry

# What would break a message over lines (or write a control character to a terminal):
# the rules' own words have none, but they quote the user's names (`"a\nb":` as a job id).
_LINE_BREAKING = LazyPattern("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TEXT, _YAML_TYPE = attrgetter("text"), attrgetter("yaml_type")
# One value's problems of one rule listed one by one, at most, as a compiler stops after
# so many errors in one construct: a pasted cron of 100,000 bad items was 100,000
# diagnostics, seconds to send and a problems panel no one reads (`Context.capped`).
PER_VALUE = 20
# The sections that are items of a list or mapping, which may hold any number of them:
# where their findings are capped together (`Context.each_section`).
_ITEMS = {"input": "the workflow's inputs", "secret": "the workflow's secrets",
          "schedule": "the schedules", "step": "this job's steps",
          "upload": "this job's uploads", "download": "this job's downloads"}


def _spanning(findings: Sequence[Finding]) -> Span:
    """From the first start of `findings` to their last end."""
    return Span(min(f.span.start for f in findings), max(f.span.end for f in findings))


@record
class Context:
    source: Source
    parsed: Parsed
    workflow: Workflow | None  # None for a rule that checks the whole file (WF001)
    config: Config
    code: str  # of the rule being run
    severity: Severity  # its configured severity
    # What the rules of one workflow compute once for all of them: each duration's check
    # (for the eleven duration rules), the jobs' nodes, what is declared outside `jobs`.
    shared: dict = field(default_factory=dict, compare=False, repr=False)
    # For `unused-suppression` alone, in its run after the others: what the comments did.
    usage: Usage | None = None
    # The workspace as this file sees it, and the workflow being checked as it is known
    # there: what the rules about calls between workflows read.
    workspace: View | None = None
    entry: WorkflowEntry | None = None
    # Results of the previous analysis of the document by node (`wf_lsp.memo`).
    memo: NodeMemo | None = field(default=None, compare=False, repr=False)
    # The rule's messages name line numbers (`NAMES_LINES`): its findings are not moved.
    names_lines: bool = False
    # Its findings mark what does nothing (`UNNECESSARY`), unless one says otherwise.
    unnecessary: bool = False
    # Whether an ignore comment silences a finding of a code starting on a line: such a
    # finding is never folded into a capped one's rest (`capped`), where the comment was
    # said to silence nothing (WF010) and the problem was counted all the same.
    silenced: Callable[[str, int], bool] | None = field(default=None, compare=False,
                                                        repr=False)

    def per_job(self, part: str, items: Sequence[T], check: Callable[[T], Iterable[Finding]],
                token: Any = None, anchor: Callable[[T], Any] | None = None) -> list[Finding]:
        """`check(item)`'s findings for each of `items`, in order, kept job by job as
        `Workflow.per_job` says (`check` must read only the item, its lines, the
        configuration and what `token` stands for), and moved with a job that lines
        added or removed above it moved (`anchor(item)`: the mapping the item is read
        from; by default a `Job`'s, or the first of a tuple of sections'). `part` tells
        apart the checks of one rule."""
        return self.workflow.per_job(
            f"{self.code}:{self.severity}:{part}", items, check, token,
            None if self.names_lines else moved_findings, anchor or mapping_of)

    def while_same(self, part: str, token: Any, check: Callable[[], Iterable[Finding]]
                   ) -> list[Finding]:
        """`check()`'s findings, kept from the previous analysis while `token` (what they
        are made from) is equal (`NodeMemo.while_same`)."""
        if self.memo is None:
            return list(check())
        return self.memo.while_same(f"{self.code}:{self.severity}:{part}", token,
                                    lambda: list(check()))

    def each_duration(self, part: str, check: Callable[[DurationValue], Iterable[Finding]]
                      ) -> list[Finding]:
        """`check(value)`'s findings for every timeout once (`Workflow.durations`); job by
        job, kept with the job, where jobs share no node."""
        if self.memo is None or not self.workflow.plain:
            return [finding for value in self.workflow.durations for finding in check(value)]
        return self.per_job(part, self.workflow.jobs,
                            lambda job: [f for value in job.timeouts for f in check(value)])

    def walk_by_job(self, part: str,
                    check: Callable[[Iterable[Any], Sequence[Section]], Iterable[Finding]]
                    ) -> Iterator[Finding]:
        """`check(nodes, sections)`'s findings over every mapping and list of the
        workflow, a parent before its children, with the sections among them: one walk
        per job (reused for a job the edit did not touch: `check` reads only the nodes
        and sections it is given), and one for the rest. Where jobs may share nodes, one
        walk of all. The nodes of a walk are kept for the other rules of the workflow that
        walk (WF002, WF005): walked once."""
        def collections(node: Any) -> bool:
            return node.id != "scalar"

        workflow = self.workflow
        root = workflow.root.node
        if self.memo is None or not workflow.plain:
            yield from check(walk([root], collections), workflow.sections)
            return
        walked = self.shared.get("collections")
        if walked is None:  # made once for the rules of one workflow
            jobs = {id(job.section.node) for job in workflow.jobs if job.section is not None}
            walked = self.shared["collections"] = (
                list(walk([root], lambda node: collections(node) and id(node) not in jobs)), {})
        outside, by_job = walked

        def in_job(sections: tuple[Section, ...]) -> Iterable[Finding]:
            node = sections[0].node
            nodes = by_job.get(id(node))
            if nodes is None:
                nodes = by_job[id(node)] = list(walk([node], collections))
            return check(nodes, sections)

        yield from check(outside, (*workflow.loose[0], *workflow.loose[1]))
        yield from self.per_job(part, [job.sections for job in workflow.jobs if job.sections],
                                in_job)

    def each_job(self, part: str, check: Callable[[Job], Iterable[Finding]]
                 ) -> list[Finding]:
        """`check(job)`'s findings for every job, in order; kept with the job (`per_job`:
        `check` reads only the job, its id and what its mapping holds)."""
        return self.per_job(part, self.workflow.jobs, check)

    def each_section(self, check: Callable[[Any], Iterable[Finding]]) -> list[Finding]:
        """`check(section)`'s findings for every section, in document order: those of a
        job the edit did not touch are kept (`check` reads only its section)."""
        def group(sections: tuple[Section, ...]) -> list[Finding]:
            # A list's or mapping's items (100,000 inputs of `type: strng`) are capped as
            # one value's problems are: their findings by kind, the first of each listed.
            found: list[Finding] = []
            items: dict[str, list[Finding]] = {}
            for section in sections:
                where = _ITEMS.get(section.kind)
                (found if where is None else items.setdefault(where, [])).extend(
                    check(section))
            for where, findings in items.items():
                found.extend(self.capped(findings, where))
            return found

        return self.per_job("sections", [sections for _, sections in self.workflow.section_groups],
                            group)

    def report(self, message: str, span: Span, fixes: tuple[Fix, ...] = (),
               related: tuple[Related, ...] = (), unnecessary: bool | None = None) -> Finding:
        """A finding of this rule, at its configured severity; faded in editors as the rule
        says (`UNNECESSARY`), unless `unnecessary` says otherwise."""
        return Finding(self.code, one_line(message), span, self.severity,
                       tuple(_titled_on_one_line(fix) for fix in fixes),
                       tuple(_titled_on_one_line(place) for place in related),
                       self.unnecessary if unnecessary is None else unnecessary)

    def capped(self, findings: Sequence, where: str,
               finding: Callable[[Any], Finding] | None = None,
               fixes: Callable[[Any], Iterable[Fix]] | None = None,
               span: Callable[[Sequence], Span] | None = None) -> Sequence[Finding]:
        """This rule's `findings` about one value (`where`: "this schedule"): past
        `PER_VALUE`, the first as they are and one finding over the rest, saying how many;
        its fix makes the rest's safe fixes at once (`fixes.merged`: what `--fix` made of
        them), their unsafe ones are offered once they are listed.

        `findings` may be what each is made of, and `finding(item)` what makes it; then
        only the first are made, and of the rest, `fixes(item)`, the safe fixes each would
        have, and `span(rest)`, where they would be (a finding for each of a 100,000-item
        cron's problems was most of its lint, for 21 findings)."""
        if len(findings) <= PER_VALUE + 1:  # one more is said as itself: "1 more" says less
            return findings if finding is None else [finding(item) for item in findings]
        if self.silenced is not None:  # (a file with ignore comments: each finding made)
            made = findings if finding is None else [finding(item) for item in findings]
            apart = [f for f in made if self.silenced(f.code, f.span.start.line)]
            if apart:
                rest = [f for f in made if not self.silenced(f.code, f.span.start.line)]
                return [*self.capped(rest, where), *apart]
        rest = findings[PER_VALUE:]
        listed = findings[:PER_VALUE] if finding is None else [
            finding(item) for item in findings[:PER_VALUE]]
        # A finding over a list's rest in a mapping's rest stands for its problems.
        count = len(rest) if finding is not None else sum(f.count for f in rest)
        fix = merged(f"Make the safe fixes of the {count} more",
                     (fix for f in rest for fix in (fixes or attrgetter("fixes"))(f)))
        summary = self.report(f"{count} more like these in {where} (the first "
                              f"{PER_VALUE} are listed)", (span or _spanning)(rest),
                              (fix,) if fix else ())
        return [*listed, replace(summary, count=count)]

    def replace_value_fix(self, title: str, value: DurationValue, new_text: str,
                          safe: bool) -> Fix:
        """A fix that writes `new_text` in place of a duration value, keeping its quotes;
        in the group of its job's timeouts."""
        edit = replace_value(self.source, value.span, value.style, value.text, new_text)
        job, _ = self.workflow.owner_of(value)
        return Fix(title, (edit,), safe, group=self.workflow.timeouts_group(job))

    def raise_fix(self, title: str, value: DurationValue, total: int) -> tuple[Fix, ...]:
        """The guess that raises a job's timeout `value` to `total` (WF202, WF606), titled
        `title` and the new text; none past Go's largest duration (no timeout the engine
        can read). Past `max-job-timeout` it is offered in the editor only (`placeholder`):
        `--unsafe-fixes` would take it back for the WF204 it brings, and the summary would
        count it as a hidden fix all the same."""
        if total > MAX_NS:
            return ()
        text, most = canonical(total), self.config.max_job_timeout
        if most is not None and total > most:
            return (replace(self.replace_value_fix(
                f"{title} {text}, past max-job-timeout {canonical(most)}", value, text,
                safe=False), placeholder=True),)
        return (self.replace_value_fix(f"{title} {text}", value, text, safe=False),)

    def rename_key_fix(self, entry: Entry, new_key: str, safe: bool = True) -> Fix:
        """The fix renaming `entry`'s key to `new_key`, keeping its quotes
        (`"depends-on":` → `"depends_on":`); safe unless said otherwise."""
        key = entry.key_node
        edit = replace_value(self.source, entry.key_span, key.style, entry.key, new_key)
        return Fix(f"Rename to `{new_key}`", (edit,), safe=safe)

    def duration_findings(self, more: Callable[[DurationValue], tuple[Fix, ...]] | None = None
                          ) -> list[Finding]:
        """This duration rule's findings: each value gets the one of the first duration
        rule that objects to it (`wf_lsp.rules.durations`), with the fixes its verdict
        suggests and those `more` makes from where the value is (its job and step)."""
        def finding(value: DurationValue, check) -> Finding:
            fixes = tuple(self.replace_value_fix(s.title, value, s.new_text, s.safe)
                          for s in check.suggestions)
            if more is not None:
                fixes += more(value)
            related = (() if value.read_at is None else
                       (Related(value.read_at, f"read as a `{value.key}` here, through an alias"),))
            return self.report(check.message, value.span, fixes, related)

        code = self.code
        if self.memo is not None and self.workflow.plain:
            # Job by job, kept with the job: an edit checks the values of one. A job's
            # values are sorted by code once for the eleven rules (`each_duration` had
            # each rule ask every value of the workflow again).
            by_job = self.shared.setdefault("durations by job", {})

            def of_job(job: Job) -> list[Finding]:
                by_code = by_job.get(id(job))
                if by_code is None:
                    by_code = by_job[id(job)] = _by_code(job.timeouts)
                return [finding(value, check) for value, check in by_code.get(code, ())]
            return self.per_job("duration", self.workflow.jobs, of_job)
        by_code = self.shared.get("durations")
        if by_code is None:
            by_code = self.shared["durations"] = _by_code(self.workflow.durations)
        return [finding(value, check) for value, check in by_code.get(code, ())]


def _by_code(values: Sequence[DurationValue]) -> dict[str, list[tuple[DurationValue, Any]]]:
    """The values a duration rule objects to, with its check, by the rule's code."""
    by_code: dict[str, list[tuple[DurationValue, Any]]] = {}
    # Checked in C (`check_value` is an lru_cache): a large workflow has thousands.
    checks = map(check_value, map(_TEXT, values), map(_YAML_TYPE, values))
    for value, check in zip(values, checks):
        if check.code is not None and "${{" not in (value.text or ""):
            # (an expression is not a duration to check: WF406 says so)
            by_code.setdefault(check.code, []).append((value, check))
    return by_code


# A message names this many choices at most: enough to spot a slip, short enough to read.
MAX_LISTED = 8


def name_list(names, total: int | None = None) -> str:
    """Names for a message: `a`, `b`, ... and 117 more (`none` when there are none).
    `total`: how many there are, when `names` holds only the first of them."""
    names = list(names)
    shown = ", ".join(f"`{shortened(n)}`" for n in names[:MAX_LISTED]) or "none"
    more = (len(names) if total is None else total) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def shown_name(name: str) -> str:
    """A name as a message writes it: `train`; in words where backquotes would show
    nothing to see: an empty name, a name of whitespace alone (`"   ":`)."""
    if not name:
        return "an empty name"
    if not name.strip():
        return "a name of whitespace alone"
    return f"`{shortened(name)}`"


def _titled_on_one_line(item: T) -> T:
    """A `Fix` with its title, or a `Related` with its message, through `one_line`: they
    quote names too, and outputs print them a line each (`= help:`, `= note:`)."""
    attribute = "title" if isinstance(item, Fix) else "message"
    text = getattr(item, attribute)
    shown = one_line(text)
    return item if shown is text else replace(item, **{attribute: shown})


def one_line(message: str) -> str:
    """`message` on one line, what the user wrote escaped as in a double-quoted YAML
    string (`a\\nb`): every output prints a finding a line, and reporters read them so."""
    # None of those characters is printable: a message that is all printable (nearly
    # every one) is left as it is without the pattern, which is compiled only if needed.
    if message.isprintable() or _LINE_BREAKING.search(message) is None:
        return message
    return _LINE_BREAKING.sub(
        lambda m: _ESCAPES.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                                         else f"\\u{ord(m[0]):04x}"), message)
