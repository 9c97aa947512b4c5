// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorStorage} from "@openzeppelin/contracts/governance/extensions/GovernorStorage.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

import {IGovernancePolicy} from "../interfaces/IGovernancePolicy.sol";

/// @dev The governor views the policy reads (GovernorVotes, GovernorCountingQuadratic).
interface IGuardedGovernor {
    function token() external view returns (IERC5805);

    function proposalRawVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
}

/**
 * @title GovernancePolicy
 * @notice Guardrails for a Polycentric governor: spam limits, meta-governance classification with a super-quorum,
 * code-hash pinning of proposal targets, and bounded, rate-limited parameter changes. See {IGovernancePolicy}.
 * @dev Kept outside the governor because the governor is at the contract size limit; the governor's
 * {GovernorGuardrails} module calls it at propose, queue, execute and in its governance check, so every rule here
 * applies to the governor's own entry points and cannot be bypassed through them.
 *
 * Why these rules:
 * - *One live proposal per proposer, at most 10 actions* (GovernorBravo's limits, A8): a proposer cannot flood the
 *   review queue, and no proposal is too large to execute or review. A proposer with a Pending or Active proposal
 *   must wait until it ends (or cancel it while Pending). "Proposer" is a voting unit, like the threshold's power:
 *   every address of an identity shares one live proposal.
 * - *Code-hash pinning* (I12, A11, Tornado Cash 2023): voters review the code at the targets; if any target's code
 *   differs at queue or execute (a metamorphic contract redeployed via CREATE2, or code deployed at an address that
 *   was empty), the proposal cannot proceed. One digest per proposal keeps it to one storage slot; the per-target
 *   hashes are in {ProposalScreened} for tooling. A proxy whose implementation changes keeps its own code hash: that
 *   case is not detected here (docs/known-risks.md).
 * - *Meta-governance super-quorum* (I15, A14): a proposal touching the governance machinery needs raw For votes of
 *   at least `superQuorumBps` of the supply at its snapshot, on top of the normal quorum and majority. Raw means
 *   capped (delegation cap) but not square-rooted, the quantity the quorum uses. A dispute contract gives it the
 *   escalated challenge window.
 * - *Parameter bounds, steps and rate limits* (I15, A14, Compound Bravo MIN/MAX, Nouns bounded setters): a
 *   captured majority can move a parameter at most by a factor of two per `changeInterval`, and never past its
 *   immutable bounds, so no sequence of proposals within one interval disables a safeguard.
 */
