/**
 * A13 checkpoint / transfer double counting.
 *
 * Per seed, on each system, with automining off: several blocks of 2–8 transactions each, mined together. The first
 * block is THREATS.md's fixed ordering with random actors A, B, C (transfer A→B, B delegates C, transfer B→A,
 * A delegates C); the next blocks draw from the menu: transfer, transfer back, self-transfer, `transferFrom` by a
 * spender approved beforehand, re-delegation to another agent, to oneself or to nobody (address 0). Amounts are drawn
 * from the reference model's balances, so every transaction is valid in the order the block executes it.
 *
 * A JavaScript reference model (balance and delegate per actor, votes per delegate, read from the chain before the
 * first block) applies the same operations. After every block: `getVotes(d)` of every delegate the actors touched
 * equals the model; one second later `getPastVotes(d, t_block)` equals it too (the checkpoint written in that block
 * is the one a snapshot at that time reads), and on Polycentric the raw power the governor reads
 * (`countedVotes(d, t_block)`, before the cap, the holding period and ⌊√⌋) agrees with the token. Σ balances = total supply throughout.
 *
 * Success (for the attacker): any difference: tokens counted twice or votes erased by ordering inside one block.
 * The per-transaction invariant checker cannot run inside a block (its receipts only exist once the block is
 * mined), so this recipe checks the invariants per block, as THREATS.md asks.
 */
import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256, ZeroAddress, type ContractTransactionResponse } from "ethers";

import { countNote, type AttackModule } from "../attack";
import { describeError, RunContext } from "../context";
import { prngFor, type Prng } from "../prng";
import type { AttackRun } from "../types";
import type { SimSystem, World } from "../world";

/** Blocks per seed after the fixed first one (`SIM_A13_BLOCKS` overrides). */
export const A13_BLOCKS = Number(process.env.SIM_A13_BLOCKS ?? 4);
/** Agents taking part in a seed: A, B, C, the approved spender and two more. */
const ACTORS = 6;
const GWEI = 10n ** 9n;

type Op =
  | { kind: "transfer"; from: number; to: number; bps: number }
  | { kind: "transferFrom"; owner: number; to: number; bps: number }
  | { kind: "delegate"; from: number; to: number | "none" };

/** The reference model: what the token's balances and votes must be. */
class Model {
  readonly balance = new Map<string, bigint>();
  readonly delegateOf = new Map<string, string>();
  readonly votes = new Map<string, bigint>();

  private move(delegate: string, amount: bigint): void {
    if (delegate === ZeroAddress) return;
    this.votes.set(delegate, (this.votes.get(delegate) ?? 0n) + amount);
  }

  transfer(from: string, to: string, amount: bigint): void {
    this.balance.set(from, this.balance.get(from)! - amount);
    this.balance.set(to, this.balance.get(to)! + amount);
    this.move(this.delegateOf.get(from)!, -amount);
    this.move(this.delegateOf.get(to)!, amount);
  }

  delegate(account: string, to: string): void {
    const amount = this.balance.get(account)!;
    this.move(this.delegateOf.get(account)!, -amount);
    this.delegateOf.set(account, to);
    this.move(to, amount);
  }
}

const spenders = new WeakMap<World, HardhatEthersSigner>();

function amountOf(balance: bigint, bps: number): bigint {
  return (balance * BigInt(bps)) / 10_000n;
}

/** The menu of one random block (the first block is the fixed THREATS.md ordering). */
function drawBlock(prng: Prng, first: boolean): Op[] {
  if (first) {
    // A = 0, B = 1, C = 2.
    return [
      { kind: "transfer", from: 0, to: 1, bps: prng.int(1, 10_000) },
      { kind: "delegate", from: 1, to: 2 },
      { kind: "transfer", from: 1, to: 0, bps: prng.int(1, 10_000) },
      { kind: "delegate", from: 0, to: 2 },
    ];
  }
  const ops: Op[] = [];
  const n = prng.int(2, 8);
  for (let i = 0; i < n; i++) {
    const from = prng.int(0, ACTORS - 1);
    const r = prng.int(0, 5);
    if (r === 0) ops.push({ kind: "transfer", from, to: from, bps: prng.int(1, 10_000) });
    else if (r === 1)
      ops.push({ kind: "transferFrom", owner: from, to: prng.int(0, ACTORS - 1), bps: prng.int(1, 5_000) });
    else if (r === 2) ops.push({ kind: "delegate", from, to: prng.bernoulli(0.2) ? "none" : prng.int(0, ACTORS - 1) });
    else ops.push({ kind: "transfer", from, to: prng.int(0, ACTORS - 1), bps: prng.int(1, 10_000) });
  }
  return ops;
}

async function readModel(sys: SimSystem, actors: readonly string[]): Promise<Model> {
  const model = new Model();
  for (const a of actors) {
    model.balance.set(a, await sys.token.balanceOf(a));
    const d = await sys.token.delegates(a);
    model.delegateOf.set(a, d);
  }
  for (const d of new Set([...actors, ...model.delegateOf.values()])) {
    if (d !== ZeroAddress) model.votes.set(d, await sys.token.getVotes(d));
  }
  return model;
}

