// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/**
 * @title IdentityRegistry
 * @notice Governance-appointed attesters bind addresses to identities; the governor counts one quadratic vote per
 * identity at a proposal's snapshot. See {IIdentityRegistry}.
 * @dev Storage per account: a checkpointed identity id (`identityAt`). Storage per identity: the list of every
 * binding it ever had, each one slot `(account, boundAt, unboundAt)`, so `membersAt` is one pass over at most
 * `maxBindingsPerIdentity()` slots (2 × the address limit) and an account rebound later never counts twice at
 * the same timepoint (its binding intervals never overlap).
 */
contract IdentityRegistry is IIdentityRegistry {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Hard ceiling on the per-identity address limit (vote-time gas stays bounded).
    uint256 public constant MAX_ADDRESSES_LIMIT = 64;
    /// @notice Longest attester term governance can grant in one call: attester power always expires (I17 spirit).
    uint48 public constant MAX_ATTESTER_TERM = 730 days;

    struct Binding {
        address account;
        uint48 boundAt;
        uint48 unboundAt; // 0 while bound
    }

    struct Identity {
        uint32 members;
        uint32 bindings;
    }

    /// @inheritdoc IIdentityRegistry
    address public immutable governance;
    uint256 private immutable _maxAddresses;
    bool private immutable _timestampClock;

    mapping(address attester => uint48 expiry) private _attesterExpiry;
    mapping(address account => Checkpoints.Trace208) private _identityOf;
    mapping(uint256 identity => Identity) private _identities;
    mapping(uint256 identity => mapping(uint256 index => Binding)) private _bindings;

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
    ) {
        if (governance_ == address(0)) revert IdentityZeroAddress();
        if (maxAddresses_ == 0 || maxAddresses_ > MAX_ADDRESSES_LIMIT) {
            revert IdentityInvalidLimit(maxAddresses_, MAX_ADDRESSES_LIMIT);
        }
        governance = governance_;
        _maxAddresses = maxAddresses_;
        // Read once: the token's clock mode never changes, and an immutable spares an external call per binding.
        bytes32 mode = keccak256(bytes(clockSource.CLOCK_MODE()));
        if (mode == keccak256("mode=timestamp")) _timestampClock = true;
        else if (mode != keccak256("mode=blocknumber&from=default")) revert IdentityUnsupportedClock(address(clockSource));
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
        emit AttesterSet(attester, _attesterExpiry[attester], 0);
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

    // ---------------------------------------------------------------- bindings

    /// @inheritdoc IIdentityRegistry
    function bind(address account, uint256 identity) external {
        uint48 expiry = _attesterExpiry[msg.sender];
        if (expiry <= block.timestamp) revert IdentityAttesterNotActive(msg.sender, expiry);
        if (account == address(0)) revert IdentityZeroAddress();
        if (identity == 0 || identity > type(uint208).max) revert IdentityInvalidId(identity);
        uint256 current = _identityOf[account].latest();
        if (current != 0) revert IdentityAlreadyBound(account, current);

        Identity memory info = _identities[identity];
        if (info.members >= _maxAddresses) revert IdentityFull(identity, _maxAddresses);
        if (info.bindings >= 2 * _maxAddresses) revert IdentityHistoryFull(identity, 2 * _maxAddresses);

        uint48 now_ = clock();
        _bindings[identity][info.bindings] = Binding({account: account, boundAt: now_, unboundAt: 0});
        _identities[identity] = Identity({members: info.members + 1, bindings: info.bindings + 1});
        _identityOf[account].push(now_, uint208(identity));
        emit IdentityBound(identity, account, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function unbind(address account) external {
        if (msg.sender != account && !isActiveAttester(msg.sender)) {
            revert IdentityUnauthorizedUnbind(msg.sender, account);
        }
        uint256 identity = _identityOf[account].latest();
        if (identity == 0) revert IdentityNotBound(account);

        uint48 now_ = clock();
        // The open binding is found by a bounded scan instead of a per-account index: unbinding is rare, and the
        // index would cost every first binding a storage slot.
        mapping(uint256 => Binding) storage bindings = _bindings[identity];
        uint256 i = _identities[identity].bindings;
        while (bindings[--i].account != account || bindings[i].unboundAt != 0) {}
        bindings[i].unboundAt = now_;
        _identities[identity].members -= 1;
        _identityOf[account].push(now_, 0);
        emit IdentityUnbound(identity, account, msg.sender);
    }

    /// @inheritdoc IIdentityRegistry
    function identityOf(address account) external view returns (uint256) {
        return _identityOf[account].latest();
    }

    /// @inheritdoc IIdentityRegistry
    function identityAt(address account, uint256 timepoint) public view returns (uint256) {
        return _identityOf[account].upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc IIdentityRegistry
    function membersAt(uint256 identity, uint256 timepoint) public view returns (address[] memory members) {
        uint256 count = _identities[identity].bindings;
        members = new address[](count);
        uint256 found = 0;
        for (uint256 i = 0; i < count; ++i) {
            Binding memory b = _bindings[identity][i];
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
