import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { ZeroAddress, id } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { admitChange, DAY, GUARDRAIL_DEFAULTS, parameterRules, ruleStruct, type ParameterRule } from "../../lib";
import { GovernancePolicy__factory, GuardedGovernor__Mock__factory } from "../../typechain-types";
import { propertyRuns } from "../fixtures/effort";

const RUNS = 20;
const INTERVAL = GUARDRAIL_DEFAULTS.changeInterval;

/** A policy with the production rules (timestamp clock) in front of a mock governor starting at the defaults. */
async function policyWithMockGovernor() {
  const [deployer, timelock] = await hre.ethers.getSigners();
  const rules = parameterRules("timestamp");
  const policy = await new GovernancePolicy__factory(deployer).deploy(
    {
      governance: timelock!.address,
      superQuorumBps: GUARDRAIL_DEFAULTS.superQuorumBps,
      maxActions: GUARDRAIL_DEFAULTS.maxActions,
      changeInterval: INTERVAL,
      proposalBond: 0n,
      disputes: ZeroAddress,
      minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
      maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
    },
    rules.map(ruleStruct),
    [],
  );
  const governor = await new GuardedGovernor__Mock__factory(deployer).deploy(await policy.getAddress());
  // Start every parameter at the middle of its bounds, so steps both ways are possible.
  const start = rules.map((r) => (r.min + r.max) / 2n);
  for (const [i, r] of rules.entries()) await governor.setInitial(r.getter, start[i]!);
  return { policy, governor, rules, start };
}

/** One attempted change: which rule, the new value as a ratio of the current one (per mille), and the wait before. */
const step = fc.record({
  rule: fc.nat({ max: 6 }),
  ratioPermille: fc.oneof(fc.integer({ min: 0, max: 4_000 }), fc.constantFrom(500, 1_000, 2_000, 2_001, 499)),
  waitDays: fc.oneof(fc.integer({ min: 0, max: 45 }), fc.constant(30)),
});

describe("GovernancePolicy properties", function () {
  it("I15 / A14 bounds, steps and rate limits: random change sequences admit exactly what the model admits, and no parameter ever leaves its bounds", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const { policy, governor, rules, start } = await loadFixture(policyWithMockGovernor);
        const current = [...start];
        const last: bigint[] = rules.map(() => 0n);
        for (const s of steps) {
          if (s.waitDays > 0) await time.increase(BigInt(s.waitDays) * DAY);
          const r: ParameterRule = rules[s.rule]!;
          const value = (current[s.rule]! * BigInt(s.ratioPermille)) / 1_000n;
          const now = BigInt(await time.latest()) + 1n; // the next block's timestamp
          await time.setNextBlockTimestamp(now);
          const verdict = admitChange(r, current[s.rule]!, value, last[s.rule]!, now, INTERVAL);
          const tx = governor.change(r.setter, r.getter, value);
          if (verdict.admitted) {
            await expect(tx)
              .to.emit(policy, "ParameterChangeAdmitted")
              .withArgs(r.setter, current[s.rule]!, value, now);
            current[s.rule] = value;
            last[s.rule] = now;
          } else {
            await expect(tx).to.be.revertedWithCustomError(policy, verdict.error);
          }
          for (const [i, rule] of rules.entries()) {
            const v = await governor.values(rule.getter);
            expect(v).to.equal(current[i]);
            expect(v >= rule.min && v <= rule.max, `${rule.name} = ${v} within [${rule.min}, ${rule.max}]`).to.equal(
              true,
            );
          }
        }
      }),
      { numRuns: propertyRuns(RUNS) },
    );
  });

  it("A14 within one change interval no parameter moves by more than a factor of two", async function () {
    const { policy, governor, rules } = await loadFixture(policyWithMockGovernor);
    const r = rules.find((x) => x.name === "quorumNumerator")!;
    const from = await governor.values(r.getter);
    const half = (from + 1n) / 2n; // rounded up: the largest admissible halving
    await governor.change(r.setter, r.getter, half);
    // Five more attempts inside the interval, each within its own step: all refused by the rate limit.
    for (let i = 0; i < 5; i++) {
      await time.increase(5n * DAY);
      await expect(governor.change(r.setter, r.getter, (half + 1n) / 2n)).to.be.revertedWithCustomError(
        policy,
        "PolicyParameterRateLimited",
      );
    }
    expect(await governor.values(r.getter)).to.equal(half);
  });

  it("the step is measured from the value the governor reports through the rule's getter", async function () {
    const [deployer, timelock] = await hre.ethers.getSigners();
    const rule = { setter: "0x12345678", getter: "0x87654321", min: 0n, max: 10n };
    const policy = await new GovernancePolicy__factory(deployer).deploy(
      {
        governance: timelock!.address,
        superQuorumBps: 800n,
        maxActions: 10n,
        changeInterval: 1n,
        proposalBond: 0n,
        disputes: ZeroAddress,
        minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
        maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
      },
      [rule],
      [],
    );
    const governor = await new GuardedGovernor__Mock__factory(deployer).deploy(await policy.getAddress());
    await governor.setInitial(rule.getter, 4n);
    await expect(governor.change(rule.setter, rule.getter, 9n))
      .to.be.revertedWithCustomError(policy, "PolicyParameterStepTooLarge")
      .withArgs(rule.setter, 4n, 9n);
    await expect(governor.change(rule.setter, rule.getter, 8n))
      .to.emit(policy, "ParameterChangeAdmitted")
      .withArgs(rule.setter, 4n, 8n, (await time.latest()) + 1);
  });

  it("a governor composing GovernorStorage: id-only queue(uint256) / execute(uint256) are checked too", async function () {
    const { policy, governor } = await loadFixture(policyWithMockGovernor);
    for (const signature of ["queue(uint256)", "execute(uint256)"]) {
      const data = governor.interface.getAbiCoder().encode(["uint256"], [42n]);
      await expect(governor.forward(id(signature).slice(0, 10) + data.slice(2)))
        .to.be.revertedWithCustomError(policy, "PolicyUnknownProposal")
        .withArgs(42n);
    }
  });
});
