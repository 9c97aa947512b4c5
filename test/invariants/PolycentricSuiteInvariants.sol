// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// Campaign code, not deployed: handlers prank actors and call by signature, invariants are named after THREATS ids.
// solhint-disable reentrancy, avoid-low-level-calls, func-name-mixedcase, gas-small-strings, gas-struct-packing
// solhint-disable function-max-lines, max-states-count, one-contract-per-file, interface-starts-with-i
// solhint-disable const-name-snakecase

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {IDisputeEscalation} from "../../contracts/interfaces/IDisputeEscalation.sol";
import {IGovernancePolicy} from "../../contracts/interfaces/IGovernancePolicy.sol";

import {Test} from "./utils/Test.sol";
import {Suite, Actors, SuiteDeployment} from "./SuiteDeployment.sol";
import {SuiteHandler} from "./SuiteHandler.sol";

/**
 * @title PolycentricSuiteInvariants
 * @dev The stateful invariant campaign over one production suite deployment (see docs/invariants.md). Forge runs
 * random sequences of {SuiteHandler} calls and checks every `invariant_*` after each call; each invariant names the
 * THREATS.md invariant it states (I1–I21) and, where the external review broke it, the defect.
 *
 * Concrete campaigns: one per clock mode (PolycentricSuite.t.sol).
 */
