/**
 * Guardrails (GovernancePolicy) defaults and helpers: the immutable parameter bounds, the super-quorum of
 * meta-governance proposals, the spam limits, and the rules in the form the policy's constructor takes. Pure: used by
 * the deploy builders, tests, the audit and the docs check.
 */
import { id } from "ethers";

import { COMMON_WORLD, type GovernanceParams } from "./params";
import { DAY, HOUR, toClockUnits, type ClockMode } from "./time";
import { ofBps } from "./units";

/** Wildcard selector of a meta-governance rule: every call to the target (GovernancePolicy.ANY_SELECTOR). */
export const ANY_SELECTOR = "0xffffffff";

/**
 * Guardrail defaults, in seconds and basis points. Bounds follow THREATS A14 (cap 1–10 %, quorum 2–20 %, period ≥ 3
 * days), Compound Bravo's MIN/MAX constants (delay, period, threshold) and the caps module's own bounds.
 */
export const GUARDRAIL_DEFAULTS = {
  /** Raw For votes a meta-governance proposal needs: 8 % of the supply at the snapshot, twice the quorum. */
  superQuorumBps: 800n,
  /** At most 10 actions per proposal (GovernorBravo's proposalMaxOperations). */
  maxActions: 10n,
  /**
   * Proposal bond, in token wei: 0 (off) by default, so proposing needs no approval; a DAO that wants spam to cost
   * N bonds for N live proposals sets it (module parameter `proposalBond`). Slashed to the treasury when a dispute
   * rejects the proposal, returned otherwise.
   */
  proposalBond: 0n,
  /** One change per parameter per 30 days, each at most ×2 or ÷2 (THREATS A14). */
  changeInterval: 30n * DAY,
  /**
   * Bounds of the timelock delay a proposal may set (`updateDelay`), in seconds in both clock modes (the timelock
   * reads the timestamp): Compound's Timelock MINIMUM_DELAY and MAXIMUM_DELAY. The floor is the deployed 2 days, so
   * no proposal shortens the exit window below the default.
   */
  timelockDelay: [2n * DAY, 30n * DAY],
  bounds: {
    votingDelay: [HOUR, 7n * DAY],
    votingPeriod: [3n * DAY, 14n * DAY],
    /** Basis points of the supply: 0.1 % … 1 %. */
    proposalThresholdBps: [10n, 100n],
    /** Percent of the supply at the snapshot. */
    quorumNumerator: [2n, 20n],
    lateQuorumExtension: [HOUR, 3n * DAY],
    capFractionBps: COMMON_WORLD.capFractionBoundsBps,
    holdingPeriod: COMMON_WORLD.holdingPeriodBounds,
  },
} as const;

/**
 * The functions GovernancePolicy classifies as meta-governance on every target (`isAuthoritySelector`): the standard
 * ways to change who may change a contract. An application's own authority functions under other names need a
 * registry entry (`setMetaGovernance`, or the policy's constructor).
 */
export const AUTHORITY_SIGNATURES = [
  // AccessControl (TimelockController's roles too), AccessControlDefaultAdminRules
  "grantRole(bytes32,address)",
  "revokeRole(bytes32,address)",
  "renounceRole(bytes32,address)",
  "beginDefaultAdminTransfer(address)",
  "acceptDefaultAdminTransfer()",
  "changeDefaultAdminDelay(uint48)",
  // AccessManager, AccessManaged
  "grantRole(uint64,address,uint32)",
  "revokeRole(uint64,address)",
  "renounceRole(uint64,address)",
  "setRoleAdmin(uint64,uint64)",
  "setTargetFunctionRole(address,bytes4[],uint64)",
  "updateAuthority(address,address)",
  "setAuthority(address)",
  // Ownable, Ownable2Step, Compound-style pending admin
  "transferOwnership(address)",
  "renounceOwnership()",
  "acceptOwnership()",
  "setPendingAdmin(address)",
  "acceptAdmin()",
  // Upgrades: UUPS and beacons, ProxyAdmin (v5, v4), the transparent proxy's admin (v4)
  "upgradeTo(address)",
  "upgradeToAndCall(address,bytes)",
  "upgradeAndCall(address,address,bytes)",
  "upgrade(address,address)",
  "changeProxyAdmin(address,address)",
  "changeAdmin(address)",
  // Timelocks and governors
  "updateDelay(uint256)",
  "updateTimelock(address)",
  // Guardians (ProposalGuardian, TEETrustRegistry, the one-argument form)
  "setGuardian(address,uint48)",
  "setGuardian(address,uint64)",
  "setGuardian(address)",
  // Safe
  "addOwnerWithThreshold(address,uint256)",
  "removeOwner(address,address,uint256)",
  "swapOwner(address,address,address)",
  "changeThreshold(uint256)",
  "enableModule(address)",
  "disableModule(address,address)",
  "setGuard(address)",
] as const;

