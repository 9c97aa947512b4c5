/**
 * Deployment parameter validation: every value a parameter file (or `deploySuite`'s `parameters`) gives the suite's
 * modules is checked, with the relations between them, before any transaction is sent. A bad file is refused with
 * one line naming each offending value and the bound it breaks, instead of reverting halfway through a deployment
 * (token and timelock deployed, the policy or the escalation reverting) or, worse, deploying a start that governance
 * can never correct (docs/specification.md "Deployment parameters").
 *
 * The same checks exist on chain where a contract can make them: the governor's constructor checks its start
 * against the guardrails policy (GovernorParamsCheck), DisputeEscalation, GovernancePolicy, FreshPowerEscalation and
 * IdentityRegistry check their own ranges. The limits mirrored here are those contracts' constants.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { IgnitionModule } from "@nomicfoundation/ignition-core";

import { admitChange, GUARDRAIL_DEFAULTS, parameterRules, type ParameterRule } from "../lib/guardrails";
import { COMMON_WORLD, DISPUTE_DEFAULTS, disputeParams, governanceParams, type GovernanceParams } from "../lib/params";
import { DAY, HOUR, toClockUnits, type ClockMode } from "../lib/time";
import { ofBps } from "../lib/units";

/** A bad deployment parameter (or several): the message is one line naming each value and its bound. */
export class DeployParameterError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid deployment parameters: ${problems.join("; ")}`);
    this.name = "DeployParameterError";
  }
}

/** Parameters that were renamed, and what to write instead. */
export const RENAMED_PARAMETERS: Readonly<Record<string, string>> = {
  superQuorumBps:
    "superQuorumBps is no longer a parameter (it set two different super-quorums): use metaGovernanceQuorumBps " +
    "(GovernancePolicy: raw For votes a meta-governance proposal needs, default 800 = 8 %) and/or " +
    "referendumSuperQuorumBps (dispute referendum: Reject + Abstain needed to reject, default 1000 = 10 %)",
};

/** Ranges the contracts' constructors accept (their constants), for the values this module checks before deploying. */
export const CONTRACT_LIMITS = {
  /** GovernancePolicy: `superQuorumBps` in [1, 10,000], `maxActions` in [1, MAX_ACTIONS_LIMIT]. */
  metaGovernanceQuorumBps: [1n, 10_000n],
  maxActions: [1n, 10n],
  /** DisputeEscalation._setParameters. Durations in seconds (converted to the clock), `escalatedWindow` ≥ window. */
  disputePeriod: [HOUR, 30n * DAY],
  burnBps: [1_000n, 10_000n],
  referendumSuperQuorumBps: [100n, 5_000n],
  appealFactor: [2n, 10n],
  disputeBond: [1n, 2n ** 96n - 1n],
  /** FreshPowerEscalation MIN/MAX_LOOKBACK (seconds) and MIN/MAX_FRESH_BPS. */
  freshPowerLookback: [DAY, 90n * DAY],
  freshPowerBps: [1_000n, 9_000n],
  /** IdentityRegistry MAX_ADDRESSES_LIMIT. */
  maxAddressesPerIdentity: [1n, 64n],
  /** GovernorVotesCapped.CAP_DENOMINATOR; GovernorVotesQuorumFraction's denominator. */
  capFractionBps: [1n, 10_000n],
  quorumNumerator: [0n, 100n],
  /** ERC20Votes: the supply must fit 208 bits. */
  initialSupply: [1n, 2n ** 208n - 1n],
} as const;

/** What is deployed: the parts of a module variant the checks depend on. */
export interface DeployShape {
  /** Appended to the module ids ("" for production). */
  suffix: string;
  clockMode: ClockMode;
  counting: "quadratic" | "linear";
  guardrails: boolean;
  disputes: boolean;
}

/** The parameter names each module (by id) of a built Ignition module reads, submodules included. */
export type ModuleParameterNames = Record<string, Set<string>>;

/**
 * Collects every `m.getParameter` of `module` and its submodules by walking the futures' arguments, so the list of
 * known names is the modules' own and never drifts from them.
 */
export function moduleParameterNames(module: IgnitionModule): ModuleParameterNames {
  const out: ModuleParameterNames = {};
  const seen = new Set<unknown>();
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== "object" || seen.has(x)) return;
    seen.add(x);
    const v = x as { type?: unknown; moduleId?: unknown; name?: unknown };
    if (v.type === "MODULE_PARAMETER" && typeof v.moduleId === "string" && typeof v.name === "string") {
      (out[v.moduleId] ??= new Set()).add(v.name);
      return;
    }
    if (Array.isArray(x)) x.forEach(visit);
    else for (const [k, child] of Object.entries(x)) if (k !== "module" && k !== "dependencies") visit(child);
  };
  const modules = (m: IgnitionModule): void => {
    if (seen.has(m)) return;
    seen.add(m);
    out[m.id] ??= new Set();
    for (const f of m.futures) visit(f);
    for (const sub of m.submodules) modules(sub);
  };
  modules(module);
  return out;
}

/** Ignition parameters keyed by module id (as in a parameter file); `$global` applies to every module. */
export type DeploymentParameters = Record<string, Record<string, unknown>>;

/** The values a deployment will use: the file's, or each parameter's default. */
export interface ResolvedParameters {
  totalSupply: bigint;
  governance: GovernanceParams;
  metaGovernanceQuorumBps: bigint;
  /** The guardrails policy's rules (empty without guardrails). */
  rules: ParameterRule[];
}

/**
 * The guardrails policy's rules for a governor starting at `p`: the common bounds (lib/guardrails.ts) in `mode`'s
 * clock units, the proposal-threshold bounds as shares of the real `totalSupply`, and the cap and holding-period
 * bounds equal to the governor's own immutable bounds (so the policy never admits what the governor refuses, nor
 * refuses what the deployer allowed).
 */
export function policyRules(
  mode: ClockMode,
  p: Pick<GovernanceParams, "minCapFraction" | "maxCapFraction" | "minHoldingPeriod" | "maxHoldingPeriod">,
  totalSupply: bigint = COMMON_WORLD.totalSupply,
): ParameterRule[] {
  return parameterRules(mode, totalSupply).map((r) => {
    if (r.name === "capFraction") return { ...r, min: p.minCapFraction, max: p.maxCapFraction };
    if (r.name === "holdingPeriod") return { ...r, min: p.minHoldingPeriod, max: p.maxHoldingPeriod };
    return r;
  });
}

/**
 * A value the policy admits as the first change of `rule`'s parameter from `from` (another value inside the bounds
 * within a factor of two), or undefined when there is none: the parameter would be frozen at `from`.
 */
export function oneStep(rule: Pick<ParameterRule, "min" | "max">, from: bigint): bigint | undefined {
  for (const to of [from + 1n, from - 1n, rule.min, rule.max]) {
    if (to !== from && to >= 0n && admitChange(rule, from, to, 0n, 0n, 0n).admitted) return to;
  }
  return undefined;
}

const STARTS: Record<string, keyof GovernanceParams> = {
  votingDelay: "votingDelay",
  votingPeriod: "votingPeriod",
  proposalThreshold: "proposalThreshold",
  quorumNumerator: "quorumNumerator",
  lateQuorumVoteExtension: "lateQuorumExtension",
  capFraction: "capFraction",
  holdingPeriod: "holdingPeriod",
};

/**
 * Every reason the governor's constructor (OpenZeppelin's checks, GovernorVotesCapped's, and GovernorParamsCheck's
 * against a policy with `rules` and `metaGovernanceQuorumBps`) would refuse the start `p`; empty when it deploys.
 * Names are the parameter names of the deploy modules.
 */
export function governorStartProblems(
  p: GovernanceParams,
  rules: ParameterRule[],
  metaGovernanceQuorumBps?: bigint,
): string[] {
  const out: string[] = [];
  const range = (name: string, v: bigint, [lo, hi]: readonly [bigint, bigint], what = "") => {
    if (v < lo || v > hi) out.push(`${name} = ${v} outside ${what}[${lo}, ${hi}]`);
  };
  range("votingDelay", p.votingDelay, [0n, 2n ** 48n - 1n]);
  range("votingPeriod", p.votingPeriod, [1n, 2n ** 32n - 1n]);
  range("quorumNumerator", p.quorumNumerator, CONTRACT_LIMITS.quorumNumerator);
  if (p.lateQuorumExtension > p.votingPeriod) {
    out.push(`lateQuorumExtension = ${p.lateQuorumExtension} exceeds votingPeriod = ${p.votingPeriod}`);
  }
  if (p.minCapFraction > p.maxCapFraction) {
    out.push(`minCapFraction = ${p.minCapFraction} exceeds maxCapFraction = ${p.maxCapFraction}`);
  } else {
    range("minCapFraction", p.minCapFraction, CONTRACT_LIMITS.capFractionBps);
    range("maxCapFraction", p.maxCapFraction, CONTRACT_LIMITS.capFractionBps);
    range("capFraction", p.capFraction, [p.minCapFraction, p.maxCapFraction], "the governor's bounds ");
  }
  if (p.minHoldingPeriod > p.maxHoldingPeriod) {
    out.push(`minHoldingPeriod = ${p.minHoldingPeriod} exceeds maxHoldingPeriod = ${p.maxHoldingPeriod}`);
  } else {
    range("holdingPeriod", p.holdingPeriod, [p.minHoldingPeriod, p.maxHoldingPeriod], "the governor's bounds ");
  }
  if (rules.length === 0 || out.length > 0) return out;

  if (metaGovernanceQuorumBps !== undefined && metaGovernanceQuorumBps < p.quorumNumerator * 100n) {
    out.push(
      `metaGovernanceQuorumBps = ${metaGovernanceQuorumBps} is below the ordinary quorum ` +
        `(quorumNumerator = ${p.quorumNumerator}, i.e. ${p.quorumNumerator * 100n} bps)`,
    );
  }
  for (const r of rules) {
    const key = STARTS[r.name];
    if (key === undefined) continue;
    const name = key === "lateQuorumExtension" ? "lateQuorumExtension" : r.name;
    const v = p[key] as bigint;
    if (v < r.min || v > r.max) {
      out.push(`${name} = ${v} outside the guardrails policy's bounds [${r.min}, ${r.max}]`);
    } else if (oneStep(r, v) === undefined) {
      out.push(`${name} = ${v} could never be changed within the policy's bounds [${r.min}, ${r.max}]`);
    }
  }
  return out;
}

