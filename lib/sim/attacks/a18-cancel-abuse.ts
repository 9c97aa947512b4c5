/**
 * A18 cancel abuse.
 *
 * The attacker buys the proposal threshold, waits one holding period and proposes a popular grant (amount drawn per
 * seed), after first proposing and withdrawing (cancel while Pending) another measure. Right after proposing it
 * transfers its whole stake away, falling below the threshold (OpenZeppelin 4's Bravo rule let anyone cancel then).
 * Every honest agent votes For; the proposal is queued and executed by a community holder. At each stage (Pending,
 * Active, Succeeded, Queued, Queued at its ETA) the proposer and a third party (a community holder, drawn per seed)
 * each try to cancel it. Then another community holder re-proposes the withdrawn measure, under the same and under a
 * new description. Success: a non-governance party (the proposer or the third party) cancelled the proposal after
 * voting started.
 *
 * Both systems inherit OpenZeppelin 5's cancel rule (`_validateCancel`: the proposer, while Pending);
 * PolycentricGovernor adds only its dispute contract (guardian, Rejected disputes), which the simulated production
 * suite does not deploy. Governance's own cancel of a queued proposal (through `relay`) and the bounded guardian are
 * demonstrated by test/scenarios/A18-cancel-abuse.test.ts.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { proposalStateName, VoteType } from "../../enums";
import { proposalArgs, proposalId } from "../../proposal";
import { countNote, systemsNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { attemptCancel, attemptOutcome, attemptPropose, buyThreshold, grantProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";

/** The stages at which cancels are tried, in lifecycle order; "Pending" is before voting starts. */
export const A18_STAGES = ["Pending", "Active", "Succeeded", "Queued", "QueuedReady"] as const;
export type A18Stage = (typeof A18_STAGES)[number];

export const A18: AttackModule = {
  id: "A18",
  title: "Cancel abuse",
  guarantee:
    "after voting starts only governance (or a bounded guardian) can cancel; a cancelled-but-supported proposal can be " +
    "re-proposed by anyone",
  status: "covered",

  async run(world, seed) {
    const { attacker, community, spare } = world.agents;
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      // Common random numbers: the same measure and the same third party on both systems.
      const prng = prngFor("A18", seed);
      const third = community[prng.int(2, community.length - 1)]!;
      const [executor, grantee] = community;
      const successor = community[1]!;
      const wei = BigInt(prng.int(1, 100)) * 10n ** 18n;
      const withdrawn = grantProposal(grantee!.address, wei, `A18 withdrawn grant of ${wei} wei, seed ${seed}`);
      const p = grantProposal(grantee!.address, wei, `A18 popular grant of ${wei} wei, seed ${seed}`);
      const id = proposalId(p);

      const ctx = new RunContext(sys, seed);
      const tokens = await buyThreshold(world, ctx, attacker.address);
      await propose(ctx, attacker, withdrawn);
      const proposerPending = attemptOutcome(await attemptCancel(ctx, attacker, withdrawn, "proposer withdraws"));
      await propose(ctx, attacker, p);
      // Below the threshold from here on.
      await ctx.tx("proposer sells out", sys.token.connect(attacker).transfer(spare[9]!.address, tokens));

      const tried: Record<"proposer" | "third", string[]> = { proposer: [], third: [] };
      let cancelledAt = "never";
      let cancelledBy = "-";
      const tryCancel = async (stage: A18Stage) => {
        const parties: [keyof typeof tried, HardhatEthersSigner][] = [
          ["proposer", attacker],
          ["third", third],
        ];
        for (const [who, signer] of parties) {
          if (proposalStateName(await sys.governor.state(id)) === "Canceled") return;
          const outcome = attemptOutcome(await attemptCancel(ctx, signer, p, `${who} cancels at ${stage}`));
          tried[who].push(`${stage}:${outcome}`);
          if (outcome === "ok") {
            cancelledAt = stage;
            cancelledBy = who;
          }
        }
      };
      // At Pending only the third party: the proposer's own Pending cancel was measured on the withdrawn measure.
      const thirdPending = attemptOutcome(await attemptCancel(ctx, third, p, "third party cancels at Pending"));
      tried.third.push(`Pending:${thirdPending}`);
      if (thirdPending === "ok") [cancelledAt, cancelledBy] = ["Pending", "third"];

      const stateIs = async (s: string) => proposalStateName(await sys.governor.state(id)) === s;
      if (await stateIs("Pending")) {
        await sys.helper.waitForSnapshot(id);
        await tryCancel("Active");
      }
      if (await stateIs("Active")) {
        for (const v of world.voters) await vote(ctx, v.signer, id, VoteType.For, { honest: true });
        await sys.helper.waitForDeadline(id);
        await tryCancel("Succeeded");
      }
      const g = sys.governor.connect(executor!);
      if (await stateIs("Succeeded")) {
        await ctx.tx("queue", g.queue(...proposalArgs(p)), { honest: true });
        await tryCancel("Queued");
      }
      if (await stateIs("Queued")) {
        await sys.helper.waitForEta(id);
        await tryCancel("QueuedReady");
      }
      if (await stateIs("Queued")) await ctx.tx("execute", g.execute(...proposalArgs(p)), { honest: true });

      // Re-proposal of the withdrawn measure by someone else.
      const sameDescription = attemptOutcome(
        await attemptPropose(ctx, successor, withdrawn, "re-propose, same description", { honest: true }),
      );
      const renamed = { ...withdrawn, description: `${withdrawn.description} (again)#proposer=${successor.address}` };
      const newDescription = attemptOutcome(
        await attemptPropose(ctx, successor, renamed, "re-propose, new description", { honest: true }),
      );

      runs.push(
        ctx.result({
          success: cancelledAt !== "never" && cancelledAt !== "Pending",
          proposalState: proposalStateName(await sys.governor.state(id)),
          attackerCost: { tokens },
          measures: {
            proposerCancelPending: proposerPending,
            proposerCancel: tried.proposer.join(" ") || "-",
            thirdPartyCancel: tried.third.join(" "),
            cancelledAt,
            cancelledBy,
            reproposeSameDescription: sameDescription,
            reproposeNewDescription: newDescription,
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const m = (r: AttackRun, key: string) => String(r.measures?.[key]);
    return [
      countNote(runs),
      systemsNote(runs, "proposer cancel while Pending", (r) => m(r, "proposerCancelPending")),
      systemsNote(runs, "proposer cancel", (r) => m(r, "proposerCancel")),
      systemsNote(runs, "third-party cancel (proposer below threshold)", (r) => m(r, "thirdPartyCancel")),
      systemsNote(
        runs,
        "re-proposal by another holder (same / new description)",
        (r) => `${m(r, "reproposeSameDescription")} / ${m(r, "reproposeNewDescription")}`,
      ),
    ];
  },
};
