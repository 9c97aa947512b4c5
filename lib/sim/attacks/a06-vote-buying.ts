/**
 * A6 vote buying through a delegation market (THREATS A6 recipe a, modelled on LobbyFi).
 *
 * The briber (the attacker, holding the 25,000 GOV proposal threshold) proposes "send the treasury's ETH to the
 * briber". The honest side would defeat it 55/45 by raw power: the whale stays out; 3 of the 5 delegates (their 60
 * small holders' 1,200,000 GOV) and 10 of the 20 community holders vote Against (2,200,000), the other 2 delegates
 * and 10 community holders For (1,800,000); which ones is drawn per seed. Before the proposal, the briber opens
 * `DelegationMarket__Mock` vaults: small holders delegate to a vault and are paid the vault's fee per 1,000 GOV. 40 %
 * of small holders are willing at all; each has a private reservation price drawn log-uniformly in
 * [0.0001, 0.01] ETH per 1,000 GOV from the seeded PRNG and accepts once the posted fee reaches it. The briber
 * posts 0.0001 ETH and raises the fee by 25 % whenever nobody else accepts, courting the holders of Against
 * delegates first, and buys one holder at a time until its projection of the tally (every voter's votes read from
 * the chain, capped and square-rooted as the system counts them) flips the outcome. A vault is filled up to the
 * delegation cap (2 % of the supply) before the next is opened; the baseline has no cap and needs one vault.
 * The vaults vote For as the briber directs. Variants:
 *
 * - `fresh`: the briber buys just over one holding period before the snapshot (the cheapest timing: younger power
 *   would count only at its aged amount on Polycentric);
 * - `aged`: it buys the same way, one fresh-power lookback (14 days) before the snapshot, renting the delegations
 *   for two weeks (the tripwire's documented gap);
 * - `overbuy`: fresh, but keeps buying until the margin exceeds the weight of every vault, so that no single vault
 *   is pivotal (the per-delegate tripwire's other gap); on the uncapped baseline it is the same as `fresh`.
 *
 * After the deadline a watcher calls `FreshPowerEscalation.escalate(id, vault)` for each vault (Polycentric with
 * disputes: the production dispute module and its hook). The briber queues as soon as the normal challenge window
 * has passed and executes at the timelock's ETA. Success (for the briber): the bribed flip executed without being
 * escalated. Measured per run: the ETH paid to flip, the delegators and votes bought, the vaults used against the
 * bound ⌈honest margin / weight of one capped vault⌉, whether the flip executed or ended in the escalated challenge
 * window, the gas of the watcher's escalate call, and the treasury at stake. I6 (a vault counts at most the cap)
 * is checked on the vaults' counted power.
 */
import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { formatEther, parseEther } from "ethers";

