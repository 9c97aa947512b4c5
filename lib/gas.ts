/**
 * Gas benchmark arithmetic and reporting for `npm run bench:gas` (scripts/bench-gas.ts): the gas of each
 * operation on every Polycentric stack over the stock OpenZeppelin baseline's, checked against the per-stack
 * ratio budgets of gas/budgets.json, plus absolute gas ceilings for operations the baseline does not have
 * (identity binding); printed as tables and written to gas/snapshot.json. Pure functions (no Hardhat import) so
 * they are unit-tested directly.
 */

/** The Polycentric stacks scripts/bench-gas.ts compares with the baseline, in report order. */
export const BENCH_STACKS = ["linear", "capped", "quadratic", "identity", "open", "disputes", "guardrails"] as const;
/** The operations scripts/bench-gas.ts measures on the baseline and every stack, in workload order. */
export const BENCH_OPERATIONS = [
  "delegate",
  "delegate to another",
  "transfer",
  "transfer by a delegator",
  "propose",
  "castVote first",
  "castVote second",
  "castVote reaching quorum",
  "castVoteWithReason",
  "castVote capped",
  "queue",
  "execute",
] as const;
/**
 * The operations scripts/bench-gas.ts measures in absolute gas, in order: the identity registry's, Polycentric's
 * override vote (quadratic stack), which the stock governor does not have, then the dispute escalation's. A dispute
 * operation moves bond tokens, so it is also measured "own": its gas minus the gas of the same token movement sent
 * alone from the same chain state (PolycentricToken's transfers are costly: balance checkpoints), which is what the
 * dispute contract itself adds.
 */
export const BENCH_ABSOLUTE_OPERATIONS = [
  "bind",
  "bind second address",
  "unbind",
  "castOverrideVote",
  "challenge",
  "challenge own",
  "claim",
  "claim own",
] as const;

/** One ratio budget: the highest allowed stack/baseline gas ratio, and why it is that. */
export interface GasBudget {
  maxRatio: number;
  reason: string;
}

/** One absolute budget: the most gas an operation may use, and why. */
export interface AbsoluteGasBudget {
  maxGas: bigint;
  reason: string;
}

/** The key of gas/budgets.json whose ratio budget applies to every stack and operation not listed. */
export const DEFAULT_GAS_BUDGET_KEY = "default";

/** The sections gas/budgets.json may have, besides {@link DEFAULT_GAS_BUDGET_KEY}. */
const BUDGET_SECTIONS = ["operations", "stacks", "absolute"] as const;

/** What the benchmark measures: the names gas/budgets.json may use (any other name is rejected). */
export interface GasBenchmarkNames {
  /** The Polycentric stacks compared with the baseline. */
  stacks: readonly string[];
  /** The operations measured on the baseline and every stack (ratio budgets). */
  operations: readonly string[];
  /** The operations measured on their own (absolute budgets; one without a budget is informational). */
  absolute: readonly string[];
}

/**
 * gas/budgets.json, validated. A stack's operation gets the first budget found in: `stacks[stack][operation]`,
 * `operations[operation]` (every stack), `default`.
 */
export interface GasBudgets {
  default: GasBudget;
  operations: ReadonlyMap<string, GasBudget>;
  stacks: ReadonlyMap<string, ReadonlyMap<string, GasBudget>>;
  absolute: ReadonlyMap<string, AbsoluteGasBudget>;
}

/** Where an operation's budget came from (every budget but the default has its reason printed). */
export type GasBudgetScope = "default" | "operation" | "stack";

/** One operation measured on the baseline and on every stack (receipt `gasUsed`). */
export interface GasMeasurement {
  operation: string;
  baseline: bigint;
  /** Gas per stack name. */
  stacks: Readonly<Record<string, bigint>>;
}

/** One operation measured on its own (no baseline counterpart). */
export interface AbsoluteGasMeasurement {
  operation: string;
  gas: bigint;
}

export type GasBudgetStatus = "OK" | "OVER";

/** One (stack, operation) cell checked against its budget. */
export interface GasBudgetResult {
  stack: string;
  operation: string;
  baseline: bigint;
  gas: bigint;
  ratio: number;
  budget: GasBudget;
  scope: GasBudgetScope;
  status: GasBudgetStatus;
}

export interface AbsoluteGasBudgetResult extends AbsoluteGasMeasurement {
  /** Undefined for an informational operation. */
  budget?: AbsoluteGasBudget;
  /** INFO: measured and reported, no budget. */
  status: GasBudgetStatus | "INFO";
}

