/**
 * THREATS I13 (bounded liveness: T_max), I19 (escalation monotonicity, bounded tiers, finality, bounded window
 * extension), I20 and A9 (a)–(e) (bond griefing and draining), in both clock modes, on the quadratic and the linear
 * governor.
 */
import { expect } from "chai";
import fc from "fast-check";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import {
  descriptionHash,
  disputeParams,
  disputeTMax,
  gov,
  ofBps,
  ProposalState,
  toClockUnits,
  type Proposal,
} from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import {
  committeeRules,
  conservation,
  disputeWorld,
  DisputeState,
  nextTxAt,
  passProposal,
  receiverProposal,
  Ruling,
  Side,
  stateName,
  type DisputeCounting,
  type DisputeWorld,
} from "../fixtures/disputes";
import { propertyRuns } from "../fixtures/effort";

const BOND = gov(10_000);
const TIMELOCK_DELAY = 2n * 86_400n;

for (const mode of CLOCK_MODES) {
  for (const counting of ["quadratic", "linear"] as DisputeCounting[]) {
    describe(`Dispute invariants (${mode} clock, ${counting} governor)`, function () {
      const world = () => disputeWorld(mode, counting);

      /** A passed proposal marked for escalation by a hook (so the longest, escalated window applies). */
      async function markedProposal(w: DisputeWorld, description: string): Promise<{ id: bigint; p: Proposal }> {
        const hook = w.spare[0]!;
        if (!(await w.d.escalation.isHook(hook.address))) {
          await w.d.escalation.connect(w.governance).setHook(hook.address, true);
        }
        const p = await receiverProposal(w, description);
        const { id } = await w.helper.propose(p, w.proposer);
        await w.d.escalation.connect(hook).markForEscalation(id);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, 1n);
        await w.helper.waitForDeadline(id);
        return { id, p };
      }

      async function queueAndExecute(w: DisputeWorld, p: Proposal, id: bigint): Promise<bigint> {
        await w.helper.queue(p);
        await w.helper.waitForEta(id);
        await w.helper.execute(p);
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
        return BigInt(await time.latest());
      }

      it("I13 worst case: challenged in the window's last unit, every ruling and appeal at its last unit, the referendum to its end: final exactly at deadline + T_max + 1, executed within T_max + the timelock", async function () {
        const w = await world();
        const { id, p } = await markedProposal(w, "I13 worst case");
        const deadline = await w.governor.proposalDeadline(id);
        const tMax = await w.d.escalation.maxResolutionTime(0);
        expect(tMax).to.equal(disputeTMax(w.params));
        const started = BigInt(await time.latest());

        let v = await w.d.escalation.dispute(id);
        await nextTxAt(w, v.windowEnd);
        await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        for (const tier of [0n, 1n]) {
          v = await w.d.escalation.dispute(id);
          expect(v.tier).to.equal(tier);
          const votes = tier === 0n ? 2n : 3n; // the last of them lands on the deliberation's last unit
          await w.helper.advanceTo(v.deliberationEnd - votes);
          await w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Uphold);
          await w.d.committee.connect(w.members[1]!).castRuling(id, Ruling.Uphold);
          if (tier === 1n) await w.d.committee.connect(w.members[2]!).castRuling(id, Ruling.Uphold);
          v = await w.d.escalation.dispute(id);
          expect(v.ruledAt).to.be.lessThanOrEqual(v.deliberationEnd);
          await nextTxAt(w, v.appealEnd);
          await w.d.escalation.connect(w.challenger).appeal(id, 2n ** (tier + 1n) * BOND);
        }
        v = await w.d.escalation.dispute(id);
        expect(v.tier).to.equal(2n);
        await w.helper.advanceTo(v.fundingEnd + 1n);
        await w.d.referendum.connect(w.challenger).castVote(id, 0);
        // Every step took its last unit: the bound is reached exactly.
        const finalAt = v.deliberationEnd + 1n;
        expect(finalAt - deadline).to.equal(tMax + 1n);
        await w.helper.advanceTo(v.deliberationEnd);
        expect(await stateName(w, id)).to.equal("Deliberating");
        await w.helper.advanceTo(finalAt);
        expect(await stateName(w, id)).to.equal("Upheld");
        const executedAt = await queueAndExecute(w, p, id);
        if (mode === "timestamp") {
          expect(executedAt - deadline).to.be.lessThanOrEqual(tMax + 1n + TIMELOCK_DELAY + 2n);
        } else {
          expect(executedAt - started).to.be.lessThanOrEqual(tMax * 12n + TIMELOCK_DELAY + 12n * 10n);
        }
      });

      it("I13 a silent committee cannot stall: no ruling at either committee tier still ends by deadline + T_max + 1", async function () {
        const w = await world();
        const { id, p } = await markedProposal(w, "I13 silent committee");
        const deadline = await w.governor.proposalDeadline(id);
        const tMax = await w.d.escalation.maxResolutionTime(0);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        await nextTxAt(w, windowEnd);
        await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        await w.helper.advanceTo(deadline + tMax);
        const v = await w.d.escalation.dispute(id);
        expect([v.state, v.tier]).to.deep.equal([DisputeState.Deliberating, 2n]);
        expect(v.deliberationEnd).to.equal(deadline + tMax);
        await w.helper.advanceTo(deadline + tMax + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        await queueAndExecute(w, p, id);
      });

      it("I13 without a challenge the proposal is queueable right after its window (T = window)", async function () {
        const w = await world();
        const p = await receiverProposal(w, "I13 unchallenged");
        const id = await passProposal(w, p);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        expect(windowEnd - (await w.governor.proposalDeadline(id))).to.equal(w.params.challengeWindow);
        await w.helper.advanceTo(windowEnd + 1n);
        await queueAndExecute(w, p, id);
      });

      it("I19 bonds grow ×g per tier (requiredBond(k+1) = g × requiredBond(k)) for any bond and factor governance sets", async function () {
        const w = await world();
        await fc.assert(
          fc.asyncProperty(
            fc.bigInt({ min: 1n, max: gov(1_000_000) }),
            fc.integer({ min: 2, max: 10 }),
            async (bond, g) => {
              const params = { ...disputeParams(mode), bond, appealFactor: BigInt(g) };
              // One change per 30 days (I15): each run waits out the rate limit first.
              await w.helper.advanceBy(toClockUnits(await w.d.escalation.PARAMETERS_CHANGE_INTERVAL(), mode));
              await w.d.escalation.connect(w.governance).setParameters(params);
              const paramsId = await w.d.escalation.latestParamsId();
              const [stored] = await w.d.escalation.parameters(paramsId);
              expect(stored.bond).to.equal(bond);
              // A proposal whose snapshot is after the change uses it.
              const p = await receiverProposal(w, `I19 ${bond} ${g} ${paramsId}`);
              const { id } = await w.helper.propose(p, w.proposer);
              let previous = await w.d.escalation.requiredBond(id, 0);
              expect(previous).to.equal(bond);
              for (const tier of [1, 2]) {
                const next = await w.d.escalation.requiredBond(id, tier);
                expect(next).to.equal(previous * BigInt(g));
                previous = next;
              }
            },
          ),
          { numRuns: propertyRuns(8) },
        );
      });

      it("I19 tiers are bounded and a final dispute cannot be reopened: no appeal of the referendum, no stake, ruling or challenge after finality", async function () {
        const w = await world();
        const p = await receiverProposal(w, "I19 finality");
        const id = await passProposal(w, p);
        await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        for (let tier = 0; tier < 2; tier++) {
          await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
          await committeeRules(w, id, Ruling.Uphold, tier === 0 ? 2 : 3);
          await w.d.escalation.connect(w.challenger).appeal(id, BOND * 2n ** BigInt(tier + 1));
        }
        const v = await w.d.escalation.dispute(id);
        expect(v.tier).to.equal(2n);
        expect(await w.d.escalation.MAX_TIERS()).to.equal(3n);
        await w.helper.advanceTo(v.fundingEnd + 1n);
        await expect(w.d.escalation.connect(w.challenger).appeal(id, 8n * BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNotAppealable")
          .withArgs(id, DisputeState.Deliberating);
        expect(await w.d.escalation.appealShortfall(id)).to.equal(0n);
        await w.helper.advanceTo(v.deliberationEnd + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        await expect(w.d.escalation.connect(w.challenger).appeal(id, 8n * BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        await expect(w.d.escalation.connect(w.defender).stake(id, Side.Defender, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        await expect(w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeRulingClosed")
          .withArgs(id);
        await expect(w.d.referendum.connect(w.bob).castVote(id, 0))
          .to.be.revertedWithCustomError(w.d.referendum, "ReferendumNotOpen")
          .withArgs(id);
        await w.d.escalation.settle(id);
        await w.helper.advanceBy(w.params.referendumPeriod * 3n);
        expect(await stateName(w, id)).to.equal("Upheld");
        expect((await w.d.escalation.dispute(id)).tier).to.equal(2n);
      });

      it("I19/A9(e) a challenge at any point of the window extends it by max(0, t + E − end) ≤ E", async function () {
        const w = await world();
        const E = w.params.lateChallengeExtension;
        const W = w.params.challengeWindow;
        let i = 0;
        await fc.assert(
          fc.asyncProperty(fc.bigInt({ min: 1n, max: W }), async (offset) => {
            const p = await receiverProposal(w, `A9(e) offset ${offset} #${i++}`);
            const id = await passProposal(w, p);
            const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
            const at = windowEnd - W + offset;
            if (at > (await w.helper.clock())) await nextTxAt(w, at);
            const now = (await w.helper.clock()) + 1n;
            await w.d.escalation.connect(w.challenger).challenge(id, BOND);
            const newEnd = (await w.d.escalation.dispute(id)).windowEnd;
            const landed = now > at ? now : at;
            const expected = landed + E > windowEnd ? landed + E : windowEnd;
            expect(newEnd).to.equal(expected);
            expect(newEnd - windowEnd).to.be.lessThanOrEqual(E);
          }),
          { numRuns: propertyRuns(6) },
        );
      });

      it("A9(a) griefing honest proposals: the attacker forfeits at least the bond floor per proposal delayed, every proposal still executes within T_max", async function () {
        const w = await world();
        const attacker = w.challenger;
        const proposals: { id: bigint; p: Proposal }[] = [];
        for (let i = 0; i < 4; i++) {
          const p = await receiverProposal(w, `A9(a) honest #${i}`, BigInt(i));
          const { id } = await w.helper.propose(p, w.proposer);
          proposals.push({ id, p });
        }
        await w.helper.waitForSnapshot(proposals[3]!.id);
        for (const { id } of proposals) await w.helper.vote(id, w.alice, 1n);
        await w.helper.waitForDeadline(proposals[3]!.id);
        const start = await w.token.balanceOf(attacker.address);
        for (const { id } of proposals) await w.d.escalation.connect(attacker).challenge(id, BOND);
        // Honest holders defend 3 of 4 (the recipe's 0.9) with a small stake.
        for (const { id } of proposals.slice(0, 3)) {
          await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(2_000));
        }
        await w.helper.advanceTo((await w.d.escalation.dispute(proposals[0]!.id)).fundingEnd + 1n);
        for (const { id } of proposals) await committeeRules(w, id, Ruling.Uphold);
        for (const { id } of proposals) await w.d.escalation.connect(attacker).appeal(id, 2n * BOND);
        await w.helper.advanceTo((await w.d.escalation.dispute(proposals[0]!.id)).fundingEnd + 1n);
        for (const { id } of proposals) await committeeRules(w, id, Ruling.Uphold, 3);
        let lastAppealEnd = 0n;
        for (const { id } of proposals) {
          const end = (await w.d.escalation.dispute(id)).appealEnd;
          if (end > lastAppealEnd) lastAppealEnd = end;
        }
        await w.helper.advanceTo(lastAppealEnd + 1n);
        const tMax = await w.d.escalation.maxResolutionTime(0);
        for (const { id, p } of proposals) {
          expect(await stateName(w, id)).to.equal("Upheld");
          expect((await w.helper.clock()) - (await w.governor.proposalDeadline(id))).to.be.lessThanOrEqual(tMax);
          await w.helper.queue(p);
        }
        for (const { id } of proposals.slice(0, 3)) await w.d.escalation.connect(w.defender).claim(id);
        for (const { id } of proposals) {
          await expect(w.d.escalation.connect(attacker).claim(id))
            .to.be.revertedWithCustomError(w.d.escalation, "DisputeNothingToClaim")
            .withArgs(id, attacker.address);
          await w.d.escalation.settle(id);
        }
        const forfeited = start - (await w.token.balanceOf(attacker.address));
        expect(forfeited).to.equal(4n * 3n * BOND);
        expect(forfeited / 4n).to.be.greaterThanOrEqual(BOND); // the bond floor per proposal delayed
        const [, , rewarded, burned] = await w.d.escalation.accounting();
        expect(burned).to.equal(3n * ofBps(3n * BOND, 5_000n) + 3n * BOND); // the undefended one burns whole
        expect(rewarded).to.equal(3n * ofBps(3n * BOND, 5_000n));
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });

      for (const ruling of [Ruling.Uphold, Ruling.Reject]) {
        it(`A9(b) propose-and-self-dispute (${ruling === Ruling.Uphold ? "upheld" : "rejected"}): the attacker's two addresses lose at least the burn fraction of the bond`, async function () {
          const w = await world();
          const [a1, a2] = [w.proposer, w.challenger]; // A1 proposes and defends, A2 challenges
          const p = await receiverProposal(w, `A9(b) self-dispute ${ruling}`);
          const id = await passProposal(w, p);
          const before = (await w.token.balanceOf(a1.address)) + (await w.token.balanceOf(a2.address));
          await w.token.connect(a1).approve(await w.d.escalation.getAddress(), BOND);
          await w.d.escalation.connect(a2).challenge(id, BOND);
          await w.d.escalation.connect(a1).stake(id, Side.Defender, BOND);
          await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
          await committeeRules(w, id, ruling);
          await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
          for (const s of [a1, a2]) {
            const [refund, reward] = await w.d.escalation.claimable(id, s.address);
            if (refund + reward > 0n) await w.d.escalation.connect(s).claim(id);
          }
          const after = (await w.token.balanceOf(a1.address)) + (await w.token.balanceOf(a2.address));
          const net = after - before;
          expect(net).to.equal(-ofBps(BOND, 5_000n));
          expect(net).to.be.lessThanOrEqual(-ofBps(BOND, w.params.burnBps));
        });
      }

      it("A9(c) appeal war: outspending buys no outcome, only bounded delay, and the attacker forfeits every tier", async function () {
        const w = await world();
        const attacker = w.challenger; // 200,000 GOV for bonds
        const p = await receiverProposal(w, "A9(c) appeal war");
        const id = await passProposal(w, p);
        const deadline = await w.governor.proposalDeadline(id);
        const start = await w.token.balanceOf(attacker.address);
        await w.d.escalation.connect(attacker).challenge(id, BOND);
        await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(30_000)); // honest crowdfund ≤ 100k
        for (let tier = 0; tier < 2; tier++) {
          await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
          await committeeRules(w, id, Ruling.Uphold, tier === 0 ? 2 : 3);
          await w.d.escalation.connect(attacker).appeal(id, 50_000n * 10n ** 18n); // offers more than asked
          await w.d.escalation.connect(w.backer).stake(id, Side.Defender, gov(30_000));
        }
        const v = await w.d.escalation.dispute(id);
        expect(v.tier).to.equal(2n);
        await w.helper.advanceTo(v.fundingEnd + 1n);
        // The tokenholders decide: alice and bob uphold; the attacker's own votes cannot overturn.
        await w.d.referendum.connect(attacker).castVote(id, 0);
        await w.d.referendum.connect(w.alice).castVote(id, 1);
        await w.d.referendum.connect(w.bob).castVote(id, 1);
        await w.helper.advanceTo(v.deliberationEnd + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        expect((await w.helper.clock()) - deadline).to.be.lessThanOrEqual(await w.d.escalation.maxResolutionTime(0));
        await w.helper.queue(p);
        await expect(w.d.escalation.connect(attacker).appeal(id, 8n * BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        const forfeited = start - (await w.token.balanceOf(attacker.address));
        expect(forfeited).to.equal(7n * BOND); // 10k + 20k + 40k: no excess was taken
        const defenderBefore = await w.token.balanceOf(w.defender.address);
        await w.d.escalation.connect(w.defender).claim(id);
        await w.d.escalation.connect(w.backer).claim(id);
        // 70k forfeited: 35k burned, 35k to the honest crowdfunders (30k + 60k stakes: 1/3 and 2/3).
        expect((await w.token.balanceOf(w.defender.address)) - defenderBefore).to.equal(gov(30_000) + gov(35_000) / 3n);
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });

      it("A9(d) accounting: no double claim, a cancelled dispute refunds exactly, rounding dust goes to the last winner", async function () {
        const w = await world();
        const { id: cancelled, p: cp } = await (async () => {
          const p = await receiverProposal(w, "A9(d) cancelled");
          const id = await passProposal(w, p);
          return { id, p };
        })();
        await w.d.escalation.connect(w.challenger).challenge(cancelled, BOND + 7n);
        await w.d.escalation.connect(w.defender).stake(cancelled, Side.Defender, 3n);
        await w.d.guardian
          .connect(w.guardian)
          .cancel(cp.targets, cp.values, cp.calldatas, descriptionHash(cp.description));
        expect(await w.d.escalation.claimable(cancelled, w.challenger.address)).to.deep.equal([BOND + 7n, 0n]);
        await w.d.escalation.connect(w.challenger).claim(cancelled);
        await expect(w.d.escalation.connect(w.challenger).claim(cancelled))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeAlreadyClaimed")
          .withArgs(cancelled, w.challenger.address);
        await w.d.escalation.connect(w.defender).claim(cancelled);

        // Odd stakes: 1, 2 and 4 wei on the winning side share a 5,000 GOV reward pool that does not divide evenly.
        const p = await receiverProposal(w, "A9(d) dust");
        const id = await passProposal(w, p);
        await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        for (const [s, x] of [
          [w.defender, 1n],
          [w.backer, 2n],
          [w.bob, 4n],
        ] as const) {
          await w.d.escalation.connect(s).stake(id, Side.Defender, x);
        }
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
        await committeeRules(w, id, Ruling.Uphold);
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
        let rewards = 0n;
        for (const s of [w.defender, w.backer, w.bob]) {
          const tx = await w.d.escalation.connect(s).claim(id);
          const log = (await tx.wait())!.logs
            .map((l) => w.d.escalation.interface.parseLog(l))
            .find((e) => e?.name === "Claimed");
          rewards += log!.args.reward as bigint;
        }
        expect(rewards).to.equal(ofBps(BOND, 5_000n));
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });
    });
  }
}
