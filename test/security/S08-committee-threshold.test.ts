/**
 * S8 (Low): minority ruling recorded. `ArbitrationCommittee.castRuling` recorded a side when its count *equalled* the
 * current threshold, so a threshold decrease mid-deliberation let the majority overshoot and the minority land on it.
 * A tier's deliberation now counts against the thresholds in force when it opened (the court's `fundingEnd`), and a
 * side is recorded at `>=`. Also: the committee's `maxTerm` has a hard ceiling (`MAX_TERM`, 730 days).
 */
import hre from "hardhat";
import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress } from "ethers";

import { DAY, disputeParams, gov } from "../../lib";
import { DisputeEscalation__factory } from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import {
  disputeWorld,
  nextTxAt,
  passProposal,
  receiverProposal,
  Ruling,
  stateName,
  type DisputeWorld,
} from "../fixtures/disputes";

const BOND = gov(10_000);
const MAX_TERM = 730n * DAY;
/** As in DisputeEscalation.test.ts: the instrumented creation needs an explicit gas limit under coverage. */
const DEPLOY_OVERRIDES = (hre.network.config as { allowUnlimitedContractSize?: boolean }).allowUnlimitedContractSize
  ? { gasLimit: 60_000_000 }
  : {};

for (const mode of CLOCK_MODES) {
  describe(`S8 committee threshold of an open dispute (${mode} clock)`, function () {
    const world = () => disputeWorld(mode);

    async function challenged(w: DisputeWorld, description: string): Promise<bigint> {
      const id = await passProposal(w, await receiverProposal(w, description));
      await w.d.escalation.connect(w.challenger).challenge(id, BOND);
      return id;
    }

    /** A fourth member (a spare signer), seated for the rest of the members' term. */
    async function seatFourth(w: DisputeWorld) {
      const fourth = w.spare[0]!;
      await w.d.committee.connect(w.governance).setMember(fourth.address, w.memberExpiry);
      return fourth;
    }

    it("S8 a threshold decrease mid-deliberation does not let the minority's next vote be recorded; the majority wins at >=", async function () {
      const w = await world();
      const c = w.d.committee;
      const [m1, m2, m3] = w.members as [typeof w.outsider, typeof w.outsider, typeof w.outsider];
      const m4 = await seatFourth(w);
      await c.connect(w.governance).setThresholds(3, 3);
      const id = await challenged(w, "S8: threshold lowered mid-deliberation");
      const fundingEnd = (await w.d.escalation.dispute(id)).fundingEnd;
      await w.helper.advanceTo(fundingEnd + 1n);
      expect(await stateName(w, id)).to.equal("Deliberating");

      await c.connect(m1).castRuling(id, Ruling.Uphold);
      await c.connect(m2).castRuling(id, Ruling.Uphold);
      // Governance lowers the thresholds while the committee deliberates (2 Uphold, 0 Reject so far).
      await expect(c.connect(w.governance).setThresholds(1, 1)).to.emit(c, "ThresholdsSet").withArgs(3, 3, 1, 1);
      expect(await c.threshold(0)).to.equal(1);
      // This dispute keeps the threshold its deliberation opened with.
      expect(await c.thresholdAt(0, fundingEnd)).to.equal(3);

      // The minority's vote (1 Reject) is not recorded, as it was at `count == threshold` before the fix.
      await expect(c.connect(m4).castRuling(id, Ruling.Reject)).to.not.emit(w.d.escalation, "Ruled");
      expect(await stateName(w, id)).to.equal("Deliberating");
      // The majority's third vote reaches 3 and is recorded.
      await expect(c.connect(m3).castRuling(id, Ruling.Uphold)).to.emit(w.d.escalation, "Ruled");
      expect((await w.d.escalation.dispute(id)).ruling).to.equal(Ruling.Uphold);
      expect(await c.rulingVotes(id, 0)).to.deep.equal([3n, 1n]);
    });

    it("S8 a change before the deliberation opens (at the last funding timepoint) applies to it", async function () {
      const w = await world();
      const c = w.d.committee;
      const [m1, m2, m3] = w.members as [typeof w.outsider, typeof w.outsider, typeof w.outsider];
      const id = await challenged(w, "S8: threshold raised during funding");
      const fundingEnd = (await w.d.escalation.dispute(id)).fundingEnd;
      // Raised at the last timepoint of the funding phase: before the deliberation opens, so it applies.
      await nextTxAt(w, fundingEnd);
      await c.connect(w.governance).setThresholds(3, 3);
      expect(await c.thresholdAt(0, fundingEnd - 1n)).to.equal(2);
      expect(await c.thresholdAt(0, fundingEnd)).to.equal(3);
      expect(await c.thresholdAt(1, fundingEnd)).to.equal(3);
      await w.helper.advanceTo(fundingEnd + 1n);
      await c.connect(m1).castRuling(id, Ruling.Reject);
      await expect(c.connect(m2).castRuling(id, Ruling.Reject)).to.not.emit(w.d.escalation, "Ruled");
      await expect(c.connect(m3).castRuling(id, Ruling.Reject)).to.emit(w.d.escalation, "Ruled");
      expect((await w.d.escalation.dispute(id)).ruling).to.equal(Ruling.Reject);
    });

    it("S8 a threshold raise mid-deliberation does not hold back the side that reaches the opening threshold", async function () {
      const w = await world();
      const c = w.d.committee;
      const [m1, m2] = w.members as [typeof w.outsider, typeof w.outsider];
      const id = await challenged(w, "S8: threshold raised mid-deliberation");
      await w.helper.advanceTo((await w.d.escalation.dispute(id)).fundingEnd + 1n);
      await c.connect(m1).castRuling(id, Ruling.Uphold);
      await c.connect(w.governance).setThresholds(3, 3);
      // Opened at 2 of n: the second Uphold rules.
      await expect(c.connect(m2).castRuling(id, Ruling.Uphold)).to.emit(w.d.escalation, "Ruled");
    });

    it("S8 maxTerm has a hard ceiling: 0 and more than MAX_TERM (730 days) are refused, MAX_TERM is accepted", async function () {
      const w = await world();
      expect(await w.d.committee.MAX_TERM()).to.equal(MAX_TERM);
      const factory = new DisputeEscalation__factory(w.deployer);
      const deploy = (maxTerm: bigint) =>
        factory.deploy(
          w.token,
          w.timelock,
          disputeParams(mode),
          { members: [], expiries: [], threshold: 1, appealThreshold: 1, maxTerm },
          { guardian: ZeroAddress, expiry: 0n, maxTerm: DAY },
          [],
          DEPLOY_OVERRIDES,
        );
      for (const bad of [0n, MAX_TERM + 1n, 2n ** 48n - 1n]) {
        await expect(deploy(bad))
          .to.be.revertedWithCustomError(w.d.committee, "CommitteeInvalidMaxTerm")
          .withArgs(bad, MAX_TERM);
      }
      const escalation = await deploy(MAX_TERM);
      const committee = await hre.ethers.getContractAt("ArbitrationCommittee", await escalation.committee());
      expect(await committee.maxTerm()).to.equal(MAX_TERM);
      // A seat can be given at most MAX_TERM from now.
      const now = BigInt(await time.latest());
      const seats = committee.connect(w.governance);
      await time.setNextBlockTimestamp(now + 10n);
      await expect(seats.setMember(w.outsider.address, now + 10n + MAX_TERM + 1n))
        .to.be.revertedWithCustomError(committee, "CommitteeInvalidExpiry")
        .withArgs(w.outsider.address, now + 10n + MAX_TERM + 1n, now + 10n + MAX_TERM);
    });
  });
}
