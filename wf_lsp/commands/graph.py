"""`wf-lsp graph PATH`: draw a workflow's job graph over its worst-case timeline.

SVG by default; `--format html` wraps it in a page, `mermaid` and `dot` give the graph
to those tools, `json` the data. Without `--format` the suffix of `-o FILE` decides
(`.svg`, `.html`, `.mmd`, `.dot`/`.gv`, `.json`; none: svg; another is an error, never an
SVG in a `.png`); an image's (`.png`, `.pdf`, ...) is refused with `--format` too, with
the Graphviz command that makes one; `-o -` is standard output, as `-` is standard input for PATH. The file is written whole or not at all. Exit 0, or 2 with one line on stderr (no such file, not a workflow, ...).
"""

from __future__ import annotations

import json
import os
import sys

from wf_lsp.commands import EXIT_ERROR, EXIT_OK, read_stdin
from wf_lsp.config import Config
from wf_lsp.files import FileError, broken_link, decode_text, read_text, unread_report, write_atomically

SUFFIXES = {".svg": "svg", ".html": "html", ".htm": "html", ".mmd": "mermaid",
            ".mermaid": "mermaid", ".dot": "dot", ".gv": "dot", ".json": "json"}

# What Graphviz renders DOT into and no format here is: `--format dot -o g.png` wrote the
# DOT text into a `.png` that no viewer opens; refused, with the pipe that makes one.
IMAGES = frozenset({".png", ".pdf", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif",
                    ".tiff", ".ps", ".eps", ".ico"})


class GraphError(Exception):
    """Why there is nothing to draw: said in one line, exit 2."""


def run(args) -> int:
    try:
        _refuse_image(args.output, args.path)
        fmt = args.format or _format_of(args.output)
        text, shown = _read(args.path)
        output = draw(text, shown, fmt)
        if args.output and args.output != "-":
            _write(args.output, output)
        else:
            sys.stdout.write(output)
    except GraphError as exc:
        print(f"wf-lsp: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _refuse_image(output: str | None, path: str) -> None:
    """A GraphError when `-o FILE` names an image (`IMAGES`), whatever `--format` says."""
    suffix = os.path.splitext(output or "")[1]
    if output != "-" and suffix.lower() in IMAGES:
        from shlex import quote

        raise GraphError(f"{output}: wf-lsp draws svg, html, mermaid, dot or json, not "
                         f"{suffix[1:]}; Graphviz makes one: wf-lsp graph --format dot "
                         f"{quote(path)} | dot -T{suffix[1:].lower()} -o {quote(output)}")


def _format_of(output: str | None) -> str:
    """The format `-o FILE`'s suffix names: svg for standard output or no suffix."""
    suffix = os.path.splitext(output or "")[1]
    if output == "-" or not suffix:
        return "svg"
    if suffix.lower() not in SUFFIXES:
        formats = ", ".join(dict.fromkeys(SUFFIXES.values()))
        raise GraphError(f"{output}: unknown suffix {suffix}: give --format ({formats})")
    return SUFFIXES[suffix.lower()]


def draw(text: str, path: str, fmt: str) -> str:
    """The picture of the workflow in `text` (read from `path`) in format `fmt`."""
    from wf_lsp.linter import analyze
    from wf_lsp.picture.chart import as_data, cut_at, from_workflow

    result = analyze(text, path=path)
    if not result.workflows:
        raise GraphError(f"{path}: nothing to draw: {result.skipped or 'no workflow'}")
    cut = cut_at(result.parsed, result.workflows[0])
    if cut is not None:  # an error that left the drawn workflow whole is the lint's business
        print(f"wf-lsp: warning: {path}:{cut}: {result.parsed.error.message}; the picture "
              "shows the part before it", file=sys.stderr)
    if len(result.workflows) > 1:
        print(f"wf-lsp: warning: {path} holds {len(result.workflows)} workflows; the picture "
              "shows the first", file=sys.stderr)
    chart = from_workflow(result.workflows[0], cut)
    if fmt == "json":
        return json.dumps(as_data(chart), indent=2, ensure_ascii=False) + "\n"
    if fmt == "svg":
        from wf_lsp.picture.svg import render
    elif fmt == "html":
        from wf_lsp.picture.html import render
    elif fmt == "mermaid":
        from wf_lsp.picture.mermaid import render, too_big

        output = render(chart)
        why = too_big(chart, output)
        if why is not None:  # it renders as an error message in place of the diagram
            print(f"wf-lsp: warning: {path}: the Mermaid diagram has {why}; --format svg "
                  "draws any size", file=sys.stderr)
        return output
    else:
        from wf_lsp.picture.dot import render
    return render(chart)


def _read(path: str) -> tuple[str, str]:
    """The text of `path` (`-`: standard input) and the name to show for it, read as
    `wf-lsp lint` reads it: a FIFO or a device is refused, not waited on; the same
    encodings are refused with the same messages."""
    shown = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            return decode_text(read_stdin()), shown
        if os.path.isdir(path):
            raise GraphError(f"{path}: is a folder; give one workflow file")
        if not os.path.exists(path):
            raise GraphError(f"{path}: {broken_link(path) or 'no such file'}")
        return read_text(path), shown
    except FileError as exc:  # another tool's file, not in UTF-8, is not one to convert
        skipped = unread_report(path, exc, Config()).skipped
        raise GraphError(f"{shown}: nothing to draw: {skipped}" if skipped else
                         f"{shown}: {exc}") from None


def _write(path: str, output: str) -> None:
    """Write `output` to `path` through a temporary file: whole, or not at all."""
    try:
        write_atomically(path, output)
    except OSError as exc:
        raise GraphError(f"{path}: cannot write: {exc.strerror or exc}") from None
