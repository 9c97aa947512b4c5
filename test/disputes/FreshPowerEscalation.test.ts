/**
 * FreshPowerEscalation (THREATS A6): a proposal on which a freshly empowered delegate was pivotal is sent to the
 * escalated challenge window by anyone, with every condition checked on chain. The dispute world (test/fixtures/
 * disputes.ts: no cap, no holding period, quadratic counting) is aged past the hook's lookback first; a "market"
 * then receives fresh delegations from two holders (200,000 GOV), or receives them before the aging (not fresh).
 *
 * Quadratic weights (×1e9 per √GOV): market 200,000 → 447; carol 100,000 → 316; bob 300,000 → 548;
 * alice 600,000 → 775. Quorum: 400,000 GOV of raw For + Abstain.
 */
import hre from "hardhat";
import { expect } from "chai";
import { ZeroAddress } from "ethers";

import { DISPUTE_DEFAULTS, ProposalState, VoteType, disputeParams, gov, isqrt } from "../../lib";
import { DisputeEscalation__factory, FreshPowerEscalation__factory } from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { disputeWorld, DisputeState, receiverProposal, type DisputeWorld } from "../fixtures/disputes";
import { underCoverage } from "../fixtures/effort";

/** Deploy overrides: none, except under solidity-coverage (see DisputeEscalation.test.ts). */
const DEPLOY_OVERRIDES = (hre.network.config as { allowUnlimitedContractSize?: boolean }).allowUnlimitedContractSize
  ? { gasLimit: 60_000_000 }
  : {};

interface Setup {
  w: DisputeWorld;
  id: bigint;
  market: string;
}

type Votes = "pivotal" | "landslide" | "market-absent";

/**
 * Ages every holding past the lookback, delegates backer's and defender's 200,000 GOV to the market (before the
 * aging when `fresh` is false), proposes, votes `votes` and waits for the deadline.
 */
async function setup(mode: (typeof CLOCK_MODES)[number], fresh: boolean, votes: Votes, tag: string): Promise<Setup> {
  const w = await disputeWorld(mode);
  const [marketSigner] = w.spare;
  const market = marketSigner!.address;
  const delegateToMarket = async () => {
    await w.token.connect(w.backer).delegate(market);
    await w.token.connect(w.defender).delegate(market);
  };
  if (!fresh) await delegateToMarket();
  await w.helper.advanceBy((await w.d.freshPower.lookback()) + 1n);
  if (fresh) await delegateToMarket();
  const { id } = await w.helper.propose(await receiverProposal(w, `A6 ${tag} (${mode})`), w.proposer);
  await w.helper.waitForSnapshot(id);
  if (votes === "pivotal") {
    // For: market 447 + carol 316 = 763 > Against: bob 548; margin 215 ≤ 447. Quorum: For 300k + Abstain 200k.
    await w.helper.vote(id, marketSigner!, VoteType.For);
    await w.helper.vote(id, w.carol, VoteType.For);
    await w.helper.vote(id, w.bob, VoteType.Against);
    await w.helper.vote(id, w.challenger, VoteType.Abstain);
  } else if (votes === "landslide") {
    // For: alice 775 + market 447 vs Against: bob 548; margin 674 > 447; quorum slack 400k ≥ 200k.
    await w.helper.vote(id, w.alice, VoteType.For);
    await w.helper.vote(id, marketSigner!, VoteType.For);
    await w.helper.vote(id, w.bob, VoteType.Against);
  } else {
    await w.helper.vote(id, w.alice, VoteType.For);
  }
  await w.helper.waitForDeadline(id);
  return { w, id, market };
}

