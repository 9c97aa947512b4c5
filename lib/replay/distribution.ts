/**
 * `replayDistribution`: sets up an electorate from a token distribution (`address,balance_wei`, e.g. the ENS
 * airdrop's 137,689 holders) on both systems, has every holder vote For on one proposal, and measures the counted
 * power from the VoteCast events: raw power on the baseline, ⌊√power⌋ on Polycentric. Every counted weight is checked
 * against the allocation.
 *
 * Both governors count one token (the Polycentric token; the baseline is the stock BaselineGovernor + timelock on it,
 * see deployBaselineGovernor in lib/sim/baseline.ts), so a holder costs four transactions: self-delegation, funding by the reserve, and one
 * vote per governor. Setup is batched (lib/replay/chain.ts).
 *
 * `workers` > 1 splits the holders into that many contiguous slices, each replayed by a child Hardhat process on its
 * own in-process network (`hardhat replay --distribution FILE --slice FROM:TO --raw-out FILE`), concurrently: one
 * process runs at about one core. Each slice mints twice its own total. A holder's counted weight depends only on its
 * own balance (everyone votes For, one address per unit), so the merged weights are those of one whole electorate;
 * the proposal states and quorums are per slice.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import hre from "hardhat";

import { dataPath, DATA_FILES, loadDistribution, type DistributionRecord } from "../data";
import { concentration, type Concentration } from "../metrics";
import type { LorenzCurve, SystemName } from "../sim/types";
import { ReplayChain } from "./chain";
import { checkLimit, countedQuadratic, lorenzCurve } from "./plan";
import { ReplaySystems, SUPPORT_CODE, type SystemResult } from "./systems";

export interface ReplayDistributionOptions {
  /** Distribution CSV (default: the ENS airdrop). */
  file?: string;
  /** The first N rows of the file only (the ENS file is sorted by balance, descending). */
  limit?: number;
  /** Child processes replaying slices concurrently (default 1: the whole electorate on this process's network). */
  workers?: number;
  /** Curve and report name (default: the file name). */
  name?: string;
  onProgress?: (line: string) => void;
  /** Transactions per mined block (default {@link ReplayChain}'s). */
  batchSize?: number;
}

/** One slice of the electorate, replayed on one network. */
export interface DistributionSlice {
  /** Rows [from, to) of the file (after `limit`). */
  from: number;
  to: number;
  holders: number;
  /** Sum of the slice's balances, and the supply minted for it (twice that: the reserve holds the other half). */
  total: bigint;
  supply: bigint;
  result: Record<SystemName, SystemResult>;
  transactions: number;
  blocks: number;
  /** load, deploy, impersonate, delegate, fund, vote, read, total (ms). */
  timings: Record<string, number>;
}

export interface DistributionReplayReport {
  name: string;
  source: string;
  /** Holders with a balance > 0 (the electorate); rows with 0 are counted in `zeroBalances`. */
  holders: number;
  zeroBalances: number;
  /** Sum of the balances. */
  total: bigint;
  /** Concentration of counted power per system (baseline: raw power; Polycentric: ⌊√power⌋). */
  metrics: Record<SystemName, Concentration>;
  lorenz: LorenzCurve[];
  workers: number;
  slices: DistributionSlice[];
  transactions: number;
  blocks: number;
  /** load, slices (wall clock of the replay proper), merge, total (ms). */
  timings: Record<string, number>;
  elapsedMs: number;
}

/** What a slice replay returns (and a worker writes as JSON, bigints as strings). */
export interface DistributionSliceResult extends DistributionSlice {
  /** Per holder with a balance > 0, in file order: address, counted weight on the baseline, on Polycentric. */
  counted: [string, bigint, bigint][];
}

interface Holder {
  address: string;
  balance: bigint;
}

function holdersOf(rows: readonly DistributionRecord[]): Holder[] {
  return rows
    .filter((r) => r.balanceWei > 0n)
    .map((r) => ({ address: r.address.toLowerCase(), balance: r.balanceWei }));
}

function loadRows(file: string, limit: number | undefined): DistributionRecord[] {
  const rows = loadDistribution(file);
  return limit === undefined ? rows : rows.slice(0, limit);
}

/**
 * What a worker runs: loads the file (first `limit` rows), checks the slice and replays rows [from, to) on this
 * process's network.
 */
export async function replayDistributionWorker(
  file: string,
  limit: number | undefined,
  from: number,
  to: number,
  opts: { onProgress?: (line: string) => void; batchSize?: number } = {},
): Promise<DistributionSliceResult> {
  const rows = loadRows(file, checkLimit(limit));
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && 0 <= from && from <= to && to <= rows.length)) {
    throw new RangeError(`slice ${from}:${to} is not within the ${rows.length} rows of ${path.basename(file)}`);
  }
  const name = file.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  return replayDistributionSlice(rows, from, to, { name, ...opts });
}

