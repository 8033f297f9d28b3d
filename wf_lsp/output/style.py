"""Terminal colour, only when asked for (a TTY, no NO_COLOR): plain ANSI codes, since
a colour library would cost more start-up time than the whole lint of a small file.

The environment is read as ruff (its `colored` crate) and git read it: NO_COLOR wins over
all (https://no-color.org); FORCE_COLOR or CLICOLOR_FORCE (not "0") colour a pipe too
(https://bixense.com/clicolors); CLICOLOR=0 and TERM=dumb leave a terminal plain."""

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
    """Colour on a terminal, unless disabled or the environment says otherwise (above)."""
    env = os.environ
    if disabled or env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    if env.get("CLICOLOR") == "0" or env.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, severity: Severity | None, color: bool, bold: bool = False) -> str:
    if not color:
        return text
    codes = [_CODES[severity]] if severity is not None else []
    if bold:
        codes.insert(0, "1")
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text
