import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, ZeroAddress, id, keccak256 } from "ethers";

import { DAY, HOUR } from "../../lib";
import { AttestationVerifier__Mock__factory, TEETrustRegistry__factory } from "../../typechain-types";

const NITRO = id("aws-nitro");
const BUILD_1 = id("enclave build 1");
const BUILD_2 = id("enclave build 2");
const ROOT = id("root certificate v1");
const MAX_AGE = HOUR;
const BOUNDS = { min: 5n * 60n, max: 7n * DAY };

/** The mock verifier's accepted report: keccak256(abi.encode(root, measurement, operator, issuedAt)). */
function attestation(root: string, measurement: string, operator: string, issuedAt: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32", "address", "uint64"],
      [root, measurement, operator, issuedAt],
    ),
  );
}

async function deployRegistry() {
  const [admin, guardian, operator, outsider] = await hre.ethers.getSigners();
  const verifier = await new AttestationVerifier__Mock__factory(admin!).deploy();
  const registry = await new TEETrustRegistry__factory(admin!).deploy(
    admin!.address,
    await verifier.getAddress(),
    ROOT,
    MAX_AGE,
    BOUNDS.min,
    BOUNDS.max,
  );
  await registry.addTeeType(NITRO, "AWS Nitro");
  await registry.approveMeasurement(NITRO, BUILD_1);
  const guardianExpiry = BigInt(await time.latest()) + 30n * DAY;
  await registry.setGuardian(guardian!.address, guardianExpiry);
  return {
    registry,
    verifier,
    admin: admin!,
    guardian: guardian!,
    operator: operator!,
    outsider: outsider!,
    guardianExpiry,
  };
}

async function register(
  f: Awaited<ReturnType<typeof deployRegistry>>,
  measurement = BUILD_1,
  issuedAt?: bigint,
): Promise<string> {
  const at = issuedAt ?? BigInt(await time.latest());
  const report = attestation(ROOT, measurement, f.operator.address, at);
  const registry = f.registry.connect(f.operator);
  const nodeId = await registry.registerNode.staticCall(NITRO, measurement, at, report);
  await registry.registerNode(NITRO, measurement, at, report);
  return nodeId;
}

