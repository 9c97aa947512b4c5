import { expect } from "chai";
import { Wallet } from "ethers";

import { buildProposal } from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import { policyWorld } from "./policy-world";

for (const mode of CLOCK_MODES) {
  describe(`S12 moved timelock (${mode})`, function () {
    it("S12 moved timelock: a proposal calling updateTimelock is refused at propose", async function () {
      const w = await policyWorld(mode);
      const governor = await w.governor.getAddress();
      const newTimelock = Wallet.createRandom().address;
      const data = w.governor.interface.encodeFunctionData("updateTimelock", [newTimelock]);
      const routine = w.receiver.interface.encodeFunctionData("mockFunction", [1n]);
      // Alone, or hidden after a routine action.
      for (const actions of [
        [{ target: governor, data }],
        [
          { target: await w.receiver.getAddress(), data: routine },
          { target: governor, data },
        ],
      ]) {
        const p = buildProposal(actions, `S12 move the timelock (${actions.length})`);
        await expect(w.governor.connect(w.proposer).propose(p.targets, p.values, p.calldatas, p.description))
          .to.be.revertedWithCustomError(w.policy, "PolicyForbiddenCall")
          .withArgs(governor, data.slice(0, 10));
      }
      expect(await w.governor.timelock()).to.equal(await w.timelock.getAddress());
    });
  });
}
