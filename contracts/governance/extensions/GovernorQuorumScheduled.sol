// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title GovernorQuorumScheduled
 * @notice Quorum slot of {PolycentricGovernorLinear}: {GovernorVotesQuorumFraction}'s interface (a fraction of the
 * supply at the snapshot, in hundredths) on the schedule of {GovernorVotesCapped}: a change takes effect for snapshots
 * from `clock() + votingDelay() + 1`, after the snapshot of any proposal created until then, so it never reaches a
 * proposal created before it (THREATS I11). OpenZeppelin's module checkpoints a change at `clock()`, which applies it
 * to proposals still in their voting delay.
 * @dev The governor calls {_holdQuorumSchedule} before changing the voting delay, so a shorter delay cannot bring a
 * later change forward onto proposals created under the longer one. Checkpoint keys may be in the future; a change
 * made before the previous one took effect replaces it at the same key (keys never go back).
 */
abstract contract GovernorQuorumScheduled is GovernorVotes {
    using Checkpoints for Checkpoints.Trace208;

    uint256 private constant _QUORUM_DENOMINATOR = 100;

    /// @dev Quorum numerators keyed by the first snapshot they apply to.
    Checkpoints.Trace208 private _numerators;

    /// @notice The quorum numerator changed from `oldQuorumNumerator` to `newQuorumNumerator` for snapshots from
    /// `clock() + votingDelay() + 1` or later ({quorumNumerator} at a timepoint tells which). OpenZeppelin's event.
    event QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator);

    /// @notice The quorum numerator `quorumNumerator` is above the denominator `quorumDenominator`.
    error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator);

    constructor(uint256 initialQuorumNumerator) {
        _checkQuorumNumerator(initialQuorumNumerator);
        _numerators.push(0, uint208(initialQuorumNumerator));
        emit QuorumNumeratorUpdated(0, initialQuorumNumerator);
    }

    /// @notice The latest quorum numerator set (it may take effect in the future).
    function quorumNumerator() public view virtual returns (uint256) {
        return _numerators.latest();
    }

    /// @notice The quorum numerator that applies to a proposal whose snapshot is `timepoint`.
    function quorumNumerator(uint256 timepoint) public view virtual returns (uint256) {
        (, uint48 key, uint208 value) = _numerators.latestCheckpoint();
        return key <= timepoint ? value : _numerators.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @notice The quorum is {quorumNumerator} / 100 of the supply at the snapshot.
    function quorumDenominator() public view virtual returns (uint256) {
        return _QUORUM_DENOMINATOR;
    }

    /// @inheritdoc Governor
    function quorum(uint256 timepoint) public view virtual override returns (uint256) {
        return (token().getPastTotalSupply(timepoint) * quorumNumerator(timepoint)) / _QUORUM_DENOMINATOR;
    }

    /**
     * @notice Sets the quorum numerator (hundredths of the supply at the snapshot) for proposals created from now on.
     * Governance only; at most {quorumDenominator}. Emits {QuorumNumeratorUpdated}.
     */
    function updateQuorumNumerator(uint256 newQuorumNumerator) public virtual onlyGovernance {
        _checkQuorumNumerator(newQuorumNumerator);
        uint256 old = quorumNumerator();
        _schedule(uint208(newQuorumNumerator));
        emit QuorumNumeratorUpdated(old, newQuorumNumerator);
    }

    /// @dev Re-records the latest numerator from the point a change made now would take effect (see the contract
    /// notes); the governor calls it before changing the voting delay.
    function _holdQuorumSchedule() internal virtual {
        _schedule(_numerators.latest());
    }

    function _schedule(uint208 numerator) private {
        (, uint48 latestKey, ) = _numerators.latestCheckpoint();
        _numerators.push(SafeCast.toUint48(Math.max(clock() + votingDelay() + 1, latestKey)), numerator);
    }

    function _checkQuorumNumerator(uint256 value) private pure {
        if (value > _QUORUM_DENOMINATOR) revert GovernorInvalidQuorumFraction(value, _QUORUM_DENOMINATOR);
    }
}
