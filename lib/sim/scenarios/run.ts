/**
 * Runs the AI-network scenarios on both setups of one {@link ScenarioWorld} and collects one row per run.
 */
import { CAPITAL_CAPTURE } from "./a-capital-capture";
import { HIDDEN_ROLE } from "./b-hidden-role";
import { CONTESTED_REVERSAL } from "./c-contested-reversal";
import { SETUP_LABELS, SETUP_NAMES, type ScenarioModule, type ScenarioResult, type SetupName } from "./types";
import { ScenarioWorld } from "./world";
import type { ClockMode } from "../../time";

/** The three scenarios of docs/examples/ai-network.md, in table order. */
export const SCENARIOS: readonly ScenarioModule[] = [CAPITAL_CAPTURE, HIDDEN_ROLE, CONTESTED_REVERSAL];

export interface RunScenariosOptions {
  /** A world to reuse (default: a new one in `clockMode`). */
  world?: ScenarioWorld;
  clockMode?: ClockMode;
  /** Scenario ids to run ("a", "b", "c"; default all), in table order. Unknown ids are an error. */
  only?: readonly string[];
  /** Setups to run (default both). */
  setups?: readonly SetupName[];
  /** Progress lines: true (stderr, the default), false (silent) or a sink. */
  progress?: boolean | ((line: string) => void);
}

export interface ScenarioRun {
  world: ScenarioWorld;
  results: ScenarioResult[];
  /** Wall-clock milliseconds: world setup (0 when reused) and the runs. */
  setupMs: number;
  runMs: number;
}

/** The selected scenarios in table order; unknown ids throw an Error naming the valid ones. */
export function selectScenarios(only: readonly string[] | undefined): ScenarioModule[] {
  if (only === undefined) return [...SCENARIOS];
  const wanted = only.map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
  const valid = SCENARIOS.map((s) => s.id as string);
  const unknown = wanted.filter((w) => !valid.includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario id${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; valid: ${valid.join(", ")}`,
    );
  }
  return SCENARIOS.filter((s) => wanted.includes(s.id));
}

export async function runScenarios(opts: RunScenariosOptions = {}): Promise<ScenarioRun> {
  const modules = selectScenarios(opts.only);
  const sink =
    opts.progress === false
      ? undefined
      : typeof opts.progress === "function"
        ? opts.progress
        : (line: string) => process.stderr.write(`${line}\n`);
  const setupStarted = Date.now();
  const world = opts.world ?? (await ScenarioWorld.create({ clockMode: opts.clockMode, log: sink }));
  const setupMs = opts.world ? 0 : Date.now() - setupStarted;
  const setups = opts.setups ?? SETUP_NAMES;
  const results: ScenarioResult[] = [];
  const runStarted = Date.now();
  const total = modules.length * setups.length;
  let done = 0;
  for (const mod of modules) {
    for (const setup of setups) {
      const started = Date.now();
      const rows = await mod.run(world, setup);
      results.push(...rows);
      done++;
      sink?.(
        `[${done}/${total}] ${mod.id} ${mod.title} on ${SETUP_LABELS[setup]}: ` +
          rows.map((r) => `${r.variant ? `${r.variant}: ` : ""}${r.outcome}`).join("; ") +
          ` (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  }
  return { world, results, setupMs, runMs: Date.now() - runStarted };
}

/** JSON of the rows: bigints as decimal strings, two-space indentation. */
export function scenarioResultsToJson(results: readonly ScenarioResult[]): string {
  return (
    JSON.stringify(results, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n"
  );
}
