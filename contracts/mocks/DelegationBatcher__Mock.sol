// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/**
 * @dev THREATS A5 at scale: funds many holders and submits their signed delegations in few transactions, so a test
 * can give one delegate thousands of delegators (each a real account with its own balance and delegation).
 */
contract DelegationBatcher__Mock {
    /// @dev Sends `amount` of `token` from the caller (who approved this contract) to each recipient.
    function fund(IERC20 token, address[] calldata recipients, uint256 amount) external {
        for (uint256 i = 0; i < recipients.length; ++i) {
            // slither-disable-next-line unchecked-transfer
            token.transferFrom(msg.sender, recipients[i], amount);
        }
    }

    /// @dev Submits signed delegations to `delegatee` (ERC-5805 `delegateBySig`, nonce 0 each).
    function delegateBySigs(
        IVotes token,
        address delegatee,
        uint256 expiry,
        uint8[] calldata v,
        bytes32[] calldata r,
        bytes32[] calldata s
    ) external {
        for (uint256 i = 0; i < v.length; ++i) token.delegateBySig(delegatee, 0, expiry, v[i], r[i], s[i]);
    }
}
