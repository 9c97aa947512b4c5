/**
 * docs/known-risks.md §5, pinned as behaviour: strict mode is as honest as its attesters. An active attester can
 * bind an address it controls to someone else's identity (a bind needs no consent), and that address then votes
 * the identity's summed power if it votes first. The bounds the document states are checked too: a binding counts
 * only from the moment it is made, and a member who leaves the identity takes its power away from the intruder.
 * If binding ever requires the bound account's consent, these tests fail and the document must change with them.
 */
import { expect } from "chai";

import { buildProposal, isqrt, VoteType } from "../../lib";
import { CLOCK_MODES, HOLDER_IDENTITY, QUADRATIC_ALLOCATION, quadraticWorld, type QuadraticWorld } from "../fixtures";

for (const mode of CLOCK_MODES) {
  describe(`Known risks: attester trust in strict mode (${mode} clock)`, function () {
    async function propose(w: QuadraticWorld, description: string): Promise<bigint> {
      const p = buildProposal(
        [
          {
            target: await w.receiver.getAddress(),
            data: w.receiver.interface.encodeFunctionData("mockFunction", [1n]),
          },
        ],
        description,
      );
      const { id } = await w.helper.propose(p, w.proposer);
      return id;
    }

    it("an active attester binds its own address to alice's identity; that address votes alice's power first", async function () {
      const w = await quadraticWorld(mode, "strict");
      const intruder = w.outsider;
      await w.registry!.connect(w.attester).bind(intruder.address, HOLDER_IDENTITY.alice);
      const id = await propose(w, "known risk: identity joined by an attester");
      await w.helper.waitForSnapshot(id);

      await expect(w.governor.connect(intruder).castVote(id, VoteType.Against))
        .to.emit(w.governor, "VoteCast")
        .withArgs(intruder.address, id, VoteType.Against, isqrt(QUADRATIC_ALLOCATION.alice), "");
      await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
        .to.be.revertedWithCustomError(w.governor, "GovernorIdentityAlreadyVoted")
        .withArgs(HOLDER_IDENTITY.alice, id);
      const [rawAgainst, rawFor] = await w.governor.proposalRawVotes(id);
      expect([rawAgainst, rawFor]).to.deep.equal([QUADRATIC_ALLOCATION.alice, 0n]);
    });

    it("bound: a binding made after the snapshot does not count, and alice leaving her identity strips the intruder", async function () {
      const w = await quadraticWorld(mode, "strict");
      const intruder = w.outsider;
      const first = await propose(w, "known risk bound: binding after the snapshot");
      await w.helper.waitForSnapshot(first);
      await w.registry!.connect(w.attester).bind(intruder.address, HOLDER_IDENTITY.alice);
      // Unbound at the first proposal's snapshot: not eligible in strict mode; alice still votes her identity.
      await expect(w.governor.connect(intruder).castVote(first, VoteType.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
        .withArgs(intruder.address, first);
      await expect(w.governor.connect(w.alice).castVote(first, VoteType.For))
        .to.emit(w.governor, "VoteCast")
        .withArgs(w.alice.address, first, VoteType.For, isqrt(QUADRATIC_ALLOCATION.alice), "");

      // Alice sees the IdentityBound event naming the attester and leaves before the next snapshot.
      await w.registry!.connect(w.alice).unbind(w.alice.address);
      const second = await propose(w, "known risk bound: member left");
      await w.helper.waitForSnapshot(second);
      await expect(w.governor.connect(intruder).castVote(second, VoteType.Against))
        .to.emit(w.governor, "VoteCast")
        .withArgs(intruder.address, second, VoteType.Against, 0n, "");
    });
  });
}
