// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// The timelock is OpenZeppelin's, unchanged. Importing it here makes Hardhat emit its artifact so deploy
// modules, tests and benchmarks can deploy it by name. Role wiring (THREATS I16) is done by
// deploy/modules/Governance.ts and verified from the role events by lib/roles.ts.
// solhint-disable-next-line no-unused-import
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
