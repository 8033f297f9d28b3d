"""LSP 3.17's lifecycle and JSON-RPC's error replies, checked with raw messages: what
comes before `initialize` or after `shutdown`, a second `initialize`, `exit` codes,
invalid JSON, requests without params, notifications, which are never answered, and
requests a handler refuses."""

from __future__ import annotations

import json
import subprocess

import pytest

from .raw_rpc import SERVER, WAIT_S, RawServer
from .test_calls import CALLABLE, CALLER
from .test_fuzz import lint_by_cli

URI = "file:///work/flow.yaml"
DOC = """\
id: nightly
jobs:
  train:
    timeout: "30m1h"
    steps:
      - run: python train.py
"""
HOVER = {"textDocument": {"uri": URI}, "position": {"line": 3, "character": 15}}

PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS = -32700, -32600, -32602
SERVER_NOT_INITIALIZED, REQUEST_FAILED, METHOD_NOT_FOUND = -32002, -32803, -32601
WARNING = 2  # window/logMessage's type


def _hover_works(server: RawServer) -> None:
    """The server still serves: a hover on the open DOC explains its duration."""
    assert "1h30m" in server.request("textDocument/hover", HOVER)["result"]["contents"]["value"]


def _error_code(reply: dict) -> int:
    assert "result" not in reply, reply
    return reply["error"]["code"]


def test_before_initialize_requests_are_refused_and_notifications_dropped():
    with RawServer() as server:
        assert _error_code(server.request("textDocument/hover", HOVER)) == SERVER_NOT_INITIALIZED
        assert _error_code(server.request("shutdown")) == SERVER_NOT_INITIALIZED
        server.open(URI, DOC)  # dropped: not an error, no reply
        server.initialize()
        assert server.request("textDocument/hover", HOVER)["result"] is None  # never opened
        server.open(URI, DOC)
        assert [d["code"] for d in server.diagnostics(URI)] == ["WF103"]
        _hover_works(server)
        shutdown = server.request("shutdown")
        assert "result" in shutdown and shutdown["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0


def test_exit_before_initialize_exits_with_1():
    with RawServer() as server:
        server.notify("exit")
        assert server.exit_code() == 1


def test_initialize_is_accepted_once():
    with RawServer() as server:
        capabilities = server.initialize()["capabilities"]
        again = server.request("initialize", {"processId": None, "rootUri": None,
                                              "capabilities": {}})
        assert _error_code(again) == INVALID_REQUEST
        assert again["error"]["message"] == "initialize was sent already"
        server.open(URI, DOC)
        _hover_works(server)
        assert capabilities["hoverProvider"] is True


def test_after_shutdown_requests_are_invalid_and_exit_is_0():
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        assert server.request("shutdown")["result"] is None
        for method, params in [("textDocument/hover", HOVER), ("shutdown", None),
                               ("initialize", {"capabilities": {}})]:
            reply = server.request(method, params)
            assert _error_code(reply) == INVALID_REQUEST, method
            assert reply["error"]["message"] == "the server is shutting down: only exit is accepted"
        # Requests that crossed the shutdown (an editor restarting the server as the user
        # types) are normal: not a warning in the editor's output channel.
        assert [m for m in server.seen if m.get("method") == "window/logMessage"
                and m["params"]["type"] <= 2] == []
        server.change(URI, 2, {"text": "jobs: {}\n"})  # dropped, unanswered
        server.notify("exit")
        assert server.exit_code() == 0
        assert not [m for m in server.seen if "method" not in m and m.get("id") not in range(1, 6)]


def test_exit_without_shutdown_exits_with_1():
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        server.notify("exit")
        assert server.exit_code() == 1


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_a_client_that_closes_the_servers_output_ends_it_without_a_traceback(tmp_path):
    # An editor that crashed or stopped reading, its end of the server's input still open:
    # pygls logged a traceback for each message it could not write, and ran for ever.
    log_file = tmp_path / "server.log"
    with subprocess.Popen([*SERVER, "--log-file", str(log_file)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                    "params": {"processId": None, "rootUri": None,
                                               "capabilities": {}}}))
        process.stdin.flush()
        assert process.stdout.readline().startswith(b"Content-Length:")  # it answers
        process.stdout.close()
        try:
            process.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized",
                                        "params": {}}))
            process.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "workspace/symbol",
                                        "params": {"query": ""}}))
            process.stdin.flush()
        except BrokenPipeError:
            pass  # gone already
        assert process.wait(timeout=WAIT_S) == 1  # no shutdown was asked for
        assert process.stderr.read().decode() == ""
    assert "the client closed the server's output: exiting" in log_file.read_text()


