import hre from "hardhat";
import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress } from "ethers";

import {
  buildProposal,
  toClockUnits,
  descriptionHash,
  disputeParams,
  disputeTMax,
  gov,
  isqrt,
  ProposalState,
  VoteType,
  type Proposal,
} from "../../lib";
import { DisputeEscalation__factory, PolycentricGovernor__factory } from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import {
  BURN_ADDRESS,
  clockOf,
  committeeRules,
  conservation,
  DisputeAction,
  disputeWorld,
  DisputeState,
  nextTxAt,
  passProposal,
  receiverProposal,
  Ruling,
  Side,
  stateName,
  type DisputeWorld,
} from "../fixtures/disputes";

const BOND = gov(10_000);
/**
 * Deploy overrides: none (estimated), except under solidity-coverage (unlimited contract size), where the
 * instrumented DisputeEscalation's creation takes ~19M gas, more than the estimate and the network's default.
 */
const DEPLOY_OVERRIDES = (hre.network.config as { allowUnlimitedContractSize?: boolean }).allowUnlimitedContractSize
  ? { gasLimit: 60_000_000 }
  : {};

/** The edges of the dispute graph as documented in IDisputeEscalation.transition (Cancel handled separately). */
const EDGES: readonly [keyof typeof DisputeState, keyof typeof DisputeAction, keyof typeof DisputeState][] = [
  ["None", "Succeed", "Challengeable"],
  ["None", "Mark", "None"],
  ["Challengeable", "Mark", "Challengeable"],
  ["Challengeable", "CloseWindow", "Unchallenged"],
  ["Challengeable", "Challenge", "Funding"],
  ["Funding", "Deliberate", "Deliberating"],
  ["Deliberating", "Rule", "Appealable"],
  ["Deliberating", "Escalate", "Funding"],
  ["Deliberating", "FinalizeUphold", "Upheld"],
  ["Deliberating", "FinalizeReject", "Rejected"],
  ["Appealable", "Appeal", "Funding"],
  ["Appealable", "FinalizeUphold", "Upheld"],
  ["Appealable", "FinalizeReject", "Rejected"],
];
const FINAL = ["Upheld", "Rejected", "Voided"];

