/**
 * A9 escalation-bond griefing and bond draining, against the suite with dispute escalation (DisputeEscalation bound
 * to the quadratic governor; a committee of three spare agents, 2 of 3 at tier 0 and 3 of 3 on appeal, ruling
 * honestly; the defaults: 2-day window, 10,000 GOV bond ×2 per tier, 3 tiers, 50 % burn). Five recipes (THREATS A9):
 *
 *   a grief           the attacker challenges each of N honest proposals at tier 0 and appeals to tier 1; honest
 *                     holders stake on the defence of each with probability 0.9; the committee upholds.
 *                     Success: a proposal did not execute, or a decision came later than T_max after its deadline,
 *                     or the attacker forfeited less than the bond floor (10,000 GOV) per proposal it delayed.
 *   b self-dispute    the attacker proposes with one address, challenges with a second and defends with the first;
 *                     the committee rules either way (drawn). Success: the pair nets more than −burn × bond.
 *   c appeal war      the attacker (200,000 GOV for bonds) appeals an honest proposal up to the referendum; honest
 *                     holders crowdfund the defence (≤ 100,000 GOV) and vote with turnout 0.5. Success: the honest
 *                     proposal is rejected or executes later than T_max + the timelock after its deadline.
 *   d accounting      a dispute voided by the guardian and one upheld: the attacker and the defenders try to claim
 *                     twice and with nothing owed. Success: any such claim paid, or bonds stay held at the end.
 *   e late challenge  the attacker challenges in the window's last second. Success: the window grew by more than
 *                     the late-challenge extension, or the proposal executes later than T_max + timelock.
 *
 * I18 (deposited = refunded + rewarded + burned + held, balance ≥ held) is checked after every transaction by the
 * invariant checker. The baseline (stock OpenZeppelin) has no challenge at all: each recipe's honest proposal runs
 * its normal course there (time to execution recorded) and the attack has nothing to act on.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { MaxUint256 } from "ethers";

import { proposalStateName, VoteType } from "../../enums";
import { DISPUTE_DEFAULTS } from "../../params";
import { proposalArgs, type Proposal } from "../../proposal";
import { deploySuite } from "../../suite";
import { DAY, formatDuration } from "../../time";
import { formatGov, gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor, type Prng } from "../prng";
import { blockTime, grantProposal, propose, settle, vote } from "../recipes";
import type { AttackRun } from "../types";
import { attachSuite, WORLD, type SimSystem, type World } from "../world";

export const A9_VARIANTS = ["a grief", "b self-dispute", "c appeal war", "d accounting", "e late challenge"] as const;
export type A9Variant = (typeof A9_VARIANTS)[number];

export interface A9Options {
  /** Honest proposals the attacker griefs in recipe (a) (THREATS: 20). */
  proposals?: number;
  /** Recipes to run (default all). */
  variants?: readonly A9Variant[];
}

const BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";
const BOND = DISPUTE_DEFAULTS.bond;
const STATE = { Unchallenged: 2n, Upheld: 6n, Rejected: 7n, Voided: 8n } as const;
const RULING = { Uphold: 1, Reject: 2 } as const;
const SIDE = { Challenger: 0, Defender: 1 } as const;

/** The dispute-enabled suite, one per world. */
function disputeSystem(world: World): Promise<SimSystem> {
  return world.ensureSystem("A9 disputes", async () => {
    const { deployer, whale, community, attacker, spare } = world.agents;
    const members = spare.slice(2, 5);
    const guardian = spare[6]!;
    const expiry = BigInt(await time.latest()) + 365n * DAY;
    const suite = await deploySuite(deployer, {
      disputes: true,
      parameters: {
        PolycentricGovernance: {
          committeeMembers: members.map((m) => m.address),
          committeeExpiries: members.map(() => expiry),
          guardian: guardian.address,
          guardianExpiry: expiry - 200n * DAY,
        },
      },
    });
    const system = await attachSuite("polycentric (disputes)", suite, world.agents);
    const token = suite.token.connect(deployer);
    const escalation = await suite.disputes!.escalation.getAddress();
    await token.transfer(system.address.timelock, WORLD.treasury);
    await token.transfer(whale.address, WORLD.whale);
    await suite.token.connect(whale).delegate(whale.address);
    for (const c of community) {
      await token.transfer(c.address, WORLD.communityStake);
      await suite.token.connect(c).delegate(c.address);
      await suite.token.connect(c).approve(escalation, MaxUint256);
    }
    for (const a of [attacker, spare[5]!]) {
      await suite.token.connect(a).delegate(a.address);
      await suite.token.connect(a).approve(escalation, MaxUint256);
    }
    // Holdings age past the holding period, as in the world's own Polycentric system.
    await time.increase((await suite.governor.holdingPeriod()) + 1n);
    return { system, holders: [system.address.timelock, escalation, BURN_ADDRESS] };
  });
}