/** Sends one block's transactions with automining off, mines them together, and returns the block's timestamp. */
async function mineBlock(
  sys: SimSystem,
  model: Model,
  ops: readonly Op[],
  actors: readonly HardhatEthersSigner[],
  spender: HardhatEthersSigner,
): Promise<{ timepoint: bigint; sent: number }> {
  const provider = hre.network.provider;
  const responses: ContractTransactionResponse[] = [];
  // The block must execute the transactions in the order the model applied them: Hardhat's mempool orders by
  // priority fee, so each transaction tips less than the one before it (same-sender nonces agree with that order).
  const fees = (i: number) => ({
    gasLimit: 300_000,
    maxFeePerGas: 200n * GWEI,
    maxPriorityFeePerGas: BigInt(ops.length - i) * GWEI,
  });
  await provider.send("evm_setAutomine", [false]);
  try {
    for (const [i, op] of ops.entries()) {
      if (op.kind === "delegate") {
        const from = actors[op.from]!;
        const to = op.to === "none" ? ZeroAddress : actors[op.to]!.address;
        model.delegate(from.address, to);
        responses.push(await sys.token.connect(from).delegate(to, fees(i)));
      } else if (op.kind === "transfer") {
        const from = actors[op.from]!;
        const to = actors[op.to]!.address;
        const amount = amountOf(model.balance.get(from.address)!, op.bps);
        model.transfer(from.address, to, amount);
        responses.push(await sys.token.connect(from).transfer(to, amount, fees(i)));
      } else {
        const owner = actors[op.owner]!.address;
        const to = actors[op.to]!.address;
        const amount = amountOf(model.balance.get(owner)!, op.bps);
        model.transfer(owner, to, amount);
        responses.push(await sys.token.connect(spender).transferFrom(owner, to, amount, fees(i)));
      }
    }
    await provider.send("evm_mine");
    const receipts = await Promise.all(responses.map((r) => r.wait()));
    const blocks = new Set(receipts.map((r) => r?.blockNumber));
    if (blocks.size !== 1) throw new Error(`A13: the block's transactions landed in ${blocks.size} blocks`);
    const order = receipts.map((r) => r!.index);
    if (order.some((x, i) => i > 0 && x <= order[i - 1]!))
      throw new Error(`A13: mined out of order (${order.join(", ")})`);
    const block = await hre.ethers.provider.getBlock(receipts[0]!.blockNumber);
    return { timepoint: BigInt(block!.timestamp), sent: responses.length };
  } catch (error) {
    throw new Error(`A13 ${sys.label}: a same-block transaction failed: ${describeError(error)}`);
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
}

/** Every difference between the chain and the model after a block mined at `timepoint`. */
async function differences(sys: SimSystem, model: Model, timepoint: bigint): Promise<string[]> {
  const out: string[] = [];
  await time.increase(1); // the block's timepoint is now in the past, so getPastVotes can read it
  for (const [d, expected] of model.votes) {
    const now = await sys.token.getVotes(d);
    const past = await sys.token.getPastVotes(d, timepoint);
    if (now !== expected) out.push(`getVotes(${d}) = ${now}, model ${expected}`);
    if (past !== expected) out.push(`getPastVotes(${d}, ${timepoint}) = ${past}, model ${expected}`);
    if (sys.polycentric) {
      // The governor's raw power (before the cap and the holding period) is exactly the token's checkpoint.
      const [, raw] = await sys.polycentric.countedVotes(d, timepoint);
      if (raw !== past) out.push(`governor.countedVotes(${d}, ${timepoint}).raw = ${raw}, token ${past}`);
    }
  }
  for (const [a, expected] of model.balance) {
    const actual = await sys.token.balanceOf(a);
    if (actual !== expected) out.push(`balanceOf(${a}) = ${actual}, model ${expected}`);
  }
  return out;
}

export const A13: AttackModule = {
  id: "A13",
  title: "Checkpoint / transfer double counting",
  guarantee:
    "I1 after every block of 2–8 same-block transfers, delegations and transferFroms: getVotes and getPastVotes at " +
    "the block equal a reference model, and the governor reads exactly the token's checkpoint",
  status: "covered",

  async prepare(world) {
    await world.extend("A13", async () => {
      const [spender] = await world.extraSigners("a13-spender", 1);
      for (const sys of world.list) {
        const holders = [...world.agents.community, ...world.agents.small];
        for (const h of holders) await sys.token.connect(h).approve(spender!.address, MaxUint256);
      }
      spenders.set(world, spender!);
    });
  },

  async run(world, seed) {
    const spender = spenders.get(world);
    if (!spender) throw new Error("A13: prepare() was not run on this world");
    if (!Number.isSafeInteger(A13_BLOCKS) || A13_BLOCKS < 1) throw new Error("SIM_A13_BLOCKS must be ≥ 1");
    const prng = prngFor("A13", seed);
    const pool = [...world.agents.community, ...world.agents.small];
    const actors = prng.shuffle(pool).slice(0, ACTORS);
    const blocks = [drawBlock(prng, true), ...Array.from({ length: A13_BLOCKS }, () => drawBlock(prng, false))];
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      const model = await readModel(
        sys,
        actors.map((a) => a.address),
      );
      const found: string[] = [];
      let transactions = 0;
      for (const ops of blocks) {
        const { timepoint, sent } = await mineBlock(sys, model, ops, actors, spender);
        transactions += sent;
        found.push(...(await differences(sys, model, timepoint)));
      }
      const supply = await sys.token.totalSupply();
      const supplyAfter = await sys.token.getPastTotalSupply(BigInt(await time.latest()) - 1n);
      if (supplyAfter !== supply) found.push(`getPastTotalSupply = ${supplyAfter}, totalSupply ${supply}`);
      ctx.violations.push(...found.map((f) => `I1 (A13, same block) ${sys.label}: ${f}`));
      runs.push(
        ctx.result({
          success: found.length > 0,
          measures: { blocks: blocks.length, transactions, differences: found.length },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const txs = runs.reduce((s, r) => s + Number(r.measures?.transactions ?? 0), 0);
    const blocks = runs.reduce((s, r) => s + Number(r.measures?.blocks ?? 0), 0);
    return [
      countNote(runs),
      `${blocks} blocks of same-block transactions (${txs} in all) checked against the reference model`,
    ];
  },
};