def test_exit_without_shutdown_while_waiting_for_the_client_is_quiet():
    # Every task is cancelled at exit: pygls wrote a traceback to stderr (the editor's
    # output channel) for the one waiting for the client's settings.
    with RawServer() as server:
        server.request("initialize", {"processId": None, "rootUri": None,
                                      "capabilities": {"workspace": {"configuration": True}}})
        server.notify("initialized", {})
        while server.next_message().get("method") != "workspace/configuration":
            pass  # never answered
        server.notify("exit")
        assert server.exit_code() == 1
        assert server.process.stderr.read().decode() == ""


@pytest.mark.parametrize("answer", ["refused", "never"])
def test_a_client_that_refuses_to_watch_files_or_never_answers_is_served(answer, tmp_path):
    """The workspace's scan waited for the client's answer to the file watchers' registration:
    a client that refused it (an error reply, then an "internal error" popup) or never
    answered had every pull wait for good, and the calls between files never checked."""
    (tmp_path / "wf-lsp.toml").write_text("", encoding="utf-8")  # a project, for the CLI too
    (tmp_path / "deploy.yaml").write_text(CALLABLE, encoding="utf-8")
    (tmp_path / "nightly.yaml").write_text(CALLER, encoding="utf-8")
    uri = (tmp_path / "nightly.yaml").as_uri()
    with RawServer() as server:
        server.request("initialize", {
            "processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
                "textDocument": {"diagnostic": {}}}})
        server.notify("initialized", {})
        while (message := server.next_message()).get("method") != "client/registerCapability":
            pass
        if answer == "refused":
            server.send({"jsonrpc": "2.0", "id": message["id"],
                         "error": {"code": -32601, "message": "no watchers here"}})
        server.open(uri, CALLER)
        pulled = server.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        assert [(d["range"], d["severity"], d["code"], d["message"])
                for d in pulled["result"]["items"]] == lint_by_cli(
                    CALLER, tmp_path / "nightly.yaml", "utf-16")
        said = [m["params"] for m in server.seen
                if m.get("method", "").startswith("window/") and m["params"]["type"] <= WARNING]
        assert said == ([{"type": WARNING, "message": "the client did not watch the workspace's "
                          "files (no watchers here): a file changed outside the editor is "
                          "seen when it is opened"}] if answer == "refused" else []), said
        server.notify("exit")  # the registration still unanswered: quietly too
        assert server.exit_code() == 1
        assert server.process.stderr.read().decode() == ""


@pytest.mark.parametrize("answer, why", [("refused", "no progress here"),
                                         ("never", "no answer in 10 s")])
def test_a_client_that_refuses_a_progress_or_never_answers_has_the_workspace_linted(
        answer, why, tmp_path):
    """lintWorkspaceOnStart waited for the client to make its progress token: a refusal
    was an "internal error" popup, and without an answer no closed file was ever linted."""
    (tmp_path / "flow.yaml").write_text(DOC, encoding="utf-8")
    uri = (tmp_path / "flow.yaml").as_uri()
    with RawServer() as server:
        server.request("initialize", {
            "processId": None, "rootUri": tmp_path.as_uri(),
            "initializationOptions": {"lintWorkspaceOnStart": True},
            "capabilities": {"window": {"workDoneProgress": True}}})
        server.notify("initialized", {})
        while (message := server.next_message()).get("method") != "window/workDoneProgress/create":
            pass
        if answer == "refused":
            server.send({"jsonrpc": "2.0", "id": message["id"],
                         "error": {"code": -32603, "message": why}})
        found = server.diagnostics(uri)
        assert [(d["range"], d["severity"], d["code"], d["message"]) for d in found] == \
            lint_by_cli(DOC, tmp_path / "flow.yaml", "utf-16")
        said = [m["params"] for m in server.seen
                if m.get("method") in ("window/logMessage", "window/showMessage")
                and m["params"]["type"] <= WARNING]
        assert said == [{"type": WARNING, "message": f"window/workDoneProgress/create failed "
                         f"({why}): the workspace is linted without progress"}], said