/** A non-negative integer from a parameter file value (number, bigint, or decimal string, optionally "…n"). */
function asBigInt(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value >= 0n ? value : undefined;
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value === "string" && /^\d+n?$/.test(value)) return BigInt(value.replace(/n$/, ""));
  return undefined;
}

const show = (v: unknown) => (typeof v === "bigint" ? `${v}n` : JSON.stringify(v));

/**
 * Checks the parameters a deployment of `shape` will use (module ids with the variant's suffix, as in a parameter
 * file) and returns the resolved values; throws {@link DeployParameterError} naming every bad value. Unknown names
 * are refused too (Ignition would silently ignore them and deploy the default): a renamed one says what to use.
 */
export function validateDeploymentParameters(
  shape: DeployShape,
  parameters: DeploymentParameters,
  known?: ModuleParameterNames,
): ResolvedParameters {
  const problems: string[] = [];
  const tokenId = `PolycentricToken${shape.suffix}`;
  const governanceId = `PolycentricGovernance${shape.suffix}`;
  const quadratic = shape.counting === "quadratic";
  const guarded = quadratic && shape.guardrails;
  const global = parameters.$global ?? {};
  for (const [moduleId, values] of Object.entries(parameters)) {
    for (const name of Object.keys(values ?? {})) {
      const renamed = RENAMED_PARAMETERS[name];
      const names = known?.[moduleId];
      if (renamed !== undefined) problems.push(`${moduleId}.${renamed}`);
      else if (names !== undefined && !names.has(name)) {
        problems.push(`${moduleId}.${name} is not a parameter of this module (${show(values[name])} would be ignored)`);
      }
    }
  }

  const numeric = (moduleId: string, name: string, fallback: bigint): bigint => {
    const section = parameters[moduleId] ?? {};
    const raw = name in section ? section[name] : name in global ? global[name] : undefined;
    if (raw === undefined) return fallback;
    const v = asBigInt(raw);
    if (v === undefined) {
      problems.push(`${name} = ${show(raw)} is not a non-negative integer`);
      return fallback;
    }
    return v;
  };
  const range = (name: string, v: bigint, [lo, hi]: readonly [bigint, bigint]) => {
    if (v < lo || v > hi) problems.push(`${name} = ${v} outside [${lo}, ${hi}]`);
  };

  const mode = shape.clockMode;
  const totalSupply = numeric(tokenId, "initialSupply", COMMON_WORLD.totalSupply);
  range("initialSupply", totalSupply, CONTRACT_LIMITS.initialSupply);
  const supply = totalSupply > 0n ? totalSupply : COMMON_WORLD.totalSupply;

  const d = governanceParams(mode, supply);
  const g = (name: keyof GovernanceParams) => numeric(governanceId, name, d[name] as bigint);
  const governance: GovernanceParams = {
    ...d,
    votingDelay: g("votingDelay"),
    votingPeriod: g("votingPeriod"),
    proposalThreshold: g("proposalThreshold"),
    quorumNumerator: g("quorumNumerator"),
    lateQuorumExtension: g("lateQuorumExtension"),
    capFraction: g("capFraction"),
    minCapFraction: g("minCapFraction"),
    maxCapFraction: g("maxCapFraction"),
    holdingPeriod: g("holdingPeriod"),
    minHoldingPeriod: g("minHoldingPeriod"),
    maxHoldingPeriod: g("maxHoldingPeriod"),
    timelockDelay: g("timelockDelay"),
  };
  const metaGovernanceQuorumBps = numeric(governanceId, "metaGovernanceQuorumBps", GUARDRAIL_DEFAULTS.superQuorumBps);
  let rules: ParameterRule[] = [];
  if (quadratic) {
    range(
      "maxAddressesPerIdentity",
      numeric(governanceId, "maxAddressesPerIdentity", 16n), // DEFAULT_MAX_ADDRESSES_PER_IDENTITY (builders.ts)
      CONTRACT_LIMITS.maxAddressesPerIdentity,
    );
  }
  if (guarded) {
    range("metaGovernanceQuorumBps", metaGovernanceQuorumBps, CONTRACT_LIMITS.metaGovernanceQuorumBps);
    range("maxActions", numeric(governanceId, "maxActions", GUARDRAIL_DEFAULTS.maxActions), CONTRACT_LIMITS.maxActions);
    const interval = numeric(governanceId, "changeInterval", toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, mode));
    range("changeInterval", interval, [1n, 2n ** 48n - 1n]);
    rules = policyRules(mode, governance, supply);
    // The timelock's starting delay must lie inside the bounds the policy holds every later change to (S5), or no
    // `updateDelay` could ever restore it; the policy's constructor checks the same against the deployed timelock.
    const minDelay = numeric(governanceId, "minTimelockDelay", GUARDRAIL_DEFAULTS.timelockDelay[0]);
    const maxDelay = numeric(governanceId, "maxTimelockDelay", GUARDRAIL_DEFAULTS.timelockDelay[1]);
    if (maxDelay === 0n || minDelay > maxDelay) {
      problems.push(
        `timelock delay bounds [minTimelockDelay, maxTimelockDelay] = [${minDelay}, ${maxDelay}] are empty`,
      );
    } else if (governance.timelockDelay < minDelay || governance.timelockDelay > maxDelay) {
      problems.push(
        `timelockDelay = ${governance.timelockDelay} outside the guardrails policy's bounds [${minDelay}, ${maxDelay}]`,
      );
    }
  }
  // The cap fields are ignored by the linear governor; its other constructor checks are the same.
  const checked = quadratic ? governance : { ...governance, ...pickCaps(d) };
  problems.push(...governorStartProblems(checked, rules, guarded ? metaGovernanceQuorumBps : undefined));

  if (shape.disputes) {
    const dd = disputeParams(mode);
    const n = (name: string, fallback: bigint) => numeric(governanceId, name, fallback);
    const [minPeriod, maxPeriod] = CONTRACT_LIMITS.disputePeriod.map((s) => toClockUnits(s, mode)) as [bigint, bigint];
    const window = n("challengeWindow", dd.challengeWindow);
    range("challengeWindow", window, [minPeriod, maxPeriod]);
    range("escalatedWindow", n("escalatedWindow", dd.escalatedWindow), [window, maxPeriod]);
    range("lateChallengeExtension", n("lateChallengeExtension", dd.lateChallengeExtension), [0n, window]);
    for (const name of ["rulingPeriod", "appealWindow", "referendumPeriod"] as const) {
      range(name, n(name, dd[name]), [minPeriod, maxPeriod]);
    }
    range("burnBps", n("burnBps", dd.burnBps), CONTRACT_LIMITS.burnBps);
    range(
      "referendumSuperQuorumBps",
      n("referendumSuperQuorumBps", DISPUTE_DEFAULTS.superQuorumBps),
      CONTRACT_LIMITS.referendumSuperQuorumBps,
    );
    range("appealFactor", n("appealFactor", dd.appealFactor), CONTRACT_LIMITS.appealFactor);
    range("disputeBond", n("disputeBond", dd.bond), CONTRACT_LIMITS.disputeBond);
    // FreshPowerEscalation takes its lookback in seconds whatever the clock.
    range(
      "freshPowerLookback",
      n("freshPowerLookback", DISPUTE_DEFAULTS.freshPowerLookback),
      CONTRACT_LIMITS.freshPowerLookback,
    );
    range("freshPowerBps", n("freshPowerBps", DISPUTE_DEFAULTS.freshPowerBps), CONTRACT_LIMITS.freshPowerBps);
  }

  if (problems.length > 0) throw new DeployParameterError(problems);
  return { totalSupply, governance, metaGovernanceQuorumBps, rules };
}

