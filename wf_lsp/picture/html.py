"""The SVG in a standalone page: open it in any browser, light or dark, offline."""

from __future__ import annotations

from html import escape

from wf_lsp.picture import svg
from wf_lsp.picture.chart import Chart, printable

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>
  body {{ margin: 0; padding: 24px; background: #f6f8fa; }}
  main {{ display: flex; justify-content: center; }}
  main svg {{ max-width: 100%; height: auto; }}
  @media (prefers-color-scheme: dark) {{ body {{ background: #010409; }} }}
</style>
</head>
<body>
<main>
{svg}</main>
</body>
</html>
"""


def render(chart: Chart) -> str:
    """A page showing the chart's SVG, titled after the workflow."""
    name = chart.title or chart.workflow_id or "workflow"
    title = f"{name}: job graph · worst case {chart.summary}"
    return PAGE.format(title=escape(printable(title)), svg=svg.render(chart))
