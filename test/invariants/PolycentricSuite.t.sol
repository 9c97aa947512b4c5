// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

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
