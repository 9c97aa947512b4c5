/**
 * Ignition module builders. deploy/modules/*.ts instantiate them for production (timestamp clock); tests
 * instantiate the block-clock variants from the same code, so every test exercises the real wiring.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  CallableContractFuture,
  ContractFuture,
  IgnitionModule,
  IgnitionModuleBuilder,
  IgnitionModuleResult,
} from "@nomicfoundation/ignition-core";
import { ZeroAddress } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";
import path from "node:path";

import { COMMON_WORLD, DISPUTE_DEFAULTS, disputeParams, governanceParams } from "../lib/params";
import { ANY_SELECTOR, GUARDRAIL_DEFAULTS, parameterRules, ruleStruct } from "../lib/guardrails";
import { TIMELOCK_ROLES } from "../lib/roles";
import { toClockUnits, type ClockMode } from "../lib/time";

import {
  cliDeploymentParameters,
  DeployParameterError,
  moduleParameterNames,
  validateDeploymentParameters,
} from "./validate";

/** Vote counting: quadratic (PolycentricGovernor) or OpenZeppelin's linear counting (PolycentricGovernorLinear). */
export type Counting = "quadratic" | "linear";
/**
 * Identity binding for quadratic counting: none (every address is its own unit), open (bound addresses vote as
 * their identity, unbound ones as themselves; splittable) or strict (only bound addresses vote; sybil-resistant).
 */
export type IdentityMode = "none" | "open" | "strict";

export interface ModuleVariant {
  /** Appended to every module id, so variants can be deployed side by side ("" for production). */
  suffix: string;
  /** Token contract: the production timestamp-clock token or its block-clock test variant. */
  tokenContract: "PolycentricToken" | "PolycentricTokenBlockClock__Mock";
  /** Clock mode of that token; parameter defaults are converted to its units. */
  clockMode: ClockMode;
  /**
   * EXECUTOR_ROLE holder: the governor (default, THREATS I16) or, only when the deployer explicitly opens it,
   * anyone (the zero address).
   */
  openExecutor: boolean;
  counting: Counting;
  /** Ignored for linear counting (no registry is deployed). */
  identity: IdentityMode;
  /**
   * Dispute escalation (DisputeEscalation + its ArbitrationCommittee, TokenholderReferendum and ProposalGuardian,
   * bound to the governor by its constructor): every succeeded proposal gets a challenge window before it can be
   * queued. Off: the governor gets the zero address and behaves exactly as without the module.
   */
  disputes: boolean;
  /**
   * Guardrails (GovernancePolicy, bound to the governor by its constructor; quadratic governor only): spam limits,
   * meta-governance super-quorum, target code-hash pinning, bounded and rate-limited parameter changes. Off: the
   * governor gets the zero address.
   */
  guardrails: boolean;
  /**
   * Application contracts deployed inside the governance module, before the guardrails policy, whose calls are
   * meta-governance (e.g. an AI network's trust registry: approving enclave code is a trust decision). The policy's
   * registry names them at deployment; their futures join the module's results.
   */
  extraMeta?: (m: IgnitionModuleBuilder) => ExtraMeta;
}

/** What {@link ModuleVariant.extraMeta} deploys and classifies. */
export interface ExtraMeta {
  contracts: Record<string, CallableContractFuture<string>>;
  rules: { target: CallableContractFuture<string>; selector: string }[];
}

export const PRODUCTION: ModuleVariant = {
  suffix: "",
  tokenContract: "PolycentricToken",
  clockMode: "timestamp",
  openExecutor: false,
  counting: "quadratic",
  identity: "open",
  disputes: false,
  guardrails: true,
};

/**
 * What a module needs to know at build time, before Ignition resolves its parameters: the token's real supply, from
 * which the proposal threshold's default and its guardrails bounds are computed (shares of the supply). Defaults to
 * the common world's 10M; `deploySuite` and the CLI modules ({@link cliSuiteModule}) pass the parameter file's
 * `initialSupply`.
 */
export interface BuildInputs {
  totalSupply?: bigint;
}

/** Default number of addresses one identity may bind. */
export const DEFAULT_MAX_ADDRESSES_PER_IDENTITY = 16n;

export function buildTokenModule(v: ModuleVariant) {
  return buildModule(`PolycentricToken${v.suffix}`, (m) => {
    const token = m.contract(
      v.tokenContract,
      [
        m.getParameter("name", COMMON_WORLD.tokenName),
        m.getParameter("symbol", COMMON_WORLD.tokenSymbol),
        m.getParameter("initialHolder", m.getAccount(0)),
        m.getParameter("initialSupply", COMMON_WORLD.totalSupply),
      ],
      { id: "Token" },
    );
    return { token };
  });
}

