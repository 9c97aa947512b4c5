// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {IProposalGuardian} from "../interfaces/IProposalGuardian.sol";

/**
 * @title ProposalGuardian
 * @notice The sunset proposal guardian of a Polycentric DAO: cancel-only, expiring, unable to veto its own removal.
 * @dev Created by {DisputeEscalation}'s constructor, which accepts cancels and escalation marks from it. Kept out of
 * the governor (which is near the contract size limit) and out of the dispute contract for the same reason; the
 * governor lets the dispute contract cancel, and the dispute contract lets this guardian do so.
 *
 * Scope of "removes or replaces itself": a proposal whose every action calls {setGuardian} on this contract. The
 * guardian cannot be removed any other way (only the timelock may call {setGuardian}, and the timelock only runs
 * proposals), so the exemption covers every proposal that changes the guardian and nothing else. A proposal that
 * also does anything else (a no-op `setGuardian(sameGuardian, sameExpiry)` next to a treasury transfer) is not
 * exempt: otherwise one such call would shield any proposal from the veto (I17).
 */
contract ProposalGuardian is IProposalGuardian {
    /// @inheritdoc IProposalGuardian
    uint48 public constant MAX_GUARDIAN_TERM = 730 days;

    IDisputeEscalation private immutable _court;
    address private immutable _governance;
    uint48 private immutable _maxTerm;

    address private _guardian;
    uint48 private _expiry;

    /**
     * @param court_ the dispute contract (its constructor passes itself).
     * @param governance_ the DAO's timelock.
     * @param guardian_ the first guardian (zero: none) until `expiry_` (unix time, at most `maxTerm_` away).
     * @param maxTerm_ the longest term, in seconds (at most {MAX_GUARDIAN_TERM}).
     */
    constructor(IDisputeEscalation court_, address governance_, address guardian_, uint48 expiry_, uint48 maxTerm_) {
        if (address(court_) == address(0) || governance_ == address(0)) revert GuardianZeroAddress();
        // A hard ceiling, as for attesters: no deployment makes the seat permanent by renewing it for centuries.
        if (maxTerm_ > MAX_GUARDIAN_TERM) revert GuardianInvalidMaxTerm(maxTerm_, MAX_GUARDIAN_TERM);
        _court = court_;
        _governance = governance_;
        _maxTerm = maxTerm_;
        if (guardian_ != address(0)) _setGuardian(guardian_, expiry_);
    }

    /// @inheritdoc IProposalGuardian
    function court() external view returns (IDisputeEscalation) {
        return _court;
    }

    /// @inheritdoc IProposalGuardian
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc IProposalGuardian
    function maxTerm() external view returns (uint48) {
        return _maxTerm;
    }

    /// @inheritdoc IProposalGuardian
    function guardian() external view returns (address guardian_, uint48 expiry) {
        return (_guardian, _expiry);
    }

    /// @inheritdoc IProposalGuardian
    function isActive() public view returns (bool) {
        return _guardian != address(0) && Time.timestamp() < _expiry;
    }

    /// @inheritdoc IProposalGuardian
    function setGuardian(address newGuardian, uint48 expiry) external {
        if (msg.sender != _governance) revert GuardianOnlyGovernance(msg.sender, _governance);
        _setGuardian(newGuardian, expiry);
    }

    /// @inheritdoc IProposalGuardian
    function cancel(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        bytes32 descriptionHash
    ) external returns (bool) {
        address g = _guardian;
        if (msg.sender != g || g == address(0)) revert GuardianUnauthorized(msg.sender, g);
        if (Time.timestamp() >= _expiry) revert GuardianExpired(g, _expiry);
        uint256 proposalId = IGovernor(_court.governor()).getProposalId(targets, values, calldatas, descriptionHash);
        if (_onlyChangesGuardian(targets, calldatas)) {
            // Its own removal or replacement: tokenholders decide through a dispute instead. Marking fails
            // only when the challenge window already closed (the proposal then runs its normal course).
            bool marked;
            try _court.markForEscalation(proposalId) {
                marked = true;
            } catch {}
            emit GuardianCancelEscalated(proposalId, g, marked);
            return false;
        }
        _court.cancelProposal(targets, values, calldatas, descriptionHash);
        emit GuardianCancelled(proposalId, g);
        return true;
    }

    /// @dev Whether every action calls {setGuardian} here: only such a proposal is exempt from the veto.
    function _onlyChangesGuardian(address[] calldata targets, bytes[] calldata calldatas) private view returns (bool) {
        if (targets.length == 0) return false;
        for (uint256 i = 0; i < targets.length; ++i) {
            if (targets[i] != address(this) || bytes4(calldatas[i]) != this.setGuardian.selector) return false;
        }
        return true;
    }

    function _setGuardian(address newGuardian, uint48 expiry) private {
        if (newGuardian == address(0)) {
            expiry = 0;
        } else {
            uint48 maxExpiry = Time.timestamp() + _maxTerm;
            if (expiry <= Time.timestamp() || expiry > maxExpiry) revert GuardianInvalidExpiry(expiry, maxExpiry);
        }
        emit GuardianSet(_guardian, _expiry, newGuardian, expiry);
        _guardian = newGuardian;
        _expiry = expiry;
    }
}