for (const mode of CLOCK_MODES) {
  describe(`FreshPowerEscalation (${mode} clock)`, function () {
    it("A6 fresh pivotal delegate: the deployment allows and binds the hook with the default parameters", async function () {
      const w = await disputeWorld(mode);
      const hook = w.d.freshPower;
      const hookAddress = await hook.getAddress();
      expect(await w.d.escalation.isHook(hookAddress)).to.equal(true);
      expect(await hook.disputes()).to.equal(await w.d.escalation.getAddress());
      expect(await hook.token()).to.equal(await w.token.getAddress());
      expect(await hook.freshBps()).to.equal(DISPUTE_DEFAULTS.freshPowerBps);
      const lookback = DISPUTE_DEFAULTS.freshPowerLookback;
      expect(await hook.lookback()).to.equal(mode === "timestamp" ? lookback : lookback / 12n);
      await expect(hook.bindDisputes()).to.be.revertedWithCustomError(hook, "FreshPowerAlreadyBound");
    });

    it("A6 fresh pivotal delegate: escalate sends the proposal to the escalated window", async function () {
      const { w, id, market } = await setup(mode, true, "pivotal", "fresh pivotal");
      expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
      const deadline = await w.governor.proposalDeadline(id);
      expect((await w.d.escalation.dispute(id)).windowEnd).to.equal(deadline + w.params.challengeWindow);

      const c = await w.d.freshPower.check(id, market);
      expect([c.voted, c.fresh, c.pivotal]).to.deep.equal([true, true, true]);
      expect(c.power).to.equal(gov(200_000));
      expect(c.pastPower).to.equal(0n);
      expect(c.weight).to.equal(isqrt(gov(200_000)));
      const [against, forVotes] = await w.governor.proposalVotes(id);
      expect(c.margin).to.equal(forVotes - against);
      expect(c.weight >= c.margin).to.equal(true);

      const hookAddress = await w.d.freshPower.getAddress();
      const tx = w.d.freshPower.connect(w.outsider).escalate(id, market);
      await expect(tx)
        .to.emit(w.d.freshPower, "FreshPowerEscalated")
        .withArgs(id, market, w.outsider.address, c.power, c.pastPower, c.weight, c.margin, c.quorumSlack)
        .and.to.emit(w.d.escalation, "EscalationRequired")
        .withArgs(id, hookAddress, 0n);
      // Off the vote path, and cheap for a watcher: a few view calls and one storage write in the escalation.
      const gasUsed = (await (await tx).wait())!.gasUsed;
      if (process.env.A6_GAS) console.log(`escalate gas (${mode}): ${gasUsed}`);
      // Instrumented execution under coverage costs more: the bound is on the contract's own gas.
      if (!underCoverage()) expect(gasUsed).to.be.lessThan(200_000n);
      const v = await w.d.escalation.dispute(id);
      expect(v.marked).to.equal(true);
      expect(v.state).to.equal(DisputeState.Challengeable);
      expect(v.windowEnd).to.equal(deadline + w.params.escalatedWindow);
      // Once is enough: a second call is refused with the reason.
      await expect(w.d.freshPower.escalate(id, market))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerAlreadyEscalated")
        .withArgs(id);
    });

    it("A6 fresh pivotal delegate: a delegate whose power is old is not fresh (FreshPowerNotFresh)", async function () {
      const { w, id, market } = await setup(mode, false, "pivotal", "old power");
      await expect(w.d.freshPower.escalate(id, market))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerNotFresh")
        .withArgs(id, market, gov(200_000), gov(200_000), DISPUTE_DEFAULTS.freshPowerBps);
    });

    it("A6 fresh pivotal delegate: a fresh delegate inside a landslide is not pivotal (FreshPowerNotPivotal)", async function () {
      const { w, id, market } = await setup(mode, true, "landslide", "landslide");
      const [against, forVotes] = await w.governor.proposalVotes(id);
      const weight = isqrt(gov(200_000));
      const slack = gov(800_000) - (await w.governor.quorum(await w.governor.proposalSnapshot(id)));
      await expect(w.d.freshPower.escalate(id, market))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerNotPivotal")
        .withArgs(id, market, weight, forVotes - against, gov(200_000), slack);
    });

    it("A6 fresh pivotal delegate: a fresh delegate that did not vote cannot escalate (FreshPowerNotVoted)", async function () {
      const { w, id, market } = await setup(mode, true, "market-absent", "absent");
      await expect(w.d.freshPower.escalate(id, market))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerNotVoted")
        .withArgs(id, market);
    });

    it("A6 fresh pivotal delegate: too late once the challenge window closed (FreshPowerTooLate)", async function () {
      const { w, id, market } = await setup(mode, true, "pivotal", "too late");
      const deadline = await w.governor.proposalDeadline(id);
      await w.helper.advanceTo(deadline + w.params.challengeWindow + 1n);
      await expect(w.d.freshPower.escalate(id, market))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerTooLate")
        .withArgs(id, DisputeState.Unchallenged);
    });

    it("A6 fresh pivotal delegate: only a succeeded proposal (FreshPowerProposalNotSucceeded)", async function () {
      const w = await disputeWorld(mode);
      const { id } = await w.helper.propose(await receiverProposal(w, `A6 pending (${mode})`), w.proposer);
      await expect(w.d.freshPower.escalate(id, w.alice.address))
        .to.be.revertedWithCustomError(w.d.freshPower, "FreshPowerProposalNotSucceeded")
        .withArgs(id, ProposalState.Pending);
    });

    it("A6 fresh pivotal delegate: parameters are bounded and the clock checked at construction", async function () {
      const w = await disputeWorld(mode);
      const f = new FreshPowerEscalation__factory(w.deployer);
      const day = 86_400n;
      await expect(f.deploy(w.token, day - 1n, 5_000n, ZeroAddress))
        .to.be.revertedWithCustomError(f, "FreshPowerInvalidParameter")
        .withArgs(hreBytes32("lookback"), day - 1n, day, 90n * day);
      await expect(f.deploy(w.token, 14n * day, 9_001n, ZeroAddress))
        .to.be.revertedWithCustomError(f, "FreshPowerInvalidParameter")
        .withArgs(hreBytes32("freshBps"), 9_001n, 1_000n, 9_000n);
      await expect(f.deploy(ZeroAddress, 14n * day, 5_000n, ZeroAddress)).to.be.revertedWithCustomError(
        f,
        "FreshPowerZeroAddress",
      );
      // Deployed after the escalation (governance would allow it with setHook): bound at construction.
      const late = await f.deploy(w.token, 14n * day, 5_000n, w.d.escalation);
      expect(await late.disputes()).to.equal(await w.d.escalation.getAddress());
      await expect(late.bindDisputes()).to.be.revertedWithCustomError(late, "FreshPowerAlreadyBound");
      // An unbound hook refuses to act.
      const unbound = await f.deploy(w.token, 14n * day, 5_000n, ZeroAddress);
      await expect(unbound.escalate(1n, w.alice.address)).to.be.revertedWithCustomError(unbound, "FreshPowerNotBound");
    });
  });
}

