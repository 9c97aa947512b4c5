/**
 * Shared result types of the simulator, the replays and the report writer. Every number that can exceed 2^53 is a
 * bigint (token wei, gas, seconds); rates are numbers in [0, 1].
 */

/** The two governance systems every run compares, deployed with the same parameters. */
export type SystemName = "baseline" | "polycentric";
export const SYSTEMS: readonly SystemName[] = ["baseline", "polycentric"];

/** One attack run (one seed) against one system. */
export interface AttackRun {
  system: SystemName;
  seed: number;
  /** The attacker reached its goal (e.g. the malicious proposal executed, or its vote outweighed the honest side). */
  success: boolean;
  /** Final state name of the attacker's proposal, if the recipe has one ("Executed", "Defeated", …). */
  proposalState?: string;
  /** Treasury value moved to the attacker, in token wei. */
  attackerGain: bigint;
  /** What the attack cost the attacker: tokens spent or locked, bonds burned, ETH (wei). */
  attackerCost: { tokens: bigint; bondsBurned: bigint; eth: bigint };
  /** Seconds from proposal creation to execution, when executed. */
  timeToExecution?: bigint;
  /** Gas of the honest agents' transactions in this run. */
  honestGas: bigint;
  /** Invariants checked after every transaction that failed (empty = all held). */
  invariantViolations: string[];
  /** Recipe-specific measurements (e.g. { k: 64, attackerWeight: "8000" }), shown in the report. */
  measures?: Record<string, string | number>;
}

/** Success counts and a 95 % Wilson score interval. */
export interface RateSummary {
  runs: number;
  successes: number;
  rate: number;
  wilson95: [number, number];
}

/** One THREATS.md attack, both systems side by side. */
export interface AttackReport {
  /** "A1" … "A20". */
  id: string;
  title: string;
  /** The defense the recipe tests, from THREATS.md. */
  guarantee: string;
  /**
   * "covered": run against both systems. "not covered": the Polycentric mechanism that answers it has not landed
   * yet; `reason` says which. A "not covered" attack is never reported as passed.
   */
  status: "covered" | "not covered";
  reason?: string;
  summary?: Record<SystemName, RateSummary>;
  runs?: AttackRun[];
  /**
   * Per-variant summaries, keyed by `AttackRun.measures.variant` (e.g. A2's attacker sizes, A3's split sizes k), for
   * recipes that have variants. `summary` is then the runs of `primaryVariant` when one is named, else all runs.
   */
  variants?: Record<string, Record<SystemName, RateSummary>>;
  /** The variant `summary` is computed from (the recipe's headline case), when a recipe has one. */
  primaryVariant?: string;
  /** Measured findings in a few words each, for the summary table's notes column. */
  notes?: string[];
  /** Wall-clock milliseconds the attack took. */
  elapsedMs?: number;
}

/** One proposal of a real DAO replayed through both systems. */
export interface ReplayedProposal {
  dao: string;
  governor: string;
  proposalId: string;
  voters: number;
  /** Recorded outcome (for vs against weight) and the outcome under each system. */
  recorded: "for" | "against";
  outcome: Record<SystemName, "for" | "against">;
  /** Nakamoto coefficient (> 50 %) of counted power under each system. */
  nakamoto: Record<SystemName, number>;
  flipped: boolean;
}

export interface ReplayReport {
  name: string;
  source: string;
  proposals: ReplayedProposal[];
  elapsedMs: number;
}

/** Everything a report is written from. */
export interface SimulationReport {
  parameters: { seeds: number; clockMode: "timestamp" | "blocknumber" };
  attacks: AttackReport[];
  replays: ReplayReport[];
  /** Lorenz curves of counted power (x: share of holders, y: share of power, both in [0, 1], ascending). */
  lorenz?: LorenzCurve[];
  /** Named wall-clock timings in milliseconds, printed by the report. */
  timings: Record<string, number>;
}

export interface LorenzCurve {
  /** e.g. "ENS airdrop 2021" or "common world, counted power". */
  name: string;
  system?: SystemName;
  points: [number, number][];
}
