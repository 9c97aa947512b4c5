import { expect } from "chai";
import hre from "hardhat";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ZeroAddress } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import {
  COMMON_WORLD,
  GUARDRAIL_DEFAULTS,
  deployLinearSuite,
  deploySuite,
  governanceParams,
  governorParamsStruct,
  gov,
  readRoleEvents,
  replayRoleEvents,
  TIMELOCK_ROLES,
  timelockWiringViolations,
  type LinearSuite,
  type Suite,
  validateDeploymentParameters,
} from "../../lib";
import { PRODUCTION } from "../../deploy/builders";
import { cliDeploymentParameters } from "../../deploy/validate";
import {
  ClockSource__Mock__factory,
  PolycentricGovernor__factory,
  PolycentricGovernorLinear__factory,
  TimelockController__factory,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

async function wiringViolations(suite: Suite | LinearSuite, openExecutor: boolean): Promise<string[]> {
  const members = replayRoleEvents(await readRoleEvents(suite.timelock));
  return timelockWiringViolations(members, {
    timelock: await suite.timelock.getAddress(),
    governor: await suite.governor.getAddress(),
    openExecutor,
  });
}

describe("Ignition deployment (deploy/modules)", function () {
  for (const mode of CLOCK_MODES) {
    describe(`${mode} clock`, function () {
      it("I16 timelock roles: only the governor proposes, cancels and executes; the deployer's admin is renounced", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const suite = await deploySuite(deployer, { clockMode: mode });
        expect(await wiringViolations(suite, false)).to.deep.equal([]);
        const governor = await suite.governor.getAddress();
        expect(await suite.timelock.hasRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
        expect(await suite.timelock.hasRole(TIMELOCK_ROLES.PROPOSER_ROLE, governor)).to.equal(true);
        expect(await suite.timelock.hasRole(TIMELOCK_ROLES.EXECUTOR_ROLE, ZeroAddress)).to.equal(false);
        // Nobody but the timelock itself can now grant a role.
        await expect(suite.timelock.grantRole(TIMELOCK_ROLES.PROPOSER_ROLE, deployer.address))
          .to.be.revertedWithCustomError(suite.timelock, "AccessControlUnauthorizedAccount")
          .withArgs(deployer.address, TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE);
      });

      it("deploys the common world's parameters in the token's clock units", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const { token, governor, timelock } = await deploySuite(deployer, { clockMode: mode });
        const want = governanceParams(mode);
        expect(await governor.CLOCK_MODE()).to.equal(await token.CLOCK_MODE());
        // GovernorVotesImmutableClock computes the clock locally: it must read what the token reads.
        expect(await governor.clock()).to.equal(await token.clock());
        expect(await governor.token()).to.equal(await token.getAddress());
        expect(await governor.timelock()).to.equal(await timelock.getAddress());
        expect(await governor.name()).to.equal(want.governorName);
        expect(await governor.votingDelay()).to.equal(want.votingDelay);
        expect(await governor.votingPeriod()).to.equal(want.votingPeriod);
        expect(await governor.proposalThreshold()).to.equal(gov(25_000));
        expect(await governor["quorumNumerator()"]()).to.equal(4n);
        expect(await governor.lateQuorumVoteExtension()).to.equal(want.lateQuorumExtension);
        // Delegation caps: 2 % within [1 %, 10 %]; holding period 1 day within [1 hour, 30 days] (clock units).
        expect(await governor.capFraction()).to.equal(200n);
        expect(await governor.holdingPeriod()).to.equal(want.holdingPeriod);
        expect(await governor.capBounds()).to.deep.equal([100n, 1_000n, want.minHoldingPeriod, want.maxHoldingPeriod]);
        expect(want.holdingPeriod).to.equal(mode === "timestamp" ? 86_400n : 7_200n);
        expect(await governor.capParamsAt(0n)).to.deep.equal([200n, want.holdingPeriod]);
        expect(await timelock.getMinDelay()).to.equal(COMMON_WORLD.timelockDelay);
        expect(await token.totalSupply()).to.equal(COMMON_WORLD.totalSupply);
        expect(await token.balanceOf(deployer.address)).to.equal(COMMON_WORLD.totalSupply);
      });
    });
  }

  it("deploys every module variant with sound timelock roles and the identity mode it names", async function () {
    const [deployer, attester] = await hre.ethers.getSigners();
    const expiry = BigInt(await time.latest()) + 365n * 86_400n;
    const open = await deploySuite(deployer);
    const strict = await deploySuite(deployer, {
      identity: "strict",
      parameters: {
        PolycentricGovernance: { initialAttesters: [attester.address], initialAttesterExpiries: [expiry] },
      },
    });
    const none = await deploySuite(deployer, { identity: "none" });
    const linear = await deployLinearSuite(deployer);
    for (const suite of [open, strict, none, linear]) {
      expect(await wiringViolations(suite, false), suite.variant.suffix).to.deep.equal([]);
    }
    expect(await open.governor.identityRegistry()).to.equal(await open.registry!.getAddress());
    expect(await open.registry!.governance()).to.equal(await open.timelock.getAddress());
    expect(await open.registry!.maxAddressesPerIdentity()).to.equal(16n);
    expect([await open.governor.identityStrict(), await open.governor.sybilResistant()]).to.deep.equal([false, false]);
    expect([await strict.governor.identityStrict(), await strict.governor.sybilResistant()]).to.deep.equal([
      true,
      true,
    ]);
    expect(await strict.registry!.attesterExpiry(attester.address)).to.equal(expiry);
    expect(none.registry).to.equal(undefined);
    expect(await none.governor.identityRegistry()).to.equal(ZeroAddress);
    expect(await none.governor.sybilResistant()).to.equal(false);
    expect(await open.governor.COUNTING_MODE()).to.equal(
      "support=bravo&quorum=for,abstain&tally=sqrt&quorum-domain=raw&overridable=true&params=override",
    );
    expect(await linear.governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
  });

  it("opens execution to anyone only in the explicitly chosen open-executor module", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const suite = await deploySuite(deployer, { openExecutor: true });
    expect(await suite.timelock.hasRole(TIMELOCK_ROLES.EXECUTOR_ROLE, ZeroAddress)).to.equal(true);
    expect(await wiringViolations(suite, true)).to.deep.equal([]);
    // Checked against the default expectation, the open executor is reported.
    expect(await wiringViolations(suite, false)).to.deep.equal([
      `EXECUTOR_ROLE held by unexpected ${ZeroAddress}`,
      `EXECUTOR_ROLE missing ${await suite.governor.getAddress()}`,
    ]);
  });

  it("takes module parameters (here a 10 % quorum and 3-day voting period)", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const { governor } = await deploySuite(deployer, {
      parameters: { PolycentricGovernance: { quorumNumerator: 10, votingPeriod: 3 * 86_400 } },
    });
    expect(await governor["quorumNumerator()"]()).to.equal(10n);
    expect(await governor.votingPeriod()).to.equal(3n * 86_400n);
  });

  it("A20 role misconfiguration: a hand-wired timelock with a deployer admin and an extra proposer is reported", async function () {
    const [deployer, multisig] = await hre.ethers.getSigners();
    const timelock = await new TimelockController__factory(deployer).deploy(
      COMMON_WORLD.timelockDelay,
      [multisig.address],
      [multisig.address],
      deployer.address,
    );
    await timelock.grantRole(TIMELOCK_ROLES.PROPOSER_ROLE, deployer.address);
    const violations = timelockWiringViolations(replayRoleEvents(await readRoleEvents(timelock)), {
      timelock: await timelock.getAddress(),
      governor: hre.ethers.Wallet.createRandom().address,
      openExecutor: false,
    });
    expect(violations).to.include(`DEFAULT_ADMIN_ROLE held by unexpected ${deployer.address}`);
    expect(violations).to.include(`PROPOSER_ROLE held by unexpected ${multisig.address}`);
    expect(violations).to.include(`PROPOSER_ROLE held by unexpected ${deployer.address}`);
    expect(violations).to.include(`CANCELLER_ROLE held by unexpected ${multisig.address}`);
    expect(violations).to.include(`EXECUTOR_ROLE held by unexpected ${multisig.address}`);
  });

  it("the localhost parameter file matches the common world defaults", function () {
    const file = path.resolve(__dirname, "../../deploy/parameters/localhost.json");
    const params = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string | number>>;
    const big = (v: string | number) => BigInt(typeof v === "string" ? v.replace(/n$/, "") : v);
    const want = governanceParams("timestamp");
    const g = params.PolycentricGovernance!;
    expect(g.governorName).to.equal(want.governorName);
    expect(big(g.votingDelay!)).to.equal(want.votingDelay);
    expect(big(g.votingPeriod!)).to.equal(want.votingPeriod);
    expect(big(g.proposalThreshold!)).to.equal(want.proposalThreshold);
    expect(big(g.quorumNumerator!)).to.equal(want.quorumNumerator);
    expect(big(g.lateQuorumExtension!)).to.equal(want.lateQuorumExtension);
    expect(big(g.timelockDelay!)).to.equal(want.timelockDelay);
    for (const key of [
      "capFraction",
      "minCapFraction",
      "maxCapFraction",
      "holdingPeriod",
      "minHoldingPeriod",
      "maxHoldingPeriod",
    ] as const) {
      expect(big(g[key]!), key).to.equal(want[key]);
    }
    expect(big(params.PolycentricToken!.initialSupply!)).to.equal(COMMON_WORLD.totalSupply);
    expect(big(g.metaGovernanceQuorumBps!)).to.equal(GUARDRAIL_DEFAULTS.superQuorumBps);
  });

  it("the shipped parameter files pass the deployment parameter checks of their modules", function () {
    const dir = path.resolve(__dirname, "../../deploy/parameters");
    for (const [file, variant] of [
      ["localhost.json", PRODUCTION],
      ["remote.example.json", PRODUCTION],
      ["disputes.localhost.json", { ...PRODUCTION, suffix: "Disputes", disputes: true }],
    ] as const) {
      const json = cliDeploymentParameters(
        ["ignition", "deploy", "module.ts", "--parameters", path.join(dir, file)],
        "unused",
        dir,
      )!;
      const resolved = validateDeploymentParameters(variant, json);
      expect(resolved.metaGovernanceQuorumBps, file).to.equal(GUARDRAIL_DEFAULTS.superQuorumBps);
      expect(resolved.totalSupply, file).to.equal(COMMON_WORLD.totalSupply);
    }
  });

  describe("constructor bad input reverts with the offending values", function () {
    async function deployGovernor(overrides: Partial<ReturnType<typeof governanceParams>>) {
      const [deployer] = await hre.ethers.getSigners();
      const { token, timelock } = await deploySuite(deployer);
      const p = governanceParams("timestamp", COMMON_WORLD.totalSupply, overrides);
      const factory = new PolycentricGovernor__factory(deployer);
      return {
        factory,
        deploy: () =>
          factory.deploy(token, timelock, ZeroAddress, false, governorParamsStruct(p), ZeroAddress, ZeroAddress),
      };
    }

    it("a zero voting period", async function () {
      const { factory, deploy } = await deployGovernor({ votingPeriod: 0n });
      await expect(deploy()).to.be.revertedWithCustomError(factory, "GovernorInvalidVotingPeriod").withArgs(0n);
    });

    it("a quorum numerator above the denominator", async function () {
      const { factory, deploy } = await deployGovernor({ quorumNumerator: 101n });
      await expect(deploy())
        .to.be.revertedWithCustomError(factory, "GovernorInvalidQuorumFraction")
        .withArgs(101n, 100n);
    });

    it("strict identity mode without a registry", async function () {
      const [deployer] = await hre.ethers.getSigners();
      const { token, timelock } = await deploySuite(deployer);
      const factory = new PolycentricGovernor__factory(deployer);
      const params = governorParamsStruct(governanceParams("timestamp"));
      await expect(
        factory.deploy(token, timelock, ZeroAddress, true, params, ZeroAddress, ZeroAddress),
      ).to.be.revertedWithCustomError(factory, "GovernorIdentityRegistryRequired");
    });

    it("A12 clock mismatch: a registry on another clock than the token", async function () {
      const [deployer] = await hre.ethers.getSigners();
      const timestampSuite = await deploySuite(deployer);
      const blockSuite = await deploySuite(deployer, { clockMode: "blocknumber" });
      const factory = new PolycentricGovernor__factory(deployer);
      const params = governorParamsStruct(governanceParams("timestamp"));
      await expect(
        factory.deploy(
          timestampSuite.token,
          timestampSuite.timelock,
          blockSuite.registry!,
          false,
          params,
          ZeroAddress,
          ZeroAddress,
        ),
      )
        .to.be.revertedWithCustomError(factory, "GovernorIdentityClockMismatch")
        .withArgs("mode=blocknumber&from=default", "mode=timestamp");
    });

    it("A12 a token on an unsupported ERC-6372 clock mode (GovernorUnsupportedClockMode(mode))", async function () {
      const [deployer] = await hre.ethers.getSigners();
      const { timelock } = await deploySuite(deployer);
      const mode = "mode=blocknumber&from=eip155:1";
      const oddClock = await new ClockSource__Mock__factory(deployer).deploy(mode);
      const factory = new PolycentricGovernorLinear__factory(deployer);
      await expect(
        factory.deploy(oddClock, timelock, governorParamsStruct(governanceParams("blocknumber")), ZeroAddress),
      )
        .to.be.revertedWithCustomError(factory, "GovernorUnsupportedClockMode")
        .withArgs(mode);
    });

    it("a late-quorum extension longer than the voting period", async function () {
      const { factory, deploy } = await deployGovernor({ lateQuorumExtension: 6n * 86_400n });
      await expect(deploy())
        .to.be.revertedWithCustomError(factory, "GovernorPreventLateQuorumVoteExtensionTooLarge")
        .withArgs(6n * 86_400n, 5n * 86_400n);
    });
  });
});
