import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  bindIdentity,
  buildProposal,
  COMMON_WORLD,
  descriptionHash,
  gov,
  governanceParams,
  governorParamsStruct,
  isqrt,
  splitRatio,
  sybilSplit,
  VoteType,
  type IdentityMode,
  type Proposal,
} from "../../lib";
import {
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  PolycentricTokenBlockClock__Mock__factory,
  type IdentityRegistry,
} from "../../typechain-types";
import {
  CLOCK_MODES,
  HOLDER_IDENTITY,
  QUADRATIC_ALLOCATION,
  QUADRATIC_WORLD_CAP_BPS,
  quadraticWorld,
  type QuadraticWorld,
} from "../fixtures";
import { propertyRuns } from "../fixtures/effort";

const COUNTING_MODE = "support=bravo&quorum=for,abstain&tally=sqrt&quorum-domain=raw&overridable=true&params=override";
/** 4 % of the 10M supply, in raw token wei. */
const QUORUM = (COMMON_WORLD.totalSupply * COMMON_WORLD.quorumNumerator) / 100n;
/** fast-check runs per property: each run funds, binds, proposes and votes. */
const PROPERTY_RUNS = 12;

/** Identity ids used by the tests (the fixture binds alice … dave to 1 … 5). */
const PAIR_ID = 10n;
const SPLIT_ID = 100n;
const SOLO_ID = 101n;

/** The quadratic weight of `power` wei. */
const q = isqrt;

