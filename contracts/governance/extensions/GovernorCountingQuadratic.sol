// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor, Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {QuadraticWeight} from "../../libraries/QuadraticWeight.sol";
import {GovernorVotingUnit} from "./GovernorVotingUnit.sol";

/**
 * @title GovernorCountingQuadratic
 * @notice Counting slot: For / Against / Abstain where each voting unit counts ⌊√power⌋ (power in token wei at the
 * snapshot, so one whole token weighs 1e9). The outcome is decided on the quadratic tally (For > Against); the
 * quorum is a participation quorum on *raw* power (For + Abstain), so splitting a holding across addresses never
 * changes whether quorum is reached.
 * @dev Why not a quorum of √totalSupply (THREATS I5): the quadratic tally of n equal voters holding S in total is
 * √(n·S), so a fixed fraction of √S is reached by a single holder of that fraction squared (4 % of √S needs only
 * 0.16 % of the supply), and splitting raises the tally further. Raw participation is what a quorum is meant to
 * measure and cannot be inflated by splitting.
 *
 * Storage: per proposal and support, one slot packs the raw tally and the quadratic tally (uint128 each), so a
 * vote writes the same number of slots as OpenZeppelin's GovernorCountingSimple. Raw tallies above 2^128 - 1 wei
 * (3.4e20 whole tokens) revert with SafeCast's error; no realistic supply reaches it.
 *
 * The `weight` in `VoteCast` is the quadratic weight, so summing events reproduces {proposalVotes}.
 */
abstract contract GovernorCountingQuadratic is GovernorVotingUnit {
    enum VoteType {
        Against,
        For,
        Abstain
    }

    struct Tally {
        uint128 raw;
        uint128 weight;
    }

    struct ProposalVote {
        Tally againstVotes;
        Tally forVotes;
        Tally abstainVotes;
        mapping(uint256 unit => bool) hasVoted;
    }

    mapping(uint256 proposalId => ProposalVote) private _proposalVotes;

    /// @inheritdoc IGovernor
    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=bravo&quorum=for,abstain&tally=sqrt&quorum-domain=raw";
    }

    /// @inheritdoc IGovernor
    /// @dev True when `account`'s voting unit at the proposal's snapshot has voted (e.g. another address of the
    /// same identity).
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        (uint256 unit, ) = _votingUnit(account, proposalSnapshot(proposalId));
        return _proposalVotes[proposalId].hasVoted[unit];
    }

    /// @notice Quadratic tallies (Σ ⌊√power⌋ per side): what decides the outcome.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return (v.againstVotes.weight, v.forVotes.weight, v.abstainVotes.weight);
    }

    /// @notice Raw (linear) tallies in token wei: what the quorum is measured on.
    function proposalRawVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return (v.againstVotes.raw, v.forVotes.raw, v.abstainVotes.raw);
    }

    /// @inheritdoc Governor
    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return quorum(proposalSnapshot(proposalId)) <= uint256(v.forVotes.raw) + v.abstainVotes.raw;
    }

    /// @inheritdoc Governor
    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return v.forVotes.weight > v.againstVotes.weight;
    }

    /// @inheritdoc Governor
    /// @dev Returns the quadratic weight counted.
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    ) internal virtual override returns (uint256) {
        ProposalVote storage v = _proposalVotes[proposalId];
        (uint256 unit, bool eligible) = _votingUnit(account, proposalSnapshot(proposalId));
        if (!eligible) revert GovernorVoterNotEligible(account, proposalId);
        if (v.hasVoted[unit]) _revertUnitAlreadyVoted(proposalId, account, unit);
        v.hasVoted[unit] = true;

        if (support > uint8(VoteType.Abstain)) revert GovernorInvalidVoteType();
        uint256 weight = QuadraticWeight.weightOf(totalWeight);
        Tally storage tally = support == uint8(VoteType.Against)
            ? v.againstVotes
            : (support == uint8(VoteType.For) ? v.forVotes : v.abstainVotes);
        // Both halves of the packed slot are computed first and written with one SSTORE (`raw` is the low half).
        uint256 raw = SafeCast.toUint128(uint256(tally.raw) + totalWeight);
        uint256 quadratic = SafeCast.toUint128(uint256(tally.weight) + weight);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(tally.slot, or(raw, shl(128, quadratic)))
        }
        return weight;
    }
}
