/**
 * Result types of the AI-network scenarios (docs/examples/ai-network.md): three ways authority over a TEE trust
 * registry is contested, each run against the registry as such networks launch (one admin key) and the same
 * registry governed by Polycentric with dispute escalation.
 */
import type { ClockMode } from "../../time";
import type { ScenarioWorld } from "./world";

/** The two setups every scenario runs against. */
export type SetupName = "single-admin" | "polycentric";
export const SETUP_NAMES: readonly SetupName[] = ["single-admin", "polycentric"];
/** How the table names them. */
export const SETUP_LABELS: Record<SetupName, string> = {
  "single-admin": "single admin",
  polycentric: "Polycentric + disputes",
};

/** a: capital capture, b: coordination default (a role kept past its sunset), c: contested emergency reversal. */
export type ScenarioId = "a" | "b" | "c";

/** One scenario run on one setup: one row of the scenario table. */
export interface ScenarioResult {
  scenario: ScenarioId;
  /** "capital capture", … */
  title: string;
  setup: SetupName;
  /** Which variant of the scenario, when it has several on this setup (e.g. the honest turnout). */
  variant?: string;
  clockMode: ClockMode;
  /** What happened, in a few words: "unreviewed build approved", "blocked: defeated in the vote", … */
  outcome: string;
  /** The attacker (the operators, the foundation) reached the scenario's goal. */
  attackerSucceeded: boolean;
  /** Who made the decision that settled the outcome, with the numbers read from the run. */
  decidedBy: string;
  /** Chain time (unix seconds) of the first action and of the final effect. */
  startedAt: bigint;
  endedAt: bigint;
  /** endedAt − startedAt, in seconds. */
  durationSeconds: bigint;
  /** The duration for people ("0 s", "12 min", "9.9 d"), with what it measures. */
  duration: string;
  /** What the attacker needed to reach its goal on this setup, from the run's numbers. */
  attackerNeeded: string;
  /** Measurements the row is written from (amounts, weights, states, errors met), for the JSON report and tests. */
  measures: Record<string, string | number | boolean>;
  /** Invariants (THREATS I1, I4, I5, I18) violated by any transaction of the run (Polycentric setup; empty = held). */
  invariantViolations: string[];
  /** Wall-clock milliseconds the run took. */
  elapsedMs: number;
}

/** One scenario: what it models, and how it runs on each setup (one or more rows per setup). */
export interface ScenarioModule {
  id: ScenarioId;
  title: string;
  /** The attacker's goal, in one sentence (what `attackerSucceeded` means). */
  goal: string;
  /** Runs on a reset world; returns one row per variant. */
  run(world: ScenarioWorld, setup: SetupName): Promise<ScenarioResult[]>;
}
