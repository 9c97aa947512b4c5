// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernancePolicy} from "../interfaces/IGovernancePolicy.sol";

/**
 * @notice Test double standing in for a governor in front of a {GovernancePolicy}: binds itself, forwards setter
 * calldata to the policy the way GovernorGuardrails does, and answers the policy's getter calls from storage, so
 * property tests can drive long random sequences of parameter changes without a governance lifecycle per change.
 */
contract GuardedGovernor__Mock {
    IGovernancePolicy public immutable policy;
    mapping(bytes4 getter => uint256) public values;

    constructor(IGovernancePolicy policy_) {
        policy = policy_;
        policy_.bindGovernor();
    }

    /// @dev ERC-6372 clock of the mock: timestamps.
    function clock() external view returns (uint48) {
        return uint48(block.timestamp);
    }

    function setInitial(bytes4 getter, uint256 value) external {
        values[getter] = value;
    }

    /// @dev What a governance-only setter does under GovernorGuardrails: the policy admits it, then the value changes.
    function change(bytes4 setter, bytes4 getter, uint256 value) external {
        policy.onGovernorCall(abi.encodeWithSelector(setter, value));
        values[getter] = value;
    }

    /// @dev Any calldata to the hook, e.g. the id-only `queue(uint256)` of a governor composing GovernorStorage.
    function forward(bytes calldata data) external {
        policy.onGovernorCall(data);
    }

    /// @dev GovernorStorage's view, answering with one target for every id.
    function proposalDetails(
        uint256
    ) external view returns (address[] memory targets, uint256[] memory, bytes[] memory, bytes32) {
        targets = new address[](1);
        targets[0] = address(this);
        return (targets, new uint256[](0), new bytes[](0), bytes32(0));
    }

    /// @dev Getter calls from the policy (`votingDelay()`, …) land here.
    fallback(bytes calldata) external returns (bytes memory) {
        return abi.encode(values[msg.sig]);
    }
}
