/** Shared by the simulator tests: one common world per test process (a snapshot reset between uses). */
import { World } from "../../lib/sim/world";
import type { AttackReport, AttackRun, SystemName } from "../../lib/sim/types";

let cached: Promise<World> | undefined;

/** The common world, created once and reset to its base snapshot (recreated if another test reverted past it). */
export async function simWorld(): Promise<World> {
  if (cached !== undefined) {
    const world = await cached;
    try {
      await world.reset();
      return world;
    } catch {
      cached = undefined;
    }
  }
  cached = World.create();
  return cached;
}

export function runsOf(report: AttackReport, system: SystemName, variant?: string): AttackRun[] {
  return (report.runs ?? []).filter(
    (r) => r.system === system && (variant === undefined || String(r.measures?.variant) === variant),
  );
}

export function violationsOf(report: AttackReport): string[] {
  return (report.runs ?? []).flatMap((r) => r.invariantViolations);
}