contract GovernancePolicy is IGovernancePolicy {
    using SafeERC20 for IERC20;

    /// @inheritdoc IGovernancePolicy
    bytes4 public constant ANY_SELECTOR = 0xffffffff;
    /// @inheritdoc IGovernancePolicy
    uint256 public constant MAX_ACTIONS_LIMIT = 10;

    uint256 private constant _BPS = 10_000;
    /// @dev `queue(uint256)` and `execute(uint256)` of OpenZeppelin's GovernorStorage, should a DAO compose it.
    bytes4 private constant _QUEUE_BY_ID = bytes4(keccak256("queue(uint256)"));
    bytes4 private constant _EXECUTE_BY_ID = bytes4(keccak256("execute(uint256)"));

    /// @dev One slot per proposal: the 240-bit code digest, the classification and whether it was screened.
    struct Screening {
        uint240 digest;
        bool meta;
        bool screened;
    }

    address private immutable _governance;
    uint16 private immutable _superQuorumBps;
    uint8 private immutable _maxActions;
    uint48 private immutable _changeInterval;
    uint96 private immutable _proposalBond;
    IDisputeEscalation private immutable _disputes;

    /// @dev A bond held for a proposal (one slot); deleted when settled.
    struct Bond {
        address proposer;
        uint96 amount;
    }
    mapping(uint256 proposalId => Bond) private _bonds;

    address private _governor;

    mapping(bytes4 setter => ParameterRule) private _rules;
    mapping(bytes4 setter => uint48) private _lastChange;
    bytes4[] private _ruledSetters;

    mapping(address target => mapping(bytes4 selector => bool)) private _metaRules;
    /// @dev Keyed by the proposer's voting unit (see {_proposerUnit}), as the proposal threshold counts power.
    mapping(uint256 unit => uint256) private _lastProposal;
    mapping(uint256 proposalId => Screening) private _screenings;

    modifier onlyGovernor() {
        if (msg.sender != _governor) revert PolicyOnlyGovernor(msg.sender, _governor);
        _;
    }

    /**
     * @param config_ See {IGovernancePolicy-PolicyConfig}; `maxActions` in [1, {MAX_ACTIONS_LIMIT}],
     * `superQuorumBps` in [1, 10,000], `changeInterval` > 0.
     * @param rules Immutable parameter rules, at most one per setter, `min ≤ max`.
     * @param metaRules Initial meta-governance registry entries (e.g. the dispute contracts, an application's
     * trust registry); governance may edit them later.
     */
    constructor(PolicyConfig memory config_, ParameterRule[] memory rules, MetaRule[] memory metaRules) {
        if (config_.governance == address(0)) revert PolicyInvalidConfig("governance", 0);
        if (config_.superQuorumBps == 0 || config_.superQuorumBps > _BPS) {
            revert PolicyInvalidConfig("superQuorumBps", config_.superQuorumBps);
        }
        if (config_.maxActions == 0 || config_.maxActions > MAX_ACTIONS_LIMIT) {
            revert PolicyInvalidConfig("maxActions", config_.maxActions);
        }
        if (config_.changeInterval == 0) revert PolicyInvalidConfig("changeInterval", 0);
        _governance = config_.governance;
        _superQuorumBps = config_.superQuorumBps;
        _maxActions = config_.maxActions;
        _changeInterval = config_.changeInterval;
        _proposalBond = config_.proposalBond;
        _disputes = IDisputeEscalation(config_.disputes);

        for (uint256 i = 0; i < rules.length; ++i) {
            ParameterRule memory r = rules[i];
            if (r.setter == bytes4(0) || r.min > r.max || _rules[r.setter].setter != bytes4(0)) {
                revert PolicyInvalidParameterRule(r.setter, r.min, r.max);
            }
            _rules[r.setter] = r;
            _ruledSetters.push(r.setter);
        }
        for (uint256 i = 0; i < metaRules.length; ++i) {
            _setMetaRule(metaRules[i].target, metaRules[i].selector, true);
        }
    }

    // ---- wiring ----

    /// @inheritdoc IGovernancePolicy
    function bindGovernor() external {
        if (_governor != address(0)) revert PolicyGovernorAlreadyBound(_governor);
        _governor = msg.sender;
        emit GovernorBound(msg.sender);
    }

    /// @inheritdoc IGovernancePolicy
    function governor() external view returns (address) {
        return _governor;
    }

    /// @inheritdoc IGovernancePolicy
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc IGovernancePolicy
    function config() external view returns (PolicyConfig memory) {
        return
            PolicyConfig({
                governance: _governance,
                superQuorumBps: _superQuorumBps,
                maxActions: _maxActions,
                changeInterval: _changeInterval,
                proposalBond: _proposalBond,
                disputes: address(_disputes)
            });
    }

    // ---- meta-governance registry ----

    /// @inheritdoc IGovernancePolicy
    function isMetaCall(address target, bytes4 selector) public view returns (bool) {
        return _isBuiltInMeta(target) || _metaRules[target][selector] || _metaRules[target][ANY_SELECTOR];
    }

    /// @inheritdoc IGovernancePolicy
    function setMetaGovernance(address target, bytes4 selector, bool isMeta) external {
        if (msg.sender != _governance) revert PolicyOnlyGovernance(msg.sender, _governance);
        _setMetaRule(target, selector, isMeta);
    }

    // ---- proposals ----

    /// @inheritdoc IGovernancePolicy
    function onGovernorCall(bytes calldata data) external onlyGovernor {
        bytes4 selector = _selectorOf(data);
        if (selector == IGovernor.propose.selector) {
            _screen(data);
        } else if (selector == IGovernor.queue.selector || selector == IGovernor.execute.selector) {
            (address[] memory targets, uint256[] memory values, bytes[] memory calldatas, bytes32 descriptionHash) = abi
                .decode(data[4:], (address[], uint256[], bytes[], bytes32));
            _check(IGovernor(msg.sender).getProposalId(targets, values, calldatas, descriptionHash), targets);
        } else if (selector == _QUEUE_BY_ID || selector == _EXECUTE_BY_ID) {
            // GovernorStorage's id-only entry points: the actions come from the governor's storage.
            uint256 proposalId = abi.decode(data[4:], (uint256));
            (address[] memory targets, , , ) = GovernorStorage(payable(msg.sender)).proposalDetails(proposalId);
            _check(proposalId, targets);
        } else {
            _admitParameterChange(selector, data);
        }
    }

    /// @inheritdoc IGovernancePolicy
    function isMetaGovernance(uint256 proposalId) external view returns (bool) {
        return _screenings[proposalId].meta;
    }

    /// @inheritdoc IGovernancePolicy
    function superQuorum(uint256 proposalId) public view returns (uint256) {
        uint256 snapshot = IGovernor(_governor).proposalSnapshot(proposalId);
        uint256 supply = IGuardedGovernor(_governor).token().getPastTotalSupply(snapshot);
        return (supply * _superQuorumBps) / _BPS;
    }

    /// @inheritdoc IGovernancePolicy
    function recordedCodeDigest(uint256 proposalId) external view returns (bytes32) {
        return bytes32(uint256(_screenings[proposalId].digest));
    }

    /// @inheritdoc IGovernancePolicy
    function codeDigest(address[] calldata targets) external view returns (bytes32) {
        return _currentDigest(targets);
    }

    /// @inheritdoc IGovernancePolicy
    function checkProposal(uint256 proposalId, address[] calldata targets) external view {
        _check(proposalId, targets);
    }

    // ---- proposal bonds ----

    /// @inheritdoc IGovernancePolicy
    function proposalBondOf(uint256 proposalId) external view returns (address proposer, uint256 amount) {
        Bond memory b = _bonds[proposalId];
        return (b.proposer, b.amount);
    }

    /// @inheritdoc IGovernancePolicy
    function settleProposalBond(uint256 proposalId) external returns (address to, uint256 amount) {
        Bond memory b = _bonds[proposalId];
        if (b.amount == 0) revert PolicyNoProposalBond(proposalId);
        IGovernor.ProposalState st = IGovernor(_governor).state(proposalId);
        IDisputeEscalation.DisputeState ds = IDisputeEscalation.DisputeState.None;
        if (address(_disputes) != address(0)) ds = _disputes.disputeState(proposalId);
        if (
            st == IGovernor.ProposalState.Pending ||
            st == IGovernor.ProposalState.Active ||
            ds == IDisputeEscalation.DisputeState.Challengeable ||
            ds == IDisputeEscalation.DisputeState.Funding ||
            ds == IDisputeEscalation.DisputeState.Deliberating ||
            ds == IDisputeEscalation.DisputeState.Appealable
        ) revert PolicyProposalBondLocked(proposalId, uint8(st), uint8(ds));
        bool slashed = ds == IDisputeEscalation.DisputeState.Rejected;
        delete _bonds[proposalId];
        to = slashed ? _governance : b.proposer;
        amount = b.amount;
        IERC20(address(IGuardedGovernor(_governor).token())).safeTransfer(to, amount);
        emit ProposalBondSettled(proposalId, to, amount, slashed);
    }

    // ---- parameters ----

    /// @inheritdoc IGovernancePolicy
    function parameterRule(bytes4 setter) external view returns (ParameterRule memory rule, uint48 lastChange) {
        return (_rules[setter], _lastChange[setter]);
    }

    /// @inheritdoc IGovernancePolicy
    function ruledSetters() external view returns (bytes4[] memory) {
        return _ruledSetters;
    }

    // ---- internals ----

    /// @dev Screens a proposal the governor has just created, from the calldata of its `propose` call.
    function _screen(bytes calldata data) private {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas, string memory description) = abi
            .decode(data[4:], (address[], uint256[], bytes[], string));
        IGovernor gov = IGovernor(msg.sender);
        uint256 proposalId = gov.getProposalId(targets, values, calldatas, keccak256(bytes(description)));
        if (targets.length > _maxActions) revert PolicyTooManyActions(targets.length, _maxActions);

        address proposer = gov.proposalProposer(proposalId);
        uint256 unit = _proposerUnit(gov, proposer);
        uint256 last = _lastProposal[unit];
        if (last != 0) {
            IGovernor.ProposalState st = gov.state(last);
            if (st == IGovernor.ProposalState.Pending || st == IGovernor.ProposalState.Active) {
                revert PolicyProposerHasLiveProposal(proposer, last);
            }
        }
        _lastProposal[unit] = proposalId;

        bool meta = false;
        bytes32[] memory hashes = new bytes32[](targets.length);
        for (uint256 i = 0; i < targets.length; ++i) {
            hashes[i] = targets[i].codehash;
            if (!meta) meta = isMetaCall(targets[i], _selectorOfMemory(calldatas[i]));
        }
        _screenings[proposalId] = Screening({digest: _digest(hashes), meta: meta, screened: true});
        emit ProposalScreened(proposalId, proposer, meta, hashes);
        if (_proposalBond != 0) _postBond(proposalId, proposer);
    }

    /**
     * @dev The voting unit whose power the proposal threshold read for `proposer` (at `clock() - 1`): its identity
     * in the governor's registry, keyed `2^255 | identity` as the governor keys it, or the address itself. Keying the
     * one-live-proposal limit by unit stops one identity from keeping a live proposal per bound address (S7). A
     * governor without `identityRegistry()` has per-address units.
     */
    function _proposerUnit(IGovernor gov, address proposer) private view returns (uint256) {
        (bool ok, bytes memory ret) = address(gov).staticcall(abi.encodeWithSignature("identityRegistry()"));
        if (ok && ret.length == 32) {
            IIdentityRegistry registry = abi.decode(ret, (IIdentityRegistry));
            if (address(registry) != address(0)) {
                uint256 identity = registry.identityAt(proposer, gov.clock() - 1);
                if (identity != 0) return (1 << 255) | identity;
            }
        }
        return uint160(proposer);
    }

    /// @dev Pulls the bond from the proposer (who approved this policy beforehand); credits what arrived.
    function _postBond(uint256 proposalId, address proposer) private {
        IERC20 token = IERC20(address(IGuardedGovernor(msg.sender).token()));
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(proposer, address(this), _proposalBond);
        uint256 received = token.balanceOf(address(this)) - before;
        _bonds[proposalId] = Bond({proposer: proposer, amount: uint96(received)});
        emit ProposalBondPosted(proposalId, proposer, received);
    }

    /// @dev Super-quorum for meta-governance, then unchanged target code.
    function _check(uint256 proposalId, address[] memory targets) private view {
        Screening memory s = _screenings[proposalId];
        if (!s.screened) revert PolicyUnknownProposal(proposalId);
        if (s.meta) {
            (, uint256 forVotes, ) = IGuardedGovernor(_governor).proposalRawVotes(proposalId);
            uint256 required = superQuorum(proposalId);
            if (forVotes < required) revert PolicySuperQuorumNotReached(proposalId, forVotes, required);
        }
        bytes32 current = _currentDigest(targets);
        if (uint256(current) != s.digest) {
            revert PolicyTargetCodeChanged(proposalId, bytes32(uint256(s.digest)), current);
        }
    }

    /// @dev Admits a governance-only setter call: bounds, factor-of-two step, rate limit; unruled calls pass.
    function _admitParameterChange(bytes4 setter, bytes calldata data) private {
        ParameterRule memory rule = _rules[setter];
        if (rule.setter == bytes4(0)) return;

        // Every ruled setter takes one value type argument; the governor's ABI decoding already ran on it.
        uint256 value = uint256(bytes32(data[4:36]));
        if (value < rule.min || value > rule.max) revert PolicyParameterOutOfBounds(setter, value, rule.min, rule.max);

        uint256 current = value;
        if (rule.getter != bytes4(0)) {
            current = _readGovernor(rule.getter);
            // A zero current value has no meaningful factor of two: the bounds alone apply.
            if (current != 0 && (value > 2 * current || 2 * value < current)) {
                revert PolicyParameterStepTooLarge(setter, current, value);
            }
        }

        uint48 now_ = IERC6372(_governor).clock();
        uint48 last = _lastChange[setter];
        if (last != 0 && now_ < last + _changeInterval) {
            revert PolicyParameterRateLimited(setter, last, last + _changeInterval);
        }
        _lastChange[setter] = now_;
        emit ParameterChangeAdmitted(setter, current, value, now_);
    }

    function _isBuiltInMeta(address target) private view returns (bool) {
        return target == _governor || target == _governance || target == address(this);
    }

    function _setMetaRule(address target, bytes4 selector, bool isMeta) private {
        if (target == address(0) || _isBuiltInMeta(target)) revert PolicyBuiltInMetaTarget(target);
        emit MetaGovernanceRuleSet(target, selector, _metaRules[target][selector], isMeta);
        _metaRules[target][selector] = isMeta;
    }

    /// @dev The selector of a call; calls shorter than four bytes (plain value transfers) have the zero selector.
    function _selectorOf(bytes calldata data) private pure returns (bytes4) {
        return data.length < 4 ? bytes4(0) : bytes4(data[:4]);
    }

    /// @dev {_selectorOf} for calldata decoded into memory (the proposal's actions).
    function _selectorOfMemory(bytes memory data) private pure returns (bytes4 selector) {
        if (data.length >= 4) selector = bytes4(data);
    }

    function _currentDigest(address[] memory targets) private view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](targets.length);
        for (uint256 i = 0; i < targets.length; ++i) hashes[i] = targets[i].codehash;
        return bytes32(uint256(_digest(hashes)));
    }

    function _digest(bytes32[] memory hashes) private pure returns (uint240) {
        return uint240(uint256(keccak256(abi.encodePacked(hashes))));
    }

    function _readGovernor(bytes4 getter) private view returns (uint256 value) {
        (bool ok, bytes memory ret) = _governor.staticcall(abi.encodeWithSelector(getter));
        if (!ok || ret.length < 32) revert PolicyInvalidParameterRule(getter, 0, 0);
        value = abi.decode(ret, (uint256));
    }
}
