// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor, Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {QuadraticWeight} from "../../libraries/QuadraticWeight.sol";
import {GovernorVotingPower} from "./GovernorVotingPower.sol";
import {GovernorVotingUnit} from "./GovernorVotingUnit.sol";

/**
 * @title GovernorCountingQuadratic
 * @notice Counting slot: For / Against / Abstain where each voting unit counts ⌊√power⌋ of its *counted* power (in
 * token wei at the snapshot, so one whole token weighs 1e9). The outcome is decided on the quadratic tally
 * (For > Against); the quorum is a participation quorum on *raw* counted power (For + Abstain), so splitting a holding
 * across addresses never changes whether quorum is reached.
 *
 * Counted power is `min(raw, aged, cap)` of the unit ({GovernorVotingPower}): the cap comes first, then the square
 * root. A delegator whose delegate is a third party may instead cast an *override vote* (`params` = 0x01, or
 * {castOverrideVote}; any other non-empty `params` revert with `GovernorInvalidVoteParams`): its balance at the
 * snapshot leaves its delegate's raw power and counts as part of its own unit's vote, so the delegators of a capped
 * delegate recover their voice (THREATS I6):
 *
 * - the delegate's unit then counts `min(raw − taken, aged − takenAged, cap)`, where `taken` sums the balances its
 *   delegators took back and `takenAged` the balances that overriders had delegated to this unit one holding period
 *   earlier (whoever their delegate is at the snapshot);
 * - the overrider's unit counts `min(raw + balance, aged + agedBalance, cap)` (its own direct power included), once,
 *   where `agedBalance` is what it had delegated to another unit one holding period earlier, counted only if that
 *   unit had not voted yet (it is then taken from that unit's aged power): an aged balance backs one vote, never two,
 *   whatever the delegation path (THREATS I1, I6);
 *   an override vote *is* the unit's one vote, so an identity is capped and square-rooted once however many of its
 *   addresses delegated elsewhere, and an override cannot be split from the unit's vote;
 * - an override must come before the delegate's unit votes: afterwards it reverts with
 *   {GovernorDelegateAlreadyVoted}, so tallies only ever grow (which the late-quorum module relies on) and a cast
 *   vote's √ never needs recomputing.
 *
 * @dev Why not a quorum of √totalSupply (THREATS I5): the quadratic tally of n equal voters holding S in total is
 * √(n·S), so a fixed fraction of √S is reached by a single holder of that fraction squared (4 % of √S needs only
 * 0.16 % of the supply), and splitting raises the tally further. Raw participation is what a quorum is meant to
 * measure and cannot be inflated by splitting.
 *
 * Storage: per proposal and support, one slot packs the raw tally and the quadratic tally (uint128 each), and per
 * voting unit one slot packs its vote status with what its delegators took back (uint120 each), so a vote writes the
 * same number of slots as OpenZeppelin's GovernorCountingSimple. Raw tallies above 2^128 - 1 wei (3.4e20 whole
 * tokens) revert with SafeCast's error; no realistic supply reaches it.
 *
 * {_castVote} computes the unit's power once and counts it (it replaces {Governor-_castVote}, with the same checks,
 * events and hooks), because the counted power depends on this proposal's overrides. The `weight` in `VoteCast` is
 * the quadratic weight, so summing events reproduces {proposalVotes}.
 */
