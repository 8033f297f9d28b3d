"""`path:line:col: CODE message`, one finding a line (lines and columns 1-based,
columns in characters): what editors' problem matchers and grep expect."""

from __future__ import annotations

from wf_lsp.findings import quoted_path
from wf_lsp.output.style import paint


def write(reports, out, color: bool) -> None:
    for report in reports:
        for f in report.findings:
            where = f"{quoted_path(report.path)}:{f.span.start.line + 1}:{f.span.start.column + 1}:"
            code = paint(f.code, f.severity, color)
            out.write(f"{paint(where, None, color, bold=True)} {code} {f.message}\n")
