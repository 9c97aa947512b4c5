// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {GovernorCountingQuadratic} from "./extensions/GovernorCountingQuadratic.sol";
import {GovernorVotesIdentity} from "./extensions/GovernorVotesIdentity.sol";
import {CapConfig, GovernorVotesCapped} from "./extensions/GovernorVotesCapped.sol";
import {GovernorVotingPower} from "./extensions/GovernorVotingPower.sol";
import {GovernorVotingUnit} from "./extensions/GovernorVotingUnit.sol";
import {GovernorParams, GovernorParamsCheck} from "./GovernorParams.sol";
// disputes (issue 7)
import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {GovernorDisputable} from "./extensions/GovernorDisputable.sol";
// guardrails (issue 9)
import {IGovernancePolicy} from "../interfaces/IGovernancePolicy.sol";
import {GovernorGuardrails} from "./extensions/GovernorGuardrails.sol";
import {GovernorPreventLateQuorumLazy} from "./extensions/GovernorPreventLateQuorumLazy.sol";
import {GovernorVotesImmutableClock} from "./extensions/GovernorVotesImmutableClock.sol";

/**
 * @title PolycentricGovernor
 * @notice The Polycentric DAO governor. Each voting unit (an identity, or an address) counts ⌊√counted⌋, where
 * counted = min(its ERC-5805 snapshot power, its power one holding period earlier, the delegation cap) and own and
 * delegated power are both inside the cap; delegators of a third-party delegate may take their snapshot balance back
 * with an override vote. The outcome is decided on that quadratic tally while the quorum is a fraction of the supply
 * at the snapshot measured on raw (counted) participation. Deadlines are pushed back when quorum arrives late, and
 * execution runs through a {TimelockController} that holds the treasury.
 * @dev This contract only composes modules and resolves their overrides; each module fills one slot: settings,
 * counting ({GovernorCountingQuadratic}, with override votes), votes ({GovernorVotes} +
 * {GovernorVotesImmutableClock} + {GovernorVotesIdentity} + {GovernorVotesCapped}, which also holds the quorum so
 * that every outcome-deciding parameter follows one schedule), late-quorum protection
 * ({GovernorPreventLateQuorumLazy}), timelock, disputes ({GovernorDisputable}: the challenge-window gate, bound to a
 * {DisputeEscalation}; off with the zero address).
 * {PolycentricGovernorLinear} is the same stack with OpenZeppelin's linear counting.
 *
 * Indexers (Tally, Agora) see the Bravo event set: `ProposalCreated`, `VoteCast`, `VoteCastWithParams`,
 * `ProposalQueued`, `ProposalExecuted`, `ProposalCanceled` have Compound GovernorBravo's signatures.
 *
 * The order of the bases matters for gas only: {GovernorVotesCapped} right before {GovernorPreventLateQuorumLazy}
 * lets their small per-vote parameters share one storage slot (one cold read per vote instead of two).
 *
 * Durations in {GovernorParams} are in the token's ERC-6372 clock units (seconds in timestamp mode, blocks in
 * block mode); deployment scripts convert from seconds.
 */
