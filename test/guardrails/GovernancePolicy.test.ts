import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { keccak256, ZeroAddress, ZeroHash, type Interface } from "ethers";

import {
  ANY_SELECTOR,
  boundViolations,
  buildProposal,
  DAY,
  deploySuite,
  gov,
  governanceParams,
  GovernorHelper,
  GUARDRAIL_DEFAULTS,
  initialParameterValues,
  parameterRules,
  ProposalState,
  proposalStatesBitmap,
  toClockUnits,
  VoteType,
  type ClockMode,
  type Proposal,
  type Suite,
} from "../../lib";
import {
  CallReceiver__Mock__factory,
  Create2Deployer__Mock__factory,
  GovernancePolicy__factory,
  type CallReceiver__Mock,
  type GovernancePolicy,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

/** Holdings of the guarded world: alice alone reaches the 4 % quorum; alice + bob reach the 8 % super-quorum. */
const HOLDINGS = {
  alice: gov(600_000),
  bob: gov(300_000),
  carol: gov(100_000),
  proposer: gov(30_000),
  dave: gov(20_000),
} as const;
const SUPER_QUORUM = gov(800_000);
/** The guarded world's cap: the top of the bounds, so every holding counts whole (caps are tested elsewhere). */
const CAP_BPS = 1_000n;

interface GuardedWorld extends Suite {
  mode: ClockMode;
  policy: GovernancePolicy;
  helper: GovernorHelper;
  deployer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  proposer: HardhatEthersSigner;
  dave: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  receiver: CallReceiver__Mock;
}

/** The production suite (guardrails on), holders funded, self-delegated and aged past the holding period. */
async function deployGuardedWorld(mode: ClockMode, disputes: boolean): Promise<GuardedWorld> {
  const [deployer, alice, bob, carol, proposer, dave, outsider] = await hre.ethers.getSigners();
  const suite = await deploySuite(deployer, {
    clockMode: mode,
    identity: "open",
    guardrails: true,
    disputes,
    parameters: { PolycentricGovernance: { capFraction: CAP_BPS } },
  });
  const holders = { alice, bob, carol, proposer, dave };
  for (const [name, signer] of Object.entries(holders)) {
    await suite.token.transfer(signer.address, HOLDINGS[name as keyof typeof holders]);
    await suite.token.connect(signer).delegate(signer.address);
  }
  await suite.token.transfer(await suite.timelock.getAddress(), gov(4_000_000));
  const receiver = await new CallReceiver__Mock__factory(deployer).deploy();
  const helper = await GovernorHelper.create(suite.governor, deployer);
  await helper.advanceBy((await suite.governor.holdingPeriod()) + 1n);
  return {
    ...suite,
    policy: suite.policy!,
    mode,
    helper,
    deployer,
    alice,
    bob,
    carol,
    proposer,
    dave,
    outsider,
    receiver,
  };
}

async function timestampGuarded() {
  return deployGuardedWorld("timestamp", false);
}
async function blocknumberGuarded() {
  return deployGuardedWorld("blocknumber", false);
}
async function timestampGuardedDisputes() {
  return deployGuardedWorld("timestamp", true);
}
async function blocknumberGuardedDisputes() {
  return deployGuardedWorld("blocknumber", true);
}

function guardedWorld(mode: ClockMode, disputes = false): Promise<GuardedWorld> {
  if (disputes) return loadFixture(mode === "timestamp" ? timestampGuardedDisputes : blocknumberGuardedDisputes);
  return loadFixture(mode === "timestamp" ? timestampGuarded : blocknumberGuarded);
}

/** A proposal calling the receiver mock (not meta-governance). */
async function routine(w: GuardedWorld, description: string, actions = 1): Promise<Proposal> {
  const target = await w.receiver.getAddress();
  const data = w.receiver.interface.encodeFunctionData("mockFunction", [7n]);
  return buildProposal(
    Array.from({ length: actions }, () => ({ target, data })),
    description,
  );
}

/** A proposal calling one governor setter (meta-governance: its target is the governor). */
async function setterProposal(w: GuardedWorld, fn: string, value: bigint, description: string): Promise<Proposal> {
  const data = w.governor.interface.encodeFunctionData(fn as "updateQuorumNumerator", [value]);
  return buildProposal([{ target: await w.governor.getAddress(), data }], description);
}

/** Proposes, votes For with `voters`, and waits past the deadline. */
async function pass(w: GuardedWorld, p: Proposal, voters: HardhatEthersSigner[], by = w.proposer): Promise<bigint> {
  const { id } = await w.helper.propose(p, by);
  await w.helper.waitForSnapshot(id);
  for (const v of voters) await w.helper.vote(id, v, VoteType.For);
  await w.helper.waitForDeadline(id);
  await w.helper.expectState(id, "Succeeded");
  return id;
}

async function queueAndExecute(w: GuardedWorld, p: Proposal, id: bigint): Promise<void> {
  await w.helper.queue(p);
  await w.helper.waitForEta(id, 1n);
  await w.helper.execute(p);
}

const selectorOf = (w: GuardedWorld, fn: string): string =>
  (w.governor.interface as unknown as Interface).getFunction(fn)!.selector;

for (const mode of CLOCK_MODES) {
  describe(`GovernancePolicy (guardrails) (${mode} clock)`, function () {
    describe("wiring", function () {
      it("the governor bound the policy; the defaults are deployed and start inside their own bounds", async function () {
        const w = await guardedWorld(mode);
        expect(await w.policy.governor()).to.equal(await w.governor.getAddress());
        expect(await w.governor.proposalPolicy()).to.equal(await w.policy.getAddress());
        expect(await w.policy.governance()).to.equal(await w.timelock.getAddress());
        const config = await w.policy.config();
        expect(config.superQuorumBps).to.equal(GUARDRAIL_DEFAULTS.superQuorumBps);
        expect(config.maxActions).to.equal(GUARDRAIL_DEFAULTS.maxActions);
        expect(config.changeInterval).to.equal(toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, mode));
        expect([config.minTimelockDelay, config.maxTimelockDelay]).to.deep.equal(GUARDRAIL_DEFAULTS.timelockDelay);
        const rules = parameterRules(mode);
        expect(await w.policy.ruledSetters()).to.deep.equal(rules.map((r) => r.setter));
        for (const r of rules) {
          const [rule, last] = await w.policy.parameterRule(r.setter);
          expect([rule.getter, rule.min, rule.max, last]).to.deep.equal([r.getter, r.min, r.max, 0n]);
          // Every rule's getter exists on the governor under that name (the step rule reads it).
          expect((w.governor.interface as unknown as Interface).getFunction(`${r.name}()`)!.selector).to.equal(
            r.getter,
          );
        }
        expect(boundViolations(rules, initialParameterValues(governanceParams(mode)))).to.deep.equal([]);
      });

      it("only the governor reaches the hook, and nobody can bind a second governor", async function () {
        const w = await guardedWorld(mode);
        const governor = await w.governor.getAddress();
        await expect(w.policy.connect(w.outsider).onGovernorCall("0x"))
          .to.be.revertedWithCustomError(w.policy, "PolicyOnlyGovernor")
          .withArgs(w.outsider.address, governor);
        await expect(w.policy.connect(w.outsider).bindGovernor())
          .to.be.revertedWithCustomError(w.policy, "PolicyGovernorAlreadyBound")
          .withArgs(governor);
      });

      it("constructor bad input reverts with the offending values", async function () {
        const w = await guardedWorld(mode);
        const factory = new GovernancePolicy__factory(w.deployer);
        const timelock = await w.timelock.getAddress();
        const ok = {
          governance: timelock,
          superQuorumBps: 800n,
          maxActions: 10n,
          changeInterval: 1n,
          proposalBond: 0n,
          disputes: ZeroAddress,
          minTimelockDelay: 2n * DAY,
          maxTimelockDelay: 30n * DAY,
        };
        const cases: [Partial<typeof ok>, string, bigint][] = [
          [{ governance: ZeroAddress }, "governance", 0n],
          [{ superQuorumBps: 0n }, "superQuorumBps", 0n],
          [{ superQuorumBps: 10_001n }, "superQuorumBps", 10_001n],
          [{ maxActions: 0n }, "maxActions", 0n],
          [{ maxActions: 11n }, "maxActions", 11n],
          [{ changeInterval: 0n }, "changeInterval", 0n],
          [{ maxTimelockDelay: 0n }, "maxTimelockDelay", 0n],
          [{ minTimelockDelay: 3n * DAY, maxTimelockDelay: 2n * DAY }, "maxTimelockDelay", 2n * DAY],
        ];
        for (const [override, field, value] of cases) {
          await expect(factory.deploy({ ...ok, ...override }, [], []))
            .to.be.revertedWithCustomError(factory, "PolicyInvalidConfig")
            .withArgs(field, value);
        }
        const rule = { setter: "0x12345678", getter: "0x00000000", min: 1n, max: 2n };
        await expect(factory.deploy(ok, [{ ...rule, min: 3n }], []))
          .to.be.revertedWithCustomError(factory, "PolicyInvalidParameterRule")
          .withArgs(rule.setter, 3n, 2n);
        await expect(factory.deploy(ok, [rule, rule], []))
          .to.be.revertedWithCustomError(factory, "PolicyInvalidParameterRule")
          .withArgs(rule.setter, 1n, 2n);
        await expect(factory.deploy(ok, [{ ...rule, setter: "0x00000000" }], []))
          .to.be.revertedWithCustomError(factory, "PolicyInvalidParameterRule")
          .withArgs("0x00000000", 1n, 2n);
        await expect(factory.deploy(ok, [], [{ target: timelock, selector: ANY_SELECTOR }]))
          .to.be.revertedWithCustomError(factory, "PolicyBuiltInMetaTarget")
          .withArgs(timelock);
      });
    });

    describe("A8 proposal spam", function () {
      it("A8 one live proposal per proposer: a second proposal while the first is Pending or Active reverts", async function () {
        const w = await guardedWorld(mode);
        const first = await routine(w, "first");
        const { id } = await w.helper.propose(first, w.proposer);
        const second = await routine(w, "second");
        await expect(w.governor.connect(w.proposer).propose(second.targets, second.values, second.calldatas, "second"))
          .to.be.revertedWithCustomError(w.policy, "PolicyProposerHasLiveProposal")
          .withArgs(w.proposer.address, id);
        await w.helper.waitForSnapshot(id);
        await w.helper.expectState(id, "Active");
        await expect(w.governor.connect(w.proposer).propose(second.targets, second.values, second.calldatas, "second"))
          .to.be.revertedWithCustomError(w.policy, "PolicyProposerHasLiveProposal")
          .withArgs(w.proposer.address, id);
        // Someone else proposes meanwhile: the limit is per proposer.
        await w.helper.propose(second, w.carol);
        // Once the first ends (Defeated: nobody voted), the proposer may propose again.
        await w.helper.waitForDeadline(id);
        await w.helper.expectState(id, "Defeated");
        const third = await routine(w, "third");
        await expect(w.governor.connect(w.proposer).propose(third.targets, third.values, third.calldatas, "third")).to
          .not.be.reverted;
      });

      it("A8 at most 10 actions: 11 revert with PolicyTooManyActions(11, 10), 10 pass", async function () {
        const w = await guardedWorld(mode);
        const eleven = await routine(w, "eleven", 11);
        await expect(w.governor.connect(w.proposer).propose(eleven.targets, eleven.values, eleven.calldatas, "eleven"))
          .to.be.revertedWithCustomError(w.policy, "PolicyTooManyActions")
          .withArgs(11n, 10n);
        const ten = await routine(w, "ten", 10);
        await expect(w.governor.connect(w.proposer).propose(ten.targets, ten.values, ten.calldatas, "ten")).to.emit(
          w.policy,
          "ProposalScreened",
        );
      });

      it("A8 200 proposals by one proposer: only one is live, and honest propose and castVote gas is unchanged", async function () {
        // The same honest sequence, once in a quiet world and once after the spam: gas must be identical.
        const honest = async (w: GuardedWorld) => {
          const p = await routine(w, "honest");
          const { id, receipt } = await w.helper.propose(p, w.carol);
          await w.helper.waitForSnapshot(id);
          const vote = await w.helper.vote(id, w.alice, VoteType.For);
          return { propose: receipt.gasUsed, vote: vote.gasUsed };
        };
        const quiet = await honest(await guardedWorld(mode));

        const w = await guardedWorld(mode);
        const live = await routine(w, "spam 0");
        const { id } = await w.helper.propose(live, w.proposer);
        let refused = 0;
        for (let i = 1; i < 200; i++) {
          const p = await routine(w, `spam ${i}`);
          await expect(w.governor.connect(w.proposer).propose(p.targets, p.values, p.calldatas, p.description))
            .to.be.revertedWithCustomError(w.policy, "PolicyProposerHasLiveProposal")
            .withArgs(w.proposer.address, id);
          refused++;
        }
        expect(refused).to.equal(199);
        const spammed = await honest(w);
        expect(spammed).to.deep.equal(quiet);
      });
    });

    describe("A11 target code pinning (I12)", function () {
      async function metamorphicSetup(w: GuardedWorld) {
        const factory = await new Create2Deployer__Mock__factory(w.deployer).deploy();
        const initCode = CallReceiver__Mock__factory.bytecode;
        const salt = ZeroHash;
        const target = await factory.predict(salt, keccak256(initCode));
        const data = w.receiver.interface.encodeFunctionData("mockFunction", [1n]);
        const p = buildProposal([{ target, data }], "call a contract reviewed at this address");
        return { factory, initCode, salt, target, p };
      }

      it("A11 code deployed at a target after the vote: queue reverts with PolicyTargetCodeChanged", async function () {
        const w = await guardedWorld(mode);
        const m = await metamorphicSetup(w);
        const recorded = await w.policy.codeDigest([m.target]);
        const { id, receipt } = await w.helper.propose(m.p, w.proposer);
        await expect(receipt).to.emit(w.policy, "ProposalScreened").withArgs(id, w.proposer.address, false, [ZeroHash]);
        expect(await w.policy.recordedCodeDigest(id)).to.equal(recorded);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.For);
        await w.helper.waitForDeadline(id);
        await m.factory.deploy(m.salt, m.initCode);
        const current = await w.policy.codeDigest([m.target]);
        expect(current).to.not.equal(recorded);
        await expect(w.helper.queue(m.p))
          .to.be.revertedWithCustomError(w.policy, "PolicyTargetCodeChanged")
          .withArgs(id, recorded, current);
      });

      it("A11 code changed between queue and execute: execute reverts with PolicyTargetCodeChanged", async function () {
        const w = await guardedWorld(mode);
        const m = await metamorphicSetup(w);
        const id = await pass(w, m.p, [w.alice]);
        const recorded = await w.policy.recordedCodeDigest(id);
        await w.helper.queue(m.p);
        await w.helper.waitForEta(id, 1n);
        await m.factory.deploy(m.salt, m.initCode);
        await expect(w.helper.execute(m.p))
          .to.be.revertedWithCustomError(w.policy, "PolicyTargetCodeChanged")
          .withArgs(id, recorded, await w.policy.codeDigest([m.target]));
        await w.helper.expectState(id, "Queued");
      });

      it("A11 honest proposals with unchanged targets queue and execute", async function () {
        const w = await guardedWorld(mode);
        const p = await routine(w, "honest routine");
        const id = await pass(w, p, [w.alice]);
        expect(await w.policy.recordedCodeDigest(id)).to.equal(await w.policy.codeDigest(p.targets));
        await queueAndExecute(w, p, id);
        await w.helper.expectState(id, "Executed");
      });
    });

    describe("A14 parameter self-modification (I11, I15)", function () {
      it("A14 a proposal touching the governor is meta-governance: below the super-quorum it cannot be queued", async function () {
        const w = await guardedWorld(mode);
        const p = await setterProposal(w, "updateQuorumNumerator", 3n, "quorum 4 % -> 3 %");
        const id = await pass(w, p, [w.alice]);
        expect(await w.policy.isMetaGovernance(id)).to.equal(true);
        expect(await w.policy.superQuorum(id)).to.equal(SUPER_QUORUM);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.policy, "PolicySuperQuorumNotReached")
          .withArgs(id, HOLDINGS.alice, SUPER_QUORUM);
        // The same majority passes a routine proposal: the super-quorum applies to meta-governance only.
        const r = await routine(w, "routine with the same majority");
        const rid = await pass(w, r, [w.alice], w.carol);
        expect(await w.policy.isMetaGovernance(rid)).to.equal(false);
        await w.helper.queue(r);
      });

      it("A14 with the super-quorum a change executes; a second within the interval waits, a ×2.5 step never passes", async function () {
        const w = await guardedWorld(mode);
        const selector = selectorOf(w, "updateQuorumNumerator");
        const p1 = await setterProposal(w, "updateQuorumNumerator", 3n, "quorum 4 % -> 3 %");
        const id1 = await pass(w, p1, [w.alice, w.bob]);
        await w.helper.queue(p1);
        await w.helper.waitForEta(id1, 1n);
        const exec1 = await w.helper.execute(p1);
        const changedAt = await w.helper.clock();
        await expect(exec1).to.emit(w.policy, "ParameterChangeAdmitted").withArgs(selector, 4n, 3n, changedAt);
        expect(await w.governor["quorumNumerator()"]()).to.equal(3n);

        const interval = toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, mode);
        const p2 = await setterProposal(w, "updateQuorumNumerator", 2n, "quorum 3 % -> 2 %");
        const id2 = await pass(w, p2, [w.alice, w.bob], w.carol);
        await w.helper.queue(p2);
        await w.helper.waitForEta(id2, 1n);
        if ((await w.helper.clock()) < changedAt + interval) {
          await expect(w.helper.execute(p2))
            .to.be.revertedWithCustomError(w.policy, "PolicyParameterRateLimited")
            .withArgs(selector, changedAt, changedAt + interval);
        }
        // The rate limit delays; it does not veto: after the interval the same queued proposal executes.
        await w.helper.advanceTo(changedAt + interval);
        await w.helper.execute(p2);
        expect(await w.governor["quorumNumerator()"]()).to.equal(2n);

        const p3 = await setterProposal(w, "updateQuorumNumerator", 5n, "quorum 2 % -> 5 %");
        const id3 = await pass(w, p3, [w.alice, w.bob]);
        await w.helper.queue(p3);
        await w.helper.waitForEta(id3, 1n);
        await expect(w.helper.execute(p3))
          .to.be.revertedWithCustomError(w.policy, "PolicyParameterStepTooLarge")
          .withArgs(selector, 2n, 5n);
      });

      it("A14 removing the cap (100 %) is outside the immutable bounds even with every vote", async function () {
        const w = await guardedWorld(mode);
        const p = await setterProposal(w, "setCapFraction", 10_000n, "remove the delegation cap");
        const id = await pass(w, p, [w.alice, w.bob, w.carol]);
        await w.helper.queue(p);
        await w.helper.waitForEta(id, 1n);
        const [lo, hi] = GUARDRAIL_DEFAULTS.bounds.capFractionBps;
        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.policy, "PolicyParameterOutOfBounds")
          .withArgs(selectorOf(w, "setCapFraction"), 10_000n, lo, hi);
        expect(await w.governor.capFraction()).to.equal(CAP_BPS);
      });

      it("A14 GHSA-xrc4 variant: a proposal defeated for quorum stays Defeated after a later proposal lowers the quorum", async function () {
        const w = await guardedWorld(mode);
        const p0 = await routine(w, "P0: short of quorum");
        const { id: id0 } = await w.helper.propose(p0, w.carol);
        await w.helper.waitForSnapshot(id0);
        await w.helper.vote(id0, w.carol, VoteType.For);
        const p1 = await setterProposal(w, "updateQuorumNumerator", 2n, "P1: quorum 4 % -> 2 %");
        const id1 = await pass(w, p1, [w.alice, w.bob]);
        await w.helper.expectState(id0, "Defeated");
        await queueAndExecute(w, p1, id1);
        expect(await w.governor["quorumNumerator()"]()).to.equal(2n);
        await w.helper.expectState(id0, "Defeated");
        await expect(w.helper.queue(p0))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id0, ProposalState.Defeated, proposalStatesBitmap(ProposalState.Succeeded));
      });

      it("A14 the meta-governance registry: only governance edits it, and an edit is itself meta-governance", async function () {
        const w = await guardedWorld(mode);
        const receiver = await w.receiver.getAddress();
        const selector = w.receiver.interface.getFunction("mockFunction")!.selector;
        await expect(w.policy.connect(w.outsider).setMetaGovernance(receiver, selector, true))
          .to.be.revertedWithCustomError(w.policy, "PolicyOnlyGovernance")
          .withArgs(w.outsider.address, await w.timelock.getAddress());
        const data = w.policy.interface.encodeFunctionData("setMetaGovernance", [receiver, selector, true]);
        const edit = buildProposal([{ target: await w.policy.getAddress(), data }], "classify mockFunction as meta");
        const id = await pass(w, edit, [w.alice, w.bob]);
        expect(await w.policy.isMetaGovernance(id)).to.equal(true);
        await queueAndExecute(w, edit, id);
        expect(await w.policy.isMetaCall(receiver, selector)).to.equal(true);
        // The routine call is meta-governance now: alice alone no longer suffices.
        const r = await routine(w, "now meta");
        const rid = await pass(w, r, [w.alice], w.carol);
        expect(await w.policy.isMetaGovernance(rid)).to.equal(true);
        await expect(w.helper.queue(r))
          .to.be.revertedWithCustomError(w.policy, "PolicySuperQuorumNotReached")
          .withArgs(rid, HOLDINGS.alice, SUPER_QUORUM);
      });

      it("A14 with disputes, a meta-governance proposal always gets the escalated challenge window", async function () {
        const w = await guardedWorld(mode, true);
        const escalation = w.disputes!.escalation;
        // The identity registry is in the registry at deployment (attesters are meta-governance).
        const registry = await w.registry!.getAddress();
        const data = w.registry!.interface.encodeFunctionData("removeAttester", [w.outsider.address]);
        const meta = buildProposal([{ target: registry, data }], "remove an attester");
        const { id, receipt } = await w.helper.propose(meta, w.proposer);
        expect(await w.policy.isMetaGovernance(id)).to.equal(true);
        await expect(receipt).to.emit(escalation, "EscalationRequired");
        const r = await routine(w, "routine");
        const { receipt: routineReceipt } = await w.helper.propose(r, w.carol);
        await expect(routineReceipt).to.not.emit(escalation, "EscalationRequired");
      });
    });
  });
}

