/**
 * A7 last-minute vote swing / late quorum (deterministic, both variants on both systems).
 *
 * - "late-quorum": 3 community holders vote For (300,000, below the 400,000 quorum); the attacker (100,000 bought
 *   beforehand) votes For at deadline − 1 and reaches quorum. The honest side needs REACTION time (1 hour) to notice
 *   and answer (5 community holders Against) before the deadline. Polycentric's GovernorPreventLateQuorumLazy moves the
 *   deadline to vote time + 1 day; the stock baseline leaves 1 second.
 * - "flip": For 500,000 (5 community) vs Against 400,000 (4 community) early, quorum reached early; the attacker votes
 *   110,000 Against at deadline − 1 and flips the outcome (linear 500k vs 510k; quadratic 1,581 vs 1,597 √GOV). No
 *   objection window exists on either system, so no reaction is possible.
 *
 * Success: the attacker's last-minute vote decides the outcome with less than REACTION left to answer it.
 * (THREATS uses 350,000 + 60,000; the world's community holders come in 100,000 units.)
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import { proposalStateName, VoteType } from "../../enums";
import { HOUR } from "../../time";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { buy, grantProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";

/** How long the honest side needs to notice a swing and answer it. */
export const REACTION = HOUR;

export const A7: AttackModule = {
  id: "A7",
  title: "Last-minute vote swing / late quorum",
  guarantee:
    "I14: when quorum is first reached late the deadline moves to ≥ vote time + 1 day (bounded by votingPeriod); an " +
    "outcome flip opens an objection window",
  status: "covered",
  deterministic: true,

  async run(world, seed) {
    const { attacker, community } = world.agents;
    const runs: AttackRun[] = [];
    for (const variant of ["late-quorum", "flip"] as const) {
      await world.reset();
      for (const sys of world.list) {
        const ctx = new RunContext(sys, seed);
        const stake = variant === "late-quorum" ? gov(100_000) : gov(110_000);
        await buy(world, ctx, attacker.address, stake);
        const p = grantProposal(community[0]!.address, parseEther("1"), `A7 ${variant}: grant 1 ETH`);
        const { id } = await propose(ctx, community[0]!, p, { honest: true });
        await sys.helper.waitForSnapshot(id);
        const forVoters = variant === "late-quorum" ? community.slice(1, 4) : community.slice(1, 6);
        const againstVoters = variant === "late-quorum" ? [] : community.slice(6, 10);
        for (const c of forVoters) await vote(ctx, c, id, VoteType.For, { honest: true });
        for (const c of againstVoters) await vote(ctx, c, id, VoteType.Against, { honest: true });
        const leadingBefore = (await sys.governor.proposalVotes(id))[1] > (await sys.governor.proposalVotes(id))[0];

        const deadline = await sys.governor.proposalDeadline(id);
        const voteTime = deadline - 1n;
        await time.setNextBlockTimestamp(voteTime);
        await vote(ctx, attacker, id, variant === "late-quorum" ? VoteType.For : VoteType.Against);
        const newDeadline = await sys.governor.proposalDeadline(id);
        const window = newDeadline - voteTime;
        let reacted = 0;
        if (window >= REACTION) {
          // The honest side answers inside the window.
          const answer = variant === "late-quorum" ? community.slice(10, 15) : community.slice(10, 13);
          const support = variant === "late-quorum" ? VoteType.Against : VoteType.For;
          await time.setNextBlockTimestamp(voteTime + REACTION);
          for (const c of answer) await vote(ctx, c, id, support, { honest: true });
          reacted = answer.length;
        }
        await sys.helper.waitForDeadline(id);
        const state = proposalStateName(await sys.governor.state(id));
        const success = variant === "late-quorum" ? state === "Succeeded" : leadingBefore && state === "Defeated";
        runs.push(
          ctx.result({
            success,
            proposalState: state,
            attackerCost: { tokens: stake },
            measures: {
              variant,
              deadlineExtendedBySeconds: Number(newDeadline - deadline),
              reactionWindowSeconds: Number(window),
              honestReactionVotes: reacted,
            },
          }),
        );
      }
    }
    return runs;
  },

  notes(runs) {
    return [
      `late quorum: ${countNote(runs, ofVariant("late-quorum"))} (Polycentric extends the deadline by 1 day)`,
      `flip after early quorum: ${countNote(runs, ofVariant("flip"))} (no objection window on either system yet)`,
    ];
  },
};
