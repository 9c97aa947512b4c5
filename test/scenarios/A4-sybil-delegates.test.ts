import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import {
  bindIdentity,
  buildProposal,
  COMMON_WORLD,
  DAY,
  deploySuite,
  gov,
  GovernorHelper,
  isqrt,
  VoteType,
  type ClockMode,
} from "../../lib";
import { CLOCK_MODES } from "../fixtures";
import { propertyRuns } from "../fixtures/effort";

/**
 * THREATS A4, sybil delegates to evade delegation caps, on the common world's numbers: 10M GOV, cap 2 % = 200,000 per
 * voting unit (own power included), holding period 1 day. The attacker A holds 1,000,000 GOV on its main address,
 * to which 30 small holders delegate 20,000 GOV each (600,000): 1,600,000 it controls or was delegated.
 *
 * - one address: A counts min(1.6M, cap) = 200,000 (own + received clipped);
 * - k = 8 sybil delegates split long before the proposal (aged), each ≤ 200,000: they count 8 × 200,000 = 1,600,000,
 *   exactly what A controls or was delegated and never more (sybils never add votes), so the cap is evadable by a
 *   determined controller without an identity layer: the suite reports it;
 * - the same split made inside the holding period (after the proposal is public) counts at the aged amount: 0;
 * - strict identity mode with the 8 addresses bound to one identity: 200,000 once.
 */

const STAKE = gov(1_000_000);
const SMALL = 30;
const SMALL_STAKE = gov(20_000);
const CONTROLLED = STAKE + BigInt(SMALL) * SMALL_STAKE;
const CAP = (COMMON_WORLD.totalSupply * COMMON_WORLD.capFractionBps) / 10_000n;
const K = 8;
const SYBIL_IDENTITY = 666n;

async function deployA4World(mode: ClockMode, identity: "none" | "strict") {
  const [deployer, attacker, proposer, attester, ...rest] = await hre.ethers.getSigners();
  const sybils = rest.slice(0, K);
  const small = rest.slice(K, K + SMALL);
  const expiry = BigInt(await time.latest()) + 365n * DAY;
  const suite = await deploySuite(deployer, {
    clockMode: mode,
    identity,
    parameters:
      identity === "none"
        ? {}
        : { PolycentricGovernance: { initialAttesters: [attester.address], initialAttesterExpiries: [expiry] } },
  });
  await suite.token.transfer(attacker.address, STAKE);
  await suite.token.connect(attacker).delegate(attacker.address);
  for (const s of small) {
    await suite.token.transfer(s.address, SMALL_STAKE);
    await suite.token.connect(s).delegate(attacker.address);
  }
  await suite.token.transfer(proposer.address, gov(30_000));
  await suite.token.connect(proposer).delegate(proposer.address);
  if (suite.registry) await bindIdentity(suite.registry, attester, proposer, 1n);
  const helper = await GovernorHelper.create(suite.governor, deployer);
  const holding = await suite.governor.holdingPeriod();
  await helper.advanceBy(holding + 1n);
  return { ...suite, mode, helper, holding, deployer, attacker, proposer, attester, sybils, small };
}
type A4World = Awaited<ReturnType<typeof deployA4World>>;

async function a4TimestampNone() {
  return deployA4World("timestamp", "none");
}
async function a4TimestampStrict() {
  return deployA4World("timestamp", "strict");
}
async function a4BlocknumberNone() {
  return deployA4World("blocknumber", "none");
}
async function a4BlocknumberStrict() {
  return deployA4World("blocknumber", "strict");
}
const A4_FIXTURES = {
  timestamp: { none: a4TimestampNone, strict: a4TimestampStrict },
  blocknumber: { none: a4BlocknumberNone, strict: a4BlocknumberStrict },
} as const;

/**
 * Splits what A controls over the 8 sybils: A's own 1M as 5 × 200,000 balances (self-delegated), the 30 small holders
 * re-delegated 10 per sybil to the other 3 (200,000 received each). Every sybil ends at exactly the cap.
 */
async function splitOverSybils(w: A4World, amounts: readonly bigint[] = Array(5).fill(CAP)) {
  for (const [i, amount] of amounts.entries()) {
    await w.token.connect(w.attacker).transfer(w.sybils[i]!.address, amount);
    await w.token.connect(w.sybils[i]!).delegate(w.sybils[i]!.address);
  }
  for (const [i, s] of w.small.entries()) await w.token.connect(s).delegate(w.sybils[5 + (i % 3)]!.address);
}

async function proposal(w: A4World, description: string) {
  const p = buildProposal([{ target: w.attacker.address }], description);
  return (await w.helper.propose(p, w.proposer)).id;
}

/** Every sybil votes For; returns the raw For tally (Σ counted power). */
async function sybilsVote(w: A4World, id: bigint): Promise<bigint> {
  for (const s of w.sybils) await w.helper.vote(id, s, VoteType.For);
  return (await w.governor.proposalRawVotes(id))[1];
}

