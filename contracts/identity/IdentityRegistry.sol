// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/**
 * @title IdentityRegistry
 * @notice Governance-appointed attesters bind addresses to identities; the governor counts one quadratic vote per
 * identity at a proposal's snapshot. A binding needs the consent of the bound account and, when the identity has
 * members, of one of them: an attester vouches for people, it cannot take their votes. See {IIdentityRegistry}.
 * @dev Laid out for the vote path, which asks "which identity was this address in at the snapshot, and who else
 * was in it?" once per vote:
 *
 * - per account, one slot holds its latest binding state and since when (`_records`); older states move to a
 *   checkpoint trace (`_history`) only when the state changes, so the common lookup (snapshot after the latest
 *   change) is one storage read and a first binding writes one slot instead of two;
 * - per identity, every binding it ever had is one slot `(account, boundAt, unboundAt)`, and the first slot also
 *   carries the identity's binding and member counts, so a one-address identity's members are one storage read.
 *
 * An address rebound later gets a new, non-overlapping interval, so it never counts twice at one timepoint.
 * Timepoints are stored as uint40 (timestamps until the year 36812, or 1.1e12 blocks).
 */
contract IdentityRegistry is IIdentityRegistry, EIP712, Nonces {
    using Checkpoints for Checkpoints.Trace208;

    /// @inheritdoc IIdentityRegistry
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant BINDING_CONSENT_TYPEHASH = keccak256(
        "BindingConsent(address account,uint256 identity,uint256 nonce,uint256 deadline)"
    );

    /// @notice Hard ceiling on the per-identity address limit (vote-time gas stays bounded; counts fit a byte).
    uint256 public constant MAX_ADDRESSES_LIMIT = 64;
    /// @notice Longest attester term governance can grant in one call: attester power always expires (I17 spirit).
    uint48 public constant MAX_ATTESTER_TERM = 730 days;

    /// @dev One binding interval. `bindings` and `members` are meaningful in an identity's first slot only.
    struct Binding {
        address account;
        uint40 boundAt;
        uint40 unboundAt; // 0 while bound
        uint8 bindings; // slot 0: how many bindings the identity ever had
        uint8 members; // slot 0: how many are bound now
    }

    /// @dev An account's latest binding state: its identity (0 = none) from `since` on.
    struct Record {
        uint208 identity;
        uint48 since;
    }

    /// @inheritdoc IIdentityRegistry
    address public immutable governance;
    uint256 private immutable _maxAddresses;
    bool private immutable _timestampClock;

    mapping(address attester => uint48 expiry) private _attesterExpiry;
    mapping(address account => Record) private _records;
    mapping(address account => Checkpoints.Trace208) private _history;
    mapping(uint256 identity => mapping(uint256 index => Binding)) private _bindings;
    /// @dev The one identity each account currently agrees to be bound to (0: none); consumed by the binding.
    mapping(address account => uint256 identity) private _consents;
    /// @dev The member of `identity` that admitted `account`; consumed by the binding, void once it left.
    mapping(uint256 identity => mapping(address account => address member)) private _admissions;

    modifier onlyGovernance() {
        if (msg.sender != governance) revert IdentityRegistryOnlyGovernance(msg.sender, governance);
        _;
    }

    /**
     * @param governance_ the DAO's timelock (the governor's executor).
     * @param clockSource the governance token: bindings use its ERC-6372 clock mode.
     * @param maxAddresses_ addresses per identity, 1 .. {MAX_ADDRESSES_LIMIT} (default deployment: 16).
     * @param initialAttesters attesters appointed at deployment, so a strict-mode DAO can start voting.
     * @param initialExpiries their terms (unix timestamps, each within {MAX_ATTESTER_TERM}).
     */
    constructor(
        address governance_,
        IERC6372 clockSource,
        uint256 maxAddresses_,
        address[] memory initialAttesters,
        uint48[] memory initialExpiries
    ) EIP712("Polycentric IdentityRegistry", "1") {
        if (governance_ == address(0)) revert IdentityZeroAddress();
        if (maxAddresses_ == 0 || maxAddresses_ > MAX_ADDRESSES_LIMIT) {
            revert IdentityInvalidLimit(maxAddresses_, MAX_ADDRESSES_LIMIT);
        }
        if (initialAttesters.length != initialExpiries.length) {
            revert IdentityAttesterListMismatch(initialAttesters.length, initialExpiries.length);
        }
        governance = governance_;
        _maxAddresses = maxAddresses_;
        // Read once: the token's clock mode never changes, and an immutable spares an external call per binding.
        bytes32 mode = keccak256(bytes(clockSource.CLOCK_MODE()));
        if (mode == keccak256("mode=timestamp")) _timestampClock = true;
        else if (mode != keccak256("mode=blocknumber&from=default")) {
            revert IdentityUnsupportedClock(address(clockSource));
        }
        for (uint256 i = 0; i < initialAttesters.length; ++i) {
            _setAttester(initialAttesters[i], initialExpiries[i]);
        }
    }

    // ---------------------------------------------------------------- clock

    /// @inheritdoc IERC6372
    function clock() public view returns (uint48) {
        return _timestampClock ? Time.timestamp() : Time.blockNumber();
    }

    /// @inheritdoc IERC6372
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        return _timestampClock ? "mode=timestamp" : "mode=blocknumber&from=default";
    }

    // ---------------------------------------------------------------- attesters

    /// @inheritdoc IIdentityRegistry
    function maxAddressesPerIdentity() public view returns (uint256) {
        return _maxAddresses;
    }

    /// @inheritdoc IIdentityRegistry
    function maxBindingsPerIdentity() public view returns (uint256) {
        return 2 * _maxAddresses;
    }

    /// @inheritdoc IIdentityRegistry
    function setAttester(address attester, uint48 expiry) external onlyGovernance {
        _setAttester(attester, expiry);
    }

    /// @inheritdoc IIdentityRegistry
    function removeAttester(address attester) external onlyGovernance {
        uint48 expiry = _attesterExpiry[attester];
        if (expiry == 0) revert IdentityUnknownAttester(attester);
        emit AttesterSet(attester, expiry, 0);
        delete _attesterExpiry[attester];
    }

    /// @inheritdoc IIdentityRegistry
    function attesterExpiry(address attester) external view returns (uint48) {
        return _attesterExpiry[attester];
    }

    /// @inheritdoc IIdentityRegistry
    function isActiveAttester(address attester) public view returns (bool) {
        return _attesterExpiry[attester] > block.timestamp;
    }

    function _setAttester(address attester, uint48 expiry) private {
        if (attester == address(0)) revert IdentityZeroAddress();
        uint48 maxExpiry = Time.timestamp() + MAX_ATTESTER_TERM;
        if (expiry <= block.timestamp || expiry > maxExpiry) {
            revert IdentityInvalidAttesterExpiry(attester, expiry, maxExpiry);
        }
        emit AttesterSet(attester, _attesterExpiry[attester], expiry);
        _attesterExpiry[attester] = expiry;
    }

    // ---------------------------------------------------------------- consent

    /// @inheritdoc IIdentityRegistry
    function consentToBind(uint256 identity) external {
        // Uses a nonce: the account's latest own word invalidates every consent it signed earlier and did not submit,
        // so an old signature cannot be replayed over a later choice or withdrawal.
        _useNonce(msg.sender);
        _consent(msg.sender, identity);
    }

    /// @inheritdoc IIdentityRegistry
    function consentToBindBySig(
        address account,
        uint256 identity,
        uint256 deadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert IdentityConsentExpired(account, deadline, block.timestamp);
        uint256 nonce = _useNonce(account);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(BINDING_CONSENT_TYPEHASH, account, identity, nonce, deadline))
        );
        // SignatureChecker: an ERC-1271 wallet consents through its own validation logic.
        if (!SignatureChecker.isValidSignatureNow(account, digest, signature)) {
            revert IdentityInvalidConsentSignature(account, identity, nonce);
        }
        _consent(account, identity);
    }

    /// @inheritdoc IIdentityRegistry
    function admitMember(uint256 identity, address account) external {
        if (identity == 0 || _records[msg.sender].identity != identity) revert IdentityNotMember(msg.sender, identity);
        if (account == address(0)) revert IdentityZeroAddress();
        _admissions[identity][account] = msg.sender;
        emit MemberAdmitted(identity, account, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    /// @dev The views are few and named for where their selectors sort (no `DOMAIN_SEPARATOR()`: `eip712Domain()`
    /// gives the domain): every function whose selector sorts near `unitAt` or `identityAt` lengthens their
    /// dispatch, and the governor calls both on every vote. As it is, a vote pays 44 gas more than before consents.
    function consentOf(address account) external view returns (uint256) {
        return _consents[account];
    }

    /// @inheritdoc IIdentityRegistry
    function admittedBy(uint256 identity, address account) external view returns (address) {
        return _admissions[identity][account];
    }

    /// @inheritdoc IIdentityRegistry
    function nonces(address account) public view override(IIdentityRegistry, Nonces) returns (uint256) {
        return super.nonces(account);
    }

    function _consent(address account, uint256 identity) private {
        if (identity > type(uint208).max) revert IdentityInvalidId(identity);
        _consents[account] = identity;
        emit BindingConsented(account, identity);
    }

    // ---------------------------------------------------------------- bindings

    /// @inheritdoc IIdentityRegistry
    function bind(address account, uint256 identity) external {
        uint48 expiry = _attesterExpiry[msg.sender];
        if (expiry <= block.timestamp) revert IdentityAttesterNotActive(msg.sender, expiry);
        if (account == address(0)) revert IdentityZeroAddress();
        if (identity == 0 || identity > type(uint208).max) revert IdentityInvalidId(identity);
        uint256 current = _records[account].identity;
        if (current != 0) revert IdentityAlreadyBound(account, current);

        mapping(uint256 => Binding) storage bindings = _bindings[identity];
        Binding memory head = bindings[0];
        if (head.members >= _maxAddresses) revert IdentityFull(identity, _maxAddresses);
        if (head.bindings >= 2 * _maxAddresses) revert IdentityHistoryFull(identity, 2 * _maxAddresses);

        // Consent of both sides, each consumed here so that it cannot be reused after an unbind.
        if (_consents[account] != identity) revert IdentityBindingNotConsented(account, identity);
        delete _consents[account];
        address admitter = _admissions[identity][account];
        // An identity with members admits through one of them, checked as a member now: an admission by an address
        // that left since is void. An identity without members has nobody to ask; the account's consent suffices.
        if (head.members != 0 && (admitter == address(0) || _records[admitter].identity != identity)) {
            revert IdentityMemberNotAdmitted(account, identity);
        }
        if (admitter != address(0)) delete _admissions[identity][account];

        uint48 now_ = clock();
        uint40 at = SafeCast.toUint40(now_);
        if (head.bindings == 0) {
            bindings[0] = Binding({account: account, boundAt: at, unboundAt: 0, bindings: 1, members: 1});
        } else {
            bindings[head.bindings] = Binding({account: account, boundAt: at, unboundAt: 0, bindings: 0, members: 0});
            (head.bindings, head.members) = (head.bindings + 1, head.members + 1);
            bindings[0] = head;
        }
        _setRecord(account, identity, now_);
        emit IdentityBound(identity, account, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function unbind(address account) external {
        if (msg.sender != account && !isActiveAttester(msg.sender)) {
            revert IdentityUnauthorizedUnbind(msg.sender, account);
        }
        uint256 identity = _records[account].identity;
        if (identity == 0) revert IdentityNotBound(account);

        uint48 now_ = clock();
        // The open binding is found by a bounded scan (≤ 2N slots) instead of a per-account index: unbinding is
        // rare, and the index would cost every first binding a storage slot.
        mapping(uint256 => Binding) storage bindings = _bindings[identity];
        uint256 i = bindings[0].bindings;
        while (bindings[--i].account != account || bindings[i].unboundAt != 0) {}
        bindings[i].unboundAt = SafeCast.toUint40(now_);
        bindings[0].members -= 1;
        _setRecord(account, 0, now_);
        emit IdentityUnbound(identity, account, msg.sender);
    }

    /// @dev Moves the account's current state into its history (unless it began this same timepoint) and records
    /// the new one.
    function _setRecord(address account, uint256 identity, uint48 now_) private {
        Record memory previous = _records[account];
        if (previous.since != now_ && (previous.since != 0 || previous.identity != 0)) {
            _history[account].push(previous.since, previous.identity);
        }
        _records[account] = Record({identity: uint208(identity), since: now_});
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address account) external view returns (uint256) {
        return _records[account].identity;
    }

    /// @inheritdoc IIdentityRegistry
    function identityAt(address account, uint256 timepoint) public view returns (uint256) {
        Record memory r = _records[account];
        if (timepoint >= r.since) return r.identity;
        return _history[account].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc IIdentityRegistry
    function membersAt(uint256 identity, uint256 timepoint) public view returns (address[] memory members) {
        mapping(uint256 => Binding) storage bindings = _bindings[identity];
        Binding memory b = bindings[0];
        uint256 count = b.bindings;
        members = new address[](count);
        uint256 found = 0;
        for (uint256 i = 0; i < count; ++i) {
            if (i > 0) b = bindings[i];
            // Bound at the end of `timepoint`: bound at or before it, and not unbound at or before it.
            if (b.boundAt <= timepoint && (b.unboundAt == 0 || b.unboundAt > timepoint)) {
                members[found++] = b.account;
            }
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(members, found)
        }
    }

    /// @inheritdoc IIdentityRegistry
    function unitAt(address account, uint256 timepoint) external view returns (uint256 identity, address[] memory) {
        identity = identityAt(account, timepoint);
        return (identity, identity == 0 ? new address[](0) : membersAt(identity, timepoint));
    }
}
