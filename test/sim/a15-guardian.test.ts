import { expect } from "chai";

import { A15_ROUTINE, A15_STAGES } from "../../lib/sim/attacks";
import { runAttacks } from "../../lib/sim/run";
import { DAY } from "../../lib/time";
import type { AttackReport } from "../../lib/sim/types";
import type { World } from "../../lib/sim/world";
import { runsOf, simWorld, violationsOf } from "./helpers";

/** Common world: votingDelay 1 day, votingPeriod 5 days, timelock 2 days; escalated challenge window 4 days. */
const SINGLE_PASS = (1n + 5n + 2n) * DAY;
const ESCALATED_WINDOW = 4n * DAY;

/**
 * A15 at small N: a captured guardian (the attacker's key) against an honest removal and ten routine proposals. Stock
 * OpenZeppelin's GovernorProposalGuardian cancels its own removal every time and never expires; Polycentric's
 * ProposalGuardian cannot cancel its removal, is replaced within the bound and stops at its expiry.
 */
describe("sim: A15 captured guardian at small N", function () {
  let world: World;
  let report: AttackReport;

  before(async function () {
    world = await simWorld();
    [report] = (await runAttacks({ seeds: 2, only: ["A15"], world, progress: false })) as [AttackReport];
  });

  it("A15 captured guardian: covered, both systems and both recipes per seed, no invariant violation", function () {
    expect(report.id).to.equal("A15");
    expect(report.status).to.equal("covered");
    expect(report.primaryVariant).to.equal("a removal");
    expect(violationsOf(report)).to.deep.equal([]);
    for (const system of ["baseline", "polycentric"] as const) {
      expect(runsOf(report, system, "a removal")).to.have.length(2);
      expect(runsOf(report, system, "b expiry")).to.have.length(2);
    }
    for (const x of runsOf(report, "baseline", "a removal")) {
      expect(A15_STAGES).to.include(x.measures!.firstCancelStage);
    }
  });

  it("A15 captured guardian: the OZ guardian cancels its removal twice and every routine proposal (attack succeeds)", function () {
    for (const x of runsOf(report, "baseline", "a removal")) {
      expect(x.success).to.equal(true);
      expect(x.proposalState).to.equal("Canceled");
      expect(x.timeToExecution).to.equal(undefined);
      expect(x.measures!.removalExecuted).to.equal("no");
      expect(x.measures!.guardianReplaced).to.equal("no");
      expect(x.measures!.tRemove).to.equal("never");
      const stage = String(x.measures!.firstCancelStage);
      expect(x.measures!.removalAttempts).to.equal(`#1 ${stage}: cancelled; #2 ${stage}: cancelled`);
      expect(x.measures!.routineCancelledDuringTerm).to.equal(A15_ROUTINE);
      expect(x.measures!.routineCancelledAfterRemoval).to.equal(A15_ROUTINE);
      expect(x.measures!.routineCancelAfterRemoval).to.equal("cancelled, never removed");
      expect(x.measures!.routineExecutedAfterRemoval).to.equal(0);
      expect(x.measures!.boundSeconds).to.equal(Number(2n * SINGLE_PASS));
    }
  });

  it("A15 captured guardian: Polycentric's guardian cannot cancel its removal; T_remove within the bound; then it cannot cancel", function () {
    for (const x of runsOf(report, "polycentric", "a removal")) {
      expect(x.success).to.equal(false);
      expect(x.proposalState).to.equal("Executed");
      expect(x.measures!.removalExecuted).to.equal("yes");
      expect(x.measures!.guardianReplaced).to.equal("yes");
      const attempts = String(x.measures!.removalAttempts).split("; ");
      expect(attempts.length).to.equal(A15_STAGES.length - A15_STAGES.indexOf(x.measures!.firstCancelStage as never));
      for (const a of attempts) expect(a).to.match(/^#1 \w+: not cancelled, /);
      // Before the deadline and in its (escalated) window the cancel marks it; once queued the window has closed.
      expect(attempts.at(-1)).to.equal("#1 Queued: not cancelled, window closed (runs its course)");
      // While it is in office the guardian may still cancel routine proposals: that is its bounded power.
      expect(x.measures!.routineCancelledDuringTerm).to.equal(A15_ROUTINE);
      expect(x.measures!.routineCancelledAfterRemoval).to.equal(0);
      expect(x.measures!.routineCancelAfterRemoval).to.equal("GuardianUnauthorized");
      expect(x.measures!.routineExecutedAfterRemoval).to.equal(A15_ROUTINE);
      expect(x.measures!.removalWindow).to.equal("4d");
      const bound = 2n * SINGLE_PASS + ESCALATED_WINDOW;
      expect(x.measures!.boundSeconds).to.equal(Number(bound));
      const t = BigInt(x.measures!.tRemoveSeconds!);
      expect(x.timeToExecution).to.equal(t);
      // One pass: delay + period + escalated window + timelock, plus the seconds of the blocks in between.
      expect(t >= SINGLE_PASS + ESCALATED_WINDOW).to.equal(true);
      expect(t < SINGLE_PASS + ESCALATED_WINDOW + 60n).to.equal(true);
      expect(t <= bound).to.equal(true);
    }
  });

  it("A15 captured guardian: after its term Polycentric's guardian cannot cancel (GuardianExpired); the OZ guardian still can", function () {
    for (const x of runsOf(report, "baseline", "b expiry")) {
      expect(x.success).to.equal(true);
      expect(x.proposalState).to.equal("Canceled");
      expect(x.measures!.cancelAfterTerm).to.equal("cancelled");
      expect(x.measures!.selfRenewal).to.equal("GovernorOnlyExecutor");
    }
    for (const x of runsOf(report, "polycentric", "b expiry")) {
      expect(x.success).to.equal(false);
      expect(x.proposalState).to.equal("Pending");
      expect(x.measures!.cancelAfterTerm).to.equal("GuardianExpired");
      expect(x.measures!.selfRenewal).to.equal("GuardianOnlyGovernance");
    }
  });

  it("A15 captured guardian: notes give T_remove against the bound and the routine cancels on both systems", function () {
    const notes = report.notes!.join("\n");
    expect(notes).to.contain("a removal: baseline 2/2, polycentric 0/2");
    expect(notes).to.contain("b expiry: baseline 2/2, polycentric 0/2");
    expect(notes).to.match(/baseline: removal executed 0\/2, T_remove never \(bound 16d\)/);
    expect(notes).to.match(/polycentric: removal executed 2\/2, T_remove 12d \d+s( \/ 12d \d+s)? \(bound 20d\)/);
    expect(notes).to.contain("GuardianUnauthorized");
    expect(notes).to.contain("GuardianExpired");
  });
});
