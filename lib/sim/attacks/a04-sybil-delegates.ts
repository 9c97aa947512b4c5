/**
 * A4 sybil delegates to evade delegation caps.
 *
 * The attacker buys 1,000,000 GOV (plus the 25,000 GOV proposal threshold, kept on its own address) and wins the
 * delegation of 30 small holders (600,000 GOV re-delegated to it): 1,600,000 it controls or was delegated. It
 * proposes "transfer 2,000,000 GOV to the attacker" and votes For with everything; the honest agents vote Against
 * with normal turnout (p = 0.5). Variants:
 *
 * - `one`: everything on the attacker's own address (own + received power);
 * - `aged-split`: k = 8 sybil delegates, each at 200,000 (5 hold 200,000 of the attacker's tokens, 3 receive 10 small
 *   holders each), made one holding period before the proposal;
 * - `fresh-split`: the same split made after the proposal is public (inside the holding period before the snapshot).
 *
 * Success (for the attacker): its counted power exceeds the 2 % cap one delegate may count (200,000 GOV), i.e. the
 * cap was evaded (the baseline has no cap: always). Measured per run: the attacker's total counted power against what
 * it controls (`addsVotes` = 1 if sybils ever counted more than that: an I6/I1 violation, never expected), and the
 * proposal's outcome. Polycentric runs open identity mode, so an aged split evades the cap by design of the cap
 * (it binds per unit); only identities stop it (test/scenarios/A4-sybil-delegates.test.ts, strict mode).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { VoteType } from "../../enums";
import { COMMON_WORLD } from "../../params";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { buy, drainProposal, propose, settle, vote } from "../recipes";
import type { AttackRun } from "../types";
import type { SimSystem, World } from "../world";
import { WORLD } from "../world";

export const A4_VARIANTS = ["one", "aged-split", "fresh-split"] as const;
export type A4Variant = (typeof A4_VARIANTS)[number];

const STAKE = gov(1_000_000);
const PROPOSER_STAKE = gov(25_000);
const WON_DELEGATORS = 30;
const K = 8;
/** The common world's delegation cap: 2 % of 10,000,000 GOV. */
export const A4_CAP = (COMMON_WORLD.totalSupply * COMMON_WORLD.capFractionBps) / 10_000n;
const CONTROLLED = STAKE + PROPOSER_STAKE + BigInt(WON_DELEGATORS) * WORLD.smallStake;
const DRAIN = gov(2_000_000);

const sybilsOf = new WeakMap<World, HardhatEthersSigner[]>();

/** 5 sybils take 200,000 of the attacker's tokens each; the won small holders re-delegate 10 per sybil to the rest. */
async function split(
  ctx: RunContext,
  attacker: HardhatEthersSigner,
  sybils: HardhatEthersSigner[],
  won: HardhatEthersSigner[],
) {
  const { token } = ctx.sys;
  const holders = K - WON_DELEGATORS / 10;
  for (let i = 0; i < holders; i++) {
    await ctx.tx(`split 200,000 to sybil ${i}`, token.connect(attacker).transfer(sybils[i]!.address, A4_CAP));
  }
  for (const [i, s] of won.entries()) {
    await ctx.tx(
      `small holder re-delegates to sybil ${holders + (i % 3)}`,
      token.connect(s).delegate(sybils[holders + (i % 3)]!.address),
    );
  }
}

