// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";

/**
 * @title IDisputeEscalation
 * @notice Where authority settles when people disagree (THREATS I13, I17–I20, A9). Every proposal that succeeds
 * gets a challenge window before it can be queued; anyone may challenge it by posting a bond; the dispute then
 * climbs at most three tiers — an arbitration committee, the committee again on appeal, and a bounded tokenholder
 * referendum — each appeal costing `appealFactor` times the previous tier's bond. Bonds are crowdfunded on both
 * sides, the losing side's stakes are partly burned and partly paid to the winning side, and every payout is
 * pulled with {claim}.
 *
 * Sides: the *challenger* side argues the proposal must not run (ruling Reject); the *defender* side argues it
 * must (ruling Uphold).
 *
 * Every tier has a funding phase then a deliberation phase. Tier 0's funding phase is the rest of the challenge
 * window (extended by a bounded amount when the challenge lands late); tier k ≥ 1's funding phase is the appeal
 * window of tier k−1. Stakes can only be added during a funding phase, so nobody can join a side after seeing the
 * committee's or the tokenholders' votes.
 *
 * Durations are in the governance token's ERC-6372 clock units (seconds or blocks), like the governor's;
 * committee seat and guardian expiries are unix timestamps in both clock modes.
 */
interface IDisputeEscalation is IERC6372 {
    /**
     * @notice Where a proposal's dispute stands. `None`: the proposal has not succeeded (pending, active,
     * defeated, unknown). `Challengeable`: it succeeded and its challenge window runs. `Unchallenged`: the window
     * closed without a challenge (queueable). `Funding`: a tier is open for stakes. `Deliberating`: the tier's
     * deciders (committee or tokenholders) decide. `Appealable`: a committee ruled; the losing side may appeal.
     * `Upheld` / `Rejected`: final rulings (Upheld is queueable, Rejected never is). `Voided`: the proposal was
     * cancelled before any final ruling; every stake is refunded.
     */
    enum DisputeState {
        None,
        Challengeable,
        Unchallenged,
        Funding,
        Deliberating,
        Appealable,
        Upheld,
        Rejected,
        Voided
    }

    /** @notice What moves a dispute from one {DisputeState} to the next (see {transition}). */
    enum DisputeAction {
        Succeed,
        Mark,
        CloseWindow,
        Challenge,
        Deliberate,
        Rule,
        Escalate,
        Appeal,
        FinalizeUphold,
        FinalizeReject,
        Cancel
    }

    /** @notice A ruling: none yet, the proposal may run (Uphold), or it may not (Reject). */
    enum Ruling {
        None,
        Uphold,
        Reject
    }

    /** @notice The two sides of a dispute. Challenger wins on Reject, Defender wins on Uphold. */
    enum Side {
        Challenger,
        Defender
    }

    /**
     * @notice Tunable parameters. Durations in clock units; `bond` in token wei; basis points over 10,000.
     * @param challengeWindow how long after a proposal succeeds it may be challenged.
     * @param escalatedWindow the (longer) window of a proposal marked as requiring escalation.
     * @param lateChallengeExtension a challenge landing within this much of the window's end pushes the end to
     * `challenge time + lateChallengeExtension` (so the window grows by at most this much, once).
     * @param rulingPeriod how long the committee deliberates at each committee tier.
     * @param appealWindow how long the losing side has to fund an appeal (the next tier's funding phase).
     * @param referendumPeriod how long the final tokenholder referendum lasts.
     * @param burnBps the share of the losing side's stakes that is burned; the rest goes to the winners.
     * @param superQuorumBps the referendum can only reject with Reject + Abstain participation of at least this
     * share of the total supply at its snapshot.
     * @param appealFactor g: the bond required at tier k is `bond × g^k`.
     * @param bond the tier-0 bond.
     */
    struct DisputeParams {
        uint32 challengeWindow;
        uint32 escalatedWindow;
        uint32 lateChallengeExtension;
        uint32 rulingPeriod;
        uint32 appealWindow;
        uint32 referendumPeriod;
        uint16 burnBps;
        uint16 superQuorumBps;
        uint8 appealFactor;
        uint128 bond;
    }

