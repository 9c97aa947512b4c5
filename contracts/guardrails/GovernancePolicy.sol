// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorStorage} from "@openzeppelin/contracts/governance/extensions/GovernorStorage.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
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
 *   escalated challenge window. The standard functions that change who may change a contract (roles, ownership,
 *   upgrades, guardians, {isAuthoritySelector}) are meta-governance on every target by construction: a deployer who
 *   registers a contract, or forgets to, cannot leave its admin functions on the ordinary path.
 * - *The timelock and the governor's privileged paths* (I16, issue 15 defects 5 and 12): the timelock delay stays
 *   inside immutable bounds; role changes on the timelock must keep I16 (only the governor proposes and cancels,
 *   the timelock is its own admin); proposals cannot call the timelock's own schedule or execute entry points
 *   (operations nested in an operation escape this screening); `relay` into the timelock is limited to `cancel`
 *   (stopping a queued proposal), since the governor's other roles there would bypass the proposal lifecycle; and
 *   `updateTimelock` is refused, since the policy, the dispute contracts and the application registries all name
 *   the timelock they obey and would stay with the old one.
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
    /// @dev keccak256(""): `extcodehash` of an account with a balance or nonce but no code (EIP-1052), which is 0
    /// while the account does not exist; 1 wei turns one into the other, so both count as "no code".
    bytes32 private constant _EMPTY_CODE_HASH = keccak256("");

    // The governor's privileged paths (GovernorTimelockControl, Governor).
    bytes4 private constant _RELAY = bytes4(keccak256("relay(address,uint256,bytes)"));
    bytes4 private constant _UPDATE_TIMELOCK = bytes4(keccak256("updateTimelock(address)"));

    // TimelockController.
    bytes4 private constant _TL_SCHEDULE = TimelockController.schedule.selector;
    bytes4 private constant _TL_SCHEDULE_BATCH = TimelockController.scheduleBatch.selector;
    bytes4 private constant _TL_EXECUTE = TimelockController.execute.selector;
    bytes4 private constant _TL_EXECUTE_BATCH = TimelockController.executeBatch.selector;
    bytes4 private constant _TL_CANCEL = TimelockController.cancel.selector;
    bytes4 private constant _TL_UPDATE_DELAY = TimelockController.updateDelay.selector;
    bytes32 private constant _PROPOSER_ROLE = keccak256("PROPOSER_ROLE");
    bytes32 private constant _EXECUTOR_ROLE = keccak256("EXECUTOR_ROLE");
    bytes32 private constant _CANCELLER_ROLE = keccak256("CANCELLER_ROLE");

    // Functions that change who may change a contract (isAuthoritySelector; the same list, as signatures, is
    // lib/guardrails.ts AUTHORITY_SIGNATURES, which the S2 test checks against it). Long signatures are written out.
    // AccessControl, TimelockController roles; AccessControlDefaultAdminRules.
    bytes4 private constant _GRANT_ROLE = bytes4(keccak256("grantRole(bytes32,address)"));
    bytes4 private constant _REVOKE_ROLE = bytes4(keccak256("revokeRole(bytes32,address)"));
    bytes4 private constant _RENOUNCE_ROLE = bytes4(keccak256("renounceRole(bytes32,address)"));
    bytes4 private constant _BEGIN_ADMIN_TRANSFER = 0x634e93da; // beginDefaultAdminTransfer(address)
    bytes4 private constant _ACCEPT_ADMIN_TRANSFER = bytes4(keccak256("acceptDefaultAdminTransfer()"));
    bytes4 private constant _CHANGE_ADMIN_DELAY = bytes4(keccak256("changeDefaultAdminDelay(uint48)"));
    // AccessManager, AccessManaged.
    bytes4 private constant _AM_GRANT_ROLE = bytes4(keccak256("grantRole(uint64,address,uint32)"));
    bytes4 private constant _AM_REVOKE_ROLE = bytes4(keccak256("revokeRole(uint64,address)"));
    bytes4 private constant _AM_RENOUNCE_ROLE = bytes4(keccak256("renounceRole(uint64,address)"));
    bytes4 private constant _AM_SET_ROLE_ADMIN = bytes4(keccak256("setRoleAdmin(uint64,uint64)"));
    bytes4 private constant _AM_SET_FUNCTION_ROLE = 0x08d6122d; // setTargetFunctionRole(address,bytes4[],uint64)
    bytes4 private constant _AM_UPDATE_AUTHORITY = bytes4(keccak256("updateAuthority(address,address)"));
    bytes4 private constant _SET_AUTHORITY = bytes4(keccak256("setAuthority(address)"));
    // Ownable, Ownable2Step; Compound-style pending admin.
    bytes4 private constant _TRANSFER_OWNERSHIP = bytes4(keccak256("transferOwnership(address)"));
    bytes4 private constant _RENOUNCE_OWNERSHIP = bytes4(keccak256("renounceOwnership()"));
    bytes4 private constant _ACCEPT_OWNERSHIP = bytes4(keccak256("acceptOwnership()"));
    bytes4 private constant _SET_PENDING_ADMIN = bytes4(keccak256("setPendingAdmin(address)"));
    bytes4 private constant _ACCEPT_ADMIN = bytes4(keccak256("acceptAdmin()"));
    // Upgrades: UUPS and beacons, ProxyAdmin (v5 and v4), the transparent proxy's admin (v4).
    bytes4 private constant _UPGRADE_TO = bytes4(keccak256("upgradeTo(address)"));
    bytes4 private constant _UPGRADE_TO_AND_CALL = bytes4(keccak256("upgradeToAndCall(address,bytes)"));
    bytes4 private constant _UPGRADE_AND_CALL = 0x9623609d; // upgradeAndCall(address,address,bytes)
    bytes4 private constant _UPGRADE = bytes4(keccak256("upgrade(address,address)"));
    bytes4 private constant _CHANGE_PROXY_ADMIN = 0x7eff275e; // changeProxyAdmin(address,address)
    bytes4 private constant _CHANGE_ADMIN = bytes4(keccak256("changeAdmin(address)"));
    // Timelocks and governors (a second one a DAO governs).
    bytes4 private constant _UPDATE_DELAY = bytes4(keccak256("updateDelay(uint256)"));
    // Guardians: ProposalGuardian, TEETrustRegistry, the common one-argument form.
    bytes4 private constant _SET_GUARDIAN_48 = bytes4(keccak256("setGuardian(address,uint48)"));
    bytes4 private constant _SET_GUARDIAN_64 = bytes4(keccak256("setGuardian(address,uint64)"));
    bytes4 private constant _SET_GUARDIAN = bytes4(keccak256("setGuardian(address)"));
    // Safe owners, threshold, modules and guard.
    bytes4 private constant _SAFE_ADD_OWNER = 0x0d582f13; // addOwnerWithThreshold(address,uint256)
    bytes4 private constant _SAFE_REMOVE_OWNER = 0xf8dc5dd9; // removeOwner(address,address,uint256)
    bytes4 private constant _SAFE_SWAP_OWNER = 0xe318b52b; // swapOwner(address,address,address)
    bytes4 private constant _SAFE_CHANGE_THRESHOLD = bytes4(keccak256("changeThreshold(uint256)"));
    bytes4 private constant _SAFE_ENABLE_MODULE = bytes4(keccak256("enableModule(address)"));
    bytes4 private constant _SAFE_DISABLE_MODULE = bytes4(keccak256("disableModule(address,address)"));
    bytes4 private constant _SAFE_SET_GUARD = bytes4(keccak256("setGuard(address)"));
    /// @dev Bit `b` is set when some authority selector ends in byte `b`: one shift rejects most other selectors
    /// (propose screens every action) before the comparisons. Recompute it when the list changes (the S2 test
    /// checks every signature of AUTHORITY_SIGNATURES against {isAuthoritySelector}).
    uint256 private constant _AUTHORITY_LAST_BYTES = 0x002000404620009840000041208008c20001000460080c0010002a6080090000;

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
    uint48 private immutable _minTimelockDelay;
    uint48 private immutable _maxTimelockDelay;

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
    /// @dev Registry entries per target: a target without any costs one storage read at propose, not two.
    mapping(address target => uint256) private _metaRuleCount;
    /// @dev Keyed by the proposer's voting unit (see {_proposerUnit}), as the proposal threshold counts power.
    mapping(uint256 unit => uint256) private _lastProposal;
    mapping(uint256 proposalId => Screening) private _screenings;

    modifier onlyGovernor() {
        if (msg.sender != _governor) revert PolicyOnlyGovernor(msg.sender, _governor);
        _;
    }

    /**
     * @param config_ See {IGovernancePolicy-PolicyConfig}; `maxActions` in [1, {MAX_ACTIONS_LIMIT}],
     * `superQuorumBps` in [1, 10,000], `changeInterval` > 0, `minTimelockDelay` ≤ `maxTimelockDelay`, the latter > 0.
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
        if (config_.maxTimelockDelay == 0 || config_.minTimelockDelay > config_.maxTimelockDelay) {
            revert PolicyInvalidConfig("maxTimelockDelay", config_.maxTimelockDelay);
        }
        _governance = config_.governance;
        _superQuorumBps = config_.superQuorumBps;
        _maxActions = config_.maxActions;
        _changeInterval = config_.changeInterval;
        _proposalBond = config_.proposalBond;
        _disputes = IDisputeEscalation(config_.disputes);
        _minTimelockDelay = config_.minTimelockDelay;
        _maxTimelockDelay = config_.maxTimelockDelay;
        // A timelock starting outside the delay bounds could never be brought back by a proposal (S11): refuse it.
        (bool ok, bytes memory ret) = config_.governance.staticcall(abi.encodeWithSignature("getMinDelay()"));
        if (ok && ret.length == 32) {
            uint256 delay = abi.decode(ret, (uint256));
            if (delay < config_.minTimelockDelay || delay > config_.maxTimelockDelay) {
                revert PolicyTimelockDelayOutOfBounds(delay, config_.minTimelockDelay, config_.maxTimelockDelay);
            }
        }

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
                disputes: address(_disputes),
                minTimelockDelay: _minTimelockDelay,
                maxTimelockDelay: _maxTimelockDelay
            });
    }

    // ---- meta-governance registry ----

    /// @inheritdoc IGovernancePolicy
    function isMetaCall(address target, bytes4 selector) public view returns (bool) {
        return _isBuiltInMeta(target) || _isRegisteredOrAuthority(target, selector);
    }

    /// @inheritdoc IGovernancePolicy
    function isAuthoritySelector(bytes4 s) public pure returns (bool) {
        if ((_AUTHORITY_LAST_BYTES >> uint8(uint32(s))) & 1 == 0) return false;
        return
            s == _GRANT_ROLE ||
            s == _REVOKE_ROLE ||
            s == _RENOUNCE_ROLE ||
            s == _BEGIN_ADMIN_TRANSFER ||
            s == _ACCEPT_ADMIN_TRANSFER ||
            s == _CHANGE_ADMIN_DELAY ||
            s == _AM_GRANT_ROLE ||
            s == _AM_REVOKE_ROLE ||
            s == _AM_RENOUNCE_ROLE ||
            s == _AM_SET_ROLE_ADMIN ||
            s == _AM_SET_FUNCTION_ROLE ||
            s == _AM_UPDATE_AUTHORITY ||
            s == _SET_AUTHORITY ||
            s == _TRANSFER_OWNERSHIP ||
            s == _RENOUNCE_OWNERSHIP ||
            s == _ACCEPT_OWNERSHIP ||
            s == _SET_PENDING_ADMIN ||
            s == _ACCEPT_ADMIN ||
            s == _UPGRADE_TO ||
            s == _UPGRADE_TO_AND_CALL ||
            s == _UPGRADE_AND_CALL ||
            s == _UPGRADE ||
            s == _CHANGE_PROXY_ADMIN ||
            s == _CHANGE_ADMIN ||
            s == _UPDATE_DELAY ||
            s == _UPDATE_TIMELOCK ||
            s == _SET_GUARDIAN_48 ||
            s == _SET_GUARDIAN_64 ||
            s == _SET_GUARDIAN ||
            s == _SAFE_ADD_OWNER ||
            s == _SAFE_REMOVE_OWNER ||
            s == _SAFE_SWAP_OWNER ||
            s == _SAFE_CHANGE_THRESHOLD ||
            s == _SAFE_ENABLE_MODULE ||
            s == _SAFE_DISABLE_MODULE ||
            s == _SAFE_SET_GUARD;
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
            hashes[i] = _codeHashOf(targets[i]);
            // Every action is screened (the forbidden calls), not only until the first meta-governance one.
            if (_screenAction(targets[i], calldatas[i])) meta = true;
        }
        _screenings[proposalId] = Screening({digest: _digest(hashes), meta: meta, screened: true});
        emit ProposalScreened(proposalId, proposer, meta, hashes);
        if (_proposalBond != 0) _postBond(proposalId, proposer);
    }

    /**
     * @dev Classifies one action and refuses the forbidden ones: `updateTimelock`, `relay` into the timelock other
     * than `cancel`, the timelock's own schedule and execute entry points, a timelock delay out of bounds and a
     * timelock role change that breaks I16. Returns whether the action is meta-governance.
     */
    function _screenAction(address target, bytes memory data) private view returns (bool) {
        bytes4 selector = _selectorOfMemory(data);
        if (target == _governor) {
            // Every governed contract names the timelock it obeys; moving the governor's alone splits governance.
            if (selector == _UPDATE_TIMELOCK) revert PolicyForbiddenCall(target, selector);
            if (selector == _RELAY) {
                (address inner, , bytes memory innerData) = abi.decode(_argsOf(data), (address, uint256, bytes));
                if (inner == _governance) {
                    // The governor's PROPOSER, CANCELLER and EXECUTOR roles: only cancelling a queued operation
                    // is a use a proposal may make of them; scheduling or executing would skip the lifecycle.
                    bytes4 innerSelector = _selectorOfMemory(innerData);
                    if (innerSelector != _TL_CANCEL) revert PolicyForbiddenCall(inner, innerSelector);
                }
            }
            return true;
        }
        if (target == _governance) {
            _screenTimelockCall(target, selector, data);
            return true;
        }
        return target == address(this) || _isRegisteredOrAuthority(target, selector);
    }

    /// @dev {isMetaCall} past the built-in targets: an authority selector, or a registry entry.
    function _isRegisteredOrAuthority(address target, bytes4 selector) private view returns (bool) {
        if (isAuthoritySelector(selector)) return true;
        if (_metaRuleCount[target] == 0) return false;
        return _metaRules[target][selector] || _metaRules[target][ANY_SELECTOR];
    }

    /// @dev The rules of a proposal action calling the timelock itself (see {_screenAction}).
    function _screenTimelockCall(address timelock, bytes4 selector, bytes memory data) private view {
        if (
            selector == _TL_SCHEDULE ||
            selector == _TL_SCHEDULE_BATCH ||
            selector == _TL_EXECUTE ||
            selector == _TL_EXECUTE_BATCH
        ) revert PolicyForbiddenCall(timelock, selector);
        if (selector == _TL_UPDATE_DELAY) {
            uint256 delay = abi.decode(_argsOf(data), (uint256));
            if (delay < _minTimelockDelay || delay > _maxTimelockDelay) {
                revert PolicyTimelockDelayOutOfBounds(delay, _minTimelockDelay, _maxTimelockDelay);
            }
        } else if (selector == _GRANT_ROLE || selector == _REVOKE_ROLE || selector == _RENOUNCE_ROLE) {
            (bytes32 role, address account) = abi.decode(_argsOf(data), (bytes32, address));
            bool keepsI16;
            if (selector == _GRANT_ROLE) {
                // Only the governor proposes and cancels; EXECUTOR is the governor or open; the timelock is its
                // own admin. A grant may restore that, never add another holder.
                keepsI16 =
                    (account == _governor &&
                        (role == _PROPOSER_ROLE || role == _CANCELLER_ROLE || role == _EXECUTOR_ROLE)) ||
                    (account == address(0) && role == _EXECUTOR_ROLE) ||
                    (account == timelock && role == bytes32(0));
            } else {
                // Removing a stray holder restores I16; the governor's, the timelock's and the open executor's
                // roles are what governance runs on (without them no proposal could be queued or executed).
                keepsI16 = account != _governor && account != timelock && account != address(0);
            }
            if (!keepsI16) revert PolicyTimelockRoleChangeForbidden(selector, role, account);
        }
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
        bool old = _metaRules[target][selector];
        emit MetaGovernanceRuleSet(target, selector, old, isMeta);
        if (old == isMeta) return;
        _metaRules[target][selector] = isMeta;
        if (isMeta) ++_metaRuleCount[target];
        else --_metaRuleCount[target];
    }

    /// @dev The selector of a call; calls shorter than four bytes (plain value transfers) have the zero selector.
    function _selectorOf(bytes calldata data) private pure returns (bytes4) {
        return data.length < 4 ? bytes4(0) : bytes4(data[:4]);
    }

    /// @dev {_selectorOf} for calldata decoded into memory (the proposal's actions).
    function _selectorOfMemory(bytes memory data) private pure returns (bytes4 selector) {
        if (data.length >= 4) selector = bytes4(data);
    }

    /// @dev A call's arguments without its selector, for `abi.decode` (only for actions on the governor's and the
    /// timelock's privileged functions, which are rare; malformed arguments make `propose` revert).
    function _argsOf(bytes memory data) private pure returns (bytes memory args) {
        args = new bytes(data.length - 4);
        for (uint256 i = 0; i < args.length; ++i) args[i] = data[i + 4];
    }

    /// @dev A target's code hash, with "no account" (0) and "account without code" (keccak256("")) made one.
    function _codeHashOf(address target) private view returns (bytes32 hash) {
        hash = target.codehash;
        if (hash == _EMPTY_CODE_HASH) hash = bytes32(0);
    }

    function _currentDigest(address[] memory targets) private view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](targets.length);
        for (uint256 i = 0; i < targets.length; ++i) hashes[i] = _codeHashOf(targets[i]);
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
