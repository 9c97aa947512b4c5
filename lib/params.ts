import { DAY, HOUR, toClockUnits, type ClockMode } from "./time";
import { gov, ofBps } from "./units";

/**
 * The THREATS.md common world's governance parameters, in seconds and whole-supply terms. Every deploy module,
 * fixture, benchmark and simulation starts from these.
 */
export const COMMON_WORLD = {
  tokenName: "Polycentric",
  tokenSymbol: "GOV",
  totalSupply: gov(10_000_000),
  votingDelay: DAY,
  votingPeriod: 5n * DAY,
  timelockDelay: 2n * DAY,
  /** Quorum: 4 % of the supply at the snapshot (GovernorVotesQuorumFraction numerator over 100). */
  quorumNumerator: 4n,
  /** Proposal threshold: 0.25 % of the supply, in basis points. */
  proposalThresholdBps: 25n,
  lateQuorumExtension: DAY,
  /** Delegation cap (DC): 2 % of the supply at the snapshot per voting unit, own power included, in basis points. */
  capFractionBps: 200n,
  /** Immutable bounds governance may move the cap within: 1 % … 10 % of the supply. */
  capFractionBoundsBps: [100n, 1_000n],
  /** Holding period H: power counts at most what the unit already had H before the snapshot (0 disables). */
  holdingPeriod: DAY,
  /** Immutable bounds of H (seconds; converted per clock): 1 hour … 30 days. */
  holdingPeriodBounds: [HOUR, 30n * DAY],
} as const;

/** Constructor-ready governance parameters in the units of one clock. */
export interface GovernanceParams {
  governorName: string;
  votingDelay: bigint;
  votingPeriod: bigint;
  /** Absolute, in token wei. */
  proposalThreshold: bigint;
  quorumNumerator: bigint;
  lateQuorumExtension: bigint;
  /** Delegation cap, basis points of the supply at the snapshot, and its immutable bounds. */
  capFraction: bigint;
  minCapFraction: bigint;
  maxCapFraction: bigint;
  /** Holding period and its immutable bounds, in clock units (0 disables the aged term). */
  holdingPeriod: bigint;
  minHoldingPeriod: bigint;
  maxHoldingPeriod: bigint;
  /** Always seconds: the TimelockController runs on block.timestamp in both clock modes. */
  timelockDelay: bigint;
}

/** The common world's parameters converted to `mode`'s clock units, for a token of `totalSupply`. */
export function governanceParams(
  mode: ClockMode,
  totalSupply: bigint = COMMON_WORLD.totalSupply,
  overrides: Partial<GovernanceParams> = {},
): GovernanceParams {
  return {
    governorName: "Polycentric Governor",
    votingDelay: toClockUnits(COMMON_WORLD.votingDelay, mode),
    votingPeriod: toClockUnits(COMMON_WORLD.votingPeriod, mode),
    proposalThreshold: ofBps(totalSupply, COMMON_WORLD.proposalThresholdBps),
    quorumNumerator: COMMON_WORLD.quorumNumerator,
    lateQuorumExtension: toClockUnits(COMMON_WORLD.lateQuorumExtension, mode),
    capFraction: COMMON_WORLD.capFractionBps,
    minCapFraction: COMMON_WORLD.capFractionBoundsBps[0],
    maxCapFraction: COMMON_WORLD.capFractionBoundsBps[1],
    holdingPeriod: toClockUnits(COMMON_WORLD.holdingPeriod, mode),
    minHoldingPeriod: toClockUnits(COMMON_WORLD.holdingPeriodBounds[0], mode),
    maxHoldingPeriod: toClockUnits(COMMON_WORLD.holdingPeriodBounds[1], mode),
    timelockDelay: COMMON_WORLD.timelockDelay,
    ...overrides,
  };
}

/**
 * The `GovernorParams` constructor struct of PolycentricGovernor / PolycentricGovernorLinear (the linear governor
 * ignores the cap fields: delegation caps are part of the quadratic governor only).
 */
export interface GovernorParamsStruct {
  name: string;
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  quorumNumerator: bigint;
  lateQuorumExtension: bigint;
  capFraction: bigint;
  minCapFraction: bigint;
  maxCapFraction: bigint;
  holdingPeriod: bigint;
  minHoldingPeriod: bigint;
  maxHoldingPeriod: bigint;
}

