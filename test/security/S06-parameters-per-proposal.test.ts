import hre from "hardhat";
import { expect } from "chai";

import { buildProposal, descriptionHash, gov, VoteType, type Proposal } from "../../lib";
import { CLOCK_MODES, cappedWorld, governanceWorld, type CappedWorld } from "../fixtures";

/**
 * S6 (Low): parameter changes reached proposals created before them (I11). OpenZeppelin checkpoints a quorum change
 * at `clock()`, so one executed during another proposal's voting delay applied to it; and a cap change recorded at
 * `clock() + votingDelay()` reached older proposals once the voting delay had been shortened. Every outcome-deciding
 * parameter (quorum numerator, cap fraction, holding period) must be the one in force when the proposal was created.
 */
for (const mode of CLOCK_MODES) {
  describe(`S6 parameters fixed per proposal (${mode})`, function () {
    async function routine(w: CappedWorld, description: string): Promise<Proposal> {
      const target = await w.receiver.getAddress();
      const data = w.receiver.interface.encodeFunctionData("mockFunction", [1n]);
      return buildProposal([{ target, data }], description);
    }

    /** Passes and queues a proposal calling the governor; returns its execution, to run when the test chooses. */
    async function queueGovernorCalls(w: CappedWorld, description: string, calldatas: string[]) {
      const target = await w.governor.getAddress();
      const p = buildProposal(
        calldatas.map((data) => ({ target, data })),
        description,
      );
      const { id } = await w.helper.propose(p, w.proposer);
      await w.helper.waitForSnapshot(id);
      for (const v of [w.whale, w.delegate, w.small]) await w.helper.vote(id, v, VoteType.For);
      await w.helper.waitForDeadline(id);
      await w.helper.queue(p);
      await w.helper.waitForEta(id);
      return () => w.governor.execute(p.targets, p.values, p.calldatas, descriptionHash(description));
    }

    it("S6 parameters per proposal: a quorum change executed during a pending proposal's voting delay does not apply to it", async function () {
      const w = await cappedWorld(mode);
      const oldNumerator = await w.governor["quorumNumerator()"]();
      const execute = await queueGovernorCalls(w, "S6 raise quorum", [
        w.governor.interface.encodeFunctionData("updateQuorumNumerator", [oldNumerator * 2n]),
      ]);
      const { id: pending } = await w.helper.propose(await routine(w, "S6 pending"), w.small);
      await w.helper.expectState(pending, "Pending");
      await execute();
      await w.helper.waitForSnapshot(pending);
      const snapshot = await w.governor.proposalSnapshot(pending);
      const supply = await w.token.getPastTotalSupply(snapshot);
      expect(await w.governor["quorumNumerator(uint256)"](snapshot)).to.equal(oldNumerator);
      expect(await w.governor.quorum(snapshot)).to.equal((supply * oldNumerator) / 100n);
      // A proposal created after the change uses the new numerator.
      const { id: later } = await w.helper.propose(await routine(w, "S6 later"), w.proposer);
      expect(await w.governor["quorumNumerator(uint256)"](await w.governor.proposalSnapshot(later))).to.equal(
        oldNumerator * 2n,
      );
    });

    it("S6 parameters per proposal: after a voting-delay decrease, cap, holding and quorum changes do not reach older proposals", async function () {
      const w = await cappedWorld(mode);
      const oldNumerator = await w.governor["quorumNumerator()"]();
      const [oldFraction, oldHolding] = await w.governor.capParamsAt(await w.helper.clock());
      const shortDelay = (await w.governor.votingDelay()) / 24n;
      const execute = await queueGovernorCalls(w, "S6 shorten delay, then change", [
        w.governor.interface.encodeFunctionData("setVotingDelay", [shortDelay]),
        w.governor.interface.encodeFunctionData("setCapFraction", [oldFraction / 2n]),
        w.governor.interface.encodeFunctionData("setHoldingPeriod", [oldHolding * 2n]),
        w.governor.interface.encodeFunctionData("updateQuorumNumerator", [oldNumerator + 1n]),
      ]);
      const { id: pending } = await w.helper.propose(await routine(w, "S6 pending under the long delay"), w.small);
      await execute();
      const snapshot = await w.governor.proposalSnapshot(pending);
      expect(await w.governor.capParamsAt(snapshot)).to.deep.equal([oldFraction, oldHolding]);
      expect(await w.governor["quorumNumerator(uint256)"](snapshot)).to.equal(oldNumerator);
      // The pending proposal is counted with the old cap: the whale counts 2 % of the supply, not 1 %.
      await w.helper.waitForSnapshot(pending);
      const supply = await w.token.getPastTotalSupply(snapshot);
      await expect(w.governor.connect(w.whale).castVote(pending, VoteType.For))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.whale.address, pending, gov(500_000), (supply * oldFraction) / 10_000n);
    });

    it("S6 parameters per proposal: a change executed in the block a proposal was created in does not apply to it", async function () {
      const w = await cappedWorld(mode);
      const [oldFraction] = await w.governor.capParamsAt(await w.helper.clock());
      const execute = await queueGovernorCalls(w, "S6 same block", [
        w.governor.interface.encodeFunctionData("setCapFraction", [oldFraction / 2n]),
      ]);
      const p = await routine(w, "S6 same block, proposed first");
      // The proposal and the change land in one block, the proposal first.
      await hre.network.provider.send("evm_setAutomine", [false]);
      try {
        await w.governor.connect(w.small).propose(p.targets, p.values, p.calldatas, p.description);
        await execute();
        await hre.network.provider.send("evm_mine", []);
      } finally {
        await hre.network.provider.send("evm_setAutomine", [true]);
      }
      const id = await w.governor.getProposalId(p.targets, p.values, p.calldatas, descriptionHash(p.description));
      const snapshot = await w.governor.proposalSnapshot(id);
      expect(snapshot).to.not.equal(0n);
      expect(await w.governor.capParamsAt(snapshot)).to.deep.equal([oldFraction, w.holding]);
      // The change applies from the first snapshot after it.
      expect(await w.governor.capParamsAt(snapshot + 1n)).to.deep.equal([oldFraction / 2n, w.holding]);
    });
  });

  describe(`S6 parameters fixed per proposal: the linear governor (${mode})`, function () {
    it("S6 parameters per proposal (linear): a quorum change, alone or after a voting-delay decrease, does not reach a pending proposal", async function () {
      const w = await governanceWorld(mode);
      const g = w.governor.interface;
      const target = await w.governor.getAddress();
      const oldDelay = await w.governor.votingDelay();
      const calls = [
        g.encodeFunctionData("setVotingDelay", [oldDelay / 24n]),
        g.encodeFunctionData("updateQuorumNumerator", [10n]),
      ];
      const change = buildProposal(
        calls.map((data) => ({ target, data })),
        "S6 linear: shorten the delay, quorum 10 %",
      );
      const { id: changeId } = await w.helper.propose(change, w.proposer);
      await w.helper.waitForSnapshot(changeId);
      await w.helper.vote(changeId, w.alice);
      await w.helper.waitForDeadline(changeId);
      await w.helper.queue(change);
      await w.helper.waitForEta(changeId);
      const target2 = await w.receiver.getAddress();
      const data = w.receiver.interface.encodeFunctionData("mockFunction", [1n]);
      const pending = buildProposal([{ target: target2, data }], "S6 linear pending");
      const { id: pendingId } = await w.helper.propose(pending, w.alice);
      await w.helper.execute(change);
      await w.helper.expectState(pendingId, "Pending");
      const snapshot = await w.governor.proposalSnapshot(pendingId);
      expect(await w.governor["quorumNumerator(uint256)"](snapshot)).to.equal(4n);
      await w.helper.waitForSnapshot(pendingId);
      expect(await w.governor.quorum(snapshot)).to.equal(((await w.token.getPastTotalSupply(snapshot)) * 4n) / 100n);
      expect(await w.governor["quorumNumerator()"]()).to.equal(10n);
    });
  });
}
