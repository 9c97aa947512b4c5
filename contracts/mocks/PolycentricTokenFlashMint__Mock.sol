// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20FlashMint} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";

import {PolycentricToken} from "../token/PolycentricToken.sol";

/**
 * @dev THREATS A1(a): {PolycentricToken} with an ERC-3156 flash lender of itself ({ERC20FlashMint}, no fee). A flash
 * loan mints and burns inside one transaction, so the supply at the end of every timepoint is still the fixed supply
 * and the inherited constant {PolycentricToken-getPastTotalSupply} stays exact.
 */
contract PolycentricTokenFlashMint__Mock is PolycentricToken, ERC20FlashMint {
    constructor(
        string memory name_,
        string memory symbol_,
        address initialHolder,
        uint256 initialSupply
    ) PolycentricToken(name_, symbol_, initialHolder, initialSupply) {}

    function _update(address from, address to, uint256 value) internal override(ERC20, PolycentricToken) {
        super._update(from, to, value);
    }

    /// @dev Flash mints are bounded by ERC20Votes' checkpointable supply, not ERC20FlashMint's uint256 range.
    function maxFlashLoan(address token) public view override returns (uint256) {
        return token == address(this) ? _maxSupply() - totalSupply() : 0;
    }
}
