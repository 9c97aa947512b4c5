// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @notice Constructor parameters shared by the Polycentric governors. Durations are in the token's ERC-6372 clock
 * units (seconds in timestamp mode, blocks in block mode); `proposalThreshold` is in token wei; the quorum is
 * `quorumNumerator`/100 of the supply at the snapshot.
 */
struct GovernorParams {
    string name;
    uint48 votingDelay;
    uint32 votingPeriod;
    uint256 proposalThreshold;
    uint256 quorumNumerator;
    uint48 lateQuorumExtension;
}
