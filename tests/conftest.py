"""Suite-wide pytest hooks: the order of the tests, and how pytest-xdist shares them out.

`python3 dev.py test` runs the suite on every CPU (`-n`: a worker per CPU, at most 4).
Each test file runs whole on one worker, so a module's fixtures are made once; the two
files that build and drive the VS Code extension run on the same worker, one after the
other, since both use vscode-extension/ (its node_modules, and the packages
`npm run package` writes there).
The Hypothesis profiles (thorough locally, bounded in CI) are `hypothesis_profiles`'s.
"""

from __future__ import annotations

import os

import pytest

import hypothesis_profiles  # noqa: F401 (registers the profiles and loads one)

VSCODE_PACKAGES = "tests/test_vscode_packages.py"
VSCODE_E2E = "tests/e2e/test_vscode.py"


def _file(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(items):
    # dev.py installs code-server in the background while the other tests run: serially,
    # the VS Code end-to-end test goes last, by when the install is (nearly) done. With
    # workers, the VS Code files go first: one worker builds the packages (a minute) and
    # then waits for the install if it must, while the other works through the rest.
    parallel = "PYTEST_XDIST_WORKER" in os.environ
    rank = {VSCODE_PACKAGES: 0, VSCODE_E2E: 1} if parallel else {VSCODE_E2E: 1}
    items.sort(key=lambda item: rank.get(_file(item.nodeid), 2 if parallel else 0))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        """A file a unit of work (the VS Code files one), handed out in collection order."""

        def _split_scope(self, nodeid: str) -> str:
            path = _file(nodeid)
            return VSCODE_E2E if path == VSCODE_PACKAGES else path

    config.option.loadscopereorder = False
    return ByFile(config, log)
