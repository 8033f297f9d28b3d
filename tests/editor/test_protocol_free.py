"""The editor package never imports the language-server stack (pygls, lsprotocol)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import wf_lsp.editor

ROOT = Path(__file__).resolve().parents[2]

# Imports every module of wf_lsp.editor in a fresh interpreter, then reports what got imported.
PROBE = """\
import importlib, pkgutil, sys
import wf_lsp.editor
names = [m.name for m in pkgutil.iter_modules(wf_lsp.editor.__path__)]
for name in names:
    importlib.import_module(f"wf_lsp.editor.{name}")
print("MODULES=" + ",".join(sorted(names)))
print("LOADED=" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol"))))
"""


def test_importing_every_editor_module_loads_no_language_server_module():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    modules = sorted(m.name for m in pkgutil.iter_modules(wf_lsp.editor.__path__))
    assert f"MODULES={','.join(modules)}\n" in done.stdout  # the probe saw the whole package
    assert "hover" in modules and "completion" in modules and "snapshot" in modules
    assert "LOADED=\n" in done.stdout, done.stdout
