"""Terminal colour, only when asked for (a TTY, no NO_COLOR): plain ANSI codes, since
a colour library would cost more start-up time than the whole lint of a small file."""

from __future__ import annotations

import os

from wf_lsp.findings import Severity

_CODES = {
    Severity.ERROR: "31",  # red
    Severity.WARNING: "33",  # yellow
    Severity.INFORMATION: "34",  # blue
    Severity.HINT: "36",  # cyan
}


def use_color(stream, disabled: bool = False) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or disabled."""
    if disabled or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, severity: Severity | None, color: bool, bold: bool = False) -> str:
    if not color:
        return text
    codes = [_CODES[severity]] if severity is not None else []
    if bold:
        codes.insert(0, "1")
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text
