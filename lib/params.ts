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
