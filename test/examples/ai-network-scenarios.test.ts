/**
 * The AI-network scenarios (lib/sim/scenarios, docs/examples/ai-network.md) with asserted outcomes on both setups,
 * in both clock modes: the single-admin registry gives the attacker its goal every time, the registry governed by
 * Polycentric with disputes never does, and the chain state after each run says the same as the row.
 */
import { expect } from "chai";
import { ZeroHash } from "ethers";

import {
  captureProposal,
  COMMON_WORLD,
  COMPROMISED_BUILD,
  DISPUTE_DEFAULTS,
  FOUNDATION_BUILD,
  formatGov,
  formatScenarioTable,
  formatSpan,
  formatWeight,
  gov,
  isqrt,
  DAY,
  HOUR,
  hiddenKeyRevocationProposal,
  ofBps,
  proposalId,
  reversalProposal,
  runScenarios,
  SCENARIO_WORLD,
  ScenarioWorld,
  TEE_TYPE,
  UNREVIEWED_BUILD,
  WORLD,
  CAPITAL_CAPTURE,
  CONTESTED_REVERSAL,
  HIDDEN_ROLE,
  descriptionHash,
  type Proposal,
  type ScenarioResult,
} from "../../lib";
import { ProposalState } from "../../lib/enums";
import { TEETrustRegistry__factory } from "../../typechain-types";
import { DisputeState } from "../fixtures/disputes";

const CLOCK_MODES = ["timestamp", "blocknumber"] as const;

function args(p: Proposal) {
  return [p.targets, p.values, p.calldatas, descriptionHash(p.description)] as const;
}

function expectNoViolations(rows: readonly ScenarioResult[]): void {
  expect(rows.flatMap((r) => r.invariantViolations)).to.deep.equal([]);
}

describe("examples: AI-network scenario formatting", function () {
  it("durations read in seconds, minutes, hours then days; weights in whole √GOV", function () {
    expect(
      [0n, 59n, 60n, 3_599n, 3_600n, 2n * DAY - 1n, 2n * DAY, 10n * DAY + 2n * HOUR].map(formatSpan),
    ).to.deep.equal(["0 s", "59 s", "1 min", "59 min", "1.0 h", "48.0 h", "2.0 d", "10.1 d"]);
    // ⌊√(200,000 GOV in wei)⌋ = 447,213,595,499 → 447 √GOV.
    expect(formatWeight(isqrt(gov(200_000)))).to.equal("447 √GOV");
    expect(formatWeight(isqrt(gov(1_000_000)) * 4n)).to.equal("4,000 √GOV");
  });
});

