// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC3156FlashBorrower} from "@openzeppelin/contracts/interfaces/IERC3156FlashBorrower.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/**
 * @dev THREATS A1(a), the flash-loan voter: in ONE transaction it borrows `amount` vote tokens, delegates them to
 * itself, tries to propose and to vote on an already Active proposal, and repays. Two lenders: {flash} pulls from an
 * account that approved it (a pool), {flashMint} borrows through ERC-3156 (`flashLoan`, e.g. an {ERC20FlashMint}
 * token). Both attempts are caught and reported in events, so a simulation reads what the governor allowed.
 */
contract FlashBorrower__Mock is IERC3156FlashBorrower {
    /// @dev `error_` is the revert data of the failed attempt (empty when it succeeded).
    event FlashProposeResult(bool proposed, uint256 proposalId, bytes error_, uint256 borrowed);
    /// @dev `weight` is what the governor counted (returned by `castVote`).
    event FlashVoteResult(bool voted, uint256 weight, bytes error_, uint256 borrowed);

    /// @dev `onFlashLoan` was called for a loan this contract did not start.
    error FlashBorrowerForeignLoan(address initiator);

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

    /// @dev The same attack with an ERC-3156 loan of `token` from `lender` (the token itself for a flash mint).
    function flashMint(
        IERC3156FlashLender lender,
        address token,
        uint256 amount,
        IGovernor governor,
        Proposal calldata p,
        uint256 activeProposalId,
        uint8 support
    ) external {
        lender.flashLoan(this, token, amount, abi.encode(governor, p, activeProposalId, support));
    }

    /// @inheritdoc IERC3156FlashBorrower
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        if (initiator != address(this)) revert FlashBorrowerForeignLoan(initiator);
        (IGovernor governor, Proposal memory p, uint256 activeProposalId, uint8 support) = abi.decode(
            data,
            (IGovernor, Proposal, uint256, uint8)
        );
        IVotes(token).delegate(address(this));
        _proposeMemory(governor, p, amount);
        _vote(governor, activeProposalId, support, amount);
        IERC20(token).approve(msg.sender, amount + fee);
        return keccak256("ERC3156FlashBorrower.onFlashLoan");
    }

    function _proposeMemory(IGovernor governor, Proposal memory p, uint256 amount) private {
        try governor.propose(p.targets, p.values, p.calldatas, p.description) returns (uint256 id) {
            emit FlashProposeResult(true, id, "", amount);
        } catch (bytes memory err) {
            emit FlashProposeResult(false, 0, err, amount);
        }
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
