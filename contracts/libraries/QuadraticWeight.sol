// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title QuadraticWeight
 * @notice The concave transform of quadratic voting: weight = ⌊√power⌋.
 * @dev Unit: power is in token wei (18 decimals), so one whole token (1e18 wei) weighs √1e18 = 1e9, and a holder
 * of W whole tokens weighs ⌊√(W · 1e18)⌋ ≈ W^½ · 1e9. Rounding is always down (at most 1 unit of 1e-9 of a
 * whole-token weight), so splitting can never gain from rounding: ⌊√a⌋ + ⌊√b⌋ ≤ … is bounded by the
 * concavity argument documented in docs/mechanism.md. The square root is OpenZeppelin's `Math.sqrt`
 * (Newton iteration from a power-of-two estimate, exact floor for every uint256), property-tested in
 * test/libraries against a bigint reference (r² ≤ x < (r+1)², monotone, isqrt(x²) = x).
 */
library QuadraticWeight {
    /// @notice ⌊√power⌋: the quadratic weight of `power` token wei.
    function weightOf(uint256 power) internal pure returns (uint256) {
        return Math.sqrt(power);
    }
}
