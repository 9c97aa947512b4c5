// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernancePolicy} from "../interfaces/IGovernancePolicy.sol";

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

/**
 * @notice A starting value outside the bounds the guardrails policy holds every later change of it to: `setter` is
 * the ruled setter's selector, `value` the starting value, [`min`, `max`] the policy's bounds. Such a start could
 * never be corrected (every in-bounds value is more than a factor of two away) or would itself break the bounds.
 */
error GovernorStartOutsidePolicyBounds(bytes4 setter, uint256 value, uint256 min, uint256 max);

/**
 * @notice A starting value inside the policy's bounds [`min`, `max`] from which no in-bounds change passes the
 * policy's factor-of-two step (`min == max`, or 1 with bounds [0, 1]): the parameter would be frozen for good.
 */
error GovernorStartFrozen(bytes4 setter, uint256 value, uint256 min, uint256 max);

/**
 * @notice The policy admits values of the parameter set by `setter` in [`policyMin`, `policyMax`], outside the
 * governor's immutable bounds [`governorMin`, `governorMax`]: the two disagree on what governance may set.
 */
error GovernorPolicyBoundsOutsideGovernorBounds(
    bytes4 setter,
    uint256 policyMin,
    uint256 policyMax,
    uint256 governorMin,
    uint256 governorMax
);

/**
 * @notice The policy's meta-governance super-quorum (`metaGovernanceQuorumBps`, basis points of the supply) is below
 * the governor's starting quorum (`quorumBps`): changing the governance machinery would be no harder than a routine
 * proposal.
 */
error GovernorMetaGovernanceQuorumBelowQuorum(uint256 metaGovernanceQuorumBps, uint256 quorumBps);

/// @dev The governor setters a guardrails policy may rule (OpenZeppelin's settings and quorum, the caps module).
interface IGovernorSetters {
    function setVotingDelay(uint48 newVotingDelay) external;

    function setVotingPeriod(uint32 newVotingPeriod) external;

    function setProposalThreshold(uint256 newProposalThreshold) external;

    function updateQuorumNumerator(uint256 newQuorumNumerator) external;

    function setLateQuorumVoteExtension(uint48 newVoteExtension) external;

    function setCapFraction(uint256 newCapFraction) external;

    function setHoldingPeriod(uint48 newHoldingPeriod) external;
}

/**
 * @notice Deployment-time checks of a governor's starting parameters against its guardrails policy.
 * @dev Called from the governor's constructor only, so it adds nothing to the runtime bytecode (EIP-170). The
 * policy bounds *changes* (bounds, ×2 step, rate limit); these checks make sure the start is one those rules can
 * move: inside every rule's bounds, with at least one admissible step, with the policy's cap and holding-period
 * bounds inside the governor's immutable ones, and with the meta-governance super-quorum at least the quorum.
 * Rules for setters this governor does not know are left to their owners.
 */
library GovernorParamsCheck {
    uint256 private constant _BPS = 10_000;

    function checkAgainstPolicy(
        GovernorParams memory p,
        IGovernancePolicy policy,
        uint256 quorumDenominator
    ) internal view {
        if (address(policy) == address(0)) return;
        uint256 metaBps = policy.config().superQuorumBps;
        uint256 quorumBps = (p.quorumNumerator * _BPS) / quorumDenominator;
        if (metaBps < quorumBps) revert GovernorMetaGovernanceQuorumBelowQuorum(metaBps, quorumBps);

        bytes4[] memory setters = policy.ruledSetters();
        for (uint256 i = 0; i < setters.length; ++i) {
            (IGovernancePolicy.ParameterRule memory r, ) = policy.parameterRule(setters[i]);
            (bool known, uint256 value, uint256 governorMin, uint256 governorMax) = _start(p, r.setter);
            if (!known) continue;
            if (value < r.min || value > r.max) revert GovernorStartOutsidePolicyBounds(r.setter, value, r.min, r.max);
            if (r.min < governorMin || r.max > governorMax) {
                revert GovernorPolicyBoundsOutsideGovernorBounds(r.setter, r.min, r.max, governorMin, governorMax);
            }
            // The only starts inside [min, max] no ×2 step can leave (GovernancePolicy._admitParameterChange): no
            // other value at all, or 1 whose only smaller neighbour, 0, is more than a factor of two away.
            if (r.getter != bytes4(0) && (r.min == r.max || (value == 1 && r.max == 1))) {
                revert GovernorStartFrozen(r.setter, value, r.min, r.max);
            }
        }
    }

    /// @dev The starting value of the parameter `setter` changes, and the governor's own immutable bounds of it.
    function _start(
        GovernorParams memory p,
        bytes4 setter
    ) private pure returns (bool known, uint256 value, uint256 min, uint256 max) {
        (known, min, max) = (true, 0, type(uint256).max);
        if (setter == IGovernorSetters.setVotingDelay.selector) value = p.votingDelay;
        else if (setter == IGovernorSetters.setVotingPeriod.selector) value = p.votingPeriod;
        else if (setter == IGovernorSetters.setProposalThreshold.selector) value = p.proposalThreshold;
        else if (setter == IGovernorSetters.updateQuorumNumerator.selector) value = p.quorumNumerator;
        else if (setter == IGovernorSetters.setLateQuorumVoteExtension.selector) value = p.lateQuorumExtension;
        else if (setter == IGovernorSetters.setCapFraction.selector) {
            (value, min, max) = (p.capFraction, p.minCapFraction, p.maxCapFraction);
        } else if (setter == IGovernorSetters.setHoldingPeriod.selector) {
            (value, min, max) = (p.holdingPeriod, p.minHoldingPeriod, p.maxHoldingPeriod);
        } else known = false;
    }
}