    /** @notice A snapshot of one dispute, for interfaces and tests. */
    struct DisputeView {
        DisputeState state;
        /** Current tier (0, 1: committee; 2: referendum). */
        uint8 tier;
        /** Ruling of the current tier (final ruling once Upheld/Rejected). */
        Ruling ruling;
        /** The proposal was marked as requiring escalation (longer window). */
        bool marked;
        /** Index of the parameter set this dispute uses ({parametersAt} the proposal's snapshot). */
        uint16 paramsId;
        /** End of the challenge window (including any late-challenge extension). */
        uint48 windowEnd;
        /** End of the current tier's funding phase = start of its deliberation. */
        uint48 fundingEnd;
        /** End of the current tier's deliberation. */
        uint48 deliberationEnd;
        /** When the current tier's committee ruled (0: not yet). */
        uint48 ruledAt;
        /** End of the appeal window of that ruling (0: no ruling). */
        uint48 appealEnd;
    }

    /** @notice A proposal's challenge window opened or was extended. */
    event ChallengeWindowExtended(uint256 indexed proposalId, uint48 oldWindowEnd, uint48 newWindowEnd);
    /** @notice `proposalId` was marked as requiring escalation by `by` (a hook, the governor or the guardian path). */
    event EscalationRequired(uint256 indexed proposalId, address indexed by, uint48 windowEnd);
    /** @notice `challenger` opened a dispute on `proposalId` with a stake of `amount`. */
    event Challenged(uint256 indexed proposalId, address indexed challenger, uint256 amount, uint48 windowEnd);
    /** @notice `contributor` staked `amount` on `side` at `tier` (a challenge, a defence, an appeal contribution). */
    event Staked(uint256 indexed proposalId, address indexed contributor, uint8 tier, Side side, uint256 amount);
    /** @notice The appeal to `tier` is fully funded; deliberation starts at `fundingEnd`. */
    event Appealed(uint256 indexed proposalId, uint8 tier, Side appellant, uint48 fundingEnd);
    /** @notice The committee ruled at `tier`; the losing side may appeal until `appealEnd`. */
    event Ruled(uint256 indexed proposalId, uint8 tier, Ruling ruling, uint48 appealEnd);
    /** @notice The dispute reached its final ruling (written when first observed on-chain). */
    event Finalized(uint256 indexed proposalId, uint8 tier, Ruling ruling);
    /** @notice The dispute was voided: the proposal was cancelled before a final ruling. */
    event Voided(uint256 indexed proposalId);
    /** @notice The losing side's stakes were split: `burned` sent to the burn address, `rewards` to the winners. */
    event Settled(uint256 indexed proposalId, uint256 burned, uint256 rewards);
    /** @notice `account` claimed `refund` (own stakes returned) and `reward` (share of the losers' stakes). */
    event Claimed(uint256 indexed proposalId, address indexed account, uint256 refund, uint256 reward);
    /** @notice A new parameter set applies to proposals whose snapshot is at or after `since`. */
    event ParametersSet(uint16 indexed paramsId, uint48 since, DisputeParams oldParams, DisputeParams newParams);
    /** @notice A module's right to mark proposals as requiring escalation changed. */
    event HookSet(address indexed hook, bool oldAllowed, bool newAllowed);
    /** @notice The governor bound itself to this contract (once, from its constructor). */
    event GovernorBound(address indexed governor);

