// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

/// @dev An ERC-6372 clock source with a configurable `CLOCK_MODE`, to test clock-mode validation (e.g. a
/// registry or governor built on a clock other than timestamp / default block number).
contract ClockSource__Mock is IERC6372 {
    string private _mode;

    constructor(string memory mode_) {
        _mode = mode_;
    }

    function clock() external view returns (uint48) {
        return uint48(block.number);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        return _mode;
    }
}
