/**
 * A3 sybil splitting against quadratic voting.
 *
 * The attacker buys 1,000,000 GOV plus the 25,000 GOV proposal threshold, splits the 1,000,000 evenly over k
 * self-delegated addresses (deterministic impersonated EOAs, delegated once in `prepare`), holds everything for one
 * holding period (Polycentric counts a unit at most what it had H before the snapshot, so a split made after the
 * proposal would count 0: THREATS A4), then proposes "transfer 2,000,000 GOV to the attacker" with the threshold stake;
 * the 20 community holders vote Against; every sybil votes For. Success: the attacker's counted For weight outweighs
 * the community's Against (the proposal then Succeeds: quorum is raw, ≥ 400k).
 *
 * - baseline (linear): splitting changes nothing, 1M < 2M: fails for every k;
 * - polycentric (open identity mode, the deployed default; `sybilResistant()` is false): R(k) = √k once each part is
 *   under the 2 % cap (k ≥ 5), so k = 64 (8 × √1M = 8,000 √GOV) beats the community (20 × √100k ≈ 6,325 √GOV); for
 *   k < 5 the cap (200,000 per address) lowers R below √k;
 * - measure: polycentric-strict (strict identity mode, community bound to identities 1–20, the attacker's first 16
 *   addresses bound to one identity, the rest ineligible): R(k) ≤ 1, recorded in the polycentric run's measures.
 *
 * Deterministic: one run per k and system.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { isqrt, splitRatio, sybilSplit } from "../../isqrt";
import { proposalStateName, VoteType } from "../../enums";
import { COMMON_WORLD } from "../../params";
import { bindIdentity } from "../../suite";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { buy, drainProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";
import type { SimSystem, World } from "../world";

export const A3_KS = [1, 4, 16, 64, 256] as const;
const STAKE = gov(1_000_000);
/** Kept on the attacker's own address to propose (the 0.25 % threshold); it does not vote. */
const PROPOSER_STAKE = gov(25_000);
const DRAIN = gov(2_000_000);
const ATTACKER_IDENTITY = 666n;
/** IdentityRegistry's default maxAddressesPerIdentity (deploy/builders.ts). */
const MAX_BOUND = 16;

export interface A3Options {
  ks?: readonly number[];
  /** Also measure polycentric-strict (deploys a third suite). Default true. */
  strict?: boolean;
}

interface SplitOutcome {
  attackerWeight: bigint;
  communityWeight: bigint;
  rawFor: bigint;
  state: string;
  ineligible?: string;
}

const sybilsOf = new WeakMap<World, HardhatEthersSigner[]>();

