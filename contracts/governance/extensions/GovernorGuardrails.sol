// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";

import {IGovernancePolicy} from "../../interfaces/IGovernancePolicy.sol";

/**
 * @title GovernorGuardrails
 * @notice Guardrails slot: every proposal is screened by an {IGovernancePolicy} when it is created (spam limits,
 * target code hashes, meta-governance classification), checked again before it is queued and before it is executed
 * (super-quorum for meta-governance, unchanged target code), and every governance-only setter of the governor passes
 * the policy's bounds, step and rate limits.
 * @dev Deliberately thin (the governor is close to the contract size limit): the rules live in the policy. The
 * setter hook is the governor's single governance check (`onlyGovernance` → {_checkGovernance}), so every current
 * and future setter of every module is covered without touching the modules. Voting is untouched: castVote costs
 * the same with or without the module. A zero address disables the module.
 *
 * Wiring: the policy is deployed first; this constructor binds the governor to it, once (a policy bound by someone
 * else makes the deployment revert with `PolicyGovernorAlreadyBound`).
 */
abstract contract GovernorGuardrails is Governor {
    IGovernancePolicy private immutable _policy;

    constructor(IGovernancePolicy policy_) {
        _policy = policy_;
        if (address(policy_) != address(0)) policy_.bindGovernor();
    }

    /// @notice The guardrails policy (zero when the module is off).
    function proposalPolicy() public view virtual returns (IGovernancePolicy) {
        return _policy;
    }

    /// @dev Screens the new proposal; the proposer is the caller (OpenZeppelin's `propose` uses `_msgSender()`).
    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public virtual override returns (uint256 proposalId) {
        proposalId = super.propose(targets, values, calldatas, description);
        _consultPolicy();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override returns (uint48) {
        _consultPolicy();
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal virtual override {
        _consultPolicy();
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    /// @dev After the executor check, the policy admits (or refuses) the setter call being made.
    function _checkGovernance() internal virtual override {
        super._checkGovernance();
        _consultPolicy();
    }

    /// @dev One call shape for every hook: the policy reads what it needs from the entry point's own calldata
    /// (propose, queue, execute, or a governance-only setter), which keeps the governor's bytecode small.
    function _consultPolicy() private {
        if (address(_policy) != address(0)) _policy.onGovernorCall(_msgData());
    }
}