/** Budgets are compared exactly, as integers in millionths: a budget may have at most 6 decimals. */
const RATIO_SCALE = 1_000_000n;

/** gas / baseline as a float, for display and the snapshot. Throws on a non-positive baseline. */
export function gasRatio(baseline: bigint, gas: bigint): number {
  if (baseline <= 0n) throw new RangeError(`gasRatio: baseline gas must be positive, got ${baseline}`);
  if (gas < 0n) throw new RangeError(`gasRatio: measured gas must not be negative, got ${gas}`);
  return Number(gas) / Number(baseline);
}

/** `ratio` rounded half-up to `decimals` places (the snapshot keeps 4). */
export function roundRatio(ratio: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(ratio * f) / f;
}

/**
 * The smallest budget with `decimals` places that `gas` fits under: gas/baseline rounded *up*, computed exactly
 * on integers (what to write into gas/budgets.json for a justified overhead).
 */
export function gasRatioCeiling(baseline: bigint, gas: bigint, decimals = 2): number {
  if (baseline <= 0n) throw new RangeError(`gasRatioCeiling: baseline gas must be positive, got ${baseline}`);
  const f = 10n ** BigInt(decimals);
  const scaled = (gas * f + baseline - 1n) / baseline;
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

/** True when gas/baseline is strictly above `maxRatio` (exact: a ratio equal to the budget is OK). */
export function exceedsGasBudget(baseline: bigint, gas: bigint, maxRatio: number): boolean {
  if (baseline <= 0n) throw new RangeError(`exceedsGasBudget: baseline gas must be positive, got ${baseline}`);
  return gas * RATIO_SCALE > scaledBudget(maxRatio) * baseline;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseReason(where: string, reason: unknown): string {
  if (typeof reason !== "string" || reason.trim() === "") {
    throw new Error(`${where}.reason: expected a non-empty string saying why the budget is what it is`);
  }
  return reason;
}

function parseBudget(where: string, value: unknown): GasBudget {
  if (!isObject(value)) throw new Error(`${where}: expected { "maxRatio": number, "reason": string }`);
  const { maxRatio, reason, ...rest } = value;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(", ")}`);
  if (typeof maxRatio !== "number" || !Number.isFinite(maxRatio) || maxRatio <= 0) {
    throw new Error(`${where}.maxRatio: expected a positive number, got ${JSON.stringify(maxRatio)}`);
  }
  scaledBudget(maxRatio); // at most 6 decimals
  return { maxRatio, reason: parseReason(where, reason) };
}

function parseAbsoluteBudget(where: string, value: unknown): AbsoluteGasBudget {
  if (!isObject(value)) throw new Error(`${where}: expected { "maxGas": integer, "reason": string }`);
  const { maxGas, reason, ...rest } = value;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(", ")}`);
  if (typeof maxGas !== "number" || !Number.isSafeInteger(maxGas) || maxGas <= 0) {
    throw new Error(`${where}.maxGas: expected a positive integer, got ${JSON.stringify(maxGas)}`);
  }
  return { maxGas: BigInt(maxGas), reason: parseReason(where, reason) };
}

function parseSection(where: string, value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new Error(`${where}: expected an object`);
  return value;
}

/** Rejects a name the benchmark does not measure: a typo must not silently fall back to another budget. */
function checkName(where: string, name: string, known: readonly string[], what: string): void {
  if (!known.includes(name)) {
    throw new Error(`${where}: "${name}" is not ${what} (known: ${known.join(", ") || "none"})`);
  }
}

/**
 * Validates the parsed gas/budgets.json:
 *
 *     {
 *       "default":    { "maxRatio": 1.05, "reason": "…" },                 every stack, every operation
 *       "operations": { "<operation>": { "maxRatio", "reason" } },          that operation on every stack
 *       "stacks":     { "<stack>": { "<operation>": { "maxRatio", "reason" } } },
 *       "absolute":   { "<absolute operation>": { "maxGas", "reason" } }
 *     }
 *
 * Only "default" is required. Every stack and operation name must be one the benchmark measures (`names`), and
 * an absolute operation cannot take a ratio budget nor the reverse.
 */
