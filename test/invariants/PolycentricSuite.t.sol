// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// Campaign code, not deployed: handlers prank actors and call by signature, invariants are named after THREATS ids.
// solhint-disable reentrancy, avoid-low-level-calls, func-name-mixedcase, gas-small-strings, gas-struct-packing
// solhint-disable function-max-lines, max-states-count, one-contract-per-file, interface-starts-with-i
// solhint-disable const-name-snakecase

import {PolycentricSuiteInvariants} from "./PolycentricSuiteInvariants.sol";

/// @dev The campaign on the production token (ERC-6372 timestamp clock).
contract PolycentricSuiteTimestampInvariants is PolycentricSuiteInvariants {
    function _blockClock() internal pure override returns (bool) {
        return false;
    }
}

/// @dev The same campaign on the block-number clock variant of the token (contracts/mocks).
contract PolycentricSuiteBlockClockInvariants is PolycentricSuiteInvariants {
    function _blockClock() internal pure override returns (bool) {
        return true;
    }
}