    /** @notice No governor has bound itself yet. */
    error DisputeGovernorNotBound();
    /** @notice A governor is already bound (a second binding, e.g. a front-run deployment, is refused). */
    error DisputeGovernorAlreadyBound(address governor);
    /** @notice Only the proposal guardian may cancel a proposal whose dispute did not end Rejected. */
    error DisputeCancelNotAllowed(uint256 proposalId, DisputeState state, address caller);
    /** @notice Only the governance executor (the timelock) may call this. */
    error DisputeOnlyGovernance(address caller, address governance);
    /** @notice Only the governor may call this. */
    error DisputeOnlyGovernor(address caller, address governor);
    /** @notice Only the arbitration committee may record a ruling. */
    error DisputeOnlyCommittee(address caller, address committee);
    /** @notice Only the governor, the guardian or a hook allowed by governance may mark a proposal. */
    error DisputeUnauthorizedHook(address caller);
    /** @notice The action is not allowed in the dispute's current state. */
    error DisputeInvalidTransition(DisputeState state, DisputeAction action);
    /** @notice `proposalId` cannot be challenged: it has not succeeded (state `state`). */
    error DisputeChallengeWindowNotOpen(uint256 proposalId, DisputeState state);
    /** @notice The challenge window of `proposalId` closed at `windowEnd`; it is now `timepoint`. */
    error DisputeChallengeWindowClosed(uint256 proposalId, uint48 windowEnd, uint48 timepoint);
    /** @notice `proposalId` was already challenged (its dispute is at `tier`). */
    error DisputeAlreadyChallenged(uint256 proposalId, uint8 tier);
    /** @notice `amount` is below the `required` bond. */
    error DisputeBondTooLow(uint256 proposalId, uint256 amount, uint256 required);
    /** @notice A stake of zero. */
    error DisputeZeroAmount(uint256 proposalId);
    /** @notice The dispute is not in a funding phase (`state`). */
    error DisputeNotFunding(uint256 proposalId, DisputeState state);
    /** @notice The dispute is final (`state`): its ruling cannot be appealed or changed. */
    error DisputeRulingFinal(uint256 proposalId, DisputeState state);
    /** @notice The dispute cannot be appealed in `state` (no committee ruling to appeal). */
    error DisputeNotAppealable(uint256 proposalId, DisputeState state);
    /** @notice `account` cast a committee vote on this dispute and may not stake on it. */
    error DisputeDeciderCannotStake(uint256 proposalId, address account);
    /** @notice The committee cannot rule on `proposalId` now (state `state`, tier `tier`). */
    error DisputeRulingClosed(uint256 proposalId, DisputeState state, uint8 tier);
    /** @notice Ruling `ruling` is neither Uphold nor Reject. */
    error DisputeInvalidRuling(Ruling ruling);
    /** @notice Claims wait for the final ruling (or voiding); the dispute is in `state`. */
    error DisputeNotFinal(uint256 proposalId, DisputeState state);
    /** @notice `account` already claimed what `proposalId` owed it. */
    error DisputeAlreadyClaimed(uint256 proposalId, address account);
    /** @notice `proposalId` owes `account` nothing. */
    error DisputeNothingToClaim(uint256 proposalId, address account);
    /** @notice Queueing `proposalId` is blocked in `state` until at least `until` (0: forever). */
    error DisputeQueueBlocked(uint256 proposalId, DisputeState state, uint48 until);
    /** @notice `proposalId` is not a proposal of the bound governor. */
    error DisputeUnknownProposal(uint256 proposalId);
    /** @notice Marking is only possible before the challenge window closes (state `state`). */
    error DisputeTooLateToMark(uint256 proposalId, DisputeState state);
    /** @notice A parameter is outside its immutable bounds. */
    error DisputeInvalidParameter(bytes32 name, uint256 value, uint256 min, uint256 max);
    /** @notice A second parameter change before {PARAMETERS_CHANGE_INTERVAL} has passed since the last one. */
    error DisputeParametersRateLimited(uint48 lastChange, uint48 nextAllowed);
    /** @notice The token's ERC-6372 clock mode is neither timestamp nor default block number. */
    error DisputeUnsupportedClock(string mode);
    /** @notice The zero address was given where a contract is required. */
    error DisputeZeroAddress();

    // ---- wiring ----

    /**
     * @notice Binds the calling governor, once. Called by the governor's constructor ({GovernorDisputable}), so a
     * governor that deployed successfully is always the bound one; a second binding (e.g. someone front-running
     * the deployment with their own contract) reverts, which makes the real governor's deployment revert loudly.
     * Before binding, nothing can be challenged or staked.
     */
    function bindGovernor() external;

    /** @notice The bound governor (zero before binding). */
    function governor() external view returns (address);

    /** @notice The governance executor (the timelock): sets parameters, hooks and the guardian. */
    function governance() external view returns (address);

    /** @notice The bond token (the governance token). */
    function token() external view returns (address);

    /** @notice The arbitration committee that rules at the committee tiers (0 and 1). */
    function committee() external view returns (address);

    /** @notice The tokenholder referendum that decides the final tier (2). */
    function referendum() external view returns (address);

    // ---- the state machine ----