/** A `GovernancePolicy.ParameterRule`. */
export interface ParameterRule {
  /** A human name for reports (the governor getter's name). */
  name: string;
  setter: string;
  getter: string;
  min: bigint;
  max: bigint;
}

const selector = (signature: string): string => id(signature).slice(0, 10);

/** What the struct argument of the policy's constructor needs (no report-only fields). */
export function ruleStruct(r: ParameterRule): { setter: string; getter: string; min: bigint; max: bigint } {
  return { setter: r.setter, getter: r.getter, min: r.min, max: r.max };
}

/** The governor setters the policy bounds, with their bounds in `mode`'s clock units for a token of `totalSupply`. */
export function parameterRules(mode: ClockMode, totalSupply: bigint = COMMON_WORLD.totalSupply): ParameterRule[] {
  const b = GUARDRAIL_DEFAULTS.bounds;
  const clock = ([lo, hi]: readonly [bigint, bigint]): [bigint, bigint] => [
    toClockUnits(lo, mode),
    toClockUnits(hi, mode),
  ];
  const rule = (name: string, setterSig: string, [min, max]: readonly [bigint, bigint]): ParameterRule => ({
    name,
    setter: selector(setterSig),
    getter: selector(`${name}()`),
    min,
    max,
  });
  return [
    rule("votingDelay", "setVotingDelay(uint48)", clock(b.votingDelay)),
    rule("votingPeriod", "setVotingPeriod(uint32)", clock(b.votingPeriod)),
    rule("proposalThreshold", "setProposalThreshold(uint256)", [
      ofBps(totalSupply, b.proposalThresholdBps[0]),
      ofBps(totalSupply, b.proposalThresholdBps[1]),
    ]),
    rule("quorumNumerator", "updateQuorumNumerator(uint256)", b.quorumNumerator),
    rule("lateQuorumVoteExtension", "setLateQuorumVoteExtension(uint48)", clock(b.lateQuorumExtension)),
    rule("capFraction", "setCapFraction(uint256)", b.capFractionBps),
    rule("holdingPeriod", "setHoldingPeriod(uint48)", clock(b.holdingPeriod)),
  ];
}

/** The value a deployment starts from for each ruled parameter (GovernanceParams names differ from the getters). */
export function initialParameterValues(p: GovernanceParams): Record<string, bigint> {
  return {
    votingDelay: p.votingDelay,
    votingPeriod: p.votingPeriod,
    proposalThreshold: p.proposalThreshold,
    quorumNumerator: p.quorumNumerator,
    lateQuorumVoteExtension: p.lateQuorumExtension,
    capFraction: p.capFraction,
    holdingPeriod: p.holdingPeriod,
  };
}

/**
 * Initial values outside their rule's bounds: the policy only bounds *changes*, so a deployment must start inside
 * them (the deploy tests check the defaults with this). Each entry names the parameter, the value and the bounds.
 */
export function boundViolations(rules: ParameterRule[], initial: Record<string, bigint>): string[] {
  const out: string[] = [];
  for (const r of rules) {
    const v = initial[r.name];
    if (v === undefined) out.push(`${r.name}: no initial value`);
    else if (v < r.min || v > r.max) out.push(`${r.name} = ${v} outside [${r.min}, ${r.max}]`);
  }
  return out;
}

/** What GovernancePolicy decides for one parameter change (reference model for the property tests). */
export type ChangeVerdict =
  | { admitted: true }
  | {
      admitted: false;
      error: "PolicyParameterOutOfBounds" | "PolicyParameterStepTooLarge" | "PolicyParameterRateLimited";
    };

/**
 * The policy's rule for a change of a ruled parameter from `current` to `value` at `now`, the last change having
 * been at `lastChange` (0: never): within [min, max], at most ×2 / ÷2 from a non-zero current value, and not
 * before `lastChange + interval`. Checked in this order, as the contract does.
 */
export function admitChange(
  rule: Pick<ParameterRule, "min" | "max">,
  current: bigint,
  value: bigint,
  lastChange: bigint,
  now: bigint,
  interval: bigint,
): ChangeVerdict {
  if (value < rule.min || value > rule.max) return { admitted: false, error: "PolicyParameterOutOfBounds" };
  if (current !== 0n && (value > 2n * current || 2n * value < current)) {
    return { admitted: false, error: "PolicyParameterStepTooLarge" };
  }
  if (lastChange !== 0n && now < lastChange + interval) return { admitted: false, error: "PolicyParameterRateLimited" };
  return { admitted: true };
}
