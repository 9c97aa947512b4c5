/**
 * A15 captured guardian / veto abuse (THREATS A15; invariants I17 and I13).
 *
 * The guardian is controlled by the attacker. THREATS describes it as a 2-of-3 multisig that A controls; a multisig
 * whose quorum of signers is held by one party acts exactly like one key, so it is modelled here as the attacker's
 * own EOA (world.agents.attacker) holding the guardian role. Two recipes per seed, each against both systems:
 *
 *   a removal  the honest majority (community holder 0 proposes; the whale and community holders vote For) proposes
 *              to replace the guardian with an honest agent. At a stage drawn per seed (Pending, Active, Succeeded
 *              or Queued) the guardian tries to cancel the removal, and retries at every later stage while it is
 *              still alive. Ten routine grants (community holders 1–10, proposed alongside the removal) are each
 *              cancelled by the guardian while Active. If the removal was cancelled, the majority re-proposes it once
 *              (2 attempts in all, the "2 ×" of the bound) and the guardian again cancels at the drawn stage. Once the
 *              removal has run its course, the ten grants are re-proposed and the (former) guardian tries to cancel
 *              them again; the survivors are voted and executed.
 *              Measures: whether the removal survived and executed, the routine proposals cancelled before and after
 *              it, T_remove = chain time from the first removal proposal to the execution that replaced the guardian.
 *              Bound checked: T_remove ≤ 2 × (votingDelay + votingPeriod + timelock delay) + the challenge window
 *              the removal must pass through. THREATS states the first term (two full governance passes: one the
 *              guardian may spoil, one that must succeed); on Polycentric every proposal that touches the guardian is
 *              marked for escalation at creation, so it cannot be queued before the *escalated* window (4 days after
 *              the deadline) has closed, and that window is added once (the removal needs one pass there). The
 *              baseline has no challenge window: its bound is the first term alone. Every number is read from the
 *              deployed contracts. Success: the removal was blocked (never executed) or T_remove exceeded the bound.
 *              Not modelled here: the attacker also posting a challenge bond against the removal (anyone may); that
 *              delay is A9's measure, bounded by the dispute contract's T_max and paid for in forfeited bonds.
 *   b expiry   nobody removes the guardian; the chain advances to the end of the captured guardian's term (the
 *              Polycentric guardian's expiry, both systems share the chain's clock). The attacker tries to renew its
 *              own term (a guardian may only cancel: I17) and then to cancel a fresh routine proposal.
 *              Success: the cancel after the term was accepted.
 *
 * Baseline: stock OpenZeppelin has no guardian in BaselineGovernor, so the comparator is
 * BaselineProposalGuardian__Mock (the same stock composition plus OpenZeppelin's GovernorProposalGuardian, nothing
 * else) with its own TimelockController, deployed on the world's baseline token (the same holders and delegations),
 * the attacker as `proposalGuardian`. Polycentric: the production suite in the simulator's world has no dispute
 * contracts and so no guardian; this recipe deploys the dispute-enabled production variant (deploy/modules/
 * SuiteDisputes.ts: guardrails on, DisputeEscalation with its ProposalGuardian, the attacker as guardian for 179 of the
 * at most 180 days, a committee of three spare agents) once, in `prepare`.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";

import {
  BaselineProposalGuardian__Mock__factory,
  TimelockController__factory,
  type BaselineProposalGuardian__Mock,
} from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { COMMON_WORLD, governanceParams } from "../../params";
import { buildProposal, proposalArgs, type Proposal } from "../../proposal";
import { TIMELOCK_ROLES } from "../../roles";
import { deploySuite } from "../../suite";
import { DAY, formatDuration } from "../../time";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor, type Prng } from "../prng";
import { blockTime, grantProposal, propose, vote } from "../recipes";
import type { AttackRun } from "../types";
import { attachSuite, attachSystem, WORLD, type SimSystem, type World } from "../world";

export const A15_VARIANTS = ["a removal", "b expiry"] as const;
export type A15Variant = (typeof A15_VARIANTS)[number];
/** Routine proposals the captured guardian cancels (THREATS: 10). */
export const A15_ROUTINE = 10;
/** Stages at which the guardian first tries to cancel the removal (one drawn per seed). */
export const A15_STAGES = ["Pending", "Active", "Succeeded", "Queued"] as const;
export type A15Stage = (typeof A15_STAGES)[number];
/** The captured guardian's term on Polycentric, inside the 180-day maximum (DISPUTE_DEFAULTS.guardianMaxTerm). */
export const A15_TERM = 179n * DAY;
/** Removal attempts by the honest majority (the "2 ×" of the bound). */
const ATTEMPTS = 2;

