// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";

import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {GovernorVotingPower} from "./GovernorVotingPower.sol";
import {GovernorVotingUnit} from "./GovernorVotingUnit.sol";

/**
 * @title GovernorVotesIdentity
 * @notice Votes slot: an address bound to an identity at a proposal's snapshot votes for the whole identity, once,
 * with the summed snapshot power of every address bound to it then. Unbound addresses are their own unit (open
 * mode) or may not vote (strict mode). Without a registry every address is its own unit.
 * @dev Only strict mode with a registry is sybil-resistant: in open mode (or without a registry) a holder who
 * splits W over k unbound addresses gets √k times the quadratic weight (THREATS A3). {sybilResistant} says so.
 * Identity units are keyed `2^255 | identity`, outside the address range. An identity's power at any timepoint the
 * vote looks at (the snapshot, and one holding period earlier for {GovernorVotesCapped}) is summed over the addresses
 * bound to it *at the snapshot*, whichever of them votes.
 */
abstract contract GovernorVotesIdentity is GovernorVotingUnit, GovernorVotingPower {
    uint256 private constant _IDENTITY_UNIT = 1 << 255;

    IIdentityRegistry private immutable _registry;
    bool private immutable _strict;

    /// @notice A second address of `identity` tried to vote on `proposalId`, which that identity already voted on.
    error GovernorIdentityAlreadyVoted(uint256 identity, uint256 proposalId);
    /// @notice Strict mode needs a registry.
    error GovernorIdentityRegistryRequired();
    /// @notice The registry's ERC-6372 clock differs from the token's, so snapshots would mean different moments.
    error GovernorIdentityClockMismatch(string registryClockMode, string tokenClockMode);

    /**
     * @param registry_ the identity registry, or the zero address for per-address units.
     * @param strict_ true: addresses without an identity at the snapshot cannot vote.
     */
    constructor(IIdentityRegistry registry_, bool strict_) {
        if (address(registry_) == address(0)) {
            if (strict_) revert GovernorIdentityRegistryRequired();
        } else {
            string memory registryMode = registry_.CLOCK_MODE();
            string memory tokenMode = CLOCK_MODE();
            if (keccak256(bytes(registryMode)) != keccak256(bytes(tokenMode))) {
                revert GovernorIdentityClockMismatch(registryMode, tokenMode);
            }
        }
        _registry = registry_;
        _strict = strict_;
    }

    /// @notice The identity registry (zero if none).
    function identityRegistry() public view virtual returns (IIdentityRegistry) {
        return _registry;
    }

    /// @notice True when addresses without an identity cannot vote.
    function identityStrict() public view virtual returns (bool) {
        return _strict;
    }

    /// @notice True only when splitting a holding across addresses cannot raise its quadratic weight: a registry in
    /// strict mode. Open mode and no registry are splittable.
    function sybilResistant() public view virtual returns (bool) {
        return _strict && address(_registry) != address(0);
    }

    /// @dev The summed snapshot power of `account`'s identity, or `account`'s own power if it has none.
    function _getVotes(
        address account,
        uint256 timepoint,
        bytes memory // params
    ) internal view virtual override(Governor, GovernorVotes) returns (uint256 votes) {
        (votes, ) = _unitVotes(account, timepoint, timepoint);
    }

    /// @inheritdoc GovernorVotingPower
    /// @dev Summed over the addresses bound to `account`'s identity at `timepoint`, or `account`'s own if it has none.
    function _unitVotes(
        address account,
        uint256 timepoint,
        uint256 agedTimepoint
    ) internal view virtual override returns (uint256 votes, uint256 agedVotes) {
        if (address(_registry) == address(0)) return super._unitVotes(account, timepoint, agedTimepoint);
        (uint256 identity, address[] memory members) = _registry.unitAt(account, timepoint);
        if (identity == 0) return super._unitVotes(account, timepoint, agedTimepoint);
        for (uint256 i = 0; i < members.length; ++i) {
            (uint256 v, uint256 a) = super._unitVotes(members[i], timepoint, agedTimepoint);
            votes += v;
            agedVotes += a;
        }
    }

    /// @inheritdoc GovernorVotingUnit
    function _votingUnit(
        address account,
        uint256 timepoint
    ) internal view virtual override returns (uint256 unit, bool eligible) {
        if (address(_registry) == address(0)) return super._votingUnit(account, timepoint);
        uint256 identity = _registry.identityAt(account, timepoint);
        if (identity == 0) return (uint256(uint160(account)), !_strict);
        return (_IDENTITY_UNIT | identity, true);
    }

    /// @inheritdoc GovernorVotingUnit
    function _revertUnitAlreadyVoted(uint256 proposalId, address account, uint256 unit) internal view virtual override {
        if (unit & _IDENTITY_UNIT != 0) revert GovernorIdentityAlreadyVoted(unit ^ _IDENTITY_UNIT, proposalId);
        super._revertUnitAlreadyVoted(proposalId, account, unit);
    }
}
