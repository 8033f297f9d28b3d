"""Editor features without the protocol: what a position means, hovers, completions,
the outline, folds, lenses, inlay hints, renames, ignore comments, code actions at a place
and fix-all edits.

Every feature takes a `Snapshot` (one linted version of a document) and positions in
code points, and answers with the core's `Span`s and `Edit`s and with plain data. The
language server (`wf_lsp.lsp`) converts positions and types and calls in here; nothing
in this package imports pygls or lsprotocol (a test holds this).
"""