export function governorParamsStruct(p: GovernanceParams): GovernorParamsStruct {
  return {
    name: p.governorName,
    votingDelay: p.votingDelay,
    votingPeriod: p.votingPeriod,
    proposalThreshold: p.proposalThreshold,
    quorumNumerator: p.quorumNumerator,
    lateQuorumExtension: p.lateQuorumExtension,
    capFraction: p.capFraction,
    minCapFraction: p.minCapFraction,
    maxCapFraction: p.maxCapFraction,
    holdingPeriod: p.holdingPeriod,
    minHoldingPeriod: p.minHoldingPeriod,
    maxHoldingPeriod: p.maxHoldingPeriod,
  };
}

/**
 * The dispute escalation defaults (THREATS common world: challenge window 2 days, bond 10,000 GOV at tier 0, ×2 per
 * tier, 3 tiers), in seconds and token wei. See docs/mechanism.md "Disputes" for the T_max they give.
 */
export const DISPUTE_DEFAULTS = {
  challengeWindow: 2n * DAY,
  /** Window of a proposal marked as requiring escalation (meta-governance, the guardian's own removal). */
  escalatedWindow: 4n * DAY,
  lateChallengeExtension: DAY,
  rulingPeriod: 3n * DAY,
  appealWindow: 2n * DAY,
  referendumPeriod: 5n * DAY,
  burnBps: 5_000n,
  /**
   * The referendum rejects only with Reject + Abstain ≥ 10 % of the supply at its snapshot (deploy parameter
   * `referendumSuperQuorumBps`; not the policy's meta-governance super-quorum, `metaGovernanceQuorumBps`).
   */
  superQuorumBps: 1_000n,
  appealFactor: 2n,
  bond: gov(10_000),
  /** Committee: 2 of n at tier 0, 3 of n on appeal; seats last at most a year. */
  committeeThreshold: 2n,
  committeeAppealThreshold: 3n,
  committeeMaxTerm: 365n * DAY,
  /** The guardian's term is at most 180 days at a time (Compound's proposal guardian: 6 months). */
  guardianMaxTerm: 180n * DAY,
  /**
   * The A6 tripwire (FreshPowerEscalation): a delegate that gained more than `freshPowerBps` of its snapshot power
   * within `freshPowerLookback` (seconds; the contract converts to blocks on a block clock) and was pivotal sends
   * the proposal to the escalated window. 14 days: well beyond the 1-day holding period, which already discounts
   * younger power.
   */
  freshPowerLookback: 14n * DAY,
  freshPowerBps: 5_000n,
} as const;

/** The `IDisputeEscalation.DisputeParams` constructor struct (durations in clock units). */
export interface DisputeParamsStruct {
  challengeWindow: bigint;
  escalatedWindow: bigint;
  lateChallengeExtension: bigint;
  rulingPeriod: bigint;
  appealWindow: bigint;
  referendumPeriod: bigint;
  burnBps: bigint;
  superQuorumBps: bigint;
  appealFactor: bigint;
  bond: bigint;
}

/** The dispute defaults converted to `mode`'s clock units, with overrides (already in clock units). */
export function disputeParams(mode: ClockMode, overrides: Partial<DisputeParamsStruct> = {}): DisputeParamsStruct {
  const d = DISPUTE_DEFAULTS;
  return {
    challengeWindow: toClockUnits(d.challengeWindow, mode),
    escalatedWindow: toClockUnits(d.escalatedWindow, mode),
    lateChallengeExtension: toClockUnits(d.lateChallengeExtension, mode),
    rulingPeriod: toClockUnits(d.rulingPeriod, mode),
    appealWindow: toClockUnits(d.appealWindow, mode),
    referendumPeriod: toClockUnits(d.referendumPeriod, mode),
    burnBps: d.burnBps,
    superQuorumBps: d.superQuorumBps,
    appealFactor: d.appealFactor,
    bond: d.bond,
    ...overrides,
  };
}

/**
 * T_max (THREATS I13): the longest time, in clock units, from a proposal's voting deadline to its final dispute
 * decision, whatever challengers, appellants, the committee or the guardian do:
 * `escalatedWindow + lateChallengeExtension + 2 × (rulingPeriod + appealWindow) + referendumPeriod`
 * (the window, its one late extension, two committee tiers each followed by an appeal window, the referendum).
 * The contract's `maxResolutionTime(paramsId)` returns the same number.
 */
export function disputeTMax(p: DisputeParamsStruct, marked = true): bigint {
  const window = marked ? p.escalatedWindow : p.challengeWindow;
  return window + p.lateChallengeExtension + 2n * (p.rulingPeriod + p.appealWindow) + p.referendumPeriod;
}
