// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IArbitrationCommittee} from "../interfaces/IArbitrationCommittee.sol";
import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";

/**
 * @title ArbitrationCommittee
 * @notice Tiers 0 and 1 of a Polycentric dispute: an m-of-n committee with expiring seats, appointed by governance.
 * @dev Created by {DisputeEscalation}'s constructor (the court), so the two are wired without any privileged
 * deployer step. Votes are kept per (proposal, tier); the first ruling to reach the tier's threshold is recorded on
 * the court in the same transaction, after which the court stops accepting votes for that tier.
 *
 * Thresholds are checkpointed on the court's clock, and a tier's deliberation counts against the thresholds in force
 * when it opened (the court's `fundingEnd`): a change by governance while members are voting would otherwise let
 * votes cast under one threshold be counted against another (a decrease could record the minority side).
 */
contract ArbitrationCommittee is IArbitrationCommittee {
    using Checkpoints for Checkpoints.Trace208;

    /// @inheritdoc IArbitrationCommittee
    uint48 public constant MAX_TERM = 730 days;

    /// @dev Tiers a committee rules at: 0, and 1 on appeal (tier 2 is the referendum).
    uint8 private constant _COMMITTEE_TIERS = 2;

    IDisputeEscalation private immutable _court;
    address private immutable _governance;
    uint48 private immutable _maxTerm;

    /// @dev Court-clock timepoint => `threshold | appealThreshold << 8`. The deployment's thresholds sit at key 0
    /// (the court is still being constructed then, so its clock cannot be read).
    Checkpoints.Trace208 private _thresholds;
    address[] private _members;
    mapping(address member => uint48) private _expiry;

    struct Votes {
        uint8 uphold;
        uint8 reject;
    }

    mapping(uint256 proposalId => mapping(uint8 tier => Votes)) private _votes;
    /// @dev Bit `tier` set when the member voted at that tier.
    mapping(uint256 proposalId => mapping(address member => uint8)) private _votedTiers;

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert CommitteeOnlyGovernance(msg.sender, _governance);
        _;
    }

    /**
     * @param court_ the dispute contract (its constructor passes itself).
     * @param governance_ the DAO's timelock.
     * @param maxTerm_ the longest seat term, in seconds (1 .. {MAX_TERM}).
     * @param initialMembers first members, with `expiries` (unix times, each at most `maxTerm_` away).
     * @param threshold_ votes needed at tier 0; `appealThreshold_` at tier 1.
     */
    constructor(
        IDisputeEscalation court_,
        address governance_,
        uint48 maxTerm_,
        address[] memory initialMembers,
        uint48[] memory expiries,
        uint8 threshold_,
        uint8 appealThreshold_
    ) {
        if (address(court_) == address(0) || governance_ == address(0)) revert CommitteeZeroAddress();
        if (initialMembers.length != expiries.length) {
            revert CommitteeMemberListMismatch(initialMembers.length, expiries.length);
        }
        // A ceiling in code, not only in the deployment parameters: no deployment can make a seat (near) permanent.
        if (maxTerm_ == 0 || maxTerm_ > MAX_TERM) revert CommitteeInvalidMaxTerm(maxTerm_, MAX_TERM);
        _court = court_;
        _governance = governance_;
        _maxTerm = maxTerm_;
        for (uint256 i = 0; i < initialMembers.length; ++i) _setMember(initialMembers[i], expiries[i]);
        _setThresholds(threshold_, appealThreshold_, 0);
    }

    /// @inheritdoc IArbitrationCommittee
    function court() external view returns (IDisputeEscalation) {
        return _court;
    }

    /// @inheritdoc IArbitrationCommittee
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc IArbitrationCommittee
    function maxTerm() external view returns (uint48) {
        return _maxTerm;
    }

    /// @inheritdoc IArbitrationCommittee
    function setMember(address member, uint48 expiry) external onlyGovernance {
        _setMember(member, expiry);
    }

    /// @inheritdoc IArbitrationCommittee
    function removeMember(address member) external onlyGovernance {
        uint48 old = _expiry[member];
        if (old == 0) revert CommitteeUnknownMember(member);
        _expiry[member] = 0;
        uint256 last = _members.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            if (_members[i] == member) {
                _members[i] = _members[last];
                _members.pop();
                break;
            }
        }
        emit MemberSet(member, old, 0);
    }

    /// @inheritdoc IArbitrationCommittee
    function setThresholds(uint8 threshold_, uint8 appealThreshold_) external onlyGovernance {
        _setThresholds(threshold_, appealThreshold_, _court.clock());
    }

    /// @inheritdoc IArbitrationCommittee
    function memberExpiry(address member) external view returns (uint48) {
        return _expiry[member];
    }

    /// @inheritdoc IArbitrationCommittee
    function isActiveMember(address member) public view returns (bool) {
        return Time.timestamp() < _expiry[member];
    }

    /// @inheritdoc IArbitrationCommittee
    function members() external view returns (address[] memory) {
        return _members;
    }

    /// @inheritdoc IArbitrationCommittee
    function activeMemberCount() external view returns (uint256 count) {
        for (uint256 i = 0; i < _members.length; ++i) {
            if (isActiveMember(_members[i])) ++count;
        }
    }

    /// @inheritdoc IArbitrationCommittee
    function threshold(uint8 tier) external view returns (uint8) {
        return _unpack(_thresholds.latest(), tier);
    }

    /// @inheritdoc IArbitrationCommittee
    function thresholdAt(uint8 tier, uint256 timepoint) public view returns (uint8) {
        return _unpack(_thresholds.upperLookupRecent(SafeCast.toUint48(timepoint)), tier);
    }

    /// @inheritdoc IArbitrationCommittee
    function castRuling(uint256 proposalId, IDisputeEscalation.Ruling ruling) external {
        uint48 expiry = _expiry[msg.sender];
        if (expiry == 0) revert CommitteeNotMember(msg.sender);
        if (Time.timestamp() >= expiry) revert CommitteeSeatExpired(msg.sender, expiry);
        if (ruling != IDisputeEscalation.Ruling.Uphold && ruling != IDisputeEscalation.Ruling.Reject) {
            revert IDisputeEscalation.DisputeInvalidRuling(ruling);
        }
        // One call gives both whether the tier deliberates (as {IDisputeEscalation-rulingOpen}) and since when.
        IDisputeEscalation.DisputeView memory d = _court.dispute(proposalId);
        uint8 tier = d.tier;
        if (d.state != IDisputeEscalation.DisputeState.Deliberating || tier >= _COMMITTEE_TIERS) {
            revert CommitteeRulingClosed(proposalId);
        }
        if (_court.isConflicted(proposalId, msg.sender)) revert CommitteeMemberConflicted(proposalId, msg.sender);
        uint8 voted = _votedTiers[proposalId][msg.sender];
        if (voted & (1 << tier) != 0) revert CommitteeAlreadyVoted(proposalId, tier, msg.sender);
        _votedTiers[proposalId][msg.sender] = voted | uint8(1 << tier);

        Votes storage v = _votes[proposalId][tier];
        uint8 count;
        if (ruling == IDisputeEscalation.Ruling.Uphold) count = ++v.uphold;
        else count = ++v.reject;
        emit RulingVoteCast(proposalId, msg.sender, tier, ruling);
        // `>=`, against the threshold in force when this tier's deliberation opened: the first side to reach it
        // wins, whatever governance changed since.
        if (count >= thresholdAt(tier, d.fundingEnd)) _court.recordRuling(proposalId, tier, ruling);
    }

    /// @inheritdoc IArbitrationCommittee
    function rulingVotes(uint256 proposalId, uint8 tier) external view returns (uint8 uphold, uint8 reject) {
        Votes storage v = _votes[proposalId][tier];
        return (v.uphold, v.reject);
    }

    /// @inheritdoc IArbitrationCommittee
    function hasVoted(uint256 proposalId, address member) external view returns (bool) {
        return _votedTiers[proposalId][member] != 0;
    }

    function _setMember(address member, uint48 expiry) private {
        if (member == address(0)) revert CommitteeZeroAddress();
        uint48 now_ = Time.timestamp();
        uint48 maxExpiry = now_ + _maxTerm;
        if (expiry <= now_ || expiry > maxExpiry) revert CommitteeInvalidExpiry(member, expiry, maxExpiry);
        uint48 old = _expiry[member];
        if (old == 0) _members.push(member);
        _expiry[member] = expiry;
        emit MemberSet(member, old, expiry);
    }

    function _setThresholds(uint8 threshold_, uint8 appealThreshold_, uint48 timepoint) private {
        if (threshold_ == 0 || threshold_ > appealThreshold_) {
            revert CommitteeInvalidThresholds(threshold_, appealThreshold_);
        }
        uint256 old = _thresholds.latest();
        emit ThresholdsSet(_unpack(old, 0), _unpack(old, 1), threshold_, appealThreshold_);
        _thresholds.push(timepoint, uint208(threshold_) | (uint208(appealThreshold_) << 8));
    }

    function _unpack(uint256 packed, uint8 tier) private pure returns (uint8) {
        return uint8(packed >> (tier == 0 ? 0 : 8));
    }
}