import { DelegationMarket__Mock__factory, type DelegationMarket__Mock } from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { isqrt } from "../../isqrt";
import { proposalArgs } from "../../proposal";
import { deploySuite } from "../../suite";
import { DAY } from "../../time";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { buy, grantProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";
import { attachSuite, fundCommonWorld, type SimSystem, type World } from "../world";

export const A6_VARIANTS = ["fresh", "aged", "overbuy"] as const;
export type A6Variant = (typeof A6_VARIANTS)[number];

/** THREATS A6: the share of small holders who would sell their delegation at some price. */
export const A6_WILLING = 0.4;
/** Reservation prices, ETH per 1,000 GOV: log-uniform in [10^MIN, 10^MAX]. LobbyFi sold at ≈ 0.00026. */
const RESERVATION_LOG10: readonly [number, number] = [-4, -2];
const FEE_START = parseEther("0.0001");
const PROPOSER_STAKE = gov(25_000);
const AGAINST_DELEGATES = 3;
const AGAINST_COMMUNITY = 10;

interface Draw {
  /** Honest voters' sides: address → Against/For. */
  sides: Map<string, bigint>;
  /** Per small holder (index): willing to sell at all, and its reservation price (wei per 1,000 GOV). */
  willing: boolean[];
  reservation: bigint[];
}

interface Projection {
  forW: bigint;
  againstW: bigint;
  /** The honest For weight (without the vaults). */
  honestForW: bigint;
  vaultW: bigint[];
}

/** Polycentric with dispute escalation and its A6 hook (the dispute module's production wiring), one per world. */
function disputeSystem(world: World): Promise<SimSystem> {
  return world.ensureSystem("A6 disputes", async () => {
    const suite = await deploySuite(world.agents.deployer, { disputes: true, guardrails: true });
    const system = await attachSuite("polycentric (disputes + fresh-power hook)", suite, world.agents);
    await fundCommonWorld(system, world.agents);
    // Every allocation ages past the hook's lookback, as holdings in a live DAO have.
    await time.increase((await suite.disputes!.freshPower.lookback()) + 1n);
    return { system, holders: [system.address.timelock] };
  });
}

function drawFor(world: World, seed: number): Draw {
  const prng = prngFor("A6", seed);
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = prng.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const sides = new Map<string, bigint>();
  const delegates = shuffle(world.agents.delegates);
  const community = shuffle(world.agents.community);
  delegates.forEach((d, i) => sides.set(d.address, i < AGAINST_DELEGATES ? VoteType.Against : VoteType.For));
  community.forEach((c, i) => sides.set(c.address, i < AGAINST_COMMUNITY ? VoteType.Against : VoteType.For));
  const willing: boolean[] = [];
  const reservation: bigint[] = [];
  for (let i = 0; i < world.agents.small.length; i++) {
    willing.push(prng.bernoulli(A6_WILLING));
    const log10 = RESERVATION_LOG10[0] + (RESERVATION_LOG10[1] - RESERVATION_LOG10[0]) * prng.next();
    reservation.push(BigInt(Math.round(10 ** log10 * 1e18)));
  }
  return { sides, willing, reservation };
}

/** What the system counts for `votes`: capped (Polycentric), then square-rooted when quadratic. */
function weightOf(sys: SimSystem, votes: bigint, cap: bigint | undefined): bigint {
  const counted = cap !== undefined && votes > cap ? cap : votes;
  return sys.quadratic ? isqrt(counted) : counted;
}

/** The briber's projection of the tally from current on-chain votes (the honest sides are public positions). */
async function project(
  sys: SimSystem,
  draw: Draw,
  vaults: readonly DelegationMarket__Mock[],
  cap: bigint | undefined,
): Promise<Projection> {
  let forW = 0n;
  let againstW = 0n;
  for (const [address, side] of draw.sides) {
    const w = weightOf(sys, await sys.token.getVotes(address), cap);
    if (side === VoteType.For) forW += w;
    else againstW += w;
  }
  const honestForW = forW;
  const vaultW: bigint[] = [];
  for (const v of vaults) {
    const w = weightOf(sys, await sys.token.getVotes(await v.getAddress()), cap);
    vaultW.push(w);
    forW += w;
  }
  return { forW, againstW, honestForW, vaultW };
}

function enough(p: Projection, variant: A6Variant, capped: boolean): boolean {
  if (p.forW <= p.againstW) return false;
  if (variant !== "overbuy" || !capped) return true;
  const margin = p.forW - p.againstW;
  return p.vaultW.every((w) => w < margin);
}

interface Market {
  vaults: DelegationMarket__Mock[];
  delegators: number;
  bought: bigint;
  feePaid: bigint;
  finalFee: bigint;
  exhausted: boolean;
}

/** The ascending posted-price market: buys one holder at a time until the projection says the flip is enough. */
async function runMarket(
  world: World,
  ctx: RunContext,
  draw: Draw,
  variant: A6Variant,
  cap: bigint | undefined,
): Promise<Market> {
  const { sys } = ctx;
  const { attacker: briber, small, delegates } = world.agents;
  const maxReservation = draw.reservation.reduce((a, b) => (a > b ? a : b), 0n);
  // Holders of Against delegates first: each moves the margin twice (off Against, onto For).
  const againstDelegates = new Set(delegates.filter((d) => draw.sides.get(d.address) === VoteType.Against));
  const order = [...small.keys()].sort((a, b) => {
    const rank = (i: number) => (againstDelegates.has(delegates[i % delegates.length]!) ? 0 : 1);
    return rank(a) - rank(b) || a - b;
  });
  const m: Market = { vaults: [], delegators: 0, bought: 0n, feePaid: 0n, finalFee: FEE_START, exhausted: false };
  const recruited = new Set<number>();
  let fee = FEE_START;
  const factory = new DelegationMarket__Mock__factory(briber);
  const governorAddress = sys.address.governor;
  for (;;) {
    if (enough(await project(sys, draw, m.vaults, cap), variant, cap !== undefined)) break;
    const next = order.find((i) => !recruited.has(i) && draw.willing[i] && draw.reservation[i]! <= fee);
    if (next === undefined) {
      if (fee > maxReservation) {
        m.exhausted = true;
        break;
      }
      fee = (fee * 5n) / 4n;
      continue;
    }
    const holder: HardhatEthersSigner = small[next]!;
    const balance = await sys.token.balanceOf(holder.address);
    let vault = m.vaults[m.vaults.length - 1];
    const full =
      vault !== undefined && cap !== undefined && (await sys.token.getVotes(await vault.getAddress())) + balance > cap;
    if (vault === undefined || full) {
      vault = await factory.deploy(sys.address.token, governorAddress, fee);
      await vault.waitForDeployment();
      m.vaults.push(vault);
    }
    if ((await vault.feePer1000()) !== fee)
      await ctx.tx("briber posts a higher fee", vault.connect(briber).setFee(fee));
    const quote = await vault.quote(holder.address);
    await ctx.tx("briber funds the vault", vault.connect(briber).fund({ value: quote }));
    await ctx.tx("small holder delegates to the vault", sys.token.connect(holder).delegate(await vault.getAddress()));
    await ctx.tx("small holder collects the fee", vault.connect(holder).join());
    recruited.add(next);
    m.delegators += 1;
    m.bought += balance;
  }
  m.finalFee = fee;
  for (const v of m.vaults) m.feePaid += await v.totalPaid();
  return m;
}

async function runVariant(
  world: World,
  sys: SimSystem,
  seed: number,
  variant: A6Variant,
  draw: Draw,
  timing: { holding: bigint; lookback: bigint },
): Promise<AttackRun> {
  const ctx = new RunContext(sys, seed);
  const { attacker: briber, spare } = world.agents;
  const watcher = spare[0]!;
  await buy(world, ctx, briber.address, PROPOSER_STAKE);
  const now = await sys.helper.clock();
  const cap = sys.polycentric ? await sys.polycentric.capAt(now - 1n) : undefined;

  const market = await runMarket(world, ctx, draw, variant, cap);
  // Bought power (and the proposer's threshold) must be older than the holding period to count; `aged` waits out
  // the fresh-power lookback instead.
  await sys.helper.advanceBy(variant === "aged" ? timing.lookback + 1n : timing.holding + 1n);

  const treasury = await hre.ethers.provider.getBalance(sys.address.timelock);
  const p = grantProposal(briber.address, treasury, `A6: send the treasury's ETH to the briber (${variant}, ${seed})`);
  const { id, createdAt } = await propose(ctx, briber, p);
  await sys.helper.waitForSnapshot(id);
  for (const v of world.voters) {
    const side = draw.sides.get(v.address);
    if (side !== undefined) await vote(ctx, v.signer, id, side, { honest: true });
  }
  for (const v of market.vaults) await ctx.tx("the vault votes For", v.connect(briber).castVote(id, VoteType.For));
  const [against, forVotes] = await sys.governor.proposalVotes(id);

  // What the vaults counted, and the bound on how many a flip needs (I6: each ≤ the cap).
  const snapshot = await sys.governor.proposalSnapshot(id);
  const vaultCounted: bigint[] = [];
  for (const v of market.vaults) {
    const a = await v.getAddress();
    vaultCounted.push(
      sys.polycentric
        ? (await sys.polycentric.countedVotes(a, snapshot))[0]
        : await sys.token.getPastVotes(a, snapshot),
    );
  }
  const vaultW = vaultCounted.map((c) => weightOf(sys, c, undefined));
  const vaultSum = vaultW.reduce((a, b) => a + b, 0n);
  const honestMargin = against - (forVotes - vaultSum);
  const perVault = cap !== undefined ? weightOf(sys, cap, cap) : undefined;
  const bound = honestMargin < 0n ? 0n : perVault === undefined ? 1n : (honestMargin + perVault) / perVault;
  if (cap !== undefined) {
    for (const c of vaultCounted) if (c > cap) ctx.violations.push(`I6 (${sys.label}): a vault counted ${c} > ${cap}`);
  }
  const flipped = forVotes > against;
  if (flipped && BigInt(market.vaults.length) < bound) {
    ctx.violations.push(`I6 (${sys.label}): ${market.vaults.length} vaults flipped a margin needing ${bound}`);
  }

  await sys.helper.waitForDeadline(id);
  let state = proposalStateName(await sys.governor.state(id));
  let outcome = state === "Succeeded" ? "succeeded" : state.toLowerCase();
  let escalated = false;
  let escalateGas = 0n;
  let escalateError = "";
  let windowDays = 0;
  let executedAt: bigint | undefined;
  const args = proposalArgs(p);
  if (state === "Succeeded") {
    const d = sys.disputes;
    const deadline = await sys.governor.proposalDeadline(id);
    let windowEnd = deadline;
    if (d) {
      windowEnd = (await d.escalation.dispute(id)).windowEnd;
      // A watcher checks every vault; one escalation is enough.
      for (const v of market.vaults) {
        const r = await ctx.attempt(
          "watcher escalates a fresh pivotal vault",
          d.freshPower.connect(watcher).escalate(id, await v.getAddress()),
          { honest: true },
        );
        if (r.ok) {
          escalated = true;
          escalateGas = r.receipt.gasUsed;
          break;
        }
        escalateError ||= r.name;
      }
      windowDays = Number((await d.escalation.dispute(id)).windowEnd - deadline) / Number(DAY);
      await sys.helper.advanceTo(windowEnd + 1n);
    }
    const queued = await ctx.attempt("briber queues", sys.governor.connect(briber).queue(...args));
    if (queued.ok) {
      await sys.helper.waitForEta(id);
      const r = await ctx.tx("briber executes", sys.governor.connect(briber).execute(...args));
      executedAt = BigInt((await r.getBlock()).timestamp);
      state = proposalStateName(await sys.governor.state(id));
      outcome = "executed";
    } else {
      outcome = escalated ? "escalated window" : `blocked (${queued.name})`;
    }
  }
  const success = outcome === "executed" && !escalated;
  return ctx.result({
    success,
    proposalState: state,
    attackerCost: { tokens: PROPOSER_STAKE, eth: market.feePaid },
    ...(executedAt !== undefined ? { timeToExecution: executedAt - createdAt } : {}),
    measures: {
      variant,
      outcome,
      flipped: flipped ? 1 : 0,
      escalated: escalated ? 1 : 0,
      ...(escalateGas > 0n ? { escalateGas: Number(escalateGas) } : {}),
      ...(escalateError !== "" && !escalated ? { escalateError } : {}),
      feesEth: Number(formatEther(market.feePaid)),
      finalFeePer1000Eth: Number(formatEther(market.finalFee)),
      delegators: market.delegators,
      boughtGov: Number(market.bought / 10n ** 18n),
      vaults: market.vaults.length,
      vaultsBound: Number(bound),
      supplyExhausted: market.exhausted ? 1 : 0,
      treasuryEth: Number(formatEther(treasury)),
      costPctOfTreasury: treasury === 0n ? 0 : Number((market.feePaid * 1_000_000n) / treasury) / 10_000,
      challengeWindowDays: windowDays,
      forTally: forVotes.toString(),
      againstTally: against.toString(),
    },
  });
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const A6: AttackModule = {
  id: "A6",
  title: "Vote buying / bribery contracts",
  guarantee:
    "a delegation market is capped like any delegate (≥ ⌈margin / cap⌉ visible vaults); a flip where a freshly " +
    "empowered vault was pivotal is escalated to the longer challenge window by any watcher; cost-to-flip reported " +
    "against the treasury at stake",
  status: "covered",
  primaryVariant: "fresh",

  async run(world, seed) {
    const polycentric = await disputeSystem(world);
    const draw = drawFor(world, seed);
    const timing = {
      holding: await polycentric.polycentric!.holdingPeriod(),
      lookback: await polycentric.disputes!.freshPower.lookback(),
    };
    const runs: AttackRun[] = [];
    for (const variant of A6_VARIANTS) {
      for (const sys of [world.systems.baseline, polycentric]) {
        await world.reset();
        runs.push(await runVariant(world, sys, seed, variant, draw, timing));
      }
    }
    return runs;
  },

  notes(runs) {
    const of = (system: string, variant: A6Variant) =>
      runs.filter((r) => r.system === system && r.measures?.variant === variant);
    const fees = (system: string, variant: A6Variant) => {
      const m = median(of(system, variant).map((r) => Number(r.measures!.feesEth)));
      return Number.isNaN(m) ? "-" : `${m.toFixed(3)} ETH`;
    };
    const vaults = (system: string, variant: A6Variant) =>
      of(system, variant)
        .map((r) => `${r.measures!.vaults}/${r.measures!.vaultsBound}`)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(",") || "-";
    const escalatedFlips = (variant: A6Variant) => {
      const flips = of("polycentric", variant).filter((r) => r.measures!.flipped === 1);
      return `${flips.filter((r) => r.measures!.escalated === 1).length}/${flips.length}`;
    };
    const treasury = runs[0]?.measures?.treasuryEth ?? "-";
    return [
      ...A6_VARIANTS.map((v) => `${v}: ${countNote(runs, ofVariant(v))} (bribed flip executed unescalated)`),
      `median ETH to flip (treasury at stake ${treasury} ETH): baseline ${fees("baseline", "fresh")}, polycentric ` +
        `${fees("polycentric", "fresh")} fresh, ${fees("polycentric", "overbuy")} overbuy`,
      `vaults used/bound ⌈margin / capped vault⌉: baseline ${vaults("baseline", "fresh")}, polycentric ` +
        `${vaults("polycentric", "fresh")} fresh, ${vaults("polycentric", "overbuy")} overbuy`,
      `polycentric flips escalated to the 4-day window: fresh ${escalatedFlips("fresh")}, aged ` +
        `${escalatedFlips("aged")} (bought > 14 days ahead: not fresh), overbuy ${escalatedFlips("overbuy")} ` +
        "(no single vault pivotal)",
    ];
  },
};
