// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {VotesDelegatedBalance} from "./extensions/VotesDelegatedBalance.sol";

/**
 * @title PolycentricToken
 * @notice The fixed-supply governance token of a Polycentric DAO: ERC-20 with EIP-2612 permits and ERC-5805
 * votes on an ERC-6372 timestamp clock.
 * @dev Composition only; every behaviour is OpenZeppelin's except {VotesDelegatedBalance}, which checkpoints the
 * delegate and balance of accounts that delegate to a third party, so the governor can let such a delegator override
 * its delegate with exactly the balance it held at a proposal's snapshot (`getPastDelegation`). It replaces
 * OpenZeppelin's {VotesExtended}, which checkpoints every account on every transfer (+59 % transfer gas).
 *
 * The supply is minted once, to `initialHolder`; there is no mint or burn entry point, so the quorum
 * denominator (`getPastTotalSupply`) can only be moved by what holders do with existing tokens (THREATS A16). For the
 * same reason the past total supply is a constant from the minting timepoint on: {getPastTotalSupply} returns it
 * from immutables instead of searching the supply checkpoints (two cold storage reads on every vote, proposal and
 * quorum check that asks). A derived token that mints or burns after construction must override it back.
 *
 * The clock is `block.timestamp` because durations then mean the same on every chain, including L2s whose
 * `block.number` advances in jumps (THREATS A12). A block-number variant for tests lives in contracts/mocks/.
 */
contract PolycentricToken is ERC20, ERC20Permit, ERC20Votes, VotesDelegatedBalance {
    /// @notice The initial supply was zero: a governance token nobody holds can never reach quorum.
    error PolycentricTokenZeroSupply();

    uint256 private immutable _fixedSupply;
    uint48 private immutable _mintedAt;

    constructor(
        string memory name_,
        string memory symbol_,
        address initialHolder,
        uint256 initialSupply
    ) ERC20(name_, symbol_) ERC20Permit(name_) {
        if (initialSupply == 0) revert PolycentricTokenZeroSupply();
        _mint(initialHolder, initialSupply);
        _fixedSupply = initialSupply;
        _mintedAt = clock();
    }

    /// @inheritdoc Votes
    /// @dev The fixed supply from the minting timepoint on, 0 before (what the supply checkpoints hold).
    function getPastTotalSupply(uint256 timepoint) public view virtual override returns (uint256) {
        return _validateTimepoint(timepoint) >= _mintedAt ? _fixedSupply : 0;
    }

    /// @inheritdoc Votes
    function clock() public view virtual override returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc Votes
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure virtual override returns (string memory) {
        return "mode=timestamp";
    }

    // ---- override resolution (no behaviour of our own below this line) ----

    function _update(address from, address to, uint256 value) internal virtual override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function _delegate(address account, address delegatee) internal virtual override(Votes, VotesDelegatedBalance) {
        super._delegate(account, delegatee);
    }

    function _transferVotingUnits(
        address from,
        address to,
        uint256 amount
    ) internal virtual override(Votes, VotesDelegatedBalance) {
        super._transferVotingUnits(from, to, amount);
    }

    function nonces(address owner) public view virtual override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
