import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import {
  DAY,
  GUARDRAIL_DEFAULTS,
  HOUR,
  admitChange,
  deploySuite,
  gov,
  governanceParams,
  governorParamsStruct,
  governorStartProblems,
  initialParameterValues,
  oneStep,
  policyRules,
  ruleStruct,
  toClockUnits,
  type ClockMode,
  type GovernanceParams,
  type ParameterRule,
  type SuiteParameters,
} from "../../lib";
import {
  GovernancePolicy__factory,
  GuardedGovernor__Mock__factory,
  PolycentricGovernor__factory,
  TimelockController__factory,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { propertyRuns } from "../fixtures/effort";

const RUNS = 15;

async function expectRejectedBeforeAnyTransaction(
  mode: ClockMode,
  parameters: SuiteParameters,
  fragments: string[],
): Promise<void> {
  const [deployer] = await hre.ethers.getSigners();
  const before = await hre.ethers.provider.getBlockNumber();
  let message = "";
  try {
    await deploySuite(deployer!, { clockMode: mode, guardrails: true, parameters });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(
    message,
    `refused: ${JSON.stringify(parameters, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`,
  ).to.not.equal("");
  expect(message.split("\n"), "one line").to.have.length(1);
  for (const f of fragments) expect(message).to.include(f);
  expect(await hre.ethers.provider.getBlockNumber(), "no transaction was sent").to.equal(before);
}

/** A policy with `rules` in front of the suite's timelock, then a PolycentricGovernor starting at `p`. */
async function deployPolicyAndGovernor(mode: ClockMode, p: GovernanceParams, rules: ParameterRule[], quorumBps = 800n) {
  const [deployer] = await hre.ethers.getSigners();
  const { token, timelock } = await loadFixture(mode === "timestamp" ? timestampBase : blockBase);
  const policy = await new GovernancePolicy__factory(deployer).deploy(
    {
      governance: await timelock.getAddress(),
      superQuorumBps: quorumBps,
      maxActions: GUARDRAIL_DEFAULTS.maxActions,
      changeInterval: toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, mode),
      proposalBond: 0n,
      disputes: ZeroAddress,
      minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
      maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
    },
    rules.map(ruleStruct),
    [],
  );
  const factory = new PolycentricGovernor__factory(deployer);
  const deploy = () =>
    factory.deploy(token, timelock, ZeroAddress, false, governorParamsStruct(p), ZeroAddress, policy);
  return { factory, deploy, token };
}

async function timestampBase() {
  const [deployer] = await hre.ethers.getSigners();
  return deploySuite(deployer!, { clockMode: "timestamp" });
}
async function blockBase() {
  const [deployer] = await hre.ethers.getSigners();
  return deploySuite(deployer!, { clockMode: "blocknumber" });
}

describe("S11 starting parameters could freeze", function () {
  for (const mode of CLOCK_MODES) {
    const c = (seconds: bigint) => toClockUnits(seconds, mode);
    describe(`${mode} clock`, function () {
      it("S11 module: every starting value outside the policy's bounds is refused before any transaction, naming it", async function () {
        const cases: [Record<string, number | bigint>, string][] = [
          // The review's example: a 1-day voting period is more than 2× below the 3-day minimum.
          [{ votingPeriod: Number(c(DAY)) }, `votingPeriod = ${c(DAY)}`],
          [{ votingDelay: Number(c(60n)) }, `votingDelay = ${c(60n)}`],
          [{ votingDelay: Number(c(30n * DAY)) }, `votingDelay = ${c(30n * DAY)}`],
          [{ proposalThreshold: gov(100) }, `proposalThreshold = ${gov(100)}`],
          [{ proposalThreshold: gov(1_000_000) }, `proposalThreshold = ${gov(1_000_000)}`],
          [{ quorumNumerator: 1 }, "quorumNumerator = 1"],
          [{ quorumNumerator: 50 }, "quorumNumerator = 50"],
          [{ lateQuorumExtension: Number(c(60n)) }, `lateQuorumExtension = ${c(60n)}`],
          [{ capFraction: 50 }, "capFraction = 50"],
          [{ holdingPeriod: Number(c(60n * DAY)) }, `holdingPeriod = ${c(60n * DAY)}`],
          // The timelock's delay is in seconds in both clock modes; the policy holds every change to [2, 30] days.
          [{ timelockDelay: 0 }, "timelockDelay = 0"],
          [{ timelockDelay: Number(31n * DAY) }, `timelockDelay = ${31n * DAY}`],
          [{ minTimelockDelay: Number(3n * DAY), maxTimelockDelay: Number(2n * DAY) }, "are empty"],
        ];
        for (const [values, fragment] of cases) {
          await expectRejectedBeforeAnyTransaction(mode, { PolycentricGovernance: values }, [fragment, "["]);
        }
      });

      it("S11 constructor: the policy refuses a timelock whose delay starts outside its delay bounds", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const config = (governance: string) => ({
          governance,
          superQuorumBps: 800n,
          maxActions: GUARDRAIL_DEFAULTS.maxActions,
          changeInterval: c(GUARDRAIL_DEFAULTS.changeInterval),
          proposalBond: 0n,
          disputes: ZeroAddress,
          minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
          maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
        });
        const factory = new GovernancePolicy__factory(deployer);
        for (const delay of [0n, 3_600n, 31n * DAY]) {
          const timelock = await new TimelockController__factory(deployer).deploy(delay, [], [], deployer!.address);
          await expect(factory.deploy(config(await timelock.getAddress()), [], []))
            .to.be.revertedWithCustomError(factory, "PolicyTimelockDelayOutOfBounds")
            .withArgs(delay, ...GUARDRAIL_DEFAULTS.timelockDelay);
        }
        const sound = await new TimelockController__factory(deployer).deploy(2n * DAY, [], [], deployer!.address);
        await (await factory.deploy(config(await sound.getAddress()), [], [])).waitForDeployment();
      });

      it("S11 module: inconsistent bounds and a pinned parameter are refused before any transaction", async function () {
        await expectRejectedBeforeAnyTransaction(
          mode,
          { PolycentricGovernance: { minCapFraction: 300, maxCapFraction: 200 } },
          ["minCapFraction = 300", "maxCapFraction = 200"],
        );
        await expectRejectedBeforeAnyTransaction(
          mode,
          { PolycentricGovernance: { capFraction: 300, minCapFraction: 300, maxCapFraction: 300 } },
          ["capFraction = 300", "[300, 300]"],
        );
        await expectRejectedBeforeAnyTransaction(mode, { PolycentricToken: { initialSupply: 0n } }, [
          "initialSupply = 0",
        ]);
      });

      it("S11 constructor: the governor refuses a start outside the policy's bounds with the value and the bounds", async function () {
        const rules = policyRules(mode, governanceParams(mode));
        const cases: [Partial<GovernanceParams>, string, bigint][] = [
          [{ votingPeriod: c(DAY) }, "votingPeriod", c(DAY)],
          [{ votingDelay: c(60n) }, "votingDelay", c(60n)],
          [{ proposalThreshold: gov(100) }, "proposalThreshold", gov(100)],
          [{ quorumNumerator: 1n }, "quorumNumerator", 1n],
          [{ lateQuorumExtension: c(60n) }, "lateQuorumVoteExtension", c(60n)],
        ];
        for (const [override, name, value] of cases) {
          const rule = rules.find((r) => r.name === name)!;
          const { factory, deploy } = await deployPolicyAndGovernor(
            mode,
            governanceParams(mode, undefined, override),
            rules,
          );
          await expect(deploy(), name)
            .to.be.revertedWithCustomError(factory, "GovernorStartOutsidePolicyBounds")
            .withArgs(rule.setter, value, rule.min, rule.max);
        }
        // The cap and holding-period rules are the governor's own bounds: its caps module names the value first.
        const p = governanceParams(mode);
        const cap = await deployPolicyAndGovernor(mode, { ...p, capFraction: 50n }, rules);
        await expect(cap.deploy())
          .to.be.revertedWithCustomError(cap.factory, "GovernorCapFractionOutOfBounds")
          .withArgs(50n, p.minCapFraction, p.maxCapFraction);
        const holding = await deployPolicyAndGovernor(mode, { ...p, holdingPeriod: c(60n * DAY) }, rules);
        await expect(holding.deploy())
          .to.be.revertedWithCustomError(holding.factory, "GovernorHoldingPeriodOutOfBounds")
          .withArgs(c(60n * DAY), p.minHoldingPeriod, p.maxHoldingPeriod);
      });

      it("S11 constructor: a policy bound wider than the governor's immutable bound, and a pinned rule, are refused", async function () {
        const p = governanceParams(mode);
        const rules = policyRules(mode, p);
        const wide = rules.map((r) => (r.name === "capFraction" ? { ...r, min: 50n } : r));
        const cap = wide.find((r) => r.name === "capFraction")!;
        const a = await deployPolicyAndGovernor(mode, p, wide);
        await expect(a.deploy())
          .to.be.revertedWithCustomError(a.factory, "GovernorPolicyBoundsOutsideGovernorBounds")
          .withArgs(cap.setter, 50n, cap.max, p.minCapFraction, p.maxCapFraction);
        const pinned = rules.map((r) => (r.name === "quorumNumerator" ? { ...r, min: 4n, max: 4n } : r));
        const q = pinned.find((r) => r.name === "quorumNumerator")!;
        const b = await deployPolicyAndGovernor(mode, p, pinned);
        await expect(b.deploy())
          .to.be.revertedWithCustomError(b.factory, "GovernorStartFrozen")
          .withArgs(q.setter, 4n, 4n, 4n);
      });

      it("S11 a 1B-supply deployment gets threshold bounds and default threshold proportional to its supply", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const supply = gov(1_000_000_000);
        const suite = await deploySuite(deployer!, {
          clockMode: mode,
          guardrails: true,
          parameters: { PolycentricToken: { initialSupply: supply } },
        });
        expect(await suite.token.totalSupply()).to.equal(supply);
        const setter = suite.governor.interface.getFunction("setProposalThreshold")!.selector;
        const [rule] = await suite.policy!.parameterRule(setter);
        // 0.1 % … 1 % of the real supply, as for the 10M common world.
        expect([rule.min, rule.max]).to.deep.equal([gov(1_000_000), gov(10_000_000)]);
        // The default threshold is 0.25 % of the real supply.
        expect(await suite.governor.proposalThreshold()).to.equal(gov(2_500_000));
      });

      it("S11 the policy's cap and holding bounds are the governor's immutable bounds", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const suite = await deploySuite(deployer!, {
          clockMode: mode,
          guardrails: true,
          parameters: {
            PolycentricGovernance: {
              capFraction: 400,
              minCapFraction: 300,
              maxCapFraction: 500,
              minHoldingPeriod: Number(c(2n * HOUR)),
              maxHoldingPeriod: Number(c(10n * DAY)),
            },
          },
        });
        const [minCap, maxCap, minHolding, maxHolding] = await suite.governor.capBounds();
        const capRule = (
          await suite.policy!.parameterRule(suite.governor.interface.getFunction("setCapFraction")!.selector)
        )[0];
        const holdingRule = (
          await suite.policy!.parameterRule(suite.governor.interface.getFunction("setHoldingPeriod")!.selector)
        )[0];
        expect([capRule.min, capRule.max]).to.deep.equal([minCap, maxCap]);
        expect([holdingRule.min, holdingRule.max]).to.deep.equal([minHolding, maxHolding]);
        expect([minCap, maxCap, minHolding, maxHolding]).to.deep.equal([300n, 500n, c(2n * HOUR), c(10n * DAY)]);
      });
    });
  }

  describe("property", function () {
    /** A random start: each value either near the policy's bounds or anywhere, with random governor bounds and supply. */
    const mostlyIn = (inside: [number, number], anywhere: [number, number]) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: inside[0], max: inside[1] }) },
        { weight: 1, arbitrary: fc.integer({ min: anywhere[0], max: anywhere[1] }) },
      );
    const startArb = fc.record({
      supplyM: fc.integer({ min: 1, max: 5_000 }),
      votingDelayH: mostlyIn([1, 24 * 7], [0, 24 * 10]),
      votingPeriodH: mostlyIn([24 * 3, 24 * 14], [1, 24 * 20]),
      thresholdBps: mostlyIn([10, 100], [0, 200]),
      quorum: mostlyIn([2, 20], [0, 30]),
      lateH: mostlyIn([1, 24 * 3], [0, 24 * 4]),
      capBounds: fc.tuple(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 2_000 })),
      capAt: fc.integer({ min: -200, max: 1_200 }),
      holdingBoundsH: fc.tuple(fc.integer({ min: 0, max: 24 * 40 }), fc.integer({ min: 0, max: 24 * 40 })),
      holdingAtH: fc.integer({ min: 0, max: 24 * 40 }),
    });

    for (const mode of CLOCK_MODES) {
      it(`S11 (${mode} clock) every accepted starting configuration can move each parameter by one in-bounds step (no frozen start); the module's check and the constructor agree`, async function () {
        const h = (hours: number) => toClockUnits(BigInt(hours) * HOUR, mode);
        const [deployer] = await hre.ethers.getSigners();
        let accepted = 0;
        let refused = 0;
        await fc.assert(
          fc.asyncProperty(startArb, async (s) => {
            const supply = gov(s.supplyM * 1_000_000);
            const [minCap, capSpan] = s.capBounds;
            const maxCap = Math.min(minCap + capSpan, 10_000);
            const [minH, spanH] = s.holdingBoundsH;
            const p = governanceParams(mode, supply, {
              votingDelay: h(s.votingDelayH),
              votingPeriod: h(s.votingPeriodH),
              proposalThreshold: (supply * BigInt(s.thresholdBps)) / 10_000n,
              quorumNumerator: BigInt(s.quorum),
              lateQuorumExtension: h(Math.min(s.lateH, s.votingPeriodH)),
              minCapFraction: BigInt(minCap),
              maxCapFraction: BigInt(maxCap),
              capFraction: BigInt(Math.max(minCap, Math.min(maxCap, minCap + s.capAt))),
              minHoldingPeriod: h(minH),
              maxHoldingPeriod: h(minH + spanH),
              holdingPeriod: h(Math.min(minH + spanH, minH + s.holdingAtH)),
            });
            // Meta-governance at 2× the quorum, or 1 % when the quorum is 0 (never below the quorum: S10's relation).
            const quorumBps = p.quorumNumerator === 0n ? 100n : p.quorumNumerator * 200n;
            const rules = policyRules(mode, p, supply);
            const problems = governorStartProblems(p, rules, quorumBps);
            const { deploy } = await deployPolicyAndGovernor(mode, p, rules, quorumBps > 10_000n ? 10_000n : quorumBps);
            if (problems.length > 0) {
              await expect(deploy(), problems.join("; ")).to.be.reverted;
              refused++;
              return;
            }
            await (await deploy()).waitForDeployment();
            accepted++;
            // Each ruled parameter: one in-bounds step the policy admits, checked on a policy with the same rules.
            const policy = await new GovernancePolicy__factory(deployer).deploy(
              {
                governance: deployer!.address,
                superQuorumBps: 800n,
                maxActions: 10n,
                changeInterval: 1n,
                proposalBond: 0n,
                disputes: ZeroAddress,
                minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
                maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
              },
              rules.map(ruleStruct),
              [],
            );
            const mock = await new GuardedGovernor__Mock__factory(deployer).deploy(await policy.getAddress());
            const start = initialParameterValues(p);
            for (const r of rules) {
              const from = start[r.name]!;
              const to = oneStep(r, from);
              expect(to === undefined, `${r.name} = ${from} in [${r.min}, ${r.max}] has a step`).to.equal(false);
              expect(to).to.not.equal(from);
              expect(admitChange(r, from, to!, 0n, 1n, 1n)).to.deep.equal({ admitted: true });
              await mock.setInitial(r.getter, from);
              await expect(mock.change(r.setter, r.getter, to!)).to.emit(policy, "ParameterChangeAdmitted");
            }
          }),
          // It asserts what its runs reached (both accepted and refused starts): every run, even under coverage.
          { numRuns: propertyRuns(RUNS, RUNS) },
        );
        expect([accepted > 0, refused > 0], "random starts were both accepted and refused").to.deep.equal([true, true]);
      });
    }
  });
});
