/**
 * Runs the attack catalog against both systems of one common world and summarises the results.
 */
import type { AttackModule } from "./attack";
import { ATTACKS } from "./attacks";
import { summarizeBySystem } from "./stats";
import type { AttackReport, AttackRun } from "./types";
import { World } from "./world";

/** Seeds per randomised recipe unless told otherwise: `SIM_SEEDS` (the full sweep uses 200), else 50. */
export const DEFAULT_SEEDS = 50;

export function defaultSeeds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SIM_SEEDS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_SEEDS;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`SIM_SEEDS must be a positive integer, got "${raw}"`);
  return n;
}

export type ProgressSink = (line: string, final: boolean) => void;

export interface RunAttacksOptions {
  /** Seeds per randomised recipe (deterministic recipes run once). */
  seeds: number;
  /** Attack ids to run ("A1", "a3", …), in any order; default all. Unknown ids are an error listing the valid ones. */
  only?: readonly string[];
  /** A world to reuse (default: a new one). */
  world?: World;
  /** The catalog (default {@link ATTACKS}); tests pass smaller recipe instances. */
  attacks?: readonly AttackModule[];
  /** Progress lines: true (stderr, the default), false (silent) or a sink. */
  progress?: boolean | ProgressSink;
}

/** "A2 [#####.....] 25/50". */
export function progressLine(id: string, done: number, total: number, width = 10): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${id} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
}

/** Writes progress to stderr: rewritten in place on a terminal, every 10 % otherwise. */
export function stderrProgress(): ProgressSink {
  const tty = process.stderr.isTTY === true;
  let lastDecile = -1;
  return (line, final) => {
    if (tty) {
      process.stderr.write(`\r${line}${final ? "\n" : ""}`);
      return;
    }
    const m = /(\d+)\/(\d+)$/.exec(line);
    const decile = m ? Math.floor((10 * Number(m[1])) / Number(m[2])) : 10;
    if (final || decile !== lastDecile) process.stderr.write(`${line}\n`);
    lastDecile = final ? -1 : decile;
  };
}

/** The selected modules in catalog order; unknown ids throw an Error naming the valid ones. */
export function selectAttacks(
  only: readonly string[] | undefined,
  catalog: readonly AttackModule[] = ATTACKS,
): AttackModule[] {
  if (only === undefined) return [...catalog];
  const wanted = only.map((x) => x.trim().toUpperCase()).filter((x) => x !== "");
  const valid = catalog.map((m) => m.id);
  const unknown = wanted.filter((w) => !valid.includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `unknown attack id${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; valid ids: ${valid.join(", ")}`,
    );
  }
  return catalog.filter((m) => wanted.includes(m.id));
}

/** An AttackReport from a module's runs: headline summary, per-variant summaries, notes. */
export function buildReport(mod: AttackModule, runs: readonly AttackRun[], elapsedMs: number): AttackReport {
  const report: AttackReport = { id: mod.id, title: mod.title, guarantee: mod.guarantee, status: mod.status };
  if (mod.status === "not covered") {
    report.reason = mod.reason ?? "no reason given";
    report.elapsedMs = elapsedMs;
    return report;
  }
  const variantNames: string[] = [];
  for (const r of runs) {
    const v = r.measures?.variant;
    if (v !== undefined && !variantNames.includes(String(v))) variantNames.push(String(v));
  }
  if (variantNames.length > 0) {
    report.variants = Object.fromEntries(
      variantNames.map((v) => [v, summarizeBySystem(runs.filter((r) => String(r.measures?.variant) === v))]),
    );
  }
  const headline =
    mod.primaryVariant !== undefined ? runs.filter((r) => String(r.measures?.variant) === mod.primaryVariant) : runs;
  if (mod.primaryVariant !== undefined) report.primaryVariant = mod.primaryVariant;
  report.summary = summarizeBySystem(headline);
  report.runs = [...runs];
  const notes = mod.notes?.(runs) ?? [];
  if (notes.length > 0) report.notes = notes;
  report.elapsedMs = elapsedMs;
  return report;
}

/** Runs the selected attacks (each covered one over `seeds` seeds, both systems) and returns one report each. */
export async function runAttacks(opts: RunAttacksOptions): Promise<AttackReport[]> {
  if (!Number.isSafeInteger(opts.seeds) || opts.seeds < 1) {
    throw new RangeError(`runAttacks: seeds must be a positive integer, got ${opts.seeds}`);
  }
  const modules = selectAttacks(opts.only, opts.attacks ?? ATTACKS);
  const sink: ProgressSink | undefined =
    opts.progress === false ? undefined : typeof opts.progress === "function" ? opts.progress : stderrProgress();
  const covered = modules.filter((m) => m.status === "covered");
  let world = opts.world;
  if (world === undefined && covered.length > 0) {
    world = await World.create({ strict: covered.some((m) => m.id === "A3") });
  }
  const reports: AttackReport[] = [];
  for (const mod of modules) {
    const started = Date.now();
    if (mod.status === "not covered") {
      reports.push(buildReport(mod, [], Date.now() - started));
      sink?.(`${mod.id} not covered`, true);
      continue;
    }
    await mod.prepare?.(world!);
    const n = mod.deterministic ? 1 : opts.seeds;
    const runs: AttackRun[] = [];
    sink?.(progressLine(mod.id, 0, n), false);
    for (let seed = 0; seed < n; seed++) {
      runs.push(...(await mod.run(world!, seed)));
      sink?.(progressLine(mod.id, seed + 1, n), seed + 1 === n);
    }
    reports.push(buildReport(mod, runs, Date.now() - started));
  }
  return reports;
}

/** JSON for reports/attacks.json: bigints as decimal strings, two-space indentation. */
export function attackReportsToJson(reports: readonly AttackReport[]): string {
  return (
    JSON.stringify(reports, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n"
  );
}