async function runVariant(
  world: World,
  sys: SimSystem,
  seed: number,
  variant: A4Variant,
  turnsOut: readonly boolean[],
): Promise<AttackRun> {
  const ctx = new RunContext(sys, seed);
  const { attacker } = world.agents;
  const sybils = sybilsOf.get(world)!;
  const won = world.agents.small.slice(0, WON_DELEGATORS);
  await buy(world, ctx, attacker.address, STAKE + PROPOSER_STAKE);
  for (const s of won)
    await ctx.tx("small holder delegates to the attacker", sys.token.connect(s).delegate(attacker.address));
  if (variant === "aged-split") await split(ctx, attacker, sybils, won);
  await sys.helper.advanceBy(COMMON_WORLD.holdingPeriod + 1n);
  const p = drainProposal(sys, attacker.address, DRAIN, `A4: transfer 2,000,000 GOV to the attacker (${variant})`);
  const { id } = await propose(ctx, attacker, p);
  if (variant === "fresh-split") await split(ctx, attacker, sybils, won);
  await sys.helper.waitForSnapshot(id);

  const raw = async () =>
    sys.polycentric ? (await sys.polycentric.proposalRawVotes(id))[1] : (await sys.governor.proposalVotes(id))[1];
  await vote(ctx, attacker, id, VoteType.For);
  if (variant !== "one") for (const s of sybils) await vote(ctx, s, id, VoteType.For);
  const counted = await raw();
  let perUnitMax = 0n;
  if (sys.polycentric) {
    const snapshot = await sys.governor.proposalSnapshot(id);
    for (const a of variant === "one" ? [attacker] : [attacker, ...sybils]) {
      const [c] = await sys.polycentric.countedVotes(a.address, snapshot);
      if (c > perUnitMax) perUnitMax = c;
    }
  }
  for (const [i, v] of world.voters.entries()) {
    if (turnsOut[i]) await vote(ctx, v.signer, id, VoteType.Against, { honest: true });
  }
  const [against, forVotes] = await sys.governor.proposalVotes(id);
  const treasuryBefore = await sys.token.balanceOf(sys.address.timelock);
  const settled = await settle(ctx, p, id, attacker);
  if (counted > CONTROLLED)
    ctx.violations.push(`I6 (${sys.label}): the attacker counted ${counted} > ${CONTROLLED} it controls`);
  if (sys.polycentric && perUnitMax > A4_CAP)
    ctx.violations.push(`I6 (${sys.label}): a unit counted ${perUnitMax} > cap ${A4_CAP}`);
  return ctx.result({
    success: counted > A4_CAP,
    proposalState: settled.state,
    attackerGain: treasuryBefore - (await sys.token.balanceOf(sys.address.timelock)),
    attackerCost: { tokens: STAKE + PROPOSER_STAKE },
    measures: {
      variant,
      k: variant === "one" ? 1 : K,
      countedGov: Number(counted / 10n ** 18n),
      controlledGov: Number(CONTROLLED / 10n ** 18n),
      addsVotes: counted > CONTROLLED ? 1 : 0,
      ...(sys.polycentric ? { maxUnitCountedGov: Number(perUnitMax / 10n ** 18n) } : {}),
      forTally: forVotes.toString(),
      againstTally: against.toString(),
    },
  });
}

export const A4: AttackModule = {
  id: "A4",
  title: "Sybil delegates to evade delegation caps",
  guarantee:
    "I6: counted power per unit ≤ cap including own power; sybils never count more than the attacker controls or was " +
    "delegated; a split made inside the holding period counts at the aged amount; without identities the cap is " +
    "reported evadable by an aged split",
  status: "covered",
  primaryVariant: "aged-split",

  async prepare(world) {
    await world.extend("A4", async () => {
      const sybils = await world.extraSigners("a4-sybil", K);
      sybilsOf.set(world, sybils);
      for (const sys of world.list) for (const s of sybils) await sys.token.connect(s).delegate(s.address);
      return sybils.map((s) => s.address);
    });
    if (!sybilsOf.has(world)) sybilsOf.set(world, await world.extraSigners("a4-sybil", K));
  },

  async run(world, seed) {
    const prng = prngFor("A4", seed);
    const turnsOut = world.voters.map((v) => prng.bernoulli(v.turnout));
    const runs: AttackRun[] = [];
    for (const variant of A4_VARIANTS) {
      await world.reset();
      for (const sys of world.list) runs.push(await runVariant(world, sys, seed, variant, turnsOut));
    }
    return runs;
  },

  notes(runs) {
    const counted = (system: string, variant: string) => {
      const rs = runs.filter((r) => r.system === system && r.measures?.variant === variant);
      return rs.length === 0
        ? "-"
        : `${Math.max(...rs.map((r) => Number(r.measures!.countedGov))).toLocaleString("en-US")}`;
    };
    return [
      ...A4_VARIANTS.map((v) => `${v}: ${countNote(runs, ofVariant(v))} (cap evaded)`),
      `counted GOV of 1,625,000 controlled: baseline ${counted("baseline", "one")} unsplit; polycentric ` +
        `${counted("polycentric", "one")} unsplit, ${counted("polycentric", "aged-split")} aged split, ` +
        `${counted("polycentric", "fresh-split")} fresh split`,
      "polycentric runs open identity mode: an aged split evades the per-unit cap (never beyond what the attacker " +
        "controls); strict identity binding counts the sybils once",
    ];
  },
};
