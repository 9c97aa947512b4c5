import { RunContext } from "./context";
import { prngFor } from "./prng";
import { runLifecycle } from "./recipes";
import type { World } from "./world";

/** The budget for world setup plus one full lifecycle on both systems, in milliseconds. */
export const LIFECYCLE_BUDGET_MS = 5_000;

export interface LifecycleTiming {
  /** One full proposal lifecycle on every system of the world, back to back. */
  readonly lifecycleMs: number;
  /** World setup (without the strict-identity measure suite) plus the lifecycles: the figure held to the budget. */
  readonly setupPlusLifecycleMs: number;
  /** One line per system: how many votes were cast and the state the proposal ended in. */
  readonly perSystem: readonly string[];
}

/**
 * Runs one ordinary proposal lifecycle on each system of `world` (seed 0, full turnout) and times it, so the main job
 * and the `simulate` task print the same measured figure. Throws if an invariant was violated on the way.
 */
export async function timeLifecycle(world: World): Promise<LifecycleTiming> {
  const started = Date.now();
  const perSystem: string[] = [];
  for (const sys of world.list) {
    const ctx = new RunContext(sys, 0);
    const r = await runLifecycle(world, ctx, prngFor("lifecycle", 0));
    if (ctx.violations.length > 0) throw new Error(`lifecycle on ${sys.label}: ${ctx.violations.join("; ")}`);
    perSystem.push(`one lifecycle on ${sys.label}: ${r.votes} votes, ${r.state}`);
  }
  const lifecycleMs = Date.now() - started;
  world.timings.lifecycleMs = lifecycleMs;
  const t = world.timings;
  const setupPlusLifecycleMs = (t.worldSetupMs ?? 0) - (t.strictMs ?? 0) + lifecycleMs;
  return { lifecycleMs, setupPlusLifecycleMs, perSystem };
}