describe("GovernancePolicy hook: unknown proposals", function () {
  it("queue or execute of a proposal the policy never screened reverts with PolicyUnknownProposal", async function () {
    const w = await guardedWorld("timestamp");
    const p = await routine(w, "never proposed");
    const id = await w.governor.getProposalId(p.targets, p.values, p.calldatas, keccak256(Buffer.from(p.description)));
    expect(await w.policy.recordedCodeDigest(id)).to.equal(ZeroHash);
    await expect(w.policy.checkProposal(id, p.targets))
      .to.be.revertedWithCustomError(w.policy, "PolicyUnknownProposal")
      .withArgs(id);
  });

  it("a governance-only call without a rule (relay) passes the hook untouched", async function () {
    const w = await guardedWorld("timestamp");
    const data = w.governor.interface.encodeFunctionData("relay", [
      await w.receiver.getAddress(),
      0n,
      w.receiver.interface.encodeFunctionData("mockFunction", [3n]),
    ]);
    const p = buildProposal([{ target: await w.governor.getAddress(), data }], "relay a call");
    const id = await pass(w, p, [w.alice, w.bob]);
    await w.helper.queue(p);
    await w.helper.waitForEta(id, 1n);
    await expect(w.helper.execute(p))
      .to.emit(w.receiver, "MockFunctionCalled")
      .withArgs(await w.governor.getAddress(), 0n, 3n);
  });
});

