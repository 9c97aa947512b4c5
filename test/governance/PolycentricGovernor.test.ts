import hre from "hardhat";
import { expect } from "chai";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { id as keccakUtf8, ZeroHash, type Interface } from "ethers";

import {
  buildProposal,
  COMMON_WORLD,
  descriptionHash,
  gov,
  governanceParams,
  parseClockMode,
  proposalId,
  ProposalState,
  proposalStatesBitmap,
  timelockOperationId,
  timelockSalt,
  VoteType,
  type Proposal,
  type ProposalAction,
} from "../../lib";
import { IGovernor__factory } from "../../typechain-types";
import { ALLOCATION, CLOCK_MODES, governanceWorld, type GovernanceWorld } from "../fixtures";

/** Compound GovernorBravo's event signatures, which indexers (Tally, Agora) decode. */
const BRAVO_EVENT_SIGNATURES = {
  ProposalCreated: "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
  VoteCast: "VoteCast(address,uint256,uint8,uint256,string)",
  ProposalQueued: "ProposalQueued(uint256,uint256)",
  ProposalExecuted: "ProposalExecuted(uint256)",
  ProposalCanceled: "ProposalCanceled(uint256)",
} as const;

/** TimelockController.OperationState: Unset, Waiting, Ready, Done. The expected-state bitmap has bit i for state i. */
const TIMELOCK_READY_BITMAP = "0x" + (1n << 2n).toString(16).padStart(64, "0");

/** Panic code of an empty `DoubleEndedQueue.popFront` (the governor's governance-call queue). */
const PANIC_EMPTY_ARRAY_POP = 0x31;

/** 4 % of the 10M supply: 400k, which bob + carol reach exactly and alice alone exceeds. */
const QUORUM = (COMMON_WORLD.totalSupply * COMMON_WORLD.quorumNumerator) / 100n;

/** ERC-165 id of an interface: XOR of its own function selectors (inherited ones named in `inherited`). */
function interfaceId(iface: Interface, inherited: readonly string[] = []): string {
  let id = 0n;
  iface.forEachFunction((f) => {
    if (!inherited.includes(f.name)) id ^= BigInt(f.selector);
  });
  return "0x" + id.toString(16).padStart(8, "0");
}

