// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IDisputeEscalation} from "./IDisputeEscalation.sol";

/**
 * @title IArbitrationCommittee
 * @notice The first two tiers of a Polycentric dispute: a committee whose members governance appoints for a term
 * that always expires (no permanent council), ruling Uphold or Reject by an m-of-n vote of the members whose term
 * runs. A member who proposed the disputed proposal or staked on either side cannot rule on it. A committee that
 * does not reach its threshold before the tier's deadline simply lets the dispute escalate to the next tier; the
 * last tier is always a tokenholder referendum, so the committee can delay (boundedly) but never decide alone.
 * @dev Seat expiries are unix timestamps in both clock modes; tier deadlines are the dispute contract's.
 */
interface IArbitrationCommittee {
    /** @notice `member`'s term was set (expiry 0: removed). */
    event MemberSet(address indexed member, uint48 oldExpiry, uint48 newExpiry);
    /** @notice The thresholds changed (tier 0, and tier 1 on appeal). */
    event ThresholdsSet(uint8 oldThreshold, uint8 oldAppealThreshold, uint8 newThreshold, uint8 newAppealThreshold);
    /** @notice `member` voted `ruling` on `proposalId` at `tier`. */
    event RulingVoteCast(
        uint256 indexed proposalId,
        address indexed member,
        uint8 tier,
        IDisputeEscalation.Ruling ruling
    );

    /** @notice Only the governance executor (the timelock) may change seats and thresholds. */
    error CommitteeOnlyGovernance(address caller, address governance);
    /** @notice `caller` holds no seat. */
    error CommitteeNotMember(address caller);
    /** @notice `member`'s term ended at `expiry`. */
    error CommitteeSeatExpired(address member, uint48 expiry);
    /** @notice `member` proposed the disputed proposal or staked on it, so it cannot rule on it. */
    error CommitteeMemberConflicted(uint256 proposalId, address member);
    /** @notice `member` already voted on `proposalId` at `tier`. */
    error CommitteeAlreadyVoted(uint256 proposalId, uint8 tier, address member);
    /** @notice The dispute is not deliberating at a committee tier. */
    error CommitteeRulingClosed(uint256 proposalId);
    /** @notice A term must end in the future and at most `maxExpiry` (now + the maximum term). */
    error CommitteeInvalidExpiry(address member, uint48 expiry, uint48 maxExpiry);
    /** @notice Thresholds must satisfy 1 ≤ threshold ≤ appealThreshold. */
    error CommitteeInvalidThresholds(uint8 threshold, uint8 appealThreshold);
    /** @notice `member` holds no seat to remove. */
    error CommitteeUnknownMember(address member);
    /** @notice The zero address cannot hold a seat, be the governance or the court. */
    error CommitteeZeroAddress();
    /** @notice The longest seat term must be between 1 second and `limit` ({MAX_TERM}). */
    error CommitteeInvalidMaxTerm(uint48 maxTerm, uint48 limit);
    /** @notice The constructor got `members` members but `expiries` expiries. */
    error CommitteeMemberListMismatch(uint256 members, uint256 expiries);

    /** @notice Hard ceiling on {maxTerm}: whatever the deployment, every seat expires within this many seconds. */
    // solhint-disable-next-line func-name-mixedcase
    function MAX_TERM() external view returns (uint48);

    /** @notice The dispute contract this committee rules for. */
    function court() external view returns (IDisputeEscalation);

    /** @notice The only address that may appoint and remove members and set thresholds: the DAO's timelock. */
    function governance() external view returns (address);

    /** @notice The longest term a seat may be given, in seconds. */
    function maxTerm() external view returns (uint48);

    /** @notice Appoints `member` until `expiry` (unix time, at most `maxTerm` from now), or renews its term. */
    function setMember(address member, uint48 expiry) external;

    /** @notice Ends `member`'s term now. Governance only. */
    function removeMember(address member) external;

    /** @notice Sets the votes needed at tier 0 and at tier 1 (appeal). Governance only. */
    function setThresholds(uint8 threshold, uint8 appealThreshold) external;

    /** @notice The end of `member`'s term (0: no seat). */
    function memberExpiry(address member) external view returns (uint48);

    /** @notice True while `member`'s term runs. */
    function isActiveMember(address member) external view returns (bool);

    /** @notice Members holding a seat (active or expired, not removed), in appointment order. */
    function members() external view returns (address[] memory);

    /** @notice The number of seats whose term runs now (the n of m-of-n). */
    function activeMemberCount() external view returns (uint256);

    /**
     * @notice The concurring votes a ruling needs at `tier` (the m of m-of-n), for deliberations that open from now
     * on. A deliberation already open keeps the threshold it opened with (see {thresholdAt}).
     */
    function threshold(uint8 tier) external view returns (uint8);

    /**
     * @notice The threshold at `tier` in force at the end of `timepoint` (the court's clock). A dispute's tier needs
     * `thresholdAt(tier, fundingEnd)` concurring votes, `fundingEnd` being the start of that tier's deliberation.
     */
    function thresholdAt(uint8 tier, uint256 timepoint) external view returns (uint8);

    /**
     * @notice Votes Uphold or Reject on `proposalId` at its current committee tier. When one ruling reaches the
     * threshold in force when the tier's deliberation opened, it is recorded on the court at once. Active,
     * unconflicted members only, once per tier.
     */
    function castRuling(uint256 proposalId, IDisputeEscalation.Ruling ruling) external;

    /** @notice The votes for each ruling on `proposalId` at `tier`. */
    function rulingVotes(uint256 proposalId, uint8 tier) external view returns (uint8 uphold, uint8 reject);

    /** @notice True when `member` voted on `proposalId` at any tier (such a decider may not stake on it). */
    function hasVoted(uint256 proposalId, address member) external view returns (bool);
}
