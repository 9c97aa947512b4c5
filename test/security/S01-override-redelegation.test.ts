import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { bindIdentity, buildProposal, gov, VoteType } from "../../lib";
import { CLOCK_MODES, cappedWorld, type CappedWorld } from "../fixtures";

/**
 * S1 (High): an override credited the delegator with the balance it had delegated one holding period before the
 * snapshot, but took it from the old delegate's aged power only when the old delegate was still the current one. An
 * attacker controlling the old delegate Y could then borrow just before the snapshot and count the delegator's
 * balance twice: once in the override, once as the "aged" cover of Y's fresh borrow. Every case below checks that the
 * power counted over all units stays within what was held one holding period before the snapshot (I1, I6, A1 b).
 */
const HELD = gov(150_000);

for (const mode of CLOCK_MODES) {
  for (const identity of ["none", "strict"] as const) {
    describe(`S1 override after redelegation (${mode}, identity ${identity})`, function () {
      interface Actors {
        w: CappedWorld;
        /** The honest delegator whose 150k has long been delegated to `y`. */
        d: HardhatEthersSigner;
        /** The old delegate, controlled by the attacker. */
        y: HardhatEthersSigner;
        /** The attacker's borrowing address: `y` itself, or another address of y's identity in strict mode. */
        borrower: HardhatEthersSigner;
        /** The new delegates. */
        x: HardhatEthersSigner;
        z: HardhatEthersSigner;
      }

      /** D's 150k delegated to Y for more than one holding period; with a registry every actor has an identity. */
      async function setUp(): Promise<Actors> {
        const w = await cappedWorld(mode, identity);
        const [d, y, y2, x, z] = w.spare as [
          HardhatEthersSigner,
          HardhatEthersSigner,
          HardhatEthersSigner,
          HardhatEthersSigner,
          HardhatEthersSigner,
        ];
        if (w.registry) {
          await bindIdentity(w.registry, w.attester, d, 20n);
          await bindIdentity(w.registry, w.attester, y, 21n);
          await bindIdentity(w.registry, w.attester, y2, 21n); // the attacker's second address
          await bindIdentity(w.registry, w.attester, x, 22n);
          await bindIdentity(w.registry, w.attester, z, 23n);
        }
        await w.token.transfer(d.address, HELD);
        await w.token.connect(d).delegate(y.address);
        await w.helper.advanceBy(w.holding + 1n);
        return { w, d, y, borrower: w.registry ? y2 : y, x, z };
      }

      async function propose(w: CappedWorld, description: string): Promise<bigint> {
        const target = await w.receiver.getAddress();
        const data = w.receiver.interface.encodeFunctionData("mockFunction", [1n]);
        const { id } = await w.helper.propose(buildProposal([{ target, data }], description), w.proposer);
        return id;
      }

      /** Just before the snapshot: D re-delegates (through `via` first, if given) and the attacker borrows 150k. */
      async function redelegateAndBorrow(a: Actors, to: HardhatEthersSigner, via?: HardhatEthersSigner) {
        if (via) await a.w.token.connect(a.d).delegate(via.address);
        await a.w.token.connect(a.d).delegate(to.address);
        await a.w.token.transfer(a.borrower.address, HELD); // the flash-style borrow, self-delegated
        await a.w.token.connect(a.borrower).delegate(a.borrower.address);
      }

      async function countedTotal(w: CappedWorld, id: bigint): Promise<bigint> {
        const [against, forVotes, abstain] = await w.governor.proposalRawVotes(id);
        return against + forVotes + abstain;
      }

      it("S1 override after redelegation: D → Y aged, D → X fresh, Y borrows; D overrides then Y votes: 150k counted, not 300k", async function () {
        const a = await setUp();
        const id = await propose(a.w, "S1 override then old delegate");
        await redelegateAndBorrow(a, a.x);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        // D counts its 150k (it was delegated away from Y, so it was held then) ...
        expect(await countedTotal(a.w, id)).to.equal(HELD);
        // ... and the attacker's unit no longer has D's old balance to cover its fresh borrow.
        await a.w.governor.connect(a.borrower).castVote(id, VoteType.For);
        expect(await countedTotal(a.w, id)).to.equal(HELD);
        // The new delegate X had nothing one holding period earlier: it counts nothing either.
        await a.w.governor.connect(a.x).castVote(id, VoteType.For);
        expect(await countedTotal(a.w, id)).to.equal(HELD);
      });

      it("S1 override after redelegation: the old delegate votes first, D's override then gets no aged credit", async function () {
        const a = await setUp();
        const id = await propose(a.w, "S1 old delegate then override");
        await redelegateAndBorrow(a, a.x);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.borrower).castVote(id, VoteType.For);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        expect(await countedTotal(a.w, id)).to.equal(HELD);
      });

      it("S1 override after redelegation: twice before the snapshot (D → Y → X → Z) counts the same", async function () {
        const a = await setUp();
        const id = await propose(a.w, "S1 double redelegation");
        await redelegateAndBorrow(a, a.z, a.x);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        for (const voter of [a.borrower, a.x, a.z]) await a.w.governor.connect(voter).castVote(id, VoteType.For);
        expect(await countedTotal(a.w, id)).to.equal(HELD);
      });

      it("S1 override after redelegation: re-delegating or transferring back to Y after the override changes nothing", async function () {
        const a = await setUp();
        const id = await propose(a.w, "S1 override then move");
        await redelegateAndBorrow(a, a.x);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        await a.w.token.connect(a.d).delegate(a.y.address);
        await a.w.token.connect(a.d).transfer(a.borrower.address, HELD);
        await a.w.governor.connect(a.borrower).castVote(id, VoteType.For);
        await a.w.governor.connect(a.x).castVote(id, VoteType.Against);
        expect(await countedTotal(a.w, id)).to.equal(HELD);
      });

      it("S1 override after redelegation: a delegator whose old delegate was itself counts its aged balance once", async function () {
        const a = await setUp();
        await a.w.token.connect(a.d).delegate(a.d.address); // D's balance in its own votes ...
        await a.w.helper.advanceBy(a.w.holding + 1n); // ... for a whole holding period
        const id = await propose(a.w, "S1 self then X");
        await a.w.token.connect(a.d).delegate(a.x.address);
        await a.w.token.transfer(a.x.address, HELD); // the new delegate borrows on top
        await a.w.token.connect(a.x).delegate(a.x.address);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        await a.w.governor.connect(a.x).castVote(id, VoteType.For);
        await a.w.governor.connect(a.y).castVote(id, VoteType.For); // Y held nothing then
        expect(await countedTotal(a.w, id)).to.equal(HELD);
      });

      it("S1 override after redelegation: the old delegate's aged power shows what the override took from it", async function () {
        const a = await setUp();
        const id = await propose(a.w, "S1 overriddenVotes");
        await redelegateAndBorrow(a, a.x);
        await a.w.helper.waitForSnapshot(id);
        await a.w.governor.connect(a.d).castOverrideVote(id, VoteType.For, "");
        expect(await a.w.governor.overriddenVotes(id, a.x.address)).to.deep.equal([HELD, 0n]);
        expect(await a.w.governor.overriddenVotes(id, a.borrower.address)).to.deep.equal([0n, HELD]);
      });
    });
  }
}