for (const mode of CLOCK_MODES) {
  describe(`A4 sybil delegates against delegation caps (THREATS A4, ${mode} clock)`, function () {
    it("A4 own + received power over the cap is clipped: A's 1M own + 600k received counts 200,000", async function () {
      const w = await loadFixture(A4_FIXTURES[mode].none);
      const id = await proposal(w, "A4: one address");
      await w.helper.waitForSnapshot(id);
      const s = await w.governor.proposalSnapshot(id);
      expect(await w.token.getPastVotes(w.attacker.address, s)).to.equal(CONTROLLED);
      expect(await w.governor.capAt(s)).to.equal(CAP);
      await expect(w.governor.connect(w.attacker).castVote(id, VoteType.For))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.attacker.address, id, CONTROLLED, CAP);
    });

    it("A4 8 aged sybil delegates at the cap count 8 × 200,000 = 1.6M: exactly what A controls, never more (evadable without identities)", async function () {
      const w = await loadFixture(A4_FIXTURES[mode].none);
      await splitOverSybils(w);
      await w.helper.advanceBy(w.holding + 1n); // the split ages before the proposal
      const id = await proposal(w, "A4: aged split");
      await w.helper.waitForSnapshot(id);
      const s = await w.governor.proposalSnapshot(id);
      for (const sy of w.sybils) expect((await w.governor.countedVotes(sy.address, s))[0]).to.equal(CAP);
      const counted = await sybilsVote(w, id);
      expect(counted).to.equal(BigInt(K) * CAP);
      expect(counted).to.equal(CONTROLLED);
      expect((await w.governor.proposalVotes(id))[1]).to.equal(BigInt(K) * isqrt(CAP));
    });

    it("A4 the same split made inside the holding period counts at the aged amount: 0 (a fresh split cannot swing the proposal)", async function () {
      const w = await loadFixture(A4_FIXTURES[mode].none);
      const id = await proposal(w, "A4: fresh split");
      await splitOverSybils(w); // after the proposal is public, inside H before the snapshot
      await w.helper.waitForSnapshot(id);
      const s = await w.governor.proposalSnapshot(id);
      for (const sy of w.sybils) {
        const [counted, raw, aged] = await w.governor.countedVotes(sy.address, s);
        expect([counted, raw, aged]).to.deep.equal([0n, CAP, 0n]);
      }
      expect(await sybilsVote(w, id)).to.equal(0n);
      // A's main address kept its aged power but not its raw power: it counts what is left, 0.
      expect((await w.governor.countedVotes(w.attacker.address, s))[0]).to.equal(0n);
    });

    it("A4 strict identity mode: the 8 sybils bound to one identity count 200,000 once", async function () {
      const w = await loadFixture(A4_FIXTURES[mode].strict);
      await splitOverSybils(w);
      for (const sy of w.sybils) await bindIdentity(w.registry!, w.attester, sy, SYBIL_IDENTITY);
      await w.helper.advanceBy(w.holding + 1n);
      const id = await proposal(w, "A4: bound sybils");
      await w.helper.waitForSnapshot(id);
      await expect(w.governor.connect(w.sybils[0]!).castVote(id, VoteType.For))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.sybils[0]!.address, id, CONTROLLED, CAP);
      for (const sy of w.sybils.slice(1)) {
        await expect(w.governor.connect(sy).castVote(id, VoteType.For))
          .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
          .withArgs(SYBIL_IDENTITY, id);
      }
      expect((await w.governor.proposalRawVotes(id))[1]).to.equal(CAP);
    });

    it("A4 I6 (property): any aged split of A's 1M over 5 sybils never counts more than A controls, each within the cap", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 400_000 }), { minLength: 5, maxLength: 5 }),
          async (parts) => {
            const w = await loadFixture(A4_FIXTURES[mode].none);
            // Scale the draw to at most the 1M A holds.
            const total = parts.reduce((a, b) => a + b, 0);
            const amounts = parts.map((p) => (total > 1_000_000 ? (gov(p) * 1_000_000n) / BigInt(total) : gov(p)));
            await splitOverSybils(w, amounts);
            await w.helper.advanceBy(w.holding + 1n);
            const id = await proposal(w, `A4: split ${parts.join(",")}`);
            await w.helper.waitForSnapshot(id);
            await w.helper.vote(id, w.attacker, VoteType.For); // what is left on A's own address
            let sum = 0n;
            for (const [i, sy] of w.sybils.entries()) {
              const before = (await w.governor.proposalRawVotes(id))[1];
              await w.helper.vote(id, sy, VoteType.For);
              const counted = (await w.governor.proposalRawVotes(id))[1] - before;
              expect(counted <= CAP).to.equal(true);
              if (i < 5) expect(counted).to.equal(amounts[i]! < CAP ? amounts[i]! : CAP);
              sum += counted;
            }
            const forRaw = (await w.governor.proposalRawVotes(id))[1];
            expect(forRaw <= CONTROLLED).to.equal(true);
            expect(forRaw - sum <= CAP).to.equal(true); // A's own remainder is capped too
          },
        ),
        { numRuns: propertyRuns(6) },
      );
    });
  });
}
