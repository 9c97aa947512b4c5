// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";

import {IVotesDelegatedBalance} from "../../interfaces/IVotesDelegatedBalance.sol";
import {GovernorVotingPower} from "./GovernorVotingPower.sol";

/**
 * @notice Initial value and immutable bounds of the delegation cap and the holding period, and the initial quorum.
 * `capFraction` is in basis points of the total supply at the snapshot (200 = 2 %); holding periods are in the token's
 * ERC-6372 clock units; `quorumNumerator` is in hundredths of the supply at the snapshot.
 */
struct CapConfig {
    uint256 capFraction;
    uint256 minCapFraction;
    uint256 maxCapFraction;
    uint48 holdingPeriod;
    uint48 minHoldingPeriod;
    uint48 maxHoldingPeriod;
    uint256 quorumNumerator;
}

/**
 * @title GovernorVotesCapped
 * @notice Votes slot: the power an account's voting unit counts at snapshot s is
 * `min(votes(s), votes(s - H), cap(s))`, where `cap(s) = capFraction × totalSupply(s)` and H is the holding period
 * (THREATS I6, A1, A4). Own and received power are both inside the cap; capping never raises anyone's power.
 * `votes` is the voting unit's ({GovernorVotingPower-_unitVotes}): the token's votes of the address, or an
 * identity's summed votes ({GovernorVotesIdentity}), so with an identity registry the cap applies per identity.
 * @dev Why the aged term: power borrowed (or freshly split across sybil delegates) shortly before a snapshot has no
 * past, so it counts at most what the same unit already had H earlier; a one-block flash loan counts 0 and a borrow
 * held across the snapshot counts 0 as long as it is shorter than H (Beanstalk BIP-18, MakerDAO 2020). H = 0
 * disables the aged term.
 *
 * The module also holds the quorum (a fraction of the supply at the snapshot, {GovernorVotesQuorumFraction}'s
 * interface), because every parameter that decides an outcome must follow one schedule (THREATS I11): the cap
 * fraction, the holding period and the quorum numerator change only through governance (the first two within bounds
 * fixed at deployment) and are checkpointed. A change takes effect for snapshots from `clock() + votingDelay() + 1`,
 * later than the snapshot of any proposal created before it, including one created earlier in the same block;
 * a voting-delay change ({_holdScheduledParams}, called by the governor's `setVotingDelay`) first moves that point
 * past the snapshots proposals created under the old delay can have, so a shorter delay cannot bring a later change
 * forward onto them. Every proposal reads the values at its own snapshot: the values *in force* for a proposal are
 * the latest whose effective point is at or before its snapshot, so a change never alters a proposal created before
 * it. The latest values live in one slot (the vote path reads one slot); older values are in a checkpoint trace read
 * only for snapshots before the latest change.
 *
 * The token must implement {IVotesDelegatedBalance} for override votes ({_delegationAt}).
 */
