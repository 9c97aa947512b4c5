/**
 * A10 timelock / execute reentrancy (deterministic: one run per path and system).
 *
 * A proposal whose only action is `ReentrantTarget__Mock.run()` passes (whale and three community holders For), is
 * queued and, once the mock is armed with the reentrant call, executed by an honest agent. During execution the mock calls:
 *
 *   governor.execute(same proposal)   governor.queue(same)   governor.cancel(same)   governor.castVote(same)
 *   timelock.executeBatch(same operation)
 *
 * and records whether that inner call succeeded (and its revert data) without bubbling it up. Success for the
 * attacker: the reentrant call succeeded, or the proposal did not end Executed exactly once (a second execute
 * must revert).
 */
import { ZeroHash } from "ethers";

import { ReentrantTarget__Mock__factory, type ReentrantTarget__Mock } from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { buildProposal, descriptionHash, proposalArgs, proposalId, timelockSalt, type Proposal } from "../../proposal";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { decodeRevertData, errorName, RunContext } from "../context";
import { propose, vote } from "../recipes";
import type { AttackRun } from "../types";
import type { SimSystem, World } from "../world";

export const A10_PATHS = [
  "governor.execute",
  "governor.queue",
  "governor.cancel",
  "governor.castVote",
  "timelock.executeBatch",
] as const;
export type A10Path = (typeof A10_PATHS)[number];

const targets = new WeakMap<World, ReentrantTarget__Mock>();

function reentrantCall(sys: SimSystem, path: A10Path, p: Proposal): { target: string; data: string } {
  const args: [string[], bigint[], string[], string] = [
    p.targets,
    p.values,
    p.calldatas,
    descriptionHash(p.description),
  ];
  const g = sys.governor.interface;
  switch (path) {
    case "governor.execute":
      return { target: sys.address.governor, data: g.encodeFunctionData("execute", args) };
    case "governor.queue":
      return { target: sys.address.governor, data: g.encodeFunctionData("queue", args) };
    case "governor.cancel":
      return { target: sys.address.governor, data: g.encodeFunctionData("cancel", args) };
    case "governor.castVote":
      return { target: sys.address.governor, data: g.encodeFunctionData("castVote", [proposalId(p), VoteType.For]) };
    case "timelock.executeBatch":
      return {
        target: sys.address.timelock,
        data: sys.timelock.interface.encodeFunctionData("executeBatch", [
          p.targets,
          p.values,
          p.calldatas,
          ZeroHash,
          timelockSalt(sys.address.governor, p.description),
        ]),
      };
  }
}

export const A10: AttackModule = {
  id: "A10",
  title: "Timelock / execute reentrancy",
  guarantee:
    "I12: every reentrant execute/queue/cancel/castVote/timelock.execute during execution reverts or leaves the " +
    "proposal Executed exactly once",
  status: "covered",
  deterministic: true,

  async prepare(world) {
    await world.extend("A10", async () => {
      const mock = await new ReentrantTarget__Mock__factory(world.agents.deployer).deploy();
      await mock.waitForDeployment();
      targets.set(world, mock);
    });
  },

  async run(world, seed) {
    const mock = targets.get(world);
    if (!mock) throw new Error("A10: prepare() was not run on this world");
    const mockAddress = await mock.getAddress();
    const { attacker, whale, community } = world.agents;
    const runs: AttackRun[] = [];
    for (const path of A10_PATHS) {
      await world.reset();
      for (const sys of world.list) {
        const ctx = new RunContext(sys, seed);
        const p = buildProposal(
          [{ target: mockAddress, data: mock.interface.encodeFunctionData("run") }],
          `A10: the target re-enters ${path} (${sys.label})`,
        );
        const { id } = await propose(ctx, community[0]!, p, { honest: true });
        await sys.helper.waitForSnapshot(id);
        // The whale counts at most the 2 % cap on Polycentric: three community holders bring quorum (400,000) on both.
        await vote(ctx, whale, id, VoteType.For, { honest: true });
        for (const c of community.slice(1, 4)) await vote(ctx, c, id, VoteType.For, { honest: true });
        await sys.helper.waitForDeadline(id);
        const args = proposalArgs(p);
        await ctx.tx("queue", sys.governor.connect(community[2]!).queue(...args), { honest: true });
        await sys.helper.waitForEta(id);
        const inner = reentrantCall(sys, path, p);
        await ctx.tx(`arm the target with ${path}`, mock.connect(attacker).arm(inner.target, inner.data));
        const runsBefore = await mock.runs();
        const executed = await ctx.attempt("execute", sys.governor.connect(community[2]!).execute(...args), {
          honest: true,
        });
        let innerOk = false;
        let innerError = "";
        let executedEvents = 0;
        if (executed.ok) {
          for (const log of executed.receipt.logs) {
            if (log.address.toLowerCase() === mockAddress.toLowerCase()) {
              const parsed = mock.interface.parseLog(log);
              if (parsed?.name === "Reentered") {
                innerOk = parsed.args[1] as boolean;
                if (!innerOk) innerError = errorName(decodeRevertData(parsed.args[2] as string));
              }
            } else if (log.address.toLowerCase() === sys.address.governor.toLowerCase()) {
              if (sys.governor.interface.parseLog(log)?.name === "ProposalExecuted") executedEvents++;
            }
          }
        }
        const again = await ctx.attempt("execute again", sys.governor.connect(community[3]!).execute(...args));
        const state = proposalStateName(await sys.governor.state(id));
        runs.push(
          ctx.result({
            success: innerOk || !executed.ok || state !== "Executed" || executedEvents !== 1 || again.ok,
            proposalState: state,
            measures: {
              variant: path,
              outerExecute: executed.ok ? "ok" : executed.name,
              reentrantCall: innerOk ? "succeeded" : `reverted ${innerError}`,
              proposalExecutedEvents: executedEvents,
              targetRuns: Number((await mock.runs()) - runsBefore),
              secondExecute: again.ok ? "succeeded" : again.name,
            },
          }),
        );
      }
    }
    return runs;
  },

  notes(runs) {
    return A10_PATHS.map((path) => {
      const r = runs.find((x) => x.measures?.variant === path && x.system === "polycentric");
      return `${path}: ${countNote(runs, ofVariant(path))}${r ? ` (${r.measures!.reentrantCall})` : ""}`;
    });
  },
};
