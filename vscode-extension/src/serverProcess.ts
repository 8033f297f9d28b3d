/**
 * The server's process, spawned by the extension rather than by the language client: the client
 * logs every exit of a process it spawned as an error, even the one it asked for ("[Error] Server
 * process exited with code 0." on every restart). Here only an exit nobody asked for is said.
 *
 * No `vscode` import, so the unit tests run it under plain Node.
 */

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { Readable, Writable } from "node:stream";

/** How long a server that was asked to exit has before it is killed. */
export const EXIT_GRACE_MS = 2_000;

export interface Launch {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string | undefined;
  /** Added to the extension host's environment. */
  readonly env: Readonly<Record<string, string>>;
}

export class ServerProcess {
  private exitExpected = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    log: (text: string) => void,
  ) {
    // The server's stderr (a Python traceback, say) goes to the output channel as it is.
    child.stderr.on("data", (data: Buffer) => log(data.toString("utf8")));
    child.on("exit", (code, signal) => {
      if (!this.exitExpected) {
        log(`[client] the server exited unexpectedly (${signal ?? `exit code ${code}`})\n`);
      }
    });
  }

  /** Spawn the server; rejects when the program cannot be run at all. */
  static start(launch: Launch, log: (text: string) => void): Promise<ServerProcess> {
    const child = spawn(launch.command, [...launch.args], {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      stdio: "pipe",
      windowsHide: true,
    });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => {
        child.off("error", reject);
        // Errors after the start (a write to a closed pipe) end in the exit event.
        child.on("error", () => undefined);
        resolve(new ServerProcess(child, log));
      });
    });
  }

  get reader(): Readable {
    return this.child.stdout;
  }

  get writer(): Writable {
    return this.child.stdin;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The client is about to ask the server to exit: that exit is no news. */
  expectExit(): void {
    this.exitExpected = true;
  }

  /** Kill the server if it has not exited `graceMs` after it was asked to. */
  killAfter(graceMs: number = EXIT_GRACE_MS): void {
    this.expectExit();
    const timer = setTimeout(() => {
      if (this.running) {
        this.child.kill();
      }
    }, graceMs);
    timer.unref();
  }
}
