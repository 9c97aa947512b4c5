import hre from "hardhat";
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  bindIdentity,
  buildProposal,
  COMMON_WORLD,
  DAY,
  descriptionHash,
  gov,
  governanceParams,
  governorParamsStruct,
  isqrt,
  toClockUnits,
  VoteType,
  type Proposal,
} from "../../lib";
import { PolycentricGovernor__factory } from "../../typechain-types";
import { CAP, CAPPED_ALLOCATION, CAPPED_IDENTITY, CLOCK_MODES, cappedWorld, type CappedWorld } from "../fixtures";

const OVERRIDE = "0x01";
const ZERO = hre.ethers.ZeroAddress;

for (const mode of CLOCK_MODES) {
  async function receiverProposal(w: CappedWorld, description: string): Promise<Proposal> {
    return buildProposal(
      [
        {
          target: await w.receiver.getAddress(),
          data: w.receiver.interface.encodeFunctionData("mockFunction", [1n]),
        },
      ],
      description,
    );
  }

  /** Proposed by the world's proposer; the latest block is at snapshot + 1 (Active). */
  async function open(w: CappedWorld, description: string): Promise<{ id: bigint; snapshot: bigint }> {
    const { id } = await w.helper.propose(await receiverProposal(w, description), w.proposer);
    await w.helper.waitForSnapshot(id);
    return { id, snapshot: await w.governor.proposalSnapshot(id) };
  }

  async function rawTally(w: CappedWorld, id: bigint): Promise<bigint[]> {
    return [...(await w.governor.proposalRawVotes(id))];
  }

  /** Funds `signer` from the deployer and delegates it to `delegatee` (itself by default). */
  async function fund(w: CappedWorld, signer: HardhatEthersSigner, amount: bigint, delegatee = signer.address) {
    await w.token.transfer(signer.address, amount);
    await w.token.connect(signer).delegate(delegatee);
  }

  /** Proposes `calls` on the governor itself, passes it with the whale, the delegate and the small holder For. */
  async function passGovernorCall(w: CappedWorld, description: string, ...calldatas: string[]) {
    const target = await w.governor.getAddress();
    const p = buildProposal(
      calldatas.map((data) => ({ target, data })),
      description,
    );
    const { id } = await w.helper.propose(p, w.proposer);
    await w.helper.waitForSnapshot(id);
    for (const v of [w.whale, w.delegate, w.small]) await w.helper.vote(id, v, VoteType.For);
    await w.helper.waitForDeadline(id);
    await w.helper.expectState(id, "Succeeded");
    await w.helper.queue(p);
    await w.helper.waitForEta(id);
    return { p, id, execute: () => w.governor.execute(p.targets, p.values, p.calldatas, descriptionHash(description)) };
  }

  describe(`PolycentricGovernor delegation caps (${mode} clock)`, function () {
    describe("counted power: min(votes(s), votes(s − H), cap(s))", function () {
      it("I6 capAt is 2 % of the supply at the snapshot; countedVotes explains the cap of own + received power", async function () {
        const w = await cappedWorld(mode);
        const { snapshot } = await open(w, "views");
        expect(await w.governor.CAP_DENOMINATOR()).to.equal(10_000n);
        expect(await w.governor.capAt(snapshot)).to.equal(CAP);
        expect(await w.governor.capParamsAt(snapshot)).to.deep.equal([200n, w.holding]);
        const received = CAPPED_ALLOCATION.d1 + CAPPED_ALLOCATION.d2 + CAPPED_ALLOCATION.d3;
        const raw = CAPPED_ALLOCATION.delegate + received;
        expect(raw).to.equal(gov(280_000));
        expect(await w.governor.countedVotes(w.delegate.address, snapshot)).to.deep.equal([CAP, raw, raw, CAP]);
        expect(await w.governor.getVotes(w.delegate.address, snapshot)).to.equal(CAP);
        const small = CAPPED_ALLOCATION.small;
        expect(await w.governor.countedVotes(w.small.address, snapshot)).to.deep.equal([small, small, small, CAP]);
        // A delegator's own votes are 0: its balance is in its delegate's.
        expect(await w.governor.getVotes(w.d1.address, snapshot)).to.equal(0n);
        const now = await w.helper.clock();
        await expect(w.governor.capAt(now))
          .to.be.revertedWithCustomError(w.token, "ERC5805FutureLookup")
          .withArgs(now, now);
      });

      it("I6 A4 own + received power over the cap is clipped: VoteCapped(delegate, raw 280k, counted 200k), then √", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "own plus received");
        await expect(w.governor.connect(w.delegate).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.delegate.address, id, gov(280_000), CAP)
          .and.to.emit(w.governor, "VoteCast")
          .withArgs(w.delegate.address, id, VoteType.For, isqrt(CAP), "");
        await expect(w.governor.connect(w.whale).castVote(id, VoteType.Against))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.whale.address, id, CAPPED_ALLOCATION.whale, CAP);
        expect(await rawTally(w, id)).to.deep.equal([CAP, CAP, 0n]);
        expect(await w.governor.proposalVotes(id)).to.deep.equal([isqrt(CAP), isqrt(CAP), 0n]);
      });

      it("I6 capping never raises power: a holder under the cap counts its whole power and no VoteCapped is emitted", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "under the cap");
        const receipt = await w.helper.vote(id, w.small, VoteType.For);
        const names = receipt.logs.map((l) => w.governor.interface.parseLog(l)?.name);
        expect(names).to.deep.equal(["VoteCast"]);
        expect(await rawTally(w, id)).to.deep.equal([0n, CAPPED_ALLOCATION.small, 0n]);
      });

      it("A1 A4 holding period: power delegated after the proposal was created counts at the aged amount", async function () {
        const w = await cappedWorld(mode);
        const { id: created } = await w.helper.propose(await receiverProposal(w, "fresh power"), w.proposer);
        const fresh = w.spare[0]!;
        await fund(w, fresh, gov(100_000), w.small.address); // inside H before the snapshot
        await w.helper.waitForSnapshot(created);
        const snapshot = await w.governor.proposalSnapshot(created);
        const small = CAPPED_ALLOCATION.small;
        expect(await w.governor.countedVotes(w.small.address, snapshot)).to.deep.equal([
          small,
          small + gov(100_000),
          small,
          CAP,
        ]);
        await expect(w.governor.connect(w.small).castVote(created, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.small.address, created, small + gov(100_000), small);
      });
    });

    describe("override votes", function () {
      it("I6 a delegator's override takes its balance from the delegate: d1 counts 60k, the capped delegate still 200k", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "override");
        await expect(w.governor.connect(w.d1).castOverrideVote(id, VoteType.Against, "my own view"))
          .to.emit(w.governor, "DelegateOverridden")
          .withArgs(w.d1.address, w.delegate.address, id, CAPPED_ALLOCATION.d1)
          .and.to.emit(w.governor, "VoteCastWithParams")
          .withArgs(w.d1.address, id, VoteType.Against, isqrt(CAPPED_ALLOCATION.d1), "my own view", OVERRIDE);
        expect(await w.governor.hasVoted(id, w.d1.address)).to.equal(true);
        expect(await w.governor.hasVotedOverride(id, w.d1.address)).to.equal(true);
        expect(await w.governor.overriddenVotes(id, w.delegate.address)).to.deep.equal([
          CAPPED_ALLOCATION.d1,
          CAPPED_ALLOCATION.d1,
        ]);
        // The delegate now counts min(280k − 60k, 280k − 60k, 200k): still the cap, so the override recovered 60k.
        await expect(w.governor.connect(w.delegate).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.delegate.address, id, gov(220_000), CAP);
        expect(await rawTally(w, id)).to.deep.equal([CAPPED_ALLOCATION.d1, CAP, 0n]);
        expect(await w.governor.hasVotedOverride(id, w.delegate.address)).to.equal(false);
      });

      it("I6 excess is returned, not lost: all three delegators override, the delegate counts its own 150k, Σ = 280k", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "all override");
        for (const d of [w.d1, w.d2, w.d3]) {
          await w.governor.connect(d).castVoteWithReasonAndParams(id, VoteType.For, "", OVERRIDE);
        }
        const receipt = await w.helper.vote(id, w.delegate, VoteType.For);
        expect(receipt.logs.map((l) => w.governor.interface.parseLog(l)?.name)).to.deep.equal(["VoteCast"]);
        const [, forRaw] = await rawTally(w, id);
        expect(forRaw).to.equal(gov(280_000));
        const [, forVotes] = await w.governor.proposalVotes(id);
        expect(forVotes).to.equal(
          isqrt(CAPPED_ALLOCATION.delegate) +
            isqrt(CAPPED_ALLOCATION.d1) +
            isqrt(CAPPED_ALLOCATION.d2) +
            isqrt(CAPPED_ALLOCATION.d3),
        );
      });

      it("override errors: after the delegate voted, twice, without a delegated balance, with other params, then castVote", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "override errors");
        await w.governor.connect(w.d1).castOverrideVote(id, VoteType.For, "");
        await expect(w.governor.connect(w.d1).castOverrideVote(id, VoteType.For, ""))
          .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyOverriddenVote")
          .withArgs(w.d1.address);
        await expect(w.governor.connect(w.d1).castVote(id, VoteType.For))
          .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote")
          .withArgs(w.d1.address);
        // Self-delegated (its balance is in its own votes) and unfunded accounts have nothing to override.
        for (const who of [w.small, w.spare[5]!]) {
          await expect(w.governor.connect(who).castOverrideVote(id, VoteType.For, ""))
            .to.be.revertedWithCustomError(w.governor, "GovernorNoDelegatedBalance")
            .withArgs(who.address, id);
        }
        await expect(
          w.governor.connect(w.d2).castVoteWithReasonAndParams(id, VoteType.For, "", "0x02"),
        ).to.be.revertedWithCustomError(w.governor, "GovernorInvalidVoteParams");
        await expect(
          w.governor.connect(w.d2).castVoteWithReasonAndParams(id, VoteType.For, "", "0x0101"),
        ).to.be.revertedWithCustomError(w.governor, "GovernorInvalidVoteParams");
        await expect(w.governor.connect(w.d2).castOverrideVote(id, 3, "")).to.be.revertedWithCustomError(
          w.governor,
          "GovernorInvalidVoteType",
        );
        await w.helper.vote(id, w.delegate, VoteType.Against);
        // The delegate counted d2's balance: d2 can no longer take it back (tallies only ever grow).
        await expect(w.governor.connect(w.d2).castOverrideVote(id, VoteType.For, ""))
          .to.be.revertedWithCustomError(w.governor, "GovernorDelegateAlreadyVoted")
          .withArgs(w.d2.address, w.delegate.address, id);
        // d2 can still vote with its own (zero) votes directly.
        await expect(w.governor.connect(w.d2).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.d2.address, id, VoteType.For, 0n, "");
      });

      it("the override uses the delegation at the snapshot: re-delegating afterwards changes nothing", async function () {
        const w = await cappedWorld(mode);
        const { id } = await open(w, "redelegated after the snapshot");
        await w.token.connect(w.d1).delegate(w.d1.address);
        await w.token.connect(w.d3).transfer(w.d2.address, CAPPED_ALLOCATION.d3);
        await expect(w.governor.connect(w.d1).castOverrideVote(id, VoteType.For, ""))
          .to.emit(w.governor, "DelegateOverridden")
          .withArgs(w.d1.address, w.delegate.address, id, CAPPED_ALLOCATION.d1);
        await expect(w.governor.connect(w.d2).castOverrideVote(id, VoteType.For, ""))
          .to.emit(w.governor, "DelegateOverridden")
          .withArgs(w.d2.address, w.delegate.address, id, CAPPED_ALLOCATION.d2);
      });

      it("A1 an override of power delegated inside H counts at the aged amount: borrowed power gains nothing by overriding", async function () {
        const w = await cappedWorld(mode);
        const { id } = await w.helper.propose(await receiverProposal(w, "fresh override"), w.proposer);
        const borrower = w.spare[0]!;
        await fund(w, borrower, gov(100_000), w.small.address);
        await w.helper.waitForSnapshot(id);
        await expect(w.governor.connect(borrower).castOverrideVote(id, VoteType.For, ""))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(borrower.address, id, gov(100_000), 0n);
        // small loses the 100k taken back (raw) but its aged 50k was never the borrower's.
        await expect(w.governor.connect(w.small).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.small.address, id, VoteType.For, isqrt(CAPPED_ALLOCATION.small), "");
        expect(await rawTally(w, id)).to.deep.equal([0n, CAPPED_ALLOCATION.small, 0n]);
      });

      it("an aged self-delegated holder that delegated inside H keeps its aged power when it overrides", async function () {
        const w = await cappedWorld(mode);
        const { id } = await w.helper.propose(await receiverProposal(w, "aged override"), w.proposer);
        await w.token.connect(w.small).delegate(w.whale.address);
        await w.helper.waitForSnapshot(id);
        const snapshot = await w.governor.proposalSnapshot(id);
        expect(await w.token.getPastDelegation(w.small.address, snapshot)).to.deep.equal([
          w.whale.address,
          CAPPED_ALLOCATION.small,
        ]);
        expect(await w.token.getPastDelegation(w.small.address, snapshot - w.holding)).to.deep.equal([ZERO, 0n]);
        await expect(w.governor.connect(w.small).castOverrideVote(id, VoteType.Against, ""))
          .to.emit(w.governor, "VoteCastWithParams")
          .withArgs(w.small.address, id, VoteType.Against, isqrt(CAPPED_ALLOCATION.small), "", OVERRIDE);
        // The whale's aged power never held small's balance: nothing aged is taken from it.
        expect(await w.governor.overriddenVotes(id, w.whale.address)).to.deep.equal([CAPPED_ALLOCATION.small, 0n]);
        await expect(w.governor.connect(w.whale).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.whale.address, id, CAPPED_ALLOCATION.whale, CAP);
      });
      it("an override by a delegator that moved to a new delegate inside H takes nothing aged from the new one", async function () {
        const w = await cappedWorld(mode);
        const { id } = await w.helper.propose(await receiverProposal(w, "moved inside H"), w.proposer);
        await w.token.connect(w.d1).delegate(w.small.address); // was the delegate's (aged), now small's (fresh)
        await w.helper.waitForSnapshot(id);
        await expect(w.governor.connect(w.d1).castOverrideVote(id, VoteType.For, ""))
          .to.emit(w.governor, "VoteCastWithParams")
          .withArgs(w.d1.address, id, VoteType.For, isqrt(CAPPED_ALLOCATION.d1), "", OVERRIDE);
        // small's aged power never held d1's balance: it keeps min(110k − 60k, 50k − 0, cap) = 50k.
        expect(await w.governor.overriddenVotes(id, w.small.address)).to.deep.equal([CAPPED_ALLOCATION.d1, 0n]);
        await expect(w.governor.connect(w.small).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.small.address, id, VoteType.For, isqrt(CAPPED_ALLOCATION.small), "");
        // d1's aged balance is taken from the old delegate's aged power (S1): it backs d1's override only.
        expect(await w.governor.overriddenVotes(id, w.delegate.address)).to.deep.equal([0n, CAPPED_ALLOCATION.d1]);
        await expect(w.governor.connect(w.delegate).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.delegate.address, id, gov(220_000), CAP);
      });
    });

    describe("I7 no amplification through delegation", function () {
      it("I7 delegation is single-hop: d1 → delegate → small moves only the delegate's own balance; a 2-cycle adds nothing", async function () {
        const w = await cappedWorld(mode);
        const { id: created } = await w.helper.propose(await receiverProposal(w, "chains"), w.proposer);
        await w.token.connect(w.delegate).delegate(w.small.address);
        // A 2-cycle between two holders: each one's balance moves to the other, nothing is counted twice.
        await w.token.connect(w.whale).delegate(w.small.address);
        await w.token.connect(w.small).delegate(w.whale.address);
        await w.helper.waitForSnapshot(created);
        const s = await w.governor.proposalSnapshot(created);
        const received = CAPPED_ALLOCATION.d1 + CAPPED_ALLOCATION.d2 + CAPPED_ALLOCATION.d3;
        expect(await w.token.getPastVotes(w.delegate.address, s)).to.equal(received);
        expect(await w.token.getPastVotes(w.small.address, s)).to.equal(
          CAPPED_ALLOCATION.delegate + CAPPED_ALLOCATION.whale,
        );
        expect(await w.token.getPastVotes(w.whale.address, s)).to.equal(CAPPED_ALLOCATION.small);
        let votes = 0n;
        let delegated = 0n;
        for (const a of [w.whale, w.delegate, w.d1, w.d2, w.d3, w.small, w.proposer]) {
          votes += await w.token.getPastVotes(a.address, s);
          delegated += await w.token.balanceOf(a.address);
        }
        expect(votes).to.equal(delegated); // every holder here delegates
        // Counted: the cycle moved fresh power (inside H), so each side counts at most its aged amount.
        expect((await w.governor.countedVotes(w.small.address, s))[0]).to.equal(CAPPED_ALLOCATION.small);
        expect((await w.governor.countedVotes(w.whale.address, s))[0]).to.equal(CAPPED_ALLOCATION.small);
        expect((await w.governor.countedVotes(w.delegate.address, s))[0]).to.equal(received);
      });
    });

    describe("parameters: governance only, bounded, checkpointed (I11, I15)", function () {
      it("setCapFraction / setHoldingPeriod revert GovernorOnlyExecutor when called directly", async function () {
        const w = await cappedWorld(mode);
        await expect(w.governor.connect(w.whale).setCapFraction(300n))
          .to.be.revertedWithCustomError(w.governor, "GovernorOnlyExecutor")
          .withArgs(w.whale.address);
        await expect(w.governor.connect(w.deployer).setHoldingPeriod(1n))
          .to.be.revertedWithCustomError(w.governor, "GovernorOnlyExecutor")
          .withArgs(w.deployer.address);
      });

      it("I15 out-of-bounds values fail through governance with the value and the bounds", async function () {
        const w = await cappedWorld(mode);
        const d = governanceParams(mode);
        const tooHigh = await passGovernorCall(
          w,
          "cap 10.01 %",
          w.governor.interface.encodeFunctionData("setCapFraction", [1_001n]),
        );
        await expect(tooHigh.execute())
          .to.be.revertedWithCustomError(w.governor, "GovernorCapFractionOutOfBounds")
          .withArgs(1_001n, 100n, 1_000n);
        const noHolding = await passGovernorCall(
          w,
          "no holding period",
          w.governor.interface.encodeFunctionData("setHoldingPeriod", [0n]),
        );
        await expect(noHolding.execute())
          .to.be.revertedWithCustomError(w.governor, "GovernorHoldingPeriodOutOfBounds")
          .withArgs(0n, d.minHoldingPeriod, d.maxHoldingPeriod);
      });

      it("I11 a change applies to proposals created after it; a proposal created before keeps the old cap and H", async function () {
        const w = await cappedWorld(mode);
        const newH = toClockUnits(2n * DAY, mode);
        const change = await passGovernorCall(
          w,
          "cap 3 %, H 2 days",
          w.governor.interface.encodeFunctionData("setCapFraction", [300n]),
          w.governor.interface.encodeFunctionData("setHoldingPeriod", [newH]),
        );
        // A proposal created before the change executes.
        const { id: before } = await w.helper.propose(await receiverProposal(w, "created before"), w.proposer);
        const tx = await change.execute();
        const receipt = (await tx.wait())!;
        const at = mode === "timestamp" ? BigInt((await receipt.getBlock()).timestamp) : BigInt(receipt.blockNumber);
        // After the snapshot of any proposal created up to the change's own block (S6).
        const effectiveFrom = at + (await w.governor.votingDelay()) + 1n;
        await expect(tx).to.emit(w.governor, "CapFractionSet").withArgs(200n, 300n, effectiveFrom);
        await expect(tx).to.emit(w.governor, "HoldingPeriodSet").withArgs(w.holding, newH, effectiveFrom);
        expect([await w.governor.capFraction(), await w.governor.holdingPeriod()]).to.deep.equal([300n, newH]);
        expect(await w.governor.capParamsAt(effectiveFrom - 1n)).to.deep.equal([200n, w.holding]);
        expect(await w.governor.capParamsAt(effectiveFrom)).to.deep.equal([300n, newH]);
        const { id: after } = await w.helper.propose(await receiverProposal(w, "created after"), w.proposer);
        await w.helper.waitForSnapshot(after);
        const sBefore = await w.governor.proposalSnapshot(before);
        const sAfter = await w.governor.proposalSnapshot(after);
        expect(sBefore < effectiveFrom && effectiveFrom <= sAfter).to.equal(true);
        expect(await w.governor.capAt(sBefore)).to.equal(CAP);
        expect(await w.governor.capAt(sAfter)).to.equal(gov(300_000));
        await expect(w.governor.connect(w.whale).castVote(before, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.whale.address, before, CAPPED_ALLOCATION.whale, CAP);
        await expect(w.governor.connect(w.whale).castVote(after, VoteType.For))
          .to.emit(w.governor, "VoteCapped")
          .withArgs(w.whale.address, after, CAPPED_ALLOCATION.whale, gov(300_000));
      });

      it("I15 the constructor refuses inverted or out-of-range bounds and initial values outside them", async function () {
        const w = await cappedWorld(mode);
        const factory = new PolycentricGovernor__factory(w.deployer);
        const base = governanceParams(mode);
        const deploy = (o: Partial<typeof base>) =>
          factory.deploy(w.token, w.timelock, ZERO, false, governorParamsStruct({ ...base, ...o }), ZERO, ZERO);
        await expect(deploy({ minCapFraction: 0n }))
          .to.be.revertedWithCustomError(factory, "GovernorInvalidCapFractionBounds")
          .withArgs(0n, 1_000n);
        await expect(deploy({ minCapFraction: 500n, maxCapFraction: 400n }))
          .to.be.revertedWithCustomError(factory, "GovernorInvalidCapFractionBounds")
          .withArgs(500n, 400n);
        await expect(deploy({ maxCapFraction: 10_001n }))
          .to.be.revertedWithCustomError(factory, "GovernorInvalidCapFractionBounds")
          .withArgs(100n, 10_001n);
        await expect(deploy({ capFraction: 50n }))
          .to.be.revertedWithCustomError(factory, "GovernorCapFractionOutOfBounds")
          .withArgs(50n, 100n, 1_000n);
        await expect(deploy({ minHoldingPeriod: 10n, maxHoldingPeriod: 9n }))
          .to.be.revertedWithCustomError(factory, "GovernorInvalidHoldingPeriodBounds")
          .withArgs(10n, 9n);
        await expect(deploy({ holdingPeriod: base.maxHoldingPeriod + 1n }))
          .to.be.revertedWithCustomError(factory, "GovernorHoldingPeriodOutOfBounds")
          .withArgs(base.maxHoldingPeriod + 1n, base.minHoldingPeriod, base.maxHoldingPeriod);
        // H = 0 is a valid choice where the bounds allow it: the aged term is off.
        const g = await deploy({ holdingPeriod: 0n, minHoldingPeriod: 0n });
        expect(await g.holdingPeriod()).to.equal(0n);
        expect(await g.capBounds()).to.deep.equal([100n, 1_000n, 0n, base.maxHoldingPeriod]);
        expect(COMMON_WORLD.capFractionBps).to.equal(200n);
      });
    });
  });

  describe(`PolycentricGovernor delegation caps with identities (${mode} clock, strict)`, function () {
    it("I6 the cap applies per identity: two addresses of 120k each count 200k once, not 240k", async function () {
      const w = await cappedWorld(mode, "strict");
      const [a, b] = w.spare;
      for (const s of [a!, b!]) {
        await fund(w, s, gov(120_000));
        await bindIdentity(w.registry!, w.attester, s, 50n);
      }
      await w.helper.advanceBy(w.holding);
      const { id } = await open(w, "identity cap");
      await expect(w.governor.connect(a!).castVote(id, VoteType.For))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(a!.address, id, gov(240_000), CAP)
        .and.to.emit(w.governor, "VoteCast")
        .withArgs(a!.address, id, VoteType.For, isqrt(CAP), "");
      await expect(w.governor.connect(b!).castVote(id, VoteType.For))
        .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
        .withArgs(50n, id);
    });

    it("I6 an override counts in the overrider's identity, capped and square-rooted once with its own power", async function () {
      const w = await cappedWorld(mode, "strict");
      const partner = w.spare[0]!;
      await fund(w, partner, gov(190_000));
      await bindIdentity(w.registry!, w.attester, partner, CAPPED_IDENTITY.d1);
      await w.helper.advanceBy(w.holding);
      const { id } = await open(w, "identity override");
      await expect(w.governor.connect(w.d1).castOverrideVote(id, VoteType.For, ""))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.d1.address, id, gov(190_000) + CAPPED_ALLOCATION.d1, CAP)
        .and.to.emit(w.governor, "VoteCastWithParams")
        .withArgs(w.d1.address, id, VoteType.For, isqrt(CAP), "", OVERRIDE);
      // The identity has voted: its other address can neither vote nor override again.
      await expect(w.governor.connect(partner).castVote(id, VoteType.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
        .withArgs(CAPPED_IDENTITY.d1, id);
      await expect(w.governor.connect(partner).castOverrideVote(id, VoteType.Against, ""))
        .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyOverriddenVote")
        .withArgs(partner.address);
    });

    it("an address delegating inside its own identity has nothing to override (GovernorOverrideOwnUnit)", async function () {
      const w = await cappedWorld(mode, "strict");
      const member = w.spare[0]!;
      await fund(w, member, gov(10_000), w.delegate.address);
      await bindIdentity(w.registry!, w.attester, member, CAPPED_IDENTITY.delegate);
      await w.helper.advanceBy(w.holding);
      const { id } = await open(w, "own unit");
      await expect(w.governor.connect(member).castOverrideVote(id, VoteType.For, ""))
        .to.be.revertedWithCustomError(w.governor, "GovernorOverrideOwnUnit")
        .withArgs(member.address, w.delegate.address);
      // A delegator bound to no identity cannot vote at all in strict mode, override or not.
      const unbound = w.spare[1]!;
      await fund(w, unbound, gov(1_000), w.delegate.address);
      await expect(w.governor.connect(unbound).castOverrideVote(id, VoteType.For, ""))
        .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
        .withArgs(unbound.address, id);
    });
  });
}
