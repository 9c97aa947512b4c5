// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {TransparentUpgradeableProxy} from "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";

/// @dev OpenZeppelin's TransparentUpgradeableProxy as is (it deploys its own ProxyAdmin owned by `initialOwner`),
/// compiled so that tests can deploy it: the authority audit reads its EIP-1967 admin slot and the admin's owner.
contract TransparentProxy__Mock is TransparentUpgradeableProxy {
    constructor(
        address logic,
        address initialOwner,
        bytes memory data
    ) payable TransparentUpgradeableProxy(logic, initialOwner, data) {}
}
