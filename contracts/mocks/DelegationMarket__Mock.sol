// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title DelegationMarket__Mock
 * @notice A LobbyFi-style vote market for the simulator's THREATS A6 recipe (a): holders delegate their votes to this
 * vault and {join} to be paid `feePer1000` wei for every 1,000 whole tokens they delegated; the briber that deployed
 * it sets the fee and directs the vault's vote on each proposal ({castVote}). The vault is one delegate: a governor
 * with a delegation cap counts it like any other (THREATS I6), so a briber that needs more than the cap opens
 * several vaults.
 * @dev Test-only. Payment is upfront, once per holder, on the holder's balance at the time it joins; the vault checks
 * the delegation on chain (`token.delegates(holder) == this`) but cannot stop the holder from leaving later.
 */
contract DelegationMarket__Mock {
    IVotes public immutable token;
    IGovernor public immutable governor;
    address public immutable briber;

    /// @notice Wei paid per 1,000 whole tokens (1e21 token wei) delegated.
    uint256 public feePer1000;
    /// @notice Wei paid out so far.
    uint256 public totalPaid;
    /// @notice Token wei delegated by the holders that joined.
    uint256 public totalJoined;
    /// @notice Holders that joined.
    uint256 public members;
    mapping(address holder => bool) public joined;

    /// @notice `holder` joined with `balance` delegated and was paid `fee` wei.
    event Joined(address indexed holder, uint256 balance, uint256 fee);
    /// @notice The briber changed the fee from `oldFee` to `newFee` (wei per 1,000 tokens).
    event FeeSet(uint256 oldFee, uint256 newFee);
    /// @notice The vault voted `support` on `proposalId` with `weight`.
    event VaultVoted(uint256 indexed proposalId, uint8 support, uint256 weight);

    /// @notice Only the briber may set the fee or direct the vote.
    error MarketOnlyBriber(address caller);
    /// @notice `holder` does not delegate to this vault (it delegates to `delegatee`).
    error MarketNotDelegated(address holder, address delegatee);
    /// @notice `holder` was already paid.
    error MarketAlreadyJoined(address holder);
    /// @notice The vault cannot pay `fee` wei (it holds `balance`).
    error MarketInsufficientFunds(uint256 fee, uint256 balance);
    /// @notice Paying `holder` failed.
    error MarketPaymentFailed(address holder);

    modifier onlyBriber() {
        if (msg.sender != briber) revert MarketOnlyBriber(msg.sender);
        _;
    }

    constructor(IVotes token_, IGovernor governor_, uint256 feePer1000_) payable {
        token = token_;
        governor = governor_;
        briber = msg.sender;
        feePer1000 = feePer1000_;
    }

    /// @notice The briber funds the vault.
    receive() external payable {}

    /// @notice The briber funds the vault (a call that returns a transaction for the simulator's bookkeeping).
    function fund() external payable {}

    function setFee(uint256 newFee) external onlyBriber {
        emit FeeSet(feePer1000, newFee);
        feePer1000 = newFee;
    }

    /// @notice What joining would pay `holder` now.
    function quote(address holder) public view returns (uint256) {
        return (IERC20(address(token)).balanceOf(holder) * feePer1000) / 1e21;
    }

    /// @notice Pays the caller for the votes it delegated to this vault.
    function join() external returns (uint256 fee) {
        address delegatee = token.delegates(msg.sender);
        if (delegatee != address(this)) revert MarketNotDelegated(msg.sender, delegatee);
        if (joined[msg.sender]) revert MarketAlreadyJoined(msg.sender);
        fee = quote(msg.sender);
        if (fee > address(this).balance) revert MarketInsufficientFunds(fee, address(this).balance);
        joined[msg.sender] = true;
        totalPaid += fee;
        totalJoined += IERC20(address(token)).balanceOf(msg.sender);
        members += 1;
        emit Joined(msg.sender, IERC20(address(token)).balanceOf(msg.sender), fee);
        (bool ok, ) = msg.sender.call{value: fee}("");
        if (!ok) revert MarketPaymentFailed(msg.sender);
    }

    /// @notice The briber directs the vault's vote on `proposalId`.
    function castVote(uint256 proposalId, uint8 support) external onlyBriber returns (uint256 weight) {
        weight = governor.castVote(proposalId, support);
        emit VaultVoted(proposalId, support, weight);
    }
}
