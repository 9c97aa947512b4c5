/**
 * A14 governance parameter self-modification.
 *
 * The attacker holds 10 % of the supply (bought, then split over itself (50,000) and five sybil addresses (190,000
 * each, every one below Polycentric's 2 % delegation cap: open identity mode cannot tell them apart), aged one holding
 * period) and acts at low turnout (each honest voter votes with p = 0.1, against). Step 1: one proposal lowers the quorum to 1 %, shortens the voting period to a
 * seventh and, on Polycentric, raises the delegation cap to 100 %. Step 2, only if step 1 executed: a proposal that
 * drains the treasury's GOV to the attacker under the new parameters. Success: the drain executes.
 *
 * Polycentric's guardrails policy bounds every setter (immutable [min, max], ×2 steps, one change per 30 days) and
 * requires a raw-For super-quorum (8 % of the supply) for meta-governance proposals: 10 % raw For clears it, so the
 * parameter bounds are what must hold. The run reports the first guard that stopped the attack (`stoppedBy`).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { VoteType, proposalStateName } from "../../enums";
import { COMMON_WORLD } from "../../params";
import { buildProposal, descriptionHash, type Proposal, type ProposalAction } from "../../proposal";
import { gov } from "../../units";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor, type Prng } from "../prng";
import { buy, drainProposal, vote } from "../recipes";
import type { AttackRun } from "../types";
import { type SimSystem, type World } from "../world";

export const A14_STAKE = gov(1_000_000);
export const A14_SYBILS = 5;
const SYBIL_STAKE = gov(190_000);
const LOW_TURNOUT = 0.1;

function parameterProposal(sys: SimSystem, votingPeriod: bigint, seed: number): Proposal {
  const g = sys.governor.interface;
  const actions: ProposalAction[] = [
    { target: sys.address.governor, data: g.encodeFunctionData("updateQuorumNumerator", [1n]) },
    { target: sys.address.governor, data: g.encodeFunctionData("setVotingPeriod", [votingPeriod / 7n]) },
  ];
  if (sys.polycentric) {
    const data = sys.polycentric.interface.encodeFunctionData("setCapFraction", [10_000n]);
    actions.push({ target: sys.address.governor, data });
  }
  return buildProposal(actions, `A14 tune the parameters, seed ${seed}`);
}

/** Propose (attacker), vote (attacker For, honest Against at low turnout), queue and execute; the first failure. */
async function pass(
  world: World,
  ctx: RunContext,
  prng: Prng,
  p: Proposal,
  step: string,
  sybils: readonly HardhatEthersSigner[],
): Promise<{ ok: boolean; stoppedBy: string; state: string }> {
  const { sys } = ctx;
  const { attacker } = world.agents;
  const proposed = await ctx.attempt(
    `${step} propose`,
    sys.governor.connect(attacker).propose(p.targets, p.values, p.calldatas, p.description),
  );
  if (!proposed.ok) return { ok: false, stoppedBy: `${step} propose: ${proposed.name || proposed.error}`, state: "-" };
  const id = await sys.governor.hashProposal(p.targets, p.values, p.calldatas, descriptionHash(p.description));
  await sys.helper.waitForSnapshot(id);
  for (const a of [attacker, ...sybils]) await vote(ctx, a, id, VoteType.For);
  for (const v of world.voters) {
    if (prng.bernoulli(LOW_TURNOUT)) await vote(ctx, v.signer, id, VoteType.Against, { honest: true });
  }
  await sys.helper.waitForDeadline(id);
  const state = proposalStateName(await sys.governor.state(id));
  if (state !== "Succeeded") return { ok: false, stoppedBy: `${step} vote: ${state}`, state };
  const g = sys.governor.connect(attacker);
  const queued = await ctx.attempt(
    `${step} queue`,
    g.queue(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
  );
  if (!queued.ok) return { ok: false, stoppedBy: `${step} queue: ${queued.name || queued.error}`, state };
  await sys.helper.waitForEta(id);
  const executed = await ctx.attempt(
    `${step} execute`,
    g.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
  );
  if (!executed.ok)
    return { ok: false, stoppedBy: `${step} execute: ${executed.name || executed.error}`, state: "Queued" };
  return { ok: true, stoppedBy: "nothing", state: "Executed" };
}

export const A14: AttackModule = {
  id: "A14",
  title: "Governance parameter self-modification",
  guarantee:
    "I15: every setter bounded, stepped and rate-limited; meta-parameter proposals need a super-quorum; a 10 % holder at low turnout cannot rewrite the rules and drain",
  status: "covered",

  async run(world, seed) {
    const { attacker, spare } = world.agents;
    const sybils = spare.slice(0, A14_SYBILS);
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      // Common random numbers: the same honest turnout draws on both systems.
      const prng = prngFor("A14", seed);
      const ctx = new RunContext(sys, seed);
      await buy(world, ctx, attacker.address, A14_STAKE);
      for (const s of sybils) {
        await ctx.tx("split to a sybil", sys.token.connect(attacker).transfer(s.address, SYBIL_STAKE));
        await ctx.tx("sybil self-delegates", sys.token.connect(s).delegate(s.address));
      }
      await sys.helper.advanceBy(COMMON_WORLD.holdingPeriod + 1n);
      const period0 = await sys.governor.votingPeriod();
      const quorum0 = await sys.governor["quorumNumerator()"]();
      const first = await pass(world, ctx, prng, parameterProposal(sys, period0, seed), "parameters", sybils);
      let stoppedBy = first.stoppedBy;
      let gain = 0n;
      if (first.ok) {
        const loot = await sys.token.balanceOf(sys.address.timelock);
        const drain = drainProposal(sys, attacker.address, loot, `A14 drain, seed ${seed}`);
        const before = await sys.token.balanceOf(attacker.address);
        const second = await pass(world, ctx, prng, drain, "drain", sybils);
        stoppedBy = second.stoppedBy;
        gain = (await sys.token.balanceOf(attacker.address)) - before;
      }
      runs.push(
        ctx.result({
          success: gain > 0n,
          attackerGain: gain,
          attackerCost: { tokens: A14_STAKE },
          measures: {
            stoppedBy,
            quorumNumeratorAfter: `${quorum0} -> ${await sys.governor["quorumNumerator()"]()}`,
            votingPeriodAfter: `${period0} -> ${await sys.governor.votingPeriod()}`,
            stakeBps: Number((A14_STAKE * 10_000n) / COMMON_WORLD.totalSupply),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const stops = new Map<string, number>();
    for (const r of runs.filter((x) => !x.success)) {
      const key = `${r.system}: ${String(r.measures?.stoppedBy).replace(/: .*\((.*)$/, ": $1")}`;
      stops.set(key, (stops.get(key) ?? 0) + 1);
    }
    return [countNote(runs), ...[...stops].slice(0, 4).map(([k, n]) => `${k} ×${n}`)];
  },
};
