// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ITokenholderReferendum} from "../interfaces/ITokenholderReferendum.sol";

/// @dev What the referendum asks a Polycentric governor about its voting units (absent on the linear governor).
interface IGovernorIdentityView {
    function identityRegistry() external view returns (IIdentityRegistry);
    function identityStrict() external view returns (bool);
}

/**
 * @title TokenholderReferendum
 * @notice Tier 2 of a Polycentric dispute: a fresh tokenholder vote with the governor's weights and counting rule.
 * @dev Created by {DisputeEscalation}'s constructor (the court), which says when a referendum is open and at which
 * snapshot ({IDisputeEscalation-referendumOpen}) and reads {outcome} once it closed. Kept apart from the court to
 * keep both under the contract size limit; it holds no tokens.
 *
 * The governor's counting rule is read once, at the first vote: quadratic when its `COUNTING_MODE()` says
 * `tally=sqrt`, identity units when it exposes an identity registry (the Polycentric governor's modules are
 * immutable, so the cache cannot go stale).
 */
contract TokenholderReferendum is ITokenholderReferendum {
    uint256 private constant _BPS = 10_000;
    uint256 private constant _IDENTITY_UNIT = 1 << 255;

    IDisputeEscalation private immutable _court;
    IVotes private immutable _token;

    struct _Tally {
        uint128 rawReject;
        uint128 rawUphold;
        uint128 rawAbstain;
        uint128 weightReject;
        uint128 weightUphold;
    }

    struct _VotingRules {
        address registry;
        bool strict;
        bool quadratic;
        bool known;
    }

    mapping(uint256 proposalId => _Tally) private _tallies;
    mapping(uint256 proposalId => mapping(uint256 unit => bool)) private _voted;
    _VotingRules private _rules;

    constructor(IDisputeEscalation court_, IVotes token_) {
        if (address(court_) == address(0) || address(token_) == address(0)) revert ReferendumZeroAddress();
        _court = court_;
        _token = token_;
    }

    /// @inheritdoc ITokenholderReferendum
    function court() external view returns (IDisputeEscalation) {
        return _court;
    }

    /// @inheritdoc ITokenholderReferendum
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight) {
        (bool open, uint256 snapshot) = _court.referendumOpen(proposalId);
        if (!open) revert ReferendumNotOpen(proposalId);
        if (support > 2) revert ReferendumInvalidSupport(support);
        _VotingRules memory rules = _votingRules();
        (uint256 unit, bool eligible) = _unitOf(rules, msg.sender, snapshot);
        uint256 power = eligible ? IGovernor(_court.governor()).getVotes(msg.sender, snapshot) : 0;
        if (power == 0) revert ReferendumNoVotingPower(proposalId, msg.sender, snapshot);
        if (_voted[proposalId][unit]) revert ReferendumAlreadyVoted(proposalId, msg.sender, unit);
        _voted[proposalId][unit] = true;

        weight = rules.quadratic ? Math.sqrt(power) : power;
        _Tally storage t = _tallies[proposalId];
        if (support == 0) {
            t.rawReject += SafeCast.toUint128(power);
            t.weightReject += SafeCast.toUint128(weight);
        } else if (support == 1) {
            t.rawUphold += SafeCast.toUint128(power);
            t.weightUphold += SafeCast.toUint128(weight);
        } else {
            t.rawAbstain += SafeCast.toUint128(power);
        }
        emit ReferendumVoteCast(proposalId, msg.sender, support, power, weight);
    }

    /// @inheritdoc ITokenholderReferendum
    function tally(
        uint256 proposalId
    )
        external
        view
        returns (uint256 rawReject, uint256 rawUphold, uint256 rawAbstain, uint256 weightReject, uint256 weightUphold)
    {
        _Tally memory t = _tallies[proposalId];
        return (t.rawReject, t.rawUphold, t.rawAbstain, t.weightReject, t.weightUphold);
    }

    /// @inheritdoc ITokenholderReferendum
    function superQuorum(uint256 snapshot, uint16 superQuorumBps) public view returns (uint256) {
        return (_token.getPastTotalSupply(snapshot) * superQuorumBps) / _BPS;
    }

    /// @inheritdoc ITokenholderReferendum
    function outcome(
        uint256 proposalId,
        uint256 snapshot,
        uint16 superQuorumBps
    ) external view returns (IDisputeEscalation.Ruling) {
        _Tally memory t = _tallies[proposalId];
        if (t.weightReject <= t.weightUphold) return IDisputeEscalation.Ruling.Uphold;
        uint256 participation = uint256(t.rawReject) + t.rawAbstain;
        return
            participation >= superQuorum(snapshot, superQuorumBps)
                ? IDisputeEscalation.Ruling.Reject
                : IDisputeEscalation.Ruling.Uphold;
    }

    /// @inheritdoc ITokenholderReferendum
    function hasVoted(uint256 proposalId, address voter) external view returns (bool) {
        (, uint256 snapshot) = _court.referendumOpen(proposalId);
        if (snapshot == 0) return false;
        _VotingRules memory rules = _rules;
        (uint256 unit, ) = _unitOf(rules, voter, snapshot);
        return _voted[proposalId][unit];
    }

    /// @dev `voter`'s voting unit at `snapshot` (its identity, or itself) and whether it may vote at all.
    function _unitOf(
        _VotingRules memory rules,
        address voter,
        uint256 snapshot
    ) private view returns (uint256 unit, bool eligible) {
        if (rules.registry == address(0)) return (uint160(voter), true);
        uint256 identity = IIdentityRegistry(rules.registry).identityAt(voter, snapshot);
        if (identity != 0) return (_IDENTITY_UNIT | identity, true);
        return (uint160(voter), !rules.strict);
    }

    /// @dev The governor's counting rule, read once.
    function _votingRules() private returns (_VotingRules memory r) {
        r = _rules;
        if (r.known) return r;
        address g = _court.governor();
        r.known = true;
        r.quadratic = _contains(bytes(IGovernor(g).COUNTING_MODE()), "tally=sqrt");
        try IGovernorIdentityView(g).identityRegistry() returns (IIdentityRegistry registry) {
            r.registry = address(registry);
            if (r.registry != address(0)) r.strict = IGovernorIdentityView(g).identityStrict();
        } catch {}
        _rules = r;
    }

    function _contains(bytes memory haystack, bytes memory needle) private pure returns (bool) {
        if (needle.length > haystack.length) return false;
        for (uint256 i = 0; i <= haystack.length - needle.length; ++i) {
            uint256 j = 0;
            while (j < needle.length && haystack[i + j] == needle[j]) ++j;
            if (j == needle.length) return true;
        }
        return false;
    }
}
