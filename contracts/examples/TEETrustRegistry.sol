// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IAttestationVerifier} from "./interfaces/IAttestationVerifier.sol";
import {ITEETrustRegistry} from "./interfaces/ITEETrustRegistry.sol";

/// @title TEETrustRegistry: an example trust registry for a decentralized AI network, written for Polycentric.
/// @notice Modelled on the shape of public TEE registries (one `DEFAULT_ADMIN_ROLE` decides which enclave code is
/// trusted), so the same contract can be deployed with a single admin key or with the Polycentric timelock as its
/// admin, and the authority audit can compare the two. Attestation checking is behind {IAttestationVerifier}.
contract TEETrustRegistry is ITEETrustRegistry, AccessControl {
    /// @notice The guardian's sunset is at most this far ahead when appointed: emergency power always expires.
    uint64 public constant MAX_GUARDIAN_TERM = 180 days;

    IAttestationVerifier public immutable verifier;
    /// @notice Bounds of the heartbeat max age, fixed at deployment.
    uint64 public immutable minHeartbeatMaxAge;
    uint64 public immutable maxHeartbeatMaxAge;

    mapping(bytes32 teeType => string) public teeTypeName;
    mapping(bytes32 teeType => mapping(bytes32 measurement => bool)) private _approved;
    mapping(bytes32 nodeId => Node) private _nodes;

    /// @inheritdoc ITEETrustRegistry
    bytes32 public rootCertificate;
    /// @inheritdoc ITEETrustRegistry
    uint64 public heartbeatMaxAge;
    /// @inheritdoc ITEETrustRegistry
    address public guardian;
    /// @inheritdoc ITEETrustRegistry
    uint64 public guardianExpiry;

    constructor(
        address admin,
        IAttestationVerifier verifier_,
        bytes32 rootCertificate_,
        uint64 heartbeatMaxAge_,
        uint64 minHeartbeatMaxAge_,
        uint64 maxHeartbeatMaxAge_
    ) {
        if (admin == address(0) || address(verifier_) == address(0)) revert TrustRegistryZeroAddress();
        if (minHeartbeatMaxAge_ == 0 || minHeartbeatMaxAge_ > maxHeartbeatMaxAge_) {
            revert TrustRegistryHeartbeatOutOfBounds(heartbeatMaxAge_, minHeartbeatMaxAge_, maxHeartbeatMaxAge_);
        }
        verifier = verifier_;
        minHeartbeatMaxAge = minHeartbeatMaxAge_;
        maxHeartbeatMaxAge = maxHeartbeatMaxAge_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setRootCertificate(rootCertificate_);
        _setHeartbeatMaxAge(heartbeatMaxAge_);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc ITEETrustRegistry
    function addTeeType(bytes32 teeType, string calldata name) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (bytes(teeTypeName[teeType]).length != 0) revert TrustRegistryTypeExists(teeType);
        // An empty name would make the type look unknown, so a type always has a name.
        teeTypeName[teeType] = bytes(name).length == 0 ? "unnamed" : name;
        emit TeeTypeAdded(teeType, name);
    }

    /// @inheritdoc ITEETrustRegistry
    function approveMeasurement(bytes32 teeType, bytes32 measurement) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireType(teeType);
        if (_approved[teeType][measurement]) revert TrustRegistryMeasurementApproved(teeType, measurement);
        _approved[teeType][measurement] = true;
        emit MeasurementApproved(teeType, measurement);
    }

    /// @inheritdoc ITEETrustRegistry
    function revokeMeasurement(bytes32 teeType, bytes32 measurement) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _revoke(teeType, measurement, false);
    }

    /// @inheritdoc ITEETrustRegistry
    function setRootCertificate(bytes32 root) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRootCertificate(root);
    }

    /// @inheritdoc ITEETrustRegistry
    function setHeartbeatMaxAge(uint64 maxAge) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setHeartbeatMaxAge(maxAge);
    }

    /// @inheritdoc ITEETrustRegistry
    function setGuardian(address newGuardian, uint64 expiry) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 maxExpiry = uint64(block.timestamp) + MAX_GUARDIAN_TERM;
        if (newGuardian != address(0) && (expiry <= block.timestamp || expiry > maxExpiry)) {
            revert TrustRegistryInvalidGuardianExpiry(expiry, maxExpiry);
        }
        if (newGuardian == address(0)) expiry = 0;
        emit GuardianSet(guardian, guardianExpiry, newGuardian, expiry);
        guardian = newGuardian;
        guardianExpiry = expiry;
    }

    // --------------------------------------------------------------- guardian

    /// @inheritdoc ITEETrustRegistry
    function emergencyRevokeMeasurement(bytes32 teeType, bytes32 measurement) external {
        if (msg.sender != guardian || guardian == address(0) || block.timestamp >= guardianExpiry) {
            revert TrustRegistryNotGuardian(msg.sender, guardian, guardianExpiry);
        }
        _revoke(teeType, measurement, true);
    }

    // ---------------------------------------------------------------- operators

    /// @inheritdoc ITEETrustRegistry
    function registerNode(
        bytes32 teeType,
        bytes32 measurement,
        uint64 issuedAt,
        bytes calldata attestation
    ) external returns (bytes32 nodeId) {
        _requireType(teeType);
        if (!_approved[teeType][measurement]) revert TrustRegistryMeasurementNotApproved(teeType, measurement);
        uint64 nowTime = uint64(block.timestamp);
        if (issuedAt > nowTime || nowTime - issuedAt > heartbeatMaxAge) {
            revert TrustRegistryStaleAttestation(issuedAt, heartbeatMaxAge, nowTime);
        }
        if (!verifier.verify(attestation, rootCertificate, measurement, msg.sender, issuedAt)) {
            revert TrustRegistryAttestationRejected(msg.sender, measurement);
        }
        nodeId = keccak256(abi.encode(msg.sender, teeType, measurement, attestation));
        if (_nodes[nodeId].operator != address(0)) revert TrustRegistryNodeExists(nodeId);
        _nodes[nodeId] = Node(msg.sender, teeType, measurement, nowTime, issuedAt);
        emit NodeRegistered(nodeId, msg.sender, measurement, teeType);
    }

    /// @inheritdoc ITEETrustRegistry
    function heartbeat(bytes32 nodeId) external {
        Node storage n = _nodes[nodeId];
        if (n.operator == address(0)) revert TrustRegistryUnknownNode(nodeId);
        if (n.operator != msg.sender) revert TrustRegistryNotOperator(nodeId, msg.sender, n.operator);
        n.lastHeartbeat = uint64(block.timestamp);
        emit Heartbeat(nodeId, uint64(block.timestamp));
    }

    // -------------------------------------------------------------------- views

    /// @inheritdoc ITEETrustRegistry
    function isNodeActive(bytes32 nodeId) external view returns (bool) {
        Node storage n = _nodes[nodeId];
        return
            n.operator != address(0) &&
            _approved[n.teeType][n.measurement] &&
            block.timestamp - n.lastHeartbeat <= heartbeatMaxAge;
    }

    /// @inheritdoc ITEETrustRegistry
    function isApproved(bytes32 teeType, bytes32 measurement) external view returns (bool) {
        return _approved[teeType][measurement];
    }

    /// @inheritdoc ITEETrustRegistry
    function node(bytes32 nodeId) external view returns (Node memory) {
        if (_nodes[nodeId].operator == address(0)) revert TrustRegistryUnknownNode(nodeId);
        return _nodes[nodeId];
    }

    // ----------------------------------------------------------------- internal

    function _requireType(bytes32 teeType) private view {
        if (bytes(teeTypeName[teeType]).length == 0) revert TrustRegistryUnknownType(teeType);
    }

    function _revoke(bytes32 teeType, bytes32 measurement, bool emergency) private {
        if (!_approved[teeType][measurement]) revert TrustRegistryMeasurementNotApproved(teeType, measurement);
        _approved[teeType][measurement] = false;
        emit MeasurementRevoked(teeType, measurement, emergency);
    }

    function _setRootCertificate(bytes32 root) private {
        emit RootCertificateSet(rootCertificate, root);
        rootCertificate = root;
    }

    function _setHeartbeatMaxAge(uint64 maxAge) private {
        if (maxAge < minHeartbeatMaxAge || maxAge > maxHeartbeatMaxAge) {
            revert TrustRegistryHeartbeatOutOfBounds(maxAge, minHeartbeatMaxAge, maxHeartbeatMaxAge);
        }
        emit HeartbeatMaxAgeSet(heartbeatMaxAge, maxAge);
        heartbeatMaxAge = maxAge;
    }
}