for (const mode of CLOCK_MODES) {
  describe(`FreshPowerEscalation wiring and linear counting (${mode} clock)`, function () {
    it("A6 fresh pivotal delegate: DisputeEscalation allows and binds its initial hooks; a pre-bound or zero hook fails the deployment", async function () {
      const w = await disputeWorld(mode);
      const hooks = new FreshPowerEscalation__factory(w.deployer);
      const factory = new DisputeEscalation__factory(w.deployer);
      const deploy = (initial: string[]) =>
        factory.deploy(
          w.token,
          w.timelock,
          disputeParams(mode),
          { members: [], expiries: [], threshold: 1, appealThreshold: 1, maxTerm: 86_400n },
          { guardian: ZeroAddress, expiry: 0n, maxTerm: 86_400n },
          initial,
          DEPLOY_OVERRIDES,
        );
      const hook = await hooks.deploy(w.token, 14n * 86_400n, 5_000n, ZeroAddress);
      const escalation = await deploy([await hook.getAddress()]);
      const receipt = await escalation.deploymentTransaction()!.wait();
      expect(await escalation.isHook(await hook.getAddress())).to.equal(true);
      expect(await hook.disputes()).to.equal(await escalation.getAddress());
      const topics = receipt!.logs.map((l) => l.topics[0]);
      expect(topics).to.include(escalation.interface.getEvent("HookSet").topicHash);
      expect(topics).to.include(hook.interface.getEvent("DisputesBound").topicHash);
      // A hook someone bound first (a front-run) makes the deployment revert loudly; so does a zero hook.
      await expect(deploy([await hook.getAddress()]))
        .to.be.revertedWithCustomError(hook, "FreshPowerAlreadyBound")
        .withArgs(await escalation.getAddress());
      await expect(deploy([ZeroAddress])).to.be.revertedWithCustomError(escalation, "DisputeZeroAddress");
    });

    it("A6 fresh pivotal delegate: under linear counting the counted weight is getVotes and the margin linear", async function () {
      const w = await disputeWorld(mode, "linear");
      const market = w.spare[0]!;
      await w.helper.advanceBy((await w.d.freshPower.lookback()) + 1n);
      await w.token.connect(w.backer).delegate(market.address);
      await w.token.connect(w.defender).delegate(market.address);
      const { id } = await w.helper.propose(await receiverProposal(w, `A6 linear (${mode})`), w.proposer);
      await w.helper.waitForSnapshot(id);
      // For: market 200k + carol 100k + proposer 30k = 330k > Against: bob 300k; quorum with challenger's Abstain.
      await w.helper.vote(id, market, VoteType.For);
      await w.helper.vote(id, w.carol, VoteType.For);
      await w.helper.vote(id, w.proposer, VoteType.For);
      await w.helper.vote(id, w.bob, VoteType.Against);
      await w.helper.vote(id, w.challenger, VoteType.Abstain);
      await w.helper.waitForDeadline(id);
      const c = await w.d.freshPower.check(id, market.address);
      expect([c.voted, c.fresh, c.pivotal]).to.deep.equal([true, true, true]);
      expect(c.weight).to.equal(gov(200_000));
      expect(c.counted).to.equal(gov(200_000));
      expect(c.margin).to.equal(gov(30_000));
      await expect(w.d.freshPower.escalate(id, market.address))
        .to.emit(w.d.freshPower, "FreshPowerEscalated")
        .withArgs(id, market.address, w.deployer.address, gov(200_000), 0n, gov(200_000), gov(30_000), c.quorumSlack);
      const deadline = await w.governor.proposalDeadline(id);
      expect((await w.d.escalation.dispute(id)).windowEnd).to.equal(deadline + w.params.escalatedWindow);
    });
  });
}

function hreBytes32(s: string): string {
  return "0x" + Buffer.from(s, "utf8").toString("hex").padEnd(64, "0");
}
