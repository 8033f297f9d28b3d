"""The one fix engine: `--fix`, `--diff`, the editor's quick fixes and fix-all use it.

Edits are in code points on the text without BOM. Overlapping edits are never applied
together: the later one waits for the next pass, after a re-lint (as ruff does), so
the result always parses and converges.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from wf_lsp.findings import Edit, Finding, Fix, Position, Span
from wf_lsp.model import SHARED_TIMEOUTS, span_of
from wf_lsp.parse import Source, line_starts
from wf_lsp.records import record

MAX_PASSES = 10


def apply_fixes(source: Source, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply whole fixes whose edits overlap no other chosen edit; returns the new
    text and how many fixes were applied. A fix is applied entirely or not at all."""
    starts = line_starts(source)
    taken: list[tuple[int, int]] = []  # sorted; they do not overlap, so ends rise too
    chosen: list[tuple[int, int, str]] = []
    count = 0
    for fix in fixes:
        spans = [(_offset(source, starts, e.span.start), _offset(source, starts, e.span.end), e.new_text)
                 for e in fix.edits]
        if any(_clashes(taken, start, end) for start, end, _ in spans):
            continue  # the next pass, after a re-lint, gets it
        for start, end, _ in spans:
            insort(taken, (start, end))
        chosen.extend(spans)
        count += 1
    # The new text in one pass over the edits in order (cutting the whole text anew per
    # edit made tens of thousands of fixes on a 5 MB file quadratic).
    text, pieces, at = source.text, [], 0
    for start, end, new_text in sorted(chosen):
        pieces += (text[at:start], new_text)
        at = end
    pieces.append(text[at:])
    return "".join(pieces), count


def merged(title: str, fixes: Iterable[Fix]) -> Fix | None:
    """One safe fix making at once what `--fix` would make of `fixes` in one pass: the
    safe ones of this file whose edits overlap none taken before (those wait for the next
    pass, after a re-lint, as they would have); None when there is none. A fix of a
    group is left out: its group's fixes are never made in one pass."""
    taken: list[tuple[tuple[int, int], tuple[int, int]]] = []
    edits: list[Edit] = []
    for fix in fixes:
        if not fix.safe or fix.path is not None or fix.group is not None or fix.placeholder:
            continue
        # As (line, column) tuples: compared in C, not by the records' own methods.
        spans = [((e.span.start.line, e.span.start.column), (e.span.end.line, e.span.end.column))
                 for e in fix.edits]
        if any(_clashes(taken, start, end) for start, end in spans):
            continue
        for span in spans:
            insort(taken, span)
        edits.extend(fix.edits)
    return Fix(title, tuple(edits), safe=True) if edits else None


def _clashes(taken: list[tuple], start, end) -> bool:
    """Whether [start, end) overlaps an edit in `taken`: only its neighbours are looked
    at (comparing with every chosen edit made a fix of 70,000 findings quadratic)."""
    at = bisect_left(taken, (start, start))
    before = at - 1
    while before >= 0 and taken[before][1] >= start:
        if _overlaps(start, end, taken[before]):
            return True
        before -= 1
    after = at
    while after < len(taken) and taken[after][0] <= end:
        if _overlaps(start, end, taken[after]):
            return True
        after += 1
    return False


def _overlaps(start, end, other: tuple) -> bool:
    other_start, other_end = other
    if start == end or other_start == other_end:
        # An insertion conflicts with another at the same point (their order would be
        # a guess) or with a replacement strictly around it.
        return (start == end == other_start == other_end
                or other_start < start < other_end or start < other_start < end)
    return start < other_end and other_start < end


def _offset(source: Source, starts: list[int], pos: Position) -> int:
    if pos.line >= len(source.lines):
        return len(source.text)
    return starts[pos.line] + min(pos.column, len(source.line_text(pos.line)))


