import assert from "node:assert/strict";
import { test } from "node:test";

import { ServerProcess, type Launch } from "../src/serverProcess";

/** A Node program standing in for the server. */
function node(script: string): Launch {
  return { command: process.execPath, args: ["-e", script], cwd: undefined, env: { WF_LSP_TEST: "from the launch" } };
}

async function exited(server: ServerProcess): Promise<void> {
  for (let waited = 0; server.running; waited += 10) {
    assert.ok(waited < 10_000, "the process did not exit");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The exit event and the last stderr data arrive in the same turn of the loop, or the next.
  await new Promise((resolve) => setImmediate(resolve));
}

test("a program that cannot be run is a rejected start", async () => {
  await assert.rejects(ServerProcess.start({ command: "/nonexistent/wf-lsp", args: ["serve"], cwd: undefined, env: {} }, () => undefined), /ENOENT/);
});

test("stdin and stdout are the server's, stderr goes to the log, with the launch's environment", async () => {
  const logged: string[] = [];
  const server = await ServerProcess.start(
    node("process.stdin.once('data', (d) => { process.stdout.write(d); process.stderr.write(process.env.WF_LSP_TEST + '\\n'); process.exit(0); });"),
    (text) => logged.push(text),
  );
  const echoed = new Promise<string>((resolve) => server.reader.once("data", (data: Buffer) => resolve(data.toString())));
  server.expectExit();
  server.writer.write("ping");
  assert.equal(await echoed, "ping");
  await exited(server);
  assert.deepEqual(logged, ["from the launch\n"]);
});

test("an exit that was asked for is not reported; one that was not is", async () => {
  const asked: string[] = [];
  const stopped = await ServerProcess.start(node("process.exit(0)"), (text) => asked.push(text));
  stopped.expectExit();
  await exited(stopped);
  assert.deepEqual(asked, []);

  const unasked: string[] = [];
  const crashed = await ServerProcess.start(node("setTimeout(() => process.exit(3), 50)"), (text) => unasked.push(text));
  await exited(crashed);
  assert.deepEqual(unasked, ["[client] the server exited unexpectedly (exit code 3)\n"]);
});

test("a server that does not exit when asked is killed after the grace period, without a report", async () => {
  const logged: string[] = [];
  const server = await ServerProcess.start(node("setInterval(() => undefined, 1000)"), (text) => logged.push(text));
  server.killAfter(50);
  await exited(server);
  assert.equal(server.running, false);
  assert.deepEqual(logged, []);
});
