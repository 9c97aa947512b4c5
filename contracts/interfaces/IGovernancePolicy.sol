// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/**
 * @title IGovernancePolicy
 * @notice Guardrails a governor consults at four moments (THREATS I11, I12, I15, A8, A11, A14):
 * - **propose**: spam limits (at most one live proposal per proposer's voting unit, i.e. per identity when the
 *   proposer has one, at most `maxActions` actions), the code hash of every target is recorded, and the proposal
 *   is classified as meta-governance when one of its actions touches the governance machinery (the governor, the
 *   timelock, this policy), calls a function that changes who may change its target ({isAuthoritySelector}: roles,
 *   ownership, upgrades, guardians, on any target) or a (target, selector) pair of the meta-governance registry
 *   (the committee, the identity attesters, or an application's own trust decisions). Some actions are refused
 *   outright ({PolicyForbiddenCall},
 *   {PolicyTimelockDelayOutOfBounds}, {PolicyTimelockRoleChangeForbidden}): `updateTimelock`; `relay` into the
 *   timelock other than its `cancel`; the timelock's `schedule`, `scheduleBatch`, `execute`, `executeBatch`; a
 *   timelock delay outside [`minTimelockDelay`, `maxTimelockDelay`]; a timelock role change that breaks THREATS I16;
 * - **queue and execute** ({checkProposal}): a meta-governance proposal needs a super-quorum of raw For votes, and
 *   every target must still have the code it had when the proposal was created (a metamorphic contract redeployed
 *   through CREATE2 after the vote is refused; an address without code counts as one whether or not it holds a
 *   balance, so 1 wei sent to an empty recipient blocks nothing);
 * - **parameter changes**: every governor setter with a rule stays inside immutable [min,
 *   max] bounds, moves by at most a factor of two per change, and changes at most once per `changeInterval`.
 *
 * A dispute contract ({IDisputeEscalation}) bound to the same governor reads {isMetaGovernance} when the proposal
 * is created and gives meta-governance proposals the longer, escalated challenge window.
 *
 * The policy holds no funds and no role: it can only refuse. Its rules are fixed at deployment except the
 * meta-governance registry, which governance (the timelock) edits, and every edit of it is itself meta-governance
 * (its target is the policy).
 *
 * The governor reaches all three through {onGovernorCall}.
 *
 * Durations and timepoints are in the governor's ERC-6372 clock units.
 */
interface IGovernancePolicy {
    /**
     * @notice A bound on one governor setter. `setter` is the setter's selector (its single argument is the new
     * value); `getter` is the selector of the view returning the current value (zero when there is none: the
     * factor-of-two step rule is then skipped); `min` and `max` bound every new value.
     */
    struct ParameterRule {
        bytes4 setter;
        bytes4 getter;
        uint256 min;
        uint256 max;
    }

    /**
     * @notice A meta-governance registry entry: calls to `target` with `selector` (or with any selector when
     * `selector` is {ANY_SELECTOR}) make a proposal meta-governance.
     */
    struct MetaRule {
        address target;
        bytes4 selector;
    }

    /**
     * @notice Deployment configuration. `governance` (the timelock) may edit the meta-governance registry;
     * `superQuorumBps` is the share of the supply at the snapshot, in basis points, that the raw For votes of a
     * meta-governance proposal must reach; `maxActions` ≤ {MAX_ACTIONS_LIMIT}; `changeInterval` is the minimum
     * time between two changes of one parameter, in clock units. `proposalBond` (0: none) is pulled from the
     * proposer in the governor's token at propose and returned once the proposal is over, unless `disputes` (a
     * DisputeEscalation, or zero) rejected it: then it is slashed to `governance` (the treasury).
     * `minTimelockDelay` and `maxTimelockDelay` (seconds: the timelock's clock is always the timestamp) bound every
     * `updateDelay` a proposal makes on `governance`.
     */
    struct PolicyConfig {
        address governance;
        uint16 superQuorumBps;
        uint8 maxActions;
        uint48 changeInterval;
        uint96 proposalBond;
        address disputes;
        uint48 minTimelockDelay;
        uint48 maxTimelockDelay;
    }

    /// @notice Emitted once, when the governor binds itself from its constructor.
    event GovernorBound(address indexed governor);

    /// @notice Emitted when a (target, selector) pair enters or leaves the meta-governance registry.
    event MetaGovernanceRuleSet(address indexed target, bytes4 indexed selector, bool oldIsMeta, bool newIsMeta);

    /**
     * @notice Emitted for every new proposal: whether it is meta-governance and the code hash recorded for each
     * target (in action order), so reviewers see which code they vote on.
     */
    event ProposalScreened(uint256 indexed proposalId, address indexed proposer, bool meta, bytes32[] codeHashes);

    /// @notice Emitted when a proposer's bond was pulled at propose (`amount` as received).
    event ProposalBondPosted(uint256 indexed proposalId, address indexed proposer, uint256 amount);

    /// @notice Emitted when a bond was returned to its proposer, or slashed to governance (`slashed`).
    event ProposalBondSettled(uint256 indexed proposalId, address indexed to, uint256 amount, bool slashed);

    /// @notice Emitted when a governor setter with a rule passed the bounds, step and rate checks.
    event ParameterChangeAdmitted(bytes4 indexed setter, uint256 oldValue, uint256 newValue, uint48 timepoint);

    /// @notice A configuration value outside what this contract accepts (zero address, zero or out-of-range value).
    error PolicyInvalidConfig(string field, uint256 value);

    /// @notice Two rules for the same setter, or a rule with `min > max`.
    error PolicyInvalidParameterRule(bytes4 setter, uint256 min, uint256 max);

    /// @notice The governor is already bound; nobody else can bind.
    error PolicyGovernorAlreadyBound(address governor);

    /// @notice Only the bound governor may call this.
    error PolicyOnlyGovernor(address caller, address governor);

    /// @notice Only governance (the timelock) may edit the registry.
    error PolicyOnlyGovernance(address caller, address governance);

    /// @notice The built-in meta-governance targets (governor, timelock, policy) cannot be edited in the registry.
    error PolicyBuiltInMetaTarget(address target);

    /// @notice A proposal with more actions than the limit.
    error PolicyTooManyActions(uint256 actions, uint256 maxActions);

    /// @notice The previous proposal of `proposer`'s voting unit (its identity, or itself) is still Pending or Active.
    error PolicyProposerHasLiveProposal(address proposer, uint256 liveProposalId);

    /// @notice A meta-governance proposal whose raw For votes stayed below the super-quorum.
    error PolicySuperQuorumNotReached(uint256 proposalId, uint256 forVotes, uint256 superQuorum);

    /// @notice A target's code changed since the proposal was created (digest over every target's code hash).
    error PolicyTargetCodeChanged(uint256 proposalId, bytes32 recordedDigest, bytes32 currentDigest);

    /// @notice The policy never screened this proposal (created before the policy, or unknown).
    error PolicyUnknownProposal(uint256 proposalId);

    /// @notice No bond is held for this proposal (none was posted, or it was already settled).
    error PolicyNoProposalBond(uint256 proposalId);

    /// @notice The proposal is still live (Pending, Active) or its dispute is open: the bond cannot be settled yet.
    error PolicyProposalBondLocked(uint256 proposalId, uint8 proposalState, uint8 disputeState);

    /**
     * @notice A proposal action the policy refuses whatever the votes: `updateTimelock` on the governor, `relay` into
     * the timelock (other than its `cancel`; `target` and `selector` are then the relayed call's), or the timelock's
     * own `schedule`, `scheduleBatch`, `execute`, `executeBatch`.
     */
    error PolicyForbiddenCall(address target, bytes4 selector);

    /// @notice A proposal setting the timelock delay outside the policy's immutable bounds (seconds).
    error PolicyTimelockDelayOutOfBounds(uint256 delay, uint256 minDelay, uint256 maxDelay);

    /**
     * @notice A proposal granting, revoking or renouncing a timelock role in a way that breaks THREATS I16: a grant
     * to anyone but the governor (PROPOSER, CANCELLER, EXECUTOR), the open executor (EXECUTOR) or the timelock (its
     * admin role); a revocation or renouncement from the governor, the timelock or the open executor.
     */
    error PolicyTimelockRoleChangeForbidden(bytes4 selector, bytes32 role, address account);

    /// @notice A parameter change outside its immutable bounds.
    error PolicyParameterOutOfBounds(bytes4 setter, uint256 value, uint256 min, uint256 max);

    /// @notice A parameter change by more than a factor of two from the current value.
    error PolicyParameterStepTooLarge(bytes4 setter, uint256 currentValue, uint256 value);

    /// @notice A second change of one parameter before `changeInterval` has passed since the last one.
    error PolicyParameterRateLimited(bytes4 setter, uint48 lastChange, uint48 nextAllowed);

    /// @notice Wildcard selector of a {MetaRule}: every call to the target.
    function ANY_SELECTOR() external view returns (bytes4);

    /// @notice Upper bound of `maxActions` (GovernorBravo's proposalMaxOperations).
    function MAX_ACTIONS_LIMIT() external view returns (uint256);

    /// @notice Binds the calling governor, once; called from the governor's constructor.
    function bindGovernor() external;

    /// @notice The bound governor (zero before binding).
    function governor() external view returns (address);

    /// @notice The address allowed to edit the meta-governance registry (the timelock).
    function governance() external view returns (address);

    /// @notice The deployment configuration.
    function config() external view returns (PolicyConfig memory);

    /// @notice The rule of a setter (`setter == 0` when it has none) and when it was last changed (0: never).
    function parameterRule(bytes4 setter) external view returns (ParameterRule memory rule, uint48 lastChange);

    /// @notice Every setter that has a rule, in deployment order.
    function ruledSetters() external view returns (bytes4[] memory);

    /**
     * @notice Whether a call to `target` with `selector` is meta-governance: a built-in target, an authority selector
     * ({isAuthoritySelector}), or a registry entry (exact or wildcard).
     */
    function isMetaCall(address target, bytes4 selector) external view returns (bool);

    /**
     * @notice Whether `selector` is one of the standard functions that change who may change a contract, which are
     * meta-governance on every target and cannot be removed by a registry edit: AccessControl `grantRole`,
     * `revokeRole`, `renounceRole` (and TimelockController's roles), AccessControlDefaultAdminRules
     * `beginDefaultAdminTransfer`, `acceptDefaultAdminTransfer`, `changeDefaultAdminDelay`; AccessManager
     * `grantRole`, `revokeRole`, `renounceRole`, `setRoleAdmin`, `setTargetFunctionRole`, `updateAuthority`,
     * AccessManaged `setAuthority`; Ownable `transferOwnership`, `renounceOwnership`, Ownable2Step
     * `acceptOwnership`, Compound-style `setPendingAdmin`, `acceptAdmin`; `upgradeTo`, `upgradeToAndCall`,
     * ProxyAdmin `upgradeAndCall`, `upgrade`, `changeProxyAdmin`, the transparent proxy's `changeAdmin`;
     * `updateDelay(uint256)`, `updateTimelock(address)`; `setGuardian(address,uint48)`, `setGuardian(address,uint64)`,
     * `setGuardian(address)`; Safe `addOwnerWithThreshold`, `removeOwner`, `swapOwner`, `changeThreshold`,
     * `enableModule`, `disableModule`, `setGuard`. An application's own authority functions under other names
     * still need a registry entry.
     */
    function isAuthoritySelector(bytes4 selector) external pure returns (bool);

    /**
     * @notice Adds (`isMeta`) or removes a registry entry. Governance only; the built-in targets cannot be edited.
     * Because the policy is a built-in target, a proposal editing the registry is itself meta-governance.
     */
    function setMetaGovernance(address target, bytes4 selector, bool isMeta) external;

    /**
     * @notice The governor's single hook, governor only: `data` is the calldata of the governor entry point being
     * run (the governor forwards its own calldata, the cheapest call in governor bytecode).
     * - `propose(...)`: screens the new proposal (already created: its id and proposer are read back from the
     *   governor). Reverts with {PolicyTooManyActions}, {PolicyProposerHasLiveProposal}, {PolicyForbiddenCall},
     *   {PolicyTimelockDelayOutOfBounds} or {PolicyTimelockRoleChangeForbidden}; records the targets' code digest
     *   and the classification; emits {ProposalScreened}.
     * - `queue(...)` / `execute(...)`: {checkProposal} on the proposal.
     * - any other entry point (a governance-only setter, from the governor's governance check): setters without a
     *   rule pass untouched; the others revert with {PolicyParameterOutOfBounds}, {PolicyParameterStepTooLarge} or
     *   {PolicyParameterRateLimited}, else the change is recorded and {ParameterChangeAdmitted} emitted.
     */
    function onGovernorCall(bytes calldata data) external;

    /// @notice The bond held for a proposal: its proposer and the amount (zero once settled or when none).
    function proposalBondOf(uint256 proposalId) external view returns (address proposer, uint256 amount);

    /**
     * @notice Settles a proposal's bond, callable by anyone once the proposal is no longer Pending or Active and its
     * dispute (if any) is final or was never opened: slashed to governance if the dispute ended Rejected, returned to
     * the proposer otherwise. Once per proposal. Reverts {PolicyNoProposalBond}, {PolicyProposalBondLocked}.
     */
    function settleProposalBond(uint256 proposalId) external returns (address to, uint256 amount);

    /// @notice Whether the proposal was classified as meta-governance at creation.
    function isMetaGovernance(uint256 proposalId) external view returns (bool);

    /// @notice The raw For votes a meta-governance proposal needs: `superQuorumBps` of the supply at its snapshot.
    function superQuorum(uint256 proposalId) external view returns (uint256);

    /// @notice The digest of the targets' code hashes recorded at creation (truncated to 248 bits).
    function recordedCodeDigest(uint256 proposalId) external view returns (bytes32);

    /// @notice The digest of `targets`' code hashes now, comparable with {recordedCodeDigest}.
    function codeDigest(address[] calldata targets) external view returns (bytes32);

    /**
     * @notice Reverts unless the proposal may be queued or executed: {PolicySuperQuorumNotReached} for a
     * meta-governance proposal short of the super-quorum, {PolicyTargetCodeChanged} if a target's code changed.
     */
    function checkProposal(uint256 proposalId, address[] calldata targets) external view;
}
