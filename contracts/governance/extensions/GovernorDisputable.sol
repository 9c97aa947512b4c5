// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";

import {IDisputeEscalation} from "../../interfaces/IDisputeEscalation.sol";

/**
 * @title GovernorDisputable
 * @notice Dispute slot: a proposal that succeeded can only be queued once its {IDisputeEscalation} challenge window
 * passed unchallenged or its dispute ended Upheld; the dispute contract may cancel proposals (its sunset guardian,
 * and proposals whose dispute ended Rejected); every new proposal's targets are reported so that meta-governance
 * proposals get the longer escalated window automatically.
 * @dev Deliberately thin (the governor is close to the contract size limit): windows, bonds, tiers and the
 * referendum live in the dispute contract. `state()` is untouched, so indexers keep seeing Bravo states (a
 * challenged proposal stays `Succeeded` until it can be queued; a rejected one is `Canceled` once anyone calls
 * {IDisputeEscalation-cancelRejected}). Queueing is the gate because execution through the timelock needs a queued
 * proposal. Voting is untouched (castVote costs the same with or without disputes).
 *
 * Wiring: the dispute contract is deployed first; this constructor binds the governor to it, once. If someone else
 * bound it first (front-running the deployment), this constructor reverts with `DisputeGovernorAlreadyBound`: the
 * deployment fails loudly and nothing is at stake yet (redeploy the dispute contract). A zero address disables the
 * module (no window, no dispute cancels, no propose hook).
 */
abstract contract GovernorDisputable is Governor {
    IDisputeEscalation private immutable _disputes;

    constructor(IDisputeEscalation disputes_) {
        _disputes = disputes_;
        if (address(disputes_) != address(0)) disputes_.bindGovernor();
    }

    /// @dev Reports the targets so that meta-governance proposals are marked for escalation at creation. Hooked on
    /// the public `propose` rather than `_propose`: the same effect, and the voting code stays byte-for-byte as
    /// without the module (castVote gas unchanged).
    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public virtual override returns (uint256 proposalId) {
        proposalId = super.propose(targets, values, calldatas, description);
        if (address(_disputes) != address(0)) _disputes.proposalCreated(proposalId, targets);
    }

    /// @dev Reverts with `DisputeQueueBlocked` while the window runs, a dispute is open, or it was lost.
    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override returns (uint48) {
        if (address(_disputes) != address(0)) _disputes.checkQueueable(proposalId);
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev The dispute contract may cancel (it checks the guardian's sunset and scope, or a Rejected ruling).
    function _validateCancel(uint256 proposalId, address caller) internal view virtual override returns (bool) {
        return caller == address(_disputes) || super._validateCancel(proposalId, caller);
    }
}
