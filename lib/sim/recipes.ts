/**
 * Building blocks the attack recipes share: buying tokens on the world's market, treasury proposals, voting and
 * settling a proposal (deadline → queue → ETA → execute), all through a {@link RunContext} so every transaction is
 * invariant-checked.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt } from "ethers";

import { proposalStateName, VoteType, type ProposalStateName } from "../enums";
import { COMMON_WORLD } from "../params";
import { buildProposal, descriptionHash, proposalId, type Proposal } from "../proposal";
import { DAY, HOUR } from "../time";
import { ofBps } from "../units";
import type { Attempt, RunContext } from "./context";
import type { Prng } from "./prng";
import type { SimSystem, World } from "./world";

/** The timestamp of the block a receipt was mined in. */
export async function blockTime(receipt: ContractTransactionReceipt): Promise<bigint> {
  const block = await receipt.getBlock();
  return BigInt(block.timestamp);
}

/**
 * The attacker buys `amount` GOV: first from the undelegated float (the market, on the deployer), the rest OTC from
 * the treasury, which never votes; so no honest agent's voting power changes whatever the size. Returns the amount.
 */
export async function buy(world: World, ctx: RunContext, to: string, amount: bigint): Promise<bigint> {
  const { deployer } = world.agents;
  const float = await ctx.sys.token.balanceOf(deployer.address);
  const fromFloat = amount < float ? amount : float;
  if (fromFloat > 0n) await ctx.tx("buy from the float", ctx.sys.token.connect(deployer).transfer(to, fromFloat));
  const rest = amount - fromFloat;
  if (rest > 0n) await ctx.tx("buy from the treasury", ctx.sys.token.connect(ctx.sys.treasury).transfer(to, rest));
  return amount;
}

/** The proposal threshold of the common world (0.25 % of the supply), in token wei. */
export const PROPOSAL_THRESHOLD = ofBps(COMMON_WORLD.totalSupply, COMMON_WORLD.proposalThresholdBps);

/**
 * `to` buys exactly the proposal threshold (see {@link buy}) and waits one holding period, so Polycentric counts the
 * whole stake when it proposes. Returns the amount bought.
 */
export async function buyThreshold(world: World, ctx: RunContext, to: string): Promise<bigint> {
  await buy(world, ctx, to, PROPOSAL_THRESHOLD);
  await ctx.sys.helper.advanceBy(COMMON_WORLD.holdingPeriod + 1n);
  return PROPOSAL_THRESHOLD;
}

/** A proposal moving `amount` GOV from the treasury to `to`. */
export function drainProposal(sys: SimSystem, to: string, amount: bigint, description: string): Proposal {
  return buildProposal(
    [{ target: sys.address.token, data: sys.token.interface.encodeFunctionData("transfer", [to, amount]) }],
    description,
  );
}

/** An ordinary proposal: the treasury pays `wei` ETH to `to`. */
export function grantProposal(to: string, wei: bigint, description: string): Proposal {
  return buildProposal([{ target: to, value: wei }], description);
}

export async function propose(
  ctx: RunContext,
  proposer: HardhatEthersSigner,
  p: Proposal,
  opts: { honest?: boolean } = {},
): Promise<{ id: bigint; createdAt: bigint }> {
  const receipt = await ctx.tx(
    `propose by ${proposer.address}`,
    ctx.sys.governor.connect(proposer).propose(p.targets, p.values, p.calldatas, p.description),
    opts,
  );
  return { id: proposalId(p), createdAt: await blockTime(receipt) };
}

export async function vote(
  ctx: RunContext,
  voter: HardhatEthersSigner,
  id: bigint,
  support: bigint,
  opts: { honest?: boolean } = {},
): Promise<ContractTransactionReceipt> {
  return ctx.tx(
    `castVote(${support}) by ${voter.address}`,
    ctx.sys.governor.connect(voter).castVote(id, support),
    opts,
  );
}

export interface Settlement {
  state: ProposalStateName;
  executedAt?: bigint;
}

