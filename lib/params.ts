import { DAY, toClockUnits, type ClockMode } from "./time";
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
    timelockDelay: COMMON_WORLD.timelockDelay,
    ...overrides,
  };
}

/** The `GovernorParams` constructor struct of PolycentricGovernor / PolycentricGovernorLinear. */
export interface GovernorParamsStruct {
  name: string;
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  quorumNumerator: bigint;
  lateQuorumExtension: bigint;
}

export function governorParamsStruct(p: GovernanceParams): GovernorParamsStruct {
  return {
    name: p.governorName,
    votingDelay: p.votingDelay,
    votingPeriod: p.votingPeriod,
    proposalThreshold: p.proposalThreshold,
    quorumNumerator: p.quorumNumerator,
    lateQuorumExtension: p.lateQuorumExtension,
  };
}
