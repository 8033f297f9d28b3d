"""A tiny LSP client for the benchmarks: one server subprocess, JSON-RPC over its stdio.

Both servers (wf-lsp and yaml-language-server) are driven through the same client, so
that what is measured differs only by the server. A reader thread stamps every
message with the time it arrived (`time.perf_counter`), before any JSON decoding
work of the caller, and answers the server's own requests at once (configuration,
capability registration, progress tokens) so a server never waits on the benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One message from the server, with the moment it was read."""

    body: dict
    received: float

    @property
    def method(self) -> str | None:
        return self.body.get("method")


class LspError(RuntimeError):
    """The server answered a request with an error, or went quiet, or exited."""


class Client:
    """Start `command`, speak LSP to it; `settings` answers workspace/configuration."""

    def __init__(self, command: list[str], settings: dict, cwd: str | None = None,
                 env: dict | None = None) -> None:
        self.settings = settings
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self._inbox: list[Message] = []
        self._arrived = threading.Condition()
        self._write_lock = threading.Lock()
        self._last_id = 0
        self._closed = False
        self.failure: str | None = None  # why the reader stopped early
        threading.Thread(target=self._read_forever, daemon=True).start()

    # -- the wire ------------------------------------------------------------------------

    def _read_forever(self) -> None:
        stream = self.process.stdout
        try:
            while True:
                length = 0
                while True:
                    header = stream.readline()
                    if not header:
                        return
                    if header in (b"\r\n", b"\n"):
                        break
                    name, _, value = header.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                payload = stream.read(length)
                received = time.perf_counter()
                try:
                    body = json.loads(payload)
                except ValueError:
                    self.failure = f"not JSON (Content-Length {length}): {payload[:200]!r}"
                    return
                if "method" in body and "id" in body:
                    self._answer(body)
                with self._arrived:
                    self._inbox.append(Message(body, received))
                    self._arrived.notify_all()
        finally:
            with self._arrived:
                self._closed = True
                self._arrived.notify_all()

    def _write(self, body: dict) -> float:
        data = json.dumps({"jsonrpc": "2.0", **body}, separators=(",", ":")).encode("utf-8")
        with self._write_lock:
            sent = time.perf_counter()
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
            self.process.stdin.flush()
        return sent

    def _answer(self, request: dict) -> None:
        """Reply to a server-to-client request with what a plain editor would say."""
        method, params = request["method"], request.get("params") or {}
        result: object = None
        if method == "workspace/configuration":
            result = [self.settings.get(item.get("section"), {}) for item in params.get("items", [])]
        self._write({"id": request["id"], "result": result})

    # -- what callers use ----------------------------------------------------------------

    def notify(self, method: str, params: object) -> float:
        """Send a notification; return when it was sent."""
        return self._write({"method": method, "params": params})

    def request(self, method: str, params: object, timeout: float = 120.0) -> tuple[object, float]:
        """Send a request and wait for its answer: (result, seconds from send to answer)."""
        self._last_id += 1
        request_id = self._last_id
        since = self.mark()
        sent = self._write({"id": request_id, "method": method, "params": params})
        answer = self.wait(lambda m: m.body.get("id") == request_id and "method" not in m.body,
                           timeout, since)
        if "error" in answer.body:
            raise LspError(f"{method}: {answer.body['error']}")
        return answer.body.get("result"), answer.received - sent

    def mark(self) -> int:
        """A bookmark in the inbox: `wait(..., since=mark)` looks only at later messages."""
        with self._arrived:
            return len(self._inbox)

    def wait(self, matches: Callable[[Message], bool], timeout: float = 120.0,
             since: int = 0) -> Message:
        """The first message from bookmark `since` on for which `matches` is true."""
        deadline = time.monotonic() + timeout
        index = since
        with self._arrived:
            while True:
                while index < len(self._inbox):
                    message = self._inbox[index]
                    index += 1
                    if matches(message):
                        return message
                if self._closed:
                    raise LspError(self.failure or
                                   f"the server exited (code {self.process.poll()})")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError("the server sent nothing matching in time")
                self._arrived.wait(left)

    def diagnostics(self, uri: str, since: int, version: int | None = None,
                    timeout: float = 120.0) -> Message:
        """The first publishDiagnostics for `uri` from `since` on (of `version`, if the
        server says which version it linted)."""
        def matches(message: Message) -> bool:
            if message.method != "textDocument/publishDiagnostics":
                return False
            params = message.body["params"]
            published = params.get("version")
            return params["uri"] == uri and (
                version is None or published is None or published == version)
        return self.wait(matches, timeout, since)

    def peak_rss_kib(self) -> int:
        """The server process's peak resident memory (VmHWM), in KiB; Linux only."""
        return self._status_kib("VmHWM")

    def rss_kib(self) -> int:
        """The server process's resident memory now (VmRSS), in KiB; Linux only."""
        return self._status_kib("VmRSS")

    def _status_kib(self, field: str) -> int:
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
        raise LspError(f"no {field} in /proc: memory is measured on Linux only")

    def close(self) -> None:
        """shutdown + exit, then make sure the process is gone."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
                self.process.wait(timeout=10)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def initialize(client: Client, root_uri: str, settings_notification: dict | None) -> None:
    """initialize / initialized as a plain push-diagnostics editor does, then settings."""
    client.request("initialize", {
        "processId": os.getpid(),
        "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "workspace": {"configuration": True, "workspaceEdit": {"documentChanges": True},
                          "didChangeConfiguration": {"dynamicRegistration": True},
                          "workspaceFolders": True},
            "textDocument": {
                "synchronization": {"dynamicRegistration": True, "didSave": True},
                "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                       "codeDescriptionSupport": True, "dataSupport": True},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": True,
                                                  "documentationFormat": ["markdown"]}},
                # As VS Code: source actions' edits are resolved when chosen, not listed.
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                    "", "quickfix", "refactor", "source", "source.fixAll"]}},
                    "isPreferredSupport": True, "dataSupport": True,
                    "resolveSupport": {"properties": ["edit"]}},
            },
        },
    })
    client.notify("initialized", {})
    if settings_notification is not None:
        client.notify("workspace/didChangeConfiguration", {"settings": settings_notification})
