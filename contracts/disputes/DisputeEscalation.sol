// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IArbitrationCommittee} from "../interfaces/IArbitrationCommittee.sol";
import {IDisputeEscalation} from "../interfaces/IDisputeEscalation.sol";
import {IEscalationHook} from "../interfaces/IEscalationHook.sol";
import {IGovernancePolicy} from "../interfaces/IGovernancePolicy.sol";
import {ITokenholderReferendum} from "../interfaces/ITokenholderReferendum.sol";
import {ArbitrationCommittee} from "./ArbitrationCommittee.sol";
import {ProposalGuardian} from "./ProposalGuardian.sol";
import {TokenholderReferendum} from "./TokenholderReferendum.sol";

/**
 * @notice The committee {DisputeEscalation} creates: first members with their term ends (unix times), the votes a
 * ruling needs at tier 0 and on appeal at tier 1, and the longest term governance may later give (seconds).
 */
struct CommitteeConfig {
    address[] members;
    uint48[] expiries;
    uint8 threshold;
    uint8 appealThreshold;
    uint48 maxTerm;
}

/**
 * @notice The sunset proposal guardian {DisputeEscalation} creates: who, until when (unix time; zero guardian: none),
 * and the longest term governance may later give it (seconds).
 */
struct GuardianConfig {
    address guardian;
    uint48 expiry;
    uint48 maxTerm;
}

/**
 * @title DisputeEscalation
 * @notice Challenge windows, crowdfunded bonds, three escalating tiers (committee, committee on appeal, tokenholder
 * referendum), pull-payment settlement, and a sunset proposal guardian, for one {GovernorDisputable} governor.
 * @dev How the pieces fit:
 *
 * - The governor calls {bindGovernor} from its constructor, so a governor that deployed is always the bound one
 *   and no deployer key is left with any power. The committee is created by this constructor (it is the court).
 * - State is stored per proposal in one slot ({_Core}) and *derived* for the current time: elapsed deadlines
 *   (window closed, deliberation over without ruling, appeal window over, referendum over) apply by themselves
 *   in every view ({_derive}), and are written back by the next transaction that touches the dispute ({_sync}).
 *   No keeper is needed for liveness: the bound {maxResolutionTime} holds whether or not anyone calls.
 * - Bonds are pulled with transferFrom and credited with the amount actually received (balance difference), so a
 *   fee-on-transfer token cannot create unbacked credit. Every entry point that moves tokens is `nonReentrant`,
 *   and all bookkeeping is written before the transfer.
 * - Burning sends tokens to {BURN_ADDRESS}: PolycentricToken has no burn entry point by design (its supply, the
 *   quorum denominator, is fixed), and the burn address can never delegate, so burned tokens never vote again.
 *   They stay in `totalSupply`, which slightly raises every later quorum: by at most the burned share of
 *   forfeited bonds.
 */