    /**
     * @notice The dispute graph, as a pure function: the state `action` leads to from `from`, or a revert with
     * {DisputeInvalidTransition}. Final states (Upheld, Rejected, Voided) have no way out.
     *
     * ```
     *   None ──Succeed──▶ Challengeable ──CloseWindow──▶ Unchallenged                    (queueable)
     *    │ Mark ↺            │ Mark ↺  │
     *    │                   │         └──Challenge──▶ Funding ◀───────────────┐
     *    │                   │                           │ Deliberate           │ Appeal / Escalate
     *    │                   │                           ▼                      │ (next tier, at most 3)
     *    │                   │                      Deliberating ──Rule──▶ Appealable
     *    │                   │                        │       │                 │
     *    │                   │   (committee tier, no ruling)  │ (referendum)    │ (appeal window over)
     *    │                   │          Escalate ─────┘       ▼                 ▼
     *    │                   │                     FinalizeUphold / FinalizeReject ──▶ Upheld | Rejected
     *    └── Cancel (from any non-final state) ──▶ Voided
     * ```
     */
    function transition(DisputeState from, DisputeAction action) external pure returns (DisputeState);

    /** @notice The current state of `proposalId`'s dispute, with every elapsed deadline applied. */
    function disputeState(uint256 proposalId) external view returns (DisputeState);

    /** @notice Everything about `proposalId`'s dispute in one read. */
    function dispute(uint256 proposalId) external view returns (DisputeView memory);

    /**
     * @notice Reverts with {DisputeQueueBlocked} unless `proposalId` may be queued: Unchallenged or Upheld. The
     * governor calls it when queueing.
     */
    function checkQueueable(uint256 proposalId) external view;

    /**
     * @notice T_max: an upper bound, in clock units, on the time from a proposal's success (its voting deadline)
     * to its final dispute decision, under the parameters `paramsId`, whatever anyone does:
     * `escalatedWindow + lateChallengeExtension + 2 × (rulingPeriod + appealWindow) + referendumPeriod`.
     * Execution follows within the timelock delay after queueing.
     */
    function maxResolutionTime(uint16 paramsId) external view returns (uint256);

    // ---- parameters ----

    /** @notice The parameter set `paramsId`, and the clock timepoint from which it applies. */
    function parameters(uint16 paramsId) external view returns (DisputeParams memory params, uint48 since);

    /** @notice The index of the latest parameter set. */
    function latestParamsId() external view returns (uint16);

    /** @notice The parameter set applying to proposals whose snapshot is `timepoint`. */
    function parametersAt(uint256 timepoint) external view returns (uint16 paramsId);

    /**
     * @notice Adds a parameter set applying to proposals whose snapshot is from now on; disputes of earlier
     * proposals keep theirs (THREATS I11). Every field is checked against immutable bounds. Governance only, and at
     * most once per {PARAMETERS_CHANGE_INTERVAL} (THREATS I15: a captured majority cannot walk the windows and bonds
     * down in a series of proposals); reverts {DisputeParametersRateLimited} before that.
     */
    function setParameters(DisputeParams calldata params) external;

    /// @notice Minimum time between two {setParameters} calls, in seconds (30 days; in blocks on a block clock).
    function PARAMETERS_CHANGE_INTERVAL() external view returns (uint256);

    /// @notice When {setParameters} was last called (clock units; 0: never since deployment).
    function lastParametersChange() external view returns (uint48);

    /** @notice The bond required at `tier` of `proposalId`'s dispute: `bond × appealFactor^tier`. */
    function requiredBond(uint256 proposalId, uint8 tier) external view returns (uint256);

    // ---- marking (hooks) ----

    /** @notice True when `hook` may mark proposals as requiring escalation. */
    function isHook(address hook) external view returns (bool);

    /** @notice Allows or disallows `hook` to mark proposals. Governance only. */
    function setHook(address hook, bool allowed) external;

    /**
     * @notice Marks `proposalId` as requiring escalation: its challenge window is `escalatedWindow` instead of
     * `challengeWindow`. Allowed to the governor, the proposal guardian and hooks, until the proposal's window
     * closes.
     */
    function markForEscalation(uint256 proposalId) external;

    /**
     * @notice The governor reports a new proposal and its targets; a proposal calling a governance contract (the
     * governor, the timelock, this contract, the committee, the guardian) is marked automatically. Governor only.
     */
    function proposalCreated(uint256 proposalId, address[] calldata targets) external;

    // ---- challenging, staking, appealing ----

