/**
 * docs/known-risks.md §5, pinned as behaviour: strict mode is as honest as its attesters, but an attester vouches
 * for people and cannot take their votes (S9): binding an address it controls to someone else's identity needs an
 * admission by a current member of that identity, and binding a holder needs the holder's consent. The bounds the
 * document states are checked too: a binding counts only from the moment it is made, and a member who leaves the
 * identity takes its power away from a co-member it admitted. If the consent requirement is ever dropped, these
 * tests fail and the document must change with them.
 */
import { expect } from "chai";

import { bindIdentity, buildProposal, isqrt, VoteType } from "../../lib";
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

    it("an active attester cannot bind its own address to alice's identity without alice's admission; alice votes her power", async function () {
      const w = await quadraticWorld(mode, "strict");
      const intruder = w.outsider;
      await w.registry!.connect(intruder).consentToBind(HOLDER_IDENTITY.alice);
      await expect(w.registry!.connect(w.attester).bind(intruder.address, HOLDER_IDENTITY.alice))
        .to.be.revertedWithCustomError(w.registry!, "IdentityMemberNotAdmitted")
        .withArgs(intruder.address, HOLDER_IDENTITY.alice);
      const id = await propose(w, "known risk: identity joined by an attester");
      await w.helper.waitForSnapshot(id);

      await expect(w.governor.connect(intruder).castVote(id, VoteType.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
        .withArgs(intruder.address, id);
      await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
        .to.emit(w.governor, "VoteCast")
        .withArgs(w.alice.address, id, VoteType.For, isqrt(QUADRATIC_ALLOCATION.alice), "");
      const [rawAgainst, rawFor] = await w.governor.proposalRawVotes(id);
      expect([rawAgainst, rawFor]).to.deep.equal([0n, QUADRATIC_ALLOCATION.alice]);
    });

    it("bound: a binding made after the snapshot does not count, and alice leaving her identity strips a co-member", async function () {
      const w = await quadraticWorld(mode, "strict");
      // A co-member alice admitted (her second address, say), consenting.
      const intruder = w.outsider;
      const first = await propose(w, "known risk bound: binding after the snapshot");
      await w.helper.waitForSnapshot(first);
      await bindIdentity(w.registry!, w.attester, intruder, HOLDER_IDENTITY.alice, w.alice);
      // Unbound at the first proposal's snapshot: not eligible in strict mode; alice still votes her identity.
      await expect(w.governor.connect(intruder).castVote(first, VoteType.Against))
        .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
        .withArgs(intruder.address, first);
      await expect(w.governor.connect(w.alice).castVote(first, VoteType.For))
        .to.emit(w.governor, "VoteCast")
        .withArgs(w.alice.address, first, VoteType.For, isqrt(QUADRATIC_ALLOCATION.alice), "");

      // Alice leaves before the next snapshot: her power leaves with her, the co-member keeps only its own.
      await w.registry!.connect(w.alice).unbind(w.alice.address);
      const second = await propose(w, "known risk bound: member left");
      await w.helper.waitForSnapshot(second);
      await expect(w.governor.connect(intruder).castVote(second, VoteType.Against))
        .to.emit(w.governor, "VoteCast")
        .withArgs(intruder.address, second, VoteType.Against, 0n, "");
    });
  });
}
