/** The shape of one THREATS.md attack recipe in the simulator. */
import type { AttackRun } from "./types";
import type { World } from "./world";

export interface AttackModule {
  /** "A1" … "A20". */
  id: string;
  title: string;
  /** The defense the recipe tests (THREATS.md "Defense must guarantee"), in one sentence. */
  guarantee: string;
  status: "covered" | "not covered";
  /** For "not covered": which Polycentric mechanism is missing (never reported as passed). */
  reason?: string;
  /** A recipe without randomness runs once (seed 0), whatever the seed count. */
  deterministic?: boolean;
  /** The variant (`measures.variant`) the headline summary is computed from, when the recipe has one. */
  primaryVariant?: string;
  /** One-time setup (contracts, accounts) added to the world's base snapshot before the first run. */
  prepare?(world: World): Promise<void>;
  /** One seed against both systems: one AttackRun per system (and per variant, when the recipe has variants). */
  run(world: World, seed: number): Promise<AttackRun[]>;
  /** Measured findings for the notes column, from all runs. */
  notes?(runs: readonly AttackRun[]): string[];
}

/** A recipe the suite cannot run yet: its defense has not landed. `run` returns no runs. */
export function notCovered(id: string, title: string, guarantee: string, reason: string): AttackModule {
  return { id, title, guarantee, status: "not covered", reason, run: async () => [] };
}

/** Counts of successes per system for a note: "baseline 3/50, polycentric 0/50". */
export function countNote(runs: readonly AttackRun[], filter: (r: AttackRun) => boolean = () => true): string {
  const part = (system: AttackRun["system"]) => {
    const rs = runs.filter((r) => r.system === system && filter(r));
    return `${system} ${rs.filter((r) => r.success).length}/${rs.length}`;
  };
  return `${part("baseline")}, ${part("polycentric")}`;
}

/** Runs of one variant. */
export function ofVariant(variant: string): (r: AttackRun) => boolean {
  return (r) => r.measures?.variant === variant;
}

/**
 * One measured finding for the notes column: "label: value (both systems)" when both systems gave the same values,
 * else "label: baseline …; polycentric …" (several distinct values of one system joined by " | ").
 */
export function systemsNote(runs: readonly AttackRun[], label: string, value: (r: AttackRun) => string): string {
  const of = (system: AttackRun["system"]) =>
    [...new Set(runs.filter((r) => r.system === system).map(value))].join(" | ");
  const [b, p] = [of("baseline"), of("polycentric")];
  return b === p ? `${label}: ${b} (both systems)` : `${label}: baseline ${b}; polycentric ${p}`;
}
