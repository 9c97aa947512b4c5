/**
 * Scenario a, capital capture: node operators who profit from an unreviewed build of their own (cheaper, or with
 * a back door) get it approved as trusted enclave code.
 *
 * - **Single admin.** The operators only need the admin key's signature (they bribe its holder, or are it): the
 *   key approves the build in one transaction, and an operator's node registers on it at once.
 * - **Polycentric + disputes.** The operators hold 5 × 100,000 GOV and accumulate delegations: every one of the
 *   100 small holders (2,000,000 GOV) moves its delegation from the honest delegates to the lead operator (a
 *   staking service paying them a yield), a holding period before the proposal. The lead operator proposes
 *   `approveMeasurement(build)`; the operators vote For, honest holders Against with the run's turnout. The 2 %
 *   delegation cap clips the lead operator's 2,100,000 GOV to 200,000, and quadratic counting takes the root.
 *   Two variants: at normal turnout (50 %) the vote defeats it; at low turnout (10 %) it passes the vote, an
 *   independent auditor challenges it (10,000 GOV bond) in the challenge window, the committee rejects it (2 of
 *   3), and the operators do not appeal (the next bond is 20,000 GOV): the proposal can never be queued.
 *
 * The attacker's goal: the unreviewed build is approved in the registry.
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { proposalStateName, VoteType } from "../../enums";
import { DISPUTE_DEFAULTS } from "../../params";
import { proposalId, type Proposal } from "../../proposal";
import { formatGov } from "../../units";
import { blockTime } from "../recipes";
import { WORLD } from "../world";
import {
  attempt,
  captureProposal,
  auditNote,
  committeeRules,
  committeeThresholds,
  formatWeight,
  metaGovernanceNeed,
  governorVotes,
  proposalArgs,
  resultRow,
  send,
  sumWeight,
  TEE_TYPE,
  tokenholdersDecided,
  UNREVIEWED_BUILD,
} from "./common";
import type { ScenarioModule, ScenarioResult } from "./types";
import { DISPUTE_STATE, RULING, type ScenarioWorld } from "./world";

const TITLE = "capital capture";

export const CAPITAL_CAPTURE_TURNOUTS = [WORLD.turnout.normal, WORLD.turnout.low] as const;

async function singleAdmin(world: ScenarioWorld): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const { registry, address } = world.single;
  const admin = world.agents.deployer;
  const approved = await send(
    undefined,
    "the admin key approves the operators' build",
    registry.connect(admin).approveMeasurement(TEE_TYPE, UNREVIEWED_BUILD),
  );
  const at = await blockTime(approved);
  const isApproved = await registry.isApproved(TEE_TYPE, UNREVIEWED_BUILD);
  const audit = await world.audit(address, false);
  const path = audit.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${admin.address}`);
  return resultRow(world, {
    scenario: "a",
    title: TITLE,
    setup: "single-admin",
    outcome: isApproved ? "unreviewed build approved" : "build not approved",
    attackerSucceeded: isApproved,
    decidedBy: `admin key ${admin.address}`,
    startedAt: at,
    endedAt: at,
    span: "one transaction",
    attackerNeeded: `the admin key's signature (${auditNote(path)})`,
    measures: {
      approved: isApproved,
      auditExitCode: audit.exitCode,
      adminPathParties: path?.parties ?? -1,
      transactions: 1,
    },
    started,
  });
}

async function polycentric(world: ScenarioWorld, turnout: number): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const ctx = world.context();
  const { governor, registry, address, disputes, sys } = world.poly;
  const [lead, ...others] = world.operators;
  const operators = [lead!, ...others];

  // The operators accumulate delegations a holding period ahead, so they count on the proposal.
  for (const s of world.agents.small) {
    await ctx.tx("small holder delegates to the lead operator", sys.token.connect(s).delegate(lead!.address));
  }
  await world.advanceBy((await governor.holdingPeriod()) + 1n);

  const p = captureProposal(address);
  const id = proposalId(p);
  const proposed = await ctx.tx(
    "the lead operator proposes its build",
    governor.connect(lead!).propose(...proposeArgs(p)),
  );
  const startedAt = await blockTime(proposed);
  const snapshot = await governor.proposalSnapshot(id);
  await world.advanceTo(snapshot + 1n);

  let raw = 0n;
  let counted = 0n;
  let cap = 0n;
  for (const op of operators) {
    const v = await governor.countedVotes(op.address, snapshot);
    counted += v.counted;
    raw += v.raw;
    cap = v.cap;
  }
  const honest = await world.turnoutVoters(turnout, snapshot);
  const votes = [
    ...(await governorVotes(world, ctx, id, operators, VoteType.For)),
    ...(await governorVotes(world, ctx, id, honest, VoteType.Against)),
  ];
  const forWeight = sumWeight(votes, "for");
  const againstWeight = sumWeight(votes, "against");
  const quorum = await governor.quorum(snapshot);
  await world.advanceTo((await governor.proposalDeadline(id)) + 1n);
  const voteState = proposalStateName(await governor.state(id));
  const [t0, t1] = await committeeThresholds(world);
  const capPercent = `${Number(await governor.capFraction()) / 100} %`;
  const pct = `${Math.round(turnout * 100)} %`;
  const needed =
    `For weight > ${formatWeight(againstWeight)} (Against at ${pct} turnout) with ≥ ${formatGov(quorum)} For` +
    `${await metaGovernanceNeed(governor, id)}; ` +
    `they had ${formatWeight(forWeight)}: ${formatGov(raw)} raw, ${formatGov(counted)} counted under the ` +
    `${capPercent} cap (${formatGov(cap)} per unit); then win the challenge (committee ${t0}, ${t1} on appeal, ` +
    `or the referendum)`;
  const measures: Record<string, string | number | boolean> = {
    turnout,
    operatorsRaw: formatGov(raw),
    operatorsCounted: formatGov(counted),
    capPerUnit: formatGov(cap),
    forWeight: formatWeight(forWeight),
    againstWeight: formatWeight(againstWeight),
    honestVoters: honest.length,
    quorum: formatGov(quorum),
    voteState,
  };

  let outcome: string;
  let decidedBy: string;
  let span: string;
  let endedAt: bigint;
  if (voteState !== "Succeeded") {
    outcome = `blocked: ${voteState.toLowerCase()} in the vote`;
    endedAt = BigInt(await time.latest());
    decidedBy = `${tokenholdersDecided(votes)} (Against ${formatWeight(againstWeight)} vs For ${formatWeight(forWeight)})`;
    span = "proposal → vote closed";
  } else {
    // The vote passed: an independent auditor challenges within the window; the committee rejects; no appeal.
    await ctx.tx(
      "the auditor challenges",
      disputes.escalation.connect(world.challenger).challenge(id, DISPUTE_DEFAULTS.bond),
    );
    const ruled = await committeeRules(world, ctx, id, RULING.Reject);
    await world.advanceTo((await disputes.escalation.dispute(id)).appealEnd + 1n);
    const settled = await ctx.tx("settle", disputes.escalation.settle(id));
    endedAt = await blockTime(settled);
    const queued = await attempt(ctx, "the operators try to queue", governor.connect(lead!).queue(...proposalArgs(p)));
    if (queued.ok) {
      // Upheld: the operators carry it through (not expected: the committee and the holders reject it here).
      await world.advanceTimeTo(await governor.proposalEta(id));
      await ctx.tx("the operators execute", governor.connect(lead!).execute(...proposalArgs(p)));
    }
    measures.queueAttempt = queued.ok ? "queued" : queued.error;
    const final = await disputes.escalation.disputeState(id);
    if (final === DISPUTE_STATE.Rejected) {
      await ctx.tx(
        "anyone cancels the rejected proposal",
        disputes.escalation.connect(world.challenger).cancelProposal(...proposalArgs(p)),
      );
    }
    measures.disputeState = Number(final);
    measures.disputeRejected = final === DISPUTE_STATE.Rejected;
    measures.proposalState = proposalStateName(await governor.state(id));
    outcome =
      final === DISPUTE_STATE.Rejected
        ? "blocked: challenged, rejected by the committee"
        : `challenged, but the dispute ended in state ${final}`;
    decidedBy = `arbitration committee ${ruled.quorum} (tier ${ruled.tier}; the operators did not appeal)`;
    span = "proposal → rejection final";
  }
  const isApproved = await registry.isApproved(TEE_TYPE, UNREVIEWED_BUILD);
  measures.approved = isApproved;
  return resultRow(world, {
    scenario: "a",
    title: TITLE,
    setup: "polycentric",
    variant: `turnout ${pct}`,
    outcome: isApproved ? "unreviewed build approved" : outcome,
    attackerSucceeded: isApproved,
    decidedBy,
    startedAt,
    endedAt,
    span,
    attackerNeeded: needed,
    measures,
    ctx,
    started,
  });
}

function proposeArgs(p: Proposal) {
  return [p.targets, p.values, p.calldatas, p.description] as const;
}

export const CAPITAL_CAPTURE: ScenarioModule = {
  id: "a",
  title: TITLE,
  goal: "node operators who profit from an unreviewed build of their own get it approved as trusted code",
  async run(world, setup) {
    if (setup === "single-admin") return [await singleAdmin(world)];
    const rows: ScenarioResult[] = [];
    for (const turnout of CAPITAL_CAPTURE_TURNOUTS) rows.push(await polycentric(world, turnout));
    return rows;
  },
};
