import { expect } from "chai";
import hre from "hardhat";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ZeroAddress } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import {
  DISPUTE_DEFAULTS,
  GUARDRAIL_DEFAULTS,
  deployLinearSuite,
  deploySuite,
  disputeParams,
  readRoleEvents,
  replayRoleEvents,
  timelockWiringViolations,
  type LinearSuite,
  type Suite,
} from "../../lib";
import { CLOCK_MODES } from "../fixtures";

async function wiring(suite: Suite | LinearSuite): Promise<string[]> {
  return timelockWiringViolations(replayRoleEvents(await readRoleEvents(suite.timelock)), {
    timelock: await suite.timelock.getAddress(),
    governor: await suite.governor.getAddress(),
    openExecutor: false,
  });
}

describe("Ignition deployment with disputes (deploy/modules/SuiteDisputes.ts)", function () {
  for (const mode of CLOCK_MODES) {
    it(`(${mode} clock) binds the governor, wires the committee, referendum and guardian, leaves the deployer no power`, async function () {
      const [deployer, m1, m2, guardian] = await hre.ethers.getSigners();
      const expiry = BigInt(await time.latest()) + 100n * 86_400n;
      const suite = await deploySuite(deployer, {
        clockMode: mode,
        disputes: true,
        parameters: {
          PolycentricGovernance: {
            committeeMembers: [m1.address, m2.address],
            committeeExpiries: [expiry, expiry],
            guardian: guardian.address,
            guardianExpiry: expiry,
          },
        },
      });
      expect(suite.variant.suffix).to.equal(mode === "timestamp" ? "DisputesUnguarded" : "BlockClockDisputesUnguarded");
      const d = suite.disputes!;
      const timelock = await suite.timelock.getAddress();
      const escalation = await d.escalation.getAddress();
      expect(await wiring(suite)).to.deep.equal([]);
      expect(await d.escalation.governor()).to.equal(await suite.governor.getAddress());
      expect(await d.escalation.governance()).to.equal(timelock);
      expect(await d.escalation.CLOCK_MODE()).to.equal(await suite.token.CLOCK_MODE());
      for (const sub of [d.committee, d.referendum, d.guardian]) expect(await sub.court()).to.equal(escalation);
      expect(await d.committee.governance()).to.equal(timelock);
      expect(await d.guardian.governance()).to.equal(timelock);
      expect(await d.committee.members()).to.deep.equal([m1.address, m2.address]);
      expect(await d.guardian.guardian()).to.deep.equal([guardian.address, expiry]);
      const [params] = await d.escalation.parameters(0);
      const want = disputeParams(mode);
      expect([params.challengeWindow, params.rulingPeriod, params.bond]).to.deep.equal([
        want.challengeWindow,
        want.rulingPeriod,
        want.bond,
      ]);
      // No privileged deployer left behind: every setter is the timelock's.
      await expect(d.escalation.setParameters(want))
        .to.be.revertedWithCustomError(d.escalation, "DisputeOnlyGovernance")
        .withArgs(deployer.address, timelock);
      await expect(d.escalation.setHook(deployer.address, true))
        .to.be.revertedWithCustomError(d.escalation, "DisputeOnlyGovernance")
        .withArgs(deployer.address, timelock);
      await expect(d.committee.setMember(deployer.address, expiry))
        .to.be.revertedWithCustomError(d.committee, "CommitteeOnlyGovernance")
        .withArgs(deployer.address, timelock);
      await expect(d.guardian.setGuardian(deployer.address, expiry))
        .to.be.revertedWithCustomError(d.guardian, "GuardianOnlyGovernance")
        .withArgs(deployer.address, timelock);
      await expect(d.escalation.bindGovernor())
        .to.be.revertedWithCustomError(d.escalation, "DisputeGovernorAlreadyBound")
        .withArgs(await suite.governor.getAddress());
    });
  }

  it("the linear governor takes disputes too, and dispute parameters are module parameters", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const linear = await deployLinearSuite(deployer, {
      disputes: true,
      parameters: { PolycentricGovernance: { disputeBond: 5_000n * 10n ** 18n, challengeWindow: 3 * 86_400 } },
    });
    expect(await wiring(linear)).to.deep.equal([]);
    expect(await linear.disputes!.escalation.governor()).to.equal(await linear.governor.getAddress());
    const [params] = await linear.disputes!.escalation.parameters(0);
    expect(params.bond).to.equal(5_000n * 10n ** 18n);
    expect(params.challengeWindow).to.equal(3n * 86_400n);
    expect(await linear.disputes!.committee.members()).to.deep.equal([]);
    expect(await linear.disputes!.guardian.guardian()).to.deep.equal([ZeroAddress, 0n]);
  });

  it("a suite without disputes binds nothing (the governor's module is off)", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const suite = await deploySuite(deployer);
    expect(suite.disputes).to.equal(undefined);
    expect(suite.variant.disputes).to.equal(false);
  });

  it("the disputes parameter file matches the defaults (lib/params.ts DISPUTE_DEFAULTS)", function () {
    const file = path.join(__dirname, "..", "..", "deploy", "parameters", "disputes.localhost.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string | number>>;
    const g = json.PolycentricGovernanceDisputes!;
    const big = (v: string | number) => BigInt(typeof v === "string" ? v.replace(/n$/, "") : v);
    const want = disputeParams("timestamp");
    expect(big(g.challengeWindow!)).to.equal(want.challengeWindow);
    expect(big(g.escalatedWindow!)).to.equal(want.escalatedWindow);
    expect(big(g.lateChallengeExtension!)).to.equal(want.lateChallengeExtension);
    expect(big(g.rulingPeriod!)).to.equal(want.rulingPeriod);
    expect(big(g.appealWindow!)).to.equal(want.appealWindow);
    expect(big(g.referendumPeriod!)).to.equal(want.referendumPeriod);
    expect(big(g.burnBps!)).to.equal(want.burnBps);
    // The referendum's super-quorum has its own name; the policy's meta-governance one is a different parameter.
    expect(big(g.referendumSuperQuorumBps!)).to.equal(want.superQuorumBps);
    expect(big(g.metaGovernanceQuorumBps!)).to.equal(GUARDRAIL_DEFAULTS.superQuorumBps);
    expect(g.superQuorumBps).to.equal(undefined);
    expect(big(g.appealFactor!)).to.equal(want.appealFactor);
    expect(big(g.disputeBond!)).to.equal(want.bond);
    expect(big(g.committeeThreshold!)).to.equal(DISPUTE_DEFAULTS.committeeThreshold);
    expect(big(g.committeeAppealThreshold!)).to.equal(DISPUTE_DEFAULTS.committeeAppealThreshold);
    expect(big(g.committeeMaxTerm!)).to.equal(DISPUTE_DEFAULTS.committeeMaxTerm);
    expect(big(g.guardianMaxTerm!)).to.equal(DISPUTE_DEFAULTS.guardianMaxTerm);
  });
});
