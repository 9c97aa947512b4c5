// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @notice Constructor parameters shared by the Polycentric governors. Durations are in the token's ERC-6372 clock
 * units (seconds in timestamp mode, blocks in block mode); `proposalThreshold` is in token wei; the quorum is
 * `quorumNumerator`/100 of the supply at the snapshot.
 *
 * Delegation caps ({GovernorVotesCapped}; PolycentricGovernor only, PolycentricGovernorLinear ignores them):
 * `capFraction` and its immutable bounds are in basis points of the supply at the snapshot (200 = 2 %);
 * `holdingPeriod` (0 disables the aged term) and its bounds are in clock units.
 */
// Constructor argument only (memory structs are never packed): fields follow the order they are documented in.
// solhint-disable-next-line gas-struct-packing
struct GovernorParams {
    string name;
    uint48 votingDelay;
    uint32 votingPeriod;
    uint256 proposalThreshold;
    uint256 quorumNumerator;
    uint48 lateQuorumExtension;
    uint256 capFraction;
    uint256 minCapFraction;
    uint256 maxCapFraction;
    uint48 holdingPeriod;
    uint48 minHoldingPeriod;
    uint48 maxHoldingPeriod;
}