def replace_value(source: Source, span: Span, style: str | None, old: str | None,
                  new_text: str) -> Edit:
    """An edit that puts `new_text` in place of a scalar, keeping its quotes."""
    if style in ('"', "'"):
        if span.start.line == span.end.line:
            inner = Span.of(span.start.line, span.start.column + 1, span.end.line, span.end.column - 1)
            written = source.line_text(span.start.line)[inner.start.column : inner.end.column]
            if written == old and _quotable(new_text, style):
                return Edit(inner, new_text)
        return Edit(span, quoted(new_text))  # a quoted scalar over several lines included
    if style in ("|", ">"):
        # A block scalar ends at column 0 of the line after it: keep that line break, or
        # the next key would be pulled onto the value's line.
        last = span.last_line
        end = Position(last, len(source.line_text(last))) if last != span.end.line else span.end
        return Edit(Span(span.start, end), quoted(new_text))
    return Edit(span, new_text)


def insert_key(source: Source, section, line: str) -> Edit | None:
    """An edit that adds `line` (`timeout: "1h"`) to `section`, a `model.Section`: after a
    one-line `name`, where the format's docs put a timeout, else before its first key; in a
    flow mapping, first. None when the section has no key of its own to align with."""
    own = [entry for entry in section.entries if not entry.merged]
    if not own:
        return None
    at = min(entry.key_span.start for entry in own)
    if section.node.flow_style:  # {run: a} → {timeout: "30m", run: a}
        return Edit(Span(at, at), f"{line}, ")
    line_break = source.line_break(at.line)
    indent = " " * at.column
    name = section.get("name")
    if (name is not None and not name.merged
            and name.key_span.start.line == name.value_span.end.line
            and name.key_span.start.column == at.column):
        end = Position(name.key_span.start.line, len(source.line_text(name.key_span.start.line)))
        return Edit(Span(end, end), f"{line_break}{indent}{line}")
    return Edit(Span(at, at), f"{line}{line_break}{indent}")


def remove_item(source: Source, collection, index: int,
                written: Mapping[int, Span] | None = None) -> tuple[Edit, ...]:
    """The edits that take item `index` out of `collection` (a sequence or mapping node: an
    item, or a key with its value) with its separator, and never a comment: one after the
    item on its line stays, on that line alone. None (empty) for a block item that shares
    its line with another (`- name: x` is a key of the item's mapping); None too when an
    item is an alias (`[a, *d]`): its node, and so its marks, are its anchor's, elsewhere,
    unless `written` gives where a sequence's aliased items are written (by index: the
    `*d` of `parse.aliases`)."""
    if collection.id == "sequence":
        written = written or {}
        spans = [written.get(i) or span_of(item) for i, item in enumerate(collection.value)]
    else:
        spans = [Span(span_of(key).start, max(span_of(key).end, span_of(value).end))
                 for key, value in collection.value]
    whole = span_of(collection)
    if not all(whole.start <= a.start and a.end <= b.start and b.end <= whole.end
               for a, b in zip([Span(whole.start, whole.start), *spans],
                               [*spans, Span(whole.end, whole.end)])):
        return ()
    span = spans[index]
    last = span.last_line  # a block collection's value ends at column 0 of the next line
    if last != span.end.line:
        span = Span(span.start, Position(last, len(source.line_text(last))))
    before = source.line_text(span.start.line)[: span.start.column]
    after = source.line_text(span.end.line)[span.end.column :]
    flow = collection.flow_style
    previous = spans[index - 1] if index else None
    following = spans[index + 1] if index + 1 < len(spans) else None
    if flow:
        if previous is not None and _separates(source, previous.end, span.start):
            return (Edit(Span(previous.end, span.end), ""),)  # `[a, b]`: `, b`
        if following is not None and _separates(source, span.end, following.start):
            return (Edit(Span(span.start, following.start), ""),)  # `a, `
    # Alone on its lines: after the indentation, and a block sequence's dash.
    alone = not before.strip() or (before.strip() == "-" and collection.id == "sequence"
                                   and not flow)
    rest = after.lstrip()
    if flow and rest.startswith(","):
        rest = rest[1:].lstrip()
    if alone and (not rest or rest.startswith("#")):
        # Its lines go; a comment after it stays where it was, on a line of its own.
        lines = Span(Position(span.start.line, 0), Position(span.end.line + 1, 0))
        indent = before[: len(before) - len(before.lstrip())]
        kept = f"{indent}{rest}{source.line_break(span.end.line)}" if rest else ""
        if flow and previous is not None and not after.lstrip().startswith(","):
            # The last item: the comma after the one before it would be left trailing.
            comma = _comma_after(source, previous.end)
            if comma is not None:
                return (Edit(Span(comma, Position(comma.line, comma.column + 1)), ""),
                        Edit(lines, kept))
        return (Edit(lines, kept),)
    if not flow:
        return ()
    # Across lines with a comment between (`a,  # note` then `b]`): the comma and the item.
    comma = _comma_after(source, span.end)
    if comma is not None and comma.line == span.end.line:
        return (Edit(Span(span.start, Position(comma.line, comma.column + 1)), ""),)
    comma = _comma_after(source, previous.end) if previous is not None else None
    if comma is None:
        return (Edit(span, ""),)
    return (Edit(Span(comma, Position(comma.line, comma.column + 1)), ""), Edit(span, ""))


