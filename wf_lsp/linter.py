"""Text → findings: the one lint that the front door, the CLI and the language server share.

parse (with recovery) → decide whether this is a workflow → build the model in one walk
→ run every enabled rule over it → drop suppressed findings → sort.

`analyze` keeps everything it built in an `Analysis` (the parse tree, the model), for
the editor features that answer from it. What leaves the package is a `Report`: data
only, no parse tree. Neither touches the garbage collector (see `wf_lsp.gc_policy`).
"""

from __future__ import annotations

import re
from operator import attrgetter

from wf_lsp.config import Config
from wf_lsp.detect import EMPTY, classify
from wf_lsp.findings import Finding, Fix, Span
# tally_by_code: for `wf-lsp lint --show-fixes`, which reaches the fix engine through here.
from wf_lsp.fixes import fix_until_stable, guess_until_stable, tally, tally_by_code  # noqa: F401
from wf_lsp.incremental import reparse
from wf_lsp.memo import NodeMemo
from wf_lsp.model import Workflow, aliased_scalars, build, span_of
from wf_lsp.parse import BOM, Parsed, Source, may_share_nodes, parse, walk
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record, replace
from wf_lsp.rules import RULES, enabled_rules, unused_suppression
from wf_lsp.rules import run as run_rules
from wf_lsp.rules.base import Context
from wf_lsp.settings import selector
from wf_lsp.suppression import Suppressions, Usage, mentions, scan
from wf_lsp.workspace import Workspace, WorkflowEntry, entries_of


EXCLUDED = "excluded by configuration"  # why a file the config's `exclude` names is skipped


@record
class Report:
    """What linting one file found: its findings, or why it was skipped or not read.

    Plain data (frozen dataclasses, strings and numbers): it can be kept, compared,
    pickled and sent between processes.
    """

    path: str | None  # as given (None for a text without one)
    findings: tuple[Finding, ...] = ()
    source: Source | None = field(default=None, repr=False)  # BOM removed; None: not read
    skipped: str | None = None  # why it is not linted (not a workflow, excluded)
    error: str | None = None  # why it could not be read or configured
    internal: bool = False  # the error is a failure of wf-lsp itself (a bug), not the file's

    @property
    def linted(self) -> bool:
        """True when the file was read and linted as a workflow."""
        return self.skipped is None and self.error is None


@record
class FixResult:
    """The text after applying fixes until nothing changes, and what remains in it."""

    source: Source  # the fixed text, BOM removed
    # The original's findings that the fixed text no longer has (not the fixes applied:
    # one fix may settle two findings, or reveal one that the next pass fixes).
    fixed: int
    findings: tuple[Finding, ...]  # the findings of the fixed text
    new: int = 0  # of those, how many the original did not have (the fixes brought them)

    @property
    def text(self) -> str:
        """The fixed text as it is to be written: with the BOM the original had."""
        return BOM + self.source.text if self.source.had_bom else self.source.text


@record
class Analysis:
    """One lint of one text with everything it built: parse tree, model, findings.

    Internal: it holds ruamel nodes (`parsed`). The editor features answer from it;
    callers outside the package get its `report`.
    """

    path: str | None
    source: Source
    parsed: Parsed
    workflows: tuple[Workflow, ...]
    findings: tuple[Finding, ...]
    skipped: str | None = None  # why the file is not linted; None when it was
    suppressions: Suppressions = Suppressions()
    config: Config = field(default_factory=Config)
    entries: tuple[WorkflowEntry, ...] = ()  # what the workspace index keeps of it
    workspace: Workspace | None = field(default=None, compare=False, repr=False)
    # What was computed from single nodes: the next analysis of the document reuses it.
    memo: NodeMemo | None = field(default=None, compare=False, repr=False)
    # The earlier text whose parse this one's was spliced from (`parsed.edit` says which
    # lines differ from it). In the server, the text the last diagnostics were made from:
    # held anyway.
    spliced_from: Source | None = field(default=None, compare=False, repr=False)
    # While a syntax error stands: the document's last analysis without one. The text
    # that closes the quote or bracket is spliced from it (the analyses with the error
    # kept only the part before it).
    before_error: Analysis | None = field(default=None, compare=False, repr=False)

    @property
    def is_workflow(self) -> bool:
        return self.skipped is None

    @property
    def being_written(self) -> bool:
        """A skipped text with a workflow being started in it (`detect.Verdict.started`):
        no finding, but `workflows` holds its model, for hover and completion."""
        return self.skipped is not None and bool(self.workflows)

    @property
    def empty(self) -> bool:
        """Whether the text holds nothing but blank lines and comments."""
        return self.skipped == EMPTY

    @property
    def report(self) -> Report:
        """The findings as plain data, without the parse tree and model."""
        return Report(self.path, self.findings, self.source, self.skipped)