/** Replays rows [from, to) on this process's Hardhat network. */
export async function replayDistributionSlice(
  rows: readonly DistributionRecord[],
  from: number,
  to: number,
  opts: { name: string; onProgress?: (line: string) => void; batchSize?: number },
): Promise<DistributionSliceResult> {
  const started = Date.now();
  const log = opts.onProgress ?? (() => undefined);
  const holders = holdersOf(rows.slice(from, to));
  const total = holders.reduce((s, h) => s + h.balance, 0n);
  const supply = total > 0n ? 2n * total : 1n;
  const timings: Record<string, number> = {};
  const chain = await ReplayChain.open(hre.network.provider, opts.batchSize);
  let t = Date.now();
  const lap = (key: string, what: string) => {
    timings[key] = Date.now() - t;
    t = Date.now();
    log(`${what}: ${(timings[key] / 1000).toFixed(1)} s (${chain.transactions} transactions so far)`);
  };
  try {
    const systems = await ReplaySystems.deploy(chain, {
      supply,
      identity: "open",
      attester: false,
      sharedToken: true,
    });
    for (const h of holders) {
      if (systems.reserved.has(h.address)) throw new Error(`holder ${h.address} is one of the replay's own accounts`);
    }
    lap("deployMs", `rows ${from}..${to}: deployed both systems (one token)`);
    await chain.impersonate(holders.map((h) => h.address));
    lap("impersonateMs", `impersonated ${holders.length} holders`);
    for (const h of holders) for (const token of systems.tokens) systems.delegate(token, h.address);
    await chain.mine();
    lap("delegateMs", "self-delegated every holder");
    for (const h of holders) {
      for (const token of systems.tokens) systems.transfer(token, systems.reserve, h.address, h.balance, "allocation");
    }
    await chain.mine();
    lap("fundMs", "funded every holder");

    const { proposal, id } = systems.proposal(`Distribution replay: ${opts.name} rows ${from}..${to}`);
    for (const s of systems.list) systems.propose(s, proposal);
    await chain.mine();
    const snapshots = await Promise.all(systems.list.map((s) => systems.snapshot(s, id)));
    await chain.advanceTo(snapshots.reduce((m, x) => (x > m ? x : m)) + 1n);
    const firstVoteBlock = (await chain.blockNumber()) + 1;
    for (const h of holders) for (const s of systems.list) systems.vote(s, h.address, id, SUPPORT_CODE.for);
    await chain.mine();
    const lastVoteBlock = await chain.blockNumber();
    lap("voteMs", "every holder voted For on both governors");

    const deadlines = await Promise.all(systems.list.map((s) => systems.deadline(s, id)));
    await chain.advanceTo(deadlines.reduce((m, x) => (x > m ? x : m)) + 1n);
    const casts = holders.length > 0 ? await systems.voteCasts(id, firstVoteBlock, lastVoteBlock) : [];
    const weights: Record<SystemName, Map<string, bigint>> = { baseline: new Map(), polycentric: new Map() };
    for (const c of casts) weights[c.system].set(c.voter, c.weight);
    const problems: string[] = [];
    for (const h of holders) {
      const expected = { baseline: h.balance, polycentric: countedQuadratic(h.balance, systems.cap) };
      for (const s of ["baseline", "polycentric"] as const) {
        const got = weights[s].get(h.address);
        if (got !== expected[s]) {
          problems.push(`${s} ${h.address}: counted ${got ?? "no vote"}, expected ${expected[s]}`);
        }
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `${problems.length} counted weights differ from the allocation:\n  ${problems.slice(0, 5).join("\n  ")}`,
      );
    }
    const result = {} as Record<SystemName, SystemResult>;
    for (const s of systems.list) result[s.name] = await systems.result(s, id);
    lap("readMs", "read and checked every counted weight");
    timings.totalMs = Date.now() - started;
    return {
      from,
      to,
      holders: holders.length,
      total,
      supply,
      result,
      transactions: chain.transactions,
      blocks: chain.blocks,
      timings,
      counted: holders.map((h) => [h.address, weights.baseline.get(h.address)!, weights.polycentric.get(h.address)!]),
    };
  } finally {
    await chain.close();
  }
}

