// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";

/**
 * @title GovernorVotingUnit
 * @notice Declares what one vote belongs to. By default each address is its own voting unit (OpenZeppelin's
 * behaviour); a votes module may group addresses (an identity) so that the group votes once with their summed
 * power, and may refuse addresses that belong to no group.
 * @dev A hook shared by a counting module (which records one vote per unit) and a votes module (which defines the
 * units), so each keeps to its own slot. Unit keys: an address is `uint160(account)`; a module that defines other
 * units must key them outside the uint160 range.
 */
abstract contract GovernorVotingUnit is Governor {
    /// @notice `voter` may not vote on `proposalId`: it belonged to no voting unit at the snapshot (strict mode).
    error GovernorVoterNotEligible(address voter, uint256 proposalId);

    /**
     * @dev The unit whose single vote `account` casts for a proposal whose snapshot is `timepoint`, and whether
     * `account` may vote at all.
     */
    function _votingUnit(
        address account,
        uint256 /* timepoint */
    ) internal view virtual returns (uint256 unit, bool eligible) {
        return (uint256(uint160(account)), true);
    }

    /// @dev Reverts for a second vote of `unit` (cast by `account`) on `proposalId`, naming the unit.
    function _revertUnitAlreadyVoted(uint256 proposalId, address account, uint256 unit) internal view virtual {
        (proposalId, unit); // an address unit is named by the address itself
        revert GovernorAlreadyCastVote(account);
    }
}
