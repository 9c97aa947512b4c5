import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { id, ZeroHash } from "ethers";

import {
  AUTHORITY_SIGNATURES as POLICY_AUTHORITY_SIGNATURES,
  buildProposal,
  DAY,
  gov,
  GovernorHelper,
  VoteType,
} from "../../lib";
import { buildTrustRegistryGovernedModule, TRUST_REGISTRY_DEFAULTS } from "../../deploy/trust-registry";
import {
  GovernancePolicy__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TEETrustRegistry__factory,
  TimelockController__factory,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { policyWorld } from "./policy-world";

/**
 * Functions that change who may change a contract: whatever the target, the policy must classify them as
 * meta-governance by itself, without a registry entry a deployer could forget.
 */
const AUTHORITY_SIGNATURES = [
  // AccessControl (and TimelockController's roles)
  "grantRole(bytes32,address)",
  "revokeRole(bytes32,address)",
  "renounceRole(bytes32,address)",
  // Ownable, Ownable2Step
  "transferOwnership(address)",
  "renounceOwnership()",
  "acceptOwnership()",
  // UUPS / beacon, ProxyAdmin, transparent proxy admin
  "upgradeTo(address)",
  "upgradeToAndCall(address,bytes)",
  "upgradeAndCall(address,address,bytes)",
  "upgrade(address,address)",
  "changeProxyAdmin(address,address)",
  "changeAdmin(address)",
  // TimelockController
  "updateDelay(uint256)",
  // Guardian setters (ProposalGuardian, TEETrustRegistry, the common one-argument form)
  "setGuardian(address,uint48)",
  "setGuardian(address,uint64)",
  "setGuardian(address)",
] as const;

const BUILD_2 = id("enclave build 2");
/** Five community holders, self-delegated: 1.2M, 1M, 800k, 600k, 400k GOV (each capped at 200k by the cap). */
const STAKES = [1_200_000, 1_000_000, 800_000, 600_000, 400_000].map((n) => gov(n));

async function governedRegistry() {
  const [deployer, , attacker, ...holders] = await hre.ethers.getSigners();
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
  const helper = await GovernorHelper.create(governor, deployer!);
  await helper.advanceBy((await governor.holdingPeriod()) + 1n);
  return { attacker: attacker!, voters, governor, timelock, registry, policy, helper };
}

for (const mode of CLOCK_MODES) {
  describe(`S2 authority changes are meta-governance by construction (${mode})`, function () {
    for (const signature of AUTHORITY_SIGNATURES) {
      it(`S2 authority by construction: ${signature} on any target, with no registry entry`, async function () {
        const w = await policyWorld(mode);
        const selector = id(signature).slice(0, 10);
        for (const target of [await w.receiver.getAddress(), w.attacker.address, await w.token.getAddress()]) {
          expect(await w.policy.isMetaCall(target, selector), `${signature} on ${target}`).to.equal(true);
        }
      });
    }

    it("S2 authority by construction: every signature of lib/guardrails.ts AUTHORITY_SIGNATURES is classified", async function () {
      const w = await policyWorld(mode);
      for (const signature of [...AUTHORITY_SIGNATURES, ...POLICY_AUTHORITY_SIGNATURES]) {
        expect(await w.policy.isAuthoritySelector(id(signature).slice(0, 10)), signature).to.equal(true);
      }
      // A registry edit cannot take an authority function off the meta-governance path.
      const timelock = await hre.ethers.getImpersonatedSigner(await w.timelock.getAddress());
      await hre.network.provider.send("hardhat_setBalance", [timelock.address, "0xde0b6b3a7640000"]);
      const grant = id("grantRole(bytes32,address)").slice(0, 10);
      await w.policy.connect(timelock).setMetaGovernance(await w.receiver.getAddress(), grant, false);
      expect(await w.policy.isMetaCall(await w.receiver.getAddress(), grant)).to.equal(true);
    });

    it("S2 authority by construction: ordinary calls on the same targets stay ordinary", async function () {
      const w = await policyWorld(mode);
      const selector = w.receiver.interface.getFunction("mockFunction").selector;
      expect(await w.policy.isMetaCall(await w.receiver.getAddress(), selector)).to.equal(false);
      expect(
        await w.policy.isMetaCall(await w.token.getAddress(), id("transfer(address,uint256)").slice(0, 10)),
      ).to.equal(false);
    });
  });
}

describe("S2 AI-network trust registry: role functions need the super-quorum", function () {
  const { teeType } = TRUST_REGISTRY_DEFAULTS;

  for (const fn of ["grantRole", "revokeRole", "renounceRole"] as const) {
    it(`S2 AI-network ${fn}: a 4 % proposal cannot hand DEFAULT_ADMIN_ROLE around (PolicySuperQuorumNotReached)`, async function () {
      const { attacker, voters, timelock, registry, policy, helper } = await loadFixture(governedRegistry);
      const account = fn === "grantRole" ? attacker.address : await timelock.getAddress();
      const p = buildProposal(
        [
          {
            target: await registry.getAddress(),
            data: registry.interface.encodeFunctionData(fn as "grantRole", [ZeroHash, account]),
          },
        ],
        `S2 ${fn} DEFAULT_ADMIN_ROLE ${account}`,
      );
      const { id: pid } = await helper.propose(p, voters[0]!);
      expect(await policy.isMetaGovernance(pid)).to.equal(true);
      // Three capped holders: a majority and the 4 % quorum, not the 8 % super-quorum.
      await helper.waitForSnapshot(pid);
      for (const v of voters.slice(0, 3)) await helper.vote(pid, v, VoteType.For);
      await helper.waitForDeadline(pid);
      await helper.expectState(pid, "Succeeded");
      await expect(helper.queue(p))
        .to.be.revertedWithCustomError(policy, "PolicySuperQuorumNotReached")
        .withArgs(pid, gov(600_000), gov(800_000));
      // The attack's goal stays out of reach: the attacker never approves a build alone.
      await expect(registry.connect(attacker).approveMeasurement(teeType, BUILD_2)).to.be.revertedWithCustomError(
        registry,
        "AccessControlUnauthorizedAccount",
      );
    });
  }
});
