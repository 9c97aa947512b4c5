// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";

import {PolycentricToken} from "../token/PolycentricToken.sol";
import {PolycentricTokenBlockClock__Mock} from "./PolycentricTokenBlockClock__Mock.sol";

/// @dev {PolycentricTokenFlashMint__Mock} on a block-number clock (THREATS A1(a) in block mode).
contract PolycentricTokenBlockClockFlashMint__Mock is PolycentricTokenBlockClock__Mock, ERC20FlashMint {
    constructor(
        string memory name_,
        string memory symbol_,
        address initialHolder,
        uint256 initialSupply
    ) PolycentricTokenBlockClock__Mock(name_, symbol_, initialHolder, initialSupply) {}

    function _update(address from, address to, uint256 value) internal override(ERC20, PolycentricToken) {
        super._update(from, to, value);
    }

    function maxFlashLoan(address token) public view override returns (uint256) {
        return token == address(this) ? _maxSupply() - totalSupply() : 0;
    }
}