def analyze(text: str, *, path: str | None = None, config: Config | None = None,
            workspace: Workspace | None = None, previous: Analysis | None = None) -> Analysis:
    """Lint one file's text. `path` matches the config's include/exclude and names the
    file in the `workspace` (the other workflows calls are checked against; without
    one, the text is its own workspace).

    `previous`, the analysis of an earlier text of the same document, lets the parse of
    what the edit did not touch be reused (`wf_lsp.incremental`), and what was computed
    from its nodes alone (`wf_lsp.memo`); the result is the same.
    """
    config = config or Config()
    source = Source.from_text(text)
    before_error, closed = None, None
    if previous is not None:
        before_error = previous if previous.parsed.complete else previous.before_error
        if before_error is not None and not previous.parsed.complete:
            closed = reparse(before_error.source, before_error.parsed, source)
            if closed is not None and closed.complete:  # the error is gone: from before it
                previous = before_error
            else:
                closed = None
    parsed, roots, skipped = _read(source, path, config, previous, closed)
    if parsed.complete:
        before_error = None
    if skipped is not None:  # `roots`: workflows being started, modelled but not linted
        workflows = tuple(build(root, source) for root in roots)
        return Analysis(path, source, parsed, workflows, (), skipped, config=config,
                        before_error=before_error)

    carried = previous is not None and previous.memo is not None and previous.config == config
    memo = NodeMemo(previous.memo if carried else None,
                    same_tree=carried and parsed.roots is previous.parsed.roots)
    if parsed.moved:  # lines came or went: what is below moved with them
        if carried:
            first, end, new_end = parsed.edit
            memo.moved = (first, end, new_end - end, parsed.moved)
        parsed = replace(parsed, moved=None)  # kept, it would keep the earlier tree
    workflows = tuple(build(root, source, memo) for root in roots)
    entries = entries_of(workflows, source, path, parsed.whole)
    view = (workspace or Workspace()).view(entries[0].path if entries else path, entries)
    # The rules' config for this file: `per-file-ignores` applied (the memo above is kept
    # by `config`, the same for every text of a document, as its path is).
    ruled = config.for_file(path)
    suppressions, mentioned = Suppressions(), mentions(source.text)
    if mentioned:
        suppressions = scan(source.lines, *_text_regions(parsed.roots), resolve=selector)
    findings = run_rules(source, parsed, workflows, ruled, view, memo,
                         suppressions.silences if suppressions.comments else None)
    if may_share_nodes(source.text) and any(f.safe_fix for f in findings):
        findings = _not_safe_where_aliased(findings, aliased_scalars(parsed.roots))

    if not parsed.whole:
        cut = _cut_value(parsed.roots)
        if cut:
            findings = [f for f in findings if f.code == "WF001" or f.span not in cut]

    if mentioned:
        findings = _suppress(findings, suppressions, source, parsed, ruled, workflows,
                             view.workspace.indexed, not view.workspace.unread)
    unique = dict(zip(map(_SAME_FINDING, findings), findings))
    ordered = tuple(sorted(unique.values(), key=_READING_ORDER))
    memo.seal()
    return Analysis(path, source, parsed, workflows, ordered, None, suppressions, config,
                    entries, workspace, memo,
                    previous.source if parsed.edit is not None else None, before_error)


