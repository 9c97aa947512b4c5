import { AbiCoder, getAddress, id, keccak256, ZeroHash } from "ethers";

/** What a governor proposal is made of; the same four fields identify it (`hashProposal`). */
export interface Proposal {
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
}

/** One action of a proposal, for building proposals from a list. */
export interface ProposalAction {
  target: string;
  value?: bigint;
  data?: string;
}

export function buildProposal(actions: readonly ProposalAction[], description: string): Proposal {
  if (actions.length === 0) throw new RangeError("a proposal needs at least one action");
  return {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value ?? 0n),
    calldatas: actions.map((a) => a.data ?? "0x"),
    description,
  };
}

export function descriptionHash(description: string): string {
  return id(description);
}

/** `(targets, values, calldatas, descriptionHash)`: the arguments of `hashProposal`, `queue`, `execute` and `cancel`. */
export function proposalArgs(p: Proposal) {
  return [p.targets, p.values, p.calldatas, descriptionHash(p.description)] as const;
}

/** Off-chain `Governor.hashProposal`: keccak256(abi.encode(targets, values, calldatas, descriptionHash)). */
export function proposalId(p: Proposal): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]", "bytes[]", "bytes32"], proposalArgs(p));
  return BigInt(keccak256(encoded));
}

/**
 * The TimelockController salt OpenZeppelin's `GovernorTimelockControl` uses for a proposal's batch:
 * `bytes20(governor) ^ descriptionHash` (`_timelockSalt`), so two governors sharing a timelock never collide.
 */
export function timelockSalt(governor: string, description: string): string {
  const salt = (BigInt(getAddress(governor)) << 96n) ^ BigInt(descriptionHash(description));
  return "0x" + salt.toString(16).padStart(64, "0");
}

/**
 * Off-chain `TimelockController.hashOperationBatch` of the batch a governor queues for `p` (predecessor 0, salt
 * {@link timelockSalt}): the operation id that `TimelockUnexpectedOperationState` and `isOperation*` take.
 */
export function timelockOperationId(p: Proposal, governor: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address[]", "uint256[]", "bytes[]", "bytes32", "bytes32"],
      [p.targets, p.values, p.calldatas, ZeroHash, timelockSalt(governor, p.description)],
    ),
  );
}
