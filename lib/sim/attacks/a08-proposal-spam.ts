/**
 * A8 proposal spam / griefing.
 *
 * The attacker buys exactly the proposal threshold (0.25 % of the supply), waits one holding period, then submits
 * N proposals (N drawn per seed in [A8_MIN, A8_MAX], each a distinct 1 wei grant to itself). Success: more than one
 * of its proposals is live (Pending or Active) at once. Honest gas: a community holder's propose and the whale's
 * castVote on an honest proposal, measured with and without the spam (common random numbers: same world, same
 * honest transactions) must not change.
 *
 * Polycentric's guardrails policy allows one live proposal per proposer (PolicyProposerHasLiveProposal); the stock
 * OpenZeppelin baseline has no limit.
 */
import { proposalStateName, VoteType } from "../../enums";
import { proposalId } from "../../proposal";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { buyThreshold, grantProposal, PROPOSAL_THRESHOLD, vote } from "../recipes";
import type { AttackRun } from "../types";
import type { SimSystem, World } from "../world";

export const A8_MIN = 5;
export const A8_MAX = 20;

/** Gas of one honest propose and one honest castVote on `sys`, from the current state. */
async function honestGas(world: World, ctx: RunContext, seed: number): Promise<{ propose: bigint; vote: bigint }> {
  const { community, whale } = world.agents;
  const p = grantProposal(community[2]!.address, 10n ** 18n, `A8 honest grant, seed ${seed}`);
  const receipt = await ctx.tx(
    "honest propose",
    ctx.sys.governor.connect(community[1]!).propose(p.targets, p.values, p.calldatas, p.description),
    { honest: true },
  );
  const id = proposalId(p);
  await ctx.sys.helper.waitForSnapshot(id);
  const v = await vote(ctx, whale, id, VoteType.For, { honest: true });
  return { propose: receipt.gasUsed, vote: v.gasUsed };
}

async function spam(
  world: World,
  sys: SimSystem,
  ctx: RunContext,
  seed: number,
  n: number,
): Promise<{ accepted: bigint[]; firstError: string }> {
  const { attacker } = world.agents;
  const accepted: bigint[] = [];
  let firstError = "none";
  for (let i = 0; i < n; i++) {
    const p = grantProposal(attacker.address, 1n, `A8 spam ${i}, seed ${seed}`);
    const a = await ctx.attempt(
      `spam propose ${i}`,
      sys.governor.connect(attacker).propose(p.targets, p.values, p.calldatas, p.description),
    );
    if (a.ok) accepted.push(proposalId(p));
    else if (firstError === "none") firstError = a.name || a.error;
  }
  return { accepted, firstError };
}

export const A8: AttackModule = {
  id: "A8",
  title: "Proposal spam / griefing",
  guarantee:
    "at most one live proposal per proposer (the 10-action cap is unit-tested); honest propose/castVote gas unchanged by spam",
  status: "covered",

  async run(world, seed) {
    const prng = prngFor("A8", seed);
    const n = prng.int(A8_MIN, A8_MAX);
    const { attacker } = world.agents;
    const control = new Map<string, { propose: bigint; vote: bigint }>();
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      await buyThreshold(world, ctx, attacker.address);
      control.set(sys.label, await honestGas(world, ctx, seed));
    }
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      await buyThreshold(world, ctx, attacker.address);
      const { accepted, firstError } = await spam(world, sys, ctx, seed, n);
      let live = 0;
      for (const id of accepted) {
        const s = proposalStateName(await sys.governor.state(id));
        if (s === "Pending" || s === "Active") live++;
      }
      const gas = await honestGas(world, ctx, seed);
      const base = control.get(sys.label)!;
      runs.push(
        ctx.result({
          success: live > 1,
          attackerCost: { tokens: PROPOSAL_THRESHOLD },
          measures: {
            spamProposals: n,
            live,
            stoppedBy: firstError,
            honestProposeGasDelta: (gas.propose - base.propose).toString(),
            honestVoteGasDelta: (gas.vote - base.vote).toString(),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const deltas = runs.map(
      (r) => `${String(r.measures?.honestProposeGasDelta)}/${String(r.measures?.honestVoteGasDelta)}`,
    );
    const stops = [
      ...new Set(runs.filter((r) => !r.success).map((r) => `${r.system}: ${String(r.measures?.stoppedBy)}`)),
    ];
    return [
      countNote(runs),
      `honest propose/castVote gas change under spam: ${[...new Set(deltas)].join(", ")}`,
      ...stops.slice(0, 2),
    ];
  },
};
