// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @title IVotesDelegatedBalance
 * @notice What a governor needs to let a delegator override its delegate: the third party an account delegated its
 * votes to at a past timepoint, and the balance it had then (THREATS I6, issue "delegation caps": excess power is
 * returned to delegators as direct votes).
 */
interface IVotesDelegatedBalance {
    /**
     * @notice The delegate `account` had at the end of `timepoint` and its balance then, if that delegate was a third
     * party; `(address(0), 0)` if `account` was undelegated or delegated to itself (its balance is then counted in
     * its own votes, or nowhere, and there is nothing to override). `timepoint` must be in the past (ERC-5805).
     */
    function getPastDelegation(
        address account,
        uint256 timepoint
    ) external view returns (address delegatee, uint256 balance);
}