@pytest.mark.parametrize("body", [
    b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hov',
    b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"x": "\xff"}}',
    b"\x00\x01",
], ids=["cut short", "not UTF-8", "binary"])
def test_invalid_json_is_a_parse_error_and_the_server_goes_on(body):
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.send_body(body)
        assert server.reply_to(None) == {"jsonrpc": "2.0", "id": None, "error": {
            "code": PARSE_ERROR, "message": "Parse error: the message is not JSON"}}
        _hover_works(server)


_FRAMED = json.dumps({"jsonrpc": "2.0", "id": 70, "method": "textDocument/hover",
                      "params": HOVER}).encode()


@pytest.mark.parametrize("frame, answered, said", [
    (b"content-length:%d\n\n" % len(_FRAMED) + _FRAMED, True, None),
    (b"Content-Length: %d \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
     % len(_FRAMED) + _FRAMED, True, None),
    (b"Content-Length: %d\r\n\r\n" % (len(_FRAMED) - 5) + _FRAMED, False, "5 bytes"),
    (b"Content-Length: %d\r\n\r\n" % (len(_FRAMED) + 5) + _FRAMED, False, "bytes"),
    (b"Content-Length: ten\r\n\r\n" + _FRAMED, False, f"{len(_FRAMED)} bytes"),
    (b"Content-Type: application/json\r\n\r\n" + _FRAMED, False, f"{len(_FRAMED)} bytes"),
    (b"hello\r\n" + b"\xff" * 70000, False, "70007 bytes"),
    (b"Content-Length: 99999999999999999999\r\n\r\n" + _FRAMED, False,
     "a message of 99999999999999999999 bytes was announced"),
    (b"Content-Length: 1000000000000\r\n\r\n" + _FRAMED, False, "a message of 1000000000000"),
], ids=["lower case, no space, LF", "spaces, Content-Type", "length short", "length long",
        "length not a number", "no length", "not a frame", "length too large",
        "length past memory"])
def test_a_frame_that_is_wrong_loses_that_message_only(frame, answered, said):
    """A header in another case or spacing is read; a frame whose length is wrong or
    missing, or what is not a frame, is dropped up to the next header and said in the log.
    pygls's read loop took every later header for part of a body (the server read nothing
    more, in silence), and a length too large to allocate ended the server."""
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        server.write(frame)
        for request_id in (71, 72):  # 71 may be read as the rest of a length too long
            server.send({"jsonrpc": "2.0", "id": request_id, "method": "textDocument/hover",
                         "params": HOVER})
        replies = []
        while 72 not in replies:
            message = server.next_message()
            if "id" in message and "method" not in message:
                replies.append(message["id"])
        assert (70 in replies) == answered, replies
        _hover_works(server)
        logged = [m["params"]["message"] for m in server.seen
                  if m.get("method") == "window/logMessage" and m["params"]["type"] <= WARNING]
        if said is None:
            assert logged == []
        else:
            assert any(said in line for line in logged), logged
        assert server.process.poll() is None


@pytest.mark.parametrize("message, answer_id", [
    ([], None), (1, None), ("initialize", None), ({"id": 3}, 3),
    ({"id": 4, "method": "textDocument/hover", "params": HOVER}, 4),  # no "jsonrpc"
    ({"jsonrpc": "1.0", "id": 5, "method": "textDocument/hover", "params": HOVER}, 5),
    ({"foo": "boo"}, None), ({"jsonrpc": "2.0", "id": {"a": 1}, "method": "x"}, None),
], ids=["array", "number", "string", "only an id", "no jsonrpc", "jsonrpc 1.0", "no method",
        "id an object"])
def test_json_that_is_not_a_message_is_an_invalid_request(message, answer_id):
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.send(message)
        reply = server.reply_to(answer_id)
        assert (reply["jsonrpc"], reply["error"]["code"]) == ("2.0", INVALID_REQUEST)
        _hover_works(server)


