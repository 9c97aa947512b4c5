import { expect } from "chai";
import { ZeroHash } from "ethers";

import {
  buildProposal,
  descriptionHash,
  gov,
  ProposalState,
  proposalId,
  proposalStatesBitmap,
  timelockOperationId,
  VoteType,
  type Proposal,
} from "../../lib";
import { CLOCK_MODES, QUADRATIC_ALLOCATION, quadraticWorld, type QuadraticWorld } from "../fixtures";
import { DisputeState, disputeWorld, passProposal, receiverProposal as disputeProposal } from "../fixtures/disputes";

/**
 * THREATS A18, cancel abuse, against the production quadratic governor (open identity mode, guardrails off) in both
 * clock modes, with OpenZeppelin 5.7's cancel rule inherited unchanged (`_validateCancel`: the proposer, while
 * Pending; PolycentricGovernor adds only the dispute contract, for its guardian and for Rejected disputes).
 *
 * (1) Sabotage by proposing first: the proposer of a popular measure cancels it once it passed or is queued. It may
 *     cancel while Pending and at no later state: `cancel` checks `_validateCancel` before the state, so every
 *     refusal is `GovernorUnableToCancel(id, caller)` (OpenZeppelin 5 has no `GovernorOnlyProposer`).
 * (2) The proposer transfers its tokens away to fall below the threshold: OpenZeppelin 4's Bravo rule (anyone may
 *     cancel a proposal whose proposer fell below the threshold) is gone, so no third party gains a cancel right,
 *     and the proposal runs its course.
 * (3) After voting starts only governance cancels, and only a Queued proposal: its timelock operation is cancelled by
 *     the timelock's only canceller, the governor, reached by another proposal through `relay` (a proposal calling
 *     `timelock.cancel` itself fails: the timelock is not a canceller, I16; a proposal calling `governor.cancel`
 *     fails: the timelock is not the proposer). That path takes a whole proposal lifecycle (8 days), longer than the
 *     2-day timelock delay, so it wins only if nobody executed the target first (docs/known-risks.md §6). Where the
 *     dispute suite is deployed, the bounded guardian cancels at any stage in one transaction.
 * (4) A proposal cancelled while Pending is re-proposed by someone else: the same description gives the same id,
 *     which is spent; a new description gives a new id, which passes and executes.
 */

async function receiverProposal(w: QuadraticWorld, description: string, argument = 18n): Promise<Proposal> {
  return buildProposal(
    [
      {
        target: await w.receiver.getAddress(),
        data: w.receiver.interface.encodeFunctionData("mockFunction", [argument]),
      },
    ],
    description,
  );
}

/** A proposal whose only action is a call by the timelock to `target` with `data`. */
function callProposal(target: string, data: string, description: string): Proposal {
  return buildProposal([{ target, data }], description);
}

/** Proposed by the world's proposer, voted For by alice (600,000 GOV ≥ the 400,000 quorum), queued. */
async function passAndQueue(w: QuadraticWorld, p: Proposal): Promise<bigint> {
  const { id } = await w.helper.propose(p, w.proposer);
  await w.helper.waitForSnapshot(id);
  await w.helper.vote(id, w.alice, VoteType.For);
  await w.helper.waitForDeadline(id);
  await w.helper.queue(p);
  return id;
}

function cancelArgs(p: Proposal) {
  return [p.targets, p.values, p.calldatas, descriptionHash(p.description)] as const;
}

