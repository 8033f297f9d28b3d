"""`python -m wf_lsp` runs the command line."""

from wf_lsp.cli import main

raise SystemExit(main())
