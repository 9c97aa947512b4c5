// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {IEscalationHook} from "../interfaces/IEscalationHook.sol";
import {IFreshPowerEscalation} from "../interfaces/IFreshPowerEscalation.sol";
import {QuadraticWeight} from "../libraries/QuadraticWeight.sol";

/// @dev The tally views every supported governor has (OpenZeppelin's GovernorCountingSimple and
/// GovernorCountingQuadratic): the deciding tally per side.
interface ITallyViews {
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
}

/// @dev PolycentricGovernor's views of what a vote counted (GovernorCountingQuadratic, GovernorVotesCapped).
interface IQuadraticTallyViews {
    function proposalRawVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);

    function overriddenVotes(uint256 proposalId, address account) external view returns (uint256 raw, uint256 aged);

    function countedVotes(
        address account,
        uint256 timepoint
    ) external view returns (uint256 counted, uint256 raw, uint256 aged, uint256 cap);
}

/**
 * @title FreshPowerEscalation
 * @notice THREATS A6's tripwire against vote buying: a proposal on which a freshly empowered delegate (a delegation
 * market, a bribed vault) was pivotal is sent to the escalated challenge window of its {DisputeEscalation}. See
 * {IFreshPowerEscalation}.
 * @dev A permissionless hook, off the vote path (castVote costs the same with or without it). Parameters are
 * immutable and bounded; a DAO that wants others redeploys it and swaps hooks by governance (`setHook`).
 *
 * Wiring: deployed before its dispute contract (which takes it in its `initialHooks` and binds it from its
 * constructor), or after it with the dispute contract's address, in which case governance allows it with `setHook`.
 * The governor is read from the dispute contract at every call.
 *
 * Counting: the governor's `COUNTING_MODE` says how to read what a vote counted. Quadratic (PolycentricGovernor):
 * the unit's `countedVotes` at the snapshot minus what its delegators took back by override votes, capped, then
 * ⌊√⌋; linear (PolycentricGovernorLinear, OpenZeppelin's simple counting): the governor's `getVotes`.
 */
