import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";

import { buildProposal, DAY, gov, ProposalState, proposalArgs, type Proposal } from "../../lib";
import { ProposalGuardian__factory } from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { disputeWorld, type DisputeWorld } from "../fixtures/disputes";

/** The attester ceiling of IdentityRegistry, which the guardian's term ceiling matches. */
const MAX_GUARDIAN_TERM = 730n * DAY;

async function setGuardianCall(w: DisputeWorld, guardian: string, expiry: bigint) {
  return {
    target: await w.d.guardian.getAddress(),
    data: w.d.guardian.interface.encodeFunctionData("setGuardian", [guardian, expiry]),
  };
}

async function drain(w: DisputeWorld) {
  return {
    target: await w.token.getAddress(),
    data: w.token.interface.encodeFunctionData("transfer", [w.outsider.address, gov(1_000_000)]),
  };
}

for (const mode of CLOCK_MODES) {
  describe(`S4 guardian veto (${mode})`, function () {
    async function expectCancelled(w: DisputeWorld, p: Proposal) {
      const { id } = await w.helper.propose(p, w.proposer);
      expect(await w.d.guardian.connect(w.guardian).cancel.staticCall(...proposalArgs(p))).to.equal(true);
      await expect(w.d.guardian.connect(w.guardian).cancel(...proposalArgs(p)))
        .to.emit(w.d.guardian, "GuardianCancelled")
        .withArgs(id, w.guardian.address);
      expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
    }

    it("S4 guardian veto: a treasury drain carrying a no-op setGuardian(same guardian, same expiry) is cancelled", async function () {
      const w = await disputeWorld(mode);
      const [current, expiry] = await w.d.guardian.guardian();
      expect(current).to.equal(w.guardian.address);
      const p = buildProposal([await setGuardianCall(w, current, expiry), await drain(w)], "S4 shielded drain");
      await expectCancelled(w, p);
    });

    it("S4 guardian veto: the setGuardian call after the drain, or a harmless-looking call, does not shield either", async function () {
      const w = await disputeWorld(mode);
      const [current, expiry] = await w.d.guardian.guardian();
      await expectCancelled(
        w,
        buildProposal([await drain(w), await setGuardianCall(w, current, expiry)], "S4 drain, then setGuardian"),
      );
      const harmless = {
        target: await w.receiver.getAddress(),
        data: w.receiver.interface.encodeFunctionData("mockFunction", [1n]),
      };
      await expectCancelled(
        w,
        buildProposal([await setGuardianCall(w, w.outsider.address, expiry), harmless], "S4 replace plus harmless"),
      );
    });

    it("S4 guardian veto: a setGuardian hidden in the timelock's own executeBatch is cancellable", async function () {
      const w = await disputeWorld(mode);
      const tl = w.timelock;
      const inner = await setGuardianCall(w, ZeroAddress, 0n);
      const wrapped = tl.interface.encodeFunctionData("executeBatch", [
        [inner.target],
        [0n],
        [inner.data],
        ZeroHash,
        ZeroHash,
      ]);
      await expectCancelled(w, buildProposal([{ target: await tl.getAddress(), data: wrapped }], "S4 wrapped removal"));
    });

    it("S4 guardian veto: a proposal that only changes the guardian (even to the attacker) escalates instead (I17)", async function () {
      const w = await disputeWorld(mode);
      const [, expiry] = await w.d.guardian.guardian();
      for (const [i, actions] of [
        [await setGuardianCall(w, ZeroAddress, 0n)],
        [await setGuardianCall(w, w.outsider.address, expiry)],
        [await setGuardianCall(w, ZeroAddress, 0n), await setGuardianCall(w, w.outsider.address, expiry)],
      ].entries()) {
        const p = buildProposal(actions, `S4 guardian only ${i}`);
        const { id } = await w.helper.propose(p, w.proposer);
        expect(await w.d.guardian.connect(w.guardian).cancel.staticCall(...proposalArgs(p))).to.equal(false);
        await expect(w.d.guardian.connect(w.guardian).cancel(...proposalArgs(p)))
          .to.emit(w.d.guardian, "GuardianCancelEscalated")
          .withArgs(id, w.guardian.address, true);
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
        expect((await w.d.escalation.dispute(id)).marked).to.equal(true);
      }
    });

    it("S4 guardian term ceiling: no deployment can give the guardian a term longer than MAX_GUARDIAN_TERM", async function () {
      const w = await disputeWorld(mode);
      const factory = new ProposalGuardian__factory(w.deployer);
      const court = await w.d.escalation.getAddress();
      const governance = await w.timelock.getAddress();
      expect(await w.d.guardian.MAX_GUARDIAN_TERM()).to.equal(MAX_GUARDIAN_TERM);
      for (const maxTerm of [MAX_GUARDIAN_TERM + 1n, 2n ** 48n - 1n]) {
        await expect(factory.deploy(court, governance, ZeroAddress, 0n, maxTerm))
          .to.be.revertedWithCustomError(w.d.guardian, "GuardianInvalidMaxTerm")
          .withArgs(maxTerm, MAX_GUARDIAN_TERM);
      }
      // The ceiling itself is accepted, with a first guardian for the whole of it.
      const now = BigInt(await time.latest());
      const ok = await factory.deploy(
        court,
        governance,
        w.guardian.address,
        now + MAX_GUARDIAN_TERM,
        MAX_GUARDIAN_TERM,
      );
      expect(await ok.maxTerm()).to.equal(MAX_GUARDIAN_TERM);
    });
  });
}
