// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @dev Called by {HookedVotesToken__Mock} on a hooked sender or recipient after every transfer.
interface ITokenTransferHook {
    function onTokenTransfer(address from, address to, uint256 value) external;
}

/**
 * @dev THREATS A9(d): an ERC20Votes governance token with the hostile behaviours bond accounting must survive:
 * - hooks: after a transfer from or to a hooked address, the token calls that address back (ERC-777-style), so a
 *   contract receiving a refund (or paying a bond) can re-enter the dispute contract mid-transfer;
 * - blocked recipients: transfers to them revert (a receiver that cannot be paid, like a blacklisted address);
 * - fee on transfer: transfers to a fee-charging recipient deliver `value − fee` (the fee is burned).
 * Timestamp or block-number clock, chosen at deployment, so the dispute fuzz runs in both clock modes.
 */
contract HookedVotesToken__Mock is ERC20, ERC20Permit, ERC20Votes {
    bool private immutable _timestampClock;

    mapping(address account => bool) public hooked;
    mapping(address account => bool) public blocked;
    mapping(address recipient => uint16) public feeBps;

    error HookedTokenBlockedRecipient(address recipient);

    constructor(bool timestampClock_, address holder, uint256 supply) ERC20("Hooked", "HOOK") ERC20Permit("Hooked") {
        _timestampClock = timestampClock_;
        _mint(holder, supply);
    }

    function setHooked(address account, bool on) external {
        hooked[account] = on;
    }

    function setBlocked(address account, bool on) external {
        blocked[account] = on;
    }

    function setFeeBps(address recipient, uint16 bps) external {
        feeBps[recipient] = bps;
    }

    function clock() public view override returns (uint48) {
        return _timestampClock ? Time.timestamp() : Time.blockNumber();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view override returns (string memory) {
        return _timestampClock ? "mode=timestamp" : "mode=blocknumber&from=default";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        if (blocked[to]) revert HookedTokenBlockedRecipient(to);
        uint256 fee = from != address(0) && to != address(0) ? (value * feeBps[to]) / 10_000 : 0;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
        if (hooked[from]) ITokenTransferHook(from).onTokenTransfer(from, to, value);
        if (hooked[to]) ITokenTransferHook(to).onTokenTransfer(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
