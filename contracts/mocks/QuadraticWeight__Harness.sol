// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {QuadraticWeight} from "../libraries/QuadraticWeight.sol";

/// @dev Exposes {QuadraticWeight} to property tests, and its gas.
contract QuadraticWeight__Harness {
    function weightOf(uint256 power) external pure returns (uint256) {
        return QuadraticWeight.weightOf(power);
    }

    function gasOf(uint256 power) external view returns (uint256 gasUsed) {
        uint256 before = gasleft();
        QuadraticWeight.weightOf(power);
        gasUsed = before - gasleft();
    }
}
