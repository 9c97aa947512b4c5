/**
 * Gas benchmark arithmetic and reporting for `npm run bench:gas` (scripts/bench-gas.ts): Polycentric's gas per
 * operation over the stock OpenZeppelin baseline's, checked against gas/budgets.json, printed as a table and
 * written to gas/snapshot.json. Pure functions (no Hardhat import) so they are unit-tested directly.
 */

/** One operation's budget: the highest allowed polycentric/baseline gas ratio, and why it is that. */
export interface GasBudget {
  maxRatio: number;
  reason: string;
}

/** The key of gas/budgets.json whose budget applies to every operation not listed by name. */
export const DEFAULT_GAS_BUDGET_KEY = "default";

/** gas/budgets.json, validated: the default budget and the per-operation exceptions. */
export interface GasBudgets {
  default: GasBudget;
  operations: ReadonlyMap<string, GasBudget>;
}

/** One operation measured on both stacks (receipt `gasUsed`). */
export interface GasMeasurement {
  operation: string;
  baseline: bigint;
  polycentric: bigint;
}

export type GasBudgetStatus = "OK" | "OVER";

export interface GasBudgetResult extends GasMeasurement {
  ratio: number;
  budget: GasBudget;
  /** False when the operation has a budget of its own in gas/budgets.json (its reason is then printed). */
  isDefaultBudget: boolean;
  status: GasBudgetStatus;
}

/** Budgets are compared exactly, as integers in millionths: a budget may have at most 6 decimals. */
const RATIO_SCALE = 1_000_000n;

/** polycentric / baseline as a float, for display and the snapshot. Throws on a non-positive baseline. */
export function gasRatio(baseline: bigint, polycentric: bigint): number {
  if (baseline <= 0n) throw new RangeError(`gasRatio: baseline gas must be positive, got ${baseline}`);
  if (polycentric < 0n) throw new RangeError(`gasRatio: polycentric gas must not be negative, got ${polycentric}`);
  return Number(polycentric) / Number(baseline);
}

/** `ratio` rounded half-up to `decimals` places (the snapshot keeps 4). */
export function roundRatio(ratio: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(ratio * f) / f;
}

/**
 * The smallest budget with `decimals` places that `polycentric` gas fits under: polycentric/baseline rounded
 * *up*, computed exactly on integers (what to write into gas/budgets.json for a justified overhead).
 */
export function gasRatioCeiling(baseline: bigint, polycentric: bigint, decimals = 2): number {
  if (baseline <= 0n) throw new RangeError(`gasRatioCeiling: baseline gas must be positive, got ${baseline}`);
  const f = 10n ** BigInt(decimals);
  const scaled = (polycentric * f + baseline - 1n) / baseline;
  return Number(scaled) / Number(f);
}

function scaledBudget(maxRatio: number): bigint {
  const scaled = maxRatio * Number(RATIO_SCALE);
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6) {
    throw new RangeError(`a gas budget may have at most 6 decimals, got ${maxRatio}`);
  }
  return BigInt(rounded);
}

/** True when polycentric/baseline is strictly above `maxRatio` (exact: a ratio equal to the budget is OK). */
export function exceedsGasBudget(baseline: bigint, polycentric: bigint, maxRatio: number): boolean {
  if (baseline <= 0n) throw new RangeError(`exceedsGasBudget: baseline gas must be positive, got ${baseline}`);
  return polycentric * RATIO_SCALE > scaledBudget(maxRatio) * baseline;
}

function parseBudget(where: string, value: unknown): GasBudget {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected { "maxRatio": number, "reason": string }`);
  }
  const { maxRatio, reason, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(", ")}`);
  if (typeof maxRatio !== "number" || !Number.isFinite(maxRatio) || maxRatio <= 0) {
    throw new Error(`${where}.maxRatio: expected a positive number, got ${JSON.stringify(maxRatio)}`);
  }
  scaledBudget(maxRatio); // at most 6 decimals
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new Error(`${where}.reason: expected a non-empty string saying why the budget is what it is`);
  }
  return { maxRatio, reason };
}

/**
 * Validates the parsed gas/budgets.json: an object mapping operation → { maxRatio, reason }, with a
 * "default" entry for every operation not listed. An entry naming no known operation is an error (a typo
 * would otherwise silently fall back to the default).
 */
