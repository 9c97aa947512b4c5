/**
 * A17 proposal front-running / id collision.
 *
 * The attacker buys the proposal threshold and waits one holding period. A community holder (drawn per seed) sends
 * an honest grant proposal (amount and grantee drawn per seed) with automining off; the attacker reads it from the
 * mempool and sends a byte-identical copy with a higher priority fee, which is mined first in the same block
 * (lib/mempool.ts). If its copy was created, the attacker cancels it while Pending. Then the honest proposer retries
 * the same proposal once. Success: the honest proposal cannot be created under its intended description (whoever
 * holds the id, the honest proposer does not).
 *
 * Variants: `plain` (the description as a client writes it) and `suffixed` (the description ends with
 * OpenZeppelin's `#proposer=<honest address>`, which reserves it for that proposer). A proposal id is
 * hash(targets, values, calldatas, descriptionHash) without the proposer on both systems: PolycentricGovernor
 * inherits OpenZeppelin 5's ids and suffix parsing unchanged, like the stock baseline. The timelock-salt half of the
 * recipe (two governors on one timelock) is demonstrated by test/scenarios/A17-front-running.test.ts, not here.
 */
import hre from "hardhat";
import type { TransactionReceipt } from "ethers";

import { proposalStateName } from "../../enums";
import { frontRunPropose, minedRevertData } from "../../mempool";
import { proposalId } from "../../proposal";
import { countNote, ofVariant, systemsNote, type AttackModule } from "../attack";
import { decodeRevertData, errorName, RunContext } from "../context";
import { prngFor } from "../prng";
import { attemptCancel, attemptOutcome, attemptPropose, buyThreshold, grantProposal } from "../recipes";
import type { AttackRun } from "../types";
import type { World } from "../world";

export const A17_VARIANTS = ["plain", "suffixed"] as const;
export type A17Variant = (typeof A17_VARIANTS)[number];

/** "ok" for a mined transaction that succeeded, else the decoded error name (from the trace). */
async function minedOutcome(receipt: TransactionReceipt): Promise<string> {
  if (receipt.status === 1) return "ok";
  return errorName(decodeRevertData(await minedRevertData(hre.ethers.provider, receipt.hash)));
}

async function runVariant(world: World, seed: number, variant: A17Variant): Promise<AttackRun[]> {
  const { attacker, community } = world.agents;
  const runs: AttackRun[] = [];
  await world.reset();
  for (const sys of world.list) {
    // Common random numbers: the same honest proposal on both systems.
    const prng = prngFor("A17", seed);
    const honest = community[prng.int(0, community.length - 1)]!;
    const grantee = community[(community.indexOf(honest) + 1) % community.length]!;
    const wei = BigInt(prng.int(1, 100)) * 10n ** 18n;
    const intended = `A17 grant ${wei} wei to ${grantee.address}, seed ${seed}`;
    const description = variant === "suffixed" ? `${intended}#proposer=${honest.address}` : intended;
    const p = grantProposal(grantee.address, wei, description);
    const id = proposalId(p);

    const ctx = new RunContext(sys, seed);
    const tokens = await buyThreshold(world, ctx, attacker.address);
    const race = await frontRunPropose(hre.ethers.provider, sys.address.governor, p, honest, attacker);
    for (const [who, r] of [
      ["attacker copy", race.attacker],
      ["honest propose", race.honest],
    ] as const) {
      if (r.status === 1) ctx.violations.push(...(await sys.checker.afterTx(r, who)));
    }
    ctx.honestGas += race.honest.gasUsed;
    const attackerCopy = await minedOutcome(race.attacker);
    const honestPropose = await minedOutcome(race.honest);

    let cancelWhilePending = "-";
    if (attackerCopy === "ok") {
      const stateBefore = proposalStateName(await sys.governor.state(id));
      cancelWhilePending = `${stateBefore}: ${attemptOutcome(await attemptCancel(ctx, attacker, p, "attacker cancels its copy"))}`;
    }
    let honestRetry = "-";
    if (honestPropose !== "ok") {
      honestRetry = attemptOutcome(await attemptPropose(ctx, honest, p, "honest retry", { honest: true }));
    }
    const proposer = await sys.governor.proposalProposer(id);
    const honestCreated = proposer === honest.address;
    let attackerCancelsHonest = "-";
    if (honestCreated) {
      attackerCancelsHonest = attemptOutcome(await attemptCancel(ctx, attacker, p, "attacker cancels the honest one"));
    }
    // The fallback a burnt plain description leaves the honest proposer: the same actions under a new description.
    let renamedResubmit = "-";
    if (!honestCreated) {
      const renamed = grantProposal(grantee.address, wei, `${intended} (resubmitted)`);
      renamedResubmit = attemptOutcome(
        await attemptPropose(ctx, honest, renamed, "renamed resubmit", { honest: true }),
      );
    }
    const state = proposalStateName(await sys.governor.state(id));
    runs.push(
      ctx.result({
        success: !honestCreated,
        proposalState: state,
        attackerCost: { tokens },
        measures: {
          variant,
          attackerFirst: race.attackerFirst ? "yes" : "no",
          attackerCopy,
          honestPropose,
          cancelWhilePending,
          honestRetry,
          proposerOfRecord: proposer === attacker.address ? "attacker" : honestCreated ? "honest" : proposer,
          honestCreated: honestCreated ? "yes" : "no",
          attackerCancelsHonest,
          renamedResubmit,
        },
      }),
    );
  }
  return runs;
}

export const A17: AttackModule = {
  id: "A17",
  title: "Proposal front-running / id collision",
  guarantee:
    "the honest proposal stays creatable (proposer-scoped or sequential ids, strict suffix parsing); timelock salts " +
    "include the governor address",
  status: "covered",
  primaryVariant: "plain",

  async run(world, seed) {
    const runs: AttackRun[] = [];
    for (const variant of A17_VARIANTS) runs.push(...(await runVariant(world, seed, variant)));
    return runs;
  },

  notes(runs) {
    const m = (r: AttackRun, key: string) => String(r.measures?.[key]);
    return A17_VARIANTS.flatMap((variant) => {
      const rs = runs.filter(ofVariant(variant));
      return [
        `${variant}: ${countNote(rs)}`,
        systemsNote(
          rs,
          `${variant}, copy / cancel / honest propose, retry`,
          (r) =>
            `${m(r, "attackerCopy")} / ${m(r, "cancelWhilePending")} / ${m(r, "honestPropose")}, ${m(r, "honestRetry")}`,
        ),
      ];
    }).concat(["two governors on one timelock: not simulated (test/scenarios/A17-front-running.test.ts)"]);
  },
};
