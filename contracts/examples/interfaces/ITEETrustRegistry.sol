// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @title Which enclave code a decentralized AI network trusts.
/// @notice TEE types, the enclave measurements approved for each type, the attestation root certificate, the heartbeat
/// policy, and the nodes operators register. A node is active while its measurement is approved and its heartbeat is
/// fresh, so revoking a measurement disables every node that runs it at once.
///
/// Authority: every admin function belongs to `DEFAULT_ADMIN_ROLE` (a single key when such networks launch; the
/// Polycentric timelock when the network is governed). The one exception is `emergencyRevokeMeasurement`, which the
/// guardian may call alone until its sunset; the admin (tokenholders, through governance) can re-approve.
interface ITEETrustRegistry {
    struct Node {
        address operator;
        bytes32 teeType;
        bytes32 measurement;
        uint64 registeredAt;
        uint64 lastHeartbeat;
    }

    /// @notice A TEE type was added.
    event TeeTypeAdded(bytes32 indexed teeType, string name);
    /// @notice A measurement was approved for a TEE type.
    event MeasurementApproved(bytes32 indexed teeType, bytes32 indexed measurement);
    /// @notice A measurement was revoked (`emergency`: by the guardian).
    event MeasurementRevoked(bytes32 indexed teeType, bytes32 indexed measurement, bool emergency);
    /// @notice The attestation root certificate changed.
    event RootCertificateSet(bytes32 oldRoot, bytes32 newRoot);
    /// @notice The heartbeat max age changed.
    event HeartbeatMaxAgeSet(uint64 oldMaxAge, uint64 newMaxAge);
    /// @notice The guardian or its sunset changed.
    event GuardianSet(address oldGuardian, uint64 oldExpiry, address newGuardian, uint64 newExpiry);
    /// @notice A node was registered by its operator.
    event NodeRegistered(
        bytes32 indexed nodeId,
        address indexed operator,
        bytes32 indexed measurement,
        bytes32 teeType
    );
    /// @notice A node proved it is alive.
    event Heartbeat(bytes32 indexed nodeId, uint64 at);

    /// @notice The TEE type exists already.
    error TrustRegistryTypeExists(bytes32 teeType);
    /// @notice The TEE type is unknown.
    error TrustRegistryUnknownType(bytes32 teeType);
    /// @notice The measurement is already approved for the type.
    error TrustRegistryMeasurementApproved(bytes32 teeType, bytes32 measurement);
    /// @notice The measurement is not (or no longer) approved for the type.
    error TrustRegistryMeasurementNotApproved(bytes32 teeType, bytes32 measurement);
    /// @notice The attestation was issued too long ago (or in the future).
    error TrustRegistryStaleAttestation(uint64 issuedAt, uint64 maxAge, uint64 nowTime);
    /// @notice The verifier rejected the attestation.
    error TrustRegistryAttestationRejected(address operator, bytes32 measurement);
    /// @notice The node id is registered already.
    error TrustRegistryNodeExists(bytes32 nodeId);
    /// @notice The node id is unknown.
    error TrustRegistryUnknownNode(bytes32 nodeId);
    /// @notice Only the node's operator may send its heartbeat.
    error TrustRegistryNotOperator(bytes32 nodeId, address caller, address operator);
    /// @notice The heartbeat max age is outside the immutable bounds.
    error TrustRegistryHeartbeatOutOfBounds(uint64 maxAge, uint64 min, uint64 max);
    /// @notice Only the guardian may call this, and only before its sunset.
    error TrustRegistryNotGuardian(address caller, address guardian, uint64 expiry);
    /// @notice The guardian's sunset is in the past or further than `MAX_GUARDIAN_TERM` ahead.
    error TrustRegistryInvalidGuardianExpiry(uint64 expiry, uint64 maxExpiry);
    /// @notice A required address is zero.
    error TrustRegistryZeroAddress();

    /// @notice Adds a TEE type. Admin only.
    function addTeeType(bytes32 teeType, string calldata name) external;
    /// @notice Approves `measurement` for `teeType`; nodes running it may register and count as active. Admin only.
    function approveMeasurement(bytes32 teeType, bytes32 measurement) external;
    /// @notice Revokes `measurement`: every node that runs it stops being active. Admin only.
    function revokeMeasurement(bytes32 teeType, bytes32 measurement) external;
    /// @notice The guardian's emergency revocation, before its sunset; the admin can re-approve.
    function emergencyRevokeMeasurement(bytes32 teeType, bytes32 measurement) external;
    /// @notice Sets the attestation root certificate (its hash). Admin only.
    function setRootCertificate(bytes32 root) external;
    /// @notice Sets how old a heartbeat (or an attestation at registration) may be, within the immutable bounds.
    function setHeartbeatMaxAge(uint64 maxAge) external;
    /// @notice Appoints the guardian with a sunset at most `MAX_GUARDIAN_TERM` ahead (address 0: none). Admin only.
    function setGuardian(address guardian, uint64 expiry) external;
    /// @notice Registers a node running an approved measurement, with a fresh attestation. Anyone (the operator).
    function registerNode(
        bytes32 teeType,
        bytes32 measurement,
        uint64 issuedAt,
        bytes calldata attestation
    ) external returns (bytes32 nodeId);
    /// @notice The node's operator proves it is alive.
    function heartbeat(bytes32 nodeId) external;

    /// @notice True while the node's measurement is approved and its last heartbeat is at most the max age old.
    function isNodeActive(bytes32 nodeId) external view returns (bool);
    /// @notice Whether `measurement` is approved for `teeType`.
    function isApproved(bytes32 teeType, bytes32 measurement) external view returns (bool);
    /// @notice The guardian (address 0 when none).
    function guardian() external view returns (address);
    /// @notice When the guardian's power ends (unix time).
    function guardianExpiry() external view returns (uint64);
    /// @notice The attestation root certificate.
    function rootCertificate() external view returns (bytes32);
    /// @notice The heartbeat max age in seconds.
    function heartbeatMaxAge() external view returns (uint64);
    /// @notice A registered node.
    function node(bytes32 nodeId) external view returns (Node memory);
}
