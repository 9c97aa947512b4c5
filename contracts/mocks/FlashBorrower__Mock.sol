// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/**
 * @dev THREATS A1(a), the flash-loan voter: in ONE transaction it pulls `amount` vote tokens from a lender that
 * approved it, delegates them to itself, tries to propose and to vote on an already Active proposal, and repays.
 * Both attempts are caught and reported in {FlashResult}, so a simulation reads what the governor allowed.
 */
contract FlashBorrower__Mock {
    /// @dev `error_` is the revert data of the failed attempt (empty when it succeeded).
    event FlashProposeResult(bool proposed, uint256 proposalId, bytes error_, uint256 borrowed);
    /// @dev `weight` is what the governor counted (returned by `castVote`).
    event FlashVoteResult(bool voted, uint256 weight, bytes error_, uint256 borrowed);

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    function flash(
        IERC20 token,
        address lender,
        uint256 amount,
        IGovernor governor,
        Proposal calldata p,
        uint256 activeProposalId,
        uint8 support
    ) external {
        // slither-disable-next-line unchecked-transfer
        token.transferFrom(lender, address(this), amount);
        IVotes(address(token)).delegate(address(this));
        _propose(governor, p, amount);
        _vote(governor, activeProposalId, support, amount);
        // slither-disable-next-line unchecked-transfer
        token.transfer(lender, amount);
    }

    function _propose(IGovernor governor, Proposal calldata p, uint256 amount) private {
        try governor.propose(p.targets, p.values, p.calldatas, p.description) returns (uint256 id) {
            emit FlashProposeResult(true, id, "", amount);
        } catch (bytes memory err) {
            emit FlashProposeResult(false, 0, err, amount);
        }
    }

    function _vote(IGovernor governor, uint256 proposalId, uint8 support, uint256 amount) private {
        try governor.castVote(proposalId, support) returns (uint256 weight) {
            emit FlashVoteResult(true, weight, "", amount);
        } catch (bytes memory err) {
            emit FlashVoteResult(false, 0, err, amount);
        }
    }
}