def _read(source: Source, path: str | None, config: Config, previous: Analysis | None = None,
          spliced: Parsed | None = None):
    """The parse of a text and its workflow documents' roots; or why it is no workflow,
    and the roots of the workflows being started in it. The parse is spliced from
    `previous` where `wf_lsp.incremental` can (`spliced`, when that is done already)."""
    forced = config.classify(path)
    if forced == "exclude":
        return Parsed((), None), (), EXCLUDED
    parsed = spliced
    if parsed is None and previous is not None:
        parsed = reparse(previous.source, previous.parsed, source)
    if parsed is None:
        # A key being typed: the text around it spliced from the previous one's parse.
        parsed = parse(source, splice=None if previous is None or not previous.parsed.complete
                       else lambda text: reparse(previous.source, previous.parsed, text))
    if forced == "include":
        return parsed, tuple(root for root in parsed.roots if root.id == "mapping"), None
    verdict = classify(parsed, source.text)
    if not verdict.is_workflow:
        return parsed, verdict.started, verdict.reason
    return parsed, verdict.roots, None


def why_not_linted(text: str, *, path: str | None = None, config: Config | None = None) -> str | None:
    """Why `analyze` would pass the text over (no workflow, nor one being started, or
    excluded), without building or linting it; None when it is ours."""
    _, started, skipped = _read(Source.from_text(text), path, config or Config())
    return None if started else skipped


# A workflow has an `id` key: a file without the word needs no parse to be indexed.
_MAY_HAVE_ID = re.compile(r"""(?<![\w-])["']?id["']?[ \t]*:""")
# A root `id` as nearly every workflow writes it: at the start of a line, a plain or
# simply quoted value. A plain value is words with blanks between them, never ending in
# one: a value that may end in blanks before `[ \t]*` retried those at each of its
# lengths, and a neighbour's `id:` line with a long blank run stalled every lint of the
# project (40,000 spaces: 50 s).
_ROOT_ID = LazyPattern(r"""^["']?id["']?[ \t]*:[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|"""
                       r"""([^\s"'&*!|>{\[#](?:[ \t]*[^ \t#\n])*))[ \t]*(?:#.*)?$""", re.M)


def sniff_ids(text: str) -> frozenset[str] | None:
    """The ids a file's workflows may have, read off its lines without parsing: empty
    when it has no `id` key; None when one is written otherwise (then only a parse can
    tell). What a lint of one file in a large project saves: the parse of every
    workflow that cannot matter to it (`files.index_workspace`)."""
    if not _MAY_HAVE_ID.search(text):
        return frozenset()
    found = frozenset(next(v for v in m.groups() if v is not None)
                      for m in _ROOT_ID.finditer(text))
    return found or None


def index_text(text: str, *, path: str | None = None, config: Config | None = None,
               keep: dict[str | None, Analysis] | None = None) -> tuple[WorkflowEntry, ...]:
    """What the workspace index keeps of a file's text: its workflows' entries, read
    without running a rule (and without parsing a file that has no `id` key).

    With `keep`, the parse and model are kept there under `path`, as an analysis with no
    findings that `analyze(text, previous=...)` of the same text starts from: the file
    about to be linted is then parsed once, not twice."""
    if not _MAY_HAVE_ID.search(text):
        return ()
    config = config or Config()
    source = Source.from_text(text)
    parsed, roots, skipped = _read(source, path, config)
    if skipped is not None:
        return ()
    memo = NodeMemo()
    workflows = tuple(build(root, source, memo) for root in roots)
    entries = entries_of(workflows, source, path, parsed.whole)
    if keep is not None:
        memo.seal()
        keep[path] = Analysis(path, source, parsed, workflows, (), config=config,
                              entries=entries, memo=memo)
    return entries


def _not_safe_where_aliased(findings: list[Finding],
                            shared: dict[Span, tuple[str, ...]]) -> list[Finding]:
    """The findings, each safe fix that edits a value aliases use under other keys made
    unsafe: offered, naming those keys, and never applied by `--fix`."""
    if not shared:
        return findings

    def uses(fix: Fix) -> tuple[str, ...] | None:
        for edit in fix.edits:
            e = edit.span
            for span, keys in shared.items():
                if (e.start < span.end and span.start < e.end) or (
                        e.start == e.end and span.start <= e.start <= span.end):
                    return keys
        return None

    out = []
    for finding in findings:
        if finding.safe_fix is not None and any(uses(fix) for fix in finding.fixes if fix.safe):
            fixes = []
            for fix in finding.fixes:
                keys = uses(fix) if fix.safe else None
                if keys:
                    names = ", ".join("a list item" if k == "-" else "a complex key" if k == "?"
                                      else f"`{k}`" for k in keys)
                    fix = replace(fix, title=f"{fix.title} (an alias also uses this value as {names})",
                                  safe=False)
                fixes.append(fix)
            finding = replace(finding, fixes=tuple(fixes))
        out.append(finding)
    return out