for (const mode of CLOCK_MODES) {
  describe(`PolycentricGovernor (${mode} clock)`, function () {
    const world = () => governanceWorld(mode);

    /** The governor's clock reading of the block a transaction landed in. */
    async function clockOf(receipt: { blockNumber: number }): Promise<bigint> {
      return mode === "blocknumber" ? BigInt(receipt.blockNumber) : timestampOf(receipt);
    }

    async function timestampOf(receipt: { blockNumber: number }): Promise<bigint> {
      const block = await hre.ethers.provider.getBlock(receipt.blockNumber);
      return BigInt(block!.timestamp);
    }

    /** Makes the next mined transaction land exactly at governor clock `timepoint` (which must be in the future). */
    async function nextTxAt(w: GovernanceWorld, timepoint: bigint): Promise<void> {
      const now = await w.helper.clock();
      if (timepoint <= now) throw new Error(`nextTxAt(${timepoint}): the clock is already at ${now}`);
      if (mode === "timestamp") await time.setNextBlockTimestamp(timepoint);
      else if (timepoint - 1n > now) await mine(timepoint - 1n - now);
    }

    async function callReceiver(w: GovernanceWorld, argument: bigint, value = 0n): Promise<ProposalAction> {
      return {
        target: await w.receiver.getAddress(),
        value,
        data: w.receiver.interface.encodeFunctionData("mockFunction", [argument]),
      };
    }

    async function onGovernor(w: GovernanceWorld, data: string): Promise<ProposalAction> {
      return { target: await w.governor.getAddress(), data };
    }

    /** A one-action proposal calling CallReceiver__Mock.mockFunction(argument). */
    async function simpleProposal(w: GovernanceWorld, description: string, argument = 1n): Promise<Proposal> {
      return buildProposal([await callReceiver(w, argument)], description);
    }

    /** (against, for, abstain) as a plain array. */
    async function tally(w: GovernanceWorld, id: bigint): Promise<bigint[]> {
      return [...(await w.governor.proposalVotes(id))];
    }

    /** Proposed by `proposer`, passed by alice alone (above quorum), queued, latest block at the ETA. */
    async function passAndQueue(w: GovernanceWorld, p: Proposal): Promise<bigint> {
      const { id } = await w.helper.propose(p, w.proposer);
      await w.helper.waitForSnapshot(id);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await w.helper.queue(p);
      await w.helper.waitForEta(id);
      return id;
    }

    describe("configuration and Bravo compatibility", function () {
      it("is deployed with the common world's parameters in clock units, on the token's ERC-6372 clock", async function () {
        const w = await world();
        const d = governanceParams(mode);
        expect(await w.governor.name()).to.equal(d.governorName);
        expect(await w.governor.votingDelay()).to.equal(d.votingDelay);
        expect(await w.governor.votingPeriod()).to.equal(d.votingPeriod);
        expect(await w.governor.proposalThreshold()).to.equal(gov(25_000));
        expect(await w.governor["quorumNumerator()"]()).to.equal(4n);
        expect(await w.governor.quorumDenominator()).to.equal(100n);
        expect(await w.governor.lateQuorumVoteExtension()).to.equal(d.lateQuorumExtension);
        expect(await w.governor.token()).to.equal(await w.token.getAddress());
        expect(await w.governor.timelock()).to.equal(await w.timelock.getAddress());
        expect(await w.timelock.getMinDelay()).to.equal(d.timelockDelay);
        // Quorum is 4 % of the supply at a past timepoint.
        expect(await w.governor.quorum((await w.helper.clock()) - 1n)).to.equal(gov(400_000));
        expect(QUORUM).to.equal(gov(400_000));

        const clockMode = await w.governor.CLOCK_MODE();
        expect(clockMode).to.equal(await w.token.CLOCK_MODE());
        expect(parseClockMode(clockMode)).to.equal(mode);
        expect(await w.governor.clock()).to.equal(await w.token.clock());
        expect(await w.governor.clock()).to.equal(await w.helper.clock());
      });

      it('counts Bravo-style: COUNTING_MODE() is "support=bravo&quorum=for,abstain"', async function () {
        const w = await world();
        expect(await w.governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
      });

      it("emits ProposalCreated, VoteCast, ProposalQueued, ProposalExecuted, ProposalCanceled with Compound GovernorBravo's topic hashes", async function () {
        const w = await world();
        const iface: Interface = w.governor.interface;
        for (const [name, signature] of Object.entries(BRAVO_EVENT_SIGNATURES)) {
          expect(iface.getEvent(name)!.topicHash, name).to.equal(keccakUtf8(signature));
        }
        // And the logs actually emitted carry those topics.
        const p = await simpleProposal(w, "Bravo topics");
        const { id, receipt } = await w.helper.propose(p, w.proposer);
        const governorAddress = await w.governor.getAddress();
        const created = receipt.logs.filter((l) => l.address === governorAddress).map((l) => l.topics[0]);
        expect(created).to.deep.equal([keccakUtf8(BRAVO_EVENT_SIGNATURES.ProposalCreated)]);
        await w.helper.waitForSnapshot(id);
        const voted = await w.helper.vote(id, w.alice, VoteType.For);
        expect(voted.logs.map((l) => l.topics[0])).to.include(keccakUtf8(BRAVO_EVENT_SIGNATURES.VoteCast));
      });

      it("supports ERC-165 for IGovernor (with and without getProposalId), IERC1155Receiver and ERC-165 itself", async function () {
        const w = await world();
        const governorIface = IGovernor__factory.createInterface();
        const iGovernor = interfaceId(governorIface, ["supportsInterface", "clock", "CLOCK_MODE"]);
        const withoutGetProposalId =
          "0x" +
          (BigInt(iGovernor) ^ BigInt(governorIface.getFunction("getProposalId").selector))
            .toString(16)
            .padStart(8, "0");
        expect(await w.governor.supportsInterface(iGovernor)).to.equal(true);
        expect(await w.governor.supportsInterface(withoutGetProposalId)).to.equal(true);
        expect(await w.governor.supportsInterface("0x4e2312e0")).to.equal(true); // IERC1155Receiver
        expect(await w.governor.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
        expect(await w.governor.supportsInterface("0xffffffff")).to.equal(false);
      });

      it("computes the same proposal id off-chain (lib/proposal.ts) as hashProposal and getProposalId", async function () {
        const w = await world();
        const p = buildProposal(
          [await callReceiver(w, 7n, 3n), { target: w.outsider.address, value: 1n }],
          "Two actions\n\nwith a multi-line description",
        );
        const args = [p.targets, p.values, p.calldatas, descriptionHash(p.description)] as const;
        expect(await w.governor.hashProposal(...args)).to.equal(proposalId(p));
        expect(await w.governor.getProposalId(...args)).to.equal(proposalId(p));
        const { id } = await w.helper.propose(p, w.proposer);
        expect(id).to.equal(proposalId(p));
        expect(await w.governor.proposalProposer(id)).to.equal(w.proposer.address);
      });

      it("refuses ETH sent to the governor: the treasury is the timelock (GovernorDisabledDeposit)", async function () {
        const w = await world();
        await expect(w.deployer.sendTransaction({ to: await w.governor.getAddress(), value: 1n }))
          .to.be.revertedWithCustomError(w.governor, "GovernorDisabledDeposit")
          .withArgs();
      });
    });

    describe("I8 state machine: lifecycle", function () {
      it("I8 state machine: Pending → Active → Succeeded → Queued → Executed, the timelock paying ETH and GOV from its treasury", async function () {
        const w = await world();
        const d = governanceParams(mode);
        const timelock = await w.timelock.getAddress();
        const governorAddress = await w.governor.getAddress();
        const p = buildProposal(
          [
            await callReceiver(w, 42n, hre.ethers.parseEther("1")),
            {
              target: await w.token.getAddress(),
              data: w.token.interface.encodeFunctionData("transfer", [w.outsider.address, gov(1_000)]),
            },
          ],
          "Lifecycle: pay the receiver 1 ETH and the outsider 1,000 GOV",
        );

        // Propose: Pending, with snapshot = clock + votingDelay and deadline = snapshot + votingPeriod.
        const { id, receipt } = await w.helper.propose(p, w.proposer);
        const snapshot = (await clockOf(receipt)) + d.votingDelay;
        const deadline = snapshot + d.votingPeriod;
        await expect(receipt)
          .to.emit(w.governor, "ProposalCreated")
          .withArgs(
            id,
            w.proposer.address,
            p.targets,
            p.values,
            ["", ""],
            p.calldatas,
            snapshot,
            deadline,
            p.description,
          );
        expect(await w.governor.proposalSnapshot(id)).to.equal(snapshot);
        expect(await w.governor.proposalDeadline(id)).to.equal(deadline);
        expect(await w.governor.proposalNeedsQueuing(id)).to.equal(true);
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);

        // The snapshot timepoint itself is still Pending; one unit later, Active.
        await w.helper.waitForSnapshot(id, 0n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
        await w.helper.waitForSnapshot(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);

        await expect(w.helper.vote(id, w.alice, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.For, ALLOCATION.alice, "");
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);

        // The deadline timepoint is still Active (quorum was reached early: no extension); one unit later, Succeeded.
        await w.helper.waitForDeadline(id, 0n);
        expect(await w.governor.proposalDeadline(id)).to.equal(deadline);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);
        await w.helper.waitForDeadline(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);

        // Queue: the timelock schedules the batch under bytes20(governor) ^ descriptionHash.
        const operationId = timelockOperationId(p, governorAddress);
        expect(
          await w.timelock.hashOperationBatch(
            p.targets,
            p.values,
            p.calldatas,
            ZeroHash,
            timelockSalt(governorAddress, p.description),
          ),
        ).to.equal(operationId);
        const queued = await w.helper.queue(p);
        const eta = (await timestampOf(queued)) + d.timelockDelay;
        await expect(queued).to.emit(w.governor, "ProposalQueued").withArgs(id, eta);
        expect(await w.governor.proposalEta(id)).to.equal(eta);
        expect(await w.governor.state(id)).to.equal(ProposalState.Queued);
        expect(await w.timelock.isOperationPending(operationId)).to.equal(true);
        expect(await w.timelock.getTimestamp(operationId)).to.equal(eta);

        // Execute after the ETA: the timelock makes the calls and pays from its own balances.
        await w.helper.waitForEta(id);
        const ethBefore = await hre.ethers.provider.getBalance(timelock);
        const govBefore = await w.token.balanceOf(timelock);
        const executed = await w.helper.execute(p);
        await expect(executed)
          .to.emit(w.receiver, "MockFunctionCalled")
          .withArgs(timelock, hre.ethers.parseEther("1"), 42n);
        await expect(executed).to.emit(w.governor, "ProposalExecuted").withArgs(id);
        await expect(executed).to.emit(w.token, "Transfer").withArgs(timelock, w.outsider.address, gov(1_000));
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
        expect(await w.timelock.isOperationDone(operationId)).to.equal(true);
        expect(await w.receiver.lastArgument()).to.equal(42n);
        expect(await w.receiver.calls()).to.equal(1n);
        expect(await hre.ethers.provider.getBalance(await w.receiver.getAddress())).to.equal(
          hre.ethers.parseEther("1"),
        );
        expect(await hre.ethers.provider.getBalance(timelock)).to.equal(ethBefore - hre.ethers.parseEther("1"));
        expect(await w.token.balanceOf(timelock)).to.equal(govBefore - gov(1_000));
        expect(await w.token.balanceOf(w.outsider.address)).to.equal(gov(1_000));

        // Executed is final: executing again is rejected with the state.
        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Executed, proposalStatesBitmap(ProposalState.Queued));
      });

      it("I8 state machine: Defeated when Against outweighs For, even with For above quorum", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Defeated by Against");
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice, VoteType.Against);
        await w.helper.vote(id, w.bob, VoteType.For);
        await w.helper.vote(id, w.carol, VoteType.For);
        await w.helper.waitForDeadline(id);
        expect(await tally(w, id)).to.deep.equal([ALLOCATION.alice, ALLOCATION.bob + ALLOCATION.carol, 0n]);
        expect(ALLOCATION.bob + ALLOCATION.carol).to.be.gte(
          await w.governor.quorum(await w.governor.proposalSnapshot(id)),
        );
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Defeated, proposalStatesBitmap(ProposalState.Succeeded));
      });

      it("I8 state machine: Defeated without quorum even when For > Against (For 300k, Against 20k, quorum 400k)", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Defeated by missing quorum");
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.bob, VoteType.For);
        await w.helper.vote(id, w.dave, VoteType.Against);
        await w.helper.waitForDeadline(id);
        expect(await w.governor.quorum(await w.governor.proposalSnapshot(id))).to.equal(QUORUM);
        expect(await tally(w, id)).to.deep.equal([ALLOCATION.dave, ALLOCATION.bob, 0n]);
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      });

      it("I8 state machine: Against votes do not count toward quorum, Abstain votes do", async function () {
        const w = await world();
        const withAgainst = await simpleProposal(w, "bob For, carol Against", 1n);
        const withAbstain = await simpleProposal(w, "bob For, carol Abstain", 2n);
        const { id: againstId } = await w.helper.propose(withAgainst, w.proposer);
        const { id: abstainId } = await w.helper.propose(withAbstain, w.proposer);
        await w.helper.waitForSnapshot(abstainId);
        for (const id of [againstId, abstainId]) await w.helper.vote(id, w.bob, VoteType.For);
        await w.helper.vote(againstId, w.carol, VoteType.Against);
        await w.helper.vote(abstainId, w.carol, VoteType.Abstain);
        await w.helper.waitForDeadline(abstainId);
        // bob + carol = 400k = quorum exactly; only For + Abstain count toward it.
        expect(await tally(w, againstId)).to.deep.equal([ALLOCATION.carol, ALLOCATION.bob, 0n]);
        expect(await tally(w, abstainId)).to.deep.equal([0n, ALLOCATION.bob, ALLOCATION.carol]);
        expect(await w.governor.state(againstId)).to.equal(ProposalState.Defeated);
        expect(await w.governor.state(abstainId)).to.equal(ProposalState.Succeeded);
      });

      it("I8 state machine: the proposer cancels while Pending (up to and including the snapshot timepoint); Canceled is final", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Canceled while Pending");
        const { id } = await w.helper.propose(p, w.proposer);
        const snapshot = await w.governor.proposalSnapshot(id);
        await nextTxAt(w, snapshot);
        const canceled = await w.helper.cancel(p, w.proposer);
        expect(await clockOf(canceled)).to.equal(snapshot);
        await expect(canceled).to.emit(w.governor, "ProposalCanceled").withArgs(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);

        // Nothing moves a Canceled proposal: no votes, no re-proposal of the same content, no queue.
        await w.helper.waitForSnapshot(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);
        await expect(w.helper.vote(id, w.alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Canceled, proposalStatesBitmap(ProposalState.Active));
        await expect(w.helper.propose(p, w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Canceled, ZeroHash);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Canceled, proposalStatesBitmap(ProposalState.Succeeded));
      });

      it("I8 state machine: with TimelockControl there is no Expired state — a Succeeded proposal stays queueable and a Queued one executable a year later", async function () {
        const w = await world();
        const p = await simpleProposal(w, "No expiry", 5n);
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice);
        await w.helper.waitForDeadline(id);
        const year = mode === "timestamp" ? 365n * 86_400n : 365n * 7_200n;
        await w.helper.advanceBy(year);
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
        await w.helper.queue(p);
        await w.helper.waitForEta(id, 365n * 86_400n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Queued);
        await w.helper.execute(p);
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
      });
    });

    describe("votes", function () {
      it("castVoteWithReason emits VoteCast with the reason; proposalVotes is (against, for, abstain); hasVoted is monotone", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Votes and reasons");
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        expect(await tally(w, id)).to.deep.equal([0n, 0n, 0n]);
        expect(await w.governor.hasVoted(id, w.alice.address)).to.equal(false);

        await expect(w.helper.vote(id, w.alice, VoteType.For, "treasury ops are overdue"))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.For, ALLOCATION.alice, "treasury ops are overdue");
        await expect(w.helper.vote(id, w.bob, VoteType.Against, "too early"))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.bob.address, id, VoteType.Against, ALLOCATION.bob, "too early");
        await expect(w.helper.vote(id, w.carol, VoteType.Abstain))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.carol.address, id, VoteType.Abstain, ALLOCATION.carol, "");
        expect(await tally(w, id)).to.deep.equal([ALLOCATION.bob, ALLOCATION.alice, ALLOCATION.carol]);

        const voters = [w.alice, w.bob, w.carol];
        for (const v of voters) expect(await w.governor.hasVoted(id, v.address), v.address).to.equal(true);
        expect(await w.governor.hasVoted(id, w.dave.address)).to.equal(false);
        await w.helper.waitForDeadline(id);
        await w.helper.queue(p);
        await w.helper.waitForEta(id);
        await w.helper.execute(p);
        for (const v of voters) expect(await w.governor.hasVoted(id, v.address), v.address).to.equal(true);
        expect(await tally(w, id)).to.deep.equal([ALLOCATION.bob, ALLOCATION.alice, ALLOCATION.carol]);
      });

      it("rejects a second vote (GovernorAlreadyCastVote), whatever the support, and leaves the tally unchanged", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Double vote"), w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.bob, VoteType.For);
        for (const support of [VoteType.For, VoteType.Against, VoteType.Abstain]) {
          await expect(w.helper.vote(id, w.bob, support))
            .to.be.revertedWithCustomError(w.governor, "GovernorAlreadyCastVote")
            .withArgs(w.bob.address);
        }
        expect(await tally(w, id)).to.deep.equal([0n, ALLOCATION.bob, 0n]);
      });

      it("rejects a support value outside Against/For/Abstain (GovernorInvalidVoteType)", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Invalid support"), w.proposer);
        await w.helper.waitForSnapshot(id);
        await expect(w.helper.vote(id, w.bob, 3n))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidVoteType")
          .withArgs();
        expect(await w.governor.hasVoted(id, w.bob.address)).to.equal(false);
      });

      it("rejects votes while Pending and after the deadline (GovernorUnexpectedProposalState, expected Active)", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Vote timing"), w.proposer);
        await expect(w.helper.vote(id, w.alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Pending, proposalStatesBitmap(ProposalState.Active));
        await w.helper.waitForDeadline(id);
        await expect(w.helper.vote(id, w.alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Defeated, proposalStatesBitmap(ProposalState.Active));
      });
    });

    describe("reverts", function () {
      it("rejects a proposer below the threshold at clock()-1: GovernorInsufficientProposerVotes(dave, 20k, 25k)", async function () {
        const w = await world();
        await expect(w.helper.propose(await simpleProposal(w, "From dave"), w.dave))
          .to.be.revertedWithCustomError(w.governor, "GovernorInsufficientProposerVotes")
          .withArgs(w.dave.address, ALLOCATION.dave, gov(25_000));
      });

      it("reports unknown proposals: GovernorNonexistentProposal(id) from state, castVote and queue", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Never proposed");
        const id = proposalId(p);
        await expect(w.governor.state(id))
          .to.be.revertedWithCustomError(w.governor, "GovernorNonexistentProposal")
          .withArgs(id);
        await expect(w.helper.vote(id, w.alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorNonexistentProposal")
          .withArgs(id);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorNonexistentProposal")
          .withArgs(id);
        expect(await w.governor.proposalSnapshot(id)).to.equal(0n);
      });

      it("rejects queueing while Active and executing before queueing (GovernorUnexpectedProposalState)", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Out of order");
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Active, proposalStatesBitmap(ProposalState.Succeeded));
        await w.helper.waitForDeadline(id);
        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Succeeded, proposalStatesBitmap(ProposalState.Queued));
        await w.helper.queue(p);
        await expect(w.helper.queue(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Queued, proposalStatesBitmap(ProposalState.Succeeded));
      });

      it("rejects a duplicate proposal with GovernorUnexpectedProposalState(id, current, 0x0), from any proposer", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Duplicate");
        const { id } = await w.helper.propose(p, w.proposer);
        await expect(w.helper.propose(p, w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Pending, ZeroHash);
        await w.helper.waitForSnapshot(id);
        await expect(w.helper.propose(p, w.alice))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Active, ZeroHash);
      });

      it("rejects mismatched or empty arrays: GovernorInvalidProposalLength(targets, calldatas, values)", async function () {
        const w = await world();
        const target = await w.receiver.getAddress();
        await expect(w.governor.connect(w.proposer).propose([target], [0n, 0n, 0n], ["0x", "0x"], "Lengths 1/3/2"))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidProposalLength")
          .withArgs(1n, 2n, 3n);
        await expect(w.governor.connect(w.proposer).propose([], [], [], "Empty"))
          .to.be.revertedWithCustomError(w.governor, "GovernorInvalidProposalLength")
          .withArgs(0n, 0n, 0n);
      });

      it("rejects a description reserved for another proposer (#proposer= suffix): GovernorRestrictedProposer", async function () {
        const w = await world();
        const p = await simpleProposal(w, `Front-run me #proposer=${w.alice.address}`);
        await expect(w.helper.propose(p, w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorRestrictedProposer")
          .withArgs(w.proposer.address);
        const { id } = await w.helper.propose(p, w.alice);
        expect(await w.governor.proposalProposer(id)).to.equal(w.alice.address);
      });

      it("rejects cancel by the proposer once voting started: GovernorUnableToCancel(id, proposer)", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Too late to cancel");
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await expect(w.helper.cancel(p, w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
          .withArgs(id, w.proposer.address);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);
      });

      it("rejects cancel by anyone but the proposer, even while Pending: GovernorUnableToCancel(id, account)", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Not yours to cancel");
        const { id } = await w.helper.propose(p, w.proposer);
        for (const other of [w.outsider, w.alice, w.deployer]) {
          await expect(w.helper.cancel(p, other))
            .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
            .withArgs(id, other.address);
        }
        expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
      });

      it("rejects direct calls to every onlyGovernance function: GovernorOnlyExecutor(caller)", async function () {
        const w = await world();
        const g = w.governor;
        for (const caller of [w.outsider, w.alice, w.deployer]) {
          const c = g.connect(caller);
          const calls = [
            () => c.setVotingDelay(1n),
            () => c.setVotingPeriod(1n),
            () => c.setProposalThreshold(0n),
            () => c.updateQuorumNumerator(1n),
            () => c.setLateQuorumVoteExtension(0n),
            () => c.relay(caller.address, 0n, "0x"),
          ];
          for (const call of calls) {
            await expect(call()).to.be.revertedWithCustomError(g, "GovernorOnlyExecutor").withArgs(caller.address);
          }
        }
      });

      it("rejects onlyGovernance calls even from the timelock itself outside a governor execute (empty governance-call queue: panic 0x31)", async function () {
        const w = await world();
        const timelock = await w.timelock.getAddress();
        const asTimelock = await hre.ethers.getImpersonatedSigner(timelock);
        try {
          await expect(w.governor.connect(asTimelock).setVotingPeriod(1n)).to.be.revertedWithPanic(
            PANIC_EMPTY_ARRAY_POP,
          );
          await expect(w.governor.connect(asTimelock).updateQuorumNumerator(1n)).to.be.revertedWithPanic(
            PANIC_EMPTY_ARRAY_POP,
          );
        } finally {
          await hre.network.provider.send("hardhat_stopImpersonatingAccount", [timelock]);
        }
        expect(await w.governor.votingPeriod()).to.equal(governanceParams(mode).votingPeriod);
      });

      it("rejects execution before the ETA on the timelock (TimelockUnexpectedOperationState(operationId, Ready)); at the ETA it runs", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Before the ETA", 11n);
        const { id } = await w.helper.propose(p, w.proposer);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.alice);
        await w.helper.waitForDeadline(id);
        await w.helper.queue(p);
        const eta = await w.governor.proposalEta(id);
        const operationId = timelockOperationId(p, await w.governor.getAddress());

        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.timelock, "TimelockUnexpectedOperationState")
          .withArgs(operationId, TIMELOCK_READY_BITMAP);
        // One second before the ETA: still Waiting.
        await time.setNextBlockTimestamp(eta - 1n);
        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.timelock, "TimelockUnexpectedOperationState")
          .withArgs(operationId, TIMELOCK_READY_BITMAP);
        expect(await w.governor.state(id)).to.equal(ProposalState.Queued);
        // Exactly at the ETA: Ready.
        await time.setNextBlockTimestamp(eta);
        const executed = await w.helper.execute(p);
        expect(await timestampOf(executed)).to.equal(eta);
        expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
      });

      it("bubbles a reverting target's error through the timelock (RevertingReceiverRefused(timelock, arg); FailedCall for empty revert data) and stays Queued", async function () {
        const w = await world();
        const timelock = await w.timelock.getAddress();
        const reverter = await w.reverter.getAddress();
        const refuse = buildProposal(
          [{ target: reverter, data: w.reverter.interface.encodeFunctionData("refuse", [77n]) }],
          "Call a target that refuses",
        );
        const silent = buildProposal(
          [{ target: reverter, data: w.reverter.interface.encodeFunctionData("refuseSilently") }],
          "Call a target that reverts without data",
        );
        const ids: bigint[] = [];
        for (const p of [refuse, silent]) ids.push((await w.helper.propose(p, w.proposer)).id);
        await w.helper.waitForSnapshot(ids[1]!);
        for (const id of ids) await w.helper.vote(id, w.alice);
        await w.helper.waitForDeadline(ids[1]!);
        for (const p of [refuse, silent]) await w.helper.queue(p);
        await w.helper.waitForEta(ids[1]!);

        await expect(w.helper.execute(refuse))
          .to.be.revertedWithCustomError(w.reverter, "RevertingReceiverRefused")
          .withArgs(timelock, 77n);
        await expect(w.helper.execute(silent)).to.be.revertedWithCustomError(w.timelock, "FailedCall").withArgs();
        for (const [i, p] of [refuse, silent].entries()) {
          expect(await w.governor.state(ids[i]!)).to.equal(ProposalState.Queued);
          expect(await w.timelock.isOperationReady(timelockOperationId(p, await w.governor.getAddress()))).to.equal(
            true,
          );
        }
      });
    });

    describe("settings through governance", function () {
      it("changes every setting by proposal, emitting the OZ events with old and new values", async function () {
        const w = await world();
        const d = governanceParams(mode);
        const g = w.governor.interface;
        const next = {
          votingDelay: d.votingDelay * 2n,
          votingPeriod: d.votingPeriod * 2n,
          proposalThreshold: gov(50_000),
          quorumNumerator: 10n,
          lateQuorumExtension: d.lateQuorumExtension * 2n,
        };
        const p = buildProposal(
          [
            await onGovernor(w, g.encodeFunctionData("setVotingDelay", [next.votingDelay])),
            await onGovernor(w, g.encodeFunctionData("setVotingPeriod", [next.votingPeriod])),
            await onGovernor(w, g.encodeFunctionData("setProposalThreshold", [next.proposalThreshold])),
            await onGovernor(w, g.encodeFunctionData("updateQuorumNumerator", [next.quorumNumerator])),
            await onGovernor(w, g.encodeFunctionData("setLateQuorumVoteExtension", [next.lateQuorumExtension])),
          ],
          "Double every duration, threshold 50k, quorum 10 %",
        );
        await passAndQueue(w, p);
        const executed = await w.helper.execute(p);
        await expect(executed).to.emit(w.governor, "VotingDelaySet").withArgs(d.votingDelay, next.votingDelay);
        await expect(executed).to.emit(w.governor, "VotingPeriodSet").withArgs(d.votingPeriod, next.votingPeriod);
        await expect(executed)
          .to.emit(w.governor, "ProposalThresholdSet")
          .withArgs(d.proposalThreshold, next.proposalThreshold);
        await expect(executed).to.emit(w.governor, "QuorumNumeratorUpdated").withArgs(4n, next.quorumNumerator);
        await expect(executed)
          .to.emit(w.governor, "LateQuorumVoteExtensionSet")
          .withArgs(d.lateQuorumExtension, next.lateQuorumExtension);

        expect(await w.governor.votingDelay()).to.equal(next.votingDelay);
        expect(await w.governor.votingPeriod()).to.equal(next.votingPeriod);
        expect(await w.governor.proposalThreshold()).to.equal(next.proposalThreshold);
        expect(await w.governor["quorumNumerator()"]()).to.equal(next.quorumNumerator);
        expect(await w.governor.lateQuorumVoteExtension()).to.equal(next.lateQuorumExtension);
        // The new threshold applies at once: the 30k proposer can no longer propose.
        await expect(w.helper.propose(await simpleProposal(w, "After the change"), w.proposer))
          .to.be.revertedWithCustomError(w.governor, "GovernorInsufficientProposerVotes")
          .withArgs(w.proposer.address, ALLOCATION.proposer, next.proposalThreshold);
      });

      it("I13 bounded extension: a proposal setting lateQuorumVoteExtension above votingPeriod fails at execution (GovernorPreventLateQuorumVoteExtensionTooLarge)", async function () {
        const w = await world();
        const period = await w.governor.votingPeriod();
        const p = buildProposal(
          [await onGovernor(w, w.governor.interface.encodeFunctionData("setLateQuorumVoteExtension", [period + 1n]))],
          "Extension longer than the voting period",
        );
        const id = await passAndQueue(w, p);
        await expect(w.helper.execute(p))
          .to.be.revertedWithCustomError(w.governor, "GovernorPreventLateQuorumVoteExtensionTooLarge")
          .withArgs(period + 1n, period);
        expect(await w.governor.state(id)).to.equal(ProposalState.Queued);
        expect(await w.governor.lateQuorumVoteExtension()).to.equal(governanceParams(mode).lateQuorumExtension);
      });

      it("relays a call from the governor itself when a proposal asks for it (relay is onlyGovernance)", async function () {
        const w = await world();
        const inner = await callReceiver(w, 9n);
        const p = buildProposal(
          [await onGovernor(w, w.governor.interface.encodeFunctionData("relay", [inner.target, 0n, inner.data!]))],
          "Relay a call through the governor",
        );
        await passAndQueue(w, p);
        await expect(w.helper.execute(p))
          .to.emit(w.receiver, "MockFunctionCalled")
          .withArgs(await w.governor.getAddress(), 0n, 9n);
      });
    });

    describe("I10 snapshot before acquisition", function () {
      it("I10 snapshot before acquisition: tokens transferred and delegated after the snapshot carry zero weight; the seller's snapshot power still counts", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Bought after the snapshot"), w.proposer);
        const snapshot = await w.governor.proposalSnapshot(id);
        await w.helper.waitForSnapshot(id);

        // alice sells everything to the outsider, who delegates to itself: current power moves, snapshot power not.
        await w.token.connect(w.alice).transfer(w.outsider.address, ALLOCATION.alice);
        await w.token.connect(w.outsider).delegate(w.outsider.address);
        expect(await w.token.getVotes(w.outsider.address)).to.equal(ALLOCATION.alice);
        expect(await w.token.getVotes(w.alice.address)).to.equal(0n);
        expect(await w.token.getPastVotes(w.outsider.address, snapshot)).to.equal(0n);
        expect(await w.governor.getVotes(w.alice.address, snapshot)).to.equal(ALLOCATION.alice);

        await expect(w.helper.vote(id, w.outsider, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.outsider.address, id, VoteType.For, 0n, "");
        expect(await tally(w, id)).to.deep.equal([0n, 0n, 0n]);
        expect(await w.governor.hasVoted(id, w.outsider.address)).to.equal(true);

        await expect(w.helper.vote(id, w.alice, VoteType.Against))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.Against, ALLOCATION.alice, "");
        expect(await tally(w, id)).to.deep.equal([ALLOCATION.alice, 0n, 0n]);
        await w.helper.waitForDeadline(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      });

      it("I10 snapshot before acquisition: the snapshot timepoint is inclusive — tokens landing at the snapshot count, one unit later they do not", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Snapshot boundary"), w.proposer);
        const snapshot = await w.governor.proposalSnapshot(id);

        await nextTxAt(w, snapshot);
        const atSnapshot = await (await w.token.transfer(w.carol.address, gov(50_000))).wait();
        expect(await clockOf(atSnapshot!)).to.equal(snapshot);
        const afterSnapshot = await (await w.token.transfer(w.bob.address, gov(50_000))).wait();
        expect(await clockOf(afterSnapshot!)).to.be.gt(snapshot);

        await w.helper.waitForSnapshot(id);
        await expect(w.helper.vote(id, w.carol))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.carol.address, id, VoteType.For, ALLOCATION.carol + gov(50_000), "");
        await expect(w.helper.vote(id, w.bob))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.bob.address, id, VoteType.For, ALLOCATION.bob, "");
      });

      it("I10 snapshot before acquisition: the proposal threshold is read at clock()-1 — tokens received and delegated in the same block do not count, in the next block they do", async function () {
        const w = await world();
        const p = await simpleProposal(w, "Same-block proposer");
        const threshold = await w.governor.proposalThreshold();

        // One block: deployer → outsider 30k, outsider self-delegates, outsider proposes.
        await hre.network.provider.send("evm_setAutomine", [false]);
        let [transferHash, delegateHash, proposeHash] = ["", "", ""];
        try {
          transferHash = (await w.token.transfer(w.outsider.address, ALLOCATION.proposer)).hash;
          delegateHash = (await w.token.connect(w.outsider).delegate(w.outsider.address)).hash;
          // In the pending block (after the two transactions above) propose already fails with the exact error.
          await expect(
            w.governor
              .connect(w.outsider)
              .propose.staticCall(p.targets, p.values, p.calldatas, p.description, { blockTag: "pending" }),
          )
            .to.be.revertedWithCustomError(w.governor, "GovernorInsufficientProposerVotes")
            .withArgs(w.outsider.address, 0n, threshold);
          proposeHash = (
            await w.governor
              .connect(w.outsider)
              .propose(p.targets, p.values, p.calldatas, p.description, { gasLimit: 1_000_000 })
          ).hash;
          await mine(1);
        } finally {
          await hre.network.provider.send("evm_setAutomine", [true]);
        }
        const [transferred, delegated, proposed] = await Promise.all(
          [transferHash, delegateHash, proposeHash].map((h) => hre.ethers.provider.getTransactionReceipt(h)),
        );
        expect(transferred!.status).to.equal(1);
        expect(delegated!.status).to.equal(1);
        expect(proposed!.status).to.equal(0);
        expect(proposed!.blockNumber).to.equal(delegated!.blockNumber);
        expect(proposed!.index).to.be.gt(delegated!.index);
        // The mined failure carries the same revert data.
        const trace = (await hre.network.provider.send("debug_traceTransaction", [
          proposeHash,
          { disableStorage: true, disableStack: true, disableMemory: true },
        ])) as { failed: boolean; returnValue: string };
        expect(trace.failed).to.equal(true);
        expect("0x" + trace.returnValue.replace(/^0x/, "")).to.equal(
          w.governor.interface.encodeErrorResult("GovernorInsufficientProposerVotes", [
            w.outsider.address,
            0n,
            threshold,
          ]),
        );
        await expect(w.governor.state(proposalId(p)))
          .to.be.revertedWithCustomError(w.governor, "GovernorNonexistentProposal")
          .withArgs(proposalId(p));

        // The very next block reads the previous one (clock()-1), where the power is in place.
        const { id, receipt } = await w.helper.propose(p, w.outsider);
        expect(receipt.blockNumber).to.equal(proposed!.blockNumber + 1);
        const proposedAt = await clockOf(receipt);
        expect(await w.governor.getVotes(w.outsider.address, proposedAt - 1n)).to.equal(ALLOCATION.proposer);
        expect(await w.governor.proposalProposer(id)).to.equal(w.outsider.address);
      });
    });

    describe("I14 late quorum", function () {
      it("I14 late quorum: quorum reached at the original deadline pushes it to (clock at the vote) + lateQuorumVoteExtension and emits ProposalExtended", async function () {
        const w = await world();
        const extension = await w.governor.lateQuorumVoteExtension();
        expect(extension).to.equal(governanceParams(mode).lateQuorumExtension);
        const { id } = await w.helper.propose(await simpleProposal(w, "Late quorum"), w.proposer);
        const original = await w.governor.proposalDeadline(id);

        await nextTxAt(w, original);
        const vote = await w.helper.vote(id, w.alice, VoteType.For);
        const votedAt = await clockOf(vote);
        expect(votedAt).to.equal(original);
        await expect(vote)
          .to.emit(w.governor, "ProposalExtended")
          .withArgs(id, votedAt + extension);
        expect(await w.governor.proposalDeadline(id)).to.equal(votedAt + extension);
        expect((await w.governor.proposalDeadline(id)) - votedAt).to.be.gte(extension);

        await w.helper.advanceTo(original + 1n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);
        await w.helper.advanceTo(votedAt + extension);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);
        await w.helper.advanceTo(votedAt + extension + 1n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
      });

      it("I14 late quorum: a proposal that reaches quorum early keeps its original deadline (no ProposalExtended)", async function () {
        const w = await world();
        const { id } = await w.helper.propose(await simpleProposal(w, "Early quorum"), w.proposer);
        const original = await w.governor.proposalDeadline(id);
        await w.helper.waitForSnapshot(id);
        await expect(w.helper.vote(id, w.alice, VoteType.For)).not.to.emit(w.governor, "ProposalExtended");
        expect(await w.governor.proposalDeadline(id)).to.equal(original);
        await w.helper.advanceTo(original + 1n);
        expect(await w.governor.state(id)).to.equal(ProposalState.Succeeded);
      });

      it("I14 late quorum: boundary — quorum exactly lateQuorumVoteExtension before the deadline does not extend; one unit later extends by one unit", async function () {
        const w = await world();
        const extension = await w.governor.lateQuorumVoteExtension();
        const { id: first } = await w.helper.propose(
          await simpleProposal(w, "Boundary: at deadline - E", 1n),
          w.proposer,
        );
        const { id: second } = await w.helper.propose(
          await simpleProposal(w, "Boundary: at deadline - E + 1", 2n),
          w.proposer,
        );
        const firstDeadline = await w.governor.proposalDeadline(first);
        const secondDeadline = await w.governor.proposalDeadline(second);

        await nextTxAt(w, firstDeadline - extension);
        const atBoundary = await w.helper.vote(first, w.alice);
        expect(await clockOf(atBoundary)).to.equal(firstDeadline - extension);
        await expect(atBoundary).not.to.emit(w.governor, "ProposalExtended");
        expect(await w.governor.proposalDeadline(first)).to.equal(firstDeadline);

        await nextTxAt(w, secondDeadline - extension + 1n);
        const pastBoundary = await w.helper.vote(second, w.alice);
        expect(await clockOf(pastBoundary)).to.equal(secondDeadline - extension + 1n);
        await expect(pastBoundary)
          .to.emit(w.governor, "ProposalExtended")
          .withArgs(second, secondDeadline + 1n);
        expect(await w.governor.proposalDeadline(second)).to.equal(secondDeadline + 1n);
      });

      it("I14 late quorum: inside the extended window an Against swing still defeats a proposal that had quorum and a For majority at the original deadline", async function () {
        const w = await world();
        const extension = await w.governor.lateQuorumVoteExtension();
        const { id } = await w.helper.propose(await simpleProposal(w, "Late swing"), w.proposer);
        const original = await w.governor.proposalDeadline(id);
        await w.helper.waitForSnapshot(id);
        await w.helper.vote(id, w.bob, VoteType.For); // 300k: below quorum

        // carol's 100k reaches the 400k quorum at the last moment.
        await nextTxAt(w, original);
        const quorumVote = await w.helper.vote(id, w.carol, VoteType.For);
        const quorumAt = await clockOf(quorumVote);
        await expect(quorumVote)
          .to.emit(w.governor, "ProposalExtended")
          .withArgs(id, quorumAt + extension);

        // Past the original deadline it would have Succeeded; it is still Active.
        await w.helper.advanceTo(original + 1n);
        expect(await tally(w, id)).to.deep.equal([0n, ALLOCATION.bob + ALLOCATION.carol, 0n]);
        expect(await w.governor.state(id)).to.equal(ProposalState.Active);

        // alice objects within the window; the deadline is extended only once.
        const swing = await w.helper.vote(id, w.alice, VoteType.Against);
        expect(await clockOf(swing)).to.be.gt(original);
        await expect(swing).not.to.emit(w.governor, "ProposalExtended");
        await expect(swing)
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.Against, ALLOCATION.alice, "");
        expect(await w.governor.proposalDeadline(id)).to.equal(quorumAt + extension);
        expect((await w.governor.proposalDeadline(id)) - quorumAt).to.equal(extension);

        await w.helper.waitForDeadline(id);
        expect(await w.governor.state(id)).to.equal(ProposalState.Defeated);
      });
    });

    describe("I11 outcome stability", function () {
      it("I11 outcome stability: a proposal whose snapshot precedes a quorum/period change keeps its quorum and deadline; one still Pending at the change keeps them too (S6: a change takes effect after the snapshots of proposals created before it)", async function () {
        const w = await world();
        const d = governanceParams(mode);
        const g = w.governor.interface;
        const change = buildProposal(
          [
            await onGovernor(w, g.encodeFunctionData("updateQuorumNumerator", [10n])),
            await onGovernor(w, g.encodeFunctionData("setVotingPeriod", [d.votingPeriod * 2n])),
          ],
          "Quorum 10 %, voting period doubled",
        );
        const { id: changeId } = await w.helper.propose(change, w.proposer);
        await w.helper.waitForSnapshot(changeId);
        await w.helper.vote(changeId, w.alice);
        await w.helper.waitForDeadline(changeId);
        await w.helper.queue(change);

        // `old`: Active (snapshot passed) when the change executes; alice alone (600k) passes the old 400k quorum.
        const { id: oldId } = await w.helper.propose(
          await simpleProposal(w, "Before the change: active", 1n),
          w.proposer,
        );
        await w.helper.waitForSnapshot(oldId);
        await w.helper.vote(oldId, w.alice);
        await w.helper.waitForEta(changeId);
        // `pending`: created before the change, snapshot after it.
        const { id: pendingId } = await w.helper.propose(
          await simpleProposal(w, "Before the change: pending", 2n),
          w.proposer,
        );
        const executed = await w.helper.execute(change);
        const changedAt = await clockOf(executed);
        await expect(executed).to.emit(w.governor, "QuorumNumeratorUpdated").withArgs(4n, 10n);
        const oldSnapshot = await w.governor.proposalSnapshot(oldId);
        const pendingSnapshot = await w.governor.proposalSnapshot(pendingId);
        expect(oldSnapshot).to.be.lt(changedAt);
        expect(pendingSnapshot).to.be.gt(changedAt);
        expect(await w.governor.state(pendingId)).to.equal(ProposalState.Pending);

        // The numerator is scheduled after every snapshot of a proposal created up to the change: both read 4.
        expect(await w.governor["quorumNumerator(uint256)"](oldSnapshot)).to.equal(4n);
        expect(await w.governor["quorumNumerator(uint256)"](pendingSnapshot)).to.equal(4n);
        expect(await w.governor.quorum(oldSnapshot)).to.equal(gov(400_000));

        // `old` keeps its deadline and quorum: Succeeded with 600k although 600k < the new 1M quorum.
        expect(await w.governor.proposalDeadline(oldId)).to.equal(oldSnapshot + d.votingPeriod);
        await w.helper.waitForDeadline(oldId);
        expect(await w.governor.state(oldId)).to.equal(ProposalState.Succeeded);

        // `pending` keeps the voting period and the quorum it was created with: alice's 600k passes the old 400k.
        expect(await w.governor.proposalDeadline(pendingId)).to.equal(pendingSnapshot + d.votingPeriod);
        await w.helper.waitForSnapshot(pendingId);
        expect(await w.governor.quorum(pendingSnapshot)).to.equal(gov(400_000));
        await w.helper.vote(pendingId, w.alice);
        await w.helper.waitForDeadline(pendingId);
        expect(await tally(w, pendingId)).to.deep.equal([0n, ALLOCATION.alice, 0n]);
        expect(await w.governor.state(pendingId)).to.equal(ProposalState.Succeeded);

        // A proposal created after the change gets the new period and the new quorum.
        const { id: newId } = await w.helper.propose(await simpleProposal(w, "After the change", 3n), w.proposer);
        const newSnapshot = await w.governor.proposalSnapshot(newId);
        expect((await w.governor.proposalDeadline(newId)) - newSnapshot).to.equal(d.votingPeriod * 2n);
        expect(await w.governor["quorumNumerator(uint256)"](newSnapshot)).to.equal(10n);
      });
    });
  });
}