/** Runs one slice in a child Hardhat process and reads back what it wrote. */
async function sliceInWorker(
  file: string,
  limit: number | undefined,
  from: number,
  to: number,
  tag: string,
  log: (line: string) => void,
): Promise<DistributionSliceResult> {
  const rawOut = path.join(os.tmpdir(), `polycentric-replay-${process.pid}-${from}-${to}.json`);
  const cli = require.resolve("hardhat/internal/cli/cli");
  const args = [cli, "replay", "--no-compile", "--distribution", file, "--slice", `${from}:${to}`, "--raw-out", rawOut];
  if (limit !== undefined) args.push("--limit", String(limit));
  const env = { ...process.env, MIMALLOC_PURGE_DELAY: "0", MIMALLOC_ALLOW_LARGE_OS_PAGES: "0" };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: hre.config.paths.root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim() !== "") log(`${tag} ${line.replace(/^▸ /, "")}`);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`worker for rows ${from}..${to} exited with ${code}:\n${stderr.trim().slice(-2000)}`));
    });
  });
  try {
    return parseSliceResult(fs.readFileSync(rawOut, "utf8"));
  } finally {
    fs.rmSync(rawOut, { force: true });
  }
}

/** Reads a worker's JSON (bigints were written as strings). */
export function parseSliceResult(json: string): DistributionSliceResult {
  const r = JSON.parse(json) as Record<string, unknown> & { counted: [string, string, string][] };
  const big = (x: unknown) => BigInt(x as string);
  const result = r.result as Record<SystemName, Record<string, unknown>>;
  const systemResult = (x: Record<string, unknown>): SystemResult => {
    const tally = x.tally as Record<string, unknown>;
    return {
      state: x.state as SystemResult["state"],
      tally: { for: big(tally.for), against: big(tally.against), abstain: big(tally.abstain) },
      participation: big(x.participation),
      quorum: big(x.quorum),
      quorumReached: x.quorumReached as boolean,
    };
  };
  return {
    from: r.from as number,
    to: r.to as number,
    holders: r.holders as number,
    total: big(r.total),
    supply: big(r.supply),
    result: { baseline: systemResult(result.baseline), polycentric: systemResult(result.polycentric) },
    transactions: r.transactions as number,
    blocks: r.blocks as number,
    timings: r.timings as Record<string, number>,
    counted: r.counted.map(([a, b, p]) => [a, BigInt(b), BigInt(p)]),
  };
}

/** See the file comment. */
export async function replayDistribution(opts: ReplayDistributionOptions = {}): Promise<DistributionReplayReport> {
  const started = Date.now();
  const log = opts.onProgress ?? (() => undefined);
  const limit = checkLimit(opts.limit);
  const workers = checkLimit(opts.workers, "workers") ?? 1;
  const file = opts.file ?? dataPath(...DATA_FILES.ensAirdrop);
  const rows = loadRows(file, limit);
  const name = opts.name ?? file.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  const timings: Record<string, number> = { loadMs: Date.now() - started };
  const zeroBalances = rows.length - holdersOf(rows).length;
  log(`${rows.length - zeroBalances} holders from ${file} (${zeroBalances} with balance 0 left out)`);

  const t0 = Date.now();
  let slices: DistributionSliceResult[];
  if (workers === 1 || rows.length < 2 * workers) {
    slices = [
      await replayDistributionSlice(rows, 0, rows.length, { name, onProgress: log, batchSize: opts.batchSize }),
    ];
  } else {
    const bounds = Array.from({ length: workers + 1 }, (_, i) => Math.round((i * rows.length) / workers));
    log(
      `${workers} workers, one network each: rows ${bounds
        .slice(0, -1)
        .map((b, i) => `${b}..${bounds[i + 1]}`)
        .join(", ")}`,
    );
    slices = await Promise.all(
      bounds.slice(0, -1).map((from, i) => sliceInWorker(file, limit, from, bounds[i + 1], `[w${i + 1}]`, log)),
    );
  }
  timings.slicesMs = Date.now() - t0;

  const t1 = Date.now();
  const counted: Record<SystemName, bigint[]> = {
    baseline: slices.flatMap((s) => s.counted.map(([, b]) => b)),
    polycentric: slices.flatMap((s) => s.counted.map(([, , p]) => p)),
  };
  const report: DistributionReplayReport = {
    name,
    source: file,
    holders: counted.baseline.length,
    zeroBalances,
    total: slices.reduce((s, x) => s + x.total, 0n),
    metrics: { baseline: concentration(counted.baseline), polycentric: concentration(counted.polycentric) },
    lorenz: [
      lorenzCurve(counted.baseline, `${name}, counted power`, "baseline"),
      lorenzCurve(counted.polycentric, `${name}, counted power`, "polycentric"),
    ],
    workers: slices.length,
    slices: slices.map(({ counted: _counted, ...slice }) => slice),
    transactions: slices.reduce((s, x) => s + x.transactions, 0),
    blocks: slices.reduce((s, x) => s + x.blocks, 0),
    timings,
    elapsedMs: 0,
  };
  timings.mergeMs = Date.now() - t1;
  report.elapsedMs = Date.now() - started;
  timings.totalMs = report.elapsedMs;
  return report;
}
