import { expect } from "chai";

import { A17_VARIANTS, A18_STAGES, ATTACKS } from "../../lib/sim/attacks";
import { runAttacks } from "../../lib/sim/run";
import type { AttackReport } from "../../lib/sim/types";
import type { World } from "../../lib/sim/world";
import { runsOf, simWorld, violationsOf } from "./helpers";

/**
 * A17 front-running and A18 cancel abuse at small N. Both systems inherit OpenZeppelin 5's proposal ids (no
 * proposer), its opt-in `#proposer=` suffix and its cancel rule (the proposer, while Pending): the measured outcome is
 * the same on the stock baseline and on Polycentric, and these tests assert it on both.
 */
describe("sim: A17 front-running and A18 cancel abuse at small N", function () {
  let world: World;

  before(async function () {
    world = await simWorld();
  });

  async function run(id: string, seeds = 2): Promise<AttackReport> {
    const [report] = await runAttacks({ seeds, only: [id], world, progress: false });
    expect(report!.id).to.equal(id);
    expect(report!.status).to.equal("covered");
    expect(violationsOf(report!)).to.deep.equal([]);
    return report!;
  }

  it("A17 and A18 are covered recipes, no longer in the not-covered list", function () {
    for (const id of ["A17", "A18"]) expect(ATTACKS.find((a) => a.id === id)!.status).to.equal("covered");
  });

  it("A17 front-running: a higher-tip copy of a plain-description propose lands first and is cancelled while Pending; the honest proposal cannot be created on either system, the #proposer= suffix protects it on both; two governors on one timelock do not collide", async function () {
    const r = await run("A17");
    expect(r.primaryVariant).to.equal("plain");
    expect(Object.keys(r.variants!)).to.deep.equal([...A17_VARIANTS]);
    for (const system of ["baseline", "polycentric"] as const) {
      const plain = runsOf(r, system, "plain");
      const suffixed = runsOf(r, system, "suffixed");
      expect(plain).to.have.length(2);
      expect(suffixed).to.have.length(2);
      for (const x of plain) {
        expect(x.success).to.equal(true);
        expect(x.proposalState).to.equal("Canceled");
        expect(x.measures).to.include({
          attackerFirst: "yes",
          attackerCopy: "ok",
          honestPropose: "GovernorUnexpectedProposalState",
          cancelWhilePending: "Pending: ok",
          honestRetry: "GovernorUnexpectedProposalState",
          proposerOfRecord: "attacker",
          honestCreated: "no",
          renamedResubmit: "ok",
        });
      }
      for (const x of suffixed) {
        expect(x.success).to.equal(false);
        expect(x.proposalState).to.equal("Pending");
        expect(x.measures).to.include({
          attackerFirst: "yes",
          attackerCopy: "GovernorRestrictedProposer",
          honestPropose: "ok",
          cancelWhilePending: "-",
          proposerOfRecord: "honest",
          honestCreated: "yes",
          attackerCancelsHonest: "GovernorUnableToCancel",
        });
      }
      const shared = runsOf(r, system, "shared-timelock");
      expect(shared).to.have.length(2);
      for (const x of shared) {
        // Same proposal id on both governors, distinct timelock operations: the copy queued first, the honest
        // proposal still queues and executes.
        expect(x.success).to.equal(false);
        expect(x.proposalState).to.equal("Executed");
        expect(x.measures).to.deep.equal({
          variant: "shared-timelock",
          sameProposalId: "yes",
          operationIdsDiffer: "yes",
          copy: "ok",
          queueCopy: "ok",
          queueHonest: "ok",
          executeHonest: "ok",
        });
      }
      expect(r.variants!.plain![system].successes).to.equal(2);
      expect(r.variants!.suffixed![system].successes).to.equal(0);
      expect(r.variants!["shared-timelock"]![system].successes).to.equal(0);
    }
    // The same outcome, measure for measure, on both systems.
    expect(runsOf(r, "polycentric").map((x) => x.measures)).to.deep.equal(runsOf(r, "baseline").map((x) => x.measures));
  });

  it("A18 cancel abuse: neither the proposer nor a third party cancels a supported proposal once voting started, even with the proposer below the threshold; the withdrawn measure is re-proposed under a new description", async function () {
    const r = await run("A18");
    const refusedAfter = (stages: readonly string[]) => stages.map((s) => `${s}:GovernorUnableToCancel`).join(" ");
    for (const system of ["baseline", "polycentric"] as const) {
      const runs = runsOf(r, system);
      expect(runs).to.have.length(2);
      for (const x of runs) {
        expect(x.success).to.equal(false);
        expect(x.proposalState).to.equal("Executed");
        expect(x.measures).to.deep.equal({
          proposerCancelPending: "ok",
          proposerCancel: refusedAfter(A18_STAGES.slice(1)),
          thirdPartyCancel: refusedAfter(A18_STAGES),
          cancelledAt: "never",
          cancelledBy: "-",
          reproposeSameDescription: "GovernorUnexpectedProposalState",
          reproposeNewDescription: "ok",
        });
      }
      expect(r.summary![system].successes).to.equal(0);
    }
  });
});
