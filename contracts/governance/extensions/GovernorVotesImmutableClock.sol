// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/**
 * @title GovernorVotesImmutableClock
 * @notice {GovernorVotes} whose ERC-6372 clock is read from the token once, at deployment.
 * @dev OpenZeppelin's {GovernorVotes-clock} makes an external call to the token on every read, and a vote reads the
 * clock at least twice (state check, late-quorum window): about 700 gas each. The token's clock mode is fixed by its
 * code (PolycentricToken is not upgradeable), so the governor records it at deployment and computes the clock
 * itself. Only the two ERC-6372 modes OpenZeppelin tokens use are accepted. Do not use with a token whose clock
 * mode can change (an upgradeable token).
 */
abstract contract GovernorVotesImmutableClock is GovernorVotes {
    bytes32 private constant _TIMESTAMP = keccak256("mode=timestamp");
    bytes32 private constant _BLOCKNUMBER = keccak256("mode=blocknumber&from=default");

    bool private immutable _timestampClock;

    /// @notice The token's ERC-6372 clock mode is neither timestamp nor default block number.
    error GovernorUnsupportedClockMode(string mode);

    constructor() {
        string memory mode = super.CLOCK_MODE();
        bytes32 hash = keccak256(bytes(mode));
        if (hash == _TIMESTAMP) _timestampClock = true;
        else if (hash != _BLOCKNUMBER) revert GovernorUnsupportedClockMode(mode);
    }

    /// @dev The token's clock, computed locally.
    function clock() public view virtual override returns (uint48) {
        return _timestampClock ? Time.timestamp() : Time.blockNumber();
    }

    /// @dev The token's clock mode, as recorded at deployment.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public view virtual override returns (string memory) {
        return _timestampClock ? "mode=timestamp" : "mode=blocknumber&from=default";
    }
}