describe("examples: TEETrustRegistry", function () {
  it("a node on an approved measurement with a fresh attestation is active until its heartbeat goes stale", async function () {
    const f = await loadFixture(deployRegistry);
    const nodeId = await register(f);
    expect(await f.registry.isNodeActive(nodeId)).to.equal(true);
    const n = await f.registry.node(nodeId);
    expect(n.operator).to.equal(f.operator.address);
    expect(n.measurement).to.equal(BUILD_1);
    await time.increase(MAX_AGE + 1n);
    expect(await f.registry.isNodeActive(nodeId)).to.equal(false);
    await expect(f.registry.connect(f.operator).heartbeat(nodeId)).to.emit(f.registry, "Heartbeat");
    expect(await f.registry.isNodeActive(nodeId)).to.equal(true);
  });

  it("revoking a measurement disables every node that runs it; re-approval restores them", async function () {
    const f = await loadFixture(deployRegistry);
    const nodeId = await register(f);
    await expect(f.registry.revokeMeasurement(NITRO, BUILD_1))
      .to.emit(f.registry, "MeasurementRevoked")
      .withArgs(NITRO, BUILD_1, false);
    expect(await f.registry.isNodeActive(nodeId)).to.equal(false);
    await f.registry.approveMeasurement(NITRO, BUILD_1);
    expect(await f.registry.isNodeActive(nodeId)).to.equal(true);
  });

  it("the guardian may revoke alone before its sunset, never after; the admin can reverse it", async function () {
    const f = await loadFixture(deployRegistry);
    const nodeId = await register(f);
    await expect(f.registry.connect(f.guardian).emergencyRevokeMeasurement(NITRO, BUILD_1))
      .to.emit(f.registry, "MeasurementRevoked")
      .withArgs(NITRO, BUILD_1, true);
    expect(await f.registry.isNodeActive(nodeId)).to.equal(false);
    await f.registry.approveMeasurement(NITRO, BUILD_1); // the reversal (through governance when governed)
    expect(await f.registry.isNodeActive(nodeId)).to.equal(true);
    await time.increaseTo(f.guardianExpiry);
    await expect(f.registry.connect(f.guardian).emergencyRevokeMeasurement(NITRO, BUILD_1))
      .to.be.revertedWithCustomError(f.registry, "TrustRegistryNotGuardian")
      .withArgs(f.guardian.address, f.guardian.address, f.guardianExpiry);
    await expect(f.registry.connect(f.outsider).emergencyRevokeMeasurement(NITRO, BUILD_1))
      .to.be.revertedWithCustomError(f.registry, "TrustRegistryNotGuardian")
      .withArgs(f.outsider.address, f.guardian.address, f.guardianExpiry);
  });

  it("the guardian's sunset is bounded: in the future, at most MAX_GUARDIAN_TERM ahead; address 0 clears it", async function () {
    const f = await loadFixture(deployRegistry);
    const term = await f.registry.MAX_GUARDIAN_TERM();
    const at = BigInt(await time.latest()) + 10n;
    await time.setNextBlockTimestamp(at);
    await expect(f.registry.setGuardian(f.guardian.address, at + term + 1n))
      .to.be.revertedWithCustomError(f.registry, "TrustRegistryInvalidGuardianExpiry")
      .withArgs(at + term + 1n, at + term);
    await time.setNextBlockTimestamp(at + 1n);
    await expect(f.registry.setGuardian(f.guardian.address, at + 1n))
      .to.be.revertedWithCustomError(f.registry, "TrustRegistryInvalidGuardianExpiry")
      .withArgs(at + 1n, at + 1n + term);
    await expect(f.registry.setGuardian(ZeroAddress, 123n))
      .to.emit(f.registry, "GuardianSet")
      .withArgs(f.guardian.address, f.guardianExpiry, ZeroAddress, 0n);
    expect(await f.registry.guardianExpiry()).to.equal(0n);
  });

  it("admin setters emit old and new values; the heartbeat max age stays inside its immutable bounds", async function () {
    const f = await loadFixture(deployRegistry);
    const root2 = id("root certificate v2");
    await expect(f.registry.setRootCertificate(root2)).to.emit(f.registry, "RootCertificateSet").withArgs(ROOT, root2);
    await expect(f.registry.setHeartbeatMaxAge(2n * HOUR))
      .to.emit(f.registry, "HeartbeatMaxAgeSet")
      .withArgs(MAX_AGE, 2n * HOUR);
    for (const bad of [BOUNDS.min - 1n, BOUNDS.max + 1n]) {
      await expect(f.registry.setHeartbeatMaxAge(bad))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryHeartbeatOutOfBounds")
        .withArgs(bad, BOUNDS.min, BOUNDS.max);
    }
  });

  it("a type added without a name is stored as unnamed (an empty name would read as an unknown type)", async function () {
    const f = await loadFixture(deployRegistry);
    await expect(f.registry.addTeeType(id("sgx"), ""))
      .to.emit(f.registry, "TeeTypeAdded")
      .withArgs(id("sgx"), "");
    expect(await f.registry.teeTypeName(id("sgx"))).to.equal("unnamed");
    await f.registry.approveMeasurement(id("sgx"), BUILD_2);
    expect(await f.registry.isApproved(id("sgx"), BUILD_2)).to.equal(true);
  });

  describe("bad input", function () {
    it("registering on an unknown type, an unapproved or revoked measurement, a stale or future attestation", async function () {
      const f = await loadFixture(deployRegistry);
      const reg = f.registry.connect(f.operator);
      const now = BigInt(await time.latest());
      const good = attestation(ROOT, BUILD_1, f.operator.address, now);
      await expect(reg.registerNode(id("sgx"), BUILD_1, now, good))
        .to.be.revertedWithCustomError(reg, "TrustRegistryUnknownType")
        .withArgs(id("sgx"));
      await expect(reg.registerNode(NITRO, BUILD_2, now, good))
        .to.be.revertedWithCustomError(reg, "TrustRegistryMeasurementNotApproved")
        .withArgs(NITRO, BUILD_2);
      const at = now + 10n;
      const stale = at - MAX_AGE - 1n;
      await time.setNextBlockTimestamp(at);
      await expect(reg.registerNode(NITRO, BUILD_1, stale, attestation(ROOT, BUILD_1, f.operator.address, stale)))
        .to.be.revertedWithCustomError(reg, "TrustRegistryStaleAttestation")
        .withArgs(stale, MAX_AGE, at);
      const future = at + 100n;
      await time.setNextBlockTimestamp(at + 1n);
      await expect(reg.registerNode(NITRO, BUILD_1, future, attestation(ROOT, BUILD_1, f.operator.address, future)))
        .to.be.revertedWithCustomError(reg, "TrustRegistryStaleAttestation")
        .withArgs(future, MAX_AGE, at + 1n);
      await f.registry.revokeMeasurement(NITRO, BUILD_1);
      await expect(reg.registerNode(NITRO, BUILD_1, now, good))
        .to.be.revertedWithCustomError(reg, "TrustRegistryMeasurementNotApproved")
        .withArgs(NITRO, BUILD_1);
    });

    it("an attestation for another operator, root or measurement is rejected; a node registers once", async function () {
      const f = await loadFixture(deployRegistry);
      const reg = f.registry.connect(f.operator);
      const now = BigInt(await time.latest()) + 1n;
      const forOutsider = attestation(ROOT, BUILD_1, f.outsider.address, now);
      await expect(reg.registerNode(NITRO, BUILD_1, now, forOutsider))
        .to.be.revertedWithCustomError(reg, "TrustRegistryAttestationRejected")
        .withArgs(f.operator.address, BUILD_1);
      const wrongRoot = attestation(id("other root"), BUILD_1, f.operator.address, now + 1n);
      await expect(reg.registerNode(NITRO, BUILD_1, now + 1n, wrongRoot)).to.be.revertedWithCustomError(
        reg,
        "TrustRegistryAttestationRejected",
      );
      const nodeId = await register(f);
      const n = await f.registry.node(nodeId);
      const again = attestation(ROOT, BUILD_1, f.operator.address, n.lastHeartbeat);
      await expect(reg.registerNode(NITRO, BUILD_1, n.lastHeartbeat, again))
        .to.be.revertedWithCustomError(reg, "TrustRegistryNodeExists")
        .withArgs(nodeId);
    });

    it("admin functions from anyone but the admin revert with AccessControl's error; heartbeats only by the operator", async function () {
      const f = await loadFixture(deployRegistry);
      const r = f.registry.connect(f.outsider);
      const role = await f.registry.DEFAULT_ADMIN_ROLE();
      for (const call of [
        () => r.addTeeType(id("x"), "x"),
        () => r.approveMeasurement(NITRO, BUILD_2),
        () => r.revokeMeasurement(NITRO, BUILD_1),
        () => r.setRootCertificate(id("r")),
        () => r.setHeartbeatMaxAge(HOUR),
        () => r.setGuardian(f.outsider.address, 1n),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(f.outsider.address, role);
      }
      const nodeId = await register(f);
      await expect(r.heartbeat(nodeId))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryNotOperator")
        .withArgs(nodeId, f.outsider.address, f.operator.address);
      await expect(r.heartbeat(id("nope")))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryUnknownNode")
        .withArgs(id("nope"));
      await expect(f.registry.node(id("nope"))).to.be.revertedWithCustomError(f.registry, "TrustRegistryUnknownNode");
    });

    it("duplicates and bad construction: type twice, approval twice, zero addresses, inverted bounds", async function () {
      const f = await loadFixture(deployRegistry);
      await expect(f.registry.addTeeType(NITRO, "again"))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryTypeExists")
        .withArgs(NITRO);
      await expect(f.registry.approveMeasurement(NITRO, BUILD_1))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryMeasurementApproved")
        .withArgs(NITRO, BUILD_1);
      await expect(f.registry.approveMeasurement(id("sgx"), BUILD_1))
        .to.be.revertedWithCustomError(f.registry, "TrustRegistryUnknownType")
        .withArgs(id("sgx"));
      const factory = new TEETrustRegistry__factory(f.admin);
      const v = await f.verifier.getAddress();
      await expect(factory.deploy(ZeroAddress, v, ROOT, MAX_AGE, BOUNDS.min, BOUNDS.max)).to.be.revertedWithCustomError(
        factory,
        "TrustRegistryZeroAddress",
      );
      await expect(factory.deploy(f.admin.address, v, ROOT, MAX_AGE, BOUNDS.max, BOUNDS.min))
        .to.be.revertedWithCustomError(factory, "TrustRegistryHeartbeatOutOfBounds")
        .withArgs(MAX_AGE, BOUNDS.max, BOUNDS.min);
    });
  });
});
