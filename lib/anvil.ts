/**
 * A real external JSON-RPC node for end-to-end tests: anvil from the npm package `@foundry-rs/anvil`.
 *
 * That package ships the binary in a platform package (`@foundry-rs/anvil-linux-amd64`, …) installed as an
 * optional dependency, so after `npm ci` it works offline. The binary is started directly (not through the
 * package's `bin.mjs` wrapper) so that stopping it stops the node itself, never leaving an orphan behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** Where the optional dependency puts the binary for each supported platform. */
const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

/** Thrown when no anvil can be started; the message says why and what to do. */
export class AnvilStartError extends Error {
  constructor(message: string) {
    super(`anvil could not start: ${message}`);
    this.name = "AnvilStartError";
  }
}

/** The anvil binary installed by `@foundry-rs/anvil`, or an {@link AnvilStartError} naming what was looked for. */
export function anvilBinary(): string {
  const exe = process.platform === "win32" ? "anvil.exe" : "anvil";
  const key = `${process.platform}-${process.arch}`;
  const looked: string[] = [];
  const platformPackage = PLATFORM_PACKAGES[key];
  if (platformPackage !== undefined) {
    try {
      return require.resolve(`${platformPackage}/bin/${exe}`);
    } catch {
      looked.push(`${platformPackage}/bin/${exe} (optional dependency of @foundry-rs/anvil)`);
    }
  }
  // The wrapper's postinstall downloads the binary next to itself when the platform package is missing.
  try {
    const fallback = path.join(path.dirname(require.resolve("@foundry-rs/anvil/package.json")), exe);
    if (existsSync(fallback)) return fallback;
    looked.push(fallback);
  } catch {
    looked.push("@foundry-rs/anvil (not installed)");
  }
  throw new AnvilStartError(
    `no anvil binary for ${key}; looked for ${looked.join(", ")}. ` +
      `Run \`npm ci\` without --omit=optional (the binary ships in the platform package).`,
  );
}

/** A free TCP port on the loopback interface (the OS picks it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the port of a loopback listener"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

export interface AnvilOptions {
  /** Seconds to wait for the node to listen before giving up (default 20). */
  startTimeoutSeconds?: number;
  /** Extra command-line arguments (e.g. `["--hardfork", "cancun"]`). */
  args?: readonly string[];
}

export interface AnvilNode {
  url: string;
  port: number;
  /** The node's version line, e.g. `anvil Version: 1.7.1`. */
  version: string;
  /** Everything the node printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the node (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

const STARTED = /Listening on ([0-9.]+):(\d+)/;

/**
 * Starts anvil on a free loopback port and resolves once it accepts JSON-RPC. Retries with another port when
 * the one picked was taken in between; any other failure (no binary, early exit, timeout) rejects with an
 * {@link AnvilStartError} carrying the node's own output.
 */
export async function startAnvil(opts: AnvilOptions = {}): Promise<AnvilNode> {
  const binary = anvilBinary();
  const version = await runForOutput(binary, ["--version"]).then(
    (out) => out.split("\n")[0]!.trim(),
    (e: unknown) => {
      throw new AnvilStartError(`\`${binary} --version\` failed: ${(e as Error).message}`);
    },
  );
  let lastError: AnvilStartError | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeLoopbackPort();
    try {
      return await launch(binary, port, version, opts);
    } catch (e) {
      lastError = e as AnvilStartError;
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError!;
}

async function launch(binary: string, port: number, version: string, opts: AnvilOptions): Promise<AnvilNode> {
  const timeoutMs = (opts.startTimeoutSeconds ?? 20) * 1000;
  const child = spawn(binary, ["--host", "127.0.0.1", "--port", String(port), ...(opts.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A test runner that dies must not leave the node running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilListening(child, () => output, port, timeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, port, version, output: () => output, stop };
}

function waitUntilListening(child: ChildProcess, output: () => string, port: number, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    const tail = () => output().trim().split("\n").slice(-15).join("\n") || "(no output)";
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = () => {
      const m = STARTED.exec(output());
      if (m && Number(m[2]) === port) done();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new AnvilStartError(`exited (${signal ?? `code ${code}`}) before listening on port ${port}:\n${tail()}`));
    const onError = (e: Error) => done(new AnvilStartError(`spawn failed: ${e.message}`));
    const timer = setTimeout(
      () => done(new AnvilStartError(`not listening on port ${port} after ${timeoutMs / 1000} s:\n${tail()}`)),
      timeoutMs,
    );
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
    onData();
  });
}

function runForOutput(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit code ${code}: ${out.trim()}`))));
  });
}