/** The attacker buys `amount` GOV on this system's market (the deployer's float). */
async function fund(world: World, ctx: RunContext, to: string, amount: bigint): Promise<void> {
  await ctx.tx("buy bond money from the float", ctx.sys.token.connect(world.agents.deployer).transfer(to, amount));
}

interface HonestProposal {
  p: Proposal;
  id: bigint;
  createdAt: bigint;
}

/**
 * The honest majority votes For: the whale and three community holders. Under Polycentric's delegation cap the whale
 * counts 200,000 (2 % of the supply), so it no longer reaches the 400,000 quorum alone.
 */
async function majorityFor(world: World, ctx: RunContext, id: bigint): Promise<void> {
  for (const v of [world.agents.whale, ...world.agents.community.slice(1, 4)]) {
    await vote(ctx, v, id, VoteType.For, { honest: true });
  }
}

/** Proposes and passes (the honest majority votes For) `count` grants by community holders; returns them after the deadline. */
async function passHonest(world: World, ctx: RunContext, count: number, label: string): Promise<HonestProposal[]> {
  const out: HonestProposal[] = [];
  for (let i = 0; i < count; i++) {
    const grantee = world.agents.community[(i + 1) % world.agents.community.length]!;
    const p = grantProposal(grantee.address, 10n ** 16n, `A9 ${label}: honest grant #${i} (${ctx.seed})`);
    const { id, createdAt } = await propose(ctx, world.agents.community[0]!, p, { honest: true });
    out.push({ p, id, createdAt });
  }
  await ctx.sys.helper.waitForSnapshot(out[out.length - 1]!.id);
  for (const { id } of out) await majorityFor(world, ctx, id);
  await ctx.sys.helper.waitForDeadline(out[out.length - 1]!.id);
  return out;
}

/** The committee (honest) rules `ruling` on `id` at its current tier, once deliberation started. */
async function committeeRules(world: World, ctx: RunContext, id: bigint, ruling: number): Promise<void> {
  const d = ctx.sys.disputes!;
  const v = await d.escalation.dispute(id);
  await ctx.sys.helper.advanceTo(v.fundingEnd + 1n);
  const members = world.agents.spare.slice(2, 5);
  for (const m of members.slice(0, v.tier === 0n ? 2 : 3)) {
    await ctx.tx(`committee rules ${ruling}`, d.committee.connect(m).castRuling(id, ruling), { honest: true });
  }
}

/** Queues and executes an Upheld/Unchallenged proposal; returns the execution time. */
async function execute(ctx: RunContext, p: Proposal, id: bigint, by: HardhatEthersSigner): Promise<bigint> {
  const g = ctx.sys.governor.connect(by);
  await ctx.tx("queue", g.queue(...proposalArgs(p)), { honest: true });
  await ctx.sys.helper.waitForEta(id);
  return blockTime(await ctx.tx("execute", g.execute(...proposalArgs(p)), { honest: true }));
}

/** The baseline has no dispute surface: the recipe's honest proposal runs its normal course. */
async function baselineRun(world: World, sys: SimSystem, seed: number, variant: A9Variant): Promise<AttackRun> {
  const ctx = new RunContext(sys, seed);
  const [proposer, grantee] = world.agents.community;
  const p = grantProposal(grantee!.address, 10n ** 16n, `A9 ${variant}: honest grant on the baseline (${seed})`);
  const { id, createdAt } = await propose(ctx, proposer!, p, { honest: true });
  await sys.helper.waitForSnapshot(id);
  await majorityFor(world, ctx, id);
  const s = await settle(ctx, p, id, proposer!, { honest: true });
  return ctx.result({
    success: false,
    proposalState: s.state,
    timeToExecution: s.executedAt !== undefined ? s.executedAt - createdAt : undefined,
    measures: { variant, mechanism: "none: the stock governor has no challenge window, nothing to grief or drain" },
  });
}

