/**
 * I18 / A9(d) stateful fuzz: random sequences of challenge / stake / appeal / committee rulings / referendum votes /
 * time jumps / settle / claim / guardian cancels on two disputed proposals, with a bond poster that re-enters the
 * dispute contract whenever the token moves its tokens (hooked ERC-20), a recipient that cannot be paid, and
 * optionally a fee-on-transfer token. After every step:
 *
 * - conservation: deposited = refunded + rewarded + burned + held, and balance ≥ held (the contract's view);
 * - the same totals measured independently from token balances: every deposit step raised the contract's balance by
 *   exactly the `deposited` increase, every claim paid the claimer exactly the `refunded + rewarded` increase and
 *   what `claimable` promised, every burn reached the burn address;
 * - no re-entrant call ever succeeded, nothing was claimed twice;
 * - each dispute moved along the documented graph (the new state is reachable from the old one), and final states
 *   never change.
 *
 * At the end every dispute is driven past T_max and everyone claims: nothing stays held except what the unpayable
 * recipient is owed, and the side matching each final ruling got at least its stakes back.
 */
import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, mine, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256, parseEther, type ContractTransactionResponse } from "ethers";

import { disputeParams, disputeTMax, gov, type ClockMode, type DisputeParamsStruct } from "../../lib";
import { describeError, errorName } from "../../lib/sim/context";
import {
  DisputeEscalation__factory,
  HookedVotesToken__Mock__factory,
  PolycentricGovernorLinear__factory,
  ProposalGuardian__factory,
  ReentrantBondHolder__Mock__factory,
  TimelockController__factory,
  ArbitrationCommittee__factory,
  TokenholderReferendum__factory,
  type ArbitrationCommittee,
  type DisputeEscalation,
  type HookedVotesToken__Mock,
  type PolycentricGovernorLinear,
  type ProposalGuardian,
  type ReentrantBondHolder__Mock,
  type TokenholderReferendum,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { BURN_ADDRESS, DisputeState } from "../fixtures/disputes";
import { propertyRuns } from "../fixtures/effort";

const BOND = gov(10_000);
/**
 * Deploy overrides: none (estimated), except under solidity-coverage (unlimited contract size), where the
 * instrumented DisputeEscalation's creation takes ~19M gas, more than the estimate and the network's default.
 */
const DEPLOY_OVERRIDES = (hre.network.config as { allowUnlimitedContractSize?: boolean }).allowUnlimitedContractSize
  ? { gasLimit: 60_000_000 }
  : {};
const STATE_NAMES = Object.keys(DisputeState);
const FINAL = new Set<bigint>([DisputeState.Upheld, DisputeState.Rejected, DisputeState.Voided]);
/** The graph of IDisputeEscalation.transition, as adjacency (Cancel: any non-final state → Voided). */
const NEXT: Record<string, bigint[]> = {
  "0": [DisputeState.None, DisputeState.Challengeable, DisputeState.Voided],
  "1": [DisputeState.Challengeable, DisputeState.Unchallenged, DisputeState.Funding, DisputeState.Voided],
  "2": [DisputeState.Voided],
  "3": [DisputeState.Deliberating, DisputeState.Voided],
  "4": [DisputeState.Appealable, DisputeState.Funding, DisputeState.Upheld, DisputeState.Rejected, DisputeState.Voided],
  "5": [DisputeState.Funding, DisputeState.Upheld, DisputeState.Rejected, DisputeState.Voided],
};

function reachable(from: bigint, to: bigint): boolean {
  const seen = new Set<string>([from.toString()]);
  const queue = [from];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (s === to) return true;
    for (const n of NEXT[s.toString()] ?? []) {
      if (!seen.has(n.toString())) {
        seen.add(n.toString());
        queue.push(n);
      }
    }
  }
  return false;
}

