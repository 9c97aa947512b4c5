import hre from "hardhat";
import { expect } from "chai";
import { setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { Wallet } from "ethers";

import { buildProposal, ProposalState } from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import { pass, policyWorld } from "./policy-world";

for (const mode of CLOCK_MODES) {
  describe(`S3 empty-account code hash (${mode})`, function () {
    it("S3 empty-account code hash: 1 wei sent to a grant recipient after the proposal does not block queue or execute", async function () {
      const w = await policyWorld(mode);
      const recipient = Wallet.createRandom().address;
      await setBalance(await w.timelock.getAddress(), 10n ** 18n);
      const grant = buildProposal([{ target: recipient, value: 10n ** 17n }], "S3 grant to an empty address");
      const id = await pass(w, grant, [w.alice]);
      // The griefer's 1 wei turns the recipient's extcodehash from 0 (no account) into keccak256("") (no code).
      await w.attacker.sendTransaction({ to: recipient, value: 1n });
      await w.helper.queue(grant);
      await w.helper.waitForEta(id, 1n);
      await w.helper.execute(grant);
      expect(await hre.ethers.provider.getBalance(recipient)).to.equal(10n ** 17n + 1n);
    });

    it("S3 empty-account code hash: a funded recipient emptied after the proposal does not block it either", async function () {
      const w = await policyWorld(mode);
      const recipient = Wallet.createRandom().address;
      await setBalance(recipient, 5n);
      const p = buildProposal([{ target: recipient }], "S3 call to a funded empty address");
      const id = await pass(w, p, [w.alice]);
      await setBalance(recipient, 0n); // back to a non-existent account: extcodehash 0
      await w.helper.queue(p);
      await w.helper.waitForEta(id, 1n);
      await w.helper.execute(p);
      expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
    });

    it("S3 empty-account code hash: no code and empty code share one digest; real code still differs", async function () {
      const w = await policyWorld(mode);
      const empty = Wallet.createRandom().address;
      const digestBefore = await w.policy.codeDigest([empty]);
      await setBalance(empty, 1n);
      expect(await w.policy.codeDigest([empty])).to.equal(digestBefore);
      expect(await w.policy.codeDigest([await w.receiver.getAddress()])).to.not.equal(digestBefore);
    });
  });
}
