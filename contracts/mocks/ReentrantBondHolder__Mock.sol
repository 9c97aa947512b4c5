// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ITokenTransferHook} from "./HookedVotesToken__Mock.sol";

/**
 * @dev THREATS A9(d): a bond poster that re-enters. It acts through {act} (approve, challenge, stake, appeal, claim,
 * as itself) and, when {HookedVotesToken__Mock} calls it back during a transfer (its bond being pulled or its refund
 * being paid), makes the call stored by {arm} (e.g. `claim` of the same dispute again) and records the outcome
 * instead of bubbling it, so the outer call completes and a test reads what the reentrant call got.
 */
contract ReentrantBondHolder__Mock is ITokenTransferHook {
    event Reentered(address target, bool success, bytes returndata);

    address public callTarget;
    bytes public callData;
    uint256 public reentries;
    uint256 public reentrySuccesses;
    bytes public lastReturndata;
    bool private _inHook;

    function arm(address target_, bytes calldata data_) external {
        callTarget = target_;
        callData = data_;
    }

    function disarm() external {
        callTarget = address(0);
        delete callData;
    }

    /// @dev Calls `target` as this contract; bubbles a revert so the caller sees the dispute contract's error.
    function act(address target, bytes calldata data) external returns (bytes memory) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory returndata) = target.call(data);
        if (!success) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(returndata, 0x20), mload(returndata))
            }
        }
        return returndata;
    }

    function onTokenTransfer(address, address, uint256) external {
        if (_inHook || callTarget == address(0)) return;
        _inHook = true;
        reentries += 1;
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory returndata) = callTarget.call(callData);
        if (success) reentrySuccesses += 1;
        lastReturndata = returndata;
        emit Reentered(callTarget, success, returndata);
        _inHook = false;
    }
}
