"""`--format full`, the default on a terminal: each finding with its source lines, the range
underlined with carets, and the fixes, in the style of ruff and rustc:

    flow.yaml:4:14: WF103 [*] units must go from larger to smaller: "30m1h" is 1h30m
      |
    4 |     timeout: "30m1h"
      |              ^^^^^^^ WF103
      |
      = help: Change to "1h30m"

`[*]` marks a finding that `--fix` repairs (it has a safe fix). Carets are placed by
display width, so they stay under the text after wide CJK characters and emoji. A line
wider than MAX_WIDTH cells is shown as a window around the range, its cut ends `...`.
"""

from __future__ import annotations

import unicodedata

from wf_lsp.findings import Severity
from wf_lsp.findings import quoted_path
from wf_lsp.files import shown_path
from wf_lsp.output.style import paint

TAB = "    "
# A long range shows its first and last lines only.
MAX_LINES = 6
HEAD_LINES, TAIL_LINES = 3, 2
# A line wider than this (in terminal cells) is shown as a window this wide around its range,
# each cut end marked with `...`: a finding on a 10,000-character line (a long `run:`, a
# minified flow mapping) is one screen line, not a screen of text. WINDOW_LEAD cells of the
# line before the range are kept, to see what it is in.
MAX_WIDTH, WINDOW_LEAD = 120, 20
CUT = "..."


def char_width(char: str) -> int:
    """Terminal columns of one character: 2 for wide CJK and emoji, 0 for combining marks."""
    if char == "\t":
        return len(TAB)
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Terminal columns of a string, as `char_width` counts them."""
    return sum(char_width(c) for c in text)


# What a terminal would act on rather than show, C0 and C1 controls and DEL, as Control
# Pictures (U+2400...) or U+FFFD, one cell each as `char_width` counts them: the line of a
# file YAML rejects for such a character (WF001) must not recolour or clear the terminal.
_SHOWN = {**{code: chr(0x2400 + code) for code in range(0x20)}, 0x7F: "\u2421",
          **dict.fromkeys(range(0x80, 0xA0), "\ufffd"), ord("\t"): TAB}


def _shown(text: str) -> str:
    """A source line as printed: tabs expanded like `char_width` counts them, controls as
    visible characters."""
    return text.translate(_SHOWN)


def _window(text: str, first: int, stop: int) -> tuple[int, int]:
    """The code point bounds of the part of a line shown: all of it if it fits MAX_WIDTH,
    else a window that starts a little before the range at `first` (or ends with the line)."""
    if text_width(text) <= MAX_WIDTH:
        return 0, len(text)
    lo, lead = first, 0
    while lo > 0 and lead + char_width(text[lo - 1]) <= WINDOW_LEAD:
        lo -= 1
        lead += char_width(text[lo])
    if text_width(text[:lo]) <= len(CUT):
        lo = 0  # `...` would hide no more than it takes
    hi, width = lo, 0
    while hi < len(text) and width + char_width(text[hi]) <= MAX_WIDTH:
        width += char_width(text[hi])
        hi += 1
    while hi == len(text) and lo > 0 and width + char_width(text[lo - 1]) <= MAX_WIDTH:
        lo -= 1  # the range near the line's end: the window takes more of what is before it
        width += char_width(text[lo])
    return lo, hi


def _underlined_lines(source, span) -> list[tuple[int, int, int]]:
    """(line, start column, end column) of each line the span covers, in code points."""
    start, end = span.start, span.end
    out = []
    for line in range(start.line, span.last_line + 1):
        text = source.line_text(line)
        # Continuation lines are underlined from their text, not their indentation.
        first = start.column if line == start.line else len(text) - len(text.lstrip())
        stop = end.column if line == end.line else len(text)
        out.append((line, first, max(first, stop)))
    # A block mapping's span runs to the next key's indentation: drop the blank tail.
    while len(out) > 1 and not source.line_text(out[-1][0])[out[-1][1]:out[-1][2]].strip():
        out.pop()
    return out


def _snippet(source, finding, color: bool) -> tuple[list[str], int]:
    """The source lines of the finding with carets under its range, and the gutter width."""
    lines: list = _underlined_lines(source, finding.span)
    width = len(str(lines[-1][0] + 1))
    if len(lines) > MAX_LINES:
        lines = lines[:HEAD_LINES] + [None] + lines[-TAIL_LINES:]
    bar = paint(" " * width + " |", None, color, bold=True)
    out = [bar]
    for item in lines:
        if item is None:
            out.append(f"{bar} ...")
            continue
        line, first, stop = item
        text = source.line_text(line)
        lo, hi = _window(text, first, stop)
        head, tail = CUT * (lo > 0), CUT * (hi < len(text))
        gutter = paint(f"{line + 1:>{width}} |", None, color, bold=True)
        out.append(f"{gutter} {head}{_shown(text[lo:hi])}{tail}".rstrip())
        label = f" {finding.code}" if item is lines[-1] else ""
        carets = max(1, text_width(text[first:min(stop, hi)]))
        marks = paint("^" * carets + label, finding.severity, color)
        out.append(f"{bar} {' ' * (len(head) + text_width(text[lo:first]))}{marks}")
    out.append(bar)
    return out, width


def format_finding(path: str, source, finding, color: bool) -> str:
    """One finding as printed: header, snippet, notes and fixes, then a blank line."""
    where = paint(f"{path}:{finding.span.start.line + 1}:{finding.span.start.column + 1}:",
                  None, color, bold=True)
    code = paint(finding.code, finding.severity, color, bold=True)
    mark = " " + paint("[*]", Severity.HINT, color) if finding.safe_fix else ""
    lines = [f"{where} {code}{mark} {finding.message}"]
    width = 1
    if source is not None:
        snippet, width = _snippet(source, finding, color)
        lines.extend(snippet)
    pad = " " * (width + 1)
    for related in finding.related:
        where = f"{related.span.start.line + 1}:{related.span.start.column + 1}"
        if related.path is not None:
            where = f"{quoted_path(shown_path(related.path))}:{where}"
        lines.append(f"{pad}= {paint('note', None, color, bold=True)}: {related.message} ({where})")
    preferred = finding.fix
    fixes = [preferred] + [f for f in finding.fixes if f is not preferred] if preferred else []
    for fix in fixes:
        title = fix.title if fix.path is None else f"{fix.title} (in {quoted_path(shown_path(fix.path))})"
        lines.append(f"{pad}= {paint('help', Severity.HINT, color, bold=True)}: {title}")
    return "\n".join(lines) + "\n\n"


def write(reports, out, color: bool) -> None:
    for report in reports:
        for finding in report.findings:
            out.write(format_finding(quoted_path(report.path), report.source, finding, color))
