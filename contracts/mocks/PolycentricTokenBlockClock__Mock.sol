// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {PolycentricToken} from "../token/PolycentricToken.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @dev {PolycentricToken} on a block-number clock, so every governance test also runs in block mode.
contract PolycentricTokenBlockClock__Mock is PolycentricToken {
    constructor(
        string memory name_,
        string memory symbol_,
        address initialHolder,
        uint256 initialSupply
    ) PolycentricToken(name_, symbol_, initialHolder, initialSupply) {}

    function clock() public view override returns (uint48) {
        return Time.blockNumber();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=blocknumber&from=default";
    }
}