function pickCaps(p: GovernanceParams): Partial<GovernanceParams> {
  const { capFraction, minCapFraction, maxCapFraction, holdingPeriod, minHoldingPeriod, maxHoldingPeriod } = p;
  return { capFraction, minCapFraction, maxCapFraction, holdingPeriod, minHoldingPeriod, maxHoldingPeriod };
}

/** The default proposal threshold for a token of `totalSupply`: the common world's 0.25 % of it. */
export function defaultProposalThreshold(totalSupply: bigint): bigint {
  return ofBps(totalSupply, COMMON_WORLD.proposalThresholdBps);
}

/**
 * The parameters `hardhat ignition deploy <module> [--parameters <file or JSON>]` will read, resolved as the Ignition
 * CLI resolves them (a .json/.json5 path, an inline JSON string, or `<ignition dir>/<moduleId>.config.json`), or
 * undefined when this process is not an Ignition deployment. Values "123n" become bigints, as Ignition's reviver does.
 */
export function cliDeploymentParameters(
  argv: readonly string[],
  moduleId: string,
  ignitionDir: string,
): DeploymentParameters | undefined {
  const task = argv.indexOf("ignition");
  if (task === -1 || argv[task + 1] !== "deploy") return undefined;
  let input: string | undefined;
  for (let i = task + 2; i < argv.length; i++) {
    if (argv[i] === "--parameters") input = argv[i + 1];
    else if (argv[i]!.startsWith("--parameters=")) input = argv[i]!.slice("--parameters=".length);
  }
  let text: string | undefined;
  if (input === undefined) {
    const file = `${moduleId}.config.json`;
    if (readdirSync(ignitionDir).includes(file)) text = readFileSync(path.join(ignitionDir, file), "utf8");
  } else if (input.endsWith(".json") || input.endsWith(".json5")) {
    text = readFileSync(path.resolve(process.cwd(), input), "utf8");
  } else {
    text = input;
  }
  if (text === undefined) return {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json5 = require("json5") as { parse(text: string, reviver: (k: string, v: unknown) => unknown): unknown };
  return json5.parse(text, (_k, v) => (typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v)) as
    DeploymentParameters | undefined;
}
