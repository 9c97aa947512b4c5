// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @dev A contract with one owner-only setter: the authority audit must report its owner and the path to it.
contract OwnedTarget__Mock is Ownable {
    uint256 public value;

    event ValueSet(uint256 oldValue, uint256 newValue);

    constructor(address initialOwner) Ownable(initialOwner) {}

    function setValue(uint256 newValue) external onlyOwner {
        emit ValueSet(value, newValue);
        value = newValue;
    }
}