interface FuzzWorld {
  mode: ClockMode;
  token: HookedVotesToken__Mock;
  governor: PolycentricGovernorLinear;
  escalation: DisputeEscalation;
  committee: ArbitrationCommittee;
  referendum: TokenholderReferendum;
  guardianModule: ProposalGuardian;
  params: DisputeParamsStruct;
  /** Bond posters: two EOAs, the re-entrant contract, and an EOA the token refuses to pay. */
  eoas: HardhatEthersSigner[];
  reentrant: ReentrantBondHolder__Mock;
  blocked: HardhatEthersSigner;
  members: HardhatEthersSigner[];
  voters: HardhatEthersSigner[];
  guardian: HardhatEthersSigner;
  proposals: { id: bigint; args: [string[], bigint[], string[], string] }[];
  escalationAddress: string;
}

async function deployFuzzWorld(mode: ClockMode): Promise<FuzzWorld> {
  const [deployer, a1, a2, blocked, m1, m2, m3, v1, v2, guardian] = await hre.ethers.getSigners();
  const token = await new HookedVotesToken__Mock__factory(deployer).deploy(
    mode === "timestamp",
    deployer!.address,
    gov(10_000_000),
  );
  const timelock = await new TimelockController__factory(deployer).deploy(86_400n, [], [], deployer!.address);
  const params = disputeParams(mode);
  const now = BigInt(await time.latest());
  const escalation = await new DisputeEscalation__factory(deployer).deploy(
    token,
    timelock,
    params,
    {
      members: [m1!.address, m2!.address, m3!.address],
      expiries: [now + 360n * 86_400n, now + 360n * 86_400n, now + 360n * 86_400n],
      threshold: 2,
      appealThreshold: 3,
      maxTerm: 365n * 86_400n,
    },
    { guardian: guardian!.address, expiry: now + 170n * 86_400n, maxTerm: 180n * 86_400n },
    [],
    DEPLOY_OVERRIDES,
  );
  const governor = await new PolycentricGovernorLinear__factory(deployer).deploy(
    token,
    timelock,
    {
      name: "fuzz",
      votingDelay: 1n,
      votingPeriod: 20n,
      proposalThreshold: 0n,
      quorumNumerator: 4n,
      lateQuorumExtension: 1n,
      // No delegation cap and no holding period: these tests are about disputes.
      capFraction: 10_000n,
      minCapFraction: 100n,
      maxCapFraction: 10_000n,
      holdingPeriod: 0n,
      minHoldingPeriod: 0n,
      maxHoldingPeriod: 1n,
    },
    escalation,
  );
  await timelock.grantRole(await timelock.CANCELLER_ROLE(), governor);
  const escalationAddress = await escalation.getAddress();
  const reentrant = await new ReentrantBondHolder__Mock__factory(deployer).deploy();
  for (const s of [a1!, a2!, blocked!]) {
    await token.transfer(s.address, gov(300_000));
    await token.connect(s).approve(escalationAddress, MaxUint256);
    await token.connect(s).delegate(s.address);
  }
  await token.transfer(await reentrant.getAddress(), gov(300_000));
  await reentrant.act(token, token.interface.encodeFunctionData("approve", [escalationAddress, MaxUint256]));
  await token.setHooked(reentrant, true);
  for (const s of [v1!, v2!]) {
    await token.transfer(s.address, gov(1_200_000));
    await token.connect(s).delegate(s.address);
  }
  await mine(2);
  const proposals: FuzzWorld["proposals"] = [];
  for (const description of ["fuzz A", "fuzz B"]) {
    const args: [string[], bigint[], string[], string] = [
      [deployer!.address],
      [0n],
      ["0x"],
      hre.ethers.id(description),
    ];
    await governor.propose(args[0], args[1], args[2], description);
    proposals.push({ id: await governor.getProposalId(...args), args });
  }
  await mine(2);
  for (const p of proposals) await governor.connect(v1!).castVote(p.id, 1);
  await mine(25);
  if (mode === "timestamp") await time.increase(30);
  for (const p of proposals) expect(await governor.state(p.id)).to.equal(4n); // Succeeded
  await token.setBlocked(blocked!.address, true);
  await setBalance(await timelock.getAddress(), parseEther("1"));
  return {
    mode,
    token,
    governor,
    escalation,
    committee: ArbitrationCommittee__factory.connect(await escalation.committee(), deployer),
    referendum: TokenholderReferendum__factory.connect(await escalation.referendum(), deployer),
    guardianModule: ProposalGuardian__factory.connect(await escalation.proposalGuardian(), deployer),
    params,
    eoas: [a1!, a2!],
    reentrant,
    blocked: blocked!,
    members: [m1!, m2!, m3!],
    voters: [v1!, v2!],
    guardian: guardian!,
    proposals,
    escalationAddress,
  };
}

