// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAttestationVerifier} from "../examples/interfaces/IAttestationVerifier.sol";

/// @title AttestationVerifier__Mock: a stand-in for TEE attestation checking. NOT A VERIFIER.
/// @dev No TEE exists in this project. An "attestation" here is accepted when it equals
/// `keccak256(abi.encode(rootCertificate, measurement, operator, issuedAt))`, which anyone can compute: it only lets
/// tests tell a matching report from a mismatched one (wrong root, measurement, operator or time).
contract AttestationVerifier__Mock is IAttestationVerifier {
    function verify(
        bytes calldata attestation,
        bytes32 rootCertificate,
        bytes32 measurement,
        address operator,
        uint64 issuedAt
    ) external pure returns (bool) {
        return
            attestation.length == 32 &&
            bytes32(attestation) == keccak256(abi.encode(rootCertificate, measurement, operator, issuedAt));
    }
}
