"""Suite-wide pytest hooks."""


def pytest_collection_modifyitems(items):
    # The VS Code end-to-end test goes last: dev.py installs code-server in the background
    # while everything else runs, so by the time it is reached the install is (nearly) done.
    items.sort(key=lambda item: "e2e/test_vscode" in item.nodeid)
