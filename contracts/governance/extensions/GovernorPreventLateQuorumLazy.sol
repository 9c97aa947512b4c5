// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title GovernorPreventLateQuorumLazy
 * @notice OpenZeppelin's {GovernorPreventLateQuorum} (same ABI, events, errors and outcomes) without its cost on
 * early votes: if a vote makes quorum reached at time t, the deadline becomes at least t + `lateQuorumVoteExtension`
 * (THREATS I14), so nobody can tip a proposal over quorum at the last moment unanswered.
 * @dev OpenZeppelin checks quorum after every vote until it is reached: about 12k gas of cold reads (quorum
 * numerator history, past total supply, tallies) per vote, plus 22k to record an extension that, for a quorum
 * reached early, never moves the deadline. This module checks only inside the *late window*, the votes at t with
 * t + extension > deadline, the only ones whose extension can matter:
 *
 * - outside the window a vote reads one slot (the extension) and does nothing else;
 * - the first vote in the window that finds no decision yet checks quorum *before* it is counted: if quorum was
 *   already reached, it was reached before the window, where OpenZeppelin would have recorded an extended deadline
 *   ≤ the deadline, a no-op; we record the same fact as the sentinel `_NO_EXTENSION`;
 * - otherwise, after counting, a vote that makes quorum reached sets the deadline to `clock() + extension` and
 *   emits {ProposalExtended}, exactly as OpenZeppelin does.
 *
 * The final deadline and the events are therefore identical to OpenZeppelin's for every vote sequence and every
 * extension change; test/governance/extensions/GovernorPreventLateQuorumLazy.test.ts checks this differentially
 * against the stock module over random sequences. A vote path that changes tallies outside {_castVote} must wrap
 * the change in {_lateQuorumBefore} / {_lateQuorumAfter}.
 */
abstract contract GovernorPreventLateQuorumLazy is Governor {
    /// @dev Stored for a proposal whose quorum was reached before its late window: it will never be extended.
    uint48 private constant _NO_EXTENSION = 1;

    uint48 private _voteExtension;
    /// @dev 0: undecided; _NO_EXTENSION; otherwise the extended deadline.
    mapping(uint256 proposalId => uint48) private _extendedDeadlines;

    /// @dev Emitted when a proposal deadline is pushed back due to reaching quorum late in its voting period.
    event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline);

    /// @dev Emitted when the {lateQuorumVoteExtension} parameter is changed.
    event LateQuorumVoteExtensionSet(uint64 oldVoteExtension, uint64 newVoteExtension);

    /// @dev Thrown when the {lateQuorumVoteExtension} parameter is set above {_maxLateQuorumVoteExtension}.
    error GovernorPreventLateQuorumVoteExtensionTooLarge(uint256 newVoteExtension, uint256 maxVoteExtension);

    constructor(uint48 initialVoteExtension) {
        _setLateQuorumVoteExtension(initialVoteExtension);
    }

    /// @dev The original deadline, or the extended one if quorum was reached late.
    function proposalDeadline(uint256 proposalId) public view virtual override returns (uint256) {
        return Math.max(super.proposalDeadline(proposalId), _extendedDeadlines[proposalId]);
    }

    /// @dev Minimum time, in clock units, that must pass between the vote that reaches quorum and the deadline.
    function lateQuorumVoteExtension() public view virtual returns (uint48) {
        return _voteExtension;
    }

    /// @dev Changes {lateQuorumVoteExtension}. Governance only; emits {LateQuorumVoteExtensionSet}.
    function setLateQuorumVoteExtension(uint48 newVoteExtension) public virtual onlyGovernance {
        _setLateQuorumVoteExtension(newVoteExtension);
    }

    /// @dev Upper bound of the extension: the voting period (as in OpenZeppelin 5.7), which bounds liveness (I13).
    function _maxLateQuorumVoteExtension() internal view virtual returns (uint256) {
        return votingPeriod();
    }

    function _setLateQuorumVoteExtension(uint48 newVoteExtension) internal virtual {
        uint256 maxVoteExtension = _maxLateQuorumVoteExtension();
        if (newVoteExtension > maxVoteExtension) {
            revert GovernorPreventLateQuorumVoteExtensionTooLarge(newVoteExtension, maxVoteExtension);
        }
        emit LateQuorumVoteExtensionSet(_voteExtension, newVoteExtension);
        _voteExtension = newVoteExtension;
    }

    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal virtual override returns (uint256) {
        bool watch = _lateQuorumBefore(proposalId);
        uint256 weight = super._castVote(proposalId, account, support, reason, params);
        _lateQuorumAfter(proposalId, watch);
        return weight;
    }

    /**
     * @dev Call before a tally change. Returns true when the change must be watched: it happens in the late window,
     * no decision is recorded yet and quorum was not reached before it.
     */
    function _lateQuorumBefore(uint256 proposalId) internal virtual returns (bool watch) {
        uint48 extendedDeadline = clock() + lateQuorumVoteExtension();
        if (extendedDeadline <= super.proposalDeadline(proposalId)) return false; // early: cannot matter
        if (_extendedDeadlines[proposalId] != 0) return false; // decided
        if (_quorumReached(proposalId)) {
            _extendedDeadlines[proposalId] = _NO_EXTENSION; // reached before the window
            return false;
        }
        return true;
    }

    /// @dev Call after a tally change, with what {_lateQuorumBefore} returned.
    function _lateQuorumAfter(uint256 proposalId, bool watch) internal virtual {
        if (!watch || !_quorumReached(proposalId)) return;
        uint48 extendedDeadline = clock() + lateQuorumVoteExtension();
        _extendedDeadlines[proposalId] = extendedDeadline;
        emit ProposalExtended(proposalId, extendedDeadline);
    }
}