async function balanceOf(ctx: RunContext, who: string): Promise<bigint> {
  return ctx.sys.token.balanceOf(who);
}

// ---------------------------------------------------------------- the recipes

async function griefRun(world: World, ctx: RunContext, prng: Prng, n: number): Promise<AttackRun> {
  const { attacker, community } = world.agents;
  const d = ctx.sys.disputes!;
  await fund(world, ctx, attacker.address, BigInt(n) * 3n * BOND);
  const start = await balanceOf(ctx, attacker.address);
  const honest = await passHonest(world, ctx, n, "grief");
  const windowEnds = new Map<bigint, bigint>();
  for (const { id } of honest) windowEnds.set(id, (await d.escalation.dispute(id)).windowEnd);
  for (const { id } of honest) await ctx.tx("attacker challenges", d.escalation.connect(attacker).challenge(id, BOND));
  let defended = 0;
  for (const [i, { id }] of honest.entries()) {
    if (!prng.bernoulli(0.9)) continue;
    defended++;
    const defender = community[2 + (i % (community.length - 2))]!;
    await ctx.tx(
      "defence stake",
      d.escalation.connect(defender).stake(id, SIDE.Defender, gov(prng.int(1_000, 5_000))),
      {
        honest: true,
      },
    );
  }
  for (const tier of [0, 1]) {
    for (const { id } of honest) await committeeRules(world, ctx, id, RULING.Uphold);
    if (tier === 0) {
      for (const { id } of honest) {
        await ctx.tx("attacker appeals", d.escalation.connect(attacker).appeal(id, 2n * BOND));
      }
    }
  }
  let lastAppealEnd = 0n;
  for (const { id } of honest) {
    const end = (await d.escalation.dispute(id)).appealEnd;
    if (end > lastAppealEnd) lastAppealEnd = end;
  }
  await ctx.sys.helper.advanceTo(lastAppealEnd + 1n);
  const tMax = await d.escalation.maxResolutionTime(0);
  let late = 0;
  let maxDecision = 0n;
  let totalDelay = 0n;
  let executed = 0;
  let maxExecution = 0n;
  for (const { p, id, createdAt } of honest) {
    const deadline = await ctx.sys.governor.proposalDeadline(id);
    const v = await d.escalation.dispute(id);
    const decidedAt = v.appealEnd + 1n; // the first moment the tier-1 ruling is final
    if (decidedAt - deadline > tMax) late++;
    if (decidedAt - deadline > maxDecision) maxDecision = decidedAt - deadline;
    totalDelay += decidedAt - (windowEnds.get(id)! + 1n);
    if ((await d.escalation.disputeState(id)) === STATE.Upheld) {
      const at = await execute(ctx, p, id, community[0]!);
      executed++;
      if (at - createdAt > maxExecution) maxExecution = at - createdAt;
    }
  }
  for (const { id } of honest) {
    await ctx.tx("settle", d.escalation.settle(id), { honest: true });
    for (const c of community) {
      const [refund, reward] = await d.escalation.claimable(id, c.address);
      if (refund + reward > 0n) await ctx.tx("defender claims", d.escalation.connect(c).claim(id), { honest: true });
    }
    const undue = await ctx.attempt("attacker claims a lost bond", d.escalation.connect(attacker).claim(id));
    if (undue.ok) late++;
  }
  const forfeited = start - (await balanceOf(ctx, attacker.address));
  const perProposal = forfeited / BigInt(n);
  const avgDelay = totalDelay / BigInt(n);
  const [, , rewarded, burned, held] = await d.escalation.accounting();
  return ctx.result({
    success: late > 0 || executed < n || perProposal < BOND,
    proposalState: executed === n ? "Executed" : "not all executed",
    attackerCost: { tokens: forfeited, bondsBurned: burned },
    timeToExecution: maxExecution,
    measures: {
      variant: "a grief",
      proposals: n,
      defended,
      executed,
      forfeitedPerProposal: formatGov(perProposal),
      burned: formatGov(burned),
      rewardsToDefenders: formatGov(rewarded),
      avgDelayBeyondWindow: formatDuration(avgDelay),
      forfeitedPer2DaysOfDelay: formatGov((perProposal * 2n * DAY) / (avgDelay === 0n ? 1n : avgDelay)),
      maxDecisionAfterDeadline: formatDuration(maxDecision),
      tMax: formatDuration(tMax),
      stillHeld: formatGov(held),
    },
  });
}

