// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @dev A proposal target that records what governance asked of it.
contract CallReceiver__Mock {
    event MockFunctionCalled(address indexed caller, uint256 value, uint256 argument);

    uint256 public lastArgument;
    uint256 public calls;

    function mockFunction(uint256 argument) external payable {
        lastArgument = argument;
        calls += 1;
        emit MockFunctionCalled(msg.sender, msg.value, argument);
    }
}
