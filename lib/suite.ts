import hre from "hardhat";
import type { ContractTransactionResponse, Overrides, Signer } from "ethers";

import { buildSuiteModule, PRODUCTION, type Counting, type IdentityMode, type ModuleVariant } from "../deploy/builders";
import {
  ArbitrationCommittee__factory,
  DisputeEscalation__factory,
  FreshPowerEscalation__factory,
  GovernancePolicy__factory,
  IdentityRegistry__factory,
  ProposalGuardian__factory,
  TokenholderReferendum__factory,
  PolycentricGovernor__factory,
  PolycentricGovernorLinear__factory,
  PolycentricToken__factory,
  TimelockController__factory,
  type ArbitrationCommittee,
  type DisputeEscalation,
  type FreshPowerEscalation,
  type GovernancePolicy,
  type IdentityRegistry,
  type ProposalGuardian,
  type TokenholderReferendum,
  type PolycentricGovernor,
  type PolycentricGovernorLinear,
  type PolycentricToken,
  type TimelockController,
} from "../typechain-types";
import type { ClockMode } from "./time";
import { moduleParameterNames, validateDeploymentParameters } from "../deploy/validate";

export {
  CONTRACT_LIMITS,
  DeployParameterError,
  RENAMED_PARAMETERS,
  governorStartProblems,
  oneStep,
  policyRules,
  validateDeploymentParameters,
  type DeploymentParameters,
  type ResolvedParameters,
} from "../deploy/validate";

export type { Counting, IdentityMode, ModuleVariant } from "../deploy/builders";

/** The dispute escalation contracts of a suite deployed with `disputes: true`. */
export interface DisputeContracts {
  escalation: DisputeEscalation;
  committee: ArbitrationCommittee;
  referendum: TokenholderReferendum;
  guardian: ProposalGuardian;
  /** The A6 tripwire, an initial hook of the escalation. */
  freshPower: FreshPowerEscalation;
}

interface SuiteBase {
  token: PolycentricToken;
  timelock: TimelockController;
  variant: ModuleVariant;
  /** Present when deployed with `disputes: true`. */
  disputes?: DisputeContracts;
}
/** The default suite: quadratic counting, with an identity registry unless `identity: "none"`. */
export interface Suite extends SuiteBase {
  governor: PolycentricGovernor;
  registry?: IdentityRegistry;
  /** Present when deployed with `guardrails: true`. */
  policy?: GovernancePolicy;
}
/** The linear-counting suite (OpenZeppelin GovernorCountingSimple). */
export interface LinearSuite extends SuiteBase {
  governor: PolycentricGovernorLinear;
}

export interface SuiteOptions {
  clockMode?: ClockMode;
  openExecutor?: boolean;
  identity?: IdentityMode;
  /** Deploy the dispute escalation contracts and bind the governor to them. */
  disputes?: boolean;
  /**
   * Deploy the guardrails policy and bind the governor to it. Production (deploy/modules/Suite.ts) has it; test
   * worlds default to off, so that a test exercising one mechanism is not also rate-limited by the policy.
   */
  guardrails?: boolean;
  parameters?: SuiteParameters;
}

/** The module variant for a set of choices; every choice that differs from production adds to the id suffix. */
export function suiteVariant(
  clockMode: ClockMode,
  opts: {
    openExecutor?: boolean;
    counting?: Counting;
    identity?: IdentityMode;
    disputes?: boolean;
    guardrails?: boolean;
  } = {},
): ModuleVariant {
  const v: ModuleVariant = { ...PRODUCTION, clockMode, guardrails: opts.guardrails ?? false };
  const parts: string[] = [];
  if (clockMode === "blocknumber") {
    v.tokenContract = "PolycentricTokenBlockClock__Mock";
    parts.push("BlockClock");
  }
  if (opts.counting === "linear") {
    v.counting = "linear";
    v.identity = "none";
    parts.push("Linear");
  } else if (opts.identity !== undefined && opts.identity !== PRODUCTION.identity) {
    v.identity = opts.identity;
    parts.push(opts.identity === "strict" ? "StrictIdentity" : "NoIdentity");
  }
  if (opts.openExecutor) {
    v.openExecutor = true;
    parts.push("OpenExecutor");
  }
  if (opts.disputes) {
    v.disputes = true;
    parts.push("Disputes");
  }
  if (v.guardrails !== PRODUCTION.guardrails && v.counting === "quadratic") parts.push("Unguarded");
  v.suffix = parts.join("");
  return v;
}

/** Ignition parameters keyed by module name, e.g. `{ "PolycentricGovernance": { quorumNumerator: 10 } }`. */
export type SuiteParameters = Record<string, Record<string, string | number | bigint | boolean | string[] | bigint[]>>;