for (const mode of CLOCK_MODES) {
  describe(`examples: AI-network scenarios, single admin vs Polycentric + disputes (${mode} clock)`, function () {
    let world: ScenarioWorld;

    before(async function () {
      world = await ScenarioWorld.create({ clockMode: mode });
    });

    describe("a. capital capture: operators approve their own unreviewed build", function () {
      it("single admin: the admin key approves it in one transaction (audit: 1 party, no expiry)", async function () {
        const [row] = await CAPITAL_CAPTURE.run(world, "single-admin");
        const admin = world.agents.deployer.address;
        expect(row).to.include({
          setup: "single-admin",
          outcome: "unreviewed build approved",
          attackerSucceeded: true,
          decidedBy: `admin key ${admin}`,
          durationSeconds: 0n,
          attackerNeeded: "the admin key's signature (audit: 1 party, no expiry, flagged)",
        });
        expect(row!.measures).to.include({ approved: true, auditExitCode: 1, adminPathParties: 1 });
        expect(await world.single.registry.isApproved(TEE_TYPE, UNREVIEWED_BUILD)).to.equal(true);
      });

      it("I6 cap soundness, A2 low turnout: the cap clips the operators; 50 % turnout defeats them, at 10 % the committee rejects the challenged approval", async function () {
        const rows = await CAPITAL_CAPTURE.run(world, "polycentric");
        expect(rows.map((r) => r.variant)).to.deep.equal(["turnout 50 %", "turnout 10 %"]);
        const [normal, low] = rows as [ScenarioResult, ScenarioResult];
        // The lead operator collected every small holder's delegation; each unit counts at most the 2 % cap.
        const cap = ofBps(COMMON_WORLD.totalSupply, COMMON_WORLD.capFractionBps);
        const operatorsRaw = WORLD.smallStake * BigInt(WORLD.smallCount) + 5n * SCENARIO_WORLD.operatorStake;
        const operatorsCounted = cap + 4n * SCENARIO_WORLD.operatorStake;
        for (const r of rows) {
          expect(r.attackerSucceeded).to.equal(false);
          expect(r.measures).to.include({
            operatorsRaw: formatGov(operatorsRaw),
            operatorsCounted: formatGov(operatorsCounted),
            capPerUnit: formatGov(cap),
            approved: false,
          });
        }
        // 50 %: whale + 10 of the 20 community holders (the delegates lost their delegators) outvote the operators.
        const honest = Math.round(WORLD.turnout.normal * (1 + WORLD.communityCount));
        expect(normal).to.include({ outcome: "blocked: defeated in the vote" });
        expect(normal.measures).to.include({ voteState: "Defeated", honestVoters: honest });
        expect(normal.decidedBy).to.match(new RegExp(`^tokenholders: ${5 + honest} voting units, Nakamoto \\d+ `));
        // Proposal → the vote closed: the voting delay and period. In block mode the waits mine blocks 12 s apart but
        // each vote's block is 1 s after the previous one, so chain time is close to, not exactly, the period.
        const voting = COMMON_WORLD.votingDelay + COMMON_WORLD.votingPeriod;
        if (mode === "timestamp") expect(normal.durationSeconds).to.equal(voting + 1n);
        else expect(normal.durationSeconds).to.be.within(voting - HOUR, voting + HOUR);
        // 10 %: the vote passes; challenged in the window, rejected 2 of 3, not appealed: never queueable.
        expect(low).to.include({ outcome: "blocked: challenged, rejected by the committee" });
        expect(low.decidedBy).to.equal("arbitration committee 2-of-3 (tier 0; the operators did not appeal)");
        expect(low.measures).to.include({ voteState: "Succeeded", disputeRejected: true, proposalState: "Canceled" });
        expect(String(low.measures.queueAttempt)).to.match(/^DisputeQueueBlocked\(/);
        const id = proposalId(captureProposal(world.poly.address));
        const { escalation } = world.poly.disputes;
        await expect(escalation.checkQueueable(id))
          .to.be.revertedWithCustomError(escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Rejected, 0);
        expect(await world.poly.governor.state(id)).to.equal(ProposalState.Canceled);
        expect(await world.poly.registry.isApproved(TEE_TYPE, UNREVIEWED_BUILD)).to.equal(false);
        expectNoViolations(rows);
      });
    });

    describe("b. a role kept past its sunset", function () {
      it("single admin: the foundation's key still approves a build of its choice after its sunset (audit exit 1)", async function () {
        const [row] = await HIDDEN_ROLE.run(world, "single-admin");
        expect(row).to.include({ attackerSucceeded: true, decidedBy: `admin key ${world.agents.deployer.address}` });
        expect(row!.outcome).to.equal("the foundation still decides alone after its sunset (audit exit 1)");
        expect(row!.measures).to.include({ approvedAfterSunset: true, auditExitCode: 1, adminPathFlagged: true });
        expect(row!.endedAt).to.be.greaterThan(world.sunsetAt);
        expect(await world.single.registry.isApproved(TEE_TYPE, FOUNDATION_BUILD)).to.equal(true);
      });

      it("I17 guardian bounds: the hidden admin key is flagged at the hand-over and revoked by proposal; after the sunset the guardian powers revert", async function () {
        const [row] = await HIDDEN_ROLE.run(world, "polycentric");
        const { foundation, foundationColdKey: cold } = world;
        expect(row).to.include({ attackerSucceeded: false });
        expect(row!.measures).to.include({
          hiddenKeyFlaggedAtHandover: true,
          hiddenPathParties: 1,
          auditExitAtHandover: 1,
          hiddenKeyCouldApproveBeforeRevocation: "yes",
          revocationVote: "Succeeded",
          revocationUnchallenged: true,
          hiddenKeyRevoked: true,
          auditExitAfterRevocation: 0,
          guardianPathPartiesAfterSunset: "none",
          auditExitAfterSunset: 0,
          hiddenKeyAfterRevocation: `AccessControlUnauthorizedAccount(${cold.address}, ${ZeroHash})`,
        });
        expect(row!.decidedBy).to.match(/^tokenholders: \d+ voting units, Nakamoto \d+ \(revocation\)/);
        const migrated = TEETrustRegistry__factory.connect(String(row!.measures.migratedRegistry), foundation);
        expect(await migrated.hasRole(ZeroHash, cold.address)).to.equal(false);
        expect(await migrated.hasRole(ZeroHash, world.poly.sys.address.timelock)).to.equal(true);
        await expect(migrated.connect(cold).approveMeasurement(TEE_TYPE, FOUNDATION_BUILD))
          .to.be.revertedWithCustomError(migrated, "AccessControlUnauthorizedAccount")
          .withArgs(cold.address, ZeroHash);
        for (const registry of [migrated, world.poly.registry]) {
          await expect(registry.connect(foundation).emergencyRevokeMeasurement(TEE_TYPE, COMPROMISED_BUILD))
            .to.be.revertedWithCustomError(registry, "TrustRegistryNotGuardian")
            .withArgs(foundation.address, foundation.address, world.sunsetAt);
        }
        const { guardian } = world.poly.disputes;
        const p = hiddenKeyRevocationProposal(String(row!.measures.migratedRegistry), cold.address);
        await expect(guardian.connect(foundation).cancel(...args(p)))
          .to.be.revertedWithCustomError(guardian, "GuardianExpired")
          .withArgs(foundation.address, world.sunsetAt);
        expectNoViolations([row!]);
      });
    });

    describe("c. emergency revocation of a compromised build, then its contested reversal", function () {
      it("single admin: the key revokes (every node off) and re-approves at will (every node back), nobody can contest", async function () {
        const [row] = await CONTESTED_REVERSAL.run(world, "single-admin");
        const nodes = SCENARIO_WORLD.operatorCount;
        expect(row).to.include({ attackerSucceeded: true });
        expect(row!.measures).to.include({
          activeBefore: nodes,
          activeAfterRevocation: 0,
          activeAfterReversal: nodes,
          reapproved: true,
        });
        expect(row!.durationSeconds).to.be.lessThan(60n);
        expect(await world.single.registry.isApproved(TEE_TYPE, COMPROMISED_BUILD)).to.equal(true);
      });

      it("I13 bounded liveness, I19 finality: the guardian revokes alone; the reversal passes the vote, is challenged and rejected by the referendum within T_max", async function () {
        const [row] = await CONTESTED_REVERSAL.run(world, "polycentric");
        const nodes = SCENARIO_WORLD.operatorCount;
        expect(row).to.include({ attackerSucceeded: false });
        expect(row!.outcome).to.match(/^blocked: revoked by the guardian at once; the reversal passed the vote/);
        expect(row!.decidedBy).to.match(/^tokenholder referendum: \d+ voting units, Nakamoto \d+ \(Reject /);
        expect(row!.decidedBy).to.contain("after the committee (2-of-3, 3-of-3 on appeal)");
        expect(row!.measures).to.include({
          activeBefore: nodes,
          activeAfterRevocation: 0,
          revokedBy: world.foundation.address,
          voteState: "Succeeded",
          committeeTier0: "2-of-3",
          committeeTier1: "3-of-3",
          disputeState: Number(DisputeState.Rejected),
          withinTMax: true,
          bondsPosted: formatGov(6n * DISPUTE_DEFAULTS.bond),
          bondsForfeited: formatGov(6n * DISPUTE_DEFAULTS.bond),
          proposalState: "Canceled",
          reapproved: false,
          activeAtEnd: 0,
        });
        expect(BigInt(row!.measures.decisionAfterDeadline as string)).to.be.at.most(
          BigInt(row!.measures.tMax as string),
        );
        const { escalation } = world.poly.disputes;
        expect(BigInt(row!.measures.tMax as string)).to.equal(await escalation.maxResolutionTime(0));
        const id = proposalId(reversalProposal(world.poly.address));
        await expect(escalation.checkQueueable(id))
          .to.be.revertedWithCustomError(escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Rejected, 0);
        const revocations = await world.poly.registry.queryFilter(world.poly.registry.filters.MeasurementRevoked());
        expect(revocations.map((e) => [e.args.measurement, e.args.emergency])).to.deep.equal([
          [COMPROMISED_BUILD, true],
        ]);
        expect(await world.poly.registry.isApproved(TEE_TYPE, COMPROMISED_BUILD)).to.equal(false);
        expectNoViolations([row!]);
      });
    });

    if (mode === "timestamp") {
      it("the runner: every scenario on both setups, the attacker succeeds only on the single admin, one table line per row", async function () {
        const lines: string[] = [];
        const { results } = await runScenarios({ world, progress: (l) => lines.push(l) });
        expect(results.map((r) => `${r.scenario} ${r.setup} ${r.attackerSucceeded}`)).to.deep.equal([
          "a single-admin true",
          "a polycentric false",
          "a polycentric false",
          "b single-admin true",
          "b polycentric false",
          "c single-admin true",
          "c polycentric false",
        ]);
        expect(lines).to.have.length(6);
        const table = formatScenarioTable(results).split("\n");
        expect(table).to.have.length(2 + results.length);
        expect(table[0]).to.equal("| setup | scenario | outcome | decided by | duration | attacker needed |");
        expect(table[4]).to.match(/^\| Polycentric \+ disputes \| a\. capital capture \(turnout 10 %\) \| blocked: /);
        expectNoViolations(results);
        await expect(runScenarios({ world, only: ["d"], progress: false })).to.be.rejectedWith(
          "unknown scenario id d; valid: a, b, c",
        );
      });
    }
  });
}