const BASELINE_KEY = "A15 baseline guardian";
const POLY_KEY = "A15 disputes";
const BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";

/** What differs between the two systems: how the guardian cancels, who it is, how a proposal replaces it. */
interface GuardianSide {
  sys: SimSystem;
  /** The attacker's cancel through the guardian role. */
  cancel(p: Proposal): Promise<ContractTransactionResponse>;
  /** The attacker tries to give itself a new term without governance. */
  selfRenew(): Promise<ContractTransactionResponse>;
  /** A proposal replacing the guardian with `to`. */
  removal(to: string, description: string): Promise<Proposal>;
  guardian(): Promise<string>;
  /** The challenge window a proposal replacing the guardian must pass after its deadline (0: none). */
  removalWindow(id: bigint): Promise<bigint>;
  mechanism: string;
}

const baselineGovernors = new WeakMap<World, BaselineProposalGuardian__Mock>();

/** The stock OZ comparator: BaselineGovernor's composition + GovernorProposalGuardian on the baseline token. */
function baselineSystem(world: World): Promise<SimSystem> {
  return world.ensureSystem(BASELINE_KEY, async () => {
    const { deployer, attacker } = world.agents;
    const p = governanceParams("timestamp", COMMON_WORLD.totalSupply);
    const timelock = await new TimelockController__factory(deployer).deploy(p.timelockDelay, [], [], deployer.address);
    await timelock.waitForDeployment();
    const governor = await new BaselineProposalGuardian__Mock__factory(deployer).deploy(
      p.governorName,
      world.systems.baseline.address.token,
      await timelock.getAddress(),
      p.votingDelay,
      p.votingPeriod,
      p.proposalThreshold,
      p.quorumNumerator,
      attacker.address,
    );
    await governor.waitForDeployment();
    const governorAddress = await governor.getAddress();
    for (const role of [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE, TIMELOCK_ROLES.EXECUTOR_ROLE]) {
      await (await timelock.grantRole(role, governorAddress)).wait();
    }
    await (await timelock.renounceRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address)).wait();
    baselineGovernors.set(world, governor);
    const system = await attachSystem(
      "baseline",
      "baseline (OZ GovernorProposalGuardian)",
      world.systems.baseline.token,
      governor,
      timelock,
      world.agents,
    );
    return { system, holders: [system.address.timelock] };
  });
}

/** The dispute-enabled production variant with the attacker as its guardian. */
function polycentricSystem(world: World): Promise<SimSystem> {
  return world.ensureSystem(POLY_KEY, async () => {
    const { deployer, whale, community, attacker, spare } = world.agents;
    const members = spare.slice(2, 5);
    const now = BigInt(await time.latest());
    const suite = await deploySuite(deployer, {
      disputes: true,
      guardrails: true,
      parameters: {
        PolycentricGovernance: {
          committeeMembers: members.map((m) => m.address),
          committeeExpiries: members.map(() => now + 365n * DAY),
          guardian: attacker.address,
          guardianExpiry: now + A15_TERM,
        },
      },
    });
    const system = await attachSuite("polycentric (disputes, guardian)", suite, world.agents);
    const token = suite.token.connect(deployer);
    await token.transfer(system.address.timelock, WORLD.treasury);
    await token.transfer(whale.address, WORLD.whale);
    await suite.token.connect(whale).delegate(whale.address);
    for (const c of community) {
      await token.transfer(c.address, WORLD.communityStake);
      await suite.token.connect(c).delegate(c.address);
    }
    await suite.token.connect(attacker).delegate(attacker.address);
    // Holdings age past the holding period, as in the world's own Polycentric system.
    await time.increase((await suite.governor.holdingPeriod()) + 1n);
    const escalation = await suite.disputes!.escalation.getAddress();
    return { system, holders: [system.address.timelock, escalation, BURN_ADDRESS] };
  });
}