abstract contract GovernorVotesCapped is GovernorVotingPower {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice `capFraction` is in basis points of the total supply.
    uint256 public constant CAP_DENOMINATOR = 10_000;

    /// @dev The quorum is `quorumNumerator` hundredths of the supply at the snapshot (OpenZeppelin's denominator).
    uint256 private constant _QUORUM_DENOMINATOR = 100;

    /// @dev The latest values, effective from `since` (the constructor's values from 0).
    struct CapParams {
        uint48 since;
        uint16 capFraction;
        uint48 holdingPeriod;
        uint8 quorumNumerator;
    }

    /// @dev Earlier values keyed by the timepoint they took effect: capFraction in bits 0–15, holding period in bits
    /// 16–63, quorum numerator in bits 64–71.
    Checkpoints.Trace208 private _history;
    // The latest values, as four value-type variables declared last (not a struct, which always takes a slot of its
    // own): Solidity packs them with the next module's leading small variables, so in PolycentricGovernor they share
    // one slot with GovernorPreventLateQuorumLazy's vote extension, which every vote reads anyway.
    uint48 private _latestSince;
    uint16 private _latestCapFraction;
    uint48 private _latestHoldingPeriod;
    uint8 private _latestQuorumNumerator;

    uint16 private immutable _minCapFraction;
    uint16 private immutable _maxCapFraction;
    uint48 private immutable _minHoldingPeriod;
    uint48 private immutable _maxHoldingPeriod;

    /// @notice The cap fraction changed from `oldCapFraction` to `newCapFraction` for snapshots from `effectiveFrom`.
    event CapFractionSet(uint256 oldCapFraction, uint256 newCapFraction, uint48 effectiveFrom);
    /// @notice The holding period changed from `oldHoldingPeriod` to `newHoldingPeriod` for snapshots from
    /// `effectiveFrom`.
    event HoldingPeriodSet(uint256 oldHoldingPeriod, uint256 newHoldingPeriod, uint48 effectiveFrom);
    /// @notice The quorum numerator changed from `oldQuorumNumerator` to `newQuorumNumerator` for snapshots from
    /// `clock() + votingDelay() + 1` or later ({quorumNumerator} at a timepoint tells which). OpenZeppelin's event.
    event QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator);

    /// @notice `capFraction` (basis points) is outside the deployment's bounds [`min`, `max`].
    error GovernorCapFractionOutOfBounds(uint256 capFraction, uint256 min, uint256 max);
    /// @notice `holdingPeriod` (clock units) is outside the deployment's bounds [`min`, `max`].
    error GovernorHoldingPeriodOutOfBounds(uint256 holdingPeriod, uint256 min, uint256 max);
    /// @notice Cap bounds must satisfy 0 < min ≤ max ≤ {CAP_DENOMINATOR}.
    error GovernorInvalidCapFractionBounds(uint256 min, uint256 max);
    /// @notice Holding-period bounds must satisfy min ≤ max.
    error GovernorInvalidHoldingPeriodBounds(uint256 min, uint256 max);
    /// @notice The quorum numerator `quorumNumerator` is above the denominator `quorumDenominator`.
    error GovernorInvalidQuorumFraction(uint256 quorumNumerator, uint256 quorumDenominator);

    constructor(CapConfig memory config) {
        if (config.minCapFraction == 0 || config.minCapFraction > config.maxCapFraction) {
            revert GovernorInvalidCapFractionBounds(config.minCapFraction, config.maxCapFraction);
        }
        if (config.maxCapFraction > CAP_DENOMINATOR) {
            revert GovernorInvalidCapFractionBounds(config.minCapFraction, config.maxCapFraction);
        }
        if (config.minHoldingPeriod > config.maxHoldingPeriod) {
            revert GovernorInvalidHoldingPeriodBounds(config.minHoldingPeriod, config.maxHoldingPeriod);
        }
        _minCapFraction = uint16(config.minCapFraction);
        _maxCapFraction = uint16(config.maxCapFraction);
        _minHoldingPeriod = config.minHoldingPeriod;
        _maxHoldingPeriod = config.maxHoldingPeriod;
        _checkCapFraction(config.capFraction);
        _checkHoldingPeriod(config.holdingPeriod);
        _checkQuorumNumerator(config.quorumNumerator);
        _store(
            CapParams({
                since: 0,
                capFraction: uint16(config.capFraction),
                holdingPeriod: config.holdingPeriod,
                quorumNumerator: uint8(config.quorumNumerator)
            })
        );
        emit CapFractionSet(0, config.capFraction, 0);
        emit HoldingPeriodSet(0, config.holdingPeriod, 0);
        emit QuorumNumeratorUpdated(0, config.quorumNumerator);
    }

    // ---------------------------------------------------------------- parameters

    /// @notice The latest cap fraction set, in basis points of the total supply (it may take effect in the future).
    function capFraction() public view virtual returns (uint256) {
        return _latestCapFraction;
    }

    /// @notice The latest holding period set, in clock units (it may take effect in the future).
    function holdingPeriod() public view virtual returns (uint256) {
        return _latestHoldingPeriod;
    }

    /// @notice The cap fraction and holding period that apply to a proposal whose snapshot is `timepoint`.
    function capParamsAt(uint256 timepoint) public view virtual returns (uint256 fraction, uint256 holding) {
        // Storage variables read directly, not through {_load}: this is on every vote's path.
        if (timepoint >= _latestSince) return (_latestCapFraction, _latestHoldingPeriod);
        uint256 packed = _history.upperLookupRecent(SafeCast.toUint48(timepoint));
        return (uint16(packed), uint48(packed >> 16));
    }

    /// @notice The latest quorum numerator set (it may take effect in the future).
    function quorumNumerator() public view virtual returns (uint256) {
        return _latestQuorumNumerator;
    }

    /// @notice The quorum numerator that applies to a proposal whose snapshot is `timepoint`.
    function quorumNumerator(uint256 timepoint) public view virtual returns (uint256) {
        if (timepoint >= _latestSince) return _latestQuorumNumerator;
        return _history.upperLookupRecent(SafeCast.toUint48(timepoint)) >> 64;
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
        CapParams memory next = _load();
        uint256 old = next.quorumNumerator;
        next.quorumNumerator = uint8(newQuorumNumerator);
        _schedule(next);
        emit QuorumNumeratorUpdated(old, newQuorumNumerator);
    }

    /// @notice The immutable bounds of the cap fraction (basis points) and of the holding period (clock units).
    function capBounds()
        public
        view
        virtual
        returns (uint256 minCapFraction, uint256 maxCapFraction, uint256 minHoldingPeriod, uint256 maxHoldingPeriod)
    {
        return (_minCapFraction, _maxCapFraction, _minHoldingPeriod, _maxHoldingPeriod);
    }

    /**
     * @notice Sets the cap fraction (basis points of the supply) for proposals created from now on. Governance only;
     * within {capBounds}. Emits {CapFractionSet}.
     */
    function setCapFraction(uint256 newCapFraction) public virtual onlyGovernance {
        _checkCapFraction(newCapFraction);
        CapParams memory next = _load();
        uint256 old = next.capFraction;
        next.capFraction = uint16(newCapFraction);
        emit CapFractionSet(old, newCapFraction, _schedule(next));
    }

    /**
     * @notice Sets the holding period (clock units; 0 disables the aged term) for proposals created from now on.
     * Governance only; within {capBounds}. Emits {HoldingPeriodSet}.
     */
    function setHoldingPeriod(uint48 newHoldingPeriod) public virtual onlyGovernance {
        _checkHoldingPeriod(newHoldingPeriod);
        CapParams memory next = _load();
        uint256 old = next.holdingPeriod;
        next.holdingPeriod = newHoldingPeriod;
        emit HoldingPeriodSet(old, newHoldingPeriod, _schedule(next));
    }

    // ---------------------------------------------------------------- views

    /// @notice The most one voting unit counts for a proposal whose snapshot is `timepoint` (in the past).
    function capAt(uint256 timepoint) public view virtual returns (uint256) {
        (uint256 fraction, ) = capParamsAt(timepoint);
        return _capOf(token().getPastTotalSupply(timepoint), fraction);
    }

    /**
     * @notice What `account`'s voting unit counts at snapshot `timepoint` (in the past) before any override vote,
     * and why: `counted = min(raw, aged, cap)`. {getVotes} returns `counted`.
     */
    function countedVotes(
        address account,
        uint256 timepoint
    ) public view virtual returns (uint256 counted, uint256 raw, uint256 aged, uint256 cap) {
        (raw, aged, cap) = _votePower(account, timepoint, _defaultParams());
        counted = Math.min(raw, Math.min(aged, cap));
    }

    // ---------------------------------------------------------------- power

    /// @dev The capped, aged power: `min(raw, aged, cap)`.
    function _getVotes(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view virtual override returns (uint256) {
        (uint256 raw, uint256 aged, uint256 cap) = _votePower(account, timepoint, params);
        return Math.min(raw, Math.min(aged, cap));
    }

    /// @inheritdoc GovernorVotingPower
    /// @dev `raw` and `aged` are the unit's votes at the snapshot and one holding period earlier (at timepoint 0,
    /// i.e. nothing, before the clock reached H).
    function _votePower(
        address account,
        uint256 timepoint,
        bytes memory // params
    ) internal view virtual override returns (uint256 raw, uint256 aged, uint256 cap) {
        (uint256 fraction, uint256 holding) = capParamsAt(timepoint);
        (raw, aged) = _unitVotes(account, timepoint, holding == 0 ? timepoint : Math.saturatingSub(timepoint, holding));
        cap = _capOf(token().getPastTotalSupply(timepoint), fraction);
    }

    /// @inheritdoc GovernorVotingPower
    function _delegationAt(
        address account,
        uint256 timepoint
    )
        internal
        view
        virtual
        override
        returns (address delegate, uint256 balance, address agedDelegate, uint256 agedBalance)
    {
        IVotesDelegatedBalance source = IVotesDelegatedBalance(address(token()));
        (delegate, balance) = source.getPastDelegation(account, timepoint);
        (, uint256 holding) = capParamsAt(timepoint);
        if (holding == 0) return (delegate, balance, delegate, balance);
        if (timepoint >= holding) (agedDelegate, agedBalance) = source.getPastDelegation(account, timepoint - holding);
    }

    // ---------------------------------------------------------------- internals

    /**
     * @dev Re-records the latest values from the point a change made now would take effect, so no later change
     * takes effect before it. The governor calls it before changing the voting delay: the snapshots of proposals
     * created under the old delay stay before every later change's effective point, however short the new delay.
     */
    function _holdScheduledParams() internal virtual {
        _schedule(_load());
    }

    /**
     * @dev Records `next` as the latest values from `clock() + votingDelay() + 1`, after the snapshot of any proposal
     * created until now, and never earlier than the current latest (which {_holdScheduledParams} keeps after the
     * snapshots of proposals created under an earlier, longer voting delay); returns that timepoint.
     */
    function _schedule(CapParams memory next) private returns (uint48 effectiveFrom) {
        CapParams memory latest = _load();
        effectiveFrom = SafeCast.toUint48(Math.max(clock() + votingDelay() + 1, latest.since));
        if (effectiveFrom != latest.since) {
            _history.push(
                latest.since,
                (uint208(latest.quorumNumerator) << 64) | (uint208(latest.holdingPeriod) << 16) | latest.capFraction
            );
        }
        next.since = effectiveFrom;
        _store(next);
    }

    /// @dev ⌊supply × fraction / 10,000⌋. An ERC20Votes supply is below 2^208 and the fraction at most 10^4, so the
    /// product cannot overflow (checked arithmetic would revert for a token that breaks that bound).
    function _capOf(uint256 supply, uint256 fraction) private pure returns (uint256) {
        return (supply * fraction) / CAP_DENOMINATOR;
    }

    function _load() private view returns (CapParams memory) {
        return
            CapParams({
                since: _latestSince,
                capFraction: _latestCapFraction,
                holdingPeriod: _latestHoldingPeriod,
                quorumNumerator: _latestQuorumNumerator
            });
    }

    function _store(CapParams memory p) private {
        (_latestSince, _latestCapFraction, _latestHoldingPeriod, _latestQuorumNumerator) = (
            p.since,
            p.capFraction,
            p.holdingPeriod,
            p.quorumNumerator
        );
    }

    function _checkQuorumNumerator(uint256 value) private pure {
        if (value > _QUORUM_DENOMINATOR) revert GovernorInvalidQuorumFraction(value, _QUORUM_DENOMINATOR);
    }

    function _checkCapFraction(uint256 value) private view {
        if (value < _minCapFraction || value > _maxCapFraction) {
            revert GovernorCapFractionOutOfBounds(value, _minCapFraction, _maxCapFraction);
        }
    }

    function _checkHoldingPeriod(uint256 value) private view {
        if (value < _minHoldingPeriod || value > _maxHoldingPeriod) {
            revert GovernorHoldingPeriodOutOfBounds(value, _minHoldingPeriod, _maxHoldingPeriod);
        }
    }
}
