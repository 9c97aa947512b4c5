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
 * Variants: `plain` (the description as a client writes it, the headline), `suffixed` (the description ends with
 * OpenZeppelin's `#proposer=<honest address>`, which reserves it for that proposer) and `shared-timelock` (two
 * governors of the system's kind on one TimelockController; see {@link runSharedTimelock}). A proposal id is
 * hash(targets, values, calldatas, descriptionHash), without the proposer and without the governor, on both systems:
 * PolycentricGovernor inherits OpenZeppelin 5's ids, suffix parsing and governor-salted timelock operations
 * unchanged, like the stock baseline, so the outcomes are expected to be the same on both.
 */
import hre from "hardhat";
import { setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { TransactionReceipt } from "ethers";

import { BaselineGovernor__factory, type BaselineGovernor } from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { GovernorHelper } from "../../governor-helper";
import { frontRunPropose, minedRevertData } from "../../mempool";
import { COMMON_WORLD, governanceParams } from "../../params";
import { proposalArgs, proposalId, timelockOperationId } from "../../proposal";
import { deployBarePolycentricGovernor, deploySharedTimelock } from "../../shared-timelock";
import { countNote, ofVariant, systemsNote, type AttackModule } from "../attack";
import { decodeRevertData, errorName, RunContext } from "../context";
import { prngFor } from "../prng";
import { attemptCancel, attemptOutcome, attemptPropose, buyThreshold, grantProposal } from "../recipes";
import type { AttackRun } from "../types";
import { deployBaselineGovernorOn } from "../baseline";
import { WORLD, type World } from "../world";

export const A17_VARIANTS = ["plain", "suffixed", "shared-timelock"] as const;
export type A17Variant = (typeof A17_VARIANTS)[number];

/** Per world and system: two governors of the system's kind on the system's token, sharing one timelock. */
interface SharedPair {
  governors: [BaselineGovernor, BaselineGovernor];
  helpers: [GovernorHelper, GovernorHelper];
}
const sharedPairs = new WeakMap<World, Map<string, SharedPair>>();

/** The honest grant of one seed (common random numbers: the same on both systems), with its intended description. */
function honestGrant(world: World, seed: number, variant: A17Variant) {
  const { community } = world.agents;
  const prng = prngFor("A17", seed);
  const honest = community[prng.int(0, community.length - 1)]!;
  const grantee = community[(community.indexOf(honest) + 1) % community.length]!;
  const wei = BigInt(prng.int(1, 100)) * 10n ** 18n;
  const intended = `A17 grant ${wei} wei to ${grantee.address}, seed ${seed}`;
  const description = variant === "suffixed" ? `${intended}#proposer=${honest.address}` : intended;
  return { honest, grantee, wei, intended, p: grantProposal(grantee.address, wei, description) };
}

/** "ok" for a mined transaction that succeeded, else the decoded error name (from the trace). */
async function minedOutcome(receipt: TransactionReceipt): Promise<string> {
  if (receipt.status === 1) return "ok";
  return errorName(decodeRevertData(await minedRevertData(hre.ethers.provider, receipt.hash)));
}

async function runVariant(world: World, seed: number, variant: "plain" | "suffixed"): Promise<AttackRun[]> {
  const { attacker } = world.agents;
  const runs: AttackRun[] = [];
  await world.reset();
  for (const sys of world.list) {
    const { honest, grantee, wei, intended, p } = honestGrant(world, seed, variant);
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

/**
 * The honest holder proposes the grant on governor 0 of the shared pair; the attacker proposes the byte-identical
 * batch on governor 1 (same proposal id: ids do not include the governor). Every honest agent votes For on both; the
 * attacker queues its copy first, then the honest proposal is queued and executed. Success: the honest proposal
 * cannot be queued or executed (its timelock operation collides with the copy's).
 */
async function runSharedTimelock(world: World, seed: number): Promise<AttackRun[]> {
  const pairs = sharedPairs.get(world);
  if (!pairs) throw new Error("A17: prepare() was not run on this world");
  const { attacker } = world.agents;
  const runs: AttackRun[] = [];
  await world.reset();
  for (const sys of world.list) {
    const { honest, p } = honestGrant(world, seed, "shared-timelock");
    const { governors, helpers } = pairs.get(sys.label)!;
    const [gHonest, gCopy] = governors;
    const id = proposalId(p);
    const args = proposalArgs(p);
    const ctx = new RunContext(sys, seed);
    const tokens = await buyThreshold(world, ctx, attacker.address);
    const g = (gov: BaselineGovernor, signer: HardhatEthersSigner) => gov.connect(signer);
    await ctx.tx("honest propose", g(gHonest, honest).propose(p.targets, p.values, p.calldatas, p.description), {
      honest: true,
    });
    const copy = attemptOutcome(
      await ctx.attempt(
        "copy on the second governor",
        g(gCopy, attacker).propose(p.targets, p.values, p.calldatas, p.description),
      ),
    );
    const sameProposalId = (await gHonest.hashProposal(...args)) === (await gCopy.hashProposal(...args));
    // The copy's governor proposed last, so its window opens and closes last.
    const copied = copy === "ok";
    const last = helpers[copied ? 1 : 0];
    await last.waitForSnapshot(id);
    for (const v of world.voters) {
      await ctx.tx("castVote honest", g(gHonest, v.signer).castVote(id, VoteType.For), { honest: true });
      if (copied) await ctx.tx("castVote copy", g(gCopy, v.signer).castVote(id, VoteType.For));
    }
    await last.waitForDeadline(id);
    const queueCopy = copied
      ? attemptOutcome(await ctx.attempt("queue the copy", g(gCopy, attacker).queue(...args)))
      : "-";
    const queueHonest = attemptOutcome(await ctx.attempt("queue honest", g(gHonest, honest).queue(...args)));
    let executeHonest = "-";
    if (queueHonest === "ok") {
      await helpers[0].waitForEta(id);
      executeHonest = attemptOutcome(
        await ctx.attempt("execute honest", g(gHonest, honest).execute(...args), { honest: true }),
      );
    }
    const [opHonest, opCopy] = await Promise.all(
      governors.map(async (x) => timelockOperationId(p, await x.getAddress())),
    );
    runs.push(
      ctx.result({
        success: executeHonest !== "ok",
        proposalState: proposalStateName(await gHonest.state(id)),
        attackerCost: { tokens },
        measures: {
          variant: "shared-timelock",
          sameProposalId: sameProposalId ? "yes" : "no",
          operationIdsDiffer: opHonest !== opCopy ? "yes" : "no",
          copy,
          queueCopy,
          queueHonest,
          executeHonest,
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

  async prepare(world) {
    await world.extend("A17", async () => {
      const { deployer } = world.agents;
      const pairs = new Map<string, SharedPair>();
      for (const sys of world.list) {
        const { timelock, governors } = await deploySharedTimelock(deployer, COMMON_WORLD.timelockDelay, (tl, i) => {
          const params = governanceParams(sys.helper.mode, COMMON_WORLD.totalSupply, {
            governorName: `A17 ${sys.label} governor ${i}`,
          });
          return sys.quadratic
            ? deployBarePolycentricGovernor(deployer, sys.token, tl, params)
            : deployBaselineGovernorOn(deployer, sys.token, tl, params);
        });
        await setBalance(await timelock.getAddress(), WORLD.treasuryEth);
        const views = await Promise.all(
          governors.map(async (x) => BaselineGovernor__factory.connect(await x.getAddress(), deployer)),
        );
        pairs.set(sys.label, {
          governors: [views[0]!, views[1]!],
          helpers: [await GovernorHelper.create(views[0]!, deployer), await GovernorHelper.create(views[1]!, deployer)],
        });
      }
      sharedPairs.set(world, pairs);
    });
  },

  async run(world, seed) {
    const runs: AttackRun[] = [];
    for (const variant of ["plain", "suffixed"] as const) runs.push(...(await runVariant(world, seed, variant)));
    runs.push(...(await runSharedTimelock(world, seed)));
    return runs;
  },

  notes(runs) {
    const m = (r: AttackRun, key: string) => String(r.measures?.[key]);
    const front = (["plain", "suffixed"] as const).flatMap((variant) => {
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
    });
    const shared = runs.filter(ofVariant("shared-timelock"));
    return [
      ...front,
      `shared-timelock: ${countNote(shared)}`,
      systemsNote(
        shared,
        "shared-timelock, same proposal id / operation ids differ / copy queued / honest executed",
        (r) =>
          `${m(r, "sameProposalId")} / ${m(r, "operationIdsDiffer")} / ${m(r, "queueCopy")} / ${m(r, "executeHonest")}`,
      ),
    ];
  },
};