export function parseGasBudgets(json: unknown, names: GasBenchmarkNames): GasBudgets {
  if (!isObject(json)) throw new Error("gas budgets: expected an object");
  const known = [DEFAULT_GAS_BUDGET_KEY, ...BUDGET_SECTIONS] as readonly string[];
  for (const key of Object.keys(json)) checkName("gas budgets", key, known, "a section of gas/budgets.json");
  if (!(DEFAULT_GAS_BUDGET_KEY in json)) throw new Error(`gas budgets: missing the "${DEFAULT_GAS_BUDGET_KEY}" entry`);
  const fallback = parseBudget(`gas budgets.${DEFAULT_GAS_BUDGET_KEY}`, json[DEFAULT_GAS_BUDGET_KEY]);

  const ratioOps = (where: string, section: Record<string, unknown>): Map<string, GasBudget> => {
    const out = new Map<string, GasBudget>();
    for (const [op, value] of Object.entries(section)) {
      checkName(where, op, names.operations, "an operation measured against the baseline");
      out.set(op, parseBudget(`${where}["${op}"]`, value));
    }
    return out;
  };

  const operations = ratioOps("gas budgets.operations", parseSection("gas budgets.operations", json.operations ?? {}));

  const stacks = new Map<string, ReadonlyMap<string, GasBudget>>();
  for (const [stack, section] of Object.entries(parseSection("gas budgets.stacks", json.stacks ?? {}))) {
    checkName("gas budgets.stacks", stack, names.stacks, "a benchmarked stack");
    const where = `gas budgets.stacks["${stack}"]`;
    stacks.set(stack, ratioOps(where, parseSection(where, section)));
  }

  const absolute = new Map<string, AbsoluteGasBudget>();
  for (const [op, value] of Object.entries(parseSection("gas budgets.absolute", json.absolute ?? {}))) {
    checkName("gas budgets.absolute", op, names.absolute, "an operation measured in absolute gas");
    absolute.set(op, parseAbsoluteBudget(`gas budgets.absolute["${op}"]`, value));
  }

  return { default: fallback, operations, stacks, absolute };
}

/** The budget of `operation` on `stack`, and where it came from. */
export function gasBudgetFor(
  budgets: GasBudgets,
  stack: string,
  operation: string,
): { budget: GasBudget; scope: GasBudgetScope } {
  const own = budgets.stacks.get(stack)?.get(operation);
  if (own !== undefined) return { budget: own, scope: "stack" };
  const shared = budgets.operations.get(operation);
  if (shared !== undefined) return { budget: shared, scope: "operation" };
  return { budget: budgets.default, scope: "default" };
}

/**
 * Every (stack, operation) cell's ratio, budget and OK/OVER status: stack by stack in `stacks` order, operations
 * in the measurements' order. Throws when a measurement lacks a stack.
 */
export function checkGasBudgets(
  measurements: readonly GasMeasurement[],
  budgets: GasBudgets,
  stacks: readonly string[],
): GasBudgetResult[] {
  const results: GasBudgetResult[] = [];
  for (const stack of stacks) {
    for (const m of measurements) {
      const gas = m.stacks[stack];
      if (gas === undefined) throw new Error(`checkGasBudgets: "${m.operation}" was not measured on "${stack}"`);
      const { budget, scope } = gasBudgetFor(budgets, stack, m.operation);
      results.push({
        stack,
        operation: m.operation,
        baseline: m.baseline,
        gas,
        ratio: gasRatio(m.baseline, gas),
        budget,
        scope,
        status: exceedsGasBudget(m.baseline, gas, budget.maxRatio) ? "OVER" : "OK",
      });
    }
  }
  return results;
}