async function fuzzTimestamp() {
  return deployFuzzWorld("timestamp");
}
async function fuzzBlocknumber() {
  return deployFuzzWorld("blocknumber");
}

/** What the run observed, independently of the contract's own counters. */
interface Model {
  deposited: bigint;
  paid: bigint;
  burned: bigint;
  claimed: Set<string>;
  lastState: bigint[];
  reentryAttempts: number;
  stats: Record<string, number>;
}

type Real = FuzzWorld;

/** Actor index: 0, 1 EOAs, 2 the re-entrant contract, 3 the unpayable EOA. */
type Actor = 0 | 1 | 2 | 3;
const ACTORS: Actor[] = [0, 1, 2, 3];

function actorAddress(w: Real, a: Actor): Promise<string> | string {
  if (a === 2) return w.reentrant.getAddress();
  return a === 3 ? w.blocked.address : w.eoas[a]!.address;
}

/** Sends an escalation call as `actor` (through the re-entrant contract for actor 2). */
function send(w: Real, a: Actor, fn: string, args: unknown[]): Promise<ContractTransactionResponse> {
  const data = w.escalation.interface.encodeFunctionData(fn as never, args as never);
  if (a === 2) return w.reentrant.act(w.escalationAddress, data);
  const signer = a === 3 ? w.blocked : w.eoas[a]!;
  return signer.sendTransaction({ to: w.escalationAddress, data }) as unknown as Promise<ContractTransactionResponse>;
}

/** Revert reasons seen, by error name (printed with DISPUTE_FUZZ_STATS). */
const reverts: Record<string, number> = {};

async function attempt(tx: () => Promise<ContractTransactionResponse>): Promise<boolean> {
  try {
    await (await tx()).wait();
    return true;
  } catch (error) {
    const name = errorName(describeError(error));
    reverts[name] = (reverts[name] ?? 0) + 1;
    return false;
  }
}

/** Runs `step`, then checks I18 against the balances it moved and the graph against the states it left. */
async function checked(m: Model, w: Real, label: string, step: () => Promise<boolean>, payee?: string): Promise<void> {
  const before = await w.escalation.accounting();
  const escBefore = await w.token.balanceOf(w.escalationAddress);
  const deadBefore = await w.token.balanceOf(BURN_ADDRESS);
  const payeeBefore = payee ? await w.token.balanceOf(payee) : 0n;
  const reentriesBefore = await w.reentrant.reentries();
  const ok = await step();
  m.stats[`${label}${ok ? "" : " (reverted)"}`] = (m.stats[`${label}${ok ? "" : " (reverted)"}`] ?? 0) + 1;
  const after = await w.escalation.accounting();
  const [deposited, refunded, rewarded, burned, held] = after;
  const escAfter = await w.token.balanceOf(w.escalationAddress);
  const dead = (await w.token.balanceOf(BURN_ADDRESS)) - deadBefore;
  expect(deposited, `I18 ${label}`).to.equal(refunded + rewarded + burned + held);
  expect(escAfter >= held, `I18 balance ≥ held after ${label}`).to.equal(true);
  const dDeposited = deposited - before[0];
  const dPaid = refunded + rewarded - (before[1] + before[2]);
  const dBurned = burned - before[3];
  // Independent: the balance moved by exactly what the counters say.
  expect(escAfter - escBefore, `balance delta after ${label}`).to.equal(dDeposited - dPaid - dBurned);
  expect(dead, `burn address after ${label}`).to.equal(dBurned);
  if (payee && dPaid > 0n) expect((await w.token.balanceOf(payee)) - payeeBefore).to.equal(dPaid);
  m.deposited += dDeposited;
  m.paid += dPaid;
  m.burned += dBurned;
  expect(await w.reentrant.reentrySuccesses(), "a re-entrant call succeeded").to.equal(0n);
  m.reentryAttempts += Number((await w.reentrant.reentries()) - reentriesBefore);
  for (const [i, p] of w.proposals.entries()) {
    const s = await w.escalation.disputeState(p.id);
    const old = m.lastState[i]!;
    if (FINAL.has(old)) expect(s, `final state changed after ${label}`).to.equal(old);
    expect(
      reachable(old, s),
      `${STATE_NAMES[Number(old)]} → ${STATE_NAMES[Number(s)]} is not a path of the graph (${label})`,
    ).to.equal(true);
    m.lastState[i] = s;
  }
}