contract DisputeEscalation is IDisputeEscalation, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Where burned bond shares go (nobody holds its key; it can never delegate).
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    /// @notice Tiers: 0 and 1 are committee tiers, 2 is the tokenholder referendum.
    uint8 public constant MAX_TIERS = 3;

    uint8 private constant _REFERENDUM_TIER = MAX_TIERS - 1;
    uint256 private constant _BPS = 10_000;
    /// @dev Written into an account's tier-0 stake slot once it claimed (no real stake pair can equal it).
    uint256 private constant _CLAIMED = type(uint256).max;

    /// @dev See {transition}.
    uint256 private constant _GRAPH = 0x874000000087046000000000050000000000000000000043200000000012;

    uint8 private constant _OPENED = 1;
    uint8 private constant _MARKED = 2;
    uint8 private constant _FINAL = 4;
    uint8 private constant _VOIDED = 8;
    uint8 private constant _SETTLED = 16;

    // Parameter bounds (THREATS I15), in seconds; converted to clock units at deployment.
    uint256 private constant _MIN_PERIOD = 1 hours;
    uint256 private constant _MAX_PERIOD = 30 days;
    uint256 private constant _SECONDS_PER_BLOCK = 12;
    /// @inheritdoc IDisputeEscalation
    uint256 public constant PARAMETERS_CHANGE_INTERVAL = 30 days;

    IERC20 private immutable _token;
    address private immutable _governance;
    IArbitrationCommittee private immutable _committee;
    ITokenholderReferendum private immutable _referendum;
    bool private immutable _timestampClock;
    uint48 private immutable _minPeriod;
    uint48 private immutable _maxPeriod;
    address private immutable _guardianModule;

    address private _governor;
    /// @dev Clock value of the last {setParameters} (the constructor's initial set is not a change).
    uint48 private _lastParamsChange;

    mapping(address hook => bool) private _hooks;
    DisputeParams[] private _params;
    uint48[] private _paramsSince;

    /// @dev One slot: the dispute's position in the graph.
    struct _Core {
        uint48 windowEnd; // challenge window end incl. extension (set when challenged)
        uint48 fundingEnd; // end of the current tier's funding phase = start of its deliberation
        uint48 ruledAt; // when the current committee tier ruled (0: no ruling)
        uint16 paramsId;
        uint8 tier;
        Ruling ruling; // current tier's ruling; the final ruling once _FINAL
        uint8 flags;
    }

    struct _Round {
        uint128 challenger;
        uint128 defender;
    }

    struct _Settlement {
        uint128 rewardPool; // losers' stakes minus the burned share
        uint128 winnerTotal; // winners' stakes at opened tiers
        uint128 winnerClaimed; // winners' stakes already claimed against
        uint128 rewardPaid;
    }

    mapping(uint256 proposalId => _Core) private _cores;
    mapping(uint256 proposalId => _Round[MAX_TIERS]) private _rounds;
    mapping(uint256 proposalId => _Settlement) private _settlements;
    /// @dev Per tier: challenger stake in the low 128 bits, defender stake in the high 128 bits.
    mapping(uint256 proposalId => mapping(address account => uint256[MAX_TIERS])) private _stakes;

    uint128 private _deposited;
    uint128 private _held;
    uint128 private _refunded;
    uint128 private _rewarded;
    uint256 private _burned;

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert DisputeOnlyGovernance(msg.sender, _governance);
        _;
    }

    /**
     * @param token_ the governance token (bonds, clock and the referendum's total supply).
     * @param governance_ the DAO's timelock (the governor's executor).
     * @param params_ the first parameter set.
     * @param committee_ the arbitration committee to create.
     * @param guardian_ the optional sunset guardian.
     * @param initialHooks_ hooks allowed to mark proposals from deployment on (e.g. {FreshPowerEscalation}): each is
     * an {IEscalationHook} deployed before this contract, which binds it here (a hook bound by someone else first
     * makes this deployment revert). Governance adds or removes hooks later with {setHook}.
     */
    constructor(
        IERC20 token_,
        address governance_,
        DisputeParams memory params_,
        CommitteeConfig memory committee_,
        GuardianConfig memory guardian_,
        address[] memory initialHooks_
    ) {
        if (address(token_) == address(0) || governance_ == address(0)) revert DisputeZeroAddress();
        _token = token_;
        _governance = governance_;
        string memory mode = IERC6372(address(token_)).CLOCK_MODE();
        bytes32 modeHash = keccak256(bytes(mode));
        if (modeHash == keccak256("mode=timestamp")) _timestampClock = true;
        else if (modeHash != keccak256("mode=blocknumber&from=default")) revert DisputeUnsupportedClock(mode);
        _minPeriod = _toClock(_MIN_PERIOD);
        _maxPeriod = _toClock(_MAX_PERIOD);
        _setParameters(params_);
        _committee = new ArbitrationCommittee(
            this,
            governance_,
            committee_.maxTerm,
            committee_.members,
            committee_.expiries,
            committee_.threshold,
            committee_.appealThreshold
        );
        _referendum = new TokenholderReferendum(this, IVotes(address(token_)));
        _guardianModule = address(
            new ProposalGuardian(this, governance_, guardian_.guardian, guardian_.expiry, guardian_.maxTerm)
        );
        for (uint256 i = 0; i < initialHooks_.length; ++i) {
            address hook = initialHooks_[i];
            if (hook == address(0)) revert DisputeZeroAddress();
            _hooks[hook] = true;
            emit HookSet(hook, false, true);
            IEscalationHook(hook).bindDisputes();
        }
    }

    // ---------------------------------------------------------------- wiring

    /// @inheritdoc IDisputeEscalation
    function bindGovernor() external {
        if (_governor != address(0)) revert DisputeGovernorAlreadyBound(_governor);
        _governor = msg.sender;
        emit GovernorBound(msg.sender);
    }

    /// @inheritdoc IDisputeEscalation
    function governor() external view returns (address) {
        return _governor;
    }

    /// @inheritdoc IDisputeEscalation
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc IDisputeEscalation
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IDisputeEscalation
    function committee() external view returns (address) {
        return address(_committee);
    }

    /// @inheritdoc IDisputeEscalation
    function referendum() external view returns (address) {
        return address(_referendum);
    }

    /// @inheritdoc IERC6372
    function clock() public view returns (uint48) {
        return _timestampClock ? Time.timestamp() : Time.blockNumber();
    }

    /// @inheritdoc IERC6372
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        return _timestampClock ? "mode=timestamp" : "mode=blocknumber&from=default";
    }

    // ---------------------------------------------------------------- state machine

    /// @inheritdoc IDisputeEscalation
    /// @dev The graph of {IDisputeEscalation-transition} as a table: the nibble at `4 × (from × 10 + action)` is
    /// `to + 1` (0: no edge) for the first ten actions; Cancel leads from every non-final state to Voided. Edges:
    /// None: Succeed→Challengeable, Mark→None. Challengeable: Mark→Challengeable, CloseWindow→Unchallenged,
    /// Challenge→Funding. Funding: Deliberate→Deliberating. Deliberating: Rule→Appealable, Escalate→Funding,
    /// FinalizeUphold→Upheld, FinalizeReject→Rejected. Appealable: Appeal→Funding, FinalizeUphold→Upheld,
    /// FinalizeReject→Rejected. (test/disputes checks every (state, action) pair against this list.)
    function transition(DisputeState from, DisputeAction action) public pure returns (DisputeState) {
        if (from < DisputeState.Upheld) {
            if (action == DisputeAction.Cancel) return DisputeState.Voided;
            uint256 to = (_GRAPH >> (4 * (uint256(from) * 10 + uint256(action)))) & 0xf;
            if (to != 0) return DisputeState(to - 1);
        }
        revert DisputeInvalidTransition(from, action);
    }

    /// @inheritdoc IDisputeEscalation
    function disputeState(uint256 proposalId) external view returns (DisputeState state) {
        (, state, ) = _derive(proposalId);
    }

    /// @inheritdoc IDisputeEscalation
    function dispute(uint256 proposalId) external view returns (DisputeView memory v) {
        (_Core memory c, DisputeState state, uint48 windowEnd) = _derive(proposalId);
        v.state = state;
        v.tier = c.tier;
        v.ruling = c.ruling;
        v.windowEnd = windowEnd;
        v.marked = c.flags & _MARKED != 0;
        if (c.flags & _OPENED == 0) return v;
        DisputeParams memory p = _params[c.paramsId];
        v.paramsId = c.paramsId;
        v.fundingEnd = c.fundingEnd;
        v.deliberationEnd = c.fundingEnd + _period(p, c.tier);
        v.ruledAt = c.ruledAt;
        if (c.ruledAt != 0) v.appealEnd = c.ruledAt + p.appealWindow;
    }

    /// @inheritdoc IDisputeEscalation
    /// @dev The governor calls this while queueing, i.e. for a proposal it just found Succeeded: an undisputed one is
    /// judged on its window alone (no second `state()` call into the governor).
    function checkQueueable(uint256 proposalId) external view {
        _Core memory c = _cores[proposalId];
        uint48 until;
        if (c.flags & (_OPENED | _VOIDED) == 0 && msg.sender == _governor) {
            IGovernor g = IGovernor(msg.sender);
            DisputeParams storage p = _params[parametersAt(g.proposalSnapshot(proposalId))];
            until = SafeCast.toUint48(
                g.proposalDeadline(proposalId) + (c.flags & _MARKED != 0 ? p.escalatedWindow : p.challengeWindow)
            );
            if (clock() > until) return;
            revert DisputeQueueBlocked(proposalId, DisputeState.Challengeable, until);
        }
        DisputeState state;
        (c, state, until) = _derive(proposalId);
        if (state == DisputeState.Unchallenged || state == DisputeState.Upheld) return;
        if (state == DisputeState.Funding || state == DisputeState.Deliberating) {
            until = c.fundingEnd + _period(_params[c.paramsId], c.tier);
        } else if (state == DisputeState.Appealable) {
            until = c.ruledAt + _params[c.paramsId].appealWindow;
        } else if (state != DisputeState.Challengeable) {
            until = 0;
        }
        revert DisputeQueueBlocked(proposalId, state, until);
    }

    /// @inheritdoc IDisputeEscalation
    function maxResolutionTime(uint16 paramsId) public view returns (uint256) {
        DisputeParams memory p = _params[paramsId];
        return
            uint256(p.escalatedWindow) +
            p.lateChallengeExtension +
            2 * (uint256(p.rulingPeriod) + p.appealWindow) +
            p.referendumPeriod;
    }

    // ---------------------------------------------------------------- parameters

    /// @inheritdoc IDisputeEscalation
    function parameters(uint16 paramsId) external view returns (DisputeParams memory params, uint48 since) {
        return (_params[paramsId], _paramsSince[paramsId]);
    }

    /// @inheritdoc IDisputeEscalation
    function latestParamsId() external view returns (uint16) {
        return uint16(_params.length - 1);
    }

    /// @inheritdoc IDisputeEscalation
    function parametersAt(uint256 timepoint) public view returns (uint16 paramsId) {
        // Parameter changes are rare: scan back from the latest.
        uint256 i = _params.length - 1;
        while (i > 0 && _paramsSince[i] > timepoint) --i;
        return uint16(i);
    }

    /// @inheritdoc IDisputeEscalation
    function setParameters(DisputeParams calldata params) external onlyGovernance {
        uint48 now_ = clock();
        uint48 last = _lastParamsChange;
        if (last != 0) {
            uint48 next = last + _toClock(PARAMETERS_CHANGE_INTERVAL);
            if (now_ < next) revert DisputeParametersRateLimited(last, next);
        }
        _lastParamsChange = now_;
        _setParameters(params);
    }

    /// @inheritdoc IDisputeEscalation
    function lastParametersChange() external view returns (uint48) {
        return _lastParamsChange;
    }

    /// @inheritdoc IDisputeEscalation
    function requiredBond(uint256 proposalId, uint8 tier) public view returns (uint256) {
        _Core storage c = _cores[proposalId];
        uint16 paramsId =
            c.flags & _OPENED != 0
                ? c.paramsId
                : parametersAt(IGovernor(_boundGovernor()).proposalSnapshot(proposalId));
        return _bondAt(_params[paramsId], tier);
    }

    // ---------------------------------------------------------------- marking

    /// @inheritdoc IDisputeEscalation
    function isHook(address hook) external view returns (bool) {
        return _hooks[hook];
    }

    /// @inheritdoc IDisputeEscalation
    function setHook(address hook, bool allowed) external onlyGovernance {
        emit HookSet(hook, _hooks[hook], allowed);
        _hooks[hook] = allowed;
    }

    /// @inheritdoc IDisputeEscalation
    function markForEscalation(uint256 proposalId) external {
        if (msg.sender != _governor && msg.sender != _guardianModule && !_hooks[msg.sender]) {
            revert DisputeUnauthorizedHook(msg.sender);
        }
        if (IGovernor(_boundGovernor()).proposalSnapshot(proposalId) == 0) revert DisputeUnknownProposal(proposalId);
        (, DisputeState state, ) = _derive(proposalId);
        if (state != DisputeState.None && state != DisputeState.Challengeable) {
            revert DisputeTooLateToMark(proposalId, state);
        }
        transition(state, DisputeAction.Mark);
        _mark(proposalId);
    }

    /// @inheritdoc IDisputeEscalation
    function proposalCreated(uint256 proposalId, address[] calldata targets) external {
        address gov = _governor;
        if (msg.sender != gov) revert DisputeOnlyGovernor(msg.sender, gov);
        for (uint256 i = 0; i < targets.length; ++i) {
            address t = targets[i];
            if (
                t == gov || t == _governance || t == address(this) || t == address(_committee) || t == _guardianModule
            ) {
                _mark(proposalId);
                return;
            }
        }
        if (_policyClassifiesMeta(gov, proposalId)) _mark(proposalId);
    }

    // ---------------------------------------------------------------- challenging and staking

    /// @inheritdoc IDisputeEscalation
    function challenge(uint256 proposalId, uint256 amount) public nonReentrant {
        (_Core memory c, DisputeState state, uint48 windowEnd) = _derive(proposalId);
        uint48 now_ = clock();
        if (state == DisputeState.None) revert DisputeChallengeWindowNotOpen(proposalId, state);
        if (state == DisputeState.Unchallenged) revert DisputeChallengeWindowClosed(proposalId, windowEnd, now_);
        if (state != DisputeState.Challengeable) {
            if (c.flags & (_FINAL | _VOIDED) != 0 || state == DisputeState.Voided) {
                revert DisputeRulingFinal(proposalId, state);
            }
            revert DisputeAlreadyChallenged(proposalId, c.tier);
        }
        transition(state, DisputeAction.Challenge);

        DisputeParams storage p = _params[c.paramsId];
        uint256 bond = p.bond;
        if (amount < bond) revert DisputeBondTooLow(proposalId, amount, bond);
        uint48 lateEnd = now_ + p.lateChallengeExtension;
        uint48 newEnd = lateEnd > windowEnd ? lateEnd : windowEnd;
        c.windowEnd = newEnd;
        c.fundingEnd = newEnd;
        c.flags |= _OPENED;
        _cores[proposalId] = c;

        uint256 received = _pull(amount);
        if (received < bond) revert DisputeBondTooLow(proposalId, received, bond);
        _credit(proposalId, 0, Side.Challenger, received);
        emit Challenged(proposalId, msg.sender, received, newEnd);
        if (newEnd != windowEnd) emit ChallengeWindowExtended(proposalId, windowEnd, newEnd);
    }

    /// @inheritdoc IDisputeEscalation
    function challengeWithPermit(
        uint256 proposalId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        // A front-run permit (same signature used by someone else) leaves the allowance in place: ignore failure.
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        challenge(proposalId, amount);
    }

    /// @inheritdoc IDisputeEscalation
    function stake(uint256 proposalId, Side side, uint256 amount) external nonReentrant {
        _stake(proposalId, side, amount, false);
    }

    /**
     * @notice Funds the appeal of the current committee ruling: a {stake} on the side that lost it, during its
     * appeal window. Reverts with {DisputeRulingFinal} once the ruling is final and {DisputeNotAppealable} when
     * there is no committee ruling to appeal.
     */
    function appeal(uint256 proposalId, uint256 amount) external nonReentrant {
        (_Core memory c, , ) = _derive(proposalId);
        _stake(proposalId, c.ruling == Ruling.Uphold ? Side.Challenger : Side.Defender, amount, true);
    }

    /// @inheritdoc IDisputeEscalation
    function appealShortfall(uint256 proposalId) external view returns (uint256) {
        (_Core memory c, DisputeState state, ) = _derive(proposalId);
        if (state != DisputeState.Appealable) return 0;
        (uint256 required, uint256 pooled, ) = _appealNeed(proposalId, c);
        return required - pooled;
    }

    // ---------------------------------------------------------------- deciding

    /// @inheritdoc IDisputeEscalation
    function rulingOpen(uint256 proposalId) external view returns (bool open, uint8 tier) {
        (_Core memory c, DisputeState state, ) = _derive(proposalId);
        return (state == DisputeState.Deliberating && c.tier < _REFERENDUM_TIER, c.tier);
    }

    /// @inheritdoc IDisputeEscalation
    function isConflicted(uint256 proposalId, address account) public view returns (bool) {
        uint256[MAX_TIERS] storage s = _stakes[proposalId][account];
        return
            s[0] != 0 || s[1] != 0 || s[2] != 0 || IGovernor(_boundGovernor()).proposalProposer(proposalId) == account;
    }

    /// @inheritdoc IDisputeEscalation
    function recordRuling(uint256 proposalId, uint8 tier, Ruling ruling) external {
        if (msg.sender != address(_committee)) revert DisputeOnlyCommittee(msg.sender, address(_committee));
        (_Core memory c, DisputeState state) = _sync(proposalId);
        if (state != DisputeState.Deliberating || c.tier != tier || tier >= _REFERENDUM_TIER) {
            revert DisputeRulingClosed(proposalId, state, c.tier);
        }
        if (ruling != Ruling.Uphold && ruling != Ruling.Reject) revert DisputeInvalidRuling(ruling);
        transition(state, DisputeAction.Rule);
        c.ruling = ruling;
        c.ruledAt = clock();
        _cores[proposalId] = c;
        emit Ruled(proposalId, tier, ruling, c.ruledAt + _params[c.paramsId].appealWindow);
    }

    /// @inheritdoc IDisputeEscalation
    function referendumOpen(uint256 proposalId) external view returns (bool open, uint256 snapshot) {
        (_Core memory c, DisputeState state, ) = _derive(proposalId);
        if (c.tier != _REFERENDUM_TIER) return (false, 0);
        return (state == DisputeState.Deliberating, _referendumSnapshot(c));
    }

    // ---------------------------------------------------------------- settling and claiming

    /// @inheritdoc IDisputeEscalation
    function stakeOf(
        uint256 proposalId,
        address account,
        uint8 tier
    ) external view returns (uint256 challenger, uint256 defender) {
        uint256[MAX_TIERS] storage s = _stakes[proposalId][account];
        if (s[0] == _CLAIMED) return (0, 0);
        return _unpack(s[tier]);
    }

    /**
     * @notice True when `account` claimed on `proposalId`.
     */
    function hasClaimed(uint256 proposalId, address account) external view returns (bool) {
        return _stakes[proposalId][account][0] == _CLAIMED;
    }

    /// @inheritdoc IDisputeEscalation
    function pools(uint256 proposalId, uint8 tier) external view returns (uint256 challenger, uint256 defender) {
        _Round storage r = _rounds[proposalId][tier];
        return (r.challenger, r.defender);
    }

    /// @inheritdoc IDisputeEscalation
    function claimable(uint256 proposalId, address account) external view returns (uint256 refund, uint256 reward) {
        (_Core memory c, DisputeState state, ) = _derive(proposalId);
        if (!_isFinal(state) || _stakes[proposalId][account][0] == _CLAIMED) return (0, 0);
        _Settlement memory s;
        if (c.flags & _SETTLED != 0) s = _settlements[proposalId];
        else (s, ) = _settlementOf(proposalId, c);
        (refund, reward, ) = _owed(proposalId, c, s, account);
    }

    /// @inheritdoc IDisputeEscalation
    function settle(uint256 proposalId) external nonReentrant {
        (_Core memory c, DisputeState state) = _sync(proposalId);
        if (!_isFinal(state)) revert DisputeNotFinal(proposalId, state);
        _settle(proposalId, c);
    }

    /// @inheritdoc IDisputeEscalation
    function claim(uint256 proposalId) external nonReentrant returns (uint256 refund, uint256 reward) {
        (_Core memory c, DisputeState state) = _sync(proposalId);
        if (!_isFinal(state)) revert DisputeNotFinal(proposalId, state);
        c = _settle(proposalId, c);
        uint256[MAX_TIERS] storage st = _stakes[proposalId][msg.sender];
        if (st[0] == _CLAIMED) revert DisputeAlreadyClaimed(proposalId, msg.sender);
        _Settlement memory s = _settlements[proposalId];
        uint256 winnerStake;
        (refund, reward, winnerStake) = _owed(proposalId, c, s, msg.sender);
        uint256 total = refund + reward;
        if (total == 0) revert DisputeNothingToClaim(proposalId, msg.sender);

        // Effects before the transfer: the account can never be paid twice, whatever the token does on transfer.
        st[0] = _CLAIMED;
        if (st[1] != 0) st[1] = 0;
        if (st[2] != 0) st[2] = 0;
        if (winnerStake != 0) {
            _settlements[proposalId].winnerClaimed = s.winnerClaimed + SafeCast.toUint128(winnerStake);
            _settlements[proposalId].rewardPaid = s.rewardPaid + SafeCast.toUint128(reward);
        }
        _held -= SafeCast.toUint128(total);
        _refunded += SafeCast.toUint128(refund);
        _rewarded += SafeCast.toUint128(reward);
        emit Claimed(proposalId, msg.sender, refund, reward);
        _token.safeTransfer(msg.sender, total);
    }

    /// @inheritdoc IDisputeEscalation
    function accounting()
        external
        view
        returns (uint256 deposited, uint256 refunded, uint256 rewarded, uint256 burned, uint256 held)
    {
        return (_deposited, _refunded, _rewarded, _burned, _held);
    }

    // ---------------------------------------------------------------- cancelling

    /// @inheritdoc IDisputeEscalation
    function proposalGuardian() external view returns (address) {
        return _guardianModule;
    }

    /// @inheritdoc IDisputeEscalation
    function cancelProposal(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        bytes32 descriptionHash
    ) external nonReentrant {
        IGovernor g = IGovernor(_boundGovernor());
        uint256 proposalId = g.getProposalId(targets, values, calldatas, descriptionHash);
        (_Core memory c, DisputeState state) = _sync(proposalId);
        if (msg.sender != _guardianModule) {
            if (state != DisputeState.Rejected) revert DisputeCancelNotAllowed(proposalId, state, msg.sender);
        } else if (!_isFinal(state)) {
            transition(state, DisputeAction.Cancel);
            if (c.flags & _OPENED != 0) {
                _cores[proposalId].flags = c.flags | _VOIDED;
                emit Voided(proposalId);
            }
        }
        g.cancel(targets, values, calldatas, descriptionHash);
    }

    // ---------------------------------------------------------------- internals: derivation

    /**
     * @dev The dispute as of now, with elapsed deadlines applied (nothing written), and the challenge window end.
     */
    function _derive(uint256 proposalId) private view returns (_Core memory c, DisputeState state, uint48 windowEnd) {
        c = _cores[proposalId];
        if (c.flags & _VOIDED != 0) return (c, DisputeState.Voided, c.windowEnd);
        if (c.flags & _FINAL != 0) return (c, _finalState(c.ruling), c.windowEnd);
        if (c.flags & _OPENED == 0) {
            (state, windowEnd, c.paramsId) = _unopenedState(proposalId, c.flags & _MARKED != 0);
            return (c, state, windowEnd);
        }
        windowEnd = c.windowEnd;
        DisputeParams memory p = _params[c.paramsId];
        uint48 now_ = clock();
        while (true) {
            if (c.ruling == Ruling.None) {
                if (now_ <= c.fundingEnd) return (c, DisputeState.Funding, windowEnd);
                uint48 end = c.fundingEnd + _period(p, c.tier);
                if (now_ <= end) return (c, DisputeState.Deliberating, windowEnd);
                if (c.tier == _REFERENDUM_TIER) {
                    c.ruling = _referendumOutcome(proposalId, p, c);
                    c.flags |= _FINAL;
                    return (c, _finalState(c.ruling), windowEnd);
                }
                // The committee did not rule in time: the next tier opens by itself, no new bond needed.
                ++c.tier;
                c.fundingEnd = end + p.appealWindow;
            } else {
                if (now_ <= c.ruledAt + p.appealWindow) return (c, DisputeState.Appealable, windowEnd);
                c.flags |= _FINAL;
                return (c, _finalState(c.ruling), windowEnd);
            }
        }
    }

    /**
     * @dev A proposal nobody challenged yet: its state read from the governor, its window end and the parameter set
     * it would be disputed under (the one in force at its snapshot).
     */
    function _unopenedState(
        uint256 proposalId,
        bool marked
    ) private view returns (DisputeState, uint48 windowEnd, uint16 paramsId) {
        IGovernor g = IGovernor(_governor);
        if (address(g) == address(0)) return (DisputeState.None, 0, 0);
        uint256 snapshot = g.proposalSnapshot(proposalId);
        if (snapshot == 0) return (DisputeState.None, 0, 0);
        paramsId = parametersAt(snapshot);
        IGovernor.ProposalState ps = g.state(proposalId);
        if (ps == IGovernor.ProposalState.Canceled) return (DisputeState.Voided, 0, paramsId);
        if (ps == IGovernor.ProposalState.Queued || ps == IGovernor.ProposalState.Executed) {
            return (DisputeState.Unchallenged, 0, paramsId);
        }
        if (ps != IGovernor.ProposalState.Succeeded) return (DisputeState.None, 0, paramsId);
        DisputeParams storage p = _params[paramsId];
        uint256 window = marked ? p.escalatedWindow : p.challengeWindow;
        windowEnd = SafeCast.toUint48(g.proposalDeadline(proposalId) + window);
        return (clock() <= windowEnd ? DisputeState.Challengeable : DisputeState.Unchallenged, windowEnd, paramsId);
    }

    /// @dev {_derive}, then writes back what elapsed deadlines changed (an opened dispute only).
    function _sync(uint256 proposalId) private returns (_Core memory c, DisputeState state) {
        (c, state, ) = _derive(proposalId);
        if (c.flags & _OPENED == 0) return (c, state);
        _Core storage stored = _cores[proposalId];
        bool newlyFinal = c.flags & _FINAL != 0 && stored.flags & _FINAL == 0;
        if (stored.tier != c.tier || newlyFinal || stored.fundingEnd != c.fundingEnd) {
            _cores[proposalId] = c;
            if (newlyFinal) emit Finalized(proposalId, c.tier, c.ruling);
        }
    }

    function _finalState(Ruling ruling) private pure returns (DisputeState) {
        return ruling == Ruling.Reject ? DisputeState.Rejected : DisputeState.Upheld;
    }

    function _isFinal(DisputeState state) private pure returns (bool) {
        return state == DisputeState.Upheld || state == DisputeState.Rejected || state == DisputeState.Voided;
    }

    function _period(DisputeParams memory p, uint8 tier) private pure returns (uint48) {
        return tier == _REFERENDUM_TIER ? p.referendumPeriod : p.rulingPeriod;
    }

    function _bondAt(DisputeParams memory p, uint8 tier) private pure returns (uint256) {
        return uint256(p.bond) * uint256(p.appealFactor) ** tier;
    }

    // ---------------------------------------------------------------- internals: staking

    function _stake(uint256 proposalId, Side side, uint256 amount, bool appealOnly) private {
        if (amount == 0) revert DisputeZeroAmount(proposalId);
        (_Core memory c, DisputeState state) = _sync(proposalId);
        if (_isFinal(state)) revert DisputeRulingFinal(proposalId, state);
        if (appealOnly && state != DisputeState.Appealable) revert DisputeNotAppealable(proposalId, state);
        if (state != DisputeState.Funding && state != DisputeState.Appealable) {
            revert DisputeNotFunding(proposalId, state);
        }
        if (_committee.hasVoted(proposalId, msg.sender)) revert DisputeDeciderCannotStake(proposalId, msg.sender);

        if (state == DisputeState.Funding) {
            _credit(proposalId, c.tier, side, _pull(amount));
            return;
        }
        // Appealable: stakes fund the next tier. The side that lost completes the appeal bond.
        uint8 next = c.tier + 1;
        (uint256 required, uint256 pooled, Side loser) = _appealNeed(proposalId, c);
        if (side != loser) {
            _credit(proposalId, next, side, _pull(amount));
            return;
        }
        uint256 take = Math.min(amount, required - pooled);
        _credit(proposalId, next, side, _pull(take));
        if (_sideOf(_rounds[proposalId][next], loser) >= required) {
            transition(state, DisputeAction.Appeal);
            c.fundingEnd = c.ruledAt + _params[c.paramsId].appealWindow;
            c.tier = next;
            c.ruling = Ruling.None;
            c.ruledAt = 0;
            _cores[proposalId] = c;
            emit Appealed(proposalId, next, loser, c.fundingEnd);
        }
    }

    /// @dev The bond the appeal of the current ruling needs, what the losing side pooled for it, and that side.
    function _appealNeed(
        uint256 proposalId,
        _Core memory c
    ) private view returns (uint256 required, uint256 pooled, Side loser) {
        loser = c.ruling == Ruling.Uphold ? Side.Challenger : Side.Defender;
        required = _bondAt(_params[c.paramsId], c.tier + 1);
        pooled = _sideOf(_rounds[proposalId][c.tier + 1], loser);
    }

    function _sideOf(_Round storage r, Side side) private view returns (uint256) {
        return side == Side.Challenger ? r.challenger : r.defender;
    }

    /// @dev Pulls `amount` from the caller and returns what actually arrived.
    function _pull(uint256 amount) private returns (uint256) {
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        return _token.balanceOf(address(this)) - before;
    }

    function _credit(uint256 proposalId, uint8 tier, Side side, uint256 amount) private {
        if (amount == 0) revert DisputeZeroAmount(proposalId);
        uint128 a = SafeCast.toUint128(amount);
        _Round storage r = _rounds[proposalId][tier];
        uint256[MAX_TIERS] storage s = _stakes[proposalId][msg.sender];
        if (side == Side.Challenger) {
            r.challenger += a;
            s[tier] += a;
        } else {
            r.defender += a;
            s[tier] += uint256(a) << 128;
        }
        _deposited += a;
        _held += a;
        emit Staked(proposalId, msg.sender, tier, side, amount);
    }

    // ---------------------------------------------------------------- internals: settlement

    /// @dev The split of a final dispute (not written) and the share to burn.
    function _settlementOf(
        uint256 proposalId,
        _Core memory c
    ) private view returns (_Settlement memory s, uint256 burn) {
        if (c.flags & _VOIDED != 0) return (s, 0);
        bool upheld = c.ruling == Ruling.Uphold;
        uint256 losers;
        uint256 winners;
        for (uint8 k = 0; k <= c.tier; ++k) {
            _Round storage r = _rounds[proposalId][k];
            losers += upheld ? r.challenger : r.defender;
            winners += upheld ? r.defender : r.challenger;
        }
        // Nobody to reward: everything the losers forfeited is burned.
        burn = winners == 0 ? losers : (losers * _params[c.paramsId].burnBps) / _BPS;
        s.rewardPool = SafeCast.toUint128(losers - burn);
        s.winnerTotal = SafeCast.toUint128(winners);
    }

    /// @dev Writes the split and burns the burn share, once per dispute.
    function _settle(uint256 proposalId, _Core memory c) private returns (_Core memory) {
        if (c.flags & _SETTLED != 0) return c;
        (_Settlement memory s, uint256 burn) = _settlementOf(proposalId, c);
        c.flags |= _SETTLED;
        _cores[proposalId].flags = c.flags;
        if (s.winnerTotal != 0) _settlements[proposalId] = s;
        emit Settled(proposalId, burn, s.rewardPool);
        if (burn != 0) {
            _burned += burn;
            _held -= SafeCast.toUint128(burn);
            _token.safeTransfer(BURN_ADDRESS, burn);
        }
        return c;
    }

    /**
     * @dev What `account` is owed on a final dispute: stakes at tiers that never opened (an appeal that was not
     * completed) and on the winning side come back as `refund`; the winning stake also earns its pro-rata share of
     * the reward pool (the last winner to claim takes the rounding remainder); losing stakes at opened tiers are
     * forfeited. A voided dispute refunds everything.
     */
    function _owed(
        uint256 proposalId,
        _Core memory c,
        _Settlement memory s,
        address account
    ) private view returns (uint256 refund, uint256 reward, uint256 winnerStake) {
        uint256[MAX_TIERS] storage st = _stakes[proposalId][account];
        bool voided = c.flags & _VOIDED != 0;
        for (uint8 k = 0; k < MAX_TIERS; ++k) {
            (uint256 ch, uint256 de) = _unpack(st[k]);
            if (voided || k > c.tier) refund += ch + de;
            else winnerStake += c.ruling == Ruling.Uphold ? de : ch;
        }
        if (winnerStake == 0) return (refund, 0, 0);
        refund += winnerStake;
        reward =
            s.winnerClaimed + winnerStake == s.winnerTotal
                ? s.rewardPool - s.rewardPaid
                : (uint256(s.rewardPool) * winnerStake) / s.winnerTotal;
    }

    function _unpack(uint256 packed) private pure returns (uint256 challenger, uint256 defender) {
        return (uint128(packed), packed >> 128);
    }

    // ---------------------------------------------------------------- internals: referendum

    /// @dev The moment the dispute reached the referendum tier, minus one: votes acquired after it do not count.
    function _referendumSnapshot(_Core memory c) private view returns (uint256) {
        return c.fundingEnd - _params[c.paramsId].appealWindow - 1;
    }

    /// @dev The referendum's verdict once its vote closed ({ITokenholderReferendum-outcome}).
    function _referendumOutcome(
        uint256 proposalId,
        DisputeParams memory p,
        _Core memory c
    ) private view returns (Ruling) {
        return _referendum.outcome(proposalId, _referendumSnapshot(c), p.superQuorumBps);
    }

    // ---------------------------------------------------------------- internals: misc

    function _mark(uint256 proposalId) private {
        _cores[proposalId].flags |= _MARKED;
        emit EscalationRequired(proposalId, msg.sender, 0);
    }

    /// @dev Whether the governor's guardrails policy (GovernorGuardrails.proposalPolicy, if the governor has one)
    /// classified the proposal as meta-governance. The governor screens a proposal before reporting it here. A
    /// governor without the getter (or with the module off) classifies nothing.
    function _policyClassifiesMeta(address gov, uint256 proposalId) private view returns (bool) {
        (bool ok, bytes memory ret) = gov.staticcall(abi.encodeWithSignature("proposalPolicy()"));
        if (!ok || ret.length < 32) return false;
        address policy = abi.decode(ret, (address));
        return policy != address(0) && IGovernancePolicy(policy).isMetaGovernance(proposalId);
    }

    function _boundGovernor() private view returns (address g) {
        g = _governor;
        if (g == address(0)) revert DisputeGovernorNotBound();
    }

    function _setParameters(DisputeParams memory p) private {
        _checkPeriod("challengeWindow", p.challengeWindow, _minPeriod);
        _checkPeriod("escalatedWindow", p.escalatedWindow, p.challengeWindow);
        _checkRange("lateChallengeExtension", p.lateChallengeExtension, 0, p.challengeWindow);
        _checkPeriod("rulingPeriod", p.rulingPeriod, _minPeriod);
        _checkPeriod("appealWindow", p.appealWindow, _minPeriod);
        _checkPeriod("referendumPeriod", p.referendumPeriod, _minPeriod);
        _checkRange("burnBps", p.burnBps, 1_000, _BPS);
        _checkRange("superQuorumBps", p.superQuorumBps, 100, 5_000);
        _checkRange("appealFactor", p.appealFactor, 2, 10);
        _checkRange("bond", p.bond, 1, type(uint96).max);
        uint256 id = _params.length;
        if (id > type(uint16).max) revert DisputeInvalidParameter("paramsId", id, 0, type(uint16).max);
        DisputeParams memory old;
        if (id > 0) old = _params[id - 1];
        uint48 since = clock();
        _params.push(p);
        _paramsSince.push(since);
        emit ParametersSet(uint16(id), since, old, p);
    }

    function _checkPeriod(bytes32 name, uint256 value, uint256 min) private view {
        _checkRange(name, value, min, _maxPeriod);
    }

    function _checkRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert DisputeInvalidParameter(name, value, min, max);
    }

    function _toClock(uint256 secondsDuration) private view returns (uint48) {
        return SafeCast.toUint48(_timestampClock ? secondsDuration : secondsDuration / _SECONDS_PER_BLOCK);
    }
}