/**
 * Token, TimelockController, (IdentityRegistry,) and the governor, with the timelock roles wired as THREATS I16
 * requires: the governor is the only PROPOSER and CANCELLER, EXECUTOR is the governor unless opened explicitly,
 * and the deployer's temporary admin role is renounced last, after every grant has landed.
 */
export function buildGovernanceModule(v: ModuleVariant, inputs: BuildInputs = {}) {
  const tokenModule = buildTokenModule(v);
  const totalSupply = inputs.totalSupply ?? COMMON_WORLD.totalSupply;
  return buildModule(`PolycentricGovernance${v.suffix}`, (m) => {
    const { token } = m.useModule(tokenModule);
    const d = governanceParams(v.clockMode, totalSupply);
    const deployer = m.getAccount(0);

    const timelock = m.contract(
      "TimelockController",
      [m.getParameter("timelockDelay", d.timelockDelay), [], [], deployer],
      { id: "Timelock" },
    );
    const params = {
      name: m.getParameter("governorName", d.governorName),
      votingDelay: m.getParameter("votingDelay", d.votingDelay),
      votingPeriod: m.getParameter("votingPeriod", d.votingPeriod),
      proposalThreshold: m.getParameter("proposalThreshold", d.proposalThreshold),
      quorumNumerator: m.getParameter("quorumNumerator", d.quorumNumerator),
      lateQuorumExtension: m.getParameter("lateQuorumExtension", d.lateQuorumExtension),
      capFraction: m.getParameter("capFraction", d.capFraction),
      minCapFraction: m.getParameter("minCapFraction", d.minCapFraction),
      maxCapFraction: m.getParameter("maxCapFraction", d.maxCapFraction),
      holdingPeriod: m.getParameter("holdingPeriod", d.holdingPeriod),
      minHoldingPeriod: m.getParameter("minHoldingPeriod", d.minHoldingPeriod),
      maxHoldingPeriod: m.getParameter("maxHoldingPeriod", d.maxHoldingPeriod),
    };

    const disputes = v.disputes ? buildDisputeEscalation(m, v, token, timelock) : undefined;
    const escalation = disputes?.escalation;

    const quadratic = v.counting === "quadratic";
    const registry =
      quadratic && v.identity !== "none"
        ? m.contract(
            "IdentityRegistry",
            [
              timelock,
              token,
              m.getParameter("maxAddressesPerIdentity", DEFAULT_MAX_ADDRESSES_PER_IDENTITY),
              m.getParameter<string[]>("initialAttesters", []),
              m.getParameter<bigint[]>("initialAttesterExpiries", []),
            ],
            { id: "IdentityRegistry" },
          )
        : undefined;
    const extra = v.extraMeta?.(m);
    const policy =
      quadratic && v.guardrails
        ? buildGovernancePolicy(m, v, params, totalSupply, timelock, escalation, registry, extra?.rules ?? [])
        : undefined;
    const governor = quadratic
      ? m.contract(
          "PolycentricGovernor",
          [
            token,
            timelock,
            registry ?? ZeroAddress,
            v.identity === "strict",
            params,
            escalation ?? ZeroAddress,
            policy ?? ZeroAddress,
          ],
          { id: "Governor" },
        )
      : m.contract("PolycentricGovernorLinear", [token, timelock, params, escalation ?? ZeroAddress], {
          id: "Governor",
        });

    const grants = [
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], { id: "GrantProposer" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], { id: "GrantCanceller" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, v.openExecutor ? ZeroAddress : governor], {
        id: v.openExecutor ? "OpenExecutor" : "GrantExecutor",
      }),
    ];
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
      id: "RenounceDeployerAdmin",
      after: grants,
    });

    const result: Record<string, ContractFuture<string>> = { token, timelock, governor };
    if (registry) result.registry = registry;
    if (policy) result.policy = policy;
    if (extra) Object.assign(result, extra.contracts);
    if (escalation) {
      // The governor's constructor bound itself to the escalation; its three sub-contracts were created by it.
      const sub = (fn: string, name: string) =>
        m.contractAt(name, m.staticCall(escalation, fn, [], 0, { id: `${name}Address`, after: [governor] }), {
          id: name,
        });
      result.escalation = escalation;
      result.freshPower = disputes!.freshPower;
      result.committee = sub("committee", "ArbitrationCommittee");
      result.referendum = sub("referendum", "TokenholderReferendum");
      result.guardian = sub("proposalGuardian", "ProposalGuardian");
    }
    return result;
  });
}

