// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IDisputeEscalation} from "./IDisputeEscalation.sol";

/**
 * @title IProposalGuardian
 * @notice A proposal guardian with a sunset (THREATS I17, A15), in the spirit of OpenZeppelin's
 * GovernorProposalGuardian but bounded: its only power is to cancel proposals (at any stage), that power ends at a
 * set time (governance may renew it, for at most the maximum term at a time, itself at most {MAX_GUARDIAN_TERM}),
 * and it cannot cancel a proposal that only removes, replaces or renews it: such a proposal is marked as requiring
 * escalation instead, so its fate goes through the dispute tiers and, at the end, the tokenholders. A proposal that
 * does anything besides calling {setGuardian} can be cancelled like any other.
 * @dev Expiries are unix timestamps in both clock modes. Cancelling goes through the dispute contract, which voids
 * any open dispute on the proposal (every stake refunded) before the governor cancels it.
 */
interface IProposalGuardian {
    /** @notice The guardian changed (zero: none). */
    event GuardianSet(address oldGuardian, uint48 oldExpiry, address newGuardian, uint48 newExpiry);
    /** @notice The guardian cancelled `proposalId`. */
    event GuardianCancelled(uint256 indexed proposalId, address indexed guardian);
    /** @notice The guardian tried to cancel a proposal that removes or replaces it: the proposal escalates instead. */
    event GuardianCancelEscalated(uint256 indexed proposalId, address indexed guardian, bool marked);

    /** @notice Only the governance executor (the timelock) may set the guardian. */
    error GuardianOnlyGovernance(address caller, address governance);
    /** @notice `caller` is not the guardian (`guardian`). */
    error GuardianUnauthorized(address caller, address guardian);
    /** @notice The guardian's power ended at `expiry` (unix time). */
    error GuardianExpired(address guardian, uint48 expiry);
    /** @notice A guardian's term must end in the future and at most `maxExpiry` (now + the maximum term). */
    error GuardianInvalidExpiry(uint48 expiry, uint48 maxExpiry);
    /** @notice The zero address was given for the court or the governance. */
    error GuardianZeroAddress();
    /** @notice A maximum term `maxTerm` (seconds) above the hard ceiling `ceiling` ({MAX_GUARDIAN_TERM}). */
    error GuardianInvalidMaxTerm(uint48 maxTerm, uint48 ceiling);

    /** @notice The ceiling of `maxTerm`, in seconds (730 days, as IdentityRegistry's attester terms). */
    function MAX_GUARDIAN_TERM() external view returns (uint48);

    /** @notice The dispute contract the guardian cancels through. */
    function court() external view returns (IDisputeEscalation);

    /** @notice The only address that may set the guardian: the DAO's timelock. */
    function governance() external view returns (address);

    /** @notice The longest term the guardian may be given at once, in seconds. */
    function maxTerm() external view returns (uint48);

    /** @notice The guardian and the unix time its power ends (zero address: none). */
    function guardian() external view returns (address guardian_, uint48 expiry);

    /** @notice True while a guardian is set and its term runs. */
    function isActive() external view returns (bool);

    /**
     * @notice Sets the guardian until `expiry` (at most `maxTerm` from now), renews it, or removes it (zero
     * address). Governance only; a proposal whose every action calls this cannot be cancelled by the guardian.
     */
    function setGuardian(address newGuardian, uint48 expiry) external;

    /**
     * @notice The guardian cancels a proposal, at any stage, before its term ends. A proposal whose every action
     * calls {setGuardian} on this contract is not cancelled: it is marked as requiring escalation (while its
     * challenge window has not closed) and `false` is returned. A proposal mixing {setGuardian} with any other
     * action is cancelled like any other.
     */
    function cancel(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        bytes32 descriptionHash
    ) external returns (bool cancelled);
}