def _suppress(findings: list[Finding], suppressions: Suppressions, source: Source,
              parsed: Parsed, config: Config, workflows: tuple[Workflow, ...],
              indexed: bool = True, read_whole: bool = True) -> list[Finding]:
    """The findings no comment silences, and the comments that silence nothing (or name
    no rule), reported by `unused-suppression` when it runs; only the comments that
    name that rule itself can silence it."""
    used: set[tuple[int, int]] = set()
    kept = []
    for finding in findings:
        silencers = suppressions.silencers(finding.code, finding.span.start.line)
        used.update(silencers)
        if not silencers:
            kept.append(finding)
    code = unused_suppression.CODE
    ran = frozenset(rule.code for rule in enabled_rules(parsed, config, indexed, read_whole))
    if code not in ran:
        return kept
    # After a syntax error a comment may be for what could not be read: none is unused.
    usage = Usage(suppressions, frozenset(used), ran if parsed.whole else frozenset(), RULES,
                  _unread_timeouts(workflows))
    ctx = Context(source, parsed, None, config, code,
                  config.severity_of(code, RULES[code].severity), usage=usage,
                  unnecessary=RULES[code].unnecessary)
    for finding in RULES[code].check(ctx):
        if not suppressions.silencers(code, finding.span.start.line, exact=True):
            kept.append(finding)
    return kept


def _unread_timeouts(workflows: tuple[Workflow, ...]) -> dict[int, frozenset[str]]:
    """Where the timeout rules could not judge (`suppression.Usage.unread`): at a timeout
    that cannot be read (`3h 0m`, `-1h`, `abc`; not an expression, which is never read),
    and, in a job with other timeouts, for the rules of a job's timeouts together (WF202's
    sum) at all of its timeouts. As ruff's RUF100 is not raised where a syntax error kept
    rules from running, WF010 does not judge their ignore comments there: `3h 0m  #
    wf-lsp: ignore[WF201]` is needed once `--fix` writes `3h`."""
    lines: dict[int, set[str]] = {}
    for workflow in workflows:
        unread = [value for value in workflow.durations
                  if not value.usable and "${{" not in (value.text or "")]
        if not unread:
            continue
        by_job: dict[int, list[int]] = {}
        for value in workflow.durations:
            by_job.setdefault(id(workflow.owner_of(value)[0]), []).append(value.span.start.line)
        for value in unread:
            lines.setdefault(value.span.start.line, set()).add("each")
            job, _ = workflow.owner_of(value)
            together = by_job[id(job)] if job is not None else ()
            for line in together if len(together) > 1 else ():
                lines.setdefault(line, set()).add("job")
    return {line: frozenset(kinds) for line, kinds in lines.items()}


