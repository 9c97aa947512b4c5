import { expect } from "chai";

import { A8_MAX, A8_MIN, A14_STAKE } from "../../lib/sim/attacks";
import { runAttacks } from "../../lib/sim/run";
import type { AttackReport } from "../../lib/sim/types";
import type { World } from "../../lib/sim/world";
import { runsOf, simWorld, violationsOf } from "./helpers";

/** The guardrails recipes at small N: the stock baseline falls, the production Polycentric suite refuses. */
describe("sim: guardrails attacks (A8, A11, A14) at small N", function () {
  let world: World;

  before(async function () {
    world = await simWorld();
  });

  async function run(id: string, seeds = 3): Promise<AttackReport> {
    const [report] = await runAttacks({ seeds, only: [id], world, progress: false });
    expect(report!.id).to.equal(id);
    expect(report!.status).to.equal("covered");
    expect(violationsOf(report!)).to.deep.equal([]);
    return report!;
  }

  it("A8 proposal spam: every spam proposal is live on the baseline, one on Polycentric; honest gas unchanged", async function () {
    const r = await run("A8");
    for (const x of runsOf(r, "baseline")) {
      const n = Number(x.measures!.spamProposals);
      expect(n).to.be.within(A8_MIN, A8_MAX);
      expect(x.success).to.equal(true);
      expect(x.measures!.live).to.equal(n);
      expect(x.measures!.stoppedBy).to.equal("none");
    }
    for (const x of runsOf(r, "polycentric")) {
      expect(x.success).to.equal(false);
      expect(x.measures!.live).to.equal(1);
      expect(x.measures!.stoppedBy).to.equal("PolicyProposerHasLiveProposal");
    }
    for (const x of r.runs!) {
      expect(x.measures!.honestProposeGasDelta).to.equal("0");
      expect(x.measures!.honestVoteGasDelta).to.equal("0");
    }
  });

  it("A11 code deployed at an empty target after the vote executes on the baseline, PolicyTargetCodeChanged on Polycentric", async function () {
    const r = await run("A11");
    for (const x of r.runs!) {
      expect(x.measures!.stateAtDeadline).to.equal("Succeeded");
      expect(x.measures!.codeSwapped).to.equal("yes");
    }
    for (const x of runsOf(r, "baseline")) {
      expect(x.success).to.equal(true);
      expect(x.proposalState).to.equal("Executed");
    }
    for (const x of runsOf(r, "polycentric")) {
      expect(x.success).to.equal(false);
      expect(x.proposalState).to.equal("Succeeded");
      expect(x.measures!.stoppedBy).to.equal("queue: PolicyTargetCodeChanged");
    }
  });

  it("A14 a split 10 % holder at low turnout rewrites the baseline's parameters; Polycentric's bounds refuse them", async function () {
    const r = await run("A14");
    const baseline = runsOf(r, "baseline");
    for (const x of baseline) {
      // Only the low-turnout vote can stop it on the baseline: no guard refuses a passed parameter change.
      if (x.success) expect(x.attackerGain > 0n).to.equal(true);
      else expect(x.measures!.stoppedBy).to.be.oneOf(["parameters vote: Defeated", "drain vote: Defeated"]);
      const changed = x.measures!.stoppedBy !== "parameters vote: Defeated";
      expect(x.measures!.quorumNumeratorAfter).to.equal(changed ? "4 -> 1" : "4 -> 4");
    }
    expect(baseline.some((x) => x.success)).to.equal(true);
    for (const x of runsOf(r, "polycentric")) {
      expect(x.success).to.equal(false);
      expect(x.attackerGain).to.equal(0n);
      expect(x.attackerCost.tokens).to.equal(A14_STAKE);
      expect(x.measures!.stoppedBy).to.equal("parameters execute: PolicyParameterOutOfBounds");
      expect(x.measures!.quorumNumeratorAfter).to.equal("4 -> 4");
    }
  });
});