/** The guarded world with disputes (a two-seat committee) and a 5,000 GOV proposal bond. */
const PROPOSAL_BOND = gov(5_000);
async function deployBondedWorld(mode: ClockMode) {
  const signers = await hre.ethers.getSigners();
  const [deployer, alice, bob, carol, proposer] = signers;
  const [seat1, seat2] = signers.slice(10, 12);
  const seatExpiry = BigInt(await time.latest()) + 200n * DAY;
  const suite = await deploySuite(deployer!, {
    clockMode: mode,
    identity: "none",
    guardrails: true,
    disputes: true,
    parameters: {
      PolycentricGovernance: {
        capFraction: CAP_BPS,
        proposalBond: PROPOSAL_BOND,
        committeeMembers: [seat1!.address, seat2!.address],
        committeeExpiries: [seatExpiry, seatExpiry],
      },
    },
  });
  for (const [signer, amount] of [
    [alice!, HOLDINGS.alice],
    [bob!, HOLDINGS.bob],
    [carol!, HOLDINGS.carol],
    [proposer!, HOLDINGS.proposer],
  ] as const) {
    await suite.token.transfer(signer.address, amount);
    await suite.token.connect(signer).delegate(signer.address);
  }
  const receiver = await new CallReceiver__Mock__factory(deployer!).deploy();
  const helper = await GovernorHelper.create(suite.governor, deployer!);
  await helper.advanceBy((await suite.governor.holdingPeriod()) + 1n);
  const p = buildProposal(
    [{ target: await receiver.getAddress(), data: receiver.interface.encodeFunctionData("mockFunction", [1n]) }],
    "a bonded proposal",
  );
  return {
    ...suite,
    policy: suite.policy!,
    d: suite.disputes!,
    helper,
    p,
    alice: alice!,
    carol: carol!,
    proposer: proposer!,
    seats: [seat1!, seat2!],
    mode,
  };
}
async function bondedTimestamp() {
  return deployBondedWorld("timestamp");
}
async function bondedBlocknumber() {
  return deployBondedWorld("blocknumber");
}

