// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @title Verifies a TEE attestation report against the registry's root certificate.
/// @notice No TEE exists in this project: the only implementation here is `AttestationVerifier__Mock`. A production
/// registry plugs in a verifier of real attestation documents (e.g. AWS Nitro, Intel TDX) behind this interface.
interface IAttestationVerifier {
    /// @notice True when `attestation` proves that an enclave running `measurement`, controlled by `operator`, was
    /// attested at `issuedAt` under the certificate chain rooted at `rootCertificate`.
    function verify(
        bytes calldata attestation,
        bytes32 rootCertificate,
        bytes32 measurement,
        address operator,
        uint64 issuedAt
    ) external view returns (bool);
}
