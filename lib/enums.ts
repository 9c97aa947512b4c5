/** Governor enums as bigint, matching `IGovernor.ProposalState` and GovernorCountingSimple's `VoteType`. */

export const ProposalState = {
  Pending: 0n,
  Active: 1n,
  Canceled: 2n,
  Defeated: 3n,
  Succeeded: 4n,
  Queued: 5n,
  Expired: 6n,
  Executed: 7n,
} as const;
export type ProposalStateName = keyof typeof ProposalState;

export const VoteType = { Against: 0n, For: 1n, Abstain: 2n } as const;
export type VoteTypeName = keyof typeof VoteType;

const STATE_NAMES = Object.keys(ProposalState) as ProposalStateName[];

/** "Active" for 1n; throws on a value outside the enum. */
export function proposalStateName(state: bigint): ProposalStateName {
  const name = STATE_NAMES[Number(state)];
  if (name === undefined || BigInt(STATE_NAMES.indexOf(name)) !== state) {
    throw new RangeError(`not a ProposalState: ${state}`);
  }
  return name;
}

/**
 * The `expectedStates` bitmap of `GovernorUnexpectedProposalState(proposalId, current, expectedStates)`:
 * bit i is set for state i, returned as a 0x-prefixed 32-byte hex string.
 */
export function proposalStatesBitmap(...states: bigint[]): string {
  const bits = states.reduce((acc, s) => acc | (1n << s), 0n);
  return "0x" + bits.toString(16).padStart(64, "0");
}
