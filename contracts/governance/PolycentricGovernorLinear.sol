// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorQuorumScheduled} from "./extensions/GovernorQuorumScheduled.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {GovernorParams} from "./GovernorParams.sol";
// disputes (issue 7)
import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {GovernorDisputable} from "./extensions/GovernorDisputable.sol";
import {GovernorPreventLateQuorumLazy} from "./extensions/GovernorPreventLateQuorumLazy.sol";
import {GovernorVotesImmutableClock} from "./extensions/GovernorVotesImmutableClock.sol";

/**
 * @title PolycentricGovernorLinear
 * @notice {PolycentricGovernor} with OpenZeppelin's linear counting (one token, one vote) instead of quadratic
 * counting: the deploy option for DAOs that do not want quadratic voting, and the foundation stack the benchmarks
 * compare module by module. Otherwise the same: proposals are voted on with ERC-5805 snapshot votes, need a
 * quorum fraction of the supply at the snapshot, get their deadline pushed back when quorum arrives late, and run
 * through a {TimelockController} that holds the treasury.
 * @dev This contract only composes modules and resolves their overrides; each module fills one slot: settings,
 * counting (OpenZeppelin {GovernorCountingSimple}), votes ({GovernorVotes} + {GovernorVotesImmutableClock}),
 * quorum ({GovernorQuorumScheduled}: changes never reach proposals created before them), late-quorum protection
 * ({GovernorPreventLateQuorumLazy}), timelock, disputes ({GovernorDisputable}; off with
 * the zero address).
 *
 * Indexers (Tally, Agora) see the Bravo event set: `ProposalCreated`, `VoteCast`, `VoteCastWithParams`,
 * `ProposalQueued`, `ProposalExecuted`, `ProposalCanceled` have Compound GovernorBravo's signatures.
 *
 * Durations in {GovernorParams} are in the token's ERC-6372 clock units (seconds in timestamp mode, blocks in
 * block mode); deployment scripts convert from seconds.
 */
contract PolycentricGovernorLinear is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesImmutableClock,
    GovernorQuorumScheduled,
    GovernorPreventLateQuorumLazy,
    GovernorTimelockControl,
    GovernorDisputable
{
    constructor(
        IVotes token_,
        TimelockController timelock_,
        GovernorParams memory params,
        IDisputeEscalation disputes_
    )
        Governor(params.name)
        GovernorSettings(params.votingDelay, params.votingPeriod, params.proposalThreshold)
        GovernorVotes(token_)
        GovernorVotesImmutableClock()
        GovernorQuorumScheduled(params.quorumNumerator)
        GovernorPreventLateQuorumLazy(params.lateQuorumExtension)
        GovernorTimelockControl(timelock_)
        GovernorDisputable(disputes_)
    {}

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

    /// @dev Before the delay changes, the quorum schedule is held past the snapshots proposals created under the old
    /// delay can have ({GovernorQuorumScheduled-_holdQuorumSchedule}), so no later change reaches them (I11).
    function setVotingDelay(uint48 newVotingDelay) public override {
        _holdQuorumSchedule();
        super.setVotingDelay(newVotingDelay);
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorQuorumScheduled) returns (uint256) {
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

    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal override(Governor, GovernorPreventLateQuorumLazy) returns (uint256) {
        return super._castVote(proposalId, account, support, reason, params);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl, GovernorDisputable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
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
    ) public override(Governor, GovernorDisputable) returns (uint256) {
        return super.propose(targets, values, calldatas, description);
    }

    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorDisputable) returns (bool) {
        return super._validateCancel(proposalId, caller);
    }
}
