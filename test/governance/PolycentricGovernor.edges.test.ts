import hre from "hardhat";
import { expect } from "chai";

import {
  buildProposal,
  deploySuite,
  gov,
  GovernorHelper,
  ProposalState,
  proposalStatesBitmap,
  VoteType,
  type Proposal,
} from "../../lib";
import { CLOCK_MODES, quadraticWorld, type QuadraticWorld } from "../fixtures";

async function receiverProposal(w: QuadraticWorld, description: string): Promise<Proposal> {
  return buildProposal(
    [{ target: await w.receiver.getAddress(), data: w.receiver.interface.encodeFunctionData("mockFunction", [7n]) }],
    description,
  );
}

for (const mode of CLOCK_MODES) {
  describe(`PolycentricGovernor edges (${mode} clock)`, function () {
    it("I8 state machine: the proposer cancels a Pending quadratic proposal; it can no longer be voted", async function () {
      const w = await quadraticWorld(mode, "open");
      const p = await receiverProposal(w, "cancel me");
      const { id } = await w.helper.propose(p, w.proposer);
      await expect(w.helper.cancel(p, w.proposer)).to.emit(w.governor, "ProposalCanceled").withArgs(id);
      expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
      await w.helper.waitForSnapshot(id);
      await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(id, ProposalState.Canceled, proposalStatesBitmap(ProposalState.Active));
    });

    it("rejects a support value outside Against/For/Abstain (GovernorInvalidVoteType)", async function () {
      const w = await quadraticWorld(mode, "strict");
      const { id } = await w.helper.propose(await receiverProposal(w, "bad support"), w.proposer);
      await w.helper.waitForSnapshot(id);
      await expect(w.governor.connect(w.alice).castVote(id, 3)).to.be.revertedWithCustomError(
        w.governor,
        "GovernorInvalidVoteType",
      );
      expect(await w.governor.hasVoted(id, w.alice.address)).to.equal(false);
    });
  });
}

describe("PolycentricGovernor tally range", function () {
  it("a raw tally above 2^128 - 1 wei reverts with SafeCast's error instead of wrapping (documented limit)", async function () {
    const [deployer, whale] = await hre.ethers.getSigners();
    const supply = 2n ** 130n;
    const { token, governor } = await deploySuite(deployer, {
      identity: "none",
      parameters: {
        PolycentricToken: { initialSupply: supply },
        // A 100 % cap (allowed by this deployment's bounds) and no holding period: the whole half-supply counts.
        PolycentricGovernance: {
          proposalThreshold: gov(1),
          capFraction: 10_000n,
          maxCapFraction: 10_000n,
          holdingPeriod: 0n,
          minHoldingPeriod: 0n,
        },
      },
    });
    await token.transfer(whale.address, supply / 2n);
    await token.connect(whale).delegate(whale.address);
    const helper = await GovernorHelper.create(governor, deployer);
    await hre.network.provider.send("evm_mine");
    const p = buildProposal([{ target: whale.address }], "overflow");
    const { id } = await helper.propose(p, whale);
    await helper.waitForSnapshot(id);
    await expect(governor.connect(whale).castVote(id, VoteType.For))
      .to.be.revertedWithCustomError(governor, "SafeCastOverflowedUintDowncast")
      .withArgs(128, supply / 2n);
  });
});
