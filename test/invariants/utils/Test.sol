// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// Campaign code, not deployed: handlers prank actors and call by signature, invariants are named after THREATS ids.
// solhint-disable reentrancy, avoid-low-level-calls, func-name-mixedcase, gas-small-strings, gas-struct-packing
// solhint-disable function-max-lines, max-states-count, one-contract-per-file, interface-starts-with-i
// solhint-disable const-name-snakecase

/**
 * @dev The cheatcodes the campaign uses, at their fixed address (forge-std's `Vm`, reduced to what is called here).
 * The npm forge-std is too old for this forge (it needs ds-test), so the project keeps its own small base.
 */
interface Vm {
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function deal(address account, uint256 newBalance) external;
    function label(address account, string calldata label) external;
    function addr(uint256 privateKey) external pure returns (address);
    function etch(address target, bytes calldata code) external;
    function getBlockTimestamp() external view returns (uint256);
    function getBlockNumber() external view returns (uint256);
}

/**
 * @dev Assertions and the invariant-campaign discovery functions forge reads by name: `targetContracts()`,
 * `targetSelectors()`, `targetSenders()`, `excludeSenders()`. An assertion that fails reverts with a message naming
 * what broke, which is how forge reports an invariant failure.
 */
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;
    address[] private _targetSenders;
    address[] private _excludeSenders;

    // solhint-disable-next-line func-name-mixedcase
    function IS_TEST() external pure returns (bool) {
        return true;
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    function targetSender(address sender) internal {
        _targetSenders.push(sender);
    }

    // ---- assertions ----

    function fail(string memory what) internal pure {
        revert(what);
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", _str(a), " != ", _str(b)));
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert(string.concat(what, ": ", _str(a), " > ", _str(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert(string.concat(what, ": ", _str(a), " < ", _str(b)));
    }

    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        return min + (x % (max - min + 1));
    }

    function _str(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 t = v; t != 0; t /= 10) ++len;
        bytes memory b = new bytes(len);
        for (; v != 0; v /= 10) b[--len] = bytes1(uint8(48 + (v % 10)));
        return string(b);
    }
}