@pytest.mark.parametrize("method", [
    "textDocument/hover", "textDocument/definition", "textDocument/references",
    "textDocument/completion", "textDocument/codeAction", "codeAction/resolve",
    "textDocument/documentSymbol", "textDocument/diagnostic", "textDocument/inlayHint",
    "textDocument/codeLens", "textDocument/foldingRange", "textDocument/rename",
    "textDocument/prepareRename", "textDocument/selectionRange",
    "textDocument/documentHighlight", "workspace/executeCommand", "initialize",
])
def test_a_request_without_its_params_is_invalid_params(method):
    with RawServer() as server:
        if method != "initialize":
            server.initialize()
            server.open(URI, DOC)
        for reply in (server.request(method, with_params=False), server.request(method, None),
                      server.request(method, {"textDocument": 5})):
            assert _error_code(reply) == INVALID_PARAMS, reply
        if method == "initialize":
            server.initialize()  # a refused initialize was not the one
            server.open(URI, DOC)
        _hover_works(server)


def test_notifications_are_never_answered():
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        for method, params in [
            ("textDocument/didOpen", None),  # params missing
            ("textDocument/didOpen", {"textDocument": {"uri": 5}}),
            ("textDocument/didChange", {"textDocument": {"uri": URI}}),
            ("textDocument/didClose", {}),
            ("workspace/didChangeConfiguration", 7),
            ("$/cancelRequest", {"id": "never-sent"}),
            ("$/setTrace", {"value": "verbose"}),
            ("custom/unknown", {"anything": True}),
            ("initialized", {}),  # a second one
        ]:
            server.notify(method, params)
        server.send({"jsonrpc": "2.0", "method": "textDocument/didSave"})  # no params at all
        # The next reply is the hover's: nothing answered the notifications.
        _hover_works(server)


def test_initialized_without_params_starts_the_server(tmp_path):
    """JSON-RPC lets a message leave `params` out, and `initialized`'s hold nothing: the
    server took it as refused, waited for its settings for good, and linted nothing."""
    with RawServer() as server:
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.send({"jsonrpc": "2.0", "method": "initialized"})
        server.open(URI, DOC)
        found = server.diagnostics(URI)
        assert [(d["range"], d["severity"], d["code"], d["message"]) for d in found] == \
            lint_by_cli(DOC, tmp_path / "flow.yaml", "utf-16")
        _hover_works(server)
        said = [m["params"]["message"] for m in server.seen
                if m.get("method") == "window/logMessage" and m["params"]["type"] <= WARNING]
        assert said == []


def test_unknown_methods_without_params_are_not_found_or_ignored():
    """An unknown request without `params` is MethodNotFound, as with them; an unknown
    notification without them is ignored in silence (a `$/` one above all): both were
    'Invalid params' naming a Python class (`JsonRPCRequestMessage._Init__()`)."""
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        for method in ("custom/thing", "$/custom"):
            reply = server.request(method, with_params=False)
            assert reply["error"] == {"code": METHOD_NOT_FOUND,
                                      "message": f"Method Not Found: {method}"}
        server.send({"jsonrpc": "2.0", "method": "$/unknown"})
        server.send({"jsonrpc": "2.0", "method": "custom/unknown"})
        _hover_works(server)
        said = [m["params"]["message"] for m in server.seen
                if m.get("method") == "window/logMessage" and m["params"]["type"] <= WARNING]
        assert said == []


def test_malformed_params_are_one_line_no_traceback_and_no_popup():
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        negative = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": -1}}
        reply = server.request("textDocument/hover", negative)
        assert reply["error"] == {"code": INVALID_PARAMS,
                                  "message": "Invalid params: invalid value @ $.params.position"}
        # A change with a range and no text: dropped, and said in one line.
        server.change(URI, 2, {"range": {"start": {"line": 0, "character": 0},
                                         "end": {"line": 0, "character": 0}}})
        _hover_works(server)
        said = [m for m in server.seen if m.get("method", "").startswith("window/")]
        assert not [m for m in said if m["method"] == "window/showMessage"], said
        assert all("\n" not in m["params"]["message"] and "Traceback" not in m["params"]["message"]
                   for m in said), said
        assert [m["params"]["message"] for m in said if "refused" in m["params"]["message"]] == [
            "textDocument/hover refused: Invalid params: invalid value @ $.params.position",
            "textDocument/didChange refused: Invalid params: "
            "required field missing @ $.params.contentChanges[0].text"]
        # Nor on stderr, which an editor shows as its output channel: pygls's traceback of
        # each (some 40 lines) went there.
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0
        assert server.process.stderr.read().decode() == ""