export function parseGasBudgets(json: unknown, knownOperations: readonly string[]): GasBudgets {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error("gas budgets: expected an object mapping operation → { maxRatio, reason }");
  }
  const entries = json as Record<string, unknown>;
  if (!(DEFAULT_GAS_BUDGET_KEY in entries)) {
    throw new Error(`gas budgets: missing the "${DEFAULT_GAS_BUDGET_KEY}" entry`);
  }
  const operations = new Map<string, GasBudget>();
  let fallback: GasBudget | undefined;
  for (const [key, value] of Object.entries(entries)) {
    const budget = parseBudget(`gas budgets["${key}"]`, value);
    if (key === DEFAULT_GAS_BUDGET_KEY) fallback = budget;
    else if (knownOperations.includes(key)) operations.set(key, budget);
    else throw new Error(`gas budgets: "${key}" is not a benchmarked operation (known: ${knownOperations.join(", ")})`);
  }
  return { default: fallback!, operations };
}

/** Each measurement's ratio, budget and OK/OVER status, in the measurements' order. */
export function checkGasBudgets(measurements: readonly GasMeasurement[], budgets: GasBudgets): GasBudgetResult[] {
  return measurements.map((m) => {
    const own = budgets.operations.get(m.operation);
    const budget = own ?? budgets.default;
    return {
      ...m,
      ratio: gasRatio(m.baseline, m.polycentric),
      budget,
      isDefaultBudget: own === undefined,
      status: exceedsGasBudget(m.baseline, m.polycentric, budget.maxRatio) ? "OVER" : "OK",
    };
  });
}

export function overGasBudget(results: readonly GasBudgetResult[]): GasBudgetResult[] {
  return results.filter((r) => r.status === "OVER");
}