/**
 * DisputeEscalation with its parameters (defaults: lib/params.ts DISPUTE_DEFAULTS, in the variant's clock units).
 * Deployed before the governor, which binds itself to it in its constructor; nobody keeps a privileged role. The
 * A6 tripwire (FreshPowerEscalation) is deployed first and passed as an initial hook: the escalation allows it and
 * binds it from its constructor, since no deployer key could call the governance-only `setHook` later.
 * Committee members and the guardian are parameters (none by default: every dispute then escalates to the
 * tokenholder referendum, and nobody can cancel as guardian).
 */
function buildDisputeEscalation(
  m: IgnitionModuleBuilder,
  v: ModuleVariant,
  token: ContractFuture<string>,
  timelock: ContractFuture<string>,
): { escalation: CallableContractFuture<string>; freshPower: CallableContractFuture<string> } {
  const d = disputeParams(v.clockMode);
  const params = {
    challengeWindow: m.getParameter("challengeWindow", d.challengeWindow),
    escalatedWindow: m.getParameter("escalatedWindow", d.escalatedWindow),
    lateChallengeExtension: m.getParameter("lateChallengeExtension", d.lateChallengeExtension),
    rulingPeriod: m.getParameter("rulingPeriod", d.rulingPeriod),
    appealWindow: m.getParameter("appealWindow", d.appealWindow),
    referendumPeriod: m.getParameter("referendumPeriod", d.referendumPeriod),
    burnBps: m.getParameter("burnBps", d.burnBps),
    // The referendum's own super-quorum (Reject + Abstain needed to reject), not the policy's meta-governance one.
    superQuorumBps: m.getParameter("referendumSuperQuorumBps", d.superQuorumBps),
    appealFactor: m.getParameter("appealFactor", d.appealFactor),
    bond: m.getParameter("disputeBond", d.bond),
  };
  const committee = {
    members: m.getParameter<string[]>("committeeMembers", []),
    expiries: m.getParameter<bigint[]>("committeeExpiries", []),
    threshold: m.getParameter("committeeThreshold", DISPUTE_DEFAULTS.committeeThreshold),
    appealThreshold: m.getParameter("committeeAppealThreshold", DISPUTE_DEFAULTS.committeeAppealThreshold),
    maxTerm: m.getParameter("committeeMaxTerm", DISPUTE_DEFAULTS.committeeMaxTerm),
  };
  const guardian = {
    guardian: m.getParameter("guardian", ZeroAddress),
    expiry: m.getParameter("guardianExpiry", 0n),
    maxTerm: m.getParameter("guardianMaxTerm", DISPUTE_DEFAULTS.guardianMaxTerm),
  };
  const freshPower = m.contract(
    "FreshPowerEscalation",
    [
      token,
      m.getParameter("freshPowerLookback", DISPUTE_DEFAULTS.freshPowerLookback),
      m.getParameter("freshPowerBps", DISPUTE_DEFAULTS.freshPowerBps),
      ZeroAddress,
    ],
    { id: "FreshPowerEscalation" },
  );
  const escalation = m.contract("DisputeEscalation", [token, timelock, params, committee, guardian, [freshPower]], {
    id: "DisputeEscalation",
  });
  return { escalation, freshPower };
}

/**
 * GovernancePolicy (defaults: lib/guardrails.ts GUARDRAIL_DEFAULTS, bounds in the variant's clock units). Deployed
 * before the governor, which binds itself to it. The meta-governance registry starts with every call to the dispute
 * contracts and the identity registry (attesters); the governor, the timelock and the policy are built in.
 * The proposal-threshold bounds are shares of the real supply; the cap and holding-period bounds are the governor's
 * own immutable bounds (the same module parameters), so the two always agree (deploy/validate.ts `policyRules`).
 */
