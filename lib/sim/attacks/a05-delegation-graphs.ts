/**
 * A5 delegation chains and loops.
 *
 * Per seed, over 30 agents (the 20 community holders, the 5 delegates and 5 small holders): a random delegation
 * graph (n of them, n drawn in [5, 30], each re-delegating to a random agent of the 30, self-loops allowed), an
 * explicit 3-cycle A→B→C→A, one community holder ping-ponging its delegation between two agents R times (so the
 * target's checkpoint history grows by R), and 5 random transfers interleaved. I1 is checked after every transaction.
 * Gas is measured on every vote path: each `delegate`, the ping-pong target's `getPastVotes` lookup before and after
 * its history grew (an eth_estimateGas of the view), and `castVote` by the target and a random agent on a proposal
 * created after the graph. OpenZeppelin `Votes` is single-hop, so cycles cannot amplify anything.
 *
 * Success (for the attacker): any I1 violation, or any of those operations above G_max = 300,000 gas.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { parseEther } from "ethers";

import { VoteType } from "../../enums";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { grantProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";

/** The gas ceiling of any vote path (THREATS I7). */
export const G_MAX = 300_000n;
/** Ping-pong re-delegations per seed (THREATS: 200; `SIM_A5_PINGPONG` overrides). */
export const A5_PING_PONG = Number(process.env.SIM_A5_PINGPONG ?? 20);

type Op =
  | { kind: "delegate"; from: number; to: number; why: string }
  | { kind: "transfer"; from: number; to: number; bps: number };

export const A5: AttackModule = {
  id: "A5",
  title: "Delegation chains, loops and ping-pong re-delegation",
  guarantee:
    "cycles have no effect on totals (I1 after every transaction) and castVote gas stays ≤ 300,000 independent of " +
    "graph size (I7); OpenZeppelin Votes is single-hop",
  status: "covered",

  async run(world, seed) {
    if (!Number.isSafeInteger(A5_PING_PONG) || A5_PING_PONG < 2) throw new Error("SIM_A5_PINGPONG must be ≥ 2");
    const { community, delegates, small, whale } = world.agents;
    const agents: HardhatEthersSigner[] = [...community, ...delegates, ...small.slice(0, 5)];
    const prng = prngFor("A5", seed);
    const n = prng.int(5, agents.length);
    const ops: Op[] = [];
    for (const from of prng.shuffle(agents.map((_, i) => i)).slice(0, n)) {
      ops.push({ kind: "delegate", from, to: prng.int(0, agents.length - 1), why: "random edge" });
    }
    const [a, b, c] = prng.shuffle(agents.map((_, i) => i));
    ops.push({ kind: "delegate", from: a!, to: b!, why: "cycle" });
    ops.push({ kind: "delegate", from: b!, to: c!, why: "cycle" });
    ops.push({ kind: "delegate", from: c!, to: a!, why: "cycle" });
    // The ping-pong delegator holds tokens of its own (a community holder), so every switch moves votes.
    const x = prng.int(0, community.length - 1);
    const [y, z] = prng.shuffle(agents.map((_, i) => i).filter((i) => i !== x));
    for (let i = 0; i < A5_PING_PONG; i++)
      ops.push({ kind: "delegate", from: x, to: i % 2 === 0 ? y! : z!, why: "ping-pong" });
    for (let i = 0; i < 5; i++) {
      const at = prng.int(0, ops.length);
      ops.splice(at, 0, {
        kind: "transfer",
        from: prng.int(0, agents.length - 1),
        to: prng.int(0, agents.length - 1),
        bps: prng.int(1, 1000),
      });
    }
    const target = agents[y!]!;
    const voters = [target, agents[prng.pick(agents.map((_, i) => i).filter((i) => i !== y))]!];

    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      const lookupGas = async (timepoint: bigint) => sys.token.getPastVotes.estimateGas(target.address, timepoint);
      await sys.helper.advanceBy(1n);
      const lookupBefore = await lookupGas((await sys.helper.clock()) - 1n);
      const checkpointsBefore = await sys.token.numCheckpoints(target.address);

      let delegateGasMax = 0n;
      for (const op of ops) {
        const from = agents[op.from]!;
        const to = agents[op.to]!;
        if (op.kind === "delegate") {
          const r = await ctx.tx(
            `${op.why}: ${from.address} delegates to ${to.address}`,
            sys.token.connect(from).delegate(to.address),
          );
          if (r.gasUsed > delegateGasMax) delegateGasMax = r.gasUsed;
        } else {
          const amount = ((await sys.token.balanceOf(from.address)) * BigInt(op.bps)) / 10_000n;
          await ctx.tx(
            `transfer ${amount} ${from.address} → ${to.address}`,
            sys.token.connect(from).transfer(to.address, amount),
          );
        }
      }

      const p = grantProposal(whale.address, parseEther("1"), `A5 proposal after the graph, seed ${seed}`);
      const { id } = await propose(ctx, whale, p, { honest: true });
      await sys.helper.waitForSnapshot(id);
      const lookupAfter = await lookupGas(await sys.governor.proposalSnapshot(id));
      let castVoteGasMax = 0n;
      for (const v of voters) {
        const g = (await vote(ctx, v, id, VoteType.For)).gasUsed;
        if (g > castVoteGasMax) castVoteGasMax = g;
      }
      const worst = [castVoteGasMax, delegateGasMax, lookupAfter].reduce((m, g) => (g > m ? g : m), 0n);
      runs.push(
        ctx.result({
          success: ctx.violations.length > 0 || worst > G_MAX,
          measures: {
            graphSize: n,
            pingPong: A5_PING_PONG,
            operations: ops.length,
            checkpointsBefore: Number(checkpointsBefore),
            checkpointsAfter: Number(await sys.token.numCheckpoints(target.address)),
            lookupGasBefore: Number(lookupBefore),
            lookupGasAfter: Number(lookupAfter),
            delegateGasMax: Number(delegateGasMax),
            castVoteGasMax: Number(castVoteGasMax),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const of = (system: string, key: string) =>
      runs.filter((r) => r.system === system).map((r) => Number(r.measures?.[key] ?? 0));
    const line = (system: string) => {
      const growth = runs
        .filter((r) => r.system === system)
        .map((r) => Number(r.measures!.lookupGasAfter) - Number(r.measures!.lookupGasBefore));
      const cast = of(system, "castVoteGasMax");
      const sizes = of(system, "graphSize");
      return (
        `${system}: castVote ${Math.min(...cast)}–${Math.max(...cast)} gas over graph sizes ` +
        `${Math.min(...sizes)}–${Math.max(...sizes)}, max delegate ` +
        `${Math.max(0, ...of(system, "delegateGasMax"))}, getPastVotes lookup +${Math.max(0, ...growth)} gas at ` +
        `${Math.max(0, ...of(system, "checkpointsAfter"))} checkpoints`
      );
    };
    return [
      countNote(runs),
      line("baseline"),
      line("polycentric"),
      `G_max ${G_MAX}; ping-pong ${A5_PING_PONG} per seed`,
    ];
  },
};