for (const mode of CLOCK_MODES) {
  describe(`DisputeEscalation (${mode} clock)`, function () {
    const world = () => disputeWorld(mode);

    async function args(p: Proposal) {
      return [p.targets, p.values, p.calldatas, descriptionHash(p.description)] as const;
    }

    /** A passed proposal challenged by `challenger` with the tier-0 bond at the start of its window. */
    async function challenged(w: DisputeWorld, description = "challenged"): Promise<{ id: bigint; p: Proposal }> {
      const p = await receiverProposal(w, description);
      const id = await passProposal(w, p);
      await w.d.escalation.connect(w.challenger).challenge(id, BOND);
      return { id, p };
    }

    /** Latest block at the start of the current tier's deliberation (+1 so votes land inside it). */
    async function toDeliberation(w: DisputeWorld, id: bigint): Promise<void> {
      await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
    }

    describe("wiring and configuration", function () {
      it("the governor bound itself once; the committee, referendum and guardian point at the escalation", async function () {
        const w = await world();
        const e = w.d.escalation;
        const address = await e.getAddress();
        expect(await e.governor()).to.equal(await w.governor.getAddress());
        expect(await e.governance()).to.equal(await w.timelock.getAddress());
        expect(await e.token()).to.equal(await w.token.getAddress());
        expect(await e.committee()).to.equal(await w.d.committee.getAddress());
        expect(await e.referendum()).to.equal(await w.d.referendum.getAddress());
        expect(await e.proposalGuardian()).to.equal(await w.d.guardian.getAddress());
        expect(await w.d.committee.court()).to.equal(address);
        expect(await w.d.referendum.court()).to.equal(address);
        expect(await w.d.guardian.court()).to.equal(address);
        expect(await e.CLOCK_MODE()).to.equal(await w.token.CLOCK_MODE());
        expect(await e.clock()).to.equal(await w.governor.clock());
        await expect(e.bindGovernor())
          .to.be.revertedWithCustomError(e, "DisputeGovernorAlreadyBound")
          .withArgs(await w.governor.getAddress());
      });

      it("a second governor on the same escalation cannot deploy (the binding is single and loud)", async function () {
        const w = await world();
        if (w.counting !== "quadratic") this.skip();
        const factory = new PolycentricGovernor__factory(w.deployer);
        const params = {
          name: "copy",
          votingDelay: 1n,
          votingPeriod: 10n,
          proposalThreshold: 0n,
          quorumNumerator: 4n,
          lateQuorumExtension: 1n,
          // No delegation cap and no holding period: these tests are about disputes.
          capFraction: 10_000n,
          minCapFraction: 100n,
          maxCapFraction: 10_000n,
          holdingPeriod: 0n,
          minHoldingPeriod: 0n,
          maxHoldingPeriod: 1n,
        };
        await expect(factory.deploy(w.token, w.timelock, ZeroAddress, false, params, w.d.escalation, ZeroAddress))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeGovernorAlreadyBound")
          .withArgs(await w.governor.getAddress());
      });

      it("an unbound escalation refuses everything that needs a governor (DisputeGovernorNotBound)", async function () {
        const w = await world();
        const fresh = await new DisputeEscalation__factory(w.deployer).deploy(
          w.token,
          w.timelock,
          disputeParams(mode),
          { members: [], expiries: [], threshold: 1, appealThreshold: 1, maxTerm: 86_400n },
          { guardian: ZeroAddress, expiry: 0n, maxTerm: 86_400n },
          [],
          DEPLOY_OVERRIDES,
        );
        await expect(fresh.requiredBond(1n, 0)).to.be.revertedWithCustomError(fresh, "DisputeGovernorNotBound");
        expect(await fresh.disputeState(1n)).to.equal(DisputeState.None);
        await expect(fresh.challenge(1n, BOND))
          .to.be.revertedWithCustomError(fresh, "DisputeChallengeWindowNotOpen")
          .withArgs(1n, DisputeState.None);
      });

      it("starts with the default parameters in clock units; maxResolutionTime is T_max", async function () {
        const w = await world();
        const [p, since] = await w.d.escalation.parameters(0);
        const want = disputeParams(mode);
        expect(p.challengeWindow).to.equal(want.challengeWindow);
        expect(p.escalatedWindow).to.equal(want.escalatedWindow);
        expect(p.lateChallengeExtension).to.equal(want.lateChallengeExtension);
        expect(p.rulingPeriod).to.equal(want.rulingPeriod);
        expect(p.appealWindow).to.equal(want.appealWindow);
        expect(p.referendumPeriod).to.equal(want.referendumPeriod);
        expect(p.burnBps).to.equal(5_000n);
        expect(p.superQuorumBps).to.equal(1_000n);
        expect(p.appealFactor).to.equal(2n);
        expect(p.bond).to.equal(BOND);
        expect(since).to.be.greaterThan(0n);
        expect(await w.d.escalation.latestParamsId()).to.equal(0n);
        expect(await w.d.escalation.maxResolutionTime(0)).to.equal(disputeTMax(want));
        // 4 + 1 + 2 × (3 + 2) + 5 days = 20 days (blocks of 12 s in block mode).
        expect(disputeTMax(want)).to.equal(mode === "timestamp" ? 20n * 86_400n : 20n * 7_200n);
      });

      it("transition() is exactly the documented graph: every (state, action) pair", async function () {
        const w = await world();
        const states = Object.keys(DisputeState) as (keyof typeof DisputeState)[];
        const actions = Object.keys(DisputeAction) as (keyof typeof DisputeAction)[];
        for (const from of states) {
          for (const action of actions) {
            const call = w.d.escalation.transition(DisputeState[from], DisputeAction[action]);
            const edge = EDGES.find(([f, a]) => f === from && a === action);
            if (FINAL.includes(from)) {
              await expect(call)
                .to.be.revertedWithCustomError(w.d.escalation, "DisputeInvalidTransition")
                .withArgs(DisputeState[from], DisputeAction[action]);
            } else if (action === "Cancel") {
              expect(await call).to.equal(DisputeState.Voided);
            } else if (edge) {
              expect(await call, `${from} --${action}-->`).to.equal(DisputeState[edge[2]]);
            } else {
              await expect(call, `${from} --${action}--> must revert`)
                .to.be.revertedWithCustomError(w.d.escalation, "DisputeInvalidTransition")
                .withArgs(DisputeState[from], DisputeAction[action]);
            }
          }
        }
      });
    });

    describe("challenge window (I13 gate, I19 bounded extension)", function () {
      it("a succeeded proposal stays Succeeded (Bravo) and cannot be queued until its window passed", async function () {
        const w = await world();
        const p = await receiverProposal(w, "window");
        const id = await passProposal(w, p);
        const deadline = await w.governor.proposalDeadline(id);
        const windowEnd = deadline + w.params.challengeWindow;
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
        expect(await stateName(w, id)).to.equal("Challengeable");
        expect((await w.d.escalation.dispute(id)).windowEnd).to.equal(windowEnd);
        await expect(w.governor.queue(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Challengeable, windowEnd);
        await nextTxAt(w, windowEnd); // the window's last unit still blocks
        await expect(w.governor.queue(...(await args(p)))).to.be.revertedWithCustomError(
          w.d.escalation,
          "DisputeQueueBlocked",
        );
        expect(await w.helper.clock()).to.equal(windowEnd);
        await w.helper.advanceTo(windowEnd + 1n);
        expect(await stateName(w, id)).to.equal("Unchallenged");
        await w.helper.queue(p);
        await w.helper.waitForEta(id);
        await w.helper.execute(p);
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
        expect(await w.receiver.calls()).to.equal(1n);
        expect(await stateName(w, id)).to.equal("Unchallenged");
      });

      it("challenging before success, a defeated proposal, or after the window reverts with the values", async function () {
        const w = await world();
        const p = await receiverProposal(w, "timing");
        const { id } = await w.helper.propose(p, w.proposer);
        await expect(w.d.escalation.connect(w.challenger).challenge(id, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeChallengeWindowNotOpen")
          .withArgs(id, DisputeState.None);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.For);
        await w.helper.waitForDeadline(id);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        await nextTxAt(w, windowEnd + 1n);
        await expect(w.d.escalation.connect(w.challenger).challenge(id, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeChallengeWindowClosed")
          .withArgs(id, windowEnd, windowEnd + 1n);

        const defeated = await receiverProposal(w, "defeated");
        const { id: d } = await w.helper.propose(defeated, w.proposer);
        await w.helper.waitForDeadline(d);
        expect(await w.governor.state(d)).to.equal(ProposalState.Defeated);
        await expect(w.d.escalation.connect(w.challenger).challenge(d, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeChallengeWindowNotOpen")
          .withArgs(d, DisputeState.None);
      });

      it("below the bond, twice at tier 0, or a zero stake reverts with the values", async function () {
        const w = await world();
        const p = await receiverProposal(w, "bond");
        const id = await passProposal(w, p);
        await expect(w.d.escalation.connect(w.challenger).challenge(id, BOND - 1n))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeBondTooLow")
          .withArgs(id, BOND - 1n, BOND);
        await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        await expect(w.d.escalation.connect(w.backer).challenge(id, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeAlreadyChallenged")
          .withArgs(id, 0);
        await expect(w.d.escalation.connect(w.backer).stake(id, Side.Challenger, 0n))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeZeroAmount")
          .withArgs(id);
      });

      it("I19/A9(e) a challenge in the window's last unit extends it by at most lateChallengeExtension, once", async function () {
        const w = await world();
        const p = await receiverProposal(w, "late");
        const id = await passProposal(w, p);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        await nextTxAt(w, windowEnd);
        const tx = await w.d.escalation.connect(w.challenger).challenge(id, BOND);
        const at = await clockOf(w, await tx.wait());
        expect(at).to.equal(windowEnd);
        const newEnd = windowEnd + w.params.lateChallengeExtension;
        await expect(tx).to.emit(w.d.escalation, "ChallengeWindowExtended").withArgs(id, windowEnd, newEnd);
        const v = await w.d.escalation.dispute(id);
        expect(v.windowEnd).to.equal(newEnd);
        expect(v.windowEnd - windowEnd).to.be.lessThanOrEqual(w.params.lateChallengeExtension);
        expect(v.fundingEnd).to.equal(newEnd);
        expect(v.deliberationEnd).to.equal(newEnd + w.params.rulingPeriod);
      });

      it("an early challenge does not extend the window; funding then deliberation follow it", async function () {
        const w = await world();
        const { id } = await challenged(w, "early");
        const v = await w.d.escalation.dispute(id);
        const deadline = await w.governor.proposalDeadline(id);
        expect(v.windowEnd).to.equal(deadline + w.params.challengeWindow);
        expect(await stateName(w, id)).to.equal("Funding");
        await w.helper.advanceTo(v.fundingEnd + 1n);
        expect(await stateName(w, id)).to.equal("Deliberating");
      });

      it("challengeWithPermit pulls the bond with an EIP-2612 signature", async function () {
        const w = await world();
        const p = await receiverProposal(w, "permit");
        const id = await passProposal(w, p);
        const signer = w.carol;
        const escalation = await w.d.escalation.getAddress();
        await w.token.connect(signer).approve(escalation, 0n);
        const deadline = BigInt(await time.latest()) + 3_600n;
        const { chainId } = await hre.ethers.provider.getNetwork();
        const sig = await signer.signTypedData(
          { name: await w.token.name(), version: "1", chainId, verifyingContract: await w.token.getAddress() },
          {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          {
            owner: signer.address,
            spender: escalation,
            value: BOND,
            nonce: await w.token.nonces(signer.address),
            deadline,
          },
        );
        const { v, r, s } = hre.ethers.Signature.from(sig);
        await expect(w.d.escalation.connect(signer).challengeWithPermit(id, BOND, deadline, v, r, s))
          .to.emit(w.d.escalation, "Challenged")
          .withArgs(id, signer.address, BOND, (await w.d.escalation.dispute(id)).windowEnd);
        const [ch] = await w.d.escalation.stakeOf(id, signer.address, 0);
        expect(ch).to.equal(BOND);
      });

      it("a proposal calling a governance contract is marked at creation and gets the escalated window", async function () {
        const w = await world();
        const governor = await w.governor.getAddress();
        const p = buildProposal(
          [{ target: governor, data: w.governor.interface.encodeFunctionData("setVotingDelay", [2n]) }],
          "meta: change the voting delay",
        );
        const { id, receipt } = await w.helper.propose(p, w.proposer);
        const events = await w.d.escalation.queryFilter(
          w.d.escalation.filters.EscalationRequired(id),
          receipt.blockNumber,
          receipt.blockNumber,
        );
        expect(events).to.have.length(1);
        expect(events[0]!.args.by).to.equal(governor);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.For);
        await w.helper.waitForDeadline(id);
        const v = await w.d.escalation.dispute(id);
        expect(v.marked).to.equal(true);
        expect(v.windowEnd).to.equal((await w.governor.proposalDeadline(id)) + w.params.escalatedWindow);
        // An ordinary proposal is not marked.
        const plain = await receiverProposal(w, "plain");
        const { id: plainId } = await w.helper.propose(plain, w.proposer);
        expect((await w.d.escalation.dispute(plainId)).marked).to.equal(false);
      });

      it("hooks allowed by governance mark proposals until the window closes; others cannot", async function () {
        const w = await world();
        const hook = w.spare[0]!;
        const p = await receiverProposal(w, "hooked");
        const { id } = await w.helper.propose(p, w.proposer);
        await expect(w.d.escalation.connect(hook).markForEscalation(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeUnauthorizedHook")
          .withArgs(hook.address);
        await expect(w.d.escalation.connect(hook).setHook(hook.address, true))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeOnlyGovernance")
          .withArgs(hook.address, await w.timelock.getAddress());
        await expect(w.d.escalation.connect(w.governance).setHook(hook.address, true))
          .to.emit(w.d.escalation, "HookSet")
          .withArgs(hook.address, false, true);
        await expect(w.d.escalation.connect(hook).markForEscalation(123n))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeUnknownProposal")
          .withArgs(123n);
        await expect(w.d.escalation.connect(hook).markForEscalation(id)).to.emit(w.d.escalation, "EscalationRequired");
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.For);
        await w.helper.waitForDeadline(id);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        expect(windowEnd).to.equal((await w.governor.proposalDeadline(id)) + w.params.escalatedWindow);
        await w.helper.advanceTo(windowEnd + 1n);
        await expect(w.d.escalation.connect(hook).markForEscalation(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeTooLateToMark")
          .withArgs(id, DisputeState.Unchallenged);
      });
    });

    describe("tiers: committee, appeal, referendum", function () {
      it("the committee rules Uphold during deliberation; the ruling is final after the appeal window", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "uphold");
        await expect(w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Uphold))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeRulingClosed")
          .withArgs(id);
        await toDeliberation(w, id);
        await w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Uphold);
        const tx = await w.d.committee.connect(w.members[1]!).castRuling(id, Ruling.Uphold);
        const at = await clockOf(w, await tx.wait());
        await expect(tx)
          .to.emit(w.d.escalation, "Ruled")
          .withArgs(id, 0, Ruling.Uphold, at + w.params.appealWindow);
        expect(await stateName(w, id)).to.equal("Appealable");
        await expect(w.governor.queue(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Appealable, at + w.params.appealWindow);
        await w.helper.advanceTo(at + w.params.appealWindow + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        await w.helper.queue(p);
        await w.helper.waitForEta(id);
        await w.helper.execute(p);
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
      });

      it("ruling by a non-member, an expired member or a conflicted member reverts with the values", async function () {
        const w = await world();
        const { id } = await challenged(w, "bad rulers");
        // m3 stakes on the defence: conflicted.
        await w.token.connect(w.deployer).transfer(w.members[2]!.address, gov(1_000));
        await w.token.connect(w.members[2]!).approve(await w.d.escalation.getAddress(), gov(1_000));
        await w.d.escalation.connect(w.members[2]!).stake(id, Side.Defender, gov(1_000));
        await toDeliberation(w, id);
        await expect(w.d.committee.connect(w.outsider).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeNotMember")
          .withArgs(w.outsider.address);
        await expect(w.d.committee.connect(w.members[2]!).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeMemberConflicted")
          .withArgs(id, w.members[2]!.address);
        await expect(w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.None))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeInvalidRuling")
          .withArgs(Ruling.None);
        await w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Reject);
        await expect(w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeAlreadyVoted")
          .withArgs(id, 0, w.members[0]!.address);
        // The proposer, once seated, is conflicted too.
        const expiry = BigInt(await time.latest()) + 86_400n;
        await w.d.committee.connect(w.governance).setMember(w.proposer.address, expiry);
        await expect(w.d.committee.connect(w.proposer).castRuling(id, Ruling.Uphold))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeMemberConflicted")
          .withArgs(id, w.proposer.address);
        // m2's seat expires.
        await time.increaseTo(w.memberExpiry);
        await expect(w.d.committee.connect(w.members[1]!).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeSeatExpired")
          .withArgs(w.members[1]!.address, w.memberExpiry);
      });

      it("a decider cannot stake afterwards (DisputeDeciderCannotStake)", async function () {
        const w = await world();
        const { id } = await challenged(w, "decider stakes");
        await toDeliberation(w, id);
        await w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Uphold);
        await committeeRules(w, id, Ruling.Reject, 0);
        await w.d.committee.connect(w.members[1]!).castRuling(id, Ruling.Uphold);
        await w.token.connect(w.deployer).transfer(w.members[0]!.address, gov(30_000));
        await w.token.connect(w.members[0]!).approve(await w.d.escalation.getAddress(), gov(30_000));
        await expect(w.d.escalation.connect(w.members[0]!).appeal(id, gov(20_000)))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeDeciderCannotStake")
          .withArgs(id, w.members[0]!.address);
      });

      it("I19 an appeal costs g × the previous bond, is crowdfunded, takes no excess, and moves to tier 1", async function () {
        const w = await world();
        const { id } = await challenged(w, "appeal");
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Uphold);
        expect(await w.d.escalation.requiredBond(id, 1)).to.equal(2n * BOND);
        expect(await w.d.escalation.requiredBond(id, 2)).to.equal(4n * BOND);
        expect(await w.d.escalation.appealShortfall(id)).to.equal(2n * BOND);
        await w.d.escalation.connect(w.challenger).appeal(id, gov(5_000));
        expect(await w.d.escalation.appealShortfall(id)).to.equal(gov(15_000));
        expect(await stateName(w, id)).to.equal("Appealable");
        const before = await w.token.balanceOf(w.backer.address);
        const ruledAt = (await w.d.escalation.dispute(id)).ruledAt;
        await expect(w.d.escalation.connect(w.backer).appeal(id, gov(50_000)))
          .to.emit(w.d.escalation, "Appealed")
          .withArgs(id, 1, Side.Challenger, ruledAt + w.params.appealWindow);
        expect(before - (await w.token.balanceOf(w.backer.address))).to.equal(gov(15_000));
        const [pooled] = await w.d.escalation.pools(id, 1);
        expect(pooled).to.equal(2n * BOND);
        const v = await w.d.escalation.dispute(id);
        expect(v.tier).to.equal(1n);
        expect(v.ruling).to.equal(Ruling.None);
        expect(await stateName(w, id)).to.equal("Funding");
        // The defence may stake at tier 1 until its funding phase ends; appealing again is not possible.
        await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(7_000));
        await expect(w.d.escalation.connect(w.backer).appeal(id, gov(1)))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNotAppealable")
          .withArgs(id, DisputeState.Funding);
      });

      it("appealing a final ruling, or before any ruling, reverts with the state", async function () {
        const w = await world();
        const { id } = await challenged(w, "appeal final");
        await expect(w.d.escalation.connect(w.challenger).appeal(id, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNotAppealable")
          .withArgs(id, DisputeState.Funding);
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Uphold);
        const appealEnd = (await w.d.escalation.dispute(id)).appealEnd;
        await w.helper.advanceTo(appealEnd + 1n);
        await expect(w.d.escalation.connect(w.challenger).appeal(id, 2n * BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        await expect(w.d.escalation.connect(w.challenger).stake(id, Side.Defender, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        await expect(w.d.escalation.connect(w.challenger).challenge(id, BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
      });

      it("no ruling in time escalates by itself, tier by tier, to the referendum (no new bond)", async function () {
        const w = await world();
        const { id } = await challenged(w, "silent committee");
        const v0 = await w.d.escalation.dispute(id);
        await w.helper.advanceTo(v0.deliberationEnd + 1n);
        let v = await w.d.escalation.dispute(id);
        expect([v.state, v.tier]).to.deep.equal([DisputeState.Funding, 1n]);
        expect(v.fundingEnd).to.equal(v0.deliberationEnd + w.params.appealWindow);
        await w.helper.advanceTo(v.deliberationEnd + 1n);
        v = await w.d.escalation.dispute(id);
        expect([v.state, v.tier]).to.deep.equal([DisputeState.Funding, 2n]);
        await w.helper.advanceTo(v.fundingEnd + 1n);
        expect(await stateName(w, id)).to.equal("Deliberating");
        const [open, snapshot] = await w.d.escalation.referendumOpen(id);
        expect(open).to.equal(true);
        expect(snapshot).to.equal(v.fundingEnd - w.params.appealWindow - 1n);
        // The committee cannot rule at the referendum tier.
        await expect(w.d.committee.connect(w.members[0]!).castRuling(id, Ruling.Reject))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeRulingClosed")
          .withArgs(id);
      });

      it("the referendum counts the governor's weights (⌊√power⌋ when quadratic); Reject needs the super-quorum", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "referendum");
        const v0 = await w.d.escalation.dispute(id);
        await w.helper.advanceTo(v0.deliberationEnd + 1n); // tier 1
        const v1 = await w.d.escalation.dispute(id);
        await w.helper.advanceTo(v1.deliberationEnd + 1n); // tier 2 funding
        const v2 = await w.d.escalation.dispute(id);
        await expect(w.d.referendum.connect(w.bob).castVote(id, 0))
          .to.be.revertedWithCustomError(w.d.referendum, "ReferendumNotOpen")
          .withArgs(id);
        await w.helper.advanceTo(v2.fundingEnd + 1n);
        const [, snapshot] = await w.d.escalation.referendumOpen(id);
        const bobPower = await w.governor.getVotes(w.bob.address, snapshot);
        const weight = w.counting === "quadratic" ? isqrt(bobPower) : bobPower;
        await expect(w.d.referendum.connect(w.bob).castVote(id, 0))
          .to.emit(w.d.referendum, "ReferendumVoteCast")
          .withArgs(id, w.bob.address, 0, bobPower, weight);
        await expect(w.d.referendum.connect(w.bob).castVote(id, 1))
          .to.be.revertedWithCustomError(w.d.referendum, "ReferendumAlreadyVoted")
          .withArgs(id, w.bob.address, BigInt(w.bob.address));
        await expect(w.d.referendum.connect(w.outsider).castVote(id, 0))
          .to.be.revertedWithCustomError(w.d.referendum, "ReferendumNoVotingPower")
          .withArgs(id, w.outsider.address, snapshot);
        await expect(w.d.referendum.connect(w.carol).castVote(id, 3))
          .to.be.revertedWithCustomError(w.d.referendum, "ReferendumInvalidSupport")
          .withArgs(3);
        // 300k Reject < 1M super-quorum (10 % of 10M): the proposal stands although Reject leads.
        const end = v2.fundingEnd + w.params.referendumPeriod;
        expect(await w.d.referendum.superQuorum(snapshot, 1_000)).to.equal(gov(1_000_000));
        await w.helper.advanceTo(end + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        await expect(w.d.escalation.connect(w.challenger).appeal(id, 4n * BOND))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingFinal")
          .withArgs(id, DisputeState.Upheld);
        await w.helper.queue(p);
      });

      it("a referendum with the super-quorum rejects: the proposal can never be queued, anyone may cancel it", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "rejected");
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Reject);
        await w.d.escalation.connect(w.defender).appeal(id, 2n * BOND);
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Reject, 3);
        await w.d.escalation.connect(w.defender).appeal(id, 4n * BOND);
        expect((await w.d.escalation.dispute(id)).tier).to.equal(2n);
        await toDeliberation(w, id);
        await w.d.referendum.connect(w.alice).castVote(id, 0); // 600k Reject
        await w.d.referendum.connect(w.carol).castVote(id, 2); // 100k Abstain
        await w.d.referendum.connect(w.defender).castVote(id, 1); // 80k Uphold
        // Reject + Abstain = 700k < 1M: not yet enough to overturn.
        const [, snapshot] = await w.d.escalation.referendumOpen(id);
        expect(await w.d.referendum.outcome(id, snapshot, 1_000)).to.equal(Ruling.Uphold);
        await w.d.referendum.connect(w.bob).castVote(id, 0); // 300k Reject: 1M = the super-quorum
        expect(await w.d.referendum.outcome(id, snapshot, 1_000)).to.equal(Ruling.Reject);
        const v = await w.d.escalation.dispute(id);
        await w.helper.advanceTo(v.deliberationEnd + 1n);
        expect(await stateName(w, id)).to.equal("Rejected");
        await expect(w.governor.queue(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Rejected, 0);
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
        await expect(w.d.escalation.connect(w.outsider).cancelProposal(...(await args(p))))
          .to.emit(w.governor, "ProposalCanceled")
          .withArgs(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
        expect(await stateName(w, id)).to.equal("Rejected");
      });

      it("queueing during a dispute names its state and when it may end; staking while the deciders decide is refused", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "queue while disputed");
        const v = await w.d.escalation.dispute(id);
        await expect(w.governor.queue(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Funding, v.deliberationEnd);
        await toDeliberation(w, id);
        await expect(w.governor.queue(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeQueueBlocked")
          .withArgs(id, DisputeState.Deliberating, v.deliberationEnd);
        await expect(w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(1_000)))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNotFunding")
          .withArgs(id, DisputeState.Deliberating);
        expect(await w.d.escalation.rulingOpen(id)).to.deep.equal([true, 0n]);
        expect(await w.d.escalation.isConflicted(id, w.challenger.address)).to.equal(true);
        expect(await w.d.escalation.isConflicted(id, w.proposer.address)).to.equal(true);
        expect(await w.d.escalation.isConflicted(id, w.members[0]!.address)).to.equal(false);
      });

      it("only the committee records rulings, and only while its tier deliberates", async function () {
        const w = await world();
        const { id } = await challenged(w, "record ruling");
        await expect(w.d.escalation.connect(w.outsider).recordRuling(id, 0, Ruling.Uphold))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeOnlyCommittee")
          .withArgs(w.outsider.address, await w.d.committee.getAddress());
        const committee = await hre.ethers.getImpersonatedSigner(await w.d.committee.getAddress());
        await hre.network.provider.send("hardhat_setBalance", [committee.address, "0xDE0B6B3A7640000"]);
        await expect(w.d.escalation.connect(committee).recordRuling(id, 0, Ruling.Uphold))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingClosed")
          .withArgs(id, DisputeState.Funding, 0);
        await toDeliberation(w, id);
        await expect(w.d.escalation.connect(committee).recordRuling(id, 1, Ruling.Uphold))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeRulingClosed")
          .withArgs(id, DisputeState.Deliberating, 0);
        await expect(w.d.escalation.connect(committee).recordRuling(id, 0, Ruling.None))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeInvalidRuling")
          .withArgs(Ruling.None);
        await committeeRules(w, id, Ruling.Reject);
        expect(await w.d.committee.rulingVotes(id, 0)).to.deep.equal([0n, 2n]);
        expect(await w.d.committee.hasVoted(id, w.members[0]!.address)).to.equal(true);
        expect(await w.d.committee.hasVoted(id, w.members[2]!.address)).to.equal(false);
      });

      it("during an appeal window the winning side may stake on the next tier; an appeal left incomplete refunds both", async function () {
        const w = await world();
        const { id } = await challenged(w, "defence in appeal window");
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Uphold);
        await expect(w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(3_000)))
          .to.emit(w.d.escalation, "Staked")
          .withArgs(id, w.defender.address, 1, Side.Defender, gov(3_000));
        await w.d.escalation.connect(w.backer).stake(id, Side.Challenger, gov(5_000)); // half the appeal
        expect(await w.d.escalation.pools(id, 1)).to.deep.equal([gov(5_000), gov(3_000)]);
        expect(await w.d.escalation.appealShortfall(id)).to.equal(gov(15_000));
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
        expect(await stateName(w, id)).to.equal("Upheld");
        expect(await w.d.escalation.claimable(id, w.defender.address)).to.deep.equal([gov(3_000), 0n]);
        expect(await w.d.escalation.claimable(id, w.backer.address)).to.deep.equal([gov(5_000), 0n]);
        await w.d.escalation.connect(w.backer).claim(id);
        expect(await w.d.escalation.hasClaimed(id, w.backer.address)).to.equal(true);
        expect(await w.d.escalation.stakeOf(id, w.backer.address, 1)).to.deep.equal([0n, 0n]);
        await w.d.escalation.connect(w.defender).claim(id);
        const [tally] = await Promise.all([w.d.referendum.tally(id)]);
        expect(tally).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });

      it("only the guardian may cancel a proposal whose dispute did not end Rejected", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "cancel not allowed");
        await expect(w.d.escalation.connect(w.outsider).cancelProposal(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeCancelNotAllowed")
          .withArgs(id, DisputeState.Funding, w.outsider.address);
      });
    });

    describe("bonds: settlement and pull payments (I18)", function () {
      it("Upheld: the challenger side forfeits, half is burned, the defenders get the rest pro-rata", async function () {
        const w = await world();
        const { id } = await challenged(w, "settle uphold");
        await w.d.escalation.connect(w.backer).stake(id, Side.Challenger, gov(5_000)); // challengers: 15k
        await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(3_000));
        await w.d.escalation.connect(w.bob).stake(id, Side.Defender, gov(1_000)); // defenders: 4k
        await toDeliberation(w, id);
        await expect(w.d.escalation.claim(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNotFinal")
          .withArgs(id, DisputeState.Deliberating);
        await committeeRules(w, id, Ruling.Uphold);
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
        // losers 15k: 7.5k burned, 7.5k rewards; defender 3/4, bob 1/4.
        const [refund, reward] = await w.d.escalation.claimable(id, w.defender.address);
        expect([refund, reward]).to.deep.equal([gov(3_000), (gov(7_500) * 3n) / 4n]);
        const burnBefore = await w.token.balanceOf(BURN_ADDRESS);
        await expect(w.d.escalation.settle(id)).to.emit(w.d.escalation, "Settled").withArgs(id, gov(7_500), gov(7_500));
        expect((await w.token.balanceOf(BURN_ADDRESS)) - burnBefore).to.equal(gov(7_500));
        await w.d.escalation.settle(id); // idempotent
        expect((await w.token.balanceOf(BURN_ADDRESS)) - burnBefore).to.equal(gov(7_500));
        const before = await w.token.balanceOf(w.defender.address);
        await expect(w.d.escalation.connect(w.defender).claim(id))
          .to.emit(w.d.escalation, "Claimed")
          .withArgs(id, w.defender.address, gov(3_000), gov(5_625));
        expect((await w.token.balanceOf(w.defender.address)) - before).to.equal(gov(8_625));
        await expect(w.d.escalation.connect(w.defender).claim(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeAlreadyClaimed")
          .withArgs(id, w.defender.address);
        await expect(w.d.escalation.connect(w.challenger).claim(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNothingToClaim")
          .withArgs(id, w.challenger.address);
        await expect(w.d.escalation.connect(w.outsider).claim(id))
          .to.be.revertedWithCustomError(w.d.escalation, "DisputeNothingToClaim")
          .withArgs(id, w.outsider.address);
        // bob is the last winner: he gets the remainder of the reward pool.
        await expect(w.d.escalation.connect(w.bob).claim(id))
          .to.emit(w.d.escalation, "Claimed")
          .withArgs(id, w.bob.address, gov(1_000), gov(7_500) - gov(5_625));
        const c = await conservation(w);
        expect(c).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
        const [deposited, refunded, rewarded, burned] = await w.d.escalation.accounting();
        expect([deposited, refunded, rewarded, burned]).to.deep.equal([
          gov(19_000),
          gov(4_000),
          gov(7_500),
          gov(7_500),
        ]);
      });

      it("Rejected after appeals: defenders forfeit at every opened tier; an incomplete appeal is refunded", async function () {
        const w = await world();
        const { id } = await challenged(w, "settle reject");
        await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(2_000));
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Reject);
        await w.d.escalation.connect(w.defender).appeal(id, 2n * BOND); // tier 1 opened by the defence
        await w.d.escalation.connect(w.backer).stake(id, Side.Challenger, gov(4_000)); // tier 1 challenger stake
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Reject, 3);
        await w.d.escalation.connect(w.bob).appeal(id, gov(1_000)); // incomplete appeal to tier 2
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
        expect(await stateName(w, id)).to.equal("Rejected");
        // losers: 2k + 20k = 22k → 11k burned, 11k to challengers (10k + 4k stakes).
        expect(await w.d.escalation.claimable(id, w.challenger.address)).to.deep.equal([
          BOND,
          (gov(11_000) * 10n) / 14n,
        ]);
        expect(await w.d.escalation.claimable(id, w.bob.address)).to.deep.equal([gov(1_000), 0n]);
        expect(await w.d.escalation.claimable(id, w.defender.address)).to.deep.equal([0n, 0n]);
        for (const s of [w.challenger, w.backer, w.bob]) await w.d.escalation.connect(s).claim(id);
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });

      it("a forfeited stake with nobody on the winning side is burned whole", async function () {
        const w = await world();
        const { id } = await challenged(w, "no defenders");
        await toDeliberation(w, id);
        await committeeRules(w, id, Ruling.Uphold);
        await w.helper.advanceTo((await w.d.escalation.dispute(id)).appealEnd + 1n);
        await expect(w.d.escalation.settle(id)).to.emit(w.d.escalation, "Settled").withArgs(id, BOND, 0n);
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
      });
    });

    describe("guardian with a sunset (I17)", function () {
      it("cancels a proposal at any stage; an open dispute is voided and every stake refunded", async function () {
        const w = await world();
        const { id, p } = await challenged(w, "guardian voids");
        await w.d.escalation.connect(w.defender).stake(id, Side.Defender, gov(2_000));
        await expect(w.d.guardian.connect(w.guardian).cancel(...(await args(p))))
          .to.emit(w.d.guardian, "GuardianCancelled")
          .withArgs(id, w.guardian.address);
        expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
        expect(await stateName(w, id)).to.equal("Voided");
        expect(await w.d.escalation.claimable(id, w.challenger.address)).to.deep.equal([BOND, 0n]);
        await w.d.escalation.connect(w.challenger).claim(id);
        await w.d.escalation.connect(w.defender).claim(id);
        expect(await conservation(w)).to.deep.equal({ gap: 0n, slack: 0n, held: 0n });
        // An active proposal, too.
        const q = await receiverProposal(w, "guardian active");
        const { id: q1 } = await w.helper.propose(q, w.proposer);
        await w.helper.waitForSnapshot(q1);
        await w.d.guardian.connect(w.guardian).cancel(...(await args(q)));
        expect(await w.governor.state(q1)).to.equal(ProposalState.Canceled);
      });

      it("cannot cancel its own removal: the proposal escalates instead (longer window)", async function () {
        const w = await world();
        const guardian = await w.d.guardian.getAddress();
        const p = buildProposal(
          [{ target: guardian, data: w.d.guardian.interface.encodeFunctionData("setGuardian", [ZeroAddress, 0n]) }],
          "remove the guardian",
        );
        const { id } = await w.helper.propose(p, w.proposer);
        expect((await w.d.escalation.dispute(id)).marked).to.equal(true); // it targets the guardian: meta
        expect(await w.d.guardian.connect(w.guardian).cancel.staticCall(...(await args(p)))).to.equal(false);
        await expect(w.d.guardian.connect(w.guardian).cancel(...(await args(p))))
          .to.emit(w.d.guardian, "GuardianCancelEscalated")
          .withArgs(id, w.guardian.address, true);
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.For);
        await w.helper.waitForDeadline(id);
        const windowEnd = (await w.d.escalation.dispute(id)).windowEnd;
        expect(windowEnd).to.equal((await w.governor.proposalDeadline(id)) + w.params.escalatedWindow);
        await w.helper.advanceTo(windowEnd + 1n);
        await w.helper.queue(p);
        await w.helper.waitForEta(id);
        await w.helper.execute(p);
        expect(await w.d.guardian.guardian()).to.deep.equal([ZeroAddress, 0n]);
      });

      it("only the guardian, only until its expiry, and governance sets it within the maximum term", async function () {
        const w = await world();
        const p = await receiverProposal(w, "expiry");
        const { id } = await w.helper.propose(p, w.proposer);
        await expect(w.d.guardian.connect(w.outsider).cancel(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.guardian, "GuardianUnauthorized")
          .withArgs(w.outsider.address, w.guardian.address);
        await time.increaseTo(w.guardianExpiry);
        await expect(w.d.guardian.connect(w.guardian).cancel(...(await args(p))))
          .to.be.revertedWithCustomError(w.d.guardian, "GuardianExpired")
          .withArgs(w.guardian.address, w.guardianExpiry);
        expect(await w.d.guardian.isActive()).to.equal(false);
        expect(await w.governor.state(id)).to.not.equal(ProposalState.Canceled);
        await expect(w.d.guardian.connect(w.guardian).setGuardian(w.guardian.address, 1n))
          .to.be.revertedWithCustomError(w.d.guardian, "GuardianOnlyGovernance")
          .withArgs(w.guardian.address, await w.timelock.getAddress());
        const now = BigInt(await time.latest()) + 1n;
        const maxExpiry = now + 180n * 86_400n;
        await time.setNextBlockTimestamp(now);
        await expect(w.d.guardian.connect(w.governance).setGuardian(w.guardian.address, maxExpiry + 1n))
          .to.be.revertedWithCustomError(w.d.guardian, "GuardianInvalidExpiry")
          .withArgs(maxExpiry + 1n, maxExpiry);
        await expect(w.d.guardian.connect(w.governance).setGuardian(w.outsider.address, now + 1_000n))
          .to.emit(w.d.guardian, "GuardianSet")
          .withArgs(w.guardian.address, w.guardianExpiry, w.outsider.address, now + 1_000n);
      });
    });

    describe("committee seats (expiring, chosen by governance)", function () {
      it("governance appoints, renews and removes members within the maximum term; thresholds are bounded", async function () {
        const w = await world();
        const c = w.d.committee;
        expect(await c.members()).to.deep.equal(w.members.map((m) => m.address));
        expect(await c.activeMemberCount()).to.equal(3n);
        expect([await c.threshold(0), await c.threshold(1)]).to.deep.equal([2n, 3n]);
        await expect(c.connect(w.outsider).setMember(w.outsider.address, 1n))
          .to.be.revertedWithCustomError(c, "CommitteeOnlyGovernance")
          .withArgs(w.outsider.address, await w.timelock.getAddress());
        const now = BigInt(await time.latest()) + 1n;
        await time.setNextBlockTimestamp(now);
        await expect(c.connect(w.governance).setMember(w.outsider.address, now))
          .to.be.revertedWithCustomError(c, "CommitteeInvalidExpiry")
          .withArgs(w.outsider.address, now, now + 365n * 86_400n);
        await c.connect(w.governance).setMember(w.outsider.address, now + 10_000n);
        expect(await c.activeMemberCount()).to.equal(4n);
        await expect(c.connect(w.governance).removeMember(w.members[0]!.address))
          .to.emit(c, "MemberSet")
          .withArgs(w.members[0]!.address, w.memberExpiry, 0n);
        await expect(c.connect(w.governance).removeMember(w.members[0]!.address))
          .to.be.revertedWithCustomError(c, "CommitteeUnknownMember")
          .withArgs(w.members[0]!.address);
        expect(await c.isActiveMember(w.members[0]!.address)).to.equal(false);
        await expect(c.connect(w.governance).setThresholds(3, 2))
          .to.be.revertedWithCustomError(c, "CommitteeInvalidThresholds")
          .withArgs(3, 2);
        await expect(c.connect(w.governance).setThresholds(0, 0))
          .to.be.revertedWithCustomError(c, "CommitteeInvalidThresholds")
          .withArgs(0, 0);
        await expect(c.connect(w.governance).setThresholds(1, 2)).to.emit(c, "ThresholdsSet").withArgs(2, 3, 1, 2);
        expect(await c.maxTerm()).to.equal(365n * 86_400n);
        expect(await c.memberExpiry(w.members[1]!.address)).to.equal(w.memberExpiry);
        expect(await c.governance()).to.equal(await w.timelock.getAddress());
        expect(await w.d.guardian.maxTerm()).to.equal(180n * 86_400n);
      });

      it("a committee with mismatched member and expiry lists cannot be created", async function () {
        const w = await world();
        const factory = new DisputeEscalation__factory(w.deployer);
        const expiry = BigInt(await time.latest()) + 1_000n;
        await expect(
          factory.deploy(
            w.token,
            w.timelock,
            disputeParams(mode),
            {
              members: [w.members[0]!.address],
              expiries: [expiry, expiry],
              threshold: 1,
              appealThreshold: 1,
              maxTerm: 86_400n,
            },
            { guardian: ZeroAddress, expiry: 0n, maxTerm: 86_400n },
            [],
            DEPLOY_OVERRIDES,
          ),
        )
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeMemberListMismatch")
          .withArgs(1, 2);
      });
    });

    describe("parameters (bounded; I11: a change never touches earlier proposals)", function () {
      it("out-of-bounds values revert with name, value and bounds; only governance sets them", async function () {
        const w = await world();
        const e = w.d.escalation;
        const p = disputeParams(mode);
        await expect(e.connect(w.outsider).setParameters(p))
          .to.be.revertedWithCustomError(e, "DisputeOnlyGovernance")
          .withArgs(w.outsider.address, await w.timelock.getAddress());
        const name = (s: string) => hre.ethers.encodeBytes32String(s);
        await expect(e.connect(w.governance).setParameters({ ...p, burnBps: 999n }))
          .to.be.revertedWithCustomError(e, "DisputeInvalidParameter")
          .withArgs(name("burnBps"), 999n, 1_000n, 10_000n);
        await expect(e.connect(w.governance).setParameters({ ...p, appealFactor: 1n }))
          .to.be.revertedWithCustomError(e, "DisputeInvalidParameter")
          .withArgs(name("appealFactor"), 1n, 2n, 10n);
        await expect(e.connect(w.governance).setParameters({ ...p, escalatedWindow: p.challengeWindow - 1n }))
          .to.be.revertedWithCustomError(e, "DisputeInvalidParameter")
          .withArgs(name("escalatedWindow"), p.challengeWindow - 1n, p.challengeWindow, maxPeriod(mode));
        await expect(e.connect(w.governance).setParameters({ ...p, bond: 0n }))
          .to.be.revertedWithCustomError(e, "DisputeInvalidParameter")
          .withArgs(name("bond"), 0n, 1n, 2n ** 96n - 1n);
        await expect(e.connect(w.governance).setParameters({ ...p, rulingPeriod: maxPeriod(mode) + 1n }))
          .to.be.revertedWithCustomError(e, "DisputeInvalidParameter")
          .withArgs(name("rulingPeriod"), maxPeriod(mode) + 1n, minPeriod(mode), maxPeriod(mode));
      });

      it("I15 dispute parameters change at most once per 30 days (DisputeParametersRateLimited)", async function () {
        const w = await world();
        const e = w.d.escalation.connect(w.governance);
        expect(await e.lastParametersChange()).to.equal(0n);
        await e.setParameters({ ...disputeParams(mode), bond: gov(20_000) });
        const last = await e.lastParametersChange();
        expect(last).to.equal(await w.helper.clock());
        const next = last + toClockUnits(await e.PARAMETERS_CHANGE_INTERVAL(), mode);
        await expect(e.setParameters({ ...disputeParams(mode), bond: gov(5_000) }))
          .to.be.revertedWithCustomError(e, "DisputeParametersRateLimited")
          .withArgs(last, next);
        await w.helper.advanceTo(next - 1n);
        await e.setParameters({ ...disputeParams(mode), bond: gov(5_000) });
        expect(await e.latestParamsId()).to.equal(2n);
      });

      it("a new bond applies to proposals whose snapshot is after the change, never to earlier ones", async function () {
        const w = await world();
        const before = await receiverProposal(w, "before the change");
        const { id: old } = await w.helper.propose(before, w.proposer);
        await w.helper.waitForSnapshot(old);
        await w.d.escalation.connect(w.governance).setParameters({ ...disputeParams(mode), bond: gov(50_000) });
        expect(await w.d.escalation.latestParamsId()).to.equal(1n);
        const after = await receiverProposal(w, "after the change");
        const { id: fresh } = await w.helper.propose(after, w.proposer);
        expect(await w.d.escalation.requiredBond(old, 0)).to.equal(BOND);
        expect(await w.d.escalation.requiredBond(fresh, 0)).to.equal(gov(50_000));
        await w.helper.vote(old, w.alice, VoteType.For);
        await w.helper.waitForDeadline(old);
        await w.d.escalation.connect(w.challenger).challenge(old, BOND);
        expect((await w.d.escalation.dispute(old)).paramsId).to.equal(0n);
      });
    });
  });
}

/** The contract's parameter bounds in clock units (1 hour … 30 days). */
function minPeriod(mode: string): bigint {
  return mode === "timestamp" ? 3_600n : 300n;
}
function maxPeriod(mode: string): bigint {
  return mode === "timestamp" ? 30n * 86_400n : (30n * 86_400n) / 12n;
}