@pytest.mark.parametrize("method, params, where", [
    ("textDocument/hover", {**HOVER, "textDocument": {"uri": 5}}, "textDocument.uri"),
    ("textDocument/hover", {**HOVER, "textDocument": {"uri": None}}, "textDocument.uri"),
    ("textDocument/hover", {**HOVER, "position": {"line": "3", "character": 15}}, "position.line"),
    ("textDocument/hover", {**HOVER, "position": {"line": 3.5, "character": 15}}, "position.line"),
    ("textDocument/hover", {**HOVER, "position": {"line": True, "character": 15}},
     "position.line"),
    ("textDocument/references", {**HOVER, "context": {"includeDeclaration": "false"}},
     "context.includeDeclaration"),
], ids=["uri a number", "uri null", "line a string", "line a fraction", "line a boolean",
        "a boolean a string"])
def test_a_value_of_the_wrong_json_type_is_invalid_params(method, params, where):
    # cattrs read them with str(), int() and bool(): a hover on document "5" answered null,
    # line "3" was line 3, and "false" was true.
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        reply = server.request(method, params)
        assert _error_code(reply) == INVALID_PARAMS
        assert reply["error"]["message"].endswith(f"@ $.params.{where}"), reply
        _hover_works(server)


def test_refusals_are_one_warning_each_and_no_traceback():
    # Declined on purpose, not a crash: pygls wrote each with its traceback to stderr,
    # which an editor shows in its output channel.
    on_timeout = {"textDocument": {"uri": URI}, "position": {"line": 3, "character": 5}}
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        replies = [
            server.request("textDocument/prepareRename", on_timeout),
            server.request("textDocument/rename", {**on_timeout, "newName": "q"}),
            server.request("workspace/executeCommand", {"command": "nope"}),
            server.request("wfLsp/graph", {"textDocument": {}}),
            server.request("wfLsp/graph", {"textDocument": {"uri": URI}, "colorScheme": "red"}),
        ]
        assert [reply["error"]["code"] for reply in replies] == [
            REQUEST_FAILED, REQUEST_FAILED, INVALID_PARAMS, INVALID_PARAMS, INVALID_PARAMS]
        _hover_works(server)
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0
        assert [(m["params"]["type"], m["params"]["message"]) for m in server.seen
                if m.get("method") == "window/logMessage" and "refused" in m["params"]["message"]
                ] == [(WARNING, f"{method} refused: {reply['error']['message']}")
                      for method, reply in zip(
                          ["textDocument/prepareRename", "textDocument/rename",
                           "workspace/executeCommand", "wfLsp/graph", "wfLsp/graph"], replies)]
        assert server.process.stderr.read().decode() == ""


@pytest.mark.parametrize("position", [{"line": -1, "character": 0}, {"line": 0, "character": -3},
                                      {"line": 1 << 40, "character": 0}, {"line": "2"}, [2, 2]])
def test_a_position_sent_back_that_is_not_one_is_declined_not_an_internal_error(position):
    # A lens's data and a command's arguments come back from the client as JSON: a negative
    # or huge line made an internal error (a traceback in the log) of codeLens/resolve and
    # wf-lsp.showCriticalPath.
    with RawServer() as server:
        server.initialize()
        server.open(URI, DOC)
        server.diagnostics(URI)
        lens = server.request("codeLens/resolve", {
            "range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 7}},
            "data": {"uri": URI, **position} if isinstance(position, dict) else position})
        assert lens["result"]["command"] == {"title": "", "command": ""}, lens
        for command in ("wf-lsp.showCriticalPath", "wf-lsp.showGraph"):
            reply = server.request("workspace/executeCommand",
                                   {"command": command, "arguments": [URI, position]})
            assert reply == {"jsonrpc": "2.0", "id": reply["id"], "result": None}, reply
        _hover_works(server)
        assert server.request("shutdown")["result"] is None
        server.notify("exit")
        assert server.exit_code() == 0
        assert server.process.stderr.read().decode() == ""
