// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

/**
 * @title IIdentityRegistry
 * @notice Binds addresses to identities so that a quadratic vote is counted once per person, not once per
 * address (THREATS I5, A3). Attesters, appointed by governance for a limited term, bind an address to an
 * identity id; an address has at most one identity at a time and an identity at most `maxAddressesPerIdentity()`
 * addresses. Bindings are checkpointed on the governance token's ERC-6372 clock, so a proposal only sees the
 * bindings that existed at its snapshot.
 */
interface IIdentityRegistry is IERC6372 {
    /// @notice `attester`'s term was set (expiry 0: removed). Expiries are unix timestamps in both clock modes.
    event AttesterSet(address indexed attester, uint48 oldExpiry, uint48 newExpiry);
    /// @notice `account` was bound to `identity` by `attester`.
    event IdentityBound(uint256 indexed identity, address indexed account, address indexed attester);
    /// @notice `account` was unbound from `identity` by `by` (the account itself or an active attester).
    event IdentityUnbound(uint256 indexed identity, address indexed account, address indexed by);

    /// @notice Only the governance executor (the timelock) may appoint or remove attesters.
    error IdentityRegistryOnlyGovernance(address caller, address governance);
    /// @notice `caller` is not an attester whose term is running (`expiry` 0 means never appointed or removed).
    error IdentityAttesterNotActive(address caller, uint48 expiry);
    /// @notice An attester's expiry must be in the future and at most `maxExpiry` (now + the maximum term).
    error IdentityInvalidAttesterExpiry(address attester, uint48 expiry, uint48 maxExpiry);
    /// @notice The zero address can neither be bound nor be an attester or the governance.
    error IdentityZeroAddress();
    /// @notice Identity ids are 1 .. 2^208 - 1 (0 means "no identity").
    error IdentityInvalidId(uint256 identity);
    /// @notice `account` is already bound to `identity`: unbind it first.
    error IdentityAlreadyBound(address account, uint256 identity);
    /// @notice `account` has no identity to unbind.
    error IdentityNotBound(address account);
    /// @notice `identity` already has `limit` bound addresses.
    error IdentityFull(uint256 identity, uint256 limit);
    /// @notice `identity` has had `limit` bindings in its lifetime; issue a new identity id.
    error IdentityHistoryFull(uint256 identity, uint256 limit);
    /// @notice The per-identity address limit must be between 1 and `max`.
    error IdentityInvalidLimit(uint256 limit, uint256 max);
    /// @notice `clockSource` uses an ERC-6372 clock mode other than timestamp or default block number.
    error IdentityUnsupportedClock(address clockSource);
    /// @notice The constructor got `attesters` attesters but `expiries` expiries.
    error IdentityAttesterListMismatch(uint256 attesters, uint256 expiries);
    /// @notice `attester` holds no term to remove.
    error IdentityUnknownAttester(address attester);
    /// @notice Only `account` itself or an active attester may unbind it.
    error IdentityUnauthorizedUnbind(address caller, address account);

    /// @notice The only address that may appoint and remove attesters: the DAO's timelock.
    function governance() external view returns (address);

    /// @notice The most addresses one identity may have bound at once.
    function maxAddressesPerIdentity() external view returns (uint256);

    /// @notice The most bindings one identity may record over its lifetime (bounds vote-time gas).
    function maxBindingsPerIdentity() external view returns (uint256);

    /// @notice Appoints `attester` until `expiry` (a unix timestamp), or renews its term. Governance only.
    function setAttester(address attester, uint48 expiry) external;

    /// @notice Ends `attester`'s term now. Governance only.
    function removeAttester(address attester) external;

    /// @notice The expiry of `attester`'s term (0 if none).
    function attesterExpiry(address attester) external view returns (uint48);

    /// @notice True if `attester`'s term has not expired.
    function isActiveAttester(address attester) external view returns (bool);

    /// @notice Binds `account` to `identity`. Active attesters only.
    function bind(address account, uint256 identity) external;

    /// @notice Unbinds `account` from its identity. The account itself or an active attester.
    function unbind(address account) external;

    /// @notice The identity `account` is bound to now (0 if none).
    function identityOf(address account) external view returns (uint256);

    /// @notice The identity `account` was bound to at the end of `timepoint` (0 if none).
    function identityAt(address account, uint256 timepoint) external view returns (uint256);

    /// @notice The addresses bound to `identity` at the end of `timepoint`, without duplicates.
    function membersAt(uint256 identity, uint256 timepoint) external view returns (address[] memory);

    /// @notice The identity of `account` at `timepoint` and all addresses bound to it then (empty if unbound).
    function unitAt(
        address account,
        uint256 timepoint
    ) external view returns (uint256 identity, address[] memory members);
}
