/**
 * Scenario c, an honest emergency revocation and its contested reversal: the registry's first build, which every
 * operator's node runs, is found compromised. It is revoked at once (every node on it stops counting as active);
 * the operators, who lose revenue while their nodes are down, then push to re-approve it.
 *
 * - **Single admin.** The admin key revokes in one transaction, and re-approves in the next when the operators
 *   lobby it: nobody else has a say, nothing can be challenged.
 * - **Polycentric + disputes.** The foundation, as the registry's emergency guardian (until its sunset), revokes
 *   alone in one transaction. The lead operator proposes the re-approval; the operators vote For and, at low honest
 *   turnout (10 %), the vote passes. The independent auditor challenges it (10,000 GOV); the committee rejects it
 *   (2 of 3); the operators appeal (20,000 GOV), the committee rejects again (3 of 3); they appeal to the
 *   tokenholder referendum (40,000 GOV), where holders turn out as usual (50 %) and reject it past the
 *   super-quorum. The decision is final within T_max of the vote's deadline (`maxResolutionTime`), and the
 *   reversal can never be queued.
 *
 * The attacker's goal: the compromised build is approved again.
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { proposalStateName, VoteType } from "../../enums";
import { DISPUTE_DEFAULTS } from "../../params";
import { proposalId } from "../../proposal";
import { formatGov } from "../../units";
import { blockTime } from "../recipes";
import { WORLD } from "../world";
import {
  attempt,
  auditNote,
  committeeRules,
  committeeThresholds,
  COMPROMISED_BUILD,
  formatSpan,
  formatWeight,
  metaGovernanceNeed,
  governorVotes,
  proposalArgs,
  referendumVotes,
  reversalProposal,
  resultRow,
  send,
  sumWeight,
  TEE_TYPE,
  tokenholdersDecided,
} from "./common";
import type { ScenarioModule, ScenarioResult } from "./types";
import { BALLOT, DISPUTE_STATE, RULING, type ScenarioWorld } from "./world";

const TITLE = "emergency revocation, contested reversal";

async function singleAdmin(world: ScenarioWorld): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const setup = world.single;
  const { registry, address } = setup;
  const admin = world.agents.deployer;
  const activeBefore = await world.heartbeat(setup);
  const revoked = await send(
    undefined,
    "the admin key revokes the compromised build",
    registry.connect(admin).revokeMeasurement(TEE_TYPE, COMPROMISED_BUILD),
  );
  const revokedAt = await blockTime(revoked);
  const activeAfterRevocation = await world.activeNodes(setup);
  const reapproved = await send(
    undefined,
    "the admin key re-approves it when the operators ask",
    registry.connect(admin).approveMeasurement(TEE_TYPE, COMPROMISED_BUILD),
  );
  const reversedAt = await blockTime(reapproved);
  const activeAfterReversal = await world.activeNodes(setup);
  const approved = await registry.isApproved(TEE_TYPE, COMPROMISED_BUILD);
  const audit = await world.audit(address, false);
  const path = audit.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${admin.address}`);
  return resultRow(world, {
    scenario: "c",
    title: TITLE,
    setup: "single-admin",
    outcome: approved
      ? `revoked at once (${activeBefore} → ${activeAfterRevocation} active nodes), re-approved by the same key ` +
        `(${activeAfterReversal} active again); no challenge possible`
      : "revoked; the reversal did not happen",
    attackerSucceeded: approved,
    decidedBy: `admin key ${admin.address} (both the revocation and the reversal)`,
    startedAt: revokedAt,
    endedAt: reversedAt,
    span: "revocation → reversal in effect",
    attackerNeeded: `the admin key's signature (${auditNote(path)}); nobody can contest it`,
    measures: {
      activeBefore,
      activeAfterRevocation,
      activeAfterReversal,
      reapproved: approved,
      transactions: 2,
    },
    started,
  });
}

async function polycentric(world: ScenarioWorld): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const ctx = world.context();
  const setup = world.poly;
  const { governor, registry, address, disputes } = setup;
  const { escalation, referendum } = disputes;
  const operators = world.operators;
  const lead = operators[0]!;

  // The emergency: the guardian alone, one transaction.
  const activeBefore = await world.heartbeat(setup, ctx);
  const revoked = await ctx.tx(
    "the guardian revokes the compromised build",
    registry.connect(world.foundation).emergencyRevokeMeasurement(TEE_TYPE, COMPROMISED_BUILD),
  );
  const revokedAt = await blockTime(revoked);
  const activeAfterRevocation = await world.activeNodes(setup);

  // The contested reversal.
  const p = reversalProposal(address);
  const id = proposalId(p);
  await ctx.tx(
    "the lead operator proposes the reversal",
    governor.connect(lead).propose(p.targets, p.values, p.calldatas, p.description),
  );
  const snapshot = await governor.proposalSnapshot(id);
  await world.advanceTo(snapshot + 1n);
  const honest = await world.turnoutVoters(WORLD.turnout.low, snapshot);
  const votes = [
    ...(await governorVotes(world, ctx, id, operators, VoteType.For)),
    ...(await governorVotes(world, ctx, id, honest, VoteType.Against)),
  ];
  const forWeight = sumWeight(votes, "for");
  const againstWeight = sumWeight(votes, "against");
  const deadline = await governor.proposalDeadline(id);
  await world.advanceTo(deadline + 1n);
  const voteState = proposalStateName(await governor.state(id));
  const [t0, t1] = await committeeThresholds(world);
  const lowPct = `${Math.round(WORLD.turnout.low * 100)} %`;
  const measures: Record<string, string | number | boolean> = {
    activeBefore,
    activeAfterRevocation,
    revokedBy: world.foundation.address,
    voteState,
    forWeight: formatWeight(forWeight),
    againstWeight: formatWeight(againstWeight),
  };

  let outcome: string;
  let decidedBy: string;
  let span: string;
  let needed =
    `a passing vote (For weight > ${formatWeight(againstWeight)}; they had ${formatWeight(forWeight)} at ${lowPct} turnout)` +
    (await metaGovernanceNeed(governor, id));
  let endedAt: bigint;
  if (voteState !== "Succeeded") {
    outcome = `blocked: the reversal was ${voteState.toLowerCase()} in the vote`;
    decidedBy = tokenholdersDecided(votes);
    span = "revocation → vote closed";
    endedAt = BigInt(await time.latest());
  } else {
    const bondsBefore = await balances(
      world,
      operators.map((o) => o.address),
    );
    await ctx.tx(
      "the auditor challenges the reversal",
      escalation.connect(world.challenger).challenge(id, DISPUTE_DEFAULTS.bond),
    );
    const tier0 = await committeeRules(world, ctx, id, RULING.Reject);
    const bond1 = await escalation.requiredBond(id, 1);
    await ctx.tx("the lead operator appeals", escalation.connect(lead).appeal(id, bond1));
    const tier1 = await committeeRules(world, ctx, id, RULING.Reject);
    const bond2 = await escalation.requiredBond(id, 2);
    await ctx.tx("another operator appeals to the referendum", escalation.connect(operators[1]!).appeal(id, bond2));
    const opened = await escalation.dispute(id);
    await world.advanceTo(opened.fundingEnd + 1n);
    const [, refSnapshot] = await escalation.referendumOpen(id);
    const refVotes = [
      ...(await referendumVotes(world, ctx, id, operators, BALLOT.Uphold)),
      ...(await referendumVotes(
        world,
        ctx,
        id,
        await world.turnoutVoters(WORLD.turnout.normal, refSnapshot),
        BALLOT.Reject,
      )),
    ];
    await world.advanceTo((await escalation.dispute(id)).deliberationEnd + 1n);
    const decidedClock = await world.clock();
    const final = await escalation.disputeState(id);
    const settled = await ctx.tx("settle", escalation.settle(id));
    endedAt = await blockTime(settled);
    const queued = await attempt(
      ctx,
      "the operators try to queue the reversal",
      governor.connect(lead).queue(...proposalArgs(p)),
    );
    if (queued.ok) {
      // Upheld: the operators carry it through (not expected: the committee and the holders reject it here).
      await world.advanceTimeTo(await governor.proposalEta(id));
      await ctx.tx("the operators execute", governor.connect(lead).execute(...proposalArgs(p)));
    }
    if (final === DISPUTE_STATE.Rejected) {
      await ctx.tx(
        "anyone cancels the rejected reversal",
        escalation.connect(world.challenger).cancelProposal(...proposalArgs(p)),
      );
    }
    const bondsAfter = await balances(
      world,
      operators.map((o) => o.address),
    );
    const view = await escalation.dispute(id);
    const [params] = await escalation.parameters(view.paramsId);
    const superQuorum = await referendum.superQuorum(refSnapshot, params.superQuorumBps);
    const tMax = await escalation.maxResolutionTime(view.paramsId);
    const reject = sumWeight(refVotes, "reject");
    const uphold = sumWeight(refVotes, "uphold");
    const rejectRaw = refVotes.filter((v) => v.support === "reject").reduce((s, v) => s + v.power, 0n);
    const posted = bond1 + bond2;
    Object.assign(measures, {
      committeeTier0: tier0.quorum,
      committeeTier1: tier1.quorum,
      referendumReject: formatWeight(reject),
      referendumUphold: formatWeight(uphold),
      referendumRejectRaw: formatGov(rejectRaw),
      superQuorum: formatGov(superQuorum),
      disputeState: Number(final),
      decisionAfterDeadline: String(decidedClock - deadline),
      tMax: String(tMax),
      withinTMax: decidedClock - deadline <= tMax,
      queueAttempt: queued.ok ? "queued" : queued.error,
      bondsPosted: formatGov(posted),
      bondsForfeited: formatGov(bondsBefore - bondsAfter),
      proposalState: proposalStateName(await governor.state(id)),
    });
    outcome =
      final === DISPUTE_STATE.Rejected
        ? "blocked: revoked by the guardian at once; the reversal passed the vote, was challenged and rejected " +
          "through both committee tiers and the referendum"
        : "the reversal was upheld";
    decidedBy =
      `${tokenholdersDecided(refVotes, "tokenholder referendum")} (Reject ${formatWeight(reject)} vs Uphold ` +
      `${formatWeight(uphold)}; ${formatGov(rejectRaw)} Reject ≥ super-quorum ${formatGov(superQuorum)}), after ` +
      `the committee (${tier0.quorum}, ${tier1.quorum} on appeal); the revocation: the guardian alone`;
    span = `revocation → reversal rejected for good, ${formatSpan(world.clockToSeconds(decidedClock - deadline))} after the vote, T_max ${formatSpan(world.clockToSeconds(tMax))}`;
    needed +=
      `, then the dispute: committee ${t0}, ${t1} on appeal, or in the referendum Uphold ≥ Reject ` +
      `(${formatWeight(reject)}) or Reject + Abstain < ${formatGov(superQuorum)}; the operators posted ` +
      `${formatGov(posted)} of appeal bonds and forfeited ${formatGov(bondsBefore - bondsAfter)}`;
  }
  const approved = await registry.isApproved(TEE_TYPE, COMPROMISED_BUILD);
  measures.reapproved = approved;
  measures.activeAtEnd = await world.activeNodes(setup);
  return resultRow(world, {
    scenario: "c",
    title: TITLE,
    setup: "polycentric",
    outcome: approved ? "the compromised build was approved again" : outcome,
    attackerSucceeded: approved,
    decidedBy,
    startedAt: revokedAt,
    endedAt,
    span,
    attackerNeeded: needed,
    measures,
    ctx,
    started,
  });
}

async function balances(world: ScenarioWorld, addresses: readonly string[]): Promise<bigint> {
  let sum = 0n;
  for (const a of addresses) sum += await world.poly.sys.token.balanceOf(a);
  return sum;
}

export const CONTESTED_REVERSAL: ScenarioModule = {
  id: "c",
  title: TITLE,
  goal: "the operators get a build revoked as compromised approved again",
  async run(world, setup) {
    return [setup === "single-admin" ? await singleAdmin(world) : await polycentric(world)];
  },
};
