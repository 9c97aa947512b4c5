// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {IDisputeEscalation} from "./IDisputeEscalation.sol";
import {IEscalationHook} from "./IEscalationHook.sol";

/**
 * @title IFreshPowerEscalation
 * @notice The vote-buying tripwire of THREATS A6: a proposal on which a delegate that gained more than
 * {freshBps} of its voting power within the last {lookback} before the snapshot was *pivotal* is sent to the longer
 * escalated challenge window of its {IDisputeEscalation} (a hook allowed to `markForEscalation`).
 *
 * Anyone (a watcher) calls {escalate} with the proposal and the delegate once the proposal has succeeded and while
 * its challenge window still runs; the contract checks everything on chain and reverts with the measured values
 * when a condition fails:
 *
 * - the delegate's voting unit voted on the proposal (`governor.hasVoted`);
 * - it is *fresh*: `votes(snapshot) − votes(snapshot − lookback) > freshBps × votes(snapshot) / 10,000`, on the
 *   token's ERC-5805 checkpoints of the delegate's address (delegations bought from a market, or tokens moved in);
 * - it is *pivotal*: the weight its vote counted in the tally (the governor's own counted power: `min(raw, aged,
 *   cap)` after override votes, square-rooted under quadratic counting) is at least the margin `For − Against` of
 *   the tally, or its counted power exceeds the part of For + Abstain above the quorum (removing it would drop the
 *   proposal under quorum).
 *
 * The tally does not record on which side a voter voted, so a fresh delegate is treated as pivotal whichever side it
 * took: a fresh pivotal Against voter on a proposal that passed anyway also escalates it. A mark only lengthens the
 * challenge window (bounded: THREATS I13), never changes an outcome. Nothing here runs on the vote path.
 */
interface IFreshPowerEscalation is IEscalationHook {
    /**
     * @notice `caller` sent `proposalId` to the escalated window: `delegate` voted with `power` at the snapshot, of
     * which only `pastPower` it already had `lookback` earlier, and counted `weight` against a margin of `margin`
     * (the For − Against tally) and `quorumSlack` (For + Abstain raw participation above the quorum).
     */
    event FreshPowerEscalated(
        uint256 indexed proposalId,
        address indexed delegate,
        address indexed caller,
        uint256 power,
        uint256 pastPower,
        uint256 weight,
        uint256 margin,
        uint256 quorumSlack
    );

    /** @notice The dispute contract `disputes` bound this hook. */
    event DisputesBound(address indexed disputes);

    /** @notice A constructor parameter is outside its immutable bounds. */
    error FreshPowerInvalidParameter(bytes32 name, uint256 value, uint256 min, uint256 max);
    /** @notice The token's ERC-6372 clock mode is neither timestamp nor default block number. */
    error FreshPowerUnsupportedClock(string mode);
    /** @notice The governor counts votes in a mode this hook cannot read (`mode`: its `COUNTING_MODE`). */
    error FreshPowerUnsupportedCounting(string mode);
    /** @notice The zero address was given where a contract is required. */
    error FreshPowerZeroAddress();
    /** @notice No dispute contract has bound this hook yet, or its governor is not bound. */
    error FreshPowerNotBound();
    /** @notice A dispute contract (`disputes`) already bound this hook. */
    error FreshPowerAlreadyBound(address disputes);
    /** @notice `proposalId` has not succeeded (state `state`): there is no outcome to be pivotal for. */
    error FreshPowerProposalNotSucceeded(uint256 proposalId, IGovernor.ProposalState state);
    /** @notice `proposalId` can no longer be marked: its dispute is in `state` (its challenge window closed). */
    error FreshPowerTooLate(uint256 proposalId, IDisputeEscalation.DisputeState state);
    /** @notice `proposalId` is already marked as requiring escalation. */
    error FreshPowerAlreadyEscalated(uint256 proposalId);
    /** @notice `delegate`'s voting unit did not vote on `proposalId`. */
    error FreshPowerNotVoted(uint256 proposalId, address delegate);
    /**
     * @notice `delegate` is not fresh: it had `pastPower` of its `power` at `proposalId`'s snapshot already
     * {lookback} earlier; fresh needs `power − pastPower > freshBps × power / 10,000`.
     */
    error FreshPowerNotFresh(uint256 proposalId, address delegate, uint256 power, uint256 pastPower, uint256 freshBps);
    /**
     * @notice `delegate` was not pivotal: its `weight` is below the tally's `margin` (For − Against) and its counted
     * power `counted` does not exceed the raw participation above the quorum (`quorumSlack`).
     */
    error FreshPowerNotPivotal(
        uint256 proposalId,
        address delegate,
        uint256 weight,
        uint256 margin,
        uint256 counted,
        uint256 quorumSlack
    );

    /** @notice The measurements {escalate} acts on, for watchers. */
    struct Check {
        bool voted;
        bool fresh;
        bool pivotal;
        /** The delegate's token votes at the snapshot. */
        uint256 power;
        /** Its token votes {lookback} before the snapshot. */
        uint256 pastPower;
        /** What its vote counted in the raw tally (token wei). */
        uint256 counted;
        /** What its vote counted in the deciding tally (⌊√counted⌋ under quadratic counting, else `counted`). */
        uint256 weight;
        /** For − Against of the deciding tally (0 when For ≤ Against). */
        uint256 margin;
        /** For + Abstain raw participation minus the quorum (0 when below it). */
        uint256 quorumSlack;
    }

    /**
     * @notice Checks that `delegate` was a fresh, pivotal voter on the succeeded `proposalId` and marks the proposal
     * for escalation on the dispute contract (its window becomes the escalated one). Permissionless; reverts with
     * the failing condition's values.
     */
    function escalate(uint256 proposalId, address delegate) external;

    /** @notice What {escalate} would measure for `delegate` on `proposalId` (no state or timing checks). */
    function check(uint256 proposalId, address delegate) external view returns (Check memory);

    /** @notice How far before the snapshot power counts as fresh, in the token's clock units. */
    function lookback() external view returns (uint256);

    /** @notice The share of a delegate's snapshot power, in basis points, that it must have gained to be fresh. */
    function freshBps() external view returns (uint256);

    /** @notice The governance token whose checkpoints define freshness. */
    function token() external view returns (address);

    /** @notice Bounds of {lookback} in seconds (converted at 12 s per block on a block clock). */
    function MIN_LOOKBACK() external view returns (uint256);

    /** @notice See {MIN_LOOKBACK}. */
    function MAX_LOOKBACK() external view returns (uint256);

    /** @notice Bounds of {freshBps}. */
    function MIN_FRESH_BPS() external view returns (uint256);

    /** @notice See {MIN_FRESH_BPS}. */
    function MAX_FRESH_BPS() external view returns (uint256);
}
