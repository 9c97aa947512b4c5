// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IVotesDelegatedBalance} from "../../interfaces/IVotesDelegatedBalance.sol";
import {GovernorVotingPower} from "./GovernorVotingPower.sol";

/**
 * @notice Initial value and immutable bounds of the delegation cap and the holding period. `capFraction` is in basis
 * points of the total supply at the snapshot (200 = 2 %); holding periods are in the token's ERC-6372 clock units.
 */
struct CapConfig {
    uint256 capFraction;
    uint256 minCapFraction;
    uint256 maxCapFraction;
    uint48 holdingPeriod;
    uint48 minHoldingPeriod;
    uint48 maxHoldingPeriod;
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
 * Parameters change only through governance, within bounds fixed at deployment, and are checkpointed: a change is
 * recorded at `clock() + votingDelay()`, the earliest snapshot of a proposal created after it, and every proposal
 * reads the values at its own snapshot, so a change never alters a proposal created before it (THREATS I11). The
 * latest values live in one slot (the vote path reads one slot); older values are in a checkpoint trace read only for
 * snapshots before the latest change.
 *
 * The token must implement {IVotesDelegatedBalance} for override votes ({_delegationAt}).
 */
abstract contract GovernorVotesCapped is GovernorVotingPower {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice `capFraction` is in basis points of the total supply.
    uint256 public constant CAP_DENOMINATOR = 10_000;

    /// @dev The latest values, effective from `since` (the constructor's values from 0).
    struct CapParams {
        uint48 since;
        uint16 capFraction;
        uint48 holdingPeriod;
    }

    /// @dev Earlier values keyed by the timepoint they took effect: capFraction in the low 16 bits, holding above.
    Checkpoints.Trace208 private _history;
    // The latest values, as three value-type variables declared last (not a struct, which always takes a slot of its
    // own): Solidity packs them with the next module's leading small variables, so in PolycentricGovernor they share
    // one slot with GovernorPreventLateQuorumLazy's vote extension, which every vote reads anyway.
    uint48 private _latestSince;
    uint16 private _latestCapFraction;
    uint48 private _latestHoldingPeriod;

    uint16 private immutable _minCapFraction;
    uint16 private immutable _maxCapFraction;
    uint48 private immutable _minHoldingPeriod;
    uint48 private immutable _maxHoldingPeriod;

    /// @notice The cap fraction changed from `oldCapFraction` to `newCapFraction` for snapshots from `effectiveFrom`.
    event CapFractionSet(uint256 oldCapFraction, uint256 newCapFraction, uint48 effectiveFrom);
    /// @notice The holding period changed from `oldHoldingPeriod` to `newHoldingPeriod` for snapshots from
    /// `effectiveFrom`.
    event HoldingPeriodSet(uint256 oldHoldingPeriod, uint256 newHoldingPeriod, uint48 effectiveFrom);

    /// @notice `capFraction` (basis points) is outside the deployment's bounds [`min`, `max`].
    error GovernorCapFractionOutOfBounds(uint256 capFraction, uint256 min, uint256 max);
    /// @notice `holdingPeriod` (clock units) is outside the deployment's bounds [`min`, `max`].
    error GovernorHoldingPeriodOutOfBounds(uint256 holdingPeriod, uint256 min, uint256 max);
    /// @notice Cap bounds must satisfy 0 < min ≤ max ≤ {CAP_DENOMINATOR}.
    error GovernorInvalidCapFractionBounds(uint256 min, uint256 max);
    /// @notice Holding-period bounds must satisfy min ≤ max.
    error GovernorInvalidHoldingPeriodBounds(uint256 min, uint256 max);

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
        _store(CapParams({since: 0, capFraction: uint16(config.capFraction), holdingPeriod: config.holdingPeriod}));
        emit CapFractionSet(0, config.capFraction, 0);
        emit HoldingPeriodSet(0, config.holdingPeriod, 0);
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
        CapParams memory latest = _load();
        if (timepoint >= latest.since) return (latest.capFraction, latest.holdingPeriod);
        uint256 packed = _history.upperLookupRecent(SafeCast.toUint48(timepoint));
        return (uint16(packed), packed >> 16);
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
     * @dev Records `next` as the latest values from `clock() + votingDelay()` (never earlier than the current latest,
     * so keys stay ordered when the voting delay shrinks); returns that timepoint.
     */
    function _schedule(CapParams memory next) private returns (uint48 effectiveFrom) {
        CapParams memory latest = _load();
        effectiveFrom = SafeCast.toUint48(Math.max(clock() + votingDelay(), latest.since));
        if (effectiveFrom != latest.since) {
            _history.push(latest.since, (uint208(latest.holdingPeriod) << 16) | latest.capFraction);
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
        return CapParams({since: _latestSince, capFraction: _latestCapFraction, holdingPeriod: _latestHoldingPeriod});
    }

    function _store(CapParams memory p) private {
        (_latestSince, _latestCapFraction, _latestHoldingPeriod) = (p.since, p.capFraction, p.holdingPeriod);
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
