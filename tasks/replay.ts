/**
 * `npx hardhat replay`: replays real DAO data through the stock OpenZeppelin baseline and Polycentric.
 *
 *   npx hardhat replay --dao compound                      every Compound proposal of votes_normalized.csv
 *   npx hardhat replay --dao compound --proposals 13,86    two proposals
 *   npx hardhat replay --dao uniswap --clusters arbitrum   Arbitrum Sybil clusters bound to one identity each
 *   npx hardhat replay --votes my_votes.csv                any CSV in the normalized votes schema
 *   npx hardhat replay --distribution ens --limit 500      an electorate from a distribution (first 500 holders)
 *
 * Prints a progress line per proposal, a summary table (outcome and Nakamoto coefficient of counted power under each
 * system, flips) and the timings, and writes reports/replay-<name>.json (bigints as strings).
 *
 * Imported by hardhat.config.ts, so it must not import "hardhat" (or lib/, which does) at top level: the replay is
 * loaded inside the action.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { task, types } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";

interface ReplayArgs {
  votes?: string;
  clusters?: string;
  distribution?: string;
  dao?: string;
  governor?: string;
  proposals?: string;
  limit?: number;
  identity: string;
  out?: string;
  workers?: number;
  slice?: string;
  rawOut?: string;
  noCompile: boolean;
}

task("replay", "Replays real DAO votes or a token distribution through the baseline and Polycentric")
  .addOptionalParam(
    "votes",
    'CSV in the normalized votes schema (default and "real": the real-data onchain-votes/votes_normalized.csv)',
    undefined,
    types.string,
  )
  .addOptionalParam(
    "clusters",
    '`cluster,address` CSV bound to one identity per cluster ("arbitrum": the Arbitrum airdrop Sybil clusters)',
    undefined,
    types.string,
  )
  .addOptionalParam(
    "distribution",
    '`address,balance_wei` CSV to set up as a whole electorate ("ens": the ENS airdrop)',
    undefined,
    types.string,
  )
  .addOptionalParam("dao", "replay one DAO of the votes file (compound, uniswap, beanstalk)", undefined, types.string)
  .addOptionalParam("governor", "replay one governor (e.g. compound-bravo)", undefined, types.string)
  .addOptionalParam(
    "proposals",
    "comma-separated proposal ids (86, compound-bravo:86 or bravo:86)",
    undefined,
    types.string,
  )
  .addOptionalParam("limit", "the first N proposals (or distribution holders) only", undefined, types.int)
  .addOptionalParam("identity", "Polycentric identity mode: open or strict", "open", types.string)
  .addOptionalParam("out", "report path (default reports/replay-<name>.json)", undefined, types.string)
  .addOptionalParam(
    "workers",
    "--distribution: child processes replaying slices of the holders concurrently (default: 2, or 1 on one core)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "slice",
    "(worker) --distribution rows FROM:TO only, on this process's network",
    undefined,
    types.string,
  )
  .addOptionalParam("rawOut", "(worker) where to write the slice's counted weights", undefined, types.string)
  .addFlag("noCompile", "do not compile the contracts first")
  .setAction(async (args: ReplayArgs, hre) => {
    try {
      await replayTask(args, hre);
    } catch (e) {
      // Bad input (unknown names, missing files, malformed rows) reads best as one line without a stack trace;
      // `--show-stack-traces` still shows it.
      const hardhatOwn =
        HardhatPluginError.isHardhatPluginError(e) || (e as { _isHardhatError?: boolean })._isHardhatError;
      if (e instanceof Error && !hardhatOwn) throw new HardhatPluginError("replay", e.message, e);
      throw e;
    }
  });

async function replayTask(args: ReplayArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  if (hre.network.name !== "hardhat") {
    throw new Error(`replay runs on the in-process Hardhat network only (got --network ${hre.network.name})`);
  }
  if (!args.noCompile) await hre.run(TASK_COMPILE, { quiet: true });
  // Loaded before the network's first request, so its EDR allocator settings take effect (lib/replay/chain.ts).
  const replay = await import("../lib/replay");
  const data = await import("../lib/data");
  const alias = (kind: keyof typeof replay.REPLAY_DATA_ALIASES, value: string | undefined) => {
    if (value === undefined) return undefined;
    const named = (replay.REPLAY_DATA_ALIASES[kind] as Record<string, readonly string[]>)[value];
    return named === undefined ? path.resolve(value) : data.dataPath(...named);
  };
  const root = hre.config.paths.root;
  const write = (name: string, json: string) => {
    const file = path.resolve(root, args.out ?? path.join("reports", `replay-${name}.json`));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, json);
    console.log(`wrote ${path.relative(root, file)}`);
  };
  const progress = (line: string) => console.log(`▸ ${line}`);

  if (args.distribution === undefined && (args.workers !== undefined || args.slice !== undefined)) {
    throw new Error("--workers and --slice apply to --distribution only");
  }
  if (args.distribution !== undefined) {
    if (args.votes !== undefined || args.dao !== undefined || args.proposals !== undefined) {
      throw new Error("--distribution runs alone: drop --votes, --dao and --proposals");
    }
    const file = alias("distribution", args.distribution)!;
    if (args.slice !== undefined || args.rawOut !== undefined) {
      const m = /^(\d+):(\d+)$/.exec(args.slice ?? "");
      if (m === null || args.rawOut === undefined) throw new Error("a worker needs --slice FROM:TO and --raw-out FILE");
      const r = await replay.replayDistributionWorker(file, args.limit, Number(m[1]), Number(m[2]), {
        onProgress: progress,
      });
      writeFileSync(args.rawOut, replay.replayToJson(r));
      return;
    }
    const base = args.distribution in replay.REPLAY_DATA_ALIASES.distribution ? args.distribution : undefined;
    const name = (base ?? path.basename(file).replace(/\.csv$/i, "")) + (args.limit ? `-${args.limit}` : "");
    const workers = args.workers ?? Math.min(2, os.cpus().length);
    const r = await replay.replayDistribution({ file, limit: args.limit, workers, name, onProgress: progress });
    console.log(`\n${name}: ${r.holders} holders, counted power per system\n`);
    console.log(replay.formatDistributionReplay(r));
    write(`distribution-${name}`, replay.replayToJson(r));
    return;
  }

  const proposals = args.proposals
    ?.split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const votesFile = alias("votes", args.votes);
  const base =
    args.dao ?? args.governor ?? (votesFile ? path.basename(votesFile).replace(/\.csv$/i, "") : "votes_normalized");
  const suffix =
    (proposals && proposals.length > 0 ? `-p${proposals.join("_").replace(/:/g, "-")}` : "") +
    (args.limit ? `-limit${args.limit}` : "") +
    (args.clusters ? "-clusters" : "") +
    (args.identity !== "open" ? `-${args.identity}` : "");
  const r = await replay.replayVotes({
    votesFile,
    clustersFile: alias("clusters", args.clusters),
    dao: args.dao,
    governor: args.governor,
    proposals,
    limit: args.limit,
    identity: args.identity,
    name: base + suffix,
    onProgress: progress,
  });
  console.log(`\n${r.name}: outcome (For vs Against on the counted tally) and Nakamoto coefficient per system\n`);
  console.log(replay.formatVotesReplay(r));
  write(r.name, replay.replayToJson(r));
}
