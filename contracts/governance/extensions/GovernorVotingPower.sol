// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";

/**
 * @title GovernorVotingPower
 * @notice Declares how much power a vote carries before counting: the voting unit's raw snapshot power, its *aged*
 * power (what the same unit had a holding period earlier) and the cap, and what a delegator may take back from its
 * delegate by an override vote. A counting module combines them; votes modules define them.
 * @dev Hooks shared by the counting slot (which counts `min(raw, aged, cap)` after overrides, once per voting unit)
 * and the votes slot (which reads the token and the identity registry), so each keeps to its own slot, like
 * {GovernorVotingUnit}. The defaults are OpenZeppelin's behaviour: every address is its own unit, no holding period,
 * no cap, nothing to override.
 */
abstract contract GovernorVotingPower is GovernorVotes {
    /// @notice `voter`'s counted power on `proposalId` was reduced from `rawPower` (its unit's snapshot power after
    /// overrides) to `countedPower` by the delegation cap or the holding period.
    event VoteCapped(address indexed voter, uint256 indexed proposalId, uint256 rawPower, uint256 countedPower);

    /**
     * @dev The votes of `account`'s voting unit, the unit taken as it is at `timepoint`, at `timepoint` and at
     * `agedTimepoint` (≤ `timepoint`; equal when there is no holding period). Default: the address's own votes.
     */
    function _unitVotes(
        address account,
        uint256 timepoint,
        uint256 agedTimepoint
    ) internal view virtual returns (uint256 votes, uint256 agedVotes) {
        votes = token().getPastVotes(account, timepoint);
        agedVotes = agedTimepoint == timepoint ? votes : token().getPastVotes(account, agedTimepoint);
    }

    /**
     * @dev The power of `account`'s voting unit for a proposal whose snapshot is `timepoint`: `raw` at the snapshot,
     * `aged` (the same unit's votes one holding period earlier; `raw` when there is no holding period) and `cap`
     * (the most one unit may count). The counted power is `min(raw, aged, cap)`.
     */
    function _votePower(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view virtual returns (uint256 raw, uint256 aged, uint256 cap) {
        raw = _getVotes(account, timepoint, params);
        return (raw, raw, type(uint256).max);
    }

    /**
     * @dev What `account` delegated to a third party: its delegate and balance at the snapshot `timepoint`, and its
     * delegate and balance one holding period earlier (the same values when there is no holding period). Zero
     * addresses and balances where it was self-delegated or undelegated. Default: nothing (no override votes).
     */
    function _delegationAt(
        address account,
        uint256 timepoint
    ) internal view virtual returns (address delegate, uint256 balance, address agedDelegate, uint256 agedBalance) {}
}
