import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroHash, id } from "ethers";

import { analyze, buildProposal, collectSuite, DAY, gov, GovernorHelper, VoteType, type AuditReport } from "../../lib";
import {
  buildTrustRegistryGovernedModule,
  buildTrustRegistrySingleAdminModule,
  TRUST_REGISTRY_DEFAULTS,
  TRUST_REGISTRY_META_FUNCTIONS,
} from "../../deploy/trust-registry";
import {
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  GovernancePolicy__factory,
  TEETrustRegistry__factory,
  TimelockController__factory,
} from "../../typechain-types";

const { teeType, initialMeasurement } = TRUST_REGISTRY_DEFAULTS;
const BUILD_2 = id("enclave build 2");
/** Five community holders, self-delegated: 1.2M, 1M, 800k, 600k, 400k GOV. */
const STAKES = [1_200_000, 1_000_000, 800_000, 600_000, 400_000].map((n) => gov(n));

async function singleAdmin() {
  const [admin] = await hre.ethers.getSigners();
  const d = (await hre.ignition.deploy(buildTrustRegistrySingleAdminModule(), { displayUi: false })) as unknown as {
    registry: { getAddress(): Promise<string> };
  };
  const registry = TEETrustRegistry__factory.connect(await d.registry.getAddress(), admin!);
  return { registry, admin: admin! };
}

async function governed() {
  const [deployer, guardian, ...holders] = await hre.ethers.getSigners();
  const guardianExpiry = BigInt(await time.latest()) + 90n * DAY;
  const d = (await hre.ignition.deploy(buildTrustRegistryGovernedModule(), {
    displayUi: false,
    parameters: { TEETrustRegistryGoverned: { guardianExpiry } },
  })) as unknown as Record<
    "token" | "governor" | "timelock" | "trustRegistry" | "policy",
    { getAddress(): Promise<string> }
  >;
  const token = PolycentricToken__factory.connect(await d.token.getAddress(), deployer!);
  const governor = PolycentricGovernor__factory.connect(await d.governor.getAddress(), deployer!);
  const timelock = TimelockController__factory.connect(await d.timelock.getAddress(), deployer!);
  const registry = TEETrustRegistry__factory.connect(await d.trustRegistry.getAddress(), deployer!);
  const policy = GovernancePolicy__factory.connect(await d.policy.getAddress(), deployer!);
  const voters = holders.slice(0, STAKES.length);
  for (const [i, v] of voters.entries()) {
    await token.transfer(v.address, STAKES[i]!);
    await token.connect(v).delegate(v.address);
  }
  // The rest is the DAO's treasury, held by the timelock (as scripts/ai-network-audit.ts does): kept by the
  // deployer, 60 % of the supply could be split across addresses and decide alone.
  await token.transfer(await timelock.getAddress(), await token.balanceOf(deployer!.address));
  const helper = await GovernorHelper.create(governor, deployer!);
  await helper.advanceBy((await governor.holdingPeriod()) + 1n); // holdings age past the holding period
  return {
    deployer: deployer!,
    guardian: guardian!,
    voters,
    token,
    governor,
    timelock,
    registry,
    policy,
    helper,
    guardianExpiry,
  };
}

async function auditOf(registry: string, governor?: string): Promise<AuditReport> {
  return analyze(
    await collectSuite({
      provider: hre.ethers.provider,
      governor,
      extra: [{ label: "trust-registry", address: registry }],
    }),
  );
}

