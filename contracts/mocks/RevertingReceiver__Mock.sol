// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @dev A proposal target that always reverts, with a custom error or with no data.
contract RevertingReceiver__Mock {
    error RevertingReceiverRefused(address caller, uint256 argument);

    function refuse(uint256 argument) external payable {
        revert RevertingReceiverRefused(msg.sender, argument);
    }

    function refuseSilently() external payable {
        // solhint-disable-next-line reason-string, gas-custom-errors
        revert();
    }
}
