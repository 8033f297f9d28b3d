"""The picture of a workflow: its job graph over its worst-case timeline.

`chart` turns the model into what is drawn (boxes, arrows, bars, the critical path);
`layout` places the boxes with grandalf's layered (Sugiyama) layout; `svg`, `html`,
`mermaid`, `dot` and `chart.as_data` (JSON) write it out; `view` is the picture of an
open document for the language server (`wfLsp/graph`, the lens on `jobs:`). Protocol-free,
and off the lint path: only `wf-lsp graph` and the server's picture requests import this
package (tests/core/test_imports.py).
"""