for (const mode of CLOCK_MODES) {
  /** Makes the next mined transaction land exactly at governor clock `timepoint` (which must be in the future). */
  async function nextTxAt(w: QuadraticWorld, timepoint: bigint): Promise<void> {
    const now = await w.helper.clock();
    if (timepoint <= now) throw new Error(`nextTxAt(${timepoint}): the clock is already at ${now}`);
    if (mode === "timestamp") await time.setNextBlockTimestamp(timepoint);
    else if (timepoint - 1n > now) await mine(timepoint - 1n - now);
  }

  async function simpleProposal(w: QuadraticWorld, description: string, argument = 1n): Promise<Proposal> {
    return buildProposal(
      [
        {
          target: await w.receiver.getAddress(),
          data: w.receiver.interface.encodeFunctionData("mockFunction", [argument]),
        },
      ],
      description,
    );
  }

  /** Proposed by the world's proposer; the latest block is at snapshot + 1 (Active). */
  async function proposeAndOpen(w: QuadraticWorld, description: string): Promise<bigint> {
    const { id } = await w.helper.propose(await simpleProposal(w, description), w.proposer);
    await w.helper.waitForSnapshot(id);
    return id;
  }

  async function quadraticTally(w: QuadraticWorld, id: bigint): Promise<bigint[]> {
    return [...(await w.governor.proposalVotes(id))];
  }
  async function rawTally(w: QuadraticWorld, id: bigint): Promise<bigint[]> {
    return [...(await w.governor.proposalRawVotes(id))];
  }

  /** Funds `signers` from the deployer with `amounts` and self-delegates each. */
  async function fund(w: QuadraticWorld, signers: readonly HardhatEthersSigner[], amounts: readonly bigint[]) {
    for (let i = 0; i < signers.length; i++) {
      await w.token.transfer(signers[i]!.address, amounts[i]!);
      await w.token.connect(signers[i]!).delegate(signers[i]!.address);
    }
  }

  async function bind(w: QuadraticWorld, signers: readonly HardhatEthersSigner[], identity: bigint) {
    for (const s of signers) await bindIdentity(w.registry!, w.attester, s, identity);
  }

  for (const identity of ["open", "strict"] as const satisfies readonly IdentityMode[]) {
    describe(`PolycentricGovernor quadratic counting (${mode} clock, ${identity} identity)`, function () {
      const world = () => quadraticWorld(mode, identity);
      const strict = identity === "strict";

      describe("counting", function () {
        it(`COUNTING_MODE() is "${COUNTING_MODE}"; sybilResistant() is ${strict}`, async function () {
          const w = await world();
          expect(await w.governor.COUNTING_MODE()).to.equal(COUNTING_MODE);
          expect(await w.governor.identityRegistry()).to.equal(await w.registry!.getAddress());
          expect(await w.governor.identityStrict()).to.equal(strict);
          expect(await w.governor.sybilResistant()).to.equal(strict);
          expect(await w.registry!.CLOCK_MODE()).to.equal(await w.governor.CLOCK_MODE());
          expect(await w.registry!.identityOf(w.alice.address)).to.equal(HOLDER_IDENTITY.alice);
        });

        it("I5 VoteCast weight is ⌊√(snapshot power)⌋ (1 GOV = 1e9); proposalVotes is quadratic, proposalRawVotes raw", async function () {
          const w = await world();
          const id = await proposeAndOpen(w, "Quadratic tallies");
          const { alice, bob, carol } = QUADRATIC_ALLOCATION;
          await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.alice.address, id, VoteType.For, q(alice), "");
          await expect(w.governor.connect(w.bob).castVoteWithReason(id, VoteType.Against, "too expensive"))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.bob.address, id, VoteType.Against, q(bob), "too expensive");
          await expect(w.governor.connect(w.carol).castVote(id, VoteType.Abstain))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.carol.address, id, VoteType.Abstain, q(carol), "");
          expect(q(alice)).to.equal(774_596_669_241n); // √600,000 · 1e9
          expect(q(gov(1))).to.equal(10n ** 9n);
          expect(await quadraticTally(w, id)).to.deep.equal([q(bob), q(alice), q(carol)]);
          expect(await rawTally(w, id)).to.deep.equal([bob, alice, carol]);
          // getVotes stays raw: the transform is applied at counting time only (I5, OZ H-01).
          const snapshot = await w.governor.proposalSnapshot(id);
          expect(await w.governor.getVotes(w.alice.address, snapshot)).to.equal(alice);
          expect(await w.token.getPastVotes(w.alice.address, snapshot)).to.equal(alice);
        });

        it("I5 quorum is raw For + Abstain participation: 300k For + 100k Abstain = 400k passes though the quadratic tally is ~1e12", async function () {
          const w = await world();
          const id = await proposeAndOpen(w, "Raw quorum");
          expect(await w.governor.quorum(await w.governor.proposalSnapshot(id))).to.equal(QUORUM);
          await w.helper.vote(id, w.bob, VoteType.For);
          await w.helper.vote(id, w.carol, VoteType.Abstain);
          const [, forVotes, abstainVotes] = await quadraticTally(w, id);
          expect(forVotes + abstainVotes).to.equal(q(gov(300_000)) + q(gov(100_000)));
          expect((forVotes + abstainVotes) * 10n ** 11n < QUORUM).to.equal(true); // quadratic numbers are tiny
          expect(await rawTally(w, id)).to.deep.equal([0n, gov(300_000), gov(100_000)]);
          await w.helper.waitForDeadline(id);
          await w.helper.expectState(id, "Succeeded");
        });

        it("I8 against votes do not count toward quorum: 300k For + 100k Against is Defeated although For wins quadratically", async function () {
          const w = await world();
          const id = await proposeAndOpen(w, "Against is not participation");
          await w.helper.vote(id, w.bob, VoteType.For);
          await w.helper.vote(id, w.carol, VoteType.Against);
          const [againstVotes, forVotes] = await quadraticTally(w, id);
          expect(forVotes > againstVotes).to.equal(true);
          const [rawAgainst, rawFor] = await rawTally(w, id);
          expect(rawFor + rawAgainst).to.equal(QUORUM);
          await w.helper.waitForDeadline(id);
          await w.helper.expectState(id, "Defeated");
        });

        it("I5 outcome on the quadratic tally: a 1.5M whale (capped at 10 % = 1M, then √) For loses to 9 holders × 100k Against although raw For > raw Against", async function () {
          const w = await world();
          const [whale, ...community] = w.spare.slice(0, 10);
          await fund(w, [whale!], [gov(1_500_000)]);
          await fund(
            w,
            community,
            community.map(() => gov(100_000)),
          );
          if (strict) {
            await bind(w, [whale!], 50n);
            for (let i = 0; i < community.length; i++) await bind(w, [community[i]!], 51n + BigInt(i));
          }
          await mine();
          const id = await proposeAndOpen(w, "Whale versus community");
          const cap = await w.governor.capAt(await w.governor.proposalSnapshot(id));
          expect(cap).to.equal((COMMON_WORLD.totalSupply * QUADRATIC_WORLD_CAP_BPS) / 10_000n);
          await expect(w.governor.connect(whale!).castVote(id, VoteType.For))
            .to.emit(w.governor, "VoteCapped")
            .withArgs(whale!.address, id, gov(1_500_000), cap);
          for (const c of community) await w.helper.vote(id, c, VoteType.Against);
          const [rawAgainst, rawFor] = await rawTally(w, id);
          const [againstVotes, forVotes] = await quadraticTally(w, id);
          expect([rawAgainst, rawFor]).to.deep.equal([gov(900_000), cap]);
          expect([againstVotes, forVotes]).to.deep.equal([9n * q(gov(100_000)), q(cap)]);
          expect(rawFor > rawAgainst && againstVotes > forVotes).to.equal(true);
          await w.helper.waitForDeadline(id);
          // Quorum is reached on raw For alone (1M ≥ 400k): the defeat is the quadratic tally's.
          expect(rawFor >= QUORUM).to.equal(true);
          await w.helper.expectState(id, "Defeated");
        });

        it("I8 full lifecycle with quadratic counting: Succeeded on the quadratic tally, queued, Executed paying from the treasury", async function () {
          const w = await world();
          const timelock = await w.timelock.getAddress();
          const receiver = await w.receiver.getAddress();
          const p = buildProposal(
            [
              {
                target: receiver,
                value: hre.ethers.parseEther("1"),
                data: w.receiver.interface.encodeFunctionData("mockFunction", [7n]),
              },
              {
                target: await w.token.getAddress(),
                data: w.token.interface.encodeFunctionData("transfer", [w.outsider.address, gov(1_000)]),
              },
            ],
            "Pay a grant from the treasury",
          );
          const { id } = await w.helper.propose(p, w.proposer);
          await w.helper.expectState(id, "Pending");
          await w.helper.waitForSnapshot(id);
          await w.helper.expectState(id, "Active");
          await w.helper.vote(id, w.alice, VoteType.For);
          await w.helper.vote(id, w.bob, VoteType.Against);
          await w.helper.vote(id, w.carol, VoteType.Against);
          // Quadratic: √600k = 7.75e11 For vs √300k + √100k = 8.64e11 Against: alice alone is outvoted…
          const [against1, for1] = await quadraticTally(w, id);
          expect(against1 > for1).to.equal(true);
          // …until dave and the proposer join her.
          await w.helper.vote(id, w.dave, VoteType.For);
          await w.helper.vote(id, w.proposer, VoteType.For);
          const [against2, for2] = await quadraticTally(w, id);
          expect(for2).to.equal(q(gov(600_000)) + q(gov(20_000)) + q(gov(30_000)));
          expect(for2 > against2).to.equal(true);
          await w.helper.waitForDeadline(id);
          await w.helper.expectState(id, "Succeeded");
          await w.helper.queue(p);
          await w.helper.expectState(id, "Queued");
          await w.helper.waitForEta(id);
          const tx = w.governor.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description));
          await expect(tx)
            .to.emit(w.receiver, "MockFunctionCalled")
            .withArgs(timelock, hre.ethers.parseEther("1"), 7n)
            .and.to.emit(w.governor, "ProposalExecuted")
            .withArgs(id);
          await expect(tx).to.changeEtherBalances(
            [timelock, receiver],
            [-hre.ethers.parseEther("1"), hre.ethers.parseEther("1")],
          );
          await expect(tx).to.changeTokenBalances(w.token, [timelock, w.outsider.address], [-gov(1_000), gov(1_000)]);
          await w.helper.expectState(id, "Executed");
        });
      });

      describe("identity: one vote per identity, with the summed snapshot power of its addresses", function () {
        it("I9 two addresses of one identity vote once with ⌊√(sum)⌋; the second reverts GovernorIdentityAlreadyVoted(identity, proposalId)", async function () {
          const w = await world();
          await bind(w, [w.erin, w.frank], PAIR_ID);
          const id = await proposeAndOpen(w, "Identity votes once");
          const sum = QUADRATIC_ALLOCATION.erin + QUADRATIC_ALLOCATION.frank;
          const snapshot = await w.governor.proposalSnapshot(id);
          expect(await w.governor.getVotes(w.frank.address, snapshot)).to.equal(sum);
          expect(await w.governor.hasVoted(id, w.frank.address)).to.equal(false);
          await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.erin.address, id, VoteType.For, q(sum), "");
          expect(await w.governor.hasVoted(id, w.erin.address)).to.equal(true);
          expect(await w.governor.hasVoted(id, w.frank.address)).to.equal(true);
          for (const support of [VoteType.For, VoteType.Against]) {
            await expect(w.governor.connect(w.frank).castVote(id, support))
              .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
              .withArgs(PAIR_ID, id);
          }
          await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
            .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
            .withArgs(PAIR_ID, id);
          expect(await rawTally(w, id)).to.deep.equal([0n, sum, 0n]);
          expect(await quadraticTally(w, id)).to.deep.equal([0n, q(sum), 0n]);
          // ⌊√(40k + 10k)⌋ < ⌊√40k⌋ + ⌊√10k⌋: the identity gains nothing from its two addresses.
          expect(q(sum) < q(QUADRATIC_ALLOCATION.erin) + q(QUADRATIC_ALLOCATION.frank)).to.equal(true);
          // Another identity and a bound holder still vote.
          await expect(w.governor.connect(w.alice).castVote(id, VoteType.Against))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.alice.address, id, VoteType.Against, q(QUADRATIC_ALLOCATION.alice), "");
        });

        it(
          strict
            ? "I10 a binding made after the snapshot does not count: the address stays ineligible (GovernorVoterNotEligible)"
            : "I10 a binding made after the snapshot does not count: the address still votes as itself, the identity without it",
          async function () {
            const w = await world();
            const id = await proposeAndOpen(w, "Late binding");
            await bind(w, [w.erin], HOLDER_IDENTITY.alice);
            expect(await w.registry!.identityOf(w.erin.address)).to.equal(HOLDER_IDENTITY.alice);
            if (strict) {
              await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
                .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
                .withArgs(w.erin.address, id);
            } else {
              await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
                .to.emit(w.governor, "VoteCast")
                .withArgs(w.erin.address, id, VoteType.For, q(QUADRATIC_ALLOCATION.erin), "");
            }
            // alice's identity votes with her power alone, and is not marked voted by erin.
            expect(await w.governor.hasVoted(id, w.alice.address)).to.equal(false);
            await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
              .to.emit(w.governor, "VoteCast")
              .withArgs(w.alice.address, id, VoteType.For, q(QUADRATIC_ALLOCATION.alice), "");
            const expectedRawFor = QUADRATIC_ALLOCATION.alice + (strict ? 0n : QUADRATIC_ALLOCATION.erin);
            expect((await rawTally(w, id))[1]).to.equal(expectedRawFor);
          },
        );

        it("I10 a binding that lands exactly at the snapshot timepoint counts (bindings are read at the end of the snapshot)", async function () {
          const w = await world();
          const { id } = await w.helper.propose(await simpleProposal(w, "Binding at the snapshot"), w.proposer);
          const snapshot = await w.governor.proposalSnapshot(id);
          // Both consents first, so that the bind itself is the transaction landing at the snapshot.
          await w.registry!.connect(w.erin).consentToBind(HOLDER_IDENTITY.alice);
          await w.registry!.connect(w.alice).admitMember(HOLDER_IDENTITY.alice, w.erin.address);
          await nextTxAt(w, snapshot);
          const receipt = (await (
            await w.registry!.connect(w.attester).bind(w.erin.address, HOLDER_IDENTITY.alice)
          ).wait())!;
          const landed =
            mode === "blocknumber"
              ? BigInt(receipt.blockNumber)
              : BigInt((await hre.ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
          expect(landed).to.equal(snapshot);
          await w.helper.waitForSnapshot(id);
          const sum = QUADRATIC_ALLOCATION.alice + QUADRATIC_ALLOCATION.erin;
          await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.erin.address, id, VoteType.For, q(sum), "");
          await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
            .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
            .withArgs(HOLDER_IDENTITY.alice, id);
        });

        it("I10 unbinding after the snapshot keeps the address counted in its identity at that snapshot", async function () {
          const w = await world();
          await bind(w, [w.erin, w.frank], PAIR_ID);
          const id = await proposeAndOpen(w, "Unbinding after the snapshot");
          await w.registry!.connect(w.frank).unbind(w.frank.address);
          expect(await w.registry!.identityOf(w.frank.address)).to.equal(0n);
          const sum = QUADRATIC_ALLOCATION.erin + QUADRATIC_ALLOCATION.frank;
          // frank, unbound now, still votes as the identity he had at the snapshot, with its summed power.
          await expect(w.governor.connect(w.frank).castVote(id, VoteType.Against))
            .to.emit(w.governor, "VoteCast")
            .withArgs(w.frank.address, id, VoteType.Against, q(sum), "");
          await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
            .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
            .withArgs(PAIR_ID, id);
          expect(await rawTally(w, id)).to.deep.equal([sum, 0n, 0n]);
        });

        if (strict) {
          it("I5 strict mode: an address bound to no identity at the snapshot cannot vote (GovernorVoterNotEligible(voter, proposalId))", async function () {
            const w = await world();
            const id = await proposeAndOpen(w, "Strict eligibility");
            for (const voter of [w.erin, w.frank, w.outsider]) {
              await expect(w.governor.connect(voter).castVote(id, VoteType.For))
                .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
                .withArgs(voter.address, id);
              expect(await w.governor.hasVoted(id, voter.address)).to.equal(false);
            }
            expect(await rawTally(w, id)).to.deep.equal([0n, 0n, 0n]);
          });

          it("I5 strict mode: an unbound holder takes part by delegating to a bound address, counted in that identity", async function () {
            const w = await world();
            await w.token.connect(w.erin).delegate(w.alice.address);
            const id = await proposeAndOpen(w, "Delegation into an identity");
            const sum = QUADRATIC_ALLOCATION.alice + QUADRATIC_ALLOCATION.erin;
            await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
              .to.emit(w.governor, "VoteCast")
              .withArgs(w.alice.address, id, VoteType.For, q(sum), "");
            await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
              .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
              .withArgs(w.erin.address, id);
          });
        } else {
          it("A3 open mode: an address bound to no identity votes as itself (its own unit, GovernorAlreadyCastVote on a second vote)", async function () {
            const w = await world();
            const id = await proposeAndOpen(w, "Open eligibility");
            await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
              .to.emit(w.governor, "VoteCast")
              .withArgs(w.erin.address, id, VoteType.For, q(QUADRATIC_ALLOCATION.erin), "");
            await expect(w.governor.connect(w.frank).castVote(id, VoteType.For))
              .to.emit(w.governor, "VoteCast")
              .withArgs(w.frank.address, id, VoteType.For, q(QUADRATIC_ALLOCATION.frank), "");
            await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
              .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote")
              .withArgs(w.erin.address);
            // Unbound, erin and frank weigh √40k + √10k: more than the √50k they would weigh as one identity.
            const [, forVotes] = await quadraticTally(w, id);
            expect(forVotes).to.equal(q(QUADRATIC_ALLOCATION.erin) + q(QUADRATIC_ALLOCATION.frank));
            expect(forVotes > q(QUADRATIC_ALLOCATION.erin + QUADRATIC_ALLOCATION.frank)).to.equal(true);
          });
        }
      });

      describe("I5 QV soundness (property)", function () {
        const splitInput = fc.record({
          k: fc.constantFrom(1, 4, 16),
          total: fc.oneof(fc.bigInt({ min: gov(1), max: gov(1_000_000) }), fc.bigInt({ min: 1n, max: 10n ** 12n })),
          shares: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 16, maxLength: 16 }),
          even: fc.boolean(),
          voter: fc.nat({ max: 15 }),
        });

        /** `total` over k addresses: an even split, or proportional to random shares (the last takes the rest). */
        function split(total: bigint, k: number, shares: readonly number[], even: boolean): bigint[] {
          if (even) return sybilSplit(total, k).amounts;
          const used = shares.slice(0, k).map((s) => BigInt(s) + 1n);
          const sum = used.reduce((a, b) => a + b, 0n);
          const amounts = used.map((s) => (total * s) / sum);
          amounts[k - 1] = amounts[k - 1]! + total - amounts.reduce((a, b) => a + b, 0n);
          return amounts;
        }

        it(`I5 QV soundness (property): a holding split over k ∈ {1, 4, 16} addresses bound to one identity weighs exactly ⌊√W⌋: R(k) = 1`, async function () {
          await fc.assert(
            fc.asyncProperty(splitInput, async ({ k, total, shares, even, voter }) => {
              const w = await world();
              const addresses = w.spare.slice(0, k);
              const solo = w.spare[16]!;
              const amounts = split(total, k, shares, even);
              await fund(w, [...addresses, solo], [...amounts, total]);
              await bind(w, addresses, SPLIT_ID);
              await bind(w, [solo], SOLO_ID);
              const id = await proposeAndOpen(w, "I5 split behind one identity");
              // weight(1): one address holding W; weight(k): the identity, voted by any one of its k addresses.
              await w.helper.vote(id, solo, VoteType.Against);
              await w.helper.vote(id, addresses[voter % k]!, VoteType.For);
              const [weight1, weightK] = await quadraticTally(w, id);
              expect(weight1).to.equal(q(total));
              expect(weightK).to.equal(weight1); // exactly, not merely within rounding
              const diff = weightK > weight1 ? weightK - weight1 : weight1 - weightK;
              expect(diff <= 1n).to.equal(true);
              expect((await rawTally(w, id))[1]).to.equal(total);
              if (k > 1) {
                const other = addresses[(voter + 1) % k]!;
                await expect(w.governor.connect(other).castVote(id, VoteType.For))
                  .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
                  .withArgs(SPLIT_ID, id);
              }
            }),
            { numRuns: propertyRuns(PROPERTY_RUNS) },
          );
        });

        if (!strict) {
          it("I5 QV soundness (property): without binding, a split weighs Σ⌊√wᵢ⌋ ∈ [⌊√W⌋, ⌊√(kW)⌋]; an even split R(k) = √k within rounding (A3)", async function () {
            await fc.assert(
              fc.asyncProperty(
                splitInput.filter(({ total }) => total >= gov(1)),
                async ({ k, total, shares, even }) => {
                  const w = await world();
                  const addresses = w.spare.slice(0, k);
                  const solo = w.spare[16]!;
                  const amounts = split(total, k, shares, even);
                  await fund(w, [...addresses, solo], [...amounts, total]);
                  const id = await proposeAndOpen(w, "I5 split without identity");
                  await w.helper.vote(id, solo, VoteType.Against);
                  for (const a of addresses) await w.helper.vote(id, a, VoteType.For);
                  const [weight1, weightK] = await quadraticTally(w, id);
                  const K = BigInt(k);
                  expect(weight1).to.equal(q(total));
                  expect(weightK).to.equal(amounts.reduce((s, a) => s + q(a), 0n));
                  // Splitting never loses (⌊√a⌋ + ⌊√b⌋ ≥ ⌊√(a+b)⌋) and gains at most √k (Cauchy–Schwarz).
                  expect(weightK >= weight1, "R(k) ≥ 1").to.equal(true);
                  expect(weightK <= q(K * total), "R(k) ≤ √k").to.equal(true);
                  if (even) {
                    // Each ⌊√wᵢ⌋ loses < 1 to rounding: ⌊√(kW)⌋ - k ≤ Σ⌊√wᵢ⌋ ≤ ⌊√(kW)⌋.
                    expect(q(K * total) - weightK <= K, "even split: R(k) = √k within rounding").to.equal(true);
                    expect(Math.abs(splitRatio(weightK, weight1) - Math.sqrt(k))).to.be.lessThan(1e-6);
                  }
                },
              ),
              { numRuns: propertyRuns(PROPERTY_RUNS) },
            );
          });
        }
      });
    });
  }

  describe(`PolycentricGovernor quadratic counting (${mode} clock, no identity registry)`, function () {
    const world = () => quadraticWorld(mode, "none");

    it("A3 without a registry every address is its own unit: sybilResistant() is false, a second vote is GovernorAlreadyCastVote", async function () {
      const w = await world();
      expect(w.registry).to.equal(undefined);
      expect(await w.governor.identityRegistry()).to.equal(hre.ethers.ZeroAddress);
      expect(await w.governor.identityStrict()).to.equal(false);
      expect(await w.governor.sybilResistant()).to.equal(false);
      expect(await w.governor.COUNTING_MODE()).to.equal(COUNTING_MODE);
      const id = await proposeAndOpen(w, "No registry");
      await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
        .to.emit(w.governor, "VoteCast")
        .withArgs(w.erin.address, id, VoteType.For, q(QUADRATIC_ALLOCATION.erin), "");
      await expect(w.governor.connect(w.erin).castVote(id, VoteType.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote")
        .withArgs(w.erin.address);
      expect(await w.governor.hasVoted(id, w.erin.address)).to.equal(true);
      expect(await w.governor.hasVoted(id, w.frank.address)).to.equal(false);
    });

    it("refuses strict mode without a registry (GovernorIdentityRegistryRequired) and a registry on another clock (GovernorIdentityClockMismatch)", async function () {
      const w = await world();
      const factory = new PolycentricGovernor__factory(w.deployer);
      const params = governorParamsStruct(governanceParams(mode));
      await expect(
        factory.deploy(
          w.token,
          w.timelock,
          hre.ethers.ZeroAddress,
          true,
          params,
          hre.ethers.ZeroAddress,
          hre.ethers.ZeroAddress,
        ),
      )
        .to.be.revertedWithCustomError(factory, "GovernorIdentityRegistryRequired")
        .withArgs();
      // A registry following a token on the other clock.
      const otherMode = mode === "timestamp" ? "blocknumber" : "timestamp";
      const otherToken =
        otherMode === "blocknumber"
          ? await new PolycentricTokenBlockClock__Mock__factory(w.deployer).deploy("X", "X", w.deployer.address, 1n)
          : await new PolycentricToken__factory(w.deployer).deploy("X", "X", w.deployer.address, 1n);
      const registry: IdentityRegistry = await new IdentityRegistry__factory(w.deployer).deploy(
        await w.timelock.getAddress(),
        await otherToken.getAddress(),
        16n,
        [],
        [],
      );
      await expect(
        factory.deploy(w.token, w.timelock, registry, false, params, hre.ethers.ZeroAddress, hre.ethers.ZeroAddress),
      )
        .to.be.revertedWithCustomError(factory, "GovernorIdentityClockMismatch")
        .withArgs(await registry.CLOCK_MODE(), await w.token.CLOCK_MODE());
    });
  });
}
