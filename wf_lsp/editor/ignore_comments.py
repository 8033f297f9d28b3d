"""Where an ignore comment goes: `# wf-lsp: ignore[WF103]` for a line, `ignore-file` for a file.

An existing comment is extended rather than a second one added; one written another
tool's way (`# noqa: WF203`, `suppression.Foreign`) is written as wf-lsp's. A `#` inside a string
is text, not a comment, so the line's scalars (from the parse, or from its quotes after
a syntax error) decide where a comment may start.
"""

from __future__ import annotations

from wf_lsp.editor.snapshot import Snapshot
from wf_lsp.editor.yaml_lines import quote_end
from wf_lsp.findings import Edit, Span
from wf_lsp.parse import Source, walk
from wf_lsp.rules.unused_suppression import CODE as UNUSED
from wf_lsp.suppression import COMMENT, directive


def ignore_on_line(snapshot: Snapshot, code: str, line: int) -> Edit | None:
    """Extend the line's `# wf-lsp: ignore[...]`, or add one after what the line has.

    When the line ends inside a multi-line string, a `#` there would be text, so the
    comment goes alone on the line above (which covers the next line); inside a block
    scalar's text there is no place for a comment, and None is returned.
    """
    source = snapshot.source
    text = source.line_text(line)
    shape = _line_shape(snapshot, line)
    if shape.in_text:
        return None
    comment = shape.comment
    # (Not to ignore WF010 itself, said of that comment: it is kept as it is, as asked.)
    foreign = next((f for f in snapshot.result.suppressions.foreign
                    if f.span.start.line == line and f.same), None) if code != UNUSED else None
    if foreign is not None and not foreign.directive.startswith("# wf-lsp: ignore-file"):
        # `# noqa: WF203` is not read (WF010 says so): written as wf-lsp's own, with the
        # code, rather than a second comment after it that leaves it said.
        written = foreign.directive
        listed = written.partition("[")[2].rstrip("]")
        if listed and code.upper() not in {word.strip().upper() for word in listed.split(",")}:
            written = f"{written[:-1]}, {code}]"
        return Edit(foreign.span, written)
    if comment is not None:
        match = COMMENT.search(text, max(comment - 1, 0))
        if match is not None and directive(match) == "ignore":
            if not (match.group(2) or "").strip():
                return None  # a bare ignore already covers every code
            end = match.end(2)
            return Edit(Span.of(line, end, line, end), f", {code}")
    if shape.open_at_end:
        indent = len(text) - len(text.lstrip(" "))
        return Edit(Span.of(line, 0, line, 0),
                    f"{' ' * indent}# wf-lsp: ignore[{code}]{_newline(source)}")
    stripped = len(text.rstrip())
    return Edit(Span.of(line, stripped, line, len(text)), f"  # wf-lsp: ignore[{code}]")


def ignore_in_file(snapshot: Snapshot, code: str) -> Edit:
    """Extend the file's `# wf-lsp: ignore-file[...]`, or add one after the leading comments."""
    lines = snapshot.source.lines
    for number, line in enumerate(lines):
        if not line.lstrip().startswith("#"):
            continue
        match = COMMENT.search(line)
        if match is not None and directive(match) == "ignore-file" and (match.group(2) or "").strip():
            end = match.end(2)
            return Edit(Span.of(number, end, number, end), f", {code}")
    # After a leading comment block (a header, a schema modeline), before the content.
    first = 0
    while first < len(lines) and lines[first].lstrip().startswith("#"):
        first += 1
    if first == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        end = len(lines[-1])  # only comments, and no final newline: start a new line
        return Edit(Span.of(first - 1, end, first - 1, end),
                    f"{_newline(snapshot.source)}# wf-lsp: ignore-file[{code}]")
    return Edit(Span.of(first, 0, first, 0),
                f"# wf-lsp: ignore-file[{code}]{_newline(snapshot.source)}")


def _newline(source: Source) -> str:
    """The document's own line ending."""
    first = source.lines[0] if source.lines else ""
    return "\r\n" if first.endswith("\r\n") else "\r" if first.endswith("\r") else "\n"


class _LineShape:
    """Where a comment can go on one line: `comment` is the column of the line's real
    comment (not a `#` inside a quoted string); `open_at_end` when the line ends inside
    a multi-line scalar; `in_text` when the line is text of a block or multi-line scalar."""

    def __init__(self) -> None:
        self.comment: int | None = None
        self.open_at_end = False
        self.in_text = False


def _line_shape(snapshot: Snapshot, line: int) -> _LineShape:
    shape = _LineShape()
    text = snapshot.source.line_text(line)
    inside: list[tuple[int, int]] = []  # columns covered by scalars on this line
    parsed = snapshot.result.parsed
    # After a syntax error only a prefix of the text was composed into nodes.
    read_up_to = (float("inf") if parsed.error is None else
                  min([parsed.error.span.start.line] + [r.end_mark.line for r in parsed.roots]))
    if line < read_up_to:
        for node in _scalars_on_line(parsed.roots, line):
            start, end = node.start_mark, node.end_mark
            if node.style in ("|", ">"):
                # The header line takes a comment; the lines of text after it do not.
                if start.line < line:
                    shape.in_text = True
                continue
            if start.line < line:
                if end.line > line:
                    shape.in_text = True  # a middle line of a multi-line string
                    return shape
                inside.append((0, end.column))
            elif end.line > line:
                shape.open_at_end = True
                inside.append((start.column, len(text)))
            else:
                inside.append((start.column, end.column))
    else:  # no nodes here: read the quotes on the line
        inside = _quoted_runs(text)
        if inside and inside[-1][1] > len(text):
            shape.open_at_end = True
    for column, char in enumerate(text):
        if (char == "#" and (column == 0 or text[column - 1] in " \t")
                and not any(a <= column < b for a, b in inside)):
            shape.comment = column
            break
    return shape


def _scalars_on_line(roots, line: int):
    """Scalar nodes whose text touches `line`, skipping subtrees that cannot."""
    for node in walk(roots, lambda n: n.start_mark.line <= line <= n.end_mark.line):
        if node.id == "scalar" and not (node.end_mark.line == line and node.end_mark.column == 0
                                        and node.start_mark.line < line):
            yield node


def _quoted_runs(text: str) -> list[tuple[int, int]]:
    """Column ranges of quoted scalars on one line; an unclosed one runs past the end."""
    runs, column = [], 0
    while column < len(text):
        char = text[column]
        before = text[:column].rstrip()
        if char in "'\"" and (not before or before[-1] in ":-[{,?"):
            end = quote_end(text, column)
            if end is None:  # unclosed: it runs past the end of the line
                end = len(text)
            runs.append((column, end + 1))
            column = end + 1
        else:
            column += 1
    return runs