contract PolycentricGovernor is
    Governor,
    GovernorSettings,
    GovernorVotes,
    GovernorVotesImmutableClock,
    GovernorCountingQuadratic,
    GovernorVotesIdentity,
    GovernorVotesCapped,
    GovernorPreventLateQuorumLazy,
    GovernorTimelockControl,
    GovernorGuardrails,
    GovernorDisputable
{
    constructor(
        IVotes token_,
        TimelockController timelock_,
        IIdentityRegistry registry_,
        bool strictIdentity_,
        GovernorParams memory params,
        IDisputeEscalation disputes_,
        IGovernancePolicy policy_
    )
        Governor(params.name)
        GovernorSettings(params.votingDelay, params.votingPeriod, params.proposalThreshold)
        GovernorVotes(token_)
        GovernorVotesImmutableClock()
        GovernorVotesIdentity(registry_, strictIdentity_)
        GovernorVotesCapped(
            CapConfig({
                capFraction: params.capFraction,
                minCapFraction: params.minCapFraction,
                maxCapFraction: params.maxCapFraction,
                holdingPeriod: params.holdingPeriod,
                minHoldingPeriod: params.minHoldingPeriod,
                maxHoldingPeriod: params.maxHoldingPeriod,
                quorumNumerator: params.quorumNumerator
            })
        )
        GovernorPreventLateQuorumLazy(params.lateQuorumExtension)
        GovernorTimelockControl(timelock_)
        GovernorGuardrails(policy_)
        GovernorDisputable(disputes_)
    {
        // A start the policy's bounds and ×2 steps could never move would freeze it (constructor-only code).
        GovernorParamsCheck.checkAgainstPolicy(params, policy_, quorumDenominator());
    }

    // ---- override resolution (no behaviour of our own below this line) ----

    function clock() public view override(Governor, GovernorVotes, GovernorVotesImmutableClock) returns (uint48) {
        return super.clock();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE()
        public
        view
        override(Governor, GovernorVotes, GovernorVotesImmutableClock)
        returns (string memory)
    {
        return super.CLOCK_MODE();
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    /// @dev Before the delay changes, the parameter schedule is held past the snapshots proposals created under the
    /// old delay can have ({GovernorVotesCapped-_holdScheduledParams}), so no later change reaches them (I11).
    function setVotingDelay(uint48 newVotingDelay) public override {
        _holdScheduledParams();
        super.setVotingDelay(newVotingDelay);
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesCapped) returns (uint256) {
        return super.quorum(timepoint);
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorumLazy) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _getVotes(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view override(Governor, GovernorVotes, GovernorVotesIdentity, GovernorVotesCapped) returns (uint256) {
        return super._getVotes(account, timepoint, params);
    }

    function _unitVotes(
        address account,
        uint256 timepoint,
        uint256 agedTimepoint
    ) internal view override(GovernorVotingPower, GovernorVotesIdentity) returns (uint256, uint256) {
        return super._unitVotes(account, timepoint, agedTimepoint);
    }

    function _votePower(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view override(GovernorVotingPower, GovernorVotesCapped) returns (uint256, uint256, uint256) {
        return super._votePower(account, timepoint, params);
    }

    function _delegationAt(
        address account,
        uint256 timepoint
    ) internal view override(GovernorVotingPower, GovernorVotesCapped) returns (address, uint256, address, uint256) {
        return super._delegationAt(account, timepoint);
    }

    function _votingUnit(
        address account,
        uint256 timepoint
    ) internal view override(GovernorVotingUnit, GovernorVotesIdentity) returns (uint256, bool) {
        return super._votingUnit(account, timepoint);
    }

    function _revertUnitAlreadyVoted(
        uint256 proposalId,
        address account,
        uint256 unit
    ) internal view override(GovernorVotingUnit, GovernorVotesIdentity) {
        super._revertUnitAlreadyVoted(proposalId, account, unit);
    }

    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal override(Governor, GovernorCountingQuadratic, GovernorPreventLateQuorumLazy) returns (uint256) {
        return super._castVote(proposalId, account, support, reason, params);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl, GovernorGuardrails, GovernorDisputable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl, GovernorGuardrails) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }

    // ---- disputes (issue 7): override resolution for GovernorDisputable ----

    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public override(Governor, GovernorGuardrails, GovernorDisputable) returns (uint256) {
        return super.propose(targets, values, calldatas, description);
    }

    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorDisputable) returns (bool) {
        return super._validateCancel(proposalId, caller);
    }

    // ---- guardrails (issue 9): override resolution for GovernorGuardrails ----

    function _checkGovernance() internal override(Governor, GovernorGuardrails) {
        super._checkGovernance();
    }
}