abstract contract GovernorCountingQuadratic is GovernorVotingUnit, GovernorVotingPower {
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
        /// @dev status (low 8 bits: 0, _VOTED or _OVERRODE) | taken raw << 8 | taken aged << 128.
        mapping(uint256 unit => uint256) receipts;
    }

    /// @notice The `params` that make a vote an override vote.
    bytes public constant OVERRIDE_PARAMS = hex"01";

    uint256 private constant _STATUS = 0xff;
    uint256 private constant _VOTED = 1;
    uint256 private constant _OVERRODE = 2;

    mapping(uint256 proposalId => ProposalVote) private _proposalVotes;

    /// @notice `delegator` took its snapshot `balance` back from `delegate` to vote with it on `proposalId`.
    event DelegateOverridden(
        address indexed delegator,
        address indexed delegate,
        uint256 indexed proposalId,
        uint256 balance
    );

    /// @notice `account` had no balance delegated to a third party at `proposalId`'s snapshot: nothing to override.
    error GovernorNoDelegatedBalance(address account, uint256 proposalId);
    /// @notice `account`'s delegate `delegate` belongs to `account`'s own voting unit, which votes with it already.
    error GovernorOverrideOwnUnit(address account, address delegate);
    /// @notice `account`'s delegate `delegate` (its unit) already voted on `proposalId`, counting `account`'s balance.
    error GovernorDelegateAlreadyVoted(address account, address delegate, uint256 proposalId);
    /// @notice `account`'s voting unit already cast an override vote on this proposal.
    error GovernorAlreadyOverriddenVote(address account);

    /// @inheritdoc IGovernor
    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=bravo&quorum=for,abstain&tally=sqrt&quorum-domain=raw&overridable=true&params=override";
    }

    /// @inheritdoc IGovernor
    /// @dev True when `account`'s voting unit at the proposal's snapshot has voted, directly or by an override
    /// vote (e.g. another address of the same identity).
    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _receipt(proposalId, account) & _STATUS != 0;
    }

    /// @notice True when `account`'s voting unit voted on `proposalId` with an override vote.
    function hasVotedOverride(uint256 proposalId, address account) public view virtual returns (bool) {
        return _receipt(proposalId, account) & _STATUS == _OVERRODE;
    }

    /// @notice What the delegators of `account`'s voting unit took back from it on `proposalId` by override votes:
    /// their snapshot balances (`raw`) and the part of their balances one holding period earlier (`aged`).
    function overriddenVotes(
        uint256 proposalId,
        address account
    ) public view virtual returns (uint256 raw, uint256 aged) {
        uint256 receipt = _receipt(proposalId, account);
        return (uint120(receipt >> 8), receipt >> 128);
    }

    /// @notice Quadratic tallies (Σ ⌊√counted power⌋ per side): what decides the outcome.
    function proposalVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return (v.againstVotes.weight, v.forVotes.weight, v.abstainVotes.weight);
    }

    /// @notice Raw (linear) tallies of counted power in token wei: what the quorum is measured on.
    function proposalRawVotes(
        uint256 proposalId
    ) public view virtual returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        ProposalVote storage v = _proposalVotes[proposalId];
        return (v.againstVotes.raw, v.forVotes.raw, v.abstainVotes.raw);
    }

    /**
     * @notice Votes on `proposalId` with the caller's balance delegated to a third party at the snapshot, taken back
     * from that delegate, together with the caller's unit's own power. Same as {castVoteWithReasonAndParams} with
     * {OVERRIDE_PARAMS}. Returns the quadratic weight counted.
     */
    function castOverrideVote(
        uint256 proposalId,
        uint8 support,
        string calldata reason
    ) public virtual returns (uint256) {
        return _castVote(proposalId, _msgSender(), support, reason, OVERRIDE_PARAMS);
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

    /**
     * @dev {Governor-_castVote} for voting units with overrides: checks the proposal is Active, the voter's unit is
     * eligible and has not voted, the support and the params; takes the override's balance from the delegate's unit;
     * counts `min(raw, aged, cap)` of the unit after overrides; emits {VoteCast} (or {VoteCastWithParams}), and
     * {VoteCapped} when the cap or the holding period reduced the vote; calls {_tallyUpdated}.
     */
    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal virtual override returns (uint256 weight) {
        _validateStateBitmap(proposalId, _encodeStateBitmap(ProposalState.Active));
        uint256 snapshot = proposalSnapshot(proposalId);
        (uint256 unit, uint256 receipt) = _voterReceipt(proposalId, account, snapshot, support, params);
        bool isOverride = params.length != 0;
        uint256 counted = _countedPower(proposalId, account, unit, receipt, snapshot, isOverride);
        _proposalVotes[proposalId].receipts[unit] = receipt | (isOverride ? _OVERRODE : _VOTED);

        weight = _countVote(proposalId, account, support, counted, params);
        if (params.length == 0) emit VoteCast(account, proposalId, support, weight, reason);
        else emit VoteCastWithParams(account, proposalId, support, weight, reason, params);
        _tallyUpdated(proposalId);
    }

    /// @inheritdoc Governor
    /// @dev Adds one unit's counted power `totalWeight` to `support`: raw, and ⌊√⌋ to the quadratic tally. Returns
    /// the quadratic weight. The voter's eligibility and receipt are handled by {_castVote}.
    function _countVote(
        uint256 proposalId,
        address, // account
        uint8 support,
        uint256 totalWeight,
        bytes memory // params
    ) internal virtual override returns (uint256) {
        ProposalVote storage v = _proposalVotes[proposalId];
        uint256 weight = QuadraticWeight.weightOf(totalWeight);
        Tally storage tally =
            support == uint8(VoteType.Against)
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

    /// @dev `account`'s voting unit and its receipt, after checking it may vote with `support` and `params`.
    function _voterReceipt(
        uint256 proposalId,
        address account,
        uint256 snapshot,
        uint8 support,
        bytes memory params
    ) private view returns (uint256 unit, uint256 receipt) {
        bool eligible;
        (unit, eligible) = _votingUnit(account, snapshot);
        if (!eligible) revert GovernorVoterNotEligible(account, proposalId);
        receipt = _proposalVotes[proposalId].receipts[unit];
        if (receipt & _STATUS != 0) {
            if (params.length != 0 && receipt & _STATUS == _OVERRODE) revert GovernorAlreadyOverriddenVote(account);
            _revertUnitAlreadyVoted(proposalId, account, unit);
        }
        if (support > uint8(VoteType.Abstain)) revert GovernorInvalidVoteType();
        if (params.length != 0 && (params.length != 1 || params[0] != OVERRIDE_PARAMS[0])) {
            revert GovernorInvalidVoteParams();
        }
    }

    /**
     * @dev `min(raw, aged, cap)` of `unit` (voting through `account`) after what its delegators took back
     * (`receipt`) and, for an override vote, what `account` takes back from its delegate. Emits {VoteCapped} when
     * that is less than the raw power.
     */
    function _countedPower(
        uint256 proposalId,
        address account,
        uint256 unit,
        uint256 receipt,
        uint256 snapshot,
        bool isOverride
    ) private returns (uint256 counted) {
        (uint256 raw, uint256 aged, uint256 cap) = _votePower(account, snapshot, _defaultParams());
        raw = Math.saturatingSub(raw, uint120(receipt >> 8));
        aged = Math.saturatingSub(aged, receipt >> 128);
        if (isOverride) {
            (uint256 balance, uint256 agedBalance) = _takeBack(proposalId, account, unit, snapshot);
            raw += balance;
            aged += agedBalance;
        }
        counted = Math.min(raw, Math.min(aged, cap));
        if (counted < raw) emit VoteCapped(account, proposalId, raw, counted);
    }

    /**
     * @dev The override of `account` (voting for `unit`): records its snapshot balance as taken from its delegate's
     * unit, and its aged balance as taken from the unit it was delegated to one holding period earlier; returns what
     * `unit` gains: the balance, and the aged balance unless it was delegated inside `unit` then (already counted) or
     * that older unit has voted already (it counted the aged balance).
     */
    function _takeBack(
        uint256 proposalId,
        address account,
        uint256 unit,
        uint256 snapshot
    ) private returns (uint256 balance, uint256 reclaimedAged) {
        address delegate;
        address agedDelegate;
        uint256 agedBalance;
        (delegate, balance, agedDelegate, agedBalance) = _delegationAt(account, snapshot);
        if (balance == 0) revert GovernorNoDelegatedBalance(account, proposalId);
        (uint256 delegateUnit, ) = _votingUnit(delegate, snapshot);
        if (delegateUnit == unit) revert GovernorOverrideOwnUnit(account, delegate);
        ProposalVote storage v = _proposalVotes[proposalId];
        uint256 receipt = v.receipts[delegateUnit];
        if (receipt & _STATUS != 0) revert GovernorDelegateAlreadyVoted(account, delegate, proposalId);

        uint256 takenAged = 0;
        if (agedBalance != 0) {
            uint256 agedUnit = delegateUnit;
            if (agedDelegate != delegate) (agedUnit, ) = _votingUnit(agedDelegate, snapshot);
            if (agedUnit == delegateUnit) {
                takenAged = reclaimedAged = agedBalance;
            } else if (agedUnit != unit) {
                // The old delegate's aged power still holds the balance: it moves to the overrider only if it leaves
                // the old delegate's unit too, which must not have voted with it yet; otherwise the override counts
                // nothing aged for it. Either way the balance backs one unit's vote, never two (THREATS I1, I6).
                uint256 agedReceipt = v.receipts[agedUnit];
                if (agedReceipt & _STATUS == 0) {
                    uint256 agedTaken = SafeCast.toUint120((agedReceipt >> 128) + agedBalance);
                    v.receipts[agedUnit] = (agedTaken << 128) | uint128(agedReceipt);
                    reclaimedAged = agedBalance;
                }
            }
        }
        uint256 taken = SafeCast.toUint120(uint120(receipt >> 8) + balance);
        takenAged = SafeCast.toUint120((receipt >> 128) + takenAged);
        v.receipts[delegateUnit] = (takenAged << 128) | (taken << 8);
        emit DelegateOverridden(account, delegate, proposalId, balance);
    }

    /// @dev The receipt of `account`'s voting unit on `proposalId`.
    function _receipt(uint256 proposalId, address account) private view returns (uint256) {
        (uint256 unit, ) = _votingUnit(account, proposalSnapshot(proposalId));
        return _proposalVotes[proposalId].receipts[unit];
    }
}