async function selfDisputeRun(world: World, ctx: RunContext, prng: Prng): Promise<AttackRun> {
  const { attacker, spare } = world.agents;
  const second = spare[5]!;
  const d = ctx.sys.disputes!;
  await fund(world, ctx, attacker.address, gov(30_000) + BOND);
  await fund(world, ctx, second.address, BOND);
  // The bought tokens must age one holding period before they count for the proposal threshold.
  await ctx.sys.helper.advanceBy((await ctx.sys.polycentric!.holdingPeriod()) + 2n);
  const before = (await balanceOf(ctx, attacker.address)) + (await balanceOf(ctx, second.address));
  const p = grantProposal(attacker.address, 10n ** 16n, `A9 b: the attacker's own proposal (${ctx.seed})`);
  const { id } = await propose(ctx, attacker, p);
  await ctx.sys.helper.waitForSnapshot(id);
  await majorityFor(world, ctx, id);
  await ctx.sys.helper.waitForDeadline(id);
  await ctx.tx("A2 challenges A1's proposal", d.escalation.connect(second).challenge(id, BOND));
  await ctx.tx("A1 defends its own proposal", d.escalation.connect(attacker).stake(id, SIDE.Defender, BOND));
  const ruling = prng.bernoulli(0.5) ? RULING.Uphold : RULING.Reject;
  await committeeRules(world, ctx, id, ruling);
  await ctx.sys.helper.advanceTo((await d.escalation.dispute(id)).appealEnd + 1n);
  for (const s of [attacker, second]) {
    const [refund, reward] = await d.escalation.claimable(id, s.address);
    if (refund + reward > 0n) await ctx.tx("attacker claims", d.escalation.connect(s).claim(id));
  }
  const after = (await balanceOf(ctx, attacker.address)) + (await balanceOf(ctx, second.address));
  const net = after - before;
  const floor = -((BOND * DISPUTE_DEFAULTS.burnBps) / 10_000n);
  const state = await d.escalation.disputeState(id);
  return ctx.result({
    success: net > floor,
    proposalState: state === STATE.Upheld ? "Upheld" : "Rejected",
    attackerCost: { tokens: before - after, bondsBurned: -net },
    measures: {
      variant: "b self-dispute",
      ruling: ruling === RULING.Uphold ? "Uphold" : "Reject",
      net: formatGov(net),
    },
  });
}

async function appealWarRun(world: World, ctx: RunContext, prng: Prng): Promise<AttackRun> {
  const { attacker, community, whale } = world.agents;
  const d = ctx.sys.disputes!;
  await fund(world, ctx, attacker.address, gov(200_000));
  const start = await balanceOf(ctx, attacker.address);
  const [{ p, id, createdAt }] = (await passHonest(world, ctx, 1, "appeal war")) as [HonestProposal];
  const deadline = await ctx.sys.governor.proposalDeadline(id);
  await ctx.tx("attacker challenges", d.escalation.connect(attacker).challenge(id, BOND));
  let crowdfunded = 0n;
  const crowdfund = async () => {
    for (const c of prng.shuffle(community.slice(2)).slice(0, 3)) {
      const x = gov(prng.int(2_000, 15_000));
      if (crowdfunded + x > gov(100_000)) break;
      crowdfunded += x;
      await ctx.tx("honest crowdfund", d.escalation.connect(c).stake(id, SIDE.Defender, x), { honest: true });
    }
  };
  await crowdfund();
  for (const tier of [0, 1]) {
    await committeeRules(world, ctx, id, RULING.Uphold);
    await ctx.tx(`attacker appeals to tier ${tier + 1}`, d.escalation.connect(attacker).appeal(id, gov(100_000)));
    await crowdfund();
  }
  const v = await d.escalation.dispute(id);
  await ctx.sys.helper.advanceTo(v.fundingEnd + 1n);
  await ctx.tx("attacker votes Reject", d.referendum.connect(attacker).castVote(id, 0));
  let honestVoters = 0;
  for (const s of [whale, ...community]) {
    if (!prng.bernoulli(WORLD.turnout.normal)) continue;
    if (await d.referendum.hasVoted(id, s.address)) continue;
    honestVoters++;
    await ctx.tx("honest referendum vote", d.referendum.connect(s).castVote(id, 1), { honest: true });
  }
  await ctx.sys.helper.advanceTo(v.deliberationEnd + 1n);
  const state = await d.escalation.disputeState(id);
  let executedAt: bigint | undefined;
  if (state === STATE.Upheld) executedAt = await execute(ctx, p, id, community[0]!);
  const tMax = await d.escalation.maxResolutionTime(0);
  const bound = tMax + 2n * DAY + 10n; // the timelock delay, and the blocks of queue and execute
  const forfeited = start - (await balanceOf(ctx, attacker.address));
  const fourthAppeal = await ctx.attempt("a fourth tier", d.escalation.connect(attacker).appeal(id, 8n * BOND));
  return ctx.result({
    success: state !== STATE.Upheld || executedAt === undefined || executedAt - deadline > bound || fourthAppeal.ok,
    proposalState: proposalStateName(await ctx.sys.governor.state(id)),
    attackerCost: { tokens: forfeited, bondsBurned: forfeited / 2n },
    timeToExecution: executedAt !== undefined ? executedAt - createdAt : undefined,
    measures: {
      variant: "c appeal war",
      attackerForfeited: formatGov(forfeited),
      honestCrowdfund: formatGov(crowdfunded),
      honestReferendumVoters: honestVoters,
      fourthTier: fourthAppeal.ok ? "accepted" : fourthAppeal.name,
      executedAfterDeadline: executedAt !== undefined ? formatDuration(executedAt - deadline) : "not executed",
    },
  });
}

