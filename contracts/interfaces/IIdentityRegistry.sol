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
 *
 * A binding needs consent from both sides, so that an attester can vouch for a person but not take a vote: the
 * account agrees to one identity ({consentToBind}, or {consentToBindBySig} with an EIP-712 signature), and an
 * identity that has members agrees through one of them ({admitMember}). The bind consumes both.
 */
interface IIdentityRegistry is IERC6372 {
    /// @notice `attester`'s term was set (expiry 0: removed). Expiries are unix timestamps in both clock modes.
    event AttesterSet(address indexed attester, uint48 oldExpiry, uint48 newExpiry);
    /// @notice `account` was bound to `identity` by `attester`.
    event IdentityBound(uint256 indexed identity, address indexed account, address indexed attester);
    /// @notice `account` was unbound from `identity` by `by` (the account itself or an active attester).
    event IdentityUnbound(uint256 indexed identity, address indexed account, address indexed by);
    /// @notice `account` consented to be bound to `identity` (0: withdrew its consent).
    event BindingConsented(address indexed account, uint256 indexed identity);
    /// @notice `member`, bound to `identity`, admitted `account` to it.
    event MemberAdmitted(uint256 indexed identity, address indexed account, address indexed member);

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
    /// @notice `account` has no pending consent to be bound to `identity` ({consentToBind}).
    error IdentityBindingNotConsented(address account, uint256 identity);
    /// @notice No current member of `identity` admitted `account` ({admitMember}).
    error IdentityMemberNotAdmitted(address account, uint256 identity);
    /// @notice `caller` is not bound to `identity`, so it cannot admit members to it.
    error IdentityNotMember(address caller, uint256 identity);
    /// @notice A signed consent of `account` valid until `deadline` was submitted at `timestamp`.
    error IdentityConsentExpired(address account, uint256 deadline, uint256 timestamp);
    /// @notice The signature is not `account`'s consent to `identity` with its current `nonce` (wrong signer, wrong
    /// identity or registry or chain, or a nonce already used).
    error IdentityInvalidConsentSignature(address account, uint256 identity, uint256 nonce);

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

    /// @notice The EIP-712 type of a signed consent:
    /// `BindingConsent(address account,uint256 identity,uint256 nonce,uint256 deadline)`.
    // solhint-disable-next-line func-name-mixedcase
    function BINDING_CONSENT_TYPEHASH() external view returns (bytes32);

    /// @notice The nonce `account`'s next signed consent must carry.
    function nonces(address account) external view returns (uint256);

    /**
     * @notice The caller consents to be bound to `identity` by an attester (0: withdraws). One pending consent per
     * account, replaced by the next; it also uses up the caller's nonce, voiding consents it signed earlier.
     */
    function consentToBind(uint256 identity) external;

    /**
     * @notice {consentToBind} for `account`, by its EIP-712 `signature` of a `BindingConsent` carrying its current
     * nonce, submitted by anyone until `deadline` (a unix timestamp, in both clock modes). The EIP-712 domain is
     * ("Polycentric IdentityRegistry", "1", this chain, this registry), as `eip712Domain()` (ERC-5267) returns it.
     * ERC-1271 wallets sign through their `isValidSignature`.
     */
    function consentToBindBySig(address account, uint256 identity, uint256 deadline, bytes calldata signature) external;

    /**
     * @notice The caller, a current member of `identity`, consents on its behalf to `account` joining it. The
     * admission is void if the caller leaves the identity before the bind.
     */
    function admitMember(uint256 identity, address account) external;

    /// @notice The identity `account` consents to be bound to (0: none).
    function consentOf(address account) external view returns (uint256);

    /// @notice The member that admitted `account` to `identity` and whose admission awaits a bind (0: none).
    function admittedBy(uint256 identity, address account) external view returns (address);

    /**
     * @notice Binds `account` to `identity`. Active attesters only. Needs `account`'s pending consent to `identity`
     * and, if `identity` has members now, an admission of `account` by one of them; consumes both.
     */
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