for (const mode of CLOCK_MODES) {
  describe(`A18 cancel abuse (THREATS A18, ${mode} clock)`, function () {
    const world = () => quadraticWorld(mode, "open");

    it("A18 cancel abuse: the proposer cancels its own proposal while Pending, and never once voting started (Active, Succeeded, Queued): GovernorUnableToCancel(id, proposer)", async function () {
      const w = await world();
      const early = await receiverProposal(w, "A18: withdrawn before voting");
      const { id: earlyId } = await w.helper.propose(early, w.proposer);
      await expect(w.helper.cancel(early, w.proposer)).to.emit(w.governor, "ProposalCanceled").withArgs(earlyId);
      expect(await w.governor.state(earlyId)).to.equal(ProposalState.Canceled);

      const p = await receiverProposal(w, "A18: a popular measure");
      const { id } = await w.helper.propose(p, w.proposer);
      const refuse = async (state: bigint) => {
        expect(await w.governor.state(id)).to.equal(state);
        await expect(w.helper.cancel(p, w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
          .withArgs(id, w.proposer.address);
        expect(await w.governor.state(id)).to.equal(state);
      };
      await w.helper.waitForSnapshot(id);
      await refuse(ProposalState.Active);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await refuse(ProposalState.Succeeded);
      await w.helper.queue(p);
      await refuse(ProposalState.Queued);
      const op = timelockOperationId(p, await w.governor.getAddress());
      expect(await w.timelock.isOperationPending(op)).to.equal(true);
      // The last moment: the operation is ready, and still the proposer cannot pull it.
      await w.helper.waitForEta(id);
      await refuse(ProposalState.Queued);
      await expect(w.helper.execute(p))
        .to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(await w.timelock.getAddress(), 0n, 18n);
      expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
    });

    it("A18 cancel abuse: a proposer that drops below the threshold gives no third party a cancel right; the proposal passes and executes", async function () {
      const w = await world();
      const p = await receiverProposal(w, "A18: proposer walks away");
      const { id } = await w.helper.propose(p, w.proposer);
      // The proposer empties its address: its counted power falls to 0, below the 25,000 GOV threshold.
      await w.token.connect(w.proposer).transfer(w.dave.address, QUADRATIC_ALLOCATION.proposer);
      const threshold = await w.governor.proposalThreshold();
      expect(threshold).to.equal(gov(25_000));
      await w.helper.advanceBy(1n);
      expect(await w.governor.getVotes(w.proposer.address, (await w.helper.clock()) - 1n)).to.equal(0n);

      const others = [w.bob, w.dave, w.erin, w.outsider, w.deployer];
      const refuseAll = async (state: bigint) => {
        expect(await w.governor.state(id)).to.equal(state);
        for (const other of others) {
          await expect(w.helper.cancel(p, other))
            .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
            .withArgs(id, other.address);
        }
      };
      await refuseAll(ProposalState.Pending);
      await w.helper.waitForSnapshot(id);
      await refuseAll(ProposalState.Active);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await refuseAll(ProposalState.Succeeded);
      await w.helper.queue(p);
      await refuseAll(ProposalState.Queued);
      await w.helper.waitForEta(id);
      await expect(w.helper.execute(p))
        .to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(await w.timelock.getAddress(), 0n, 18n);
      expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
    });

    it("A18 governance cancel: a Queued proposal is cancelled only by another proposal through relay; the timelock is no canceller (AccessControlUnauthorizedAccount) and no proposer (GovernorUnableToCancel)", async function () {
      const w = await world();
      const governor = await w.governor.getAddress();
      const timelock = await w.timelock.getAddress();
      const target = await receiverProposal(w, "A18: a queued measure governance changes its mind about");
      const targetId = await passAndQueue(w, target);
      const op = timelockOperationId(target, governor);
      expect(await w.timelock.isOperationPending(op)).to.equal(true);

      const cancelOp = w.timelock.interface.encodeFunctionData("cancel", [op]);
      const viaRelay = callProposal(
        governor,
        w.governor.interface.encodeFunctionData("relay", [timelock, 0n, cancelOp]),
        "A18: cancel the queued measure (relay)",
      );
      const direct = callProposal(timelock, cancelOp, "A18: cancel the queued measure (timelock.cancel)");
      const viaGovernorCancel = callProposal(
        governor,
        w.governor.interface.encodeFunctionData("cancel", [...cancelArgs(target)]),
        "A18: cancel the queued measure (governor.cancel)",
      );
      // Three attempts, proposed one after the other right after the target was queued, all passed by alice.
      const attempts = [viaRelay, direct, viaGovernorCancel];
      const ids: bigint[] = [];
      for (const q of attempts) ids.push((await w.helper.propose(q, w.proposer)).id);
      const relayId = ids[0]!;
      const lastId = ids[ids.length - 1]!;
      await w.helper.waitForSnapshot(lastId);
      for (const id of ids) await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(lastId);
      for (const q of attempts) await w.helper.queue(q);
      await w.helper.waitForEta(lastId);

      await expect(w.helper.execute(direct))
        .to.be.revertedWithCustomError(w.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(timelock, await w.timelock.CANCELLER_ROLE());
      await expect(w.helper.execute(viaGovernorCancel))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
        .withArgs(targetId, timelock);

      // The race of docs/known-risks.md §6: the cancelling proposal took votingDelay + votingPeriod + the timelock
      // delay, more than the target's timelock delay, so anyone could have executed the target all along.
      expect(await w.timelock.isOperationReady(op)).to.equal(true);
      expect(await w.timelock.getTimestamp(op)).to.be.lessThan(
        await w.timelock.getTimestamp(timelockOperationId(viaRelay, governor)),
      );

      // The governor is the timelock's canceller; the state becomes Canceled through the timelock (OpenZeppelin's
      // GovernorTimelockControl.state), without a governor ProposalCanceled event.
      await expect(w.helper.execute(viaRelay))
        .to.emit(w.timelock, "Cancelled")
        .withArgs(op)
        .and.not.to.emit(w.governor, "ProposalCanceled");
      expect(await w.governor.state(relayId)).to.equal(ProposalState.Executed);
      expect(await w.governor.state(targetId)).to.equal(ProposalState.Canceled);
      expect(await w.timelock.isOperation(op)).to.equal(false);
      // OpenZeppelin 5.7 executes a proposal that needs queueing from Queued only.
      await expect(w.helper.execute(target))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(targetId, ProposalState.Canceled, proposalStatesBitmap(ProposalState.Queued));
      expect(await w.receiver.calls()).to.equal(0n);
    });

    it("A18 bounded guardian: where the dispute suite is deployed, the guardian cancels a Queued proposal its proposer cannot, with its timelock operation", async function () {
      const w = await disputeWorld(mode);
      const p = await disputeProposal(w, "A18: a queued measure the guardian stops");
      const id = await passProposal(w, p);
      await expect(w.helper.cancel(p, w.proposer))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
        .withArgs(id, w.proposer.address);
      await w.helper.advanceTo((await w.d.escalation.dispute(id)).windowEnd + 1n);
      await w.helper.queue(p);
      expect(await w.governor.state(id)).to.equal(ProposalState.Queued);
      await expect(w.helper.cancel(p, w.proposer))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
        .withArgs(id, w.proposer.address);
      // Nobody else may go through the dispute contract without a Rejected ruling.
      await expect(w.d.escalation.connect(w.outsider).cancelProposal(...cancelArgs(p)))
        .to.be.revertedWithCustomError(w.d.escalation, "DisputeCancelNotAllowed")
        .withArgs(id, DisputeState.Unchallenged, w.outsider.address);

      const op = timelockOperationId(p, await w.governor.getAddress());
      expect(await w.timelock.isOperationPending(op)).to.equal(true);
      await expect(w.d.guardian.connect(w.guardian).cancel(...cancelArgs(p)))
        .to.emit(w.d.guardian, "GuardianCancelled")
        .withArgs(id, w.guardian.address)
        .and.to.emit(w.governor, "ProposalCanceled")
        .withArgs(id)
        .and.to.emit(w.timelock, "Cancelled")
        .withArgs(op);
      expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
      expect(await w.timelock.isOperation(op)).to.equal(false);
    });

    it("A18 re-proposal: a proposal cancelled while Pending is re-proposed by someone else under a new description (new id) and passes", async function () {
      const w = await world();
      const original = await receiverProposal(w, "A18: a measure its proposer withdrew");
      const { id } = await w.helper.propose(original, w.proposer);
      await w.helper.cancel(original, w.proposer);
      expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);

      // The same description is the same id, spent.
      const successor = w.erin; // 40,000 GOV, unbound: above the threshold on its own
      await expect(w.helper.propose(original, successor))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Canceled, ZeroHash);

      // Same actions, a new description (reserved for the new proposer): a new id.
      const again = { ...original, description: `${original.description} (again)#proposer=${successor.address}` };
      const { id: againId } = await w.helper.propose(again, successor);
      expect(againId).to.equal(proposalId(again));
      expect(againId).to.not.equal(id);
      expect([again.targets, again.values, again.calldatas]).to.deep.equal([
        original.targets,
        original.values,
        original.calldatas,
      ]);
      expect(await w.governor.proposalProposer(againId)).to.equal(successor.address);
      // The first proposer has no hold on it.
      await expect(w.helper.cancel(again, w.proposer))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
        .withArgs(againId, w.proposer.address);

      await w.helper.waitForSnapshot(againId);
      await w.helper.vote(againId, w.alice, VoteType.For);
      await w.helper.waitForDeadline(againId);
      await w.helper.queue(again);
      await w.helper.waitForEta(againId);
      await expect(w.helper.execute(again))
        .to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(await w.timelock.getAddress(), 0n, 18n);
      expect(await w.governor.state(againId)).to.equal(ProposalState.Executed);
    });
  });
}
