// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// Campaign code, not deployed: handlers prank actors and call by signature, invariants are named after THREATS ids.
// solhint-disable reentrancy, avoid-low-level-calls, func-name-mixedcase, gas-small-strings, gas-struct-packing
// solhint-disable function-max-lines, max-states-count, one-contract-per-file, interface-starts-with-i
// solhint-disable const-name-snakecase

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IDisputeEscalation} from "../../contracts/interfaces/IDisputeEscalation.sol";
import {TEETrustRegistry} from "../../contracts/examples/TEETrustRegistry.sol";
import {ProposalGuardian} from "../../contracts/disputes/ProposalGuardian.sol";
import {ArbitrationCommittee} from "../../contracts/disputes/ArbitrationCommittee.sol";

import {Test} from "./utils/Test.sol";
import {Suite, Actors, SuiteDeployment} from "./SuiteDeployment.sol";

/**
 * @title SuiteHandler
 * @dev The campaign's only target: one function per external entry point of the suite, each driven by bounded
 * seeds (which actor, which proposal, how much), acting through `vm.prank` as a holder, the attacker (who borrows
 * from a lender), an attester, a committee member or the guardian. A handler that hits an expected revert just
 * returns; what matters is the state it leaves, which the invariants read, together with the ghost state kept
 * here: every holder's (delegate, balance) at every clock value, consents, every proposal with what was in force
 * at its creation, bonds deposited and paid, and flags for facts only observable during a call.
 *
 * Calls whose API changes on the fix branches (identity consent, guardian cancel) are each in one function.
 */