    /**
     * @notice Opens a dispute on `proposalId` by staking `amount` ≥ the tier-0 bond on the challenger side
     * (pulled with transferFrom: approve first, or use {challengeWithPermit}). Only during the challenge window;
     * a challenge within `lateChallengeExtension` of its end extends it to `now + lateChallengeExtension`.
     */
    function challenge(uint256 proposalId, uint256 amount) external;

    /** @notice {challenge} with an EIP-2612 permit for the bond (a failed permit is ignored if allowance suffices). */
    function challengeWithPermit(
        uint256 proposalId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /**
     * @notice Stakes `amount` on `side` at the tier in its funding phase: either side, any amount, any number of
     * contributors (crowdfunding). During an appeal window this funds the next tier: the losing side's stakes
     * complete the appeal bond (any excess beyond the bond is not taken), the winning side's are a defence stake.
     */
    function stake(uint256 proposalId, Side side, uint256 amount) external;

    /**
     * @notice Funds the appeal of the current committee ruling: a {stake} on the side that lost it, during its
     * appeal window. Reverts with {DisputeRulingFinal} once the ruling is final and {DisputeNotAppealable} when
     * there is no committee ruling to appeal (e.g. while the referendum runs).
     */
    function appeal(uint256 proposalId, uint256 amount) external;

    /** @notice True when `account` claimed on `proposalId`. */
    function hasClaimed(uint256 proposalId, address account) external view returns (bool);

    /** @notice The appeal still missing on `proposalId` (0 if none is possible or it is complete). */
    function appealShortfall(uint256 proposalId) external view returns (uint256);

    // ---- deciding ----

    /**
     * @notice Whether the committee may rule on `proposalId` now, and at which tier. Used by the committee.
     */
    function rulingOpen(uint256 proposalId) external view returns (bool open, uint8 tier);

    /**
     * @notice True when `account` may not rule on `proposalId`: it is the proposer or staked on either side.
     */
    function isConflicted(uint256 proposalId, address account) external view returns (bool);

    /** @notice Records the committee's ruling at `tier`. Committee only, during deliberation at a committee tier. */
    function recordRuling(uint256 proposalId, uint8 tier, Ruling ruling) external;

    /**
     * @notice Whether `proposalId`'s referendum (tier 2) is open for votes, and its snapshot (the moment the dispute
     * reached tier 2, minus one; 0 before it did). Used by the {ITokenholderReferendum}.
     */
    function referendumOpen(uint256 proposalId) external view returns (bool open, uint256 snapshot);

    // ---- settling and claiming ----

    /** @notice The stakes of `account` on `proposalId` at `tier`: (challenger side, defender side). */
    function stakeOf(
        uint256 proposalId,
        address account,
        uint8 tier
    ) external view returns (uint256 challenger, uint256 defender);

    /** @notice The total stakes at `tier` of `proposalId`: (challenger side, defender side). */
    function pools(uint256 proposalId, uint8 tier) external view returns (uint256 challenger, uint256 defender);

    /**
     * @notice What {claim} would pay `account` now: refund (own stakes returned) and reward (pro-rata share of
     * the losers' unburned stakes; the last winner to claim also gets the rounding remainder).
     */
    function claimable(uint256 proposalId, address account) external view returns (uint256 refund, uint256 reward);

    /** @notice Writes the final ruling and burns the burn share of the losing stakes, once. Anyone. */
    function settle(uint256 proposalId) external;

    /** @notice Pays `msg.sender` what `proposalId` owes it (pull payment). Settles first if needed. */
    function claim(uint256 proposalId) external returns (uint256 refund, uint256 reward);

    /**
     * @notice Bond conservation (THREATS I18): deposited = refunded + rewarded + burned + held, and the
     * contract's token balance is at least `held`.
     */
    function accounting()
        external
        view
        returns (uint256 deposited, uint256 refunded, uint256 rewarded, uint256 burned, uint256 held);

    // ---- cancelling: the guardian and rejected proposals ----

    /** @notice The sunset proposal guardian ({IProposalGuardian}) this contract created. */
    function proposalGuardian() external view returns (address);

    /**
     * @notice Cancels a proposal on the governor: for the {proposalGuardian} at any stage (an open dispute is
     * voided first: every stake refunded), and for anyone once the proposal's dispute ended Rejected (so indexers
     * see it Canceled).
     */
    function cancelProposal(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        bytes32 descriptionHash
    ) external;
}
