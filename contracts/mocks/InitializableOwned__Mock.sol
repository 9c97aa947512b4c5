// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @dev An owned implementation for a proxy: the owner is set once through the proxy (constructors do not run in
/// the proxy's storage). The authority audit must see past its `owner()` to the proxy's admin.
contract InitializableOwned__Mock {
    address private _owner;

    event OwnerInitialized(address oldOwner, address newOwner);

    error AlreadyInitialized(address owner);

    function initialize(address owner_) external {
        if (_owner != address(0)) revert AlreadyInitialized(_owner);
        emit OwnerInitialized(address(0), owner_);
        _owner = owner_;
    }

    function owner() external view returns (address) {
        return _owner;
    }
}
