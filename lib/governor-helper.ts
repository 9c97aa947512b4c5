import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { Addressable, ContractTransactionReceipt, Signer } from "ethers";

import { IGovernor__factory, type IGovernor } from "../typechain-types";
import { ProposalState, proposalStateName, VoteType, type ProposalStateName } from "./enums";
import { descriptionHash, proposalId, type Proposal } from "./proposal";
import { formatTimepoint, parseClockMode, type ClockMode } from "./time";

/** Something a proposal lifecycle step did, for scripts that print progress. */
export type LifecycleLogger = (line: string) => void;

/**
 * Drives a proposal through an OpenZeppelin-compatible governor (Polycentric or the baseline) on the Hardhat
 * network. Clock-mode aware: waiting advances timestamps in timestamp mode and mines blocks in block mode, so
 * the same test reads the same in both.
 *
 * Convention for the `wait*` helpers: they mine until the latest block *is* the target timepoint plus
 * `offset`, so views (`state`) observe it and the next transaction lands one unit later.
 */
export class GovernorHelper {
  private constructor(
    readonly governor: IGovernor,
    readonly mode: ClockMode,
    private readonly log?: LifecycleLogger,
  ) {}

  static async create(governor: Addressable, runner: Signer, log?: LifecycleLogger): Promise<GovernorHelper> {
    const g = IGovernor__factory.connect(await governor.getAddress(), runner);
    return new GovernorHelper(g, parseClockMode(await g.CLOCK_MODE()), log);
  }

  /** The governor's clock at the latest block. */
  async clock(): Promise<bigint> {
    return this.mode === "timestamp" ? BigInt(await time.latest()) : BigInt(await time.latestBlock());
  }

  /** Mines until the latest block's clock reading is `timepoint` (no-op if it already passed). */
  async advanceTo(timepoint: bigint): Promise<void> {
    const now = await this.clock();
    if (timepoint <= now) return;
    if (this.mode === "timestamp") await time.increaseTo(timepoint);
    else await mine(timepoint - now);
  }

  /** Advances the clock by `units` of the governor's clock (seconds or blocks). */
  async advanceBy(units: bigint): Promise<void> {
    await this.advanceTo((await this.clock()) + units);
  }

  async propose(p: Proposal, proposer: Signer): Promise<{ id: bigint; receipt: ContractTransactionReceipt }> {
    const tx = await this.governor.connect(proposer).propose(p.targets, p.values, p.calldatas, p.description);
    const receipt = (await tx.wait())!;
    const id = proposalId(p);
    this.log?.(`proposed ${short(id)} by ${await proposer.getAddress()} ("${firstLine(p.description)}")`);
    return { id, receipt };
  }

  async vote(
    id: bigint,
    voter: Signer,
    support: bigint = VoteType.For,
    reason?: string,
  ): Promise<ContractTransactionReceipt> {
    const g = this.governor.connect(voter);
    const tx = reason === undefined ? await g.castVote(id, support) : await g.castVoteWithReason(id, support, reason);
    const receipt = (await tx.wait())!;
    this.log?.(`vote ${voteName(support)} on ${short(id)} by ${await voter.getAddress()}`);
    return receipt;
  }

  /** Latest block at snapshot + offset; with the default offset of 1 the proposal reads Active. */
  async waitForSnapshot(id: bigint, offset = 1n): Promise<void> {
    await this.advanceTo((await this.governor.proposalSnapshot(id)) + offset);
  }

  /** Latest block at deadline + offset; with the default offset of 1 voting has closed. */
  async waitForDeadline(id: bigint, offset = 1n): Promise<void> {
    await this.advanceTo((await this.governor.proposalDeadline(id)) + offset);
  }

  /** Latest block at the timelock ETA (always a timestamp, whatever the governor's clock). */
  async waitForEta(id: bigint, offset = 0n): Promise<void> {
    const eta = await this.governor.proposalEta(id);
    if (eta === 0n) throw new Error(`proposal ${short(id)} has no ETA: it is not queued`);
    const target = eta + offset;
    if (target > BigInt(await time.latest())) await time.increaseTo(target);
  }

  async queue(p: Proposal, signer?: Signer): Promise<ContractTransactionReceipt> {
    const g = signer ? this.governor.connect(signer) : this.governor;
    const receipt = (await (await g.queue(p.targets, p.values, p.calldatas, descriptionHash(p.description))).wait())!;
    const eta = await this.governor.proposalEta(proposalId(p));
    this.log?.(`queued ${short(proposalId(p))}, executable from ${formatTimepoint(eta, "timestamp")}`);
    return receipt;
  }

  async execute(p: Proposal, signer?: Signer): Promise<ContractTransactionReceipt> {
    const g = signer ? this.governor.connect(signer) : this.governor;
    // With a timelock, the values are paid from the timelock's balance: no msg.value is sent.
    const tx = await g.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description));
    const receipt = (await tx.wait())!;
    this.log?.(`executed ${short(proposalId(p))}`);
    return receipt;
  }

  async cancel(p: Proposal, signer: Signer): Promise<ContractTransactionReceipt> {
    const g = this.governor.connect(signer);
    const tx = await g.cancel(p.targets, p.values, p.calldatas, descriptionHash(p.description));
    const receipt = (await tx.wait())!;
    this.log?.(`canceled ${short(proposalId(p))}`);
    return receipt;
  }

  async state(id: bigint): Promise<bigint> {
    return this.governor.state(id);
  }

  async stateName(id: bigint): Promise<ProposalStateName> {
    return proposalStateName(await this.state(id));
  }

  /**
   * The whole happy path: propose, wait for the snapshot, every voter votes For, wait for the deadline,
   * queue, wait for the ETA, execute. Returns the proposal id. Used by scripts and scenario tests.
   */
  async passAndExecute(p: Proposal, proposer: Signer, voters: readonly Signer[]): Promise<bigint> {
    const { id } = await this.propose(p, proposer);
    await this.waitForSnapshot(id);
    for (const v of voters) await this.vote(id, v, VoteType.For);
    await this.waitForDeadline(id);
    await this.expectState(id, "Succeeded");
    await this.queue(p);
    await this.waitForEta(id);
    await this.execute(p);
    await this.expectState(id, "Executed");
    return id;
  }

  /** Throws with both names when the proposal is not in `expected`. */
  async expectState(id: bigint, expected: ProposalStateName): Promise<void> {
    const actual = await this.state(id);
    if (actual !== ProposalState[expected]) {
      throw new Error(`proposal ${short(id)} is ${proposalStateName(actual)}, expected ${expected}`);
    }
  }
}

function voteName(support: bigint): string {
  const entry = Object.entries(VoteType).find(([, v]) => v === support);
  return entry ? entry[0] : `support=${support}`;
}

function short(id: bigint): string {
  const hex = id.toString(16).padStart(64, "0");
  return `0x${hex.slice(0, 8)}…`;
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.slice(0, 60);
}
