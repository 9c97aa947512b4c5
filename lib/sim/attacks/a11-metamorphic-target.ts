/**
 * A11 malicious proposal payload: a metamorphic target.
 *
 * A community holder proposes a call to an address that has no code yet (the predicted CREATE2 address of a factory,
 * salt drawn per seed): reviewers see an empty target, every honest voter votes For. After the deadline the attacker
 * deploys code at that address (post-Cancun there is no selfdestruct swap, so "empty → code" is the swap this network
 * allows), then queues and executes. Success: the proposal executes against code nobody voted on.
 *
 * Polycentric's guardrails policy records the targets' code-hash digest at propose and re-checks it at queue and
 * execute (PolicyTargetCodeChanged); the stock OpenZeppelin baseline has no such check.
 */
import hre from "hardhat";
import { keccak256, toBeHex, zeroPadValue } from "ethers";

import { CallReceiver__Mock__factory, Create2Deployer__Mock__factory } from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { buildProposal, descriptionHash } from "../../proposal";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { propose, vote } from "../recipes";
import type { AttackRun } from "../types";

export const A11: AttackModule = {
  id: "A11",
  title: "Malicious proposal payloads (metamorphic target)",
  guarantee: "I12: target code hashes pinned at propose and re-checked at queue and execute",
  status: "covered",

  async run(world, seed) {
    const prng = prngFor("A11", seed);
    const salt = zeroPadValue(toBeHex(prng.int(1, 1_000_000_000)), 32);
    const { attacker, community } = world.agents;
    const proposer = community[0]!;
    const initCode = CallReceiver__Mock__factory.bytecode;
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      const factory = await new Create2Deployer__Mock__factory(attacker).deploy();
      await factory.waitForDeployment();
      const target = await factory.predict(salt, keccak256(initCode));
      const data = CallReceiver__Mock__factory.createInterface().encodeFunctionData("mockFunction", [1n]);
      const p = buildProposal([{ target, data }], `A11 call the reviewed (empty) address ${target}, seed ${seed}`);
      const { id } = await propose(ctx, proposer, p);
      await sys.helper.waitForSnapshot(id);
      for (const v of world.voters) await vote(ctx, v.signer, id, VoteType.For, { honest: true });
      await sys.helper.waitForDeadline(id);
      const stateAtDeadline = proposalStateName(await sys.governor.state(id));
      const codeBefore = await hre.ethers.provider.getCode(target);
      await ctx.tx("deploy code at the target", factory.connect(attacker).deploy(salt, initCode));
      const codeAfter = await hre.ethers.provider.getCode(target);
      const g = sys.governor.connect(attacker);
      let stoppedBy = "nothing";
      const queued = await ctx.attempt(
        "queue",
        g.queue(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
      );
      if (!queued.ok) {
        stoppedBy = `queue: ${queued.name || queued.error}`;
      } else {
        await sys.helper.waitForEta(id);
        const executed = await ctx.attempt(
          "execute",
          g.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
        );
        if (!executed.ok) stoppedBy = `execute: ${executed.name || executed.error}`;
      }
      const state = proposalStateName(await sys.governor.state(id));
      runs.push(
        ctx.result({
          success: state === "Executed" && codeBefore === "0x" && codeAfter !== "0x",
          proposalState: state,
          measures: {
            stateAtDeadline,
            codeSwapped: codeBefore === "0x" && codeAfter !== "0x" ? "yes" : "no",
            stoppedBy,
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const stops = [
      ...new Set(runs.filter((r) => !r.success).map((r) => `${r.system}: ${String(r.measures?.stoppedBy)}`)),
    ];
    return [countNote(runs), ...stops.slice(0, 2)];
  },
};