async function accountingRun(world: World, ctx: RunContext, prng: Prng): Promise<AttackRun> {
  const { attacker, community, spare } = world.agents;
  const guardian = spare[6]!;
  const d = ctx.sys.disputes!;
  await fund(world, ctx, attacker.address, 3n * BOND);
  const honest = await passHonest(world, ctx, 2, "accounting");
  const [voided, upheld] = honest as [HonestProposal, HonestProposal];
  const defender = community[2 + prng.int(0, 10)]!;
  for (const { id } of honest) {
    await ctx.tx("attacker challenges", d.escalation.connect(attacker).challenge(id, BOND + BigInt(prng.int(0, 999))));
    await ctx.tx("defence stake", d.escalation.connect(defender).stake(id, SIDE.Defender, BigInt(prng.int(1, 7_777))));
  }
  await ctx.tx("guardian cancels", d.guardian.connect(guardian).cancel(...proposalArgs(voided.p)), { honest: true });
  await committeeRules(world, ctx, upheld.id, RULING.Uphold);
  await ctx.sys.helper.advanceTo((await d.escalation.dispute(upheld.id)).appealEnd + 1n);
  const undue: string[] = [];
  const expectRevert = async (label: string, tx: Promise<unknown>, error: string) => {
    const r = await ctx.attempt(label, tx as never);
    if (r.ok || r.name !== error) undue.push(`${label}: ${r.ok ? "paid" : r.name}`);
  };
  await ctx.tx("attacker's refund after cancellation", d.escalation.connect(attacker).claim(voided.id));
  await expectRevert("attacker claims twice", d.escalation.connect(attacker).claim(voided.id), "DisputeAlreadyClaimed");
  await expectRevert(
    "attacker claims a lost bond",
    d.escalation.connect(attacker).claim(upheld.id),
    "DisputeNothingToClaim",
  );
  for (const { id } of honest) {
    await ctx.tx("defender claims", d.escalation.connect(defender).claim(id), { honest: true });
    await expectRevert("defender claims twice", d.escalation.connect(defender).claim(id), "DisputeAlreadyClaimed");
  }
  await expectRevert("an outsider claims", d.escalation.connect(spare[5]!).claim(upheld.id), "DisputeNothingToClaim");
  const [, , , , held] = await d.escalation.accounting();
  return ctx.result({
    success: undue.length > 0 || held !== 0n,
    proposalState: `${proposalStateName(await ctx.sys.governor.state(voided.id))} / Upheld`,
    measures: {
      variant: "d accounting",
      undueClaims: undue.join("; ") || "none",
      heldAfterClaims: formatGov(held),
    },
  });
}