function baselineSide(world: World, sys: SimSystem): GuardianSide {
  const governor = baselineGovernors.get(world)!;
  const { attacker } = world.agents;
  return {
    sys,
    cancel: (p) => governor.connect(attacker).cancel(...proposalArgs(p)),
    selfRenew: () => governor.connect(attacker).setProposalGuardian(attacker.address),
    removal: async (to, description) =>
      buildProposal(
        [{ target: sys.address.governor, data: governor.interface.encodeFunctionData("setProposalGuardian", [to]) }],
        description,
      ),
    guardian: () => governor.proposalGuardian(),
    removalWindow: async () => 0n,
    mechanism: "OZ GovernorProposalGuardian: cancels any proposal at any stage, no expiry",
  };
}

function polycentricSide(world: World, sys: SimSystem): GuardianSide {
  const guardian = sys.disputes!.guardian;
  const escalation = sys.disputes!.escalation;
  const { attacker } = world.agents;
  return {
    sys,
    cancel: (p) => guardian.connect(attacker).cancel(...proposalArgs(p)),
    selfRenew: async () =>
      guardian.connect(attacker).setGuardian(attacker.address, BigInt(await time.latest()) + A15_TERM),
    removal: async (to, description) =>
      buildProposal(
        [
          {
            target: await guardian.getAddress(),
            // A new term as long as the maximum allows from now (the execution comes later, so it stays within it).
            data: guardian.interface.encodeFunctionData("setGuardian", [to, BigInt(await time.latest()) + A15_TERM]),
          },
        ],
        description,
      ),
    guardian: async () => (await guardian.guardian())[0],
    removalWindow: async (id) => {
      const [params] = await escalation.parameters(
        await escalation.parametersAt(await sys.governor.proposalSnapshot(id)),
      );
      return (await escalation.dispute(id)).marked ? params.escalatedWindow : params.challengeWindow;
    },
    mechanism: "ProposalGuardian: cancel-only, expires, its own removal escalates instead of being cancelled",
  };
}

async function stateOf(sys: SimSystem, id: bigint): Promise<string> {
  return proposalStateName(await sys.governor.state(id));
}

/**
 * The honest majority votes For: the whale and community holders 11–17 always (under Polycentric's 2 % cap that is
 * 900,000 raw For, above the 8 % meta-governance super-quorum a proposal touching the guardian needs), 18 and 19 each
 * with p = 0.5.
 */
async function majorityFor(world: World, ctx: RunContext, prng: Prng, id: bigint): Promise<void> {
  const extra = world.agents.community.slice(18, 20).filter(() => prng.bernoulli(WORLD.turnout.normal));
  for (const v of [world.agents.whale, ...world.agents.community.slice(11, 18), ...extra]) {
    await vote(ctx, v, id, VoteType.For, { honest: true });
  }
}