def _separates(source: Source, start: Position, end: Position) -> bool:
    """Whether only a comma and spaces are between two items of a flow collection, on one
    line (no comment, no line break that removing them would join)."""
    return (start.line == end.line
            and source.line_text(start.line)[start.column : end.column].strip() == ",")


def _comma_after(source: Source, at: Position) -> Position | None:
    """The comma after an item of a flow collection (spaces, line breaks and comments may
    come first), or None at its end."""
    line, column = at.line, at.column
    while line < len(source.lines):
        text = source.line_text(line)
        rest = text[column:]
        stripped = rest.lstrip()
        if stripped.startswith(","):
            return Position(line, column + len(rest) - len(stripped))
        if stripped and not stripped.startswith("#"):
            return None
        line, column = line + 1, 0
    return None


def _quotable(text: str, style: str) -> bool:
    return style not in text and "\\" not in text


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar; a line break or another control character
    escaped (written as it is, a line break is folded into a space, and the text would
    need the indentation of a continuation line)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    if not text.isprintable():
        text = "".join(char if char.isprintable() or char == "\t" else
                       "\\n" if char == "\n" else f"\\u{ord(char):04x}" if ord(char) < 0x10000
                       else f"\\U{ord(char):08x}" for char in text)
    return '"' + text + '"'