/** Each absolute measurement against its budget (equal to the budget is OK), or INFO when it has none. */
export function checkAbsoluteGasBudgets(
  measurements: readonly AbsoluteGasMeasurement[],
  budgets: GasBudgets,
): AbsoluteGasBudgetResult[] {
  return measurements.map((m) => {
    const budget = budgets.absolute.get(m.operation);
    if (budget === undefined) return { ...m, status: "INFO" };
    return { ...m, budget, status: m.gas > budget.maxGas ? "OVER" : "OK" };
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
 * One stack's table: operation | baseline gas | <stack> gas | ratio | budget | status | budget reason. The reason
 * is printed for every budget but the default.
 */
export function formatGasBudgetTable(results: readonly GasBudgetResult[], stack: string): string {
  return formatTextTable(
    ["operation", "baseline gas", `${stack} gas`, "ratio", "budget", "status", "budget reason"],
    results
      .filter((r) => r.stack === stack)
      .map((r) => [
        r.operation,
        formatGas(r.baseline),
        formatGas(r.gas),
        r.ratio.toFixed(4),
        formatMaxRatio(r.budget.maxRatio),
        r.status,
        r.scope === "default" ? "" : r.budget.reason,
      ]),
    ["left", "right", "right", "right", "right", "left", "left"],
  );
}

/**
 * The side-by-side table: operation | baseline | one column per stack, each cell "gas ×ratio/budget STATUS"
 * (e.g. "87,561 ×1.0517/1.06 OK"), its parts padded so they line up down a column.
 */
export function formatGasOverviewTable(results: readonly GasBudgetResult[], stacks: readonly string[]): string {
  const operations = [...new Set(results.map((r) => r.operation))];
  const gasWidth = Math.max(0, ...results.map((r) => formatGas(r.gas).length));
  const budgetWidth = Math.max(0, ...results.map((r) => formatMaxRatio(r.budget.maxRatio).length));
  const rows = operations.map((op) => {
    const cells = stacks.map((stack) => {
      const r = results.find((x) => x.stack === stack && x.operation === op);
      if (r === undefined) return "-";
      const budget = formatMaxRatio(r.budget.maxRatio).padEnd(budgetWidth);
      return `${formatGas(r.gas).padStart(gasWidth)} ×${r.ratio.toFixed(4)}/${budget} ${r.status.padEnd(4)}`;
    });
    const baseline = results.find((x) => x.operation === op)!.baseline;
    return [op, formatGas(baseline), ...cells];
  });
  return formatTextTable(["operation", "baseline", ...stacks], rows, [
    "left",
    "right",
    ...stacks.map(() => "right" as const),
  ]);
}

/** The absolute table: operation | gas | budget | status | budget reason ("-" and INFO when unbudgeted). */
export function formatAbsoluteGasTable(results: readonly AbsoluteGasBudgetResult[]): string {
  return formatTextTable(
    ["operation", "gas", "budget", "status", "budget reason"],
    results.map((r) => [
      r.operation,
      formatGas(r.gas),
      r.budget === undefined ? "-" : formatGas(r.budget.maxGas),
      r.status,
      r.budget === undefined ? "informational (no budget)" : r.budget.reason,
    ]),
    ["left", "right", "right", "left", "left"],
  );
}

/** A budget as written: at least two decimals ("1.05", "1.50", "1.055"). */
export function formatMaxRatio(maxRatio: number): string {
  const fixed = maxRatio.toFixed(2);
  return Number(fixed) === maxRatio ? fixed : String(maxRatio);
}

/** The failure message naming every cell and absolute operation over its budget, or "" when none is. */
export function formatOverBudgetMessage(
  results: readonly GasBudgetResult[],
  absolute: readonly AbsoluteGasBudgetResult[] = [],
): string {
  const over = overGasBudget(results);
  const overAbsolute = absolute.filter((r) => r.status === "OVER");
  const count = over.length + overAbsolute.length;
  if (count === 0) return "";
  const lines = [
    ...over.map(
      (r) =>
        `  - ${r.stack} / ${r.operation}: ratio ${r.ratio.toFixed(4)} > budget ${formatMaxRatio(r.budget.maxRatio)} ` +
        `(baseline ${formatGas(r.baseline)} gas, ${r.stack} ${formatGas(r.gas)} gas; ` +
        `a budget of ${formatMaxRatio(gasRatioCeiling(r.baseline, r.gas))} would fit)`,
    ),
    ...overAbsolute.map(
      (r) =>
        `  - ${r.operation}: ${formatGas(r.gas)} gas > budget ${formatGas(r.budget!.maxGas)} gas ` +
        `(${formatGas(r.gas - r.budget!.maxGas)} over; a budget of ${formatGas(r.gas)} would fit)`,
    ),
  ];
  return [
    count === 1 ? "1 operation is over its gas budget:" : `${count} operations are over their gas budgets:`,
    ...lines,
    "Reduce the gas, or raise the budget in gas/budgets.json with a reason saying exactly why.",
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

/** One contract's deployment on the baseline and the stacks that have it (absent: the stack has no such contract). */
export interface DeploymentGasRow {
  contract: string;
  /** Keyed "baseline" or a stack name. */
  deployments: Readonly<Record<string, DeploymentGas | undefined>>;
}

/** {@link DeploymentGas} as written to the snapshot. */
export interface DeploymentGasJson {
  deployGas: number;
  bytecodeBytes: number;
}

export interface GasSnapshot extends GasSnapshotMeta {
  stacks: string[];
  operations: Record<string, { baseline: number; stacks: Record<string, { gas: number; ratio: number }> }>;
  absolute: Record<string, number>;
  deployment: Record<string, Record<string, DeploymentGasJson>>;
}

function safeNumber(gas: bigint): number {
  if (gas > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`gas ${gas} does not fit a JSON number`);
  return Number(gas);
}

/**
 * gas/snapshot.json's content: only what the code and toolchain determine (no dates, no addresses), operations in
 * workload order and stacks in `stacks` order, ratios rounded to 4 decimals, so re-running without a gas change
 * leaves no diff.
 */
export function buildGasSnapshot(
  meta: GasSnapshotMeta,
  stacks: readonly string[],
  measurements: readonly GasMeasurement[],
  absolute: readonly AbsoluteGasMeasurement[] = [],
  deployment: readonly DeploymentGasRow[] = [],
): GasSnapshot {
  const operations: GasSnapshot["operations"] = {};
  for (const m of measurements) {
    if (m.operation in operations) throw new Error(`buildGasSnapshot: operation "${m.operation}" measured twice`);
    const perStack: Record<string, { gas: number; ratio: number }> = {};
    for (const stack of stacks) {
      const gas = m.stacks[stack];
      if (gas === undefined) throw new Error(`buildGasSnapshot: "${m.operation}" was not measured on "${stack}"`);
      perStack[stack] = { gas: safeNumber(gas), ratio: roundRatio(gasRatio(m.baseline, gas)) };
    }
    operations[m.operation] = { baseline: safeNumber(m.baseline), stacks: perStack };
  }
  const absoluteOut: GasSnapshot["absolute"] = {};
  for (const a of absolute) {
    if (a.operation in absoluteOut) throw new Error(`buildGasSnapshot: operation "${a.operation}" measured twice`);
    absoluteOut[a.operation] = safeNumber(a.gas);
  }
  const deploymentOut: GasSnapshot["deployment"] = {};
  for (const d of deployment) {
    const row: Record<string, DeploymentGasJson> = {};
    for (const key of ["baseline", ...stacks]) {
      const dep = d.deployments[key];
      if (dep !== undefined) row[key] = { deployGas: safeNumber(dep.deployGas), bytecodeBytes: dep.bytecodeBytes };
    }
    deploymentOut[d.contract] = row;
  }
  return {
    generatedBy: meta.generatedBy,
    solcVersion: meta.solcVersion,
    evmVersion: meta.evmVersion,
    optimizerEnabled: meta.optimizerEnabled,
    optimizerRuns: meta.optimizerRuns,
    hardfork: meta.hardfork,
    stacks: [...stacks],
    operations,
    absolute: absoluteOut,
    deployment: deploymentOut,
  };
}

/** The snapshot file's text: two-space JSON and a final newline. */
export function serializeGasSnapshot(snapshot: GasSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + "\n";
}

/**
 * The informational deployment table (no budget): per contract, a "deploy gas" row (with the ratio over the
 * baseline's where it has one) and a "runtime bytes" row; one column for the baseline and each stack, "-" where
 * that stack has no such contract.
 */
export function formatDeploymentTable(rows: readonly DeploymentGasRow[], stacks: readonly string[]): string {
  const columns = ["baseline", ...stacks];
  const out: string[][] = [];
  for (const r of rows) {
    const base = r.deployments.baseline;
    out.push([
      r.contract,
      "deploy gas",
      ...columns.map((c) => {
        const d = r.deployments[c];
        if (d === undefined) return "-";
        const ratio =
          base !== undefined && c !== "baseline" ? ` ×${gasRatio(base.deployGas, d.deployGas).toFixed(4)}` : "";
        return formatGas(d.deployGas) + ratio;
      }),
    ]);
    out.push([
      "",
      "runtime bytes",
      ...columns.map((c) => {
        const d = r.deployments[c];
        return d === undefined ? "-" : formatGas(BigInt(d.bytecodeBytes));
      }),
    ]);
  }
  return formatTextTable(["contract", "metric", ...columns], out, [
    "left",
    "left",
    ...columns.map(() => "right" as const),
  ]);
}