for (const mode of CLOCK_MODES) {
  describe(`GovernancePolicy proposal bond (A8, ${mode} clock)`, function () {
    const world = () => loadFixture(mode === "timestamp" ? bondedTimestamp : bondedBlocknumber);

    it("A8 the bond is pulled at propose (approval first), locked while live, returned once the proposal is over", async function () {
      const w = await world();
      const policy = await w.policy.getAddress();
      await expect(w.helper.propose(w.p, w.proposer))
        .to.be.revertedWithCustomError(w.token, "ERC20InsufficientAllowance")
        .withArgs(policy, 0n, PROPOSAL_BOND);
      await w.token.connect(w.proposer).approve(policy, PROPOSAL_BOND);
      const { id, receipt } = await w.helper.propose(w.p, w.proposer);
      await expect(receipt).to.emit(w.policy, "ProposalBondPosted").withArgs(id, w.proposer.address, PROPOSAL_BOND);
      expect(await w.policy.proposalBondOf(id)).to.deep.equal([w.proposer.address, PROPOSAL_BOND]);
      await expect(w.policy.settleProposalBond(id))
        .to.be.revertedWithCustomError(w.policy, "PolicyProposalBondLocked")
        .withArgs(id, ProposalState.Pending, 0n);
      // Nobody votes: Defeated, no dispute. The bond goes back to the proposer, once, whoever settles it.
      await w.helper.waitForDeadline(id);
      await w.helper.expectState(id, "Defeated");
      await expect(w.policy.connect(w.carol).settleProposalBond(id)).to.changeTokenBalances(
        w.token,
        [w.proposer, w.policy],
        [PROPOSAL_BOND, -PROPOSAL_BOND],
      );
      await expect(w.policy.settleProposalBond(id))
        .to.be.revertedWithCustomError(w.policy, "PolicyNoProposalBond")
        .withArgs(id);
    });

    it("A8 a proposal rejected in a dispute loses its bond to the treasury", async function () {
      const w = await world();
      await w.token.connect(w.proposer).approve(await w.policy.getAddress(), PROPOSAL_BOND);
      const { id } = await w.helper.propose(w.p, w.proposer);
      await w.helper.waitForSnapshot(id);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await w.helper.expectState(id, "Succeeded");
      // The challenge window is open: the bond stays locked.
      await expect(w.policy.settleProposalBond(id))
        .to.be.revertedWithCustomError(w.policy, "PolicyProposalBondLocked")
        .withArgs(id, ProposalState.Succeeded, 1n);
      const bond = (await w.d.escalation.parameters(0))[0].bond;
      await w.token.connect(w.carol).approve(await w.d.escalation.getAddress(), bond);
      await w.d.escalation.connect(w.carol).challenge(id, bond);
      // The committee deliberates once the funding phase (the rest of the window, maybe extended) is over.
      const [params] = await w.d.escalation.parameters(0);
      await w.helper.advanceBy(params.challengeWindow + params.lateChallengeExtension + 1n);
      expect((await w.d.escalation.rulingOpen(id))[0]).to.equal(true);
      for (const seat of w.seats) await w.d.committee.connect(seat).castRuling(id, 2n); // Reject
      await w.helper.advanceBy(params.appealWindow + 1n);
      expect(await w.d.escalation.disputeState(id)).to.equal(7n); // Rejected
      await expect(w.policy.settleProposalBond(id))
        .to.emit(w.policy, "ProposalBondSettled")
        .withArgs(id, await w.timelock.getAddress(), PROPOSAL_BOND, true);
    });
  });
}