describe("examples: an AI network's trust registry, single admin vs Polycentric", function () {
  it("the single-admin registry: one key with no expiry decides which enclave code is trusted (audit exit 1)", async function () {
    const { registry, admin } = await loadFixture(singleAdmin);
    expect(await registry.isApproved(teeType, initialMeasurement)).to.equal(true);
    const r = await auditOf(await registry.getAddress());
    const path = r.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${admin.address}`)!;
    expect(path).to.include({ parties: 1, flagged: true, expiry: null });
    expect(r.exitCode).to.equal(1);
    // The key alone approves an unreviewed build, at once.
    await registry.approveMeasurement(teeType, BUILD_2);
    expect(await registry.isApproved(teeType, BUILD_2)).to.equal(true);
  });

  it("the governed registry: only the timelock administers it, the guardian's power expires (audit exit 0)", async function () {
    const { registry, timelock, governor, deployer, guardian, guardianExpiry, policy } = await loadFixture(governed);
    // Its trust decisions are meta-governance from deployment on; revocations stay on the fast path.
    for (const f of TRUST_REGISTRY_META_FUNCTIONS) {
      expect(await policy.isMetaCall(registry.target, id(f).slice(0, 10)), f).to.equal(true);
    }
    // Who holds the admin role is meta-governance by construction (no registry entry needed).
    for (const f of ["grantRole", "revokeRole", "renounceRole"] as const) {
      expect(await policy.isMetaCall(registry.target, registry.interface.getFunction(f).selector), f).to.equal(true);
    }
    for (const f of ["revokeMeasurement", "emergencyRevokeMeasurement"] as const) {
      expect(await policy.isMetaCall(registry.target, registry.interface.getFunction(f).selector), f).to.equal(false);
    }
    const r = await auditOf(await registry.getAddress(), await governor.getAddress());
    expect(r.findings).to.deep.equal([]);
    expect(r.exitCode).to.equal(0);
    const governance = r.paths.find((p) => p.name === "governance")!;
    expect(governance.parties).to.be.greaterThan(1);
    const admin = r.paths.find((p) => p.name === "trust-registry DEFAULT_ADMIN_ROLE → timelock")!;
    expect(admin).to.include({ parties: governance.parties, flagged: false });
    expect(r.paths.find((p) => p.name === "trust-registry guardian")).to.include({ parties: 1, flagged: false });
    expect(r.paths.find((p) => p.name === "trust-registry guardian")!.expiry).to.equal(guardianExpiry);
    expect(await registry.hasRole(ZeroHash, await timelock.getAddress())).to.equal(true);
    expect(await registry.hasRole(ZeroHash, deployer.address)).to.equal(false);
    expect(await registry.guardian()).to.equal(guardian.address);
    await expect(registry.connect(deployer).approveMeasurement(teeType, BUILD_2)).to.be.revertedWithCustomError(
      registry,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("approving a build is meta-governance: a proposal needs the super-quorum, then the timelock delay", async function () {
    const { registry, helper, voters, policy } = await loadFixture(governed);
    const approve = (description: string) =>
      buildProposal(
        [
          {
            target: registry.target as string,
            data: registry.interface.encodeFunctionData("approveMeasurement", [teeType, BUILD_2]),
          },
        ],
        description,
      );
    // Three holders, each capped at 200,000 GOV: a majority and the 4 % quorum, but not the 8 % super-quorum.
    const short = approve("Approve enclave build 2");
    const { id: shortId } = await helper.propose(short, voters[0]!);
    expect(await policy.isMetaGovernance(shortId)).to.equal(true);
    await helper.waitForSnapshot(shortId);
    for (const v of voters.slice(0, 3)) await helper.vote(shortId, v, VoteType.For);
    await helper.waitForDeadline(shortId);
    await expect(helper.queue(short))
      .to.be.revertedWithCustomError(policy, "PolicySuperQuorumNotReached")
      .withArgs(shortId, gov(600_000), gov(800_000));
    // Four distinct capped holders reach it.
    const p = approve("Approve enclave build 2 (second vote)");
    const { id: pid } = await helper.propose(p, voters[1]!);
    await helper.waitForSnapshot(pid);
    for (const v of voters.slice(0, 4)) await helper.vote(pid, v, VoteType.For);
    await helper.waitForDeadline(pid);
    await helper.queue(p);
    expect(await registry.isApproved(teeType, BUILD_2)).to.equal(false); // still waiting for the timelock
    await helper.waitForEta(pid);
    await helper.execute(p);
    expect(await registry.isApproved(teeType, BUILD_2)).to.equal(true);
  });

  it("emergency: the guardian revokes a compromised build alone; tokenholders reverse it by proposal", async function () {
    const { registry, helper, voters, guardian } = await loadFixture(governed);
    await registry.connect(guardian).emergencyRevokeMeasurement(teeType, initialMeasurement);
    expect(await registry.isApproved(teeType, initialMeasurement)).to.equal(false);
    const p = buildProposal(
      [
        {
          target: await registry.getAddress(),
          data: registry.interface.encodeFunctionData("approveMeasurement", [teeType, initialMeasurement]),
        },
      ],
      "Reverse the emergency revocation of build 1",
    );
    // A reversal is an approval: meta-governance, so four capped holders (the super-quorum) vote it through.
    await helper.passAndExecute(p, voters[0]!, voters.slice(0, 4));
    expect(await registry.isApproved(teeType, initialMeasurement)).to.equal(true);
  });

  it("a hidden admin key kept by the foundation is flagged; a guardian past its sunset has no power left", async function () {
    const { registry, timelock, governor, deployer, guardian, guardianExpiry } = await loadFixture(governed);
    // The foundation's hidden key: granted by a proposal slipped through governance (here: by the timelock itself).
    const timelockAddress = await timelock.getAddress();
    await hre.network.provider.send("hardhat_impersonateAccount", [timelockAddress]);
    await hre.network.provider.send("hardhat_setBalance", [timelockAddress, "0xde0b6b3a7640000"]);
    const asTimelock = await hre.ethers.getSigner(timelockAddress);
    await registry.connect(asTimelock).grantRole(ZeroHash, deployer.address);
    await time.increaseTo(guardianExpiry);
    const r = await auditOf(await registry.getAddress(), await governor.getAddress());
    expect(r.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${deployer.address}`)).to.include({
      parties: 1,
      flagged: true,
    });
    expect(r.exitCode).to.equal(1);
    expect(r.paths.find((p) => p.name === "trust-registry guardian")).to.include({ parties: null, flagged: false });
    await expect(registry.connect(guardian).emergencyRevokeMeasurement(teeType, initialMeasurement))
      .to.be.revertedWithCustomError(registry, "TrustRegistryNotGuardian")
      .withArgs(guardian.address, guardian.address, guardianExpiry);
  });

  it("the audit task exits non-zero on the single-admin deployment and zero on the governed one", async function () {
    const single = await singleAdmin();
    const gov = await governed();
    const before = process.exitCode;
    const out = (await import("node:os")).tmpdir();
    try {
      process.exitCode = undefined;
      await hre.run("audit", {
        quiet: true,
        out,
        name: "trust-governed",
        governor: await gov.governor.getAddress(),
        contracts: `trust-registry=${await gov.registry.getAddress()}`,
      });
      expect(process.exitCode ?? 0).to.equal(0);
      await hre.run("audit", {
        quiet: true,
        out,
        name: "trust-single",
        contracts: `trust-registry=${await single.registry.getAddress()}`,
      });
      expect(process.exitCode).to.equal(1);
    } finally {
      process.exitCode = before;
    }
  });
});
