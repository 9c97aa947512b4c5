// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @title IEscalationHook
 * @notice A module that marks proposals for escalation on an {IDisputeEscalation} and is allowed to do so from that
 * contract's deployment (its `initialHooks` list). Such a hook is deployed before the dispute contract, which binds
 * it from its constructor; a hook allowed later by governance (`setHook`) need not implement this interface.
 */
interface IEscalationHook {
    /**
     * @notice Binds the calling dispute contract, once. Called by {DisputeEscalation}'s constructor for each of its
     * initial hooks, so a deployment whose hook was bound by someone else first reverts loudly (as a governor bound
     * by a front-runner does).
     */
    function bindDisputes() external;

    /** @notice The bound dispute contract (zero before binding). */
    function disputes() external view returns (address);
}