/** "1,234,567": gas with thousands separators (locale-independent). */
export function formatGas(gas: bigint): string {
  const sign = gas < 0n ? "-" : "";
  const digits = (gas < 0n ? -gas : gas).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export type ColumnAlign = "left" | "right";

/**
 * A plain-text table: header, dashed rule, rows; columns padded to their widest cell and joined by two spaces.
 * A left-aligned last column is free text (a note): its rule is only as wide as its header. Lines carry no
 * trailing spaces.
 */
export function formatTextTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[] = [],
): string {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new RangeError(`formatTextTable: a row has ${row.length} cells, the header ${header.length}`);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => ((align[i] ?? "left") === "right" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const last = widths.length - 1;
  const noteColumn = (align[last] ?? "left") === "left";
  const rule = widths.map((w, i) => "-".repeat(i === last && noteColumn ? header[i]!.length : w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/**
 * The benchmark table: operation | baseline gas | polycentric gas | ratio | budget | status, and the budget's
 * reason for every operation whose budget is not the default.
 */
export function formatGasBudgetTable(results: readonly GasBudgetResult[]): string {
  return formatTextTable(
    ["operation", "baseline gas", "polycentric gas", "ratio", "budget", "status", "budget reason"],
    results.map((r) => [
      r.operation,
      formatGas(r.baseline),
      formatGas(r.polycentric),
      r.ratio.toFixed(4),
      formatMaxRatio(r.budget.maxRatio),
      r.status,
      r.isDefaultBudget ? "" : r.budget.reason,
    ]),
    ["left", "right", "right", "right", "right", "left", "left"],
  );
}

/** A budget as written: at least two decimals ("1.05", "1.50", "1.055"). */
export function formatMaxRatio(maxRatio: number): string {
  const fixed = maxRatio.toFixed(2);
  return Number(fixed) === maxRatio ? fixed : String(maxRatio);
}

/** The failure message naming every operation over its budget, or "" when none is. */
export function formatOverBudgetMessage(results: readonly GasBudgetResult[]): string {
  const over = overGasBudget(results);
  if (over.length === 0) return "";
  const lines = over.map(
    (r) =>
      `  - ${r.operation}: ratio ${r.ratio.toFixed(4)} > budget ${formatMaxRatio(r.budget.maxRatio)} ` +
      `(baseline ${formatGas(r.baseline)} gas, polycentric ${formatGas(r.polycentric)} gas; ` +
      `a budget of ${formatMaxRatio(gasRatioCeiling(r.baseline, r.polycentric))} would fit)`,
  );
  return [
    over.length === 1 ? "1 operation is over its gas budget:" : `${over.length} operations are over their gas budgets:`,
    ...lines,
    "Reduce the gas, or raise the operation's budget in gas/budgets.json with a reason saying exactly why.",
  ].join("\n");
}

/** How the measured bytecode was built and run; part of the snapshot so a diff shows a toolchain change. */
export interface GasSnapshotMeta {
  generatedBy: string;
  solcVersion: string;
  evmVersion: string;
  optimizerEnabled: boolean;
  optimizerRuns: number;
  /** The Hardhat network hardfork the workload ran on (gas schedule). */
  hardfork: string;
}

/** Deployment cost of one contract: receipt gasUsed and runtime bytecode size. */
export interface DeploymentGas {
  deployGas: bigint;
  bytecodeBytes: number;
}

export interface DeploymentGasRow {
  contract: string;
  baseline: DeploymentGas;
  polycentric: DeploymentGas;
}

/** {@link DeploymentGas} as written to the snapshot. */
export interface DeploymentGasJson {
  deployGas: number;
  bytecodeBytes: number;
}

export interface GasSnapshot extends GasSnapshotMeta {
  operations: Record<string, { baseline: number; polycentric: number; ratio: number }>;
  deployment: Record<string, { baseline: DeploymentGasJson; polycentric: DeploymentGasJson }>;
}

function safeNumber(gas: bigint): number {
  if (gas > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`gas ${gas} does not fit a JSON number`);
  return Number(gas);
}

/**
 * gas/snapshot.json's content: only what the code and toolchain determine (no dates, no addresses), keys in
 * workload order, ratios rounded to 4 decimals, so re-running without a gas change leaves no diff.
 */
export function buildGasSnapshot(
  meta: GasSnapshotMeta,
  measurements: readonly GasMeasurement[],
  deployment: readonly DeploymentGasRow[] = [],
): GasSnapshot {
  const operations: GasSnapshot["operations"] = {};
  for (const m of measurements) {
    if (m.operation in operations) throw new Error(`buildGasSnapshot: operation "${m.operation}" measured twice`);
    operations[m.operation] = {
      baseline: safeNumber(m.baseline),
      polycentric: safeNumber(m.polycentric),
      ratio: roundRatio(gasRatio(m.baseline, m.polycentric)),
    };
  }
  const deploymentOut: GasSnapshot["deployment"] = {};
  for (const d of deployment) {
    deploymentOut[d.contract] = {
      baseline: { deployGas: safeNumber(d.baseline.deployGas), bytecodeBytes: d.baseline.bytecodeBytes },
      polycentric: { deployGas: safeNumber(d.polycentric.deployGas), bytecodeBytes: d.polycentric.bytecodeBytes },
    };
  }
  return {
    generatedBy: meta.generatedBy,
    solcVersion: meta.solcVersion,
    evmVersion: meta.evmVersion,
    optimizerEnabled: meta.optimizerEnabled,
    optimizerRuns: meta.optimizerRuns,
    hardfork: meta.hardfork,
    operations,
    deployment: deploymentOut,
  };
}

/** The snapshot file's text: two-space JSON and a final newline. */
export function serializeGasSnapshot(snapshot: GasSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + "\n";
}

/** The informational deployment table (no budget): deploy gas and runtime bytecode size per contract. */
export function formatDeploymentTable(rows: readonly DeploymentGasRow[]): string {
  return formatTextTable(
    ["contract", "baseline deploy gas", "polycentric deploy gas", "ratio", "baseline bytes", "polycentric bytes"],
    rows.map((r) => [
      r.contract,
      formatGas(r.baseline.deployGas),
      formatGas(r.polycentric.deployGas),
      gasRatio(r.baseline.deployGas, r.polycentric.deployGas).toFixed(4),
      formatGas(BigInt(r.baseline.bytecodeBytes)),
      formatGas(BigInt(r.polycentric.bytecodeBytes)),
    ]),
    ["left", "right", "right", "right", "right", "right"],
  );
}
