/**
 * The referendum under the governor's identity rules (THREATS I5 at the final tier): one vote per identity, with
 * the identity's summed power, ⌊√power⌋ counted; in strict mode an unbound address cannot vote. Both clock modes.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import hre from "hardhat";
import { MaxUint256 } from "ethers";

import {
  bindIdentity,
  buildProposal,
  DAY,
  deploySuite,
  gov,
  GovernorHelper,
  isqrt,
  VoteType,
  type ClockMode,
} from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import { DisputeState } from "../fixtures/disputes";

const IDENTITY_UNIT = 1n << 255n;

async function deployStrictDisputes(mode: ClockMode) {
  const [deployer, attester, alice, aliceSecond, bob, unbound, challenger, proposer] = await hre.ethers.getSigners();
  const expiry = BigInt(await time.latest()) + 365n * DAY;
  const suite = await deploySuite(deployer!, {
    clockMode: mode,
    identity: "strict",
    disputes: true,
    parameters: {
      PolycentricGovernance: {
        initialAttesters: [attester!.address],
        initialAttesterExpiries: [expiry],
        // No delegation cap and no holding period: this test is about the referendum's identity counting.
        capFraction: 10_000n,
        maxCapFraction: 10_000n,
        holdingPeriod: 0n,
        minHoldingPeriod: 0n,
      },
    },
  });
  const holdings: [typeof alice, bigint][] = [
    [alice, gov(500_000)],
    [aliceSecond, gov(400_000)],
    [bob, gov(300_000)],
    [unbound, gov(200_000)],
    [challenger, gov(100_000)],
    [proposer, gov(50_000)],
  ];
  for (const [s, amount] of holdings) {
    await suite.token.transfer(s!.address, amount);
    await suite.token.connect(s!).delegate(s!.address);
  }
  const registry = suite.registry!;
  await bindIdentity(registry, attester!, alice!, 1n);
  await bindIdentity(registry, attester!, aliceSecond!, 1n);
  await bindIdentity(registry, attester!, bob!, 2n);
  await bindIdentity(registry, attester!, challenger!, 3n);
  await bindIdentity(registry, attester!, proposer!, 4n);
  await suite.token.connect(challenger!).approve(await suite.disputes!.escalation.getAddress(), MaxUint256);
  await hre.network.provider.send("evm_mine");
  const helper = await GovernorHelper.create(suite.governor, deployer!);
  return {
    suite,
    helper,
    alice: alice!,
    aliceSecond: aliceSecond!,
    bob: bob!,
    unbound: unbound!,
    challenger: challenger!,
    proposer: proposer!,
  };
}

async function strictTimestamp() {
  return deployStrictDisputes("timestamp");
}
async function strictBlocknumber() {
  return deployStrictDisputes("blocknumber");
}

for (const mode of CLOCK_MODES) {
  describe(`TokenholderReferendum with strict identities (${mode} clock)`, function () {
    it("I5 one referendum vote per identity with its summed power counted ⌊√power⌋; unbound addresses cannot vote", async function () {
      const w = await loadFixture(mode === "timestamp" ? strictTimestamp : strictBlocknumber);
      const d = w.suite.disputes!;
      const p = buildProposal([{ target: w.alice.address, value: 0n }], "identity referendum");
      const { id } = await w.helper.propose(p, w.proposer);
      await w.helper.waitForSnapshot(id);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await d.escalation.connect(w.challenger).challenge(id, gov(10_000));
      // No committee: both committee tiers time out and the dispute reaches the referendum by itself.
      let v = await d.escalation.dispute(id);
      for (let i = 0; i < 6 && !(v.state === DisputeState.Deliberating && v.tier === 2n); i++) {
        await w.helper.advanceTo(v.state === DisputeState.Funding ? v.fundingEnd + 1n : v.deliberationEnd + 1n);
        v = await d.escalation.dispute(id);
      }
      expect([v.state, v.tier]).to.deep.equal([DisputeState.Deliberating, 2n]);
      const [open, snapshot] = await d.escalation.referendumOpen(id);
      expect(open).to.equal(true);

      const identityPower = gov(900_000); // alice + her second address
      expect(await w.suite.governor.getVotes(w.aliceSecond.address, snapshot)).to.equal(identityPower);
      await expect(d.referendum.connect(w.aliceSecond).castVote(id, 0))
        .to.emit(d.referendum, "ReferendumVoteCast")
        .withArgs(id, w.aliceSecond.address, 0, identityPower, isqrt(identityPower));
      expect(await d.referendum.hasVoted(id, w.alice.address)).to.equal(true);
      await expect(d.referendum.connect(w.alice).castVote(id, 1))
        .to.be.revertedWithCustomError(d.referendum, "ReferendumAlreadyVoted")
        .withArgs(id, w.alice.address, IDENTITY_UNIT | 1n);
      await expect(d.referendum.connect(w.unbound).castVote(id, 1))
        .to.be.revertedWithCustomError(d.referendum, "ReferendumNoVotingPower")
        .withArgs(id, w.unbound.address, snapshot);
      expect(await d.referendum.hasVoted(id, w.unbound.address)).to.equal(false);
      await d.referendum.connect(w.bob).castVote(id, 1);
      const [rawReject, rawUphold, rawAbstain, weightReject, weightUphold] = await d.referendum.tally(id);
      expect([rawReject, rawUphold, rawAbstain]).to.deep.equal([identityPower, gov(300_000), 0n]);
      expect([weightReject, weightUphold]).to.deep.equal([isqrt(identityPower), isqrt(gov(300_000))]);
      // 900k Reject + Abstain < 1M super-quorum: the proposal stands although Reject leads.
      await w.helper.advanceTo(v.deliberationEnd + 1n);
      expect(await d.escalation.disputeState(id)).to.equal(DisputeState.Upheld);
    });
  });
}