function buildGovernancePolicy(
  m: IgnitionModuleBuilder,
  v: ModuleVariant,
  governor: {
    minCapFraction: ReturnType<IgnitionModuleBuilder["getParameter"]>;
    maxCapFraction: ReturnType<IgnitionModuleBuilder["getParameter"]>;
    minHoldingPeriod: ReturnType<IgnitionModuleBuilder["getParameter"]>;
    maxHoldingPeriod: ReturnType<IgnitionModuleBuilder["getParameter"]>;
  },
  totalSupply: bigint,
  timelock: ContractFuture<string>,
  escalation: CallableContractFuture<string> | undefined,
  registry: ContractFuture<string> | undefined,
  extraRules: ExtraMeta["rules"],
): CallableContractFuture<string> {
  const config = {
    governance: timelock,
    // Raw For votes a meta-governance proposal needs (not the dispute referendum's super-quorum).
    superQuorumBps: m.getParameter("metaGovernanceQuorumBps", GUARDRAIL_DEFAULTS.superQuorumBps),
    maxActions: m.getParameter("maxActions", GUARDRAIL_DEFAULTS.maxActions),
    changeInterval: m.getParameter("changeInterval", toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, v.clockMode)),
    proposalBond: m.getParameter("proposalBond", GUARDRAIL_DEFAULTS.proposalBond),
    disputes: escalation ?? ZeroAddress,
    minTimelockDelay: m.getParameter("minTimelockDelay", GUARDRAIL_DEFAULTS.timelockDelay[0]),
    maxTimelockDelay: m.getParameter("maxTimelockDelay", GUARDRAIL_DEFAULTS.timelockDelay[1]),
  };
  const rules = parameterRules(v.clockMode, totalSupply).map((r) => {
    if (r.name === "capFraction") {
      return { ...ruleStruct(r), min: governor.minCapFraction, max: governor.maxCapFraction };
    }
    if (r.name === "holdingPeriod") {
      return { ...ruleStruct(r), min: governor.minHoldingPeriod, max: governor.maxHoldingPeriod };
    }
    return ruleStruct(r);
  });
  const metaTargets: ContractFuture<string>[] = [];
  if (registry) metaTargets.push(registry);
  const meta: { target: ContractFuture<string> | ReturnType<IgnitionModuleBuilder["staticCall"]>; selector: string }[] =
    metaTargets.map((target) => ({ target, selector: ANY_SELECTOR }));
  if (escalation) {
    meta.push({ target: escalation, selector: ANY_SELECTOR });
    for (const fn of ["committee", "referendum", "proposalGuardian"]) {
      meta.push({ target: m.staticCall(escalation, fn, [], 0, { id: `PolicyMeta_${fn}` }), selector: ANY_SELECTOR });
    }
  }
  meta.push(...extraRules);
  return m.contract("GovernancePolicy", [config, rules, meta], { id: "GovernancePolicy" });
}

/** The whole Polycentric suite. Later mechanisms (disputes, guardrails) join here. */
export function buildSuiteModule(v: ModuleVariant, inputs: BuildInputs = {}) {
  const governanceModule = buildGovernanceModule(v, inputs);
  return buildModule(`PolycentricSuite${v.suffix}`, (m) => {
    return m.useModule(governanceModule);
  });
}

/**
 * The suite module as `hardhat ignition deploy deploy/modules/<file>.ts [--parameters <file>]` deploys it: the
 * parameters the CLI will read are read here first, when the module file is loaded and before any transaction, the
 * module is built for the file's `initialSupply`, and every value is validated (deploy/validate.ts). A bad file stops
 * the deployment with one line naming each offending value. Outside an Ignition deployment this is
 * `buildSuiteModule(v)`.
 */
export function cliSuiteModule<M extends IgnitionModule<string, string, IgnitionModuleResult<string>>>(
  v: ModuleVariant,
  build: (v: ModuleVariant, inputs?: BuildInputs) => M,
): M {
  const ignitionDir = path.resolve(__dirname);
  let parameters: ReturnType<typeof cliDeploymentParameters>;
  try {
    parameters = cliDeploymentParameters(process.argv, build(v).id, ignitionDir);
  } catch (e) {
    throw new HardhatPluginError(
      "polycentric-deploy",
      `cannot read the deployment parameters: ${(e as Error).message}`,
    );
  }
  if (parameters === undefined) return build(v);
  const supply = parameters[`PolycentricToken${v.suffix}`]?.initialSupply ?? parameters.$global?.initialSupply;
  let totalSupply: bigint | undefined;
  try {
    totalSupply = supply === undefined ? undefined : BigInt(supply as bigint | number | string);
  } catch {
    totalSupply = undefined; // validation below names the bad value
  }
  const module = build(v, { totalSupply: totalSupply !== undefined && totalSupply > 0n ? totalSupply : undefined });
  try {
    validateDeploymentParameters(v, parameters, moduleParameterNames(module));
  } catch (e) {
    if (e instanceof DeployParameterError) throw new HardhatPluginError("polycentric-deploy", e.message);
    throw e;
  }
  return module;
}