class Challenge implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly actor: Actor,
    readonly p: number,
    readonly amount: bigint,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "challenge", () =>
      attempt(() => send(w, this.actor, "challenge", [w.proposals[this.p]!.id, this.amount])),
    );
  }
  toString = () => `challenge(a${this.actor}, p${this.p}, ${this.amount / 10n ** 18n})`;
}

class Stake implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly actor: Actor,
    readonly p: number,
    readonly side: number,
    readonly amount: bigint,
    readonly asAppeal: boolean,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    const id = w.proposals[this.p]!.id;
    await checked(m, w, this.asAppeal ? "appeal" : "stake", () =>
      attempt(() =>
        this.asAppeal
          ? send(w, this.actor, "appeal", [id, this.amount])
          : send(w, this.actor, "stake", [id, this.side, this.amount]),
      ),
    );
  }
  toString = () =>
    `${this.asAppeal ? "appeal" : "stake"}(a${this.actor}, p${this.p}, side ${this.side}, ${this.amount / 10n ** 18n})`;
}

class Rule implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly member: number,
    readonly p: number,
    readonly ruling: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "rule", () =>
      attempt(() => w.committee.connect(w.members[this.member]!).castRuling(w.proposals[this.p]!.id, this.ruling)),
    );
  }
  toString = () => `rule(m${this.member}, p${this.p}, ${this.ruling})`;
}

/** Members vote the same ruling one after the other (a full ruling when enough of them may vote). */
class CommitteeRules implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly p: number,
    readonly ruling: number,
    readonly count: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    for (const member of w.members.slice(0, this.count)) {
      await checked(m, w, "rule", () =>
        attempt(() => w.committee.connect(member).castRuling(w.proposals[this.p]!.id, this.ruling)),
      );
    }
  }
  toString = () => `committeeRules(p${this.p}, ${this.ruling}, ${this.count} members)`;
}

/**
 * Moves proposal `p`'s dispute one phase on, the way its participants would: the funding phase ends, the committee
 * rules (`ruling`), the losing side funds the whole appeal (`actor`), or the voters vote in the referendum.
 */
class Progress implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly p: number,
    readonly ruling: number,
    readonly actor: Actor,
    readonly support: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    const id = w.proposals[this.p]!.id;
    const v = await w.escalation.dispute(id);
    if (v.state === DisputeState.Funding || v.state === DisputeState.Challengeable) {
      await new Advance(this.p, true, 1n).run(m, w);
    } else if (v.state === DisputeState.Deliberating && v.tier < 2n) {
      await new CommitteeRules(this.p, this.ruling, 3).run(m, w);
    } else if (v.state === DisputeState.Appealable) {
      const shortfall = await w.escalation.appealShortfall(id);
      await new Stake(this.actor, this.p, 0, shortfall + shortfall / 50n, true).run(m, w);
    } else if (v.state === DisputeState.Deliberating) {
      await new Vote(0, this.p, this.support).run(m, w);
      await new Vote(1, this.p, (this.support + 1) % 3).run(m, w);
    }
  }
  toString = () => `progress(p${this.p}, ruling ${this.ruling}, a${this.actor}, support ${this.support})`;
}