async function lateChallengeRun(world: World, ctx: RunContext): Promise<AttackRun> {
  const { attacker, community } = world.agents;
  const d = ctx.sys.disputes!;
  await fund(world, ctx, attacker.address, BOND);
  const [{ p, id, createdAt }] = (await passHonest(world, ctx, 1, "late challenge")) as [HonestProposal];
  const deadline = await ctx.sys.governor.proposalDeadline(id);
  const windowEnd = (await d.escalation.dispute(id)).windowEnd;
  await time.setNextBlockTimestamp(windowEnd - 1n);
  await ctx.tx("attacker challenges in the window's last second", d.escalation.connect(attacker).challenge(id, BOND));
  const extended = (await d.escalation.dispute(id)).windowEnd - windowEnd;
  const [params] = await d.escalation.parameters(0);
  await committeeRules(world, ctx, id, RULING.Uphold);
  await ctx.sys.helper.advanceTo((await d.escalation.dispute(id)).appealEnd + 1n);
  const executedAt = await execute(ctx, p, id, community[0]!);
  const bound = (await d.escalation.maxResolutionTime(0)) + 2n * DAY + 10n;
  return ctx.result({
    success: extended > params.lateChallengeExtension || executedAt - deadline > bound,
    proposalState: proposalStateName(await ctx.sys.governor.state(id)),
    attackerCost: { tokens: BOND, bondsBurned: BOND },
    timeToExecution: executedAt - createdAt,
    measures: {
      variant: "e late challenge",
      windowExtendedBy: formatDuration(extended),
      extensionBound: formatDuration(params.lateChallengeExtension),
      executedAfterDeadline: formatDuration(executedAt - deadline),
    },
  });
}

/** A9 with options (the catalog's instance runs every recipe with 20 proposals in (a)). */
export function createA9(opts: A9Options = {}): AttackModule {
  const n = opts.proposals ?? 20;
  const variants = opts.variants ?? A9_VARIANTS;
  return {
    id: "A9",
    title: "Escalation-bond griefing and bond draining",
    guarantee:
      "I18–I20: conservation after every transaction, no double or undue claim; a griefer forfeits ≥ the bond floor " +
      "per proposal delayed and honest proposals still execute within T_max; self-disputing nets ≤ −burn × bond; " +
      "appeals stop at 3 tiers; a last-second challenge extends the window by ≤ the late-challenge extension",
    status: "covered",
    primaryVariant: "a grief",

    async prepare(world) {
      await disputeSystem(world);
    },

    async run(world, seed) {
      const runs: AttackRun[] = [];
      for (const variant of variants) {
        await world.reset();
        const poly = world.extraSystems.get("A9 disputes");
        if (!poly) throw new Error("A9: prepare() was not run on this world");
        runs.push(await baselineRun(world, world.systems.baseline, seed, variant));
        const ctx = new RunContext(poly, seed);
        const prng = prngFor(`A9 ${variant}`, seed);
        if (variant === "a grief") runs.push(await griefRun(world, ctx, prng, n));
        else if (variant === "b self-dispute") runs.push(await selfDisputeRun(world, ctx, prng));
        else if (variant === "c appeal war") runs.push(await appealWarRun(world, ctx, prng));
        else if (variant === "d accounting") runs.push(await accountingRun(world, ctx, prng));
        else runs.push(await lateChallengeRun(world, ctx));
      }
      return runs;
    },

    notes(runs) {
      const poly = (v: A9Variant) => runs.filter((r) => r.system === "polycentric" && r.measures?.variant === v);
      const notes = variants.map((v) => `${v}: ${countNote(runs, ofVariant(v))}`);
      const a = poly("a grief")[0];
      if (a) {
        notes.push(
          `grief: ${a.measures!.forfeitedPerProposal} forfeited per delayed proposal (floor ${formatGov(BOND)}), ` +
            `${a.measures!.forfeitedPer2DaysOfDelay} per 2 days of delay, decisions ≤ ${a.measures!.maxDecisionAfterDeadline}` +
            ` after the deadline (T_max ${a.measures!.tMax})`,
        );
      }
      const b = poly("b self-dispute").map((r) => String(r.measures!.net));
      if (b.length > 0) notes.push(`self-dispute nets ${[...new Set(b)].join(" / ")}`);
      const e = poly("e late challenge")[0];
      if (e) notes.push(`last-second challenge extended the window by ${e.measures!.windowExtendedBy}`);
      notes.push("baseline: no challenge window, so nothing to grief (and no way to stop a passed proposal)");
      return notes;
    },
  };
}

export const A9 = createA9();