/** The guardian's cancel attempt: "cancelled", or why not (decoded revert, or "escalated" when it returned false). */
async function tryCancel(ctx: RunContext, side: GuardianSide, p: Proposal, id: bigint, label: string): Promise<string> {
  const r = await ctx.attempt(label, side.cancel(p));
  if (!r.ok) return r.name;
  if ((await stateOf(ctx.sys, id)) === "Canceled") return "cancelled";
  // Polycentric's guardian returned false: its own removal, sent to dispute escalation (or past its window).
  const guardian = ctx.sys.disputes?.guardian;
  for (const log of r.receipt.logs) {
    const parsed = guardian?.interface.parseLog(log);
    if (parsed?.name === "GuardianCancelEscalated") {
      return parsed.args[2] ? "not cancelled, marked for escalation" : "not cancelled, window closed (runs its course)";
    }
  }
  return "not cancelled";
}

interface Routine {
  p: Proposal;
  id: bigint;
}

async function proposeRoutine(world: World, ctx: RunContext, round: string): Promise<Routine[]> {
  const out: Routine[] = [];
  for (let i = 0; i < A15_ROUTINE; i++) {
    const grantee = world.agents.community[(i + 2) % world.agents.community.length]!;
    const p = grantProposal(grantee.address, 10n ** 16n, `A15 routine grant #${i}, ${round} (${ctx.seed})`);
    const { id } = await propose(ctx, world.agents.community[1 + i]!, p, { honest: true });
    out.push({ p, id });
  }
  return out;
}

/** Queues and executes every Succeeded proposal of `ps` once its dispute window (if any) has closed. */
async function executeAll(ctx: RunContext, ps: readonly Routine[], window: bigint, by: HardhatEthersSigner) {
  let executed = 0;
  const live = [];
  for (const r of ps) if ((await stateOf(ctx.sys, r.id)) === "Succeeded") live.push(r);
  if (live.length === 0) return 0;
  const last = live[live.length - 1]!;
  await ctx.sys.helper.advanceTo((await ctx.sys.governor.proposalDeadline(last.id)) + window + 1n);
  for (const r of live)
    await ctx.tx("queue routine", ctx.sys.governor.connect(by).queue(...proposalArgs(r.p)), { honest: true });
  await ctx.sys.helper.waitForEta(last.id);
  for (const r of live) {
    await ctx.tx("execute routine", ctx.sys.governor.connect(by).execute(...proposalArgs(r.p)), { honest: true });
    executed++;
  }
  return executed;
}

