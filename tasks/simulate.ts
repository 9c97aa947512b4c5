/**
 * `npx hardhat simulate [--seeds 50] [--attacks A1,A3] [--out reports/attacks.json]`: the THREATS.md attack
 * simulator. Deploys the common world for both systems (stock OpenZeppelin baseline and Polycentric) in the in-process
 * Hardhat network, times its setup and one full proposal lifecycle, runs the selected attacks (randomised recipes
 * over `--seeds` seeds, default SIM_SEEDS or 50), prints a summary table and writes the AttackReport[] JSON.
 *
 * This file is imported by hardhat.config.ts, so it must not import "hardhat" (or anything that does) at top level:
 * the simulator is loaded inside the action, once the runtime environment exists.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { task, types } from "hardhat/config";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";

// Type-only: erased at runtime, so the config does not load the simulator (or "hardhat") eagerly.
import type { World } from "../lib/sim/world";

interface SimulateArgs {
  seeds?: number;
  attacks?: string;
  out: string;
}

task("simulate", "Runs the THREATS.md attack simulator on the baseline and Polycentric")
  .addOptionalParam("seeds", "seeds per randomised recipe (default: SIM_SEEDS or 50)", undefined, types.int)
  .addOptionalParam("attacks", "comma-separated attack ids, e.g. A1,A3 (default: all A1–A20)", undefined, types.string)
  .addOptionalParam("out", "where to write the AttackReport[] JSON", "reports/attacks.json", types.string)
  .setAction(async (args: SimulateArgs, hre) => {
    if (hre.network.name !== "hardhat") {
      throw new Error(`simulate runs on the in-process Hardhat network only (got --network ${hre.network.name})`);
    }
    await hre.run(TASK_COMPILE, { quiet: true });
    const sim = await import("../lib/sim");
    const seeds = args.seeds ?? sim.defaultSeeds();
    const only = args.attacks
      ?.split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "");
    const modules = sim.selectAttacks(only); // fails early on an unknown id
    const started = Date.now();

    console.log(`Polycentric attack simulator: ${modules.length} attack(s), ${seeds} seed(s) per randomised recipe`);
    const needsWorld = modules.some((m) => m.status === "covered");
    let world: World | undefined;
    if (needsWorld) {
      world = await sim.World.create({ strict: modules.some((m) => m.id === "A3") });
      const t = world.timings;
      console.log(
        `world setup (126 agents, both systems): ${t.worldSetupMs} ms = deploy ${t.deployMs} + fund ${t.fundMs}` +
          `${t.strictMs !== undefined ? ` + strict-identity measure suite ${t.strictMs}` : ""} + invariant model ` +
          `${t.invariantModelMs} (+ ${t.signersMs} ms of Hardhat deriving its 140 accounts, once per process)`,
      );
      const timing = await sim.timeLifecycle(world);
      for (const line of timing.perSystem) console.log(`  ${line}`);
      console.log(
        `one full proposal lifecycle on both systems: ${timing.lifecycleMs} ms; setup + lifecycle ` +
          `${timing.setupPlusLifecycleMs} ms without the strict suite (budget ${sim.LIFECYCLE_BUDGET_MS} ms)`,
      );
    }

    const reports = await sim.runAttacks({ seeds, only, world });
    const elapsed = Date.now() - started;
    console.log(`\n${sim.formatAttackTable(reports)}\n`);
    for (const r of reports) {
      if (r.elapsedMs !== undefined && r.status === "covered")
        console.log(`  ${r.id}: ${(r.elapsedMs / 1000).toFixed(1)} s`);
    }
    const violations = reports.flatMap((r) => (r.runs ?? []).flatMap((x) => x.invariantViolations));
    console.log(`invariant violations: ${violations.length}`);
    for (const v of violations.slice(0, 20)) console.log(`  ${v}`);

    const out = path.resolve(hre.config.paths.root, args.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, sim.attackReportsToJson(reports));
    console.log(`wrote ${path.relative(hre.config.paths.root, out)} (${(elapsed / 1000).toFixed(1)} s in total)`);
  });