def fix_all(analysis: Analysis, *, unsafe: bool = False) -> FixResult:
    """Apply the safe fixes of `analysis`, lint again, and repeat until nothing changes:
    what `--fix`, fix-all and `wf_lsp.fix` do. `FixResult.fixed` counts the findings
    gone, and `new` those the fixes brought (`fixes.tally`).

    With `unsafe`, the findings left once the safe fixes are made (every value readable,
    the meaning the same) get their first offered fix, a guess, as
    `fixes.guess_until_stable` applies them (never at a finding a guess caused; one per
    job's timeouts per pass, and none that brings its job a new finding); then the safe
    fixes again. WF010's fixes, which remove ignore comments, wait until no other fix is
    left: a value fixed may bring what a comment silences."""
    if not analysis.is_workflow:
        return FixResult(analysis.source, 0, analysis.findings)
    original = analysis.source.text
    latest = [analysis]  # each pass lints the text the one before fixed: from its analysis

    def lint(text: str) -> tuple[Finding, ...]:
        if text == latest[0].source.text:  # linted already (the first pass, a guess undone)
            return latest[0].findings
        # What the fixes did not touch is reused (`wf_lsp.incremental`, `wf_lsp.memo`): a
        # few fixes in one job of a large file check that job again, not the file.
        latest[0] = analyze(text, path=analysis.path, config=analysis.config,
                            workspace=analysis.workspace, previous=latest[0])
        return latest[0].findings

    def safe(finding: Finding) -> Fix | None:
        # A fix of another file (a callee's) waits for the workspace's pass (`wf-lsp lint`).
        return next((fix for fix in finding.own_fixes if fix.safe), None)

    def last(finding: Finding) -> bool:
        return finding.code == unused_suppression.CODE

    def rewrite(finding: Finding) -> Fix | None:
        # WF010's one unsafe fix: a comment written another tool's way (`# noqa: WF203`)
        # made one wf-lsp reads before any guess, which would otherwise be made at what
        # the comment meant to silence (a timeout added to the job).
        return next((fix for fix in finding.own_fixes if not fix.safe), None)

    text = original
    if unsafe:
        made = fix_until_stable(text, lint, lambda f: rewrite(f) if last(f) else safe(f))
        text = guess_until_stable(made.text, made.findings, lint, _guess).text
    outcome = fix_until_stable(text, lint, safe, last)
    if outcome.text == original:
        return FixResult(analysis.source, 0, analysis.findings)
    gone, new = tally(analysis.findings, outcome.findings)
    return FixResult(Source(outcome.text, analysis.source.had_bom), gone, outcome.findings, new)


def _guess(finding: Finding) -> Fix | None:
    """A finding's first offered fix when it has no safe one (that one was made, or
    waits for the comments' pass), but not one that writes a placeholder."""
    own = finding.own_fixes
    if any(fix.safe for fix in own):
        return None
    return next((fix for fix in own if not fix.placeholder), None)


def other_file_fix(finding: Finding) -> Fix | None:
    """The fix of a finding that edits another file than its own (a called workflow made
    callable), when it has no fix in its own: `wf-lsp lint` makes it with `--unsafe-fixes`,
    once the files' own fixes are made."""
    fix = finding.fix
    return fix if fix is not None and fix.path is not None and not finding.own_fixes else None


def hidden_fix(finding: Finding) -> bool:
    """Whether `--unsafe-fixes` would make a fix for `finding`, one of those left once the
    safe fixes are made: a guess in its own file (`_guess`: no placeholder), or the fix of
    the workflow it calls. The summary's "N hidden fixes" counts these, as ruff counts the
    unsafe fixes it would make."""
    return _guess(finding) is not None or other_file_fix(finding) is not None


# By start, code and end: keys read in C, of ints, which compare at C speed (Position
# records compare in Python); with the message, what tells two findings apart.
_READING_ORDER = attrgetter("span.start.line", "span.start.column", "code",
                            "span.end.line", "span.end.column")
_SAME_FINDING = attrgetter("span.start.line", "span.start.column", "code",
                           "span.end.line", "span.end.column", "message")


def _cut_value(roots) -> tuple[Span, ...]:
    """Where the empty value the part before a syntax error ends with is, if any: its
    span, and its key's (where findings about an empty value are reported).

    `b:` whose content was on the lines cut off reads as null: findings about it
    ("must be a mapping, not empty") describe the cut, not the user's text.
    """
    node, key = (roots[-1] if roots else None), None
    while node is not None and node.id != "scalar":
        if not node.value:
            return ()
        key, node = node.value[-1] if node.id == "mapping" else (None, node.value[-1])
    if node is None or node.tag != "tag:yaml.org,2002:null" or node.value:
        return ()
    return (span_of(node),) + ((span_of(key),) if key is not None else ())


def _text_regions(roots) -> tuple[frozenset[int], tuple[Span, ...]]:
    """Where a `#` is text, not a comment: the lines inside block scalars (`run: |`), and
    quoted scalars that mention wf-lsp (`run: "echo '# wf-lsp: ignore'"`)."""
    lines: set[int] = set()
    quoted: list[Span] = []
    for node in walk(roots):
        if node.id == "scalar":
            if node.style in ("|", ">"):
                lines.update(range(node.start_mark.line + 1, span_of(node).last_line + 1))
            elif node.style in ('"', "'") and mentions(node.value):
                quoted.append(span_of(node))
    return frozenset(lines), tuple(quoted)

