// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @dev THREATS A10, a proposal target that re-enters governance while the proposal executes: {run} (the proposal's
 * action) makes the call stored by {arm} (e.g. `governor.execute` of the same proposal, `timelock.executeBatch` of
 * the same operation) and reports its outcome in {Reentered} instead of bubbling it, so the outer execution
 * completes and a simulation can read both what the reentrant call got and the proposal's final state.
 */
contract ReentrantTarget__Mock {
    event Reentered(address target, bool success, bytes returndata);

    address public callTarget;
    bytes public callData;
    uint256 public runs;

    /// @dev Anyone may arm it: the attacker sets the reentrant call once the proposal's content is known.
    function arm(address target_, bytes calldata data_) external {
        callTarget = target_;
        callData = data_;
    }

    function run() external payable {
        runs += 1;
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory returndata) = callTarget.call(callData);
        emit Reentered(callTarget, success, returndata);
    }
}
