// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";

/**
 * @notice Test double for THREATS A11 (metamorphic targets): deploys init code at a CREATE2 address that can be
 * predicted, and therefore proposed as a target, before any code is there.
 */
contract Create2Deployer__Mock {
    event Deployed(address indexed addr, bytes32 indexed salt);

    function deploy(bytes32 salt, bytes calldata initCode) external returns (address addr) {
        addr = Create2.deploy(0, salt, initCode);
        emit Deployed(addr, salt);
    }

    function predict(bytes32 salt, bytes32 initCodeHash) external view returns (address) {
        return Create2.computeAddress(salt, initCodeHash);
    }
}