class Vote implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly voter: number,
    readonly p: number,
    readonly support: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "referendum vote", () =>
      attempt(() => w.referendum.connect(w.voters[this.voter]!).castVote(w.proposals[this.p]!.id, this.support)),
    );
  }
  toString = () => `vote(v${this.voter}, p${this.p}, ${this.support})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  /** `toDeadline`: jump just past the next deadline of proposal `p`'s dispute; else advance `units`. */
  constructor(
    readonly p: number,
    readonly toDeadline: boolean,
    readonly units: bigint,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "advance", async () => {
      const now = w.mode === "timestamp" ? BigInt(await time.latest()) : BigInt(await time.latestBlock());
      let target = now + this.units;
      if (this.toDeadline) {
        const v = await w.escalation.dispute(w.proposals[this.p]!.id);
        const candidates = [v.windowEnd, v.fundingEnd, v.deliberationEnd, v.appealEnd].filter((t) => t >= now);
        if (candidates.length > 0) target = candidates.reduce((a, b) => (a < b ? a : b)) + 1n;
      }
      if (w.mode === "timestamp") await time.increaseTo(target);
      else await mine(target - now);
      return true;
    });
  }
  toString = () => (this.toDeadline ? `advance(p${this.p} next deadline)` : `advance(${this.units})`);
}

class Claim implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly actor: Actor,
    readonly p: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    const id = w.proposals[this.p]!.id;
    const who = await actorAddress(w, this.actor);
    const [refund, reward] = await w.escalation.claimable(id, who);
    const key = `${this.p}:${who}`;
    const paidBefore = m.paid;
    let ok = false;
    await checked(
      m,
      w,
      "claim",
      async () => {
        ok = await attempt(() => send(w, this.actor, "claim", [id]));
        return ok;
      },
      who,
    );
    if (ok) {
      expect(m.claimed.has(key), `claimed twice: ${key}`).to.equal(false);
      m.claimed.add(key);
      expect(m.paid - paidBefore, "a claim pays exactly what claimable() promised").to.equal(refund + reward);
    } else if (m.claimed.has(key)) {
      expect(await w.escalation.hasClaimed(id, who)).to.equal(true);
    }
  }
  toString = () => `claim(a${this.actor}, p${this.p})`;
}

class Settle implements fc.AsyncCommand<Model, Real> {
  constructor(readonly p: number) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "settle", () => attempt(() => w.escalation.settle(w.proposals[this.p]!.id)));
  }
  toString = () => `settle(p${this.p})`;
}

class GuardianCancel implements fc.AsyncCommand<Model, Real> {
  constructor(readonly p: number) {}
  check = () => true;
  async run(m: Model, w: Real) {
    await checked(m, w, "guardian cancel", () =>
      attempt(() => w.guardianModule.connect(w.guardian).cancel(...w.proposals[this.p]!.args)),
    );
  }
  toString = () => `guardianCancel(p${this.p})`;
}

/** Arms the re-entrant bond holder with a call back into the escalation (made while the token moves its tokens). */
class Arm implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly fn: "claim" | "stake" | "challenge" | "settle" | "appeal",
    readonly p: number,
  ) {}
  check = () => true;
  async run(m: Model, w: Real) {
    const id = w.proposals[this.p]!.id;
    const args: Record<string, unknown[]> = {
      claim: [id],
      stake: [id, 1, BOND],
      challenge: [id, BOND],
      settle: [id],
      appeal: [id, BOND],
    };
    const data = w.escalation.interface.encodeFunctionData(this.fn as never, args[this.fn] as never);
    await checked(m, w, "arm", () => attempt(() => w.reentrant.arm(w.escalationAddress, data)));
  }
  toString = () => `arm(${this.fn}, p${this.p})`;
}

const actor = fc.constantFrom<Actor>(...ACTORS);
const proposal = fc.constantFrom(0, 1);
const amount = fc.constantFrom(gov(1), gov(2_500), gov(5_000), BOND, gov(15_000), gov(20_000), gov(40_000));
const challengeCmd = fc
  .tuple(actor, proposal, fc.constantFrom(BOND / 2n, BOND, gov(12_345)))
  .map(([a, p, x]) => new Challenge(a, p, x));
const stakeCmd = fc
  .tuple(actor, proposal, fc.constantFrom(0, 1), amount)
  .map(([a, p, s, x]) => new Stake(a, p, s, x, false));
const appealCmd = fc.tuple(actor, proposal, amount).map(([a, p, x]) => new Stake(a, p, 0, x, true));
const ruleCmd = fc
  .tuple(fc.constantFrom(0, 1, 2), proposal, fc.constantFrom(1, 1, 1, 2))
  .map(([i, p, r]) => new Rule(i, p, r));
const rulingCmd = fc
  .tuple(proposal, fc.constantFrom(1, 1, 2), fc.constantFrom(2, 3))
  .map(([p, r, n]) => new CommitteeRules(p, r, n));
const progressCmd = fc
  .tuple(proposal, fc.constantFrom(1, 1, 2), actor, fc.constantFrom(0, 1, 2))
  .map(([p, r, a, v]) => new Progress(p, r, a, v));
const voteCmd = fc
  .tuple(fc.constantFrom(0, 1), proposal, fc.constantFrom(0, 1, 2))
  .map(([v, p, s]) => new Vote(v, p, s));
const advanceCmd = fc
  .tuple(proposal, fc.boolean(), fc.constantFrom(1n, 50n, 3_000n))
  .map(([p, d, u]) => new Advance(p, d, u));
const claimCmd = fc.tuple(actor, proposal).map(([a, p]) => new Claim(a, p));
const armCmd = fc
  .tuple(fc.constantFrom("claim", "stake", "challenge", "settle", "appeal") as fc.Arbitrary<Arm["fn"]>, proposal)
  .map(([f, p]) => new Arm(f, p));
/** Weighted: deposits, rulings, votes and deadline jumps often; a guardian cancel (which ends a dispute) rarely. */
const commands = [
  fc.oneof(
    { arbitrary: challengeCmd, weight: 4 },
    { arbitrary: stakeCmd, weight: 8 },
    { arbitrary: appealCmd, weight: 10 },
    { arbitrary: ruleCmd, weight: 4 },
    { arbitrary: rulingCmd, weight: 4 },
    { arbitrary: progressCmd, weight: 14 },
    { arbitrary: voteCmd, weight: 8 },
    { arbitrary: advanceCmd, weight: 10 },
    { arbitrary: claimCmd, weight: 6 },
    { arbitrary: proposal.map((p) => new Settle(p)), weight: 2 },
    { arbitrary: proposal.map((p) => new GuardianCancel(p)), weight: 1 },
    { arbitrary: armCmd, weight: 5 },
  ),
];

for (const mode of CLOCK_MODES) {
  describe(`DisputeEscalation stateful fuzz (${mode} clock)`, function () {
    it("A9(d) a claim re-entered from the refund transfer reverts (ReentrancyGuardReentrantCall); the holder is paid once", async function () {
      const w = await loadFixture(mode === "timestamp" ? fuzzTimestamp : fuzzBlocknumber);
      const [p] = w.proposals;
      const holder = await w.reentrant.getAddress();
      await send(w, 2, "challenge", [p!.id, BOND]);
      await w.guardianModule.connect(w.guardian).cancel(...p!.args); // voided: the holder is owed its bond
      await w.reentrant.arm(w.escalationAddress, w.escalation.interface.encodeFunctionData("claim", [p!.id]));
      const before = await w.token.balanceOf(holder);
      await expect(send(w, 2, "claim", [p!.id]))
        .to.emit(w.reentrant, "Reentered")
        .withArgs(
          w.escalationAddress,
          false,
          w.escalation.interface.encodeErrorResult("ReentrancyGuardReentrantCall", []),
        );
      expect((await w.token.balanceOf(holder)) - before).to.equal(BOND);
      expect(await w.reentrant.reentrySuccesses()).to.equal(0n);
      await expect(send(w, 2, "claim", [p!.id]))
        .to.be.revertedWithCustomError(w.escalation, "DisputeAlreadyClaimed")
        .withArgs(p!.id, holder);
      const [deposited, refunded, rewarded, burned, held] = await w.escalation.accounting();
      expect([deposited, refunded, rewarded, burned, held]).to.deep.equal([BOND, BOND, 0n, 0n, 0n]);
    });

    it("A9(d) an unpayable recipient's claim reverts without touching anyone else's due", async function () {
      const w = await loadFixture(mode === "timestamp" ? fuzzTimestamp : fuzzBlocknumber);
      const [p] = w.proposals;
      await send(w, 3, "challenge", [p!.id, BOND]);
      await send(w, 0, "stake", [p!.id, 1, gov(4_000)]);
      await w.guardianModule.connect(w.guardian).cancel(...p!.args);
      await expect(send(w, 3, "claim", [p!.id])).to.be.revertedWithCustomError(w.token, "HookedTokenBlockedRecipient");
      await send(w, 0, "claim", [p!.id]);
      const [, , , , held] = await w.escalation.accounting();
      expect(held).to.equal(BOND);
      expect(await w.escalation.claimable(p!.id, w.blocked.address)).to.deep.equal([BOND, 0n]);
      await w.token.setBlocked(w.blocked.address, false);
      await send(w, 3, "claim", [p!.id]);
      expect((await w.escalation.accounting())[4]).to.equal(0n);
    });

    it("A9(d) fee-on-transfer: a stake is credited with what arrived, so the bond must arrive in full", async function () {
      const w = await loadFixture(mode === "timestamp" ? fuzzTimestamp : fuzzBlocknumber);
      const [p] = w.proposals;
      await w.token.setFeeBps(w.escalationAddress, 100); // 1 %
      await expect(send(w, 0, "challenge", [p!.id, BOND]))
        .to.be.revertedWithCustomError(w.escalation, "DisputeBondTooLow")
        .withArgs(p!.id, BOND - BOND / 100n, BOND);
      const gross = (BOND * 100n) / 99n + 1n;
      await send(w, 0, "challenge", [p!.id, gross]);
      const [credited] = await w.escalation.stakeOf(p!.id, w.eoas[0]!.address, 0);
      expect(credited).to.equal(gross - (gross * 100n) / 10_000n);
      expect(await w.token.balanceOf(w.escalationAddress)).to.equal((await w.escalation.accounting())[4]);
    });

    it("I18 conservation, no double claim, no successful re-entry, graph-respecting states: random challenge/stake/appeal/rule/referendum/claim sequences with a re-entrant bond holder, an unpayable recipient and a fee-on-transfer variant", async function () {
      this.timeout(600_000);
      const totals: Record<string, number> = {};
      let reentryAttempts = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(0, 100),
          fc.commands(commands, { maxCommands: 60, size: "+1" }),
          async (feeBps, cmds) => {
            const w = await loadFixture(mode === "timestamp" ? fuzzTimestamp : fuzzBlocknumber);
            await w.token.setFeeBps(w.escalationAddress, feeBps);
            const m: Model = {
              deposited: 0n,
              paid: 0n,
              burned: 0n,
              claimed: new Set(),
              lastState: await Promise.all(w.proposals.map((p) => w.escalation.disputeState(p.id))),
              reentryAttempts: 0,
              stats: {},
            };
            // Proposal 0 starts challenged (by the re-entrant holder when the draw says so); proposal 1 is open.
            const opener: Actor = cmds.toString().length % 2 === 0 ? 0 : 2;
            await checked(m, w, "challenge", () =>
              attempt(() => send(w, opener, "challenge", [w.proposals[0]!.id, gov(12_345)])),
            );
            await fc.asyncModelRun(() => ({ model: m, real: w }), cmds);
            await finish(m, w);
            for (const [k, v] of Object.entries(m.stats)) totals[k] = (totals[k] ?? 0) + v;
            reentryAttempts += m.reentryAttempts;
            runs++;
          },
        ),
        {
          numRuns:
            process.env.DISPUTE_FUZZ_RUNS !== undefined ? Number(process.env.DISPUTE_FUZZ_RUNS) : propertyRuns(20, 10),
        },
      );
      // The fuzz reached what it is about: successful deposits, claims, rulings, and blocked re-entries.
      const succeeded = (k: string) => (totals[k] ?? 0) + (totals[`final ${k}`] ?? 0);
      for (const k of ["challenge", "stake", "claim", "rule", "settle"]) {
        expect(succeeded(k), `no successful ${k} in ${runs} runs: ${JSON.stringify(totals)}`).to.be.greaterThan(0);
      }
      expect(reentryAttempts, "the re-entrant holder never re-entered").to.be.greaterThan(0);
      if (process.env.DISPUTE_FUZZ_STATS) console.log(JSON.stringify({ runs, reentryAttempts, totals, reverts }));
    });
  });
}

/** Drives both disputes past T_max, then everyone claims: only the unpayable recipient's due stays held. */
async function finish(m: Model, w: Real): Promise<void> {
  await w.reentrant.disarm();
  const tMax = disputeTMax(w.params) + w.params.escalatedWindow;
  const now = w.mode === "timestamp" ? BigInt(await time.latest()) : BigInt(await time.latestBlock());
  if (w.mode === "timestamp") await time.increaseTo(now + tMax + 1n);
  else await mine(tMax + 1n);
  let unpaid = 0n;
  for (const [i, p] of w.proposals.entries()) {
    const s = await w.escalation.disputeState(p.id);
    expect(
      (
        [DisputeState.Unchallenged, DisputeState.Upheld, DisputeState.Rejected, DisputeState.Voided] as bigint[]
      ).includes(s),
      `proposal ${i} is not final after T_max: ${STATE_NAMES[Number(s)]}`,
    ).to.equal(true);
    const v = await w.escalation.dispute(p.id);
    for (const a of ACTORS) {
      const who = await actorAddress(w, a);
      if (await w.escalation.hasClaimed(p.id, who)) continue;
      // The side matching the final ruling is made whole: its stakes at opened tiers come back at least.
      let winning = 0n;
      if (s === DisputeState.Upheld || s === DisputeState.Rejected) {
        for (let k = 0; k <= Number(v.tier); k++) {
          const [ch, de] = await w.escalation.stakeOf(p.id, who, k);
          winning += s === DisputeState.Upheld ? de : ch;
        }
      }
      const [refund, reward] = await w.escalation.claimable(p.id, who);
      expect(refund).to.be.greaterThanOrEqual(winning);
      if (refund + reward === 0n) continue;
      if (a === 3) {
        await checked(m, w, "final claim (unpayable)", () => attempt(() => send(w, a, "claim", [p.id])));
        unpaid += refund + reward;
        continue;
      }
      await checked(m, w, "final claim", () => attempt(() => send(w, a, "claim", [p.id])), who);
      expect(await w.escalation.hasClaimed(p.id, who)).to.equal(true);
    }
    if (s === DisputeState.Upheld || s === DisputeState.Rejected) {
      await checked(m, w, "final settle", () => attempt(() => w.escalation.settle(p.id)));
    }
  }
  const [deposited, refunded, rewarded, burned, held] = await w.escalation.accounting();
  expect(held, "held after everyone claimed = what the unpayable recipient is owed").to.equal(unpaid);
  expect(deposited).to.equal(m.deposited);
  expect(refunded + rewarded).to.equal(m.paid);
  expect(burned).to.equal(m.burned);
  expect(await w.token.balanceOf(w.escalationAddress)).to.equal(held);
}