export function createA3(opts: A3Options = {}): AttackModule {
  const ks = opts.ks ?? A3_KS;
  const withStrict = opts.strict ?? true;
  const maxK = Math.max(...ks);
  const unit = isqrt(STAKE);

  async function split(world: World, sys: SimSystem, ctx: RunContext, k: number): Promise<SplitOutcome> {
    const { attacker, community } = world.agents;
    const sybils = sybilsOf.get(world)!.slice(0, k);
    const strict = sys.label === "polycentric-strict";
    await buy(world, ctx, attacker.address, STAKE + PROPOSER_STAKE);
    const { amounts } = sybilSplit(STAKE, k);
    for (const [i, s] of sybils.entries()) {
      await ctx.tx(`split to sybil ${i}`, sys.token.connect(attacker).transfer(s.address, amounts[i]!));
    }
    await sys.helper.advanceBy(COMMON_WORLD.holdingPeriod + 1n);
    const p = drainProposal(sys, attacker.address, DRAIN, `A3: transfer 2,000,000 GOV to the attacker (k = ${k})`);
    const { id } = await propose(ctx, attacker, p);
    await sys.helper.waitForSnapshot(id);
    for (const c of community) await vote(ctx, c, id, VoteType.Against, { honest: true });
    let ineligible: string | undefined;
    if (!strict) {
      for (const s of sybils) await vote(ctx, s, id, VoteType.For);
    } else {
      // One vote for the bound identity (the first 16 addresses); an unbound address is refused.
      await vote(ctx, sybils[0]!, id, VoteType.For);
      if (k > MAX_BOUND) {
        const refused = await ctx.attempt(
          "vote by an unbound sybil",
          sys.governor.connect(sybils[MAX_BOUND]!).castVote(id, VoteType.For),
        );
        ineligible = refused.ok ? "accepted" : refused.name;
      }
    }
    const [against, forVotes] = await sys.governor.proposalVotes(id);
    const rawFor = sys.polycentric ? (await sys.polycentric.proposalRawVotes(id))[1] : forVotes;
    await sys.helper.waitForDeadline(id);
    const out: SplitOutcome = {
      attackerWeight: forVotes,
      communityWeight: against,
      rawFor,
      state: proposalStateName(await sys.governor.state(id)),
    };
    if (ineligible !== undefined) out.ineligible = ineligible;
    return out;
  }

  return {
    id: "A3",
    title: "Sybil splitting against quadratic voting",
    guarantee:
      "with the identity layer on, R(k) = QV weight(k) / QV weight(1) = 1 ± rounding; without it the suite reports " +
      "R(k) = √k and marks the configuration not sybil-resistant",
    status: "covered",
    deterministic: true,

    async prepare(world) {
      if (withStrict) await world.ensureStrict();
      await world.extend(`A3/${maxK}/${world.strict ? "strict" : "open"}`, async () => {
        const sybils = await world.extraSigners("sybil", maxK);
        sybilsOf.set(world, sybils);
        for (const sys of world.allSystems) {
          for (const s of sybils) {
            if ((await sys.token.delegates(s.address)) !== s.address) await sys.token.connect(s).delegate(s.address);
          }
        }
        const registry = world.strict?.registry;
        if (registry) {
          for (const s of sybils.slice(0, MAX_BOUND)) {
            if ((await registry.identityOf(s.address)) === 0n) {
              await bindIdentity(registry, world.agents.attester, s, ATTACKER_IDENTITY, sybils[0]);
            }
          }
        }
        return sybils.map((s) => s.address);
      });
      const known = sybilsOf.get(world);
      if (known === undefined || known.length < maxK) sybilsOf.set(world, await world.extraSigners("sybil", maxK));
    },

    async run(world, seed) {
      const runs: AttackRun[] = [];
      for (const k of ks) {
        await world.reset();
        const outcomes = new Map<string, SplitOutcome>();
        for (const sys of withStrict && world.strict ? world.allSystems : world.list) {
          const ctx = new RunContext(sys, seed);
          const o = await split(world, sys, ctx, k);
          outcomes.set(sys.label, o);
          if (sys.label === "polycentric-strict") {
            const poly = runs[runs.length - 1]!;
            poly.measures = {
              ...poly.measures,
              strictAttackerWeight: o.attackerWeight.toString(),
              strictR: Number(splitRatio(o.attackerWeight, unit).toFixed(4)),
              strictState: o.state,
              strictSuccess: o.attackerWeight > o.communityWeight ? 1 : 0,
              ...(o.ineligible !== undefined ? { strictUnboundSybil: o.ineligible } : {}),
            };
            poly.invariantViolations.push(...ctx.violations);
            continue;
          }
          const weightUnit = sys.quadratic ? unit : STAKE;
          runs.push(
            ctx.result({
              success: o.attackerWeight > o.communityWeight,
              proposalState: o.state,
              attackerCost: { tokens: STAKE + PROPOSER_STAKE },
              measures: {
                variant: `k=${k}`,
                k,
                attackerWeight: o.attackerWeight.toString(),
                communityWeight: o.communityWeight.toString(),
                R: Number(splitRatio(o.attackerWeight, weightUnit).toFixed(4)),
                rawFor: o.rawFor.toString(),
                ...(sys.quadratic ? { sybilResistant: (await sys.polycentric!.sybilResistant()) ? 1 : 0 } : {}),
              },
            }),
          );
        }
      }
      return runs;
    },

    notes(runs) {
      const notes = ks.map((k) => `k=${k}: ${countNote(runs, ofVariant(`k=${k}`))}`);
      const strict = runs.filter((r) => r.measures?.strictR !== undefined);
      if (strict.length > 0) {
        const maxR = Math.max(...strict.map((r) => Number(r.measures!.strictR)));
        const wins = strict.filter((r) => r.measures!.strictSuccess === 1).length;
        notes.push(`polycentric-strict (measure): max R(k) = ${maxR}, wins ${wins}/${strict.length}`);
      }
      notes.push(
        "polycentric runs open identity mode (sybilResistant() = false): R(k) = √k once each part is under the 2 % cap",
      );
      return notes;
    },
  };
}

export const A3: AttackModule = createA3();