contract FreshPowerEscalation is IFreshPowerEscalation {
    /// @inheritdoc IFreshPowerEscalation
    uint256 public constant MIN_LOOKBACK = 1 days;
    /// @inheritdoc IFreshPowerEscalation
    uint256 public constant MAX_LOOKBACK = 90 days;
    /// @inheritdoc IFreshPowerEscalation
    uint256 public constant MIN_FRESH_BPS = 1_000;
    /// @inheritdoc IFreshPowerEscalation
    uint256 public constant MAX_FRESH_BPS = 9_000;

    uint256 private constant _BPS = 10_000;
    uint256 private constant _SECONDS_PER_BLOCK = 12;
    /// @dev keccak256 of GovernorCountingQuadratic's COUNTING_MODE, "support=bravo&quorum=for,abstain&tally=sqrt&
    /// quorum-domain=raw&overridable=true&params=override" (test/disputes checks it against the governor).
    bytes32 private constant _QUADRATIC = 0x34cfe6adeedfbc05a40ee76cab8329809d5568969cd3dc6c1b62e935b1b07af6;
    bytes32 private constant _LINEAR = keccak256("support=bravo&quorum=for,abstain");

    IVotes private immutable _token;
    uint48 private immutable _lookback;
    uint16 private immutable _freshBps;

    address private _disputes;

    /**
     * @param token_ the governance token (its clock converts `lookbackSeconds`; its checkpoints define freshness).
     * @param lookbackSeconds N: power gained within this long before the snapshot is fresh ({MIN_LOOKBACK} …
     * {MAX_LOOKBACK}); choose it longer than the governor's holding period, which already discounts younger power.
     * @param freshBps_ X: the share of its snapshot power a delegate must have gained within N ({MIN_FRESH_BPS} …
     * {MAX_FRESH_BPS}).
     * @param disputes_ the dispute contract, or zero to be bound by it later ({bindDisputes}).
     */
    constructor(IVotes token_, uint256 lookbackSeconds, uint256 freshBps_, IDisputeEscalation disputes_) {
        if (address(token_) == address(0)) revert FreshPowerZeroAddress();
        if (lookbackSeconds < MIN_LOOKBACK || lookbackSeconds > MAX_LOOKBACK) {
            revert FreshPowerInvalidParameter("lookback", lookbackSeconds, MIN_LOOKBACK, MAX_LOOKBACK);
        }
        if (freshBps_ < MIN_FRESH_BPS || freshBps_ > MAX_FRESH_BPS) {
            revert FreshPowerInvalidParameter("freshBps", freshBps_, MIN_FRESH_BPS, MAX_FRESH_BPS);
        }
        string memory mode = IERC6372(address(token_)).CLOCK_MODE();
        bytes32 modeHash = keccak256(bytes(mode));
        uint256 lookbackClock;
        if (modeHash == keccak256("mode=timestamp")) lookbackClock = lookbackSeconds;
        else if (modeHash == keccak256("mode=blocknumber&from=default")) {
            lookbackClock = lookbackSeconds / _SECONDS_PER_BLOCK;
        } else revert FreshPowerUnsupportedClock(mode);
        _token = token_;
        _lookback = SafeCast.toUint48(lookbackClock);
        _freshBps = uint16(freshBps_);
        if (address(disputes_) != address(0)) {
            _disputes = address(disputes_);
            emit DisputesBound(address(disputes_));
        }
    }

    /// @inheritdoc IEscalationHook
    function bindDisputes() external {
        if (_disputes != address(0)) revert FreshPowerAlreadyBound(_disputes);
        _disputes = msg.sender;
        emit DisputesBound(msg.sender);
    }

    /// @inheritdoc IEscalationHook
    function disputes() external view returns (address) {
        return _disputes;
    }

    /// @inheritdoc IFreshPowerEscalation
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IFreshPowerEscalation
    function lookback() external view returns (uint256) {
        return _lookback;
    }

    /// @inheritdoc IFreshPowerEscalation
    function freshBps() external view returns (uint256) {
        return _freshBps;
    }

    /// @inheritdoc IFreshPowerEscalation
    function escalate(uint256 proposalId, address delegate) external {
        (IDisputeEscalation d, address gov) = _bound();
        IGovernor.ProposalState ps = IGovernor(gov).state(proposalId);
        if (ps != IGovernor.ProposalState.Succeeded) revert FreshPowerProposalNotSucceeded(proposalId, ps);
        IDisputeEscalation.DisputeView memory v = d.dispute(proposalId);
        if (v.state != IDisputeEscalation.DisputeState.Challengeable) revert FreshPowerTooLate(proposalId, v.state);
        if (v.marked) revert FreshPowerAlreadyEscalated(proposalId);

        Check memory c = _check(gov, proposalId, delegate);
        if (!c.voted) revert FreshPowerNotVoted(proposalId, delegate);
        if (!c.fresh) revert FreshPowerNotFresh(proposalId, delegate, c.power, c.pastPower, _freshBps);
        if (!c.pivotal) {
            revert FreshPowerNotPivotal(proposalId, delegate, c.weight, c.margin, c.counted, c.quorumSlack);
        }
        d.markForEscalation(proposalId);
        emit FreshPowerEscalated(
            proposalId,
            delegate,
            msg.sender,
            c.power,
            c.pastPower,
            c.weight,
            c.margin,
            c.quorumSlack
        );
    }

    /// @inheritdoc IFreshPowerEscalation
    function check(uint256 proposalId, address delegate) external view returns (Check memory) {
        (, address gov) = _bound();
        return _check(gov, proposalId, delegate);
    }

    // ---------------------------------------------------------------- internals

    /**
     * @dev What `delegate`'s vote counted on `proposalId`, raw and in the deciding tally, and the raw For + Abstain
     * participation the quorum is measured on (`linearParticipation` under linear counting).
     */
    function _counted(
        address gov,
        uint256 proposalId,
        address delegate,
        uint256 snapshot,
        uint256 linearParticipation
    ) private view returns (uint256 counted, uint256 weight, uint256 participation) {
        string memory mode = IGovernor(gov).COUNTING_MODE();
        bytes32 modeHash = keccak256(bytes(mode));
        if (modeHash == _LINEAR) {
            counted = IGovernor(gov).getVotes(delegate, snapshot);
            return (counted, counted, linearParticipation);
        }
        if (modeHash != _QUADRATIC) revert FreshPowerUnsupportedCounting(mode);
        IQuadraticTallyViews q = IQuadraticTallyViews(gov);
        counted = _quadraticCounted(q, proposalId, delegate, snapshot);
        (, uint256 rawFor, uint256 rawAbstain) = q.proposalRawVotes(proposalId);
        return (counted, QuadraticWeight.weightOf(counted), rawFor + rawAbstain);
    }

    /// @dev `min(raw − taken, aged − takenAged, cap)` of `delegate`'s unit: what GovernorCountingQuadratic counted.
    function _quadraticCounted(
        IQuadraticTallyViews q,
        uint256 proposalId,
        address delegate,
        uint256 snapshot
    ) private view returns (uint256) {
        (, uint256 raw, uint256 aged, uint256 cap) = q.countedVotes(delegate, snapshot);
        (uint256 takenRaw, uint256 takenAged) = q.overriddenVotes(proposalId, delegate);
        return Math.min(Math.saturatingSub(raw, takenRaw), Math.min(Math.saturatingSub(aged, takenAged), cap));
    }

    function _bound() private view returns (IDisputeEscalation d, address gov) {
        d = IDisputeEscalation(_disputes);
        if (address(d) == address(0)) revert FreshPowerNotBound();
        gov = d.governor();
        if (gov == address(0)) revert FreshPowerNotBound();
    }

    function _check(address gov, uint256 proposalId, address delegate) private view returns (Check memory c) {
        uint256 snapshot = IGovernor(gov).proposalSnapshot(proposalId);
        c.voted = IGovernor(gov).hasVoted(proposalId, delegate);

        c.power = _token.getPastVotes(delegate, snapshot);
        c.pastPower = _token.getPastVotes(delegate, Math.saturatingSub(snapshot, _lookback));
        c.fresh = c.power > c.pastPower && (c.power - c.pastPower) * _BPS > c.power * _freshBps;

        (uint256 against, uint256 forVotes, uint256 abstain) = ITallyViews(gov).proposalVotes(proposalId);
        uint256 participation;
        (c.counted, c.weight, participation) = _counted(gov, proposalId, delegate, snapshot, forVotes + abstain);
        c.margin = Math.saturatingSub(forVotes, against);
        c.quorumSlack = Math.saturatingSub(participation, IGovernor(gov).quorum(snapshot));
        // The tally keeps no per-voter side: the delegate is pivotal if its vote, counted on For (resp. For or
        // Abstain), could have carried the outcome (resp. the quorum), i.e. it fits in that side and removing it
        // would tie or reverse the outcome (resp. drop participation under the quorum).
        bool outcome = c.weight != 0 && c.weight >= c.margin && c.weight <= forVotes;
        bool quorum = c.counted > c.quorumSlack && c.counted <= participation;
        c.pivotal = c.voted && (outcome || quorum);
    }
}
