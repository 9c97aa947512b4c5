import { expect } from "chai";
import { id as keccakId, ZeroHash } from "ethers";

import { buildProposal, DAY, timelockOperationId, type Proposal } from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import { pass, policyWorld, type PolicyWorld } from "./policy-world";

const MIN_DELAY = 2n * DAY;
const MAX_DELAY = 30n * DAY;

/** Proposing `p` as the proposer (the policy screens it inside `propose`). */
function propose(w: PolicyWorld, p: Proposal) {
  return w.governor.connect(w.proposer).propose(p.targets, p.values, p.calldatas, p.description);
}

async function timelockCall(w: PolicyWorld, data: string, description: string): Promise<Proposal> {
  return buildProposal([{ target: await w.timelock.getAddress(), data }], description);
}

/** governor.relay(target, 0, data): the governor's own roles on the timelock, used from inside a proposal. */
async function relay(w: PolicyWorld, target: string, data: string, description: string): Promise<Proposal> {
  const call = w.governor.interface.encodeFunctionData("relay", [target, 0n, data]);
  return buildProposal([{ target: await w.governor.getAddress(), data: call }], description);
}

for (const mode of CLOCK_MODES) {
  describe(`S5 guardrails reach the timelock (${mode})`, function () {
    it("S5 timelock delay: updateDelay below the floor (0, 1 second) or above the ceiling is refused at propose", async function () {
      const w = await policyWorld(mode);
      const tl = w.timelock.interface;
      const config = await w.policy.config();
      expect([config.minTimelockDelay, config.maxTimelockDelay]).to.deep.equal([MIN_DELAY, MAX_DELAY]);
      for (const delay of [0n, 1n, MIN_DELAY - 1n, MAX_DELAY + 1n]) {
        const p = await timelockCall(w, tl.encodeFunctionData("updateDelay", [delay]), `S5 delay ${delay}`);
        await expect(propose(w, p))
          .to.be.revertedWithCustomError(w.policy, "PolicyTimelockDelayOutOfBounds")
          .withArgs(delay, MIN_DELAY, MAX_DELAY);
      }
    });

    it("S5 timelock delay: a delay inside the bounds is meta-governance and runs with the super-quorum", async function () {
      const w = await policyWorld(mode);
      const p = await timelockCall(
        w,
        w.timelock.interface.encodeFunctionData("updateDelay", [3n * DAY]),
        "S5 delay 3 days",
      );
      const id = await pass(w, p, [w.alice, w.bob]);
      expect(await w.policy.isMetaGovernance(id)).to.equal(true);
      await w.helper.queue(p);
      await w.helper.waitForEta(id, 1n);
      await w.helper.execute(p);
      expect(await w.timelock.getMinDelay()).to.equal(3n * DAY);
    });

    it("S5 timelock roles: granting PROPOSER, CANCELLER, EXECUTOR or the admin role to an EOA is refused (I16)", async function () {
      const w = await policyWorld(mode);
      const tl = w.timelock;
      const roles = {
        PROPOSER: await tl.PROPOSER_ROLE(),
        CANCELLER: await tl.CANCELLER_ROLE(),
        EXECUTOR: await tl.EXECUTOR_ROLE(),
        DEFAULT_ADMIN: await tl.DEFAULT_ADMIN_ROLE(),
      };
      const grant = tl.interface.getFunction("grantRole").selector;
      for (const [name, role] of Object.entries(roles)) {
        const p = await timelockCall(
          w,
          tl.interface.encodeFunctionData("grantRole", [role, w.attacker.address]),
          `S5 grant ${name} to ${w.attacker.address}`,
        );
        await expect(propose(w, p), name)
          .to.be.revertedWithCustomError(w.policy, "PolicyTimelockRoleChangeForbidden")
          .withArgs(grant, role, w.attacker.address);
      }
      // Re-granting the governor its own roles keeps I16 and is allowed (meta-governance).
      const regrant = await timelockCall(
        w,
        tl.interface.encodeFunctionData("grantRole", [roles.PROPOSER, await w.governor.getAddress()]),
        "S5 re-grant PROPOSER to the governor",
      );
      await propose(w, regrant);
    });

    it("S5 timelock roles: revoking or renouncing the governor's or the timelock's own roles is refused", async function () {
      const w = await policyWorld(mode);
      const tl = w.timelock;
      const governor = await w.governor.getAddress();
      const timelock = await tl.getAddress();
      const cases: [string, string, string][] = [
        ["revokeRole", await tl.PROPOSER_ROLE(), governor],
        ["revokeRole", await tl.CANCELLER_ROLE(), governor],
        ["revokeRole", await tl.EXECUTOR_ROLE(), governor],
        ["revokeRole", await tl.DEFAULT_ADMIN_ROLE(), timelock],
        ["renounceRole", await tl.DEFAULT_ADMIN_ROLE(), timelock],
      ];
      for (const [fn, role, account] of cases) {
        const p = await timelockCall(
          w,
          tl.interface.encodeFunctionData(fn as "revokeRole", [role, account]),
          `S5 ${fn} ${role} ${account}`,
        );
        await expect(propose(w, p), `${fn} ${role}`)
          .to.be.revertedWithCustomError(w.policy, "PolicyTimelockRoleChangeForbidden")
          .withArgs(tl.interface.getFunction(fn as "revokeRole").selector, role, account);
      }
    });

    it("S5 relay: the governor's roles cannot be used through relay (schedule, grantRole, renounceRole)", async function () {
      const w = await policyWorld(mode);
      const tl = w.timelock;
      const timelock = await tl.getAddress();
      const governor = await w.governor.getAddress();
      const hidden = w.timelock.interface.encodeFunctionData("updateDelay", [1n]);
      const calls = [
        tl.interface.encodeFunctionData("schedule", [timelock, 0n, hidden, ZeroHash, ZeroHash, MIN_DELAY]),
        tl.interface.encodeFunctionData("scheduleBatch", [[timelock], [0n], [hidden], ZeroHash, ZeroHash, MIN_DELAY]),
        tl.interface.encodeFunctionData("execute", [timelock, 0n, hidden, ZeroHash, ZeroHash]),
        tl.interface.encodeFunctionData("grantRole", [await tl.PROPOSER_ROLE(), w.attacker.address]),
        tl.interface.encodeFunctionData("renounceRole", [await tl.PROPOSER_ROLE(), governor]),
        tl.interface.encodeFunctionData("renounceRole", [await tl.CANCELLER_ROLE(), governor]),
        tl.interface.encodeFunctionData("updateDelay", [1n]),
      ];
      for (const [i, data] of calls.entries()) {
        const p = await relay(w, timelock, data, `S5 relay ${i}`);
        await expect(propose(w, p), data.slice(0, 10))
          .to.be.revertedWithCustomError(w.policy, "PolicyForbiddenCall")
          .withArgs(timelock, data.slice(0, 10));
      }
    });

    it("S5 relay: relaying timelock.cancel (the documented way to stop a queued proposal) stays allowed, as meta-governance", async function () {
      const w = await policyWorld(mode);
      const queued = buildProposal(
        [
          {
            target: await w.receiver.getAddress(),
            data: w.receiver.interface.encodeFunctionData("mockFunction", [1n]),
          },
        ],
        "S5 routine",
      );
      const opId = timelockOperationId(queued, await w.governor.getAddress());
      const cancel = await relay(
        w,
        await w.timelock.getAddress(),
        w.timelock.interface.encodeFunctionData("cancel", [opId]),
        "S5 cancel the routine operation",
      );
      const tx = await propose(w, cancel);
      const receipt = (await tx.wait())!;
      expect(receipt.status).to.equal(1);
      const id = await w.governor.getProposalId(
        cancel.targets,
        cancel.values,
        cancel.calldatas,
        keccakId(cancel.description),
      );
      expect(await w.policy.isMetaGovernance(id)).to.equal(true);
    });

    it("S5 relay: a relay to another target is screened like a direct call (allowed, meta-governance)", async function () {
      const w = await policyWorld(mode);
      const data = w.timelock.interface.encodeFunctionData("grantRole", [ZeroHash, w.attacker.address]);
      const p = await relay(w, await w.receiver.getAddress(), data, "S5 relayed grantRole");
      expect(await w.policy.isMetaCall(await w.receiver.getAddress(), data.slice(0, 10))).to.equal(true);
      await expect(propose(w, p)).to.emit(w.policy, "ProposalScreened");
    });

    it("S5 nested operations: the timelock's own schedule/execute entry points cannot be proposal targets", async function () {
      const w = await policyWorld(mode);
      const tl = w.timelock;
      const timelock = await tl.getAddress();
      const hidden = tl.interface.encodeFunctionData("grantRole", [await tl.PROPOSER_ROLE(), w.attacker.address]);
      const calls = [
        tl.interface.encodeFunctionData("schedule", [timelock, 0n, hidden, ZeroHash, ZeroHash, MIN_DELAY]),
        tl.interface.encodeFunctionData("scheduleBatch", [[timelock], [0n], [hidden], ZeroHash, ZeroHash, MIN_DELAY]),
        tl.interface.encodeFunctionData("execute", [timelock, 0n, hidden, ZeroHash, ZeroHash]),
        tl.interface.encodeFunctionData("executeBatch", [[timelock], [0n], [hidden], ZeroHash, ZeroHash]),
      ];
      for (const [i, data] of calls.entries()) {
        const p = await timelockCall(w, data, `S5 nested ${i}`);
        await expect(propose(w, p), data.slice(0, 10))
          .to.be.revertedWithCustomError(w.policy, "PolicyForbiddenCall")
          .withArgs(timelock, data.slice(0, 10));
      }
    });
  });
}
