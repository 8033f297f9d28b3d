"""Folding ranges (every entry and item over several lines; jobs and steps as regions) and
selection ranges, end to end."""

from __future__ import annotations

from lsprotocol import types

from .conftest import lsp_position, open_document

DOC = """\
id: folds  # 🗂
jobs:
  prep:
    timeout: 30m
    steps:
      - name: fetch 📦
        run: fetch

      - run: |
          clean
          more
  # a comment between jobs
  one-line: {steps: [{run: a}]}
  train:
    steps:
      - {name: "🧪", timeout: "90m", run: fit}
"""
LINES = DOC.splitlines()


async def folds(client, text: str) -> list[tuple[int, int, str | None]]:
    """The folding ranges of `text` opened: (start line, end line, kind)."""
    uri = await open_document(client, text)
    result = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return [(r.start_line, r.end_line, r.kind) for r in result]


async def test_folds_for_jobs_and_multi_line_steps(client):
    region = types.FoldingRangeKind.Region
    assert await folds(client, DOC) == [
        (1, 15, None),  # jobs:
        (2, 10, region),  # prep, not the comment after it
        (4, 10, None),  # its steps:
        (5, 6, region),
        (8, 10, region),  # the step, and its `run: |` on the same line
        (13, 15, region),
        (14, 15, None),
    ]


SECTIONS = """\
id: sections
inputs:
  size:
    type: int
env: &env
  A: "1"
  B: "2"
jobs:
  a:
    env: *env
    steps:
      - run: |
          make
          # the script's last line, a shell comment
      - run: >-
          one

  # between jobs
  b: {steps: [{run: b}]}
"""


async def test_every_entry_over_several_lines_folds_as_by_indentation(client):
    # VS Code folds by indentation only where no server gives folding ranges: folding jobs
    # and steps alone took away the folds of `inputs:`, `env:`, `jobs:` and the rest.
    region = types.FoldingRangeKind.Region
    assert await folds(client, SECTIONS) == [
        (1, 3, None),  # inputs:
        (2, 3, None),  # size:
        (4, 6, None),  # env: &env, not again where `*env` repeats it
        (7, 18, None),  # jobs:
        (8, 15, region),  # a: not the blank and comment lines after it
        (10, 15, None),  # steps:
        (11, 13, region),  # a shell comment is the script's text
        (14, 15, region),
    ]


async def test_selection_ranges_grow_from_the_token_to_the_workflow(client):
    uri = await open_document(client, DOC)
    column = LINES[15].index('"90m"') + 2
    result = await client.text_document_selection_range_async(types.SelectionRangeParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        positions=[lsp_position(DOC, 15, column, client.encoding)],
    ))
    (selection,) = result
    chain = []
    while selection is not None:
        chain.append(selection.range)
        selection = selection.parent

    def span(line, column, end_line, end_column):
        return types.Range(lsp_position(DOC, line, column, client.encoding),
                           lsp_position(DOC, end_line, end_column, client.encoding))

    timeout = LINES[15].index("timeout")
    value = LINES[15].index('"90m"')
    assert chain == [
        span(15, value, 15, value + 5),              # "90m"
        span(15, timeout, 15, value + 5),            # timeout: "90m"
        span(15, LINES[15].index("{"), 15, len(LINES[15])),  # the step {...}
        span(15, 6, 15, len(LINES[15])),             # the steps list
        span(14, 4, 15, len(LINES[15])),             # steps: ...
        span(13, 2, 15, len(LINES[15])),             # train: ...
        span(2, 2, 15, len(LINES[15])),              # jobs' value
        span(1, 0, 15, len(LINES[15])),              # jobs: ...
        span(0, 0, 15, len(LINES[15])),              # the workflow
    ]