def tally(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[int, int]:
    """How many findings of `before` are gone from `after`, and how many of `after` are
    new: what "Fixed N problems" says, not the fixes applied (one fix may settle two
    findings, or reveal one the next pass fixes)."""
    gone, new = tally_by_code(before, after)
    return sum(gone.values()), sum(new.values())


def tally_by_code(before: Iterable[Finding],
                  after: Iterable[Finding]) -> tuple[Counter[str], Counter[str]]:
    """`tally` by code (`--show-fixes`). A finding is the same by code and message, or
    else by code alone (`job a's timeout 1h` after the job became `1h30m` is the same
    problem still there, and a message may name a line the fixes moved). Each counts the
    problems it stands for (`Finding.count`)."""
    before, after = _problems(before), _problems(after)
    both = before & after
    gone = Counter(code for code, _ in (before - both).elements())
    new = Counter(code for code, _ in (after - both).elements())
    same = gone & new
    return gone - same, new - same


def _problems(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        counts[finding.code, finding.message] += finding.count
    return counts


@record
class FixOutcome:
    text: str
    applied: int  # edits applied over all passes
    findings: tuple[Finding, ...]  # what remains in the final text


def fix_until_stable(
    text: str,
    lint: Callable[[str], tuple[Finding, ...]],
    choose: Callable[[Finding], Fix | None] = lambda finding: finding.safe_fix,
    last: Callable[[Finding], bool] = lambda finding: False,
) -> FixOutcome:
    """Lint, apply the chosen fixes, and repeat until nothing changes (or MAX_PASSES).
    The fixes of the findings `last` names wait for a pass without other fixes: removing
    a suppression that silences nothing yet (`3h 0m  # wf-lsp: ignore[WF201]`) is judged
    on the fixed text, where the finding it silences may have come."""
    applied = 0
    findings = lint(text)
    for _ in range(MAX_PASSES):
        chosen = [(finding, fix) for finding in findings if (fix := choose(finding))]
        fixes = ([fix for finding, fix in chosen if not last(finding)]
                 or [fix for _, fix in chosen])
        if not fixes:
            break
        new_text, count = apply_fixes(Source(text), fixes)
        if new_text == text:
            break
        text, applied = new_text, applied + count
        findings = lint(text)
    return FixOutcome(text, applied, findings)


def guess_until_stable(text: str, findings: tuple[Finding, ...],
                       lint: Callable[[str], tuple[Finding, ...]],
                       guess: Callable[[Finding], Fix | None]) -> FixOutcome:
    """Apply the guesses (unsafe fixes) `guess` picks for `findings`, those of `text`:
    what `--unsafe-fixes` adds to the safe fixes, once these are made.

    A guess may raise a finding of its own, which is never guessed at in turn: a fix of no
    group is made for a finding there at the start only (by code and message), in the
    first pass, or in a later one when it had to wait (its edits clashed with another
    guess's: two expansions of one `run` moved to one new `env`). The fixes of one group (a job's timeouts)
    were made by rules that do not know each other's (WF202 raises the job to its steps'
    sum while WF201 lowers a step to the job's old timeout): in each pass, those of one
    rule (one check of the job made them together: WF203's timeouts for a job and its
    steps fit), the worst finding's first (a value made readable, WF101's error, before
    the sums that could not count it, WF202's warning), then the higher code (WF204, then
    WF202, then WF201: the job's bounds before its steps, wherever its `timeout:` is
    written), the lint between telling the next rule what the first did. A rule's
    guesses that bring their group a finding it did not have (a job lowered below its
    steps' sum: WF202), or another job's group one (a job calling their workflow, whose
    chain a timeout added to a job made longer: WF606), are taken back, and the group is
    left to the user from there: its values contradict each other, beyond a guess; but a
    group whose guesses bring it nothing when made alone (a calling job's timeout, guessed
    from the chain before the called jobs got theirs) tries the next pass's guess. So
    every finding of a group at the end was there at the start; passes go on while a
    group has a guess to try."""
    groups = {group for finding in findings if (group := _group_of(finding))}
    at_start = {(finding.code, finding.message) for finding in findings}
    tried: set[tuple[str, Fix]] = set()
    applied = 0
    for round_ in range(MAX_PASSES):
        loose: list[Fix] = []
        picked: dict[str, tuple[str, list[Fix]]] = {}  # group → the rule's code, its fixes
        # Worst first; of one severity, the higher code first (WF204's limit, then WF202's
        # sum, then WF201's step: the job's bounds before its steps), not the first in
        # reading order, which made the result depend on whether `timeout:` was written
        # above or below `steps`. (Stable: one code's findings stay in reading order.)
        for finding in sorted(findings, key=attrgetter("severity", "code"), reverse=True):
            fix = guess(finding)
            if fix is None:
                continue
            if fix.group is None:
                if (finding.code, finding.message) in at_start:
                    loose.append(fix)
            elif fix.group in groups and (finding.code, fix) not in tried:
                code, fixes = picked.setdefault(fix.group, (finding.code, []))
                if code == finding.code:
                    fixes.append(fix)
                    tried.add((code, fix))
        if not loose and not picked:
            break
        def made(picked: dict[str, tuple[str, list[Fix]]]) -> tuple[str, int, tuple]:
            chosen = [fix for _, fixes in picked.values() for fix in fixes]
            new_text, count = apply_fixes(Source(text), [*loose, *chosen])
            return new_text, count, lint(new_text) if new_text != text else findings

        while True:
            new_text, count, new_findings = made(picked)
            gaining = _gaining(findings, new_findings)
            worse = [group for group in picked if group in gaining]
            # Those whose guesses, made without the other groups', bring them nothing: the
            # others' did (a job calling a workflow whose jobs got timeouts: its guess, from
            # the chain before them, is short now, WF606). Taken back for this pass, such a
            # group tries the guess the next pass makes of the new text (a second
            # `--unsafe-fixes` made it: not stable). One lint for all of them.
            retry = set()
            if worse and len(worse) < len(picked):
                alone = _gaining(findings, made({g: picked[g] for g in worse})[2])
                retry = {group for group in worse if group not in alone}
            if gaining and not worse:
                # Another job gained it: one calling the workflow whose jobs got timeouts
                # (WF606: the called workflow's chain grew). The group whose guesses alone
                # bring it (rare: a call in the same file).
                def cured(without: set[str]) -> bool:
                    kept = {g: fixes for g, fixes in picked.items() if g not in without}
                    return gaining.isdisjoint(_gaining(findings, made(kept)[2]))

                found = _culprit(list(picked), cured)
                if found is not None:
                    worse = [found]
                else:  # several together, or none (a loose fix's doing)
                    worse = list(picked) if cured(set(picked)) else []
            if not worse:
                break
            for group in worse:  # its guesses contradict its values: the rest is the user's
                del picked[group]
                if group not in retry:
                    groups.discard(group)
        text, findings, applied = new_text, new_findings, applied + count
    return FixOutcome(text, applied, findings)


def _culprit(groups: list[str], cured: Callable[[set[str]], bool]) -> str | None:
    """The first of `groups` whose guesses taken back alone cure a gain, found by halves: a
    part that holds it cures too (taking guesses back only shortens a called chain), so a
    part that does not is passed over whole. Each was a lint of the text: one per group
    took 10 s for 300 jobs of a callable workflow and its caller in one file."""
    if len(groups) == 1:
        return groups[0] if cured(set(groups)) else None
    half = len(groups) // 2
    for part in (groups[:half], groups[half:]):
        if cured(set(part)) and (found := _culprit(part, cured)) is not None:
            return found
    return None


def _group_of(finding: Finding) -> str | None:
    return next((fix.group for fix in finding.own_fixes if fix.group), None)


def _gaining(before: Iterable[Finding], after: Iterable[Finding]) -> set[str]:
    """The groups with more findings of some code `after` than `before`. Each side counted
    once, by (group, code): a group at a time read every finding for each of thousands of
    jobs' groups (minutes on a workflow of 25,000 jobs)."""
    def counts(findings: Iterable[Finding]) -> Counter[tuple[str, str]]:
        return Counter((group, finding.code) for finding in findings
                       if (group := _group_of(finding)) is not None)

    before, after = counts(before), counts(after)
    named = {group for group, _ in before} | {group for group, _ in after}
    if SHARED_TIMEOUTS in named:
        # Jobs that may share values are one group, whose name changes when a fix makes
        # the text look plain or not (a cron's `*/2` rewritten was the `*` of an alias):
        # compared by code alone, and a gain is every group's.
        def codes(counted: Counter) -> Counter[str]:
            by_code: Counter[str] = Counter()
            for (_, code), n in counted.items():
                by_code[code] += n
            return by_code

        return named if codes(after) - codes(before) else set()
    return {group for group, _ in after - before}