abstract contract PolycentricSuiteInvariants is Test {
    Suite internal s;
    Actors internal a;
    SuiteHandler internal handler;

    /// @dev The token's clock mode of this campaign.
    function _blockClock() internal pure virtual returns (bool);

    function setUp() public {
        vm.warp(1_750_000_000);
        vm.roll(20_000_000);
        s = SuiteDeployment.deploySuite(_blockClock());
        a = SuiteDeployment.actors();

        // The starting delegation graph: most holders delegate to themselves; two have long delegated to others,
        // one of them to the attacker (defect 1's starting point).
        for (uint256 i = 0; i < a.holders.length; ++i) {
            address to = a.holders[i];
            if (i == 2) to = a.attacker;
            if (i == 3) to = a.holders[6];
            vm.prank(a.holders[i]);
            s.token.delegate(to);
        }
        // Two days on: every starting holding is older than the 1-day holding period.
        vm.warp(block.timestamp + 2 days);
        vm.roll(block.number + (2 days) / 12);

        handler = new SuiteHandler(s, a);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](37);
        selectors[0] = SuiteHandler.warp.selector;
        selectors[1] = SuiteHandler.transfer.selector;
        selectors[2] = SuiteHandler.delegate.selector;
        selectors[3] = SuiteHandler.borrow.selector;
        selectors[4] = SuiteHandler.repay.selector;
        selectors[5] = SuiteHandler.consent.selector;
        selectors[6] = SuiteHandler.admit.selector;
        selectors[7] = SuiteHandler.bind.selector;
        selectors[8] = SuiteHandler.bindWithConsent.selector;
        selectors[9] = SuiteHandler.unbind.selector;
        selectors[10] = SuiteHandler.proposeOrdinary.selector;
        selectors[27] = SuiteHandler.proposeParameter.selector;
        selectors[28] = SuiteHandler.proposeMeta.selector;
        selectors[29] = SuiteHandler.proposeRoleChange.selector;
        selectors[30] = SuiteHandler.warpToNextPhase.selector;
        selectors[31] = SuiteHandler.voteRound.selector;
        selectors[32] = SuiteHandler.redelegateAndBorrow.selector;
        selectors[11] = SuiteHandler.castVote.selector;
        selectors[12] = SuiteHandler.castOverrideVote.selector;
        selectors[13] = SuiteHandler.cancel.selector;
        selectors[14] = SuiteHandler.queue.selector;
        selectors[15] = SuiteHandler.execute.selector;
        selectors[16] = SuiteHandler.sendWei.selector;
        selectors[17] = SuiteHandler.guardianCancel.selector;
        selectors[18] = SuiteHandler.challenge.selector;
        selectors[19] = SuiteHandler.stake.selector;
        selectors[20] = SuiteHandler.appeal.selector;
        selectors[21] = SuiteHandler.rule.selector;
        selectors[22] = SuiteHandler.governanceSetsThresholds.selector;
        selectors[23] = SuiteHandler.referendumVote.selector;
        selectors[24] = SuiteHandler.settle.selector;
        selectors[25] = SuiteHandler.claim.selector;
        selectors[26] = SuiteHandler.escalateFreshPower.selector;
        // The lifecycle driver three times over (forge picks selectors uniformly): one call in twelve moves a
        // proposal one stage, so that executions and rulings happen within a run.
        selectors[33] = SuiteHandler.advance.selector;
        selectors[34] = SuiteHandler.advance.selector;
        selectors[35] = SuiteHandler.advance.selector;
        selectors[36] = SuiteHandler.executeDuringVotingDelay.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetSender(address(0xC0FFEE));
    }

    // ================================================================ voting power

    /// @notice I1 vote conservation: tokens are conserved, and the delegates' votes are exactly the delegated balances.
    function invariant_I1_voteConservation() public {
        handler.sync();
        address[] memory tracked = handler.tracked();
        uint256 held;
        uint256 delegated;
        uint256 votes;
        for (uint256 i = 0; i < tracked.length; ++i) {
            uint256 b = s.token.balanceOf(tracked[i]);
            held += b;
            if (s.token.delegates(tracked[i]) != address(0)) delegated += b;
            votes += s.token.getVotes(tracked[i]);
        }
        held += s.token.balanceOf(address(s.timelock)) + s.token.balanceOf(address(s.escalation));
        held += s.token.balanceOf(address(s.policy)) + s.token.balanceOf(s.escalation.BURN_ADDRESS());
        for (uint256 i = 0; i < a.recipients.length; ++i) held += s.token.balanceOf(a.recipients[i]);
        assertEq(held, s.token.totalSupply(), "I1 token conservation");
        assertEq(votes, delegated, "I1 votes == delegated balances");
    }

    /// @notice I4/I9: what all units counted on a proposal never exceeds what the accounts whose power reached a
    /// vote (delegators of a unit that voted, and overriders) held at the snapshot.
    function invariant_I4_countedWithinHeldAtSnapshot() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            if (p.snapshot >= s.token.clock()) continue;
            uint256 counted = _counted(p.id);
            assertLe(counted, s.token.getPastTotalSupply(p.snapshot), "I4 counted <= supply at the snapshot");
            assertLe(counted, _heldBy(p.id, p.snapshot, p.snapshot), "I4 counted <= held at the snapshot");
        }
    }

    /**
     * @notice I6/I10 holding period, overrides included (defect 1): counted power over all units never exceeds
     * what was held one holding period (the one in force at creation) before the snapshot, whatever the
     * delegation path: each account's balance then counts at most once.
     */
    function invariant_I6_countedWithinHeldOneHoldingPeriodBefore() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            if (p.snapshot >= s.token.clock() || p.snapshot < p.holdingPeriodAtCreation) continue;
            uint256 aged = p.snapshot - p.holdingPeriodAtCreation;
            assertLe(_counted(p.id), _heldBy(p.id, p.snapshot, aged), "I6 counted <= held one holding period before");
        }
    }

    /**
     * @notice I1/I6 per voting unit (defect 1): no unit's vote counts more than the balances that backed it one holding
     * period before the snapshot (ghost history, not the governor's answer). Each account's balance then backs exactly
     * one unit: of its own unit (if it overrode) and the unit it had delegated to then, the one that voted first. The
     * sum over all units hides a double count behind other units' cap slack; this does not.
     */
    function invariant_I6_agedBalanceBacksOneVote() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        address[] memory tracked = handler.tracked();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            if (p.snapshot >= s.token.clock() || p.snapshot < p.holdingPeriodAtCreation) continue;
            uint256[] memory units = handler.votedUnits(p.id);
            uint256[] memory backing = new uint256[](units.length);
            for (uint256 k = 0; k < tracked.length; ++k) {
                (uint256 unit, uint256 balance) = _backedUnit(p, tracked[k]);
                if (unit == 0) continue;
                backing[handler.voteOrder(p.id, unit) - 1] += balance;
            }
            for (uint256 u = 0; u < units.length; ++u) {
                assertLe(handler.unitCounted(p.id, units[u]), backing[u], "I6 a unit counted an aged balance twice");
            }
        }
    }

    /// @dev The unit `account`'s balance one holding period before `p`'s snapshot backed (0: none voted with it).
    function _backedUnit(SuiteHandler.Core memory p, address account) private view returns (uint256 unit, uint256) {
        (address d, uint256 balance) = handler.holdingAt(account, p.snapshot - p.holdingPeriodAtCreation);
        if (balance == 0) return (0, 0);
        uint256 order;
        if (d != address(0)) {
            unit = _unitOf(d, p.snapshot);
            order = handler.voteOrder(p.id, unit);
        }
        if (handler.overrode(p.id, account)) {
            uint256 own = _unitOf(account, p.snapshot);
            uint256 ownOrder = handler.voteOrder(p.id, own);
            if (order == 0 || ownOrder < order) (unit, order) = (own, ownOrder);
        }
        return order == 0 ? (0, 0) : (unit, balance);
    }

    function _unitOf(address account, uint256 timepoint) private view returns (uint256) {
        uint256 identity = s.registry.identityAt(account, timepoint);
        return identity == 0 ? uint256(uint160(account)) : (1 << 255) | identity;
    }

    /// @notice I6 cap soundness: no vote counted more than the cap at its snapshot.
    function invariant_I6_capPerUnit() public {
        handler.sync();
        assertEq(handler.capBreaches(), 0, "I6 a vote counted more than the cap");
    }

    /// @notice I5 QV soundness: every vote adds ⌊√counted⌋ of its unit's (identity-summed) counted power.
    function invariant_I5_quadraticOnUnitSum() public {
        handler.sync();
        assertEq(handler.quadraticMismatches(), 0, "I5 quadratic weight != isqrt(counted power)");
    }

    /// @notice I9 one vote per voter: each voting unit is counted once per proposal.
    function invariant_I9_oneVotePerUnit() public {
        handler.sync();
        assertEq(handler.doubleVotes(), 0, "I9 a voting unit voted twice");
    }

    /**
     * @notice I5/I9 identity bindings need consent (defect 9): every binding that took effect had the account's
     * consent to that identity and, unless it was the first member, a current member's admission.
     */
    function invariant_I5_bindingsNeedConsent() public {
        handler.sync();
        assertEq(handler.unconsentedBindings(), 0, "I5 an attester bound an account without consent");
    }

    // ================================================================ proposals

    /**
     * @notice I11 (defect 6): the parameters that decide an outcome are the ones in force when the proposal was
     * created: quorum numerator, cap fraction and holding period at its snapshot, its dispute parameter set.
     */
    function invariant_I11_parametersFixedAtCreation() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            assertEq(s.governor.quorumNumerator(p.snapshot), p.quorumNumeratorAtCreation, "I11 quorum changed");
            (uint256 fraction, uint256 hold) = s.governor.capParamsAt(p.snapshot);
            assertEq(fraction, p.capFractionAtCreation, "I11 cap fraction changed");
            assertEq(hold, p.holdingPeriodAtCreation, "I11 holding period changed");
            assertEq(s.escalation.parametersAt(p.snapshot), p.disputeParamsIdAtCreation, "I11 dispute parameters");
        }
    }

    /// @notice I13/A8 spam limit (defect 7): at most one live (Pending or Active) proposal per voting unit, the unit
    /// being the one whose power the proposal threshold read (the proposer's identity at creation's clock() - 1).
    function invariant_I13_oneLiveProposalPerUnit() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        uint256[] memory units = new uint256[](n);
        uint256 live;
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            IGovernor.ProposalState st = s.governor.state(p.id);
            if (st != IGovernor.ProposalState.Pending && st != IGovernor.ProposalState.Active) continue;
            for (uint256 k = 0; k < live; ++k) {
                assertTrue(units[k] != p.proposerUnit, "I13 one voting unit holds two live proposals");
            }
            units[live++] = p.proposerUnit;
        }
    }

    /// @notice I12 code pinning (defect 3): a proposal fails the code check only if a target's code changed.
    function invariant_I12_codePinningOnlyOnCodeChange() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            (address[] memory targets, uint256[] memory codeSizes) = handler.targetsOf(i);
            bool same = true;
            for (uint256 k = 0; k < targets.length; ++k) {
                if (targets[k].code.length != codeSizes[k]) same = false;
            }
            if (!same) continue;
            assertTrue(
                s.policy.codeDigest(targets) == s.policy.recordedCodeDigest(p.id),
                "I12 code digest moved with no code change"
            );
        }
    }

    /// @notice I12 execution integrity: each proposal executes at most once.
    function invariant_I12_executedOnce() public {
        handler.sync();
        assertEq(handler.executedTwice(), 0, "I12 a proposal executed twice");
    }

    // ================================================================ parameters and roles

    /// @notice I15 (defects 5, 11): every governed parameter is inside its immutable bounds, the timelock delay too.
    function invariant_I15_parametersWithinBounds() public {
        handler.sync();
        bytes4[] memory setters = s.policy.ruledSetters();
        for (uint256 i = 0; i < setters.length; ++i) {
            (IGovernancePolicy.ParameterRule memory r, ) = s.policy.parameterRule(setters[i]);
            (bool ok, bytes memory ret) = address(s.governor).staticcall(abi.encodeWithSelector(r.getter));
            assertTrue(ok, "I15 getter");
            uint256 v = abi.decode(ret, (uint256));
            assertGe(v, r.min, "I15 parameter below its bound");
            assertLe(v, r.max, "I15 parameter above its bound");
        }
        (uint256 minCap, uint256 maxCap, uint256 minHold, uint256 maxHold) = s.governor.capBounds();
        assertGe(s.governor.capFraction(), minCap, "I15 cap fraction");
        assertLe(s.governor.capFraction(), maxCap, "I15 cap fraction");
        assertGe(s.governor.holdingPeriod(), minHold, "I15 holding period");
        assertLe(s.governor.holdingPeriod(), maxHold, "I15 holding period");
        uint256 delay = s.timelock.getMinDelay();
        assertGe(delay, SuiteDeployment.TIMELOCK_MIN_DELAY, "I15 timelock delay below its bound");
        assertLe(delay, SuiteDeployment.TIMELOCK_MAX_DELAY, "I15 timelock delay above its bound");
    }

    /// @notice I16 (defect 5): only the governor proposes, cancels and executes on the timelock; only the timelock
    /// administers it; no actor, the deployer included, holds any timelock role.
    function invariant_I16_timelockRoles() public {
        handler.sync();
        address gov = address(s.governor);
        assertTrue(s.timelock.hasRole(s.timelock.PROPOSER_ROLE(), gov), "I16 governor lost PROPOSER");
        assertTrue(s.timelock.hasRole(s.timelock.CANCELLER_ROLE(), gov), "I16 governor lost CANCELLER");
        assertTrue(s.timelock.hasRole(s.timelock.EXECUTOR_ROLE(), gov), "I16 governor lost EXECUTOR");
        assertTrue(!s.timelock.hasRole(s.timelock.EXECUTOR_ROLE(), address(0)), "I16 executor opened");
        address[] memory others = _everyone();
        for (uint256 i = 0; i < others.length; ++i) {
            assertTrue(!s.timelock.hasRole(s.timelock.DEFAULT_ADMIN_ROLE(), others[i]), "I16 timelock admin");
            assertTrue(!s.timelock.hasRole(s.timelock.PROPOSER_ROLE(), others[i]), "I16 timelock proposer");
            assertTrue(!s.timelock.hasRole(s.timelock.CANCELLER_ROLE(), others[i]), "I16 timelock canceller");
            assertTrue(!s.timelock.hasRole(s.timelock.EXECUTOR_ROLE(), others[i]), "I16 timelock executor");
        }
    }

    /**
     * @notice I16/I15 (defect 2): every proposal that changes who may change a governed contract (role admin,
     * ownership, guardian, timelock, attesters) is meta-governance (super-quorum, escalated window).
     */
    function invariant_I16_authorityChangesAreMetaGovernance() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            if (!p.changesAuthority) continue;
            assertTrue(s.policy.isMetaGovernance(p.id), "I16 authority change passed as an ordinary proposal");
        }
    }

    /// @notice I17 (defect 4): the guardian can cancel every proposal that does more than change the guardian.
    function invariant_I17_guardianCannotBeShielded() public {
        handler.sync();
        assertEq(handler.guardianShielded(), 0, "I17 a proposal shielded itself from the guardian");
    }

    /// @notice I17: a proposal that only removes or replaces the guardian is never cancelled by that guardian.
    function invariant_I17_guardianCannotCancelItsOwnRemoval() public {
        handler.sync();
        assertEq(handler.guardianCancelledOwnRemoval(), 0, "I17 the guardian cancelled its own removal");
    }

    /// @notice I17/I15 terms expire: the guardian's, every committee seat's and every attester's term is bounded.
    function invariant_I17_termsExpire() public {
        handler.sync();
        (address g, uint48 expiry) = s.guardian.guardian();
        if (g != address(0)) assertLe(expiry, block.timestamp + s.guardian.maxTerm(), "I17 guardian term");
        address[] memory members = s.committee.members();
        for (uint256 i = 0; i < members.length; ++i) {
            assertLe(s.committee.memberExpiry(members[i]), block.timestamp + s.committee.maxTerm(), "I17 seat term");
        }
        for (uint256 i = 0; i < a.holders.length; ++i) {
            assertLe(
                s.registry.attesterExpiry(a.holders[i]),
                block.timestamp + s.registry.MAX_ATTESTER_TERM(),
                "I17 attester term"
            );
        }
    }

    // ================================================================ disputes

    /// @notice I18 bond conservation: deposited = refunded + rewarded + burned + held, backed by the balance; what
    /// the books say was deposited and paid is what actors paid in and received; nobody is paid twice.
    function invariant_I18_bondConservation() public {
        handler.sync();
        (uint256 deposited, uint256 refunded, uint256 rewarded, uint256 burned, uint256 held) = s
            .escalation
            .accounting();
        assertEq(
            deposited,
            refunded + rewarded + burned + held,
            "I18 deposited != refunded + rewarded + burned + held"
        );
        assertGe(s.token.balanceOf(address(s.escalation)), held, "I18 balance < held");
        assertEq(deposited, handler.ghostDeposited(), "I18 deposited != what actors paid in");
        assertEq(refunded + rewarded, handler.ghostPaid(), "I18 paid out != what actors received");
        assertEq(handler.doubleClaims(), 0, "I18 claimed twice");
    }

    /**
     * @notice I19 (defect 8): a committee ruling is recorded only for the side with the most votes, and with at least
     * the threshold in force when the tier's deliberation opened.
     */
    function invariant_I19_rulingsByMajority() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            if (!p.disputeStarted) continue;
            IDisputeEscalation.DisputeView memory d = s.escalation.dispute(p.id);
            if (d.ruledAt == 0 || d.tier > 1) continue;
            (uint8 uphold, uint8 reject) = s.committee.rulingVotes(p.id, d.tier);
            // The threshold in force when this tier's deliberation opened (the end of its funding), read from the
            // committee's threshold history, which every path to setThresholds writes (the handler's direct call and
            // an executed CommitteeChange proposal alike). A change during funding applies; one during deliberation
            // does not (defect 8).
            uint256 threshold = s.committee.thresholdAt(d.tier, d.fundingEnd);
            if (d.ruling == IDisputeEscalation.Ruling.Uphold) {
                assertGe(uphold, reject, "I19 minority ruling recorded (uphold < reject)");
                assertGe(uphold, threshold, "I19 ruling below the threshold at the deliberation's start");
            } else if (d.ruling == IDisputeEscalation.Ruling.Reject) {
                assertGe(reject, uphold, "I19 minority ruling recorded (reject < uphold)");
                assertGe(reject, threshold, "I19 ruling below the threshold at the deliberation's start");
            }
        }
    }

    /// @notice I13 bounded liveness: every dispute is final within T_max of its proposal's voting deadline.
    function invariant_I13_disputesEndWithinTmax() public {
        handler.sync();
        uint256 n = handler.proposalCount();
        for (uint256 i = _first(n); i < n; ++i) {
            SuiteHandler.Core memory p = handler.core(i);
            IDisputeEscalation.DisputeState st = s.escalation.disputeState(p.id);
            if (
                st != IDisputeEscalation.DisputeState.Challengeable &&
                st != IDisputeEscalation.DisputeState.Funding &&
                st != IDisputeEscalation.DisputeState.Deliberating &&
                st != IDisputeEscalation.DisputeState.Appealable
            ) continue;
            uint256 tMax = s.escalation.maxResolutionTime(uint16(p.disputeParamsIdAtCreation));
            assertLe(s.token.clock(), s.governor.proposalDeadline(p.id) + tMax, "I13 dispute open past T_max");
        }
    }

    // ================================================================ helpers

    /// @dev Invariants over proposals look at the latest 16: older ones are long decided (a run creates ~30), and
    /// reading every one after every call would make the campaign quadratic in its depth.
    function _first(uint256 n) internal pure returns (uint256) {
        return n > 16 ? n - 16 : 0;
    }

    /// @dev Raw power counted on `id`, all sides.
    function _counted(uint256 id) internal view returns (uint256) {
        (uint256 against, uint256 forVotes, uint256 abstain) = s.governor.proposalRawVotes(id);
        return against + forVotes + abstain;
    }

    /**
     * @dev What the accounts whose power reached a vote on `id` held at `timepoint` (ghost history, not the
     * governor's answer): each tracked account counts its balance once if it overrode, or if its delegate at
     * `timepoint` belongs (at the snapshot) to a voting unit that voted.
     */
    function _heldBy(uint256 id, uint256 snapshot, uint256 timepoint) internal view returns (uint256 held) {
        address[] memory tracked = handler.tracked();
        snapshot;
        for (uint256 i = 0; i < tracked.length; ++i) {
            (address d, uint256 balance) = handler.holdingAt(tracked[i], timepoint);
            if (balance == 0) continue;
            if (handler.overrode(id, tracked[i]) || (d != address(0) && s.governor.hasVoted(id, d))) held += balance;
        }
    }

    function _everyone() internal view returns (address[] memory out) {
        out = new address[](a.holders.length + a.committee.length + 4);
        uint256 k;
        for (uint256 i = 0; i < a.holders.length; ++i) out[k++] = a.holders[i];
        for (uint256 i = 0; i < a.committee.length; ++i) out[k++] = a.committee[i];
        out[k++] = a.lender;
        out[k++] = a.guardian;
        out[k++] = address(this);
        out[k++] = address(handler);
    }
}