async function removalRun(world: World, side: GuardianSide, seed: number, stage: A15Stage): Promise<AttackRun> {
  const { sys } = side;
  const ctx = new RunContext(sys, seed);
  const prng = prngFor("A15 removal votes", seed);
  const { community, spare } = world.agents;
  const proposer = community[0]!;
  const honestGuardian = spare[6]!;
  const vd = await sys.governor.votingDelay();
  const vp = await sys.governor.votingPeriod();
  const tl = await sys.timelock.getMinDelay();

  let firstCreatedAt: bigint | undefined;
  let executedAt: bigint | undefined;
  let lastId = 0n;
  let window = 0n;
  let stoppedBy = "";
  let routineBefore = 0;
  const attemptsLog: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS && executedAt === undefined && stoppedBy === ""; attempt++) {
    const p = await side.removal(honestGuardian.address, `A15 replace the guardian, attempt ${attempt} (${seed})`);
    const { id, createdAt } = await propose(ctx, proposer, p, { honest: true });
    lastId = id;
    firstCreatedAt ??= createdAt;
    const routine = attempt === 1 ? await proposeRoutine(world, ctx, "during the captured term") : [];
    let cancelled = false;
    const at = async (s: A15Stage) => {
      if (cancelled || A15_STAGES.indexOf(s) < A15_STAGES.indexOf(stage)) return;
      const outcome = await tryCancel(ctx, side, p, id, `guardian cancels the removal (${s})`);
      attemptsLog.push(`#${attempt} ${s}: ${outcome}`);
      cancelled = outcome === "cancelled";
    };
    await at("Pending");
    await sys.helper.waitForSnapshot(routine.length > 0 ? routine[routine.length - 1]!.id : id);
    // Then the routine proposals, each cancelled after its vote opened.
    for (const r of routine) {
      if ((await tryCancel(ctx, side, r.p, r.id, "guardian cancels a routine proposal")) === "cancelled") {
        routineBefore++;
      }
    }
    if (cancelled) continue;
    await majorityFor(world, ctx, prng, id);
    await at("Active");
    if (cancelled) continue;
    await sys.helper.waitForDeadline(id);
    const state = await stateOf(sys, id);
    if (state !== "Succeeded") {
      stoppedBy = `vote: ${state}`;
      break;
    }
    await at("Succeeded");
    if (cancelled) continue;
    window = await side.removalWindow(id);
    await sys.helper.advanceTo((await sys.governor.proposalDeadline(id)) + window + 1n);
    const queued = await ctx.attempt("queue the removal", sys.governor.connect(proposer).queue(...proposalArgs(p)), {
      honest: true,
    });
    if (!queued.ok) {
      stoppedBy = `queue: ${queued.name}`;
      break;
    }
    await at("Queued");
    if (cancelled) continue;
    await sys.helper.waitForEta(id);
    const executed = await ctx.attempt(
      "execute the removal",
      sys.governor.connect(proposer).execute(...proposalArgs(p)),
      {
        honest: true,
      },
    );
    if (!executed.ok) {
      stoppedBy = `execute: ${executed.name}`;
      break;
    }
    executedAt = await blockTime(executed.receipt);
  }
  const removalState = await stateOf(sys, lastId);
  const replaced = (await side.guardian()).toLowerCase() === honestGuardian.address.toLowerCase();

  // After the removal ran its course: the grants are proposed again; the (former) guardian tries to cancel each.
  const again = await proposeRoutine(world, ctx, "after the removal");
  let routineAfter = 0;
  const afterErrors = new Set<string>();
  for (const r of again) {
    const outcome = await tryCancel(ctx, side, r.p, r.id, "former guardian cancels a routine proposal");
    if (outcome === "cancelled") routineAfter++;
    else afterErrors.add(outcome);
  }
  const survivors = [];
  for (const r of again) if ((await stateOf(sys, r.id)) !== "Canceled") survivors.push(r);
  if (survivors.length > 0) {
    await sys.helper.waitForSnapshot(survivors[survivors.length - 1]!.id);
    for (const r of survivors) await majorityFor(world, ctx, prng, r.id);
    await sys.helper.waitForDeadline(survivors[survivors.length - 1]!.id);
  }
  const routineWindow = survivors.length > 0 ? await side.removalWindow(survivors[0]!.id) : 0n;
  const routineExecuted = await executeAll(ctx, survivors, routineWindow, community[1]!);

  const singlePass = vd + vp + tl;
  const bound = 2n * singlePass + (side.sys.name === "polycentric" ? await escalatedWindow(sys) : 0n);
  const tRemove = executedAt !== undefined ? executedAt - firstCreatedAt! : undefined;
  const blocked = tRemove === undefined || !replaced;
  return ctx.result({
    success: blocked || tRemove > bound,
    proposalState: removalState,
    timeToExecution: tRemove,
    measures: {
      variant: "a removal",
      firstCancelStage: stage,
      removalAttempts: attemptsLog.length === 0 ? "none" : attemptsLog.join("; "),
      removalExecuted: executedAt !== undefined ? "yes" : "no",
      stoppedBy: stoppedBy || (executedAt !== undefined ? "nothing" : "guardian cancel"),
      guardianReplaced: replaced ? "yes" : "no",
      routineCancelledDuringTerm: routineBefore,
      routineCancelledAfterRemoval: routineAfter,
      routineCancelAfterRemoval:
        afterErrors.size > 0 ? [...afterErrors].join(", ") : replaced ? "cancelled" : "cancelled, never removed",
      routineExecutedAfterRemoval: routineExecuted,
      tRemove: tRemove !== undefined ? formatDuration(tRemove) : "never",
      tRemoveSeconds: tRemove !== undefined ? Number(tRemove) : -1,
      removalWindow: formatDuration(window),
      bound: formatDuration(bound),
      boundSeconds: Number(bound),
      mechanism: side.mechanism,
    },
  });
}