contract SuiteHandler is Test {
    // ---------------------------------------------------------------- suite

    Suite internal s;
    Actors internal a;

    // ---------------------------------------------------------------- time (the campaign's clock)

    uint256 public ghostTimestamp;
    uint256 public ghostBlock;

    // ---------------------------------------------------------------- holdings history (THREATS I1, I6, I10)

    struct Holding {
        uint48 at;
        address delegate;
        uint256 balance;
    }
    /// @dev Per tracked account, its (delegate, balance) from each clock value on (last write in a clock wins).
    mapping(address => Holding[]) internal _history;
    address[] internal _tracked;

    // ---------------------------------------------------------------- proposals

    enum Kind {
        Grant,
        EthGrant,
        Parameter,
        DrainWithGuardianNoOp,
        GuardianOnly,
        TrustMeta,
        TrustRole,
        TimelockChange,
        CommitteeChange,
        AttesterChange
    }

    struct Proposal {
        uint256 id;
        Kind kind;
        address proposer;
        uint256 proposerUnit;
        uint256 snapshot;
        uint256 quorumNumeratorAtCreation;
        uint256 capFractionAtCreation;
        uint256 holdingPeriodAtCreation;
        uint256 disputeParamsIdAtCreation;
        bool changesAuthority;
        bool onlyChangesGuardian;
        bool hasGuardianCall;
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        bytes32 descriptionHash;
        uint256[] codeSizes;
        uint8 threshold0AtStart;
        uint8 threshold1AtStart;
        bool disputeStarted;
    }
    Proposal[] internal _proposals;

    /// @dev What the invariants read of a proposal (no dynamic arrays: cheap to return after every call).
    struct Core {
        uint256 id;
        uint256 proposerUnit;
        uint256 snapshot;
        uint256 quorumNumeratorAtCreation;
        uint256 capFractionAtCreation;
        uint256 holdingPeriodAtCreation;
        uint256 disputeParamsIdAtCreation;
        bool changesAuthority;
        bool disputeStarted;
        uint8 threshold0AtStart;
        uint8 threshold1AtStart;
    }

    /// @dev Overrides per proposal and account; votes per proposal and voting unit.
    mapping(uint256 => mapping(address => bool)) public overrode;
    mapping(uint256 => mapping(uint256 => uint256)) internal _unitVotes;
    /// @dev Per proposal and voting unit: the power its vote counted, and its place in the voting order (1-based).
    mapping(uint256 => mapping(uint256 => uint256)) public unitCounted;
    mapping(uint256 => mapping(uint256 => uint256)) public voteOrder;
    mapping(uint256 => uint256[]) internal _votedUnits;
    mapping(uint256 => uint256) public executions;
    /// @dev Proposals whose election {advance} has held.
    mapping(uint256 => bool) public electionHeld;

    // ---------------------------------------------------------------- identity consent (defect 9)

    /// @dev The identity each account last consented to join (0: none), and the members each identity admitted.
    mapping(address => uint256) public consentedIdentity;
    mapping(uint256 => mapping(address => bool)) public admitted;

    // ---------------------------------------------------------------- bonds (THREATS I18)

    uint256 public ghostDeposited;
    uint256 public ghostPaid;
    mapping(uint256 => mapping(address => uint256)) public claims;
    mapping(address => uint256) public debt;

    // ---------------------------------------------------------------- facts observed during calls

    uint256 public doubleVotes; // I9
    uint256 public doubleClaims; // I18
    uint256 public capBreaches; // I6
    uint256 public quadraticMismatches; // I5
    uint256 public unconsentedBindings; // defect 9
    uint256 public guardianShielded; // I17, defect 4
    uint256 public guardianCancelledOwnRemoval; // I17
    uint256 public executedTwice; // I12
    /// @dev How far lifecycles get (for tuning and for docs/invariants.md): executed proposals, opened disputes,
    /// committee rulings cast.
    uint256 public executedCount;
    uint256 public challengedCount;
    uint256 public rulingsCast;

    mapping(bytes32 => uint256) public calls;

    /// @dev The registry has the fixed consent API (`admitMember`); before it, a member's intent is all there is.
    bool internal _hasAdmitApi;

    constructor(Suite memory suite_, Actors memory actors_) {
        s = suite_;
        a = actors_;
        ghostTimestamp = block.timestamp;
        ghostBlock = block.number;
        for (uint256 i = 0; i < a.holders.length; ++i) {
            _tracked.push(a.holders[i]);
            vm.prank(a.holders[i]);
            s.token.approve(address(s.escalation), type(uint256).max);
            vm.prank(a.holders[i]);
            s.token.approve(address(s.policy), type(uint256).max);
        }
        _tracked.push(a.lender);
        _record();
        _hasAdmitApi = _registryHas(bytes4(keccak256("admitMember(uint256,address)")));
    }

    // ================================================================ views for the invariants

    function suite() external view returns (Suite memory) {
        return s;
    }

    function actors() external view returns (Actors memory) {
        return a;
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function proposal(uint256 i) external view returns (Proposal memory) {
        return _proposals[i];
    }

    function core(uint256 i) external view returns (Core memory c) {
        Proposal storage p = _proposals[i];
        c.id = p.id;
        c.proposerUnit = p.proposerUnit;
        c.snapshot = p.snapshot;
        c.quorumNumeratorAtCreation = p.quorumNumeratorAtCreation;
        c.capFractionAtCreation = p.capFractionAtCreation;
        c.holdingPeriodAtCreation = p.holdingPeriodAtCreation;
        c.disputeParamsIdAtCreation = p.disputeParamsIdAtCreation;
        c.changesAuthority = p.changesAuthority;
        c.disputeStarted = p.disputeStarted;
        c.threshold0AtStart = p.threshold0AtStart;
        c.threshold1AtStart = p.threshold1AtStart;
    }

    /// @dev A proposal's targets and their code sizes at creation.
    function targetsOf(uint256 i) external view returns (address[] memory, uint256[] memory) {
        return (_proposals[i].targets, _proposals[i].codeSizes);
    }

    /// @notice The voting units that voted on `id`, in voting order.
    function votedUnits(uint256 id) external view returns (uint256[] memory) {
        return _votedUnits[id];
    }

    function tracked() external view returns (address[] memory) {
        return _tracked;
    }

    /// @dev `account`'s (delegate, balance) at the end of clock value `timepoint`, from the ghost history.
    function holdingAt(address account, uint256 timepoint) public view returns (address, uint256) {
        Holding[] storage h = _history[account];
        for (uint256 i = h.length; i > 0; --i) {
            if (h[i - 1].at <= timepoint) return (h[i - 1].delegate, h[i - 1].balance);
        }
        return (address(0), 0);
    }

    /// @dev Brings the EVM clock to the campaign's clock (robust whether or not the fuzzer keeps the block env).
    function sync() public {
        if (block.timestamp != ghostTimestamp) vm.warp(ghostTimestamp);
        if (block.number != ghostBlock) vm.roll(ghostBlock);
    }

    // ================================================================ time

    /// @notice Lets time pass: up to 4 days (blocks follow at 12 s each, so both clocks move).
    function warp(uint256 secondsSeed) external {
        _before("warp");
        uint256 dt = bound(secondsSeed, 1, 4 days);
        ghostTimestamp += dt;
        ghostBlock += (dt + 11) / 12;
        sync();
        _record();
    }

    /**
     * @notice Lets time pass to just after the next deadline of one proposal (snapshot, voting deadline, challenge
     * window, funding, deliberation, timelock eta), so that lifecycles complete within a run.
     */
    function warpToNextPhase(uint256 proposalSeed) external {
        _before("warpToNextPhase");
        uint256 n = _proposals.length;
        // The first proposal from the seed on that still has a deadline ahead.
        for (uint256 k = 0; k < n && k < 12; ++k) {
            uint256 dt = _untilNextPhase(_proposals[(proposalSeed + k) % n].id);
            if (dt != 0) return _advance(dt);
        }
    }

    /// @dev Seconds until just after `id`'s next deadline (0: none ahead).
    function _untilNextPhase(uint256 id) private view returns (uint256) {
        IGovernor.ProposalState st = s.governor.state(id);
        uint256 clockTarget;
        if (st == IGovernor.ProposalState.Pending) clockTarget = s.governor.proposalSnapshot(id) + 1;
        else if (st == IGovernor.ProposalState.Active) clockTarget = s.governor.proposalDeadline(id) + 1;
        else if (st == IGovernor.ProposalState.Succeeded) {
            IDisputeEscalation.DisputeView memory d = s.escalation.dispute(id);
            if (d.state == IDisputeEscalation.DisputeState.Challengeable) clockTarget = d.windowEnd + 1;
            else if (d.state == IDisputeEscalation.DisputeState.Funding) clockTarget = d.fundingEnd + 1;
            else if (d.state == IDisputeEscalation.DisputeState.Deliberating) clockTarget = d.deliberationEnd + 1;
            else if (d.state == IDisputeEscalation.DisputeState.Appealable) clockTarget = d.appealEnd + 1;
        } else if (st == IGovernor.ProposalState.Queued) {
            // The timelock's eta is in seconds in both clock modes.
            uint256 eta = s.governor.proposalEta(id);
            return eta >= ghostTimestamp ? eta + 1 - ghostTimestamp : 0;
        }
        uint256 now_ = s.token.clock();
        if (clockTarget <= now_) return 0;
        return s.blockClock ? (clockTarget - now_) * 12 : clockTarget - now_;
    }

    /**
     * @notice The lifecycle driver: takes one live proposal among the 12 most recent (from the seed) ONE stage
     * forward with the least time that does it, so that the fuzzer interleaves everything else between stages.
     * Pending: to just past the snapshot. Active: an election (every holder, For unless the seed's bit for it says
     * Against; delegators of a third party by override) the first time, past the deadline the next. Succeeded:
     * challenged one time in four, else past the challenge window and queued; a dispute in funding: past its end;
     * deliberating: one committee member rules (by the seed), past the deliberation once all have; appealable: past
     * it, settled. Queued: to the timelock's eta, executed.
     */
    function advance(uint256 seed) external {
        _before("advance");
        uint256 n = _proposals.length;
        if (n == 0) return;
        uint256 m = n < 12 ? n : 12;
        for (uint256 k = 0; k < m; ++k) {
            uint256 i = n - 1 - ((seed + k) % m);
            IGovernor.ProposalState st = s.governor.state(_proposals[i].id);
            if (st == IGovernor.ProposalState.Pending) return _advance(_untilNextPhase(_proposals[i].id));
            if (st == IGovernor.ProposalState.Active) return _advanceActive(i, seed);
            if (st == IGovernor.ProposalState.Succeeded) return _advanceSucceeded(i, seed);
            if (st == IGovernor.ProposalState.Queued) {
                _advance(_untilNextPhase(_proposals[i].id));
                return _execute(i);
            }
        }
    }

    /**
     * @notice Defect 6's order: a queued proposal (a parameter change by preference) reaches its eta, a new
     * proposal is created (so it is in its voting delay), and the queued one executes in the same block. A parameter
     * that decides an outcome must stay, for the new proposal, the one in force at its creation (I11).
     */
    function executeDuringVotingDelay(uint256 proposalSeed, uint256 proposerSeed, uint256 valueSeed) external {
        _before("executeDuringVotingDelay");
        uint256 n = _proposals.length;
        if (n == 0) return;
        uint256 m = n < 12 ? n : 12;
        bool found;
        uint256 i;
        for (uint256 k = 0; k < m; ++k) {
            uint256 j = n - 1 - ((proposalSeed + k) % m);
            if (s.governor.state(_proposals[j].id) != IGovernor.ProposalState.Queued) continue;
            (found, i) = (true, j);
            if (_proposals[j].kind == Kind.Parameter) break;
        }
        if (!found) return;
        _advance(_untilNextPhase(_proposals[i].id));
        uint256 before = _proposals.length;
        for (uint256 k = 0; k < 3 && _proposals.length == before; ++k) {
            _propose(proposerSeed + k, Kind.Grant, valueSeed);
        }
        _execute(i);
    }

    function _advanceActive(uint256 i, uint256 seed) private {
        Proposal storage p = _proposals[i];
        if (electionHeld[p.id]) return _advance(_untilNextPhase(p.id));
        electionHeld[p.id] = true;
        for (uint256 k = 0; k < a.holders.length; ++k) {
            address holder = a.holders[(seed + k) % a.holders.length];
            address d = s.token.delegates(holder);
            // One in eight Against, the rest For: proposals pass, quorum and super-quorum are reached.
            uint8 support = (seed >> (8 + 3 * k)) & 7 == 0 ? 0 : 1;
            _vote(i, holder, support, d != address(0) && d != holder);
        }
    }

    function _advanceSucceeded(uint256 i, uint256 seed) private {
        Proposal storage p = _proposals[i];
        IDisputeEscalation.DisputeState ds = s.escalation.disputeState(p.id);
        if (ds == IDisputeEscalation.DisputeState.Challengeable && (seed >> 4) % 4 == 0) {
            uint8 t0 = s.committee.threshold(0);
            uint8 t1 = s.committee.threshold(1);
            if (_deposit(_holder(seed >> 6), abi.encodeCall(s.escalation.challenge, (p.id, 30_000e18)))) {
                ++challengedCount;
                if (!p.disputeStarted) (p.disputeStarted, p.threshold0AtStart, p.threshold1AtStart) = (true, t0, t1);
            }
            return;
        }
        if (ds == IDisputeEscalation.DisputeState.Deliberating) {
            vm.prank(a.committee[(seed >> 4) % a.committee.length]);
            IDisputeEscalation.Ruling r =
                (seed >> 8) % 3 == 0 ? IDisputeEscalation.Ruling.Reject : IDisputeEscalation.Ruling.Uphold;
            try s.committee.castRuling(p.id, r) {
                ++rulingsCast;
                return;
            } catch {}
        }
        _advance(_untilNextPhase(p.id));
        if (s.escalation.disputeState(p.id) == IDisputeEscalation.DisputeState.Appealable) return;
        try s.escalation.settle(p.id) {} catch {}
        if (s.governor.state(p.id) == IGovernor.ProposalState.Succeeded) {
            try s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash) {} catch {}
        }
        _record();
    }

    function _advance(uint256 dt) internal {
        if (dt > 10 days) dt = 10 days;
        ghostTimestamp += dt;
        ghostBlock += (dt + 11) / 12;
        sync();
        _record();
    }

    // ================================================================ token

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        _before("transfer");
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        uint256 amount = bound(amountSeed, 0, s.token.balanceOf(from));
        vm.prank(from);
        s.token.transfer(to, amount);
        _record();
    }

    function delegate(uint256 fromSeed, uint256 toSeed) external {
        _before("delegate");
        address from = _holder(fromSeed);
        // One in nine: undelegate (delegate to the zero address).
        address to = toSeed % 9 == 8 ? address(0) : _holder(toSeed);
        vm.prank(from);
        s.token.delegate(to);
        _record();
    }

    /// @notice The attacker's flash lender: any holder borrows fresh tokens, to repay later.
    function borrow(uint256 whoSeed, uint256 amountSeed) external {
        _before("borrow");
        address who = _holder(whoSeed);
        uint256 amount = bound(amountSeed, 1e18, s.token.balanceOf(a.lender));
        if (s.token.balanceOf(a.lender) < 1e18) return;
        vm.prank(a.lender);
        s.token.transfer(who, amount);
        debt[who] += amount;
        _record();
    }

    /**
     * @notice Defect 1's move, as one step of a sequence: while a proposal is Pending (before its snapshot) a holder
     * redelegates away from the delegate it has, and that old delegate borrows what it lost from the lender. The
     * fuzzer then decides whether the holder overrides and in which order the units vote: an aged balance must
     * back one vote only (I1, I6), whatever the path.
     */
    function redelegateAndBorrow(uint256 proposalSeed, uint256 holderSeed, uint256 toSeed) external {
        _before("redelegateAndBorrow");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Pending);
        if (!found) return;
        // Just before the snapshot, after whatever the proposal's creation block saw: the move is fresh, so only what
        // was held one holding period earlier may count.
        uint256 snapshot = _proposals[i].snapshot;
        uint256 now_ = s.token.clock();
        if (now_ < snapshot) _advance(s.blockClock ? (snapshot - now_) * 12 : snapshot - now_);
        // Start from the seed and take the first holder that delegates to a third party.
        address holder;
        address old;
        for (uint256 k = 0; k < a.holders.length; ++k) {
            address h = _holder(holderSeed + k);
            address d = s.token.delegates(h);
            if (d != address(0) && d != h) {
                (holder, old) = (h, d);
                break;
            }
        }
        address to = _holder(toSeed);
        if (holder == address(0) || to == old) return;
        vm.prank(holder);
        s.token.delegate(to);
        uint256 amount = Math.min(s.token.balanceOf(holder), s.token.balanceOf(a.lender));
        if (amount != 0) {
            vm.prank(a.lender);
            s.token.transfer(old, amount);
            debt[old] += amount;
        }
        _record();
    }

    function repay(uint256 whoSeed) external {
        _before("repay");
        address who = _holder(whoSeed);
        uint256 amount = Math.min(debt[who], s.token.balanceOf(who));
        if (amount == 0) return;
        vm.prank(who);
        s.token.transfer(a.lender, amount);
        debt[who] -= amount;
        _record();
    }

    // ================================================================ identity

    /// @notice `account` consents to join `identity` (the fixed registry's `consentToBind`; a no-op call before).
    function consent(uint256 accountSeed, uint256 identitySeed) external {
        _before("consent");
        address account = _holder(accountSeed);
        uint256 identity = _identity(identitySeed);
        consentedIdentity[account] = identity;
        vm.prank(account);
        (bool ok, ) = address(s.registry).call(abi.encodeWithSignature("consentToBind(uint256)", identity));
        ok;
    }

    /// @notice A current member of `identity` admits `account` (the fixed registry's `admitMember`).
    function admit(uint256 memberSeed, uint256 accountSeed) external {
        _before("admit");
        address member = _holder(memberSeed);
        address account = _holder(accountSeed);
        uint256 identity = s.registry.identityOf(member);
        if (identity == 0) return;
        vm.prank(member);
        (bool ok, ) = address(s.registry).call(
            abi.encodeWithSignature("admitMember(uint256,address)", identity, account)
        );
        // Before the fix there is no admission step: the member's intent is what the ghost records.
        if (ok || !_hasAdmitApi) admitted[identity][account] = true;
    }

    /// @notice An attester (honest or the attacker) binds `account` into `identity`, consented or not.
    function bind(uint256 attesterSeed, uint256 accountSeed, uint256 identitySeed) external {
        _before("bind");
        address attester = a.attesters[attesterSeed % a.attesters.length];
        address account = _holder(accountSeed);
        uint256 identity = _identity(identitySeed);
        bool firstMember = s.registry.membersAt(identity, s.registry.clock()).length == 0;
        vm.prank(attester);
        try s.registry.bind(account, identity) {
            if (consentedIdentity[account] != identity || !(firstMember || admitted[identity][account])) {
                ++unconsentedBindings;
            }
        } catch {}
        _record();
    }

    /// @notice The same, after the account consented and a member admitted it: the honest path.
    function bindWithConsent(uint256 accountSeed, uint256 identitySeed) external {
        _before("bindWithConsent");
        address account = _holder(accountSeed);
        uint256 identity = _identity(identitySeed);
        consentedIdentity[account] = identity;
        vm.prank(account);
        (bool ok, ) = address(s.registry).call(abi.encodeWithSignature("consentToBind(uint256)", identity));
        address[] memory members = s.registry.membersAt(identity, s.registry.clock());
        if (members.length != 0) {
            vm.prank(members[0]);
            (ok, ) = address(s.registry).call(
                abi.encodeWithSignature("admitMember(uint256,address)", identity, account)
            );
        }
        admitted[identity][account] = true;
        vm.prank(a.attesters[0]);
        try s.registry.bind(account, identity) {} catch {}
        _record();
    }

    function unbind(uint256 accountSeed) external {
        _before("unbind");
        address account = _holder(accountSeed);
        vm.prank(account);
        try s.registry.unbind(account) {} catch {}
    }

    // ================================================================ proposals

    /// @notice An ordinary proposal: a treasury grant in tokens or ether (to a recipient with no code).
    function proposeOrdinary(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        _propose(proposerSeed, kindSeed % 2 == 0 ? Kind.Grant : Kind.EthGrant, valueSeed);
    }

    /// @notice A governor parameter change (the policy's ruled setters; the quorum one in three).
    function proposeParameter(uint256 proposerSeed, uint256 valueSeed) external {
        _propose(proposerSeed, Kind.Parameter, valueSeed);
    }

    /// @notice Meta-governance: guardian, trust-registry approvals, committee, attesters, a drain carrying a no-op
    /// guardian call.
    function proposeMeta(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        Kind[5] memory kinds = [
            Kind.GuardianOnly,
            Kind.TrustMeta,
            Kind.CommitteeChange,
            Kind.AttesterChange,
            Kind.DrainWithGuardianNoOp
        ];
        _propose(proposerSeed, kinds[kindSeed % 5], valueSeed);
    }

    /// @notice Changes of who administers: trust-registry roles, timelock delay and roles.
    function proposeRoleChange(uint256 proposerSeed, uint256 kindSeed, uint256 valueSeed) external {
        _propose(proposerSeed, kindSeed % 2 == 0 ? Kind.TrustRole : Kind.TimelockChange, valueSeed);
    }

    function _propose(uint256 proposerSeed, Kind kind, uint256 valueSeed) private {
        _before("propose");
        address proposer = _holder(proposerSeed);
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _actions(kind, valueSeed);
        string memory description = string.concat("campaign proposal #", _str(_proposals.length));
        vm.prank(proposer);
        try s.governor.propose(targets, values, calldatas, description) returns (uint256 id) {
            _store(id, kind, proposer, targets, values, calldatas, keccak256(bytes(description)));
        } catch {}
    }

    function _store(
        uint256 id,
        Kind kind,
        address proposer,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) private {
        Proposal storage p = _proposals.push();
        p.id = id;
        p.kind = kind;
        p.proposer = proposer;
        // The unit whose power the proposal threshold read (at clock() - 1, like the threshold): an address bound in
        // the proposal's own block proposed on its own power, as a unit of its own, and gained nothing by the binding.
        uint256 identity = s.registry.identityAt(proposer, s.token.clock() - 1);
        p.proposerUnit = identity == 0 ? uint256(uint160(proposer)) : (1 << 255) | identity;
        p.snapshot = s.governor.proposalSnapshot(id);
        p.quorumNumeratorAtCreation = s.governor.quorumNumerator(p.snapshot);
        (p.capFractionAtCreation, p.holdingPeriodAtCreation) = s.governor.capParamsAt(p.snapshot);
        p.disputeParamsIdAtCreation = s.escalation.parametersAt(p.snapshot);
        p.targets = targets;
        p.values = values;
        p.calldatas = calldatas;
        p.descriptionHash = descriptionHash;
        bool onlyGuardian = true;
        for (uint256 i = 0; i < targets.length; ++i) {
            p.codeSizes.push(targets[i].code.length);
            bool guardianCall =
                targets[i] == address(s.guardian) && bytes4(calldatas[i]) == ProposalGuardian.setGuardian.selector;
            if (guardianCall) p.hasGuardianCall = true;
            else onlyGuardian = false;
            if (_changesAuthority(targets[i], bytes4(calldatas[i]))) p.changesAuthority = true;
        }
        p.onlyChangesGuardian = onlyGuardian && targets.length != 0;
    }

    /// @dev Functions that change who may change a governed contract (defect 2's class): role administration,
    /// ownership, guardian setters, the governor's timelock, attesters.
    function _changesAuthority(address target, bytes4 selector) internal view returns (bool) {
        bool governed =
            target == address(s.trust) ||
                target == address(s.timelock) ||
                target == address(s.governor) ||
                target == address(s.registry) ||
                target == address(s.guardian) ||
                target == address(s.committee) ||
                target == address(s.escalation) ||
                target == address(s.policy);
        if (!governed) return false;
        return
            selector == IAccessControl.grantRole.selector ||
            selector == IAccessControl.revokeRole.selector ||
            selector == IAccessControl.renounceRole.selector ||
            selector == bytes4(keccak256("transferOwnership(address)")) ||
            selector == bytes4(keccak256("upgradeToAndCall(address,bytes)")) ||
            selector == TEETrustRegistry.setGuardian.selector ||
            selector == ProposalGuardian.setGuardian.selector ||
            selector == bytes4(keccak256("updateTimelock(address)")) ||
            selector == bytes4(keccak256("setAttester(address,uint48)"));
    }

    /// @dev The actions of a proposal of `kind`; `v` picks the value.
    function _actions(
        Kind kind,
        uint256 v
    ) internal view returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) {
        if (kind == Kind.DrainWithGuardianNoOp) {
            targets = new address[](2);
            values = new uint256[](2);
            calldatas = new bytes[](2);
            targets[0] = address(s.token);
            calldatas[0] = abi.encodeCall(s.token.transfer, (a.attacker, bound(v, 1e18, 1_000_000e18)));
            (address g, uint48 expiry) = s.guardian.guardian();
            targets[1] = address(s.guardian);
            calldatas[1] = abi.encodeCall(ProposalGuardian.setGuardian, (g, expiry));
            return (targets, values, calldatas);
        }
        targets = new address[](1);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        if (kind == Kind.Grant) {
            targets[0] = address(s.token);
            calldatas[0] = abi.encodeCall(s.token.transfer, (_recipient(v), bound(v >> 8, 1e18, 100_000e18)));
        } else if (kind == Kind.EthGrant) {
            targets[0] = _recipient(v);
            values[0] = bound(v >> 8, 1, 1 ether);
        } else if (kind == Kind.Parameter) {
            targets[0] = address(s.governor);
            calldatas[0] = _parameterCall(v);
        } else if (kind == Kind.GuardianOnly) {
            targets[0] = address(s.guardian);
            calldatas[0] =
                v % 2 == 0
                    ? abi.encodeCall(ProposalGuardian.setGuardian, (address(0), 0))
                    : abi.encodeCall(ProposalGuardian.setGuardian, (a.attacker, uint48(block.timestamp + 120 days)));
        } else if (kind == Kind.TrustMeta) {
            targets[0] = address(s.trust);
            calldatas[0] = abi.encodeCall(TEETrustRegistry.approveMeasurement, (SuiteDeployment.TEE_TYPE, bytes32(v)));
        } else if (kind == Kind.TrustRole) {
            targets[0] = address(s.trust);
            bytes32 admin = s.trust.DEFAULT_ADMIN_ROLE();
            uint256 which = v % 3;
            calldatas[0] =
                which == 0
                    ? abi.encodeCall(IAccessControl.grantRole, (admin, a.attacker))
                    : which == 1
                        ? abi.encodeCall(IAccessControl.revokeRole, (admin, address(s.timelock)))
                        : abi.encodeCall(IAccessControl.renounceRole, (admin, address(s.timelock)));
        } else if (kind == Kind.TimelockChange) {
            targets[0] = address(s.timelock);
            uint256 which = v % 4;
            if (which == 0) calldatas[0] = abi.encodeCall(s.timelock.updateDelay, (0));
            else if (which == 1) calldatas[0] = abi.encodeCall(s.timelock.updateDelay, (bound(v >> 8, 1, 60 days)));
            else if (which == 2) {
                calldatas[0] = abi.encodeCall(IAccessControl.grantRole, (s.timelock.PROPOSER_ROLE(), a.attacker));
            } else {
                calldatas[0] = abi.encodeCall(IAccessControl.grantRole, (s.timelock.EXECUTOR_ROLE(), a.attacker));
            }
        } else if (kind == Kind.CommitteeChange) {
            targets[0] = address(s.committee);
            uint8 t0 = uint8(bound(v, 1, 5));
            calldatas[0] = abi.encodeCall(ArbitrationCommittee.setThresholds, (t0, uint8(bound(v >> 8, t0, 5))));
        } else {
            targets[0] = address(s.registry);
            calldatas[0] = abi.encodeWithSignature(
                "setAttester(address,uint48)",
                _holder(v),
                uint48(block.timestamp + bound(v >> 8, 1 days, 365 days))
            );
        }
    }

    /// @dev A governor parameter change: one of the policy's ruled setters, at ×½, ×⅔, ×1.5, ×2 or a bound.
    function _parameterCall(uint256 v) internal view returns (bytes memory) {
        // The quorum (the parameter OpenZeppelin checkpoints at clock(), defect 6) one time in three.
        uint256 which = v % 9;
        if (which >= 7) which = 3;
        uint256 step = (v >> 8) % 6;
        if (which == 0) return abi.encodeWithSignature("setVotingDelay(uint48)", _step(s.governor.votingDelay(), step));
        if (which == 1)
            return abi.encodeWithSignature("setVotingPeriod(uint32)", _step(s.governor.votingPeriod(), step));
        if (which == 2) {
            return
                abi.encodeWithSignature("setProposalThreshold(uint256)", _step(s.governor.proposalThreshold(), step));
        }
        if (which == 3) {
            return abi.encodeWithSignature("updateQuorumNumerator(uint256)", _step(s.governor.quorumNumerator(), step));
        }
        if (which == 4) {
            return
                abi.encodeWithSignature(
                    "setLateQuorumVoteExtension(uint48)",
                    _step(s.governor.lateQuorumVoteExtension(), step)
                );
        }
        if (which == 5)
            return abi.encodeWithSignature("setCapFraction(uint256)", _step(s.governor.capFraction(), step));
        return abi.encodeWithSignature("setHoldingPeriod(uint48)", _step(s.governor.holdingPeriod(), step));
    }

    function _step(uint256 current, uint256 step) internal pure returns (uint256) {
        if (step == 0) return current / 2;
        if (step == 1) return (current * 2) / 3;
        if (step == 2) return (current * 3) / 2;
        if (step == 3) return current * 2;
        if (step == 4) return current + 1;
        return current > 1 ? current - 1 : 1;
    }

    /// @notice A holder votes; the support is biased towards For so that proposals do pass (and execute).
    function castVote(uint256 voterSeed, uint256 proposalSeed, uint256 supportSeed) external {
        _before("castVote");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Active);
        if (!found) return;
        _vote(i, _holder(voterSeed), _support(supportSeed), false);
    }

    /**
     * @notice An election: every holder in turn votes on one active proposal (a delegator of a third party with an
     * override vote), each with two bits of `supportBits` (For ½, Against ¼, Abstain ¼), skipping one in four.
     * Lets proposals reach quorum and super-quorum, so that
     * the queue, execute and dispute paths are explored.
     */
    function voteRound(uint256 proposalSeed, uint256 supportBits) external {
        _before("voteRound");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Active);
        if (!found) return;
        for (uint256 k = 0; k < a.holders.length; ++k) {
            uint256 bits = supportBits >> (3 * k);
            if (bits & 4 != 0 && bits & 1 != 0) continue;
            // A holder who delegates to someone else votes by taking its balance back (an override vote).
            address holder = a.holders[k];
            address d = s.token.delegates(holder);
            _vote(i, holder, _support(bits), d != address(0) && d != holder);
        }
    }

    /// @notice A delegator takes its balance back from its delegate and votes with it.
    function castOverrideVote(uint256 voterSeed, uint256 proposalSeed, uint256 supportSeed) external {
        _before("castOverrideVote");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Active);
        if (!found) return;
        // Only delegators of a third party can override: start from the seed, take the first such holder.
        address voter = _holder(voterSeed);
        for (uint256 k = 0; k < a.holders.length; ++k) {
            address h = _holder(voterSeed + k);
            address d = s.token.delegates(h);
            if (d != address(0) && d != h) {
                voter = h;
                break;
            }
        }
        _vote(i, voter, _support(supportSeed), true);
    }

    function _vote(uint256 i, address voter, uint8 support, bool isOverride) private {
        Proposal storage p = _proposals[i];
        (uint256 rawBefore, uint256 weightBefore) = _tallies(p.id);
        vm.prank(voter);
        if (isOverride) {
            try s.governor.castOverrideVote(p.id, support, "") {} catch {
                return;
            }
            overrode[p.id][voter] = true;
        } else {
            try s.governor.castVote(p.id, support) {} catch {
                return;
            }
        }
        (uint256 rawAfter, uint256 weightAfter) = _tallies(p.id);
        uint256 counted = rawAfter - rawBefore;
        if (weightAfter - weightBefore != Math.sqrt(counted)) ++quadraticMismatches;
        if (counted > s.governor.capAt(p.snapshot)) ++capBreaches;
        uint256 identity = s.registry.identityAt(voter, p.snapshot);
        uint256 unit = identity == 0 ? uint256(uint160(voter)) : (1 << 255) | identity;
        if (++_unitVotes[p.id][unit] > 1) ++doubleVotes;
        unitCounted[p.id][unit] += counted;
        if (voteOrder[p.id][unit] == 0) {
            _votedUnits[p.id].push(unit);
            voteOrder[p.id][unit] = _votedUnits[p.id].length;
        }
    }

    function _tallies(uint256 id) private view returns (uint256 raw, uint256 weight) {
        (uint256 ra, uint256 rf, uint256 rb) = s.governor.proposalRawVotes(id);
        (uint256 wa, uint256 wf, uint256 wb) = s.governor.proposalVotes(id);
        return (ra + rf + rb, wa + wf + wb);
    }

    /// @notice The proposer cancels its own proposal (OpenZeppelin: while Pending).
    function cancel(uint256 proposalSeed) external {
        _before("cancel");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Pending);
        if (!found) return;
        Proposal storage p = _proposals[i];
        vm.prank(p.proposer);
        try s.governor.cancel(p.targets, p.values, p.calldatas, p.descriptionHash) {} catch {}
    }

    function queue(uint256 proposalSeed) external {
        _before("queue");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Succeeded);
        if (!found) return;
        Proposal storage p = _proposals[i];
        try s.governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash) {} catch {}
    }

    function execute(uint256 proposalSeed) external {
        _before("execute");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Queued);
        if (!found) return;
        _execute(i);
    }

    function _execute(uint256 i) private {
        Proposal storage p = _proposals[i];
        try s.governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash) {
            ++executedCount;
            if (++executions[p.id] > 1) ++executedTwice;
        } catch {}
        _record();
    }

    /// @notice Anyone sends wei to a grant recipient (defect 3: it gets a code hash without getting code).
    function sendWei(uint256 recipientSeed, uint256 amountSeed) external {
        _before("sendWei");
        address r = _recipient(recipientSeed);
        vm.deal(r, r.balance + bound(amountSeed, 1, 1 ether));
    }

    // ================================================================ guardian

    /**
     * @notice The guardian tries to cancel a live proposal. Records whether a proposal that does more than change
     * the guardian was shielded from it (defect 4), and whether the guardian cancelled its own removal.
     */
    function guardianCancel(uint256 proposalSeed) external {
        _before("guardianCancel");
        uint256 n = _proposals.length;
        if (n == 0 || !s.guardian.isActive()) return;
        // The first live (cancellable) proposal from the seed on.
        uint256 i = proposalSeed % n;
        for (uint256 k = 0; k < n && k < 12; ++k) {
            IGovernor.ProposalState st = s.governor.state(_proposals[i].id);
            if (
                st == IGovernor.ProposalState.Pending ||
                st == IGovernor.ProposalState.Active ||
                st == IGovernor.ProposalState.Succeeded ||
                st == IGovernor.ProposalState.Queued
            ) break;
            i = (i + 1) % n;
        }
        Proposal storage p = _proposals[i];
        vm.prank(a.guardian);
        try s.guardian.cancel(p.targets, p.values, p.calldatas, p.descriptionHash) returns (bool cancelled) {
            if (!cancelled && !p.onlyChangesGuardian) ++guardianShielded;
            if (cancelled && p.onlyChangesGuardian) ++guardianCancelledOwnRemoval;
        } catch {}
        _record();
    }

    // ================================================================ disputes

    function challenge(uint256 whoSeed, uint256 proposalSeed, uint256 amountSeed) external {
        _before("challenge");
        (bool found, uint256 i) = _pick(proposalSeed, IGovernor.ProposalState.Succeeded);
        if (!found) return;
        Proposal storage p = _proposals[i];
        address who = _holder(whoSeed);
        uint8 t0 = s.committee.threshold(0);
        uint8 t1 = s.committee.threshold(1);
        if (_deposit(who, abi.encodeCall(s.escalation.challenge, (p.id, bound(amountSeed, 9_000e18, 30_000e18))))) {
            ++challengedCount;
            if (!p.disputeStarted) (p.disputeStarted, p.threshold0AtStart, p.threshold1AtStart) = (true, t0, t1);
        }
    }

    function stake(uint256 whoSeed, uint256 proposalSeed, bool defend, uint256 amountSeed) external {
        _before("stake");
        (bool found, uint256 i) = _pickDispute(proposalSeed, IDisputeEscalation.DisputeState.Funding);
        if (!found) return;
        Proposal storage p = _proposals[i];
        IDisputeEscalation.Side side = defend ? IDisputeEscalation.Side.Defender : IDisputeEscalation.Side.Challenger;
        _deposit(
            _holder(whoSeed),
            abi.encodeCall(s.escalation.stake, (p.id, side, bound(amountSeed, 1e18, 40_000e18)))
        );
    }

    function appeal(uint256 whoSeed, uint256 proposalSeed, uint256 amountSeed) external {
        _before("appeal");
        (bool found, uint256 i) = _pickDispute(proposalSeed, IDisputeEscalation.DisputeState.Appealable);
        if (!found) return;
        Proposal storage p = _proposals[i];
        _deposit(_holder(whoSeed), abi.encodeCall(s.escalation.appeal, (p.id, bound(amountSeed, 1e18, 80_000e18))));
    }

    /// @dev Calls the escalation as `who` and books what left its balance as deposited.
    function _deposit(address who, bytes memory data) private returns (bool ok) {
        uint256 before = s.token.balanceOf(who);
        vm.prank(who);
        (ok, ) = address(s.escalation).call(data);
        if (ok) ghostDeposited += before - s.token.balanceOf(who);
        _record();
    }

    /// @notice A committee member rules (Uphold or Reject).
    function rule(uint256 memberSeed, uint256 proposalSeed, bool reject) external {
        _before("rule");
        (bool found, uint256 i) = _pickDispute(proposalSeed, IDisputeEscalation.DisputeState.Deliberating);
        if (!found) return;
        Proposal storage p = _proposals[i];
        vm.prank(a.committee[memberSeed % a.committee.length]);
        try s.committee.castRuling(p.id, reject ? IDisputeEscalation.Ruling.Reject : IDisputeEscalation.Ruling.Uphold) {
            ++rulingsCast;
        } catch {}
    }

    /**
     * @notice Governance changes the committee's thresholds (an executed meta-governance proposal, modelled
     * directly: the policy path to it is exercised by {propose} with Kind.CommitteeChange).
     */
    function governanceSetsThresholds(uint256 thresholdSeed, uint256 appealSeed) external {
        _before("governanceSetsThresholds");
        // Half the time a decrease (the case of defect 8), else any valid pair.
        uint8 current = s.committee.threshold(0);
        uint8 t0 =
            thresholdSeed % 2 == 0 && current > 1
                ? uint8(1 + ((thresholdSeed >> 1) % (current - 1)))
                : uint8(bound(thresholdSeed >> 1, 1, 5));
        uint8 t1 = uint8(bound(appealSeed, t0, 5));
        vm.prank(address(s.timelock));
        try s.committee.setThresholds(t0, t1) {} catch {}
    }

    function referendumVote(uint256 voterSeed, uint256 proposalSeed, uint256 supportSeed) external {
        _before("referendumVote");
        (bool found, uint256 i) = _pickDispute(proposalSeed, IDisputeEscalation.DisputeState.Deliberating);
        if (!found) return;
        Proposal storage p = _proposals[i];
        vm.prank(_holder(voterSeed));
        try s.referendum.castVote(p.id, uint8(supportSeed % 3)) {} catch {}
    }

    function settle(uint256 proposalSeed) external {
        _before("settle");
        if (_proposals.length == 0) return;
        try s.escalation.settle(_proposals[proposalSeed % _proposals.length].id) {} catch {}
        _record();
    }

    function claim(uint256 whoSeed, uint256 proposalSeed) external {
        _before("claim");
        if (_proposals.length == 0) return;
        uint256 id = _proposals[proposalSeed % _proposals.length].id;
        address who = _holder(whoSeed);
        uint256 before = s.token.balanceOf(who);
        vm.prank(who);
        try s.escalation.claim(id) {
            uint256 paid = s.token.balanceOf(who) - before;
            ghostPaid += paid;
            if (paid != 0 && ++claims[id][who] > 1) ++doubleClaims;
        } catch {}
        _record();
    }

    /// @notice Anyone asks the A6 tripwire to mark a proposal whose pivotal delegate's power is fresh.
    function escalateFreshPower(uint256 proposalSeed, uint256 delegateSeed) external {
        _before("escalateFreshPower");
        if (_proposals.length == 0) return;
        try s.freshPower.escalate(_proposals[proposalSeed % _proposals.length].id, _holder(delegateSeed)) {} catch {}
    }

    /// @notice The proposal bond (0 in the production defaults: then this always reverts, as it should).
    function settleProposalBond(uint256 proposalSeed) external {
        _before("settleProposalBond");
        if (_proposals.length == 0) return;
        try s.policy.settleProposalBond(_proposals[proposalSeed % _proposals.length].id) {} catch {}
        _record();
    }

    // ================================================================ internals

    function _before(string memory name) private {
        sync();
        ++calls[keccak256(bytes(name))];
    }

    /// @dev Appends every tracked account's (delegate, balance) if it changed; a change within one clock value
    /// overwrites (the end-of-timepoint state is what `getPastVotes` reports).
    function _record() internal {
        uint48 now_ = s.token.clock();
        for (uint256 i = 0; i < _tracked.length; ++i) {
            address acct = _tracked[i];
            address d = s.token.delegates(acct);
            uint256 bal = s.token.balanceOf(acct);
            Holding[] storage h = _history[acct];
            uint256 n = h.length;
            if (n != 0 && h[n - 1].delegate == d && h[n - 1].balance == bal) continue;
            // The first entry stands for every earlier timepoint: before the campaign starts nothing moves, so
            // the starting holdings are an upper bound of what anyone held before (a sound bound).
            if (n == 0) h.push(Holding({at: 0, delegate: d, balance: bal}));
            else if (h[n - 1].at == now_) (h[n - 1].delegate, h[n - 1].balance) = (d, bal);
            else h.push(Holding({at: now_, delegate: d, balance: bal}));
        }
    }

    /// @dev The first proposal in `state`, searching from `seed`; most recent proposals are the likeliest.
    function _pick(uint256 seed, IGovernor.ProposalState state) private view returns (bool, uint256) {
        uint256 n = _proposals.length;
        if (n == 0) return (false, 0);
        uint256 start = seed % n;
        for (uint256 k = 0; k < n && k < 12; ++k) {
            uint256 i = (start + k) % n;
            if (s.governor.state(_proposals[i].id) == state) return (true, i);
        }
        return (false, 0);
    }

    /// @dev The first proposal whose dispute is in `state`, searching from `seed`.
    function _pickDispute(uint256 seed, IDisputeEscalation.DisputeState state) private view returns (bool, uint256) {
        uint256 n = _proposals.length;
        if (n == 0) return (false, 0);
        uint256 start = seed % n;
        for (uint256 k = 0; k < n && k < 12; ++k) {
            uint256 i = (start + k) % n;
            if (s.escalation.disputeState(_proposals[i].id) == state) return (true, i);
        }
        return (false, 0);
    }

    function _holder(uint256 seed) internal view returns (address) {
        return a.holders[seed % a.holders.length];
    }

    function _recipient(uint256 seed) internal view returns (address) {
        return a.recipients[seed % a.recipients.length];
    }

    function _identity(uint256 seed) internal pure returns (uint256) {
        return 1 + (seed % 3);
    }

    /// @dev Against 1/4, For 1/2, Abstain 1/4.
    function _support(uint256 seed) internal pure returns (uint8) {
        uint256 r = seed % 4;
        return r == 0 ? 0 : (r == 3 ? 2 : 1);
    }

    /// @dev Whether the registry's dispatcher knows `selector` (PUSH4 selector in its runtime code).
    function _registryHas(bytes4 selector) internal view returns (bool) {
        bytes memory code = address(s.registry).code;
        for (uint256 i = 0; i + 4 < code.length; ++i) {
            if (
                code[i] == 0x63 &&
                code[i + 1] == selector[0] &&
                code[i + 2] == selector[1] &&
                code[i + 3] == selector[2] &&
                code[i + 4] == selector[3]
            ) return true;
        }
        return false;
    }
}
