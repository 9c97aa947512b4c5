import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { bindIdentity, buildProposal, deploySuite, gov, GovernorHelper, type ClockMode } from "../../lib";
import { CallReceiver__Mock__factory } from "../../typechain-types";
import { ATTESTER_TERM, CLOCK_MODES } from "../fixtures";

/**
 * S7 (Low): the proposal threshold reads the power of the proposer's whole identity, but the policy's "one live
 * proposal per proposer" was keyed by address, so one identity with k bound addresses kept k proposals live. The
 * limit is now keyed by the proposer's voting unit, as the threshold sees it.
 */
const IDENTITY = 7n;

async function deployWorld(mode: ClockMode) {
  const [deployer, attester, p1, p2, p3, other] = await hre.ethers.getSigners();
  const expiry = BigInt(await time.latest()) + ATTESTER_TERM;
  const suite = await deploySuite(deployer, {
    clockMode: mode,
    identity: "strict",
    guardrails: true,
    parameters: { PolycentricGovernance: { initialAttesters: [attester.address], initialAttesterExpiries: [expiry] } },
  });
  // The identity's power (30k, over the 25k threshold) sits on p1; p2 and p3 hold nothing of their own.
  await suite.token.transfer(p1.address, gov(30_000));
  await suite.token.connect(p1).delegate(p1.address);
  await suite.token.transfer(other.address, gov(30_000));
  await suite.token.connect(other).delegate(other.address);
  for (const p of [p1, p2, p3]) await bindIdentity(suite.registry!, attester, p, IDENTITY);
  await bindIdentity(suite.registry!, attester, other, IDENTITY + 1n);
  const helper = await GovernorHelper.create(suite.governor, deployer);
  await helper.advanceBy((await suite.governor.holdingPeriod()) + 1n);
  const receiver = await new CallReceiver__Mock__factory(deployer).deploy();
  return { ...suite, policy: suite.policy!, helper, p1, p2, p3, other, receiver };
}

const FIXTURES = {
  timestamp: () => deployWorld("timestamp"),
  blocknumber: () => deployWorld("blocknumber"),
};

for (const mode of CLOCK_MODES) {
  describe(`S7 one live proposal per voting unit (${mode})`, function () {
    async function routine(receiver: { getAddress(): Promise<string> }, description: string) {
      const target = await receiver.getAddress();
      const data = CallReceiver__Mock__factory.createInterface().encodeFunctionData("mockFunction", [7n]);
      return buildProposal([{ target, data }], description);
    }

    it("S7 live proposal per unit: a second address of the proposer's identity cannot propose while the first is live", async function () {
      const w = await loadFixture(FIXTURES[mode]);
      const first = await routine(w.receiver, "S7 first");
      const { id } = await w.helper.propose(first, w.p1);
      for (const p of [w.p2, w.p3]) {
        const again = await routine(w.receiver, `S7 by ${p.address}`);
        await expect(w.governor.connect(p).propose(again.targets, again.values, again.calldatas, again.description))
          .to.be.revertedWithCustomError(w.policy, "PolicyProposerHasLiveProposal")
          .withArgs(p.address, id);
      }
      // Another identity is not limited by it.
      await w.helper.propose(await routine(w.receiver, "S7 other identity"), w.other);
      // Once the first proposal is over (Defeated: nobody voted), any address of the identity may propose again.
      await w.helper.waitForDeadline(id);
      await w.helper.expectState(id, "Defeated");
      await w.helper.propose(await routine(w.receiver, "S7 after"), w.p3);
    });
  });
}
