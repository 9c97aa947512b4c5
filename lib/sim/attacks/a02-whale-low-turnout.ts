/**
 * A2 whale takeover at low turnout (p = 0.1).
 *
 * The attacker buys X GOV (the float, then OTC from the never-voting treasury: no honest agent's power changes),
 * waits 2 days, proposes "transfer 2,000,000 GOV to the attacker" on a Friday evening (the voting period spans a
 * weekend) and votes For. Each honest voter (whale, 20 community holders, 5 delegates) votes Against with
 * probability p. A Succeeded proposal is queued and executed. X ∈ {300k, 600k (the recipe), 1.2M}.
 *
 * Every size and both systems face the same turnout draws in a seed (common random numbers). Quorum is 400,000
 * raw For + Abstain on both, so 300k never reaches it alone; above it, the baseline compares linear tallies and
 * Polycentric quadratic ones (√600k ≈ 775 against √100k ≈ 316 per community holder, √400k ≈ 632 per delegate,
 * √1.5M ≈ 1,225 for the whale). Since Σ√wᵢ ≥ √Σwᵢ, a seed the attacker wins on Polycentric it also wins on the
 * baseline.
 */
import { VoteType } from "../../enums";
import { DAY } from "../../time";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { buy, drainProposal, nextFridayEvening, propose, settle, vote } from "../recipes";
import type { AttackRun } from "../types";
import { WORLD } from "../world";

export const A2_SIZES = [
  { variant: "300k", amount: gov(300_000) },
  { variant: "600k", amount: gov(600_000) },
  { variant: "1.2M", amount: gov(1_200_000) },
] as const;
export const A2_TURNOUT = WORLD.turnout.low;
const DRAIN = gov(2_000_000);

export const A2: AttackModule = {
  id: "A2",
  title: "Whale takeover at low turnout",
  guarantee:
    "a holder of ≤ 12 % of supply cannot pass a treasury drain at p = 0.1 (target ≤ 1 % over 200 seeds, super-quorum " +
    "and DE window for large treasury moves), baseline rate reported alongside",
  status: "covered",
  primaryVariant: "600k",

  async run(world, seed) {
    const runs: AttackRun[] = [];
    const { attacker } = world.agents;
    // The same turnout draws for every size and both systems (common random numbers): differences between
    // sizes and systems are then the mechanism's, not the dice's.
    const prng = prngFor("A2", seed);
    const turnsOut = world.voters.map(() => prng.bernoulli(A2_TURNOUT));
    for (const size of A2_SIZES) {
      await world.reset();
      for (const sys of world.list) {
        const ctx = new RunContext(sys, seed);
        await buy(world, ctx, attacker.address, size.amount);
        await sys.helper.advanceTo(nextFridayEvening((await sys.helper.clock()) + 2n * DAY));
        const p = drainProposal(
          sys,
          attacker.address,
          DRAIN,
          `A2: transfer 2,000,000 GOV to the attacker (${size.variant})`,
        );
        const { id, createdAt } = await propose(ctx, attacker, p);
        await sys.helper.waitForSnapshot(id);
        await vote(ctx, attacker, id, VoteType.For);
        let honestVotes = 0;
        for (const [i, v] of world.voters.entries()) {
          if (!turnsOut[i]) continue;
          await vote(ctx, v.signer, id, VoteType.Against, { honest: true });
          honestVotes++;
        }
        const [against, forVotes] = await sys.governor.proposalVotes(id);
        const treasuryBefore = await sys.token.balanceOf(sys.address.timelock);
        const settled = await settle(ctx, p, id, attacker);
        const gain = treasuryBefore - (await sys.token.balanceOf(sys.address.timelock));
        const executed = settled.state === "Executed";
        runs.push(
          ctx.result({
            success: executed,
            proposalState: settled.state,
            attackerGain: gain,
            attackerCost: { tokens: size.amount },
            timeToExecution: settled.executedAt !== undefined ? settled.executedAt - createdAt : undefined,
            measures: {
              variant: size.variant,
              honestVotes,
              forTally: forVotes.toString(),
              againstTally: against.toString(),
              proposedAtWeekday: new Date(Number(createdAt) * 1000).toUTCString().slice(0, 3),
            },
          }),
        );
      }
    }
    return runs;
  },

  notes(runs) {
    return A2_SIZES.map((s) => `${s.variant}: ${countNote(runs, ofVariant(s.variant))}`).concat(
      `turnout p = ${A2_TURNOUT}; drain of 2,000,000 GOV; no super-quorum or DE window has landed yet`,
    );
  },
};
