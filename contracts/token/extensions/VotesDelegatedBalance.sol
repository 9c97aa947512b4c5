// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";

import {IVotesDelegatedBalance} from "../../interfaces/IVotesDelegatedBalance.sol";

/**
 * @title VotesDelegatedBalance
 * @notice {Votes} extension that checkpoints, for every account that delegates to a *third party*, who that delegate
 * is and the account's balance, so a governor can let the delegator override its delegate with exactly the balance
 * it held at a proposal's snapshot ({IVotesDelegatedBalance-getPastDelegation}).
 * @dev OpenZeppelin's {VotesExtended} serves the same purpose but checkpoints every account's delegate and balance on
 * every delegation and transfer: about +45k gas on a first delegation and +61k on a transfer between two delegated
 * accounts (+48 % and +59 % over stock ERC20Votes). Only a delegator whose delegate is someone else can override, so
 * this module writes checkpoints only for those accounts:
 *
 * - a delegation that starts or changes a third-party delegation records the new delegate and the current balance;
 *   one that ends it (back to self or to nobody) records the zero address;
 * - a balance change of an account with a third-party delegate records its new balance.
 *
 * Self-delegated and undelegated accounts (the common case, and every account of a stock benchmark) pay two warm
 * reads. The balance trace of an account is only meaningful while its delegate trace names a third party; the
 * balance is recorded when that delegation starts and on every change during it, so a lookup at any timepoint inside
 * such a delegation is exact.
 *
 * Like {VotesExtended}, {_transferVotingUnits} must run after the balance update ({ERC20Votes} does).
 */
abstract contract VotesDelegatedBalance is Votes, IVotesDelegatedBalance {
    using Checkpoints for Checkpoints.Trace160;
    using Checkpoints for Checkpoints.Trace208;

    mapping(address delegator => Checkpoints.Trace160) private _thirdPartyDelegate;
    mapping(address delegator => Checkpoints.Trace208) private _delegatedBalance;

    /// @inheritdoc IVotesDelegatedBalance
    function getPastDelegation(
        address account,
        uint256 timepoint
    ) public view virtual returns (address delegatee, uint256 balance) {
        uint48 key = _validateTimepoint(timepoint);
        delegatee = address(_thirdPartyDelegate[account].upperLookupRecent(key));
        if (delegatee != address(0)) balance = _delegatedBalance[account].upperLookupRecent(key);
    }

    /// @inheritdoc Votes
    function _delegate(address account, address delegatee) internal virtual override {
        bool wasDelegating = _delegatesThirdParty(account, delegates(account));
        super._delegate(account, delegatee);
        bool delegating = _delegatesThirdParty(account, delegatee);
        if (!wasDelegating && !delegating) return;
        uint48 now_ = clock();
        _thirdPartyDelegate[account].push(now_, delegating ? uint160(delegatee) : 0);
        if (delegating) _delegatedBalance[account].push(now_, SafeCast.toUint208(_getVotingUnits(account)));
    }

    /// @inheritdoc Votes
    function _transferVotingUnits(address from, address to, uint256 amount) internal virtual override {
        super._transferVotingUnits(from, to, amount);
        if (from == to) return;
        if (from != address(0) && _delegatesThirdParty(from, delegates(from))) _recordBalance(from);
        if (to != address(0) && _delegatesThirdParty(to, delegates(to))) _recordBalance(to);
    }

    function _recordBalance(address account) private {
        _delegatedBalance[account].push(clock(), SafeCast.toUint208(_getVotingUnits(account)));
    }

    function _delegatesThirdParty(address account, address delegatee) private pure returns (bool) {
        return delegatee != address(0) && delegatee != account;
    }
}