async function escalatedWindow(sys: SimSystem): Promise<bigint> {
  const e = sys.disputes!.escalation;
  const [params] = await e.parameters(await e.latestParamsId());
  return params.escalatedWindow;
}

async function expiryRun(world: World, side: GuardianSide, seed: number, until: bigint): Promise<AttackRun> {
  const { sys } = side;
  const ctx = new RunContext(sys, seed);
  const renew = await ctx.attempt("guardian renews its own term", side.selfRenew());
  if ((await time.latest()) < until) await time.increaseTo(until);
  const p = grantProposal(
    world.agents.community[2]!.address,
    10n ** 16n,
    `A15 routine grant after the guardian's term (${seed})`,
  );
  const { id } = await propose(ctx, world.agents.community[1]!, p, { honest: true });
  const outcome = await tryCancel(ctx, side, p, id, "guardian cancels after its term");
  return ctx.result({
    success: outcome === "cancelled",
    proposalState: await stateOf(sys, id),
    measures: {
      variant: "b expiry",
      selfRenewal: renew.ok ? "accepted" : renew.name,
      cancelAfterTerm: outcome,
      mechanism: side.mechanism,
    },
  });
}

export const A15: AttackModule = {
  id: "A15",
  title: "Captured guardian / veto abuse",
  guarantee:
    "I17 + I13: guardian can only cancel, cannot cancel its own removal, expires, and an honest majority removes it " +
    "within 2 × (votingDelay + votingPeriod + timelock) (+ the escalated challenge window on Polycentric)",
  status: "covered",
  primaryVariant: "a removal",

  async prepare(world) {
    await baselineSystem(world);
    await polycentricSystem(world);
  },

  async run(world, seed) {
    const base = world.extraSystems.get(BASELINE_KEY);
    const poly = world.extraSystems.get(POLY_KEY);
    if (!base || !poly) throw new Error("A15: prepare() was not run on this world");
    const sides = [baselineSide(world, base), polycentricSide(world, poly)];
    const stage = prngFor("A15 stage", seed).pick(A15_STAGES);
    const runs: AttackRun[] = [];
    for (const side of sides) {
      await world.reset();
      runs.push(await removalRun(world, side, seed, stage));
    }
    await world.reset();
    const [, expiry] = await poly.disputes!.guardian.guardian();
    for (const side of sides) {
      await world.reset();
      runs.push(await expiryRun(world, side, seed, expiry));
    }
    return runs;
  },

  notes(runs) {
    const notes = A15_VARIANTS.map((v) => `${v}: ${countNote(runs, ofVariant(v))}`);
    for (const system of ["baseline", "polycentric"] as const) {
      const a = runs.filter((r) => r.system === system && r.measures?.variant === "a removal");
      const b = runs.find((r) => r.system === system && r.measures?.variant === "b expiry");
      if (a.length === 0) continue;
      const m = a[0]!.measures!;
      const executed = a.filter((r) => r.measures!.removalExecuted === "yes").length;
      const t = [...new Set(a.map((r) => String(r.measures!.tRemove)))].join(" / ");
      notes.push(
        `${system}: removal executed ${executed}/${a.length}, T_remove ${t} (bound ${m.bound}); routine cancelled ` +
          `${m.routineCancelledDuringTerm}/${A15_ROUTINE} during the term, ${m.routineCancelledAfterRemoval}/${A15_ROUTINE}` +
          ` after the removal (${m.routineCancelAfterRemoval})` +
          (b ? `; after the term: cancel ${b.measures!.cancelAfterTerm}, self-renewal ${b.measures!.selfRenewal}` : ""),
      );
    }
    return notes;
  },
};