/**
 * Validates `parameters` (deploy/validate.ts: every value and relation, unknown and renamed names) before any
 * transaction, then deploys the variant built for the parameters' token supply. Throws DeployParameterError, one
 * line naming each bad value.
 */
async function deployVariant(variant: ModuleVariant, parameters: SuiteParameters = {}) {
  const scoped: SuiteParameters = {};
  for (const [moduleName, values] of Object.entries(parameters)) {
    scoped[moduleName === "$global" ? moduleName : `${moduleName}${variant.suffix}`] = values;
  }
  const supply = scoped[`PolycentricToken${variant.suffix}`]?.initialSupply ?? scoped.$global?.initialSupply;
  const totalSupply = typeof supply === "bigint" || typeof supply === "number" ? BigInt(supply) : undefined;
  const module = buildSuiteModule(variant, {
    totalSupply: totalSupply !== undefined && totalSupply > 0n ? totalSupply : undefined,
  });
  validateDeploymentParameters(variant, scoped, moduleParameterNames(module));
  const deployed = (await hre.ignition.deploy(module, {
    parameters: scoped as never,
    displayUi: false,
  })) as Record<string, { getAddress(): Promise<string> }>;
  const address = async (name: string) => deployed[name]!.getAddress();
  return { deployed, address };
}

async function disputeContracts(
  deployed: Record<string, unknown>,
  address: (name: string) => Promise<string>,
  runner: Signer,
): Promise<DisputeContracts | undefined> {
  if (!deployed.escalation) return undefined;
  return {
    escalation: DisputeEscalation__factory.connect(await address("escalation"), runner),
    committee: ArbitrationCommittee__factory.connect(await address("committee"), runner),
    referendum: TokenholderReferendum__factory.connect(await address("referendum"), runner),
    guardian: ProposalGuardian__factory.connect(await address("guardian"), runner),
    freshPower: FreshPowerEscalation__factory.connect(await address("freshPower"), runner),
  };
}

/**
 * Deploys the suite through the real Ignition modules (so tests and `npm start` exercise exactly what
 * `npm run deploy:local` deploys) and returns typed contracts connected to `runner`. Parameter keys are the
 * production module names; they are mapped to the variant's module ids here.
 */
export async function deploySuite(runner: Signer, opts: SuiteOptions = {}): Promise<Suite> {
  const variant = suiteVariant(opts.clockMode ?? "timestamp", opts);
  const { deployed, address } = await deployVariant(variant, opts.parameters);
  return {
    token: PolycentricToken__factory.connect(await address("token"), runner),
    governor: PolycentricGovernor__factory.connect(await address("governor"), runner),
    timelock: TimelockController__factory.connect(await address("timelock"), runner),
    registry: deployed.registry ? IdentityRegistry__factory.connect(await address("registry"), runner) : undefined,
    policy: deployed.policy ? GovernancePolicy__factory.connect(await address("policy"), runner) : undefined,
    variant,
    disputes: await disputeContracts(deployed, address, runner),
  };
}

/** {@link deploySuite} with OpenZeppelin's linear counting (`deploy/modules/SuiteLinear.ts`). */
export async function deployLinearSuite(
  runner: Signer,
  opts: Omit<SuiteOptions, "identity"> = {},
): Promise<LinearSuite> {
  const variant = suiteVariant(opts.clockMode ?? "timestamp", { ...opts, counting: "linear" });
  const { deployed, address } = await deployVariant(variant, opts.parameters);
  return {
    token: PolycentricToken__factory.connect(await address("token"), runner),
    governor: PolycentricGovernorLinear__factory.connect(await address("governor"), runner),
    timelock: TimelockController__factory.connect(await address("timelock"), runner),
    variant,
    disputes: await disputeContracts(deployed, address, runner),
  };
}

/**
 * Binds `account` to `identity` the way the registry requires, with consent from both sides: the account consents,
 * a current member of the identity (if it has any) admits it, then `attester` binds. The admitting member is
 * `admitter`, or else the identity's first current member, which must then be a signer of the network. Returns the
 * bind transaction (consent and admission are mined first).
 */
export async function bindIdentity(
  registry: IdentityRegistry,
  attester: Signer,
  account: Signer,
  identity: bigint,
  admitter?: Signer,
  overrides: Overrides = {},
): Promise<ContractTransactionResponse> {
  const address = await account.getAddress();
  await (await registry.connect(account).consentToBind(identity)).wait();
  const members = await registry.membersAt(identity, await registry.clock());
  if (members.length > 0) {
    const member = admitter ?? (await hre.ethers.getSigner(members[0]!));
    await (await registry.connect(member).admitMember(identity, address)).wait();
  }
  return registry.connect(attester).bind(address, identity, overrides);
}
