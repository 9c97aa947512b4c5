/**
 * `npm start`: the main job. On the in-process Hardhat network, in one run:
 *
 * 1. the THREATS.md attack simulator on the common world, stock OpenZeppelin baseline vs Polycentric side by side
 *    (SIM_SEEDS seeds per randomised recipe, default 50; attacks whose mechanism has not landed are reported as
 *    "not covered", never as passed);
 * 2. real electorates replayed through both systems: every Compound proposal (141) and Beanstalk BIP-18, the April
 *    2022 flash-loan exploit;
 * 3. the ENS airdrop electorate (first REPLAY_ENS_HOLDERS holders, default 5,000) voting once on each system, for
 *    the Lorenz curves of counted power;
 *
 * then prints the summary and writes reports/summary.{md,json,html}. Progress goes to stderr. Exits non-zero if
 * any run fails or an invariant is violated.
 */
import path from "node:path";
import hre from "hardhat";

import {
  defaultSeeds,
  formatAttackTable,
  LIFECYCLE_BUDGET_MS,
  median,
  progressLine,
  replayDistribution,
  replayVotes,
  runAttacks,
  stderrProgress,
  timeLifecycle,
  World,
  writeReports,
  type ReplayReport,
  type SimulationReport,
} from "../lib";

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

async function timed<T>(timings: Record<string, number>, name: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await f();
  timings[name] = Date.now() - t0;
  return result;
}

function flips(r: ReplayReport): string {
  const flipped = r.proposals.filter((p) => p.flipped).map((p) => `${p.governor} ${p.proposalId}`);
  return flipped.length === 0 ? "none" : flipped.join(", ");
}

/**
 * Progress for a replay: its "[i/n]" lines drive a progress bar on stderr (rewritten in place on a terminal, every
 * 10 % otherwise); any other line (what is being set up) is printed as it comes.
 */
function replayProgress(label: string): (line: string) => void {
  const bar = stderrProgress();
  return (line) => {
    const m = /\[(\d+)\/(\d+)\]/.exec(line);
    if (m === null) {
      process.stderr.write(`  ${label}: ${line}\n`);
      return;
    }
    const done = Number(m[1]);
    const total = Number(m[2]);
    bar(`  ${progressLine(label, done, total, 20)}`, done === total);
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const seeds = defaultSeeds();
  const ensHolders = envInt("REPLAY_ENS_HOLDERS", 5_000);
  const timings: Record<string, number> = {};
  await hre.run("compile", { quiet: true });

  console.log(`Polycentric: where authority settles, stock OpenZeppelin vs Polycentric (${seeds} seeds per recipe)\n`);

  console.log("[1/3] attack simulator on the THREATS.md common world");
  const world = await timed(timings, "world setup", () => World.create({ strict: true }));
  const lifecycle = await timeLifecycle(world);
  timings["one lifecycle, both systems"] = lifecycle.lifecycleMs;
  console.log(
    `  126-agent common world: setup + one full lifecycle on both systems ${lifecycle.setupPlusLifecycleMs} ms ` +
      `(budget ${LIFECYCLE_BUDGET_MS} ms)`,
  );
  const attacks = await timed(timings, "attacks", () => runAttacks({ world, seeds, progress: stderrProgress() }));
  const violations = attacks.flatMap((a) =>
    (a.runs ?? []).flatMap((r) => r.invariantViolations.map((v) => `${a.id} ${r.system} seed ${r.seed}: ${v}`)),
  );

  console.log("[2/3] real electorates replayed through both systems");
  const compound = await timed(timings, "replay: Compound", () =>
    replayVotes({ dao: "compound", name: "Compound (all proposals)", onProgress: replayProgress("Compound") }),
  );
  const bip18 = await timed(timings, "replay: Beanstalk BIP-18", () =>
    replayVotes({
      dao: "beanstalk",
      proposals: ["18"],
      name: "Beanstalk BIP-18 (flash-loan exploit)",
      onProgress: replayProgress("BIP-18"),
    }),
  );

  console.log(`[3/3] ENS airdrop electorate (${ensHolders.toLocaleString("en-US")} largest holders)`);
  const ens = await timed(timings, "replay: ENS distribution", () =>
    replayDistribution({
      limit: ensHolders,
      name: `ENS airdrop 2021 (top ${ensHolders})`,
      onProgress: replayProgress("ENS"),
    }),
  );

  timings.total = Date.now() - started;
  const report: SimulationReport = {
    parameters: { seeds, clockMode: "timestamp" },
    attacks,
    replays: [compound, bip18],
    lorenz: ens.lorenz,
    timings,
  };
  const paths = writeReports(report, path.resolve(__dirname, "..", "reports"));

  console.log("\nAttacks (attacker success rate, 95 % Wilson interval):");
  console.log(formatAttackTable(attacks));
  console.log("\nReplays:");
  console.log(
    `  ${"electorate".padEnd(40)} ${"proposals".padStart(9)}  ${"median Nakamoto (baseline → Polycentric)".padEnd(42)} outcome flips`,
  );
  for (const r of report.replays) {
    const nb = median(r.proposals.map((p) => p.nakamoto.baseline));
    const np = median(r.proposals.map((p) => p.nakamoto.polycentric));
    console.log(
      `  ${r.name.padEnd(40)} ${String(r.proposals.length).padStart(9)}  ${`${nb} → ${np}`.padEnd(42)} ${flips(r)}`,
    );
  }
  console.log(
    "  (Compound: the 132 of its 141 proposals that received votes; Nakamoto = voters needed for > 50 % of counted power)",
  );
  const m = ens.metrics;
  console.log(
    `  ${ens.name}: Nakamoto ${m.baseline.nakamoto} (baseline) vs ${m.polycentric.nakamoto} (Polycentric), ` +
      `Gini ${m.baseline.gini.toFixed(3)} vs ${m.polycentric.gini.toFixed(3)}`,
  );
  console.log("\nTimings:");
  for (const [name, ms] of Object.entries(timings)) console.log(`  ${name.padEnd(28)} ${(ms / 1000).toFixed(1)} s`);
  console.log(`\nReports: ${paths.markdown}\n         ${paths.json}\n         ${paths.html}`);

  if (violations.length > 0) throw new Error(`invariant violations:\n  ${violations.join("\n  ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