/**
 * Waits for the deadline; a Succeeded proposal is queued and, at its ETA, executed by `executor`. Returns the final
 * state and the execution time.
 */
export async function settle(
  ctx: RunContext,
  p: Proposal,
  id: bigint,
  executor: HardhatEthersSigner,
  opts: { honest?: boolean } = {},
): Promise<Settlement> {
  const { sys } = ctx;
  await sys.helper.waitForDeadline(id);
  const state = proposalStateName(await sys.governor.state(id));
  if (state !== "Succeeded") return { state };
  const g = sys.governor.connect(executor);
  await ctx.tx("queue", g.queue(p.targets, p.values, p.calldatas, descriptionHash(p.description)), opts);
  await sys.helper.waitForEta(id);
  const receipt = await ctx.tx(
    "execute",
    g.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
    opts,
  );
  return { state: proposalStateName(await sys.governor.state(id)), executedAt: await blockTime(receipt) };
}

/** The weight counted by the first VoteCast of `sys`'s governor in `receipt` (0 if there is none). */
export function voteWeightOf(sys: SimSystem, receipt: ContractTransactionReceipt): bigint {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== sys.address.governor.toLowerCase()) continue;
    const parsed = sys.governor.interface.parseLog(log);
    if (parsed?.name === "VoteCast" || parsed?.name === "VoteCastWithParams") return parsed.args[3] as bigint;
  }
  return 0n;
}

/** The first Friday 18:00 UTC at or after `from` (unix seconds): a voting period from there spans a weekend. */
export function nextFridayEvening(from: bigint): bigint {
  const dayStart = from - (from % DAY);
  // 1970-01-01 was a Thursday: day index d has weekday (d + 4) % 7, Friday = 5.
  const dayIndex = dayStart / DAY;
  const weekday = (dayIndex + 4n) % 7n;
  let t = dayStart + ((5n - weekday + 7n) % 7n) * DAY + 18n * HOUR;
  if (t < from) t += 7n * DAY;
  return t;
}

/**
 * One ordinary proposal through its whole lifecycle on one system: a community holder proposes a 10 ETH grant, every
 * honest agent votes its preference with probability `turnout` (drawn from `prng`), then deadline, queue, execute.
 */
export async function runLifecycle(
  world: World,
  ctx: RunContext,
  prng: Prng,
  turnout = 1,
): Promise<Settlement & { votes: number }> {
  const [proposer, grantee] = world.agents.community;
  const p = grantProposal(grantee!.address, 10n ** 19n, `Lifecycle: grant 10 ETH to ${grantee!.address}`);
  const { id } = await propose(ctx, proposer!, p, { honest: true });
  await ctx.sys.helper.waitForSnapshot(id);
  let votes = 0;
  for (const v of world.voters) {
    if (!prng.bernoulli(turnout)) continue;
    await vote(ctx, v.signer, id, v.preference === "for" ? VoteType.For : VoteType.Against, { honest: true });
    votes++;
  }
  return { ...(await settle(ctx, p, id, proposer!, { honest: true })), votes };
}

/** "ok" for a transaction that went through, else the name of the error it reverted with. */
export function attemptOutcome(a: Attempt): string {
  return a.ok ? "ok" : a.name || a.error;
}

/** `signer` tries to cancel `p` on `ctx.sys`'s governor (the attempt may revert; see {@link RunContext.attempt}). */
export async function attemptCancel(ctx: RunContext, signer: HardhatEthersSigner, p: Proposal, label: string) {
  return ctx.attempt(
    label,
    ctx.sys.governor.connect(signer).cancel(p.targets, p.values, p.calldatas, descriptionHash(p.description)),
  );
}

/** `signer` tries to propose `p` on `ctx.sys`'s governor (the attempt may revert). */
export async function attemptPropose(
  ctx: RunContext,
  signer: HardhatEthersSigner,
  p: Proposal,
  label: string,
  opts: { honest?: boolean } = {},
) {
  return ctx.attempt(
    label,
    ctx.sys.governor.connect(signer).propose(p.targets, p.values, p.calldatas, p.description),
    opts,
  );
}
