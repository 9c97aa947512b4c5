import hre from "hardhat";
import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroHash, type TransactionReceipt } from "ethers";

import {
  buildProposal,
  COMMON_WORLD,
  deployBarePolycentricGovernor,
  deploySharedTimelock,
  descriptionHash,
  frontRunPropose,
  governanceParams,
  GovernorHelper,
  minedRevertData,
  ProposalState,
  proposalId,
  timelockOperationId,
  timelockSalt,
  VoteType,
  type ClockMode,
  type Proposal,
} from "../../lib";
import { CLOCK_MODES, QUADRATIC_WORLD_CAP_BPS, quadraticWorld, type QuadraticWorld } from "../fixtures";

/**
 * THREATS A17, proposal front-running and id collision, against the production quadratic governor (open identity
 * mode, guardrails off) in both clock modes.
 *
 * (1) Mempool front-running. With automining off, the honest proposer's `propose` waits in the mempool; the attacker
 *     reads it from the pending block and sends a byte-identical copy with a higher priority fee, so the copy is
 *     mined first (Hardhat orders its mempool by tip, as block builders do) and the attacker is the proposer of
 *     record. The attacker cancels it while Pending (OpenZeppelin lets a proposer do that), and since a proposal id is
 *     hash(targets, values, calldatas, descriptionHash) without the proposer, the honest content under that
 *     description can never be proposed again: `GovernorUnexpectedProposalState(id, Canceled, 0)`.
 *     Defence: OpenZeppelin's opt-in description suffix `#proposer=<address>`. A description ending with it can only
 *     be proposed by that address (`GovernorRestrictedProposer(caller)`), so the mempool copy reverts and the honest
 *     proposal passes and executes. The suffix is parsed strictly: it must be the last 52 characters.
 * (2) Two governors sharing one TimelockController queue byte-identical batches (same proposal id on both): no
 *     operation-id collision, because GovernorTimelockControl salts the batch with bytes20(governor) ^ descriptionHash
 *     (OpenZeppelin #4432); both operations are scheduled side by side and both execute.
 */

/**
 * The honest proposer's `propose(p)` (tip 1 gwei) and the attacker's mempool copy (tip 2 gwei) in one block
 * (lib/mempool.ts); the copy is mined first.
 */
async function frontRun(
  w: QuadraticWorld,
  p: Proposal,
  honest: HardhatEthersSigner,
  attacker: HardhatEthersSigner,
): Promise<{ honest: TransactionReceipt; attacker: TransactionReceipt }> {
  const out = await frontRunPropose(hre.ethers.provider, await w.governor.getAddress(), p, honest, attacker);
  // One block; the higher tip first.
  expect(out.attacker.blockNumber).to.equal(out.honest.blockNumber);
  expect(out.attacker.index).to.be.lessThan(out.honest.index);
  expect(out.attackerFirst).to.equal(true);
  return out;
}

/** The custom error a mined transaction reverted with, decoded with the governor's ABI. */
async function governorError(w: QuadraticWorld, receipt: TransactionReceipt): Promise<[string, unknown[]]> {
  expect(receipt.status).to.equal(0);
  const decoded = w.governor.interface.parseError(await minedRevertData(hre.ethers.provider, receipt.hash));
  if (decoded === null) throw new Error(`transaction ${receipt.hash} reverted with an unknown error`);
  return [decoded.name, [...decoded.args]];
}

async function receiverProposal(w: QuadraticWorld, description: string, argument = 17n): Promise<Proposal> {
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

/** Latest block one unit after the deadline of `id`, voted For by alice alone (600,000 GOV ≥ the 400,000 quorum). */
async function passWithAlice(w: QuadraticWorld, helper: GovernorHelper, id: bigint): Promise<void> {
  await helper.waitForSnapshot(id);
  await helper.vote(id, w.alice, VoteType.For);
  await helper.waitForDeadline(id);
  await helper.expectState(id, "Succeeded");
}

/** Two PolycentricGovernors on the world's token sharing one TimelockController, admin renounced. */
async function deploySharedTimelockPair(w: QuadraticWorld, mode: ClockMode) {
  // The world's cap (10 %), so that alice's 600,000 GOV reach the quorum alone, as on the world's own governor.
  const { timelock, governors } = await deploySharedTimelock(w.deployer, COMMON_WORLD.timelockDelay, (tl, i) =>
    deployBarePolycentricGovernor(
      w.deployer,
      w.token,
      tl,
      governanceParams(mode, COMMON_WORLD.totalSupply, {
        governorName: `Polycentric Governor ${i === 0 ? "A" : "B"}`,
        capFraction: QUADRATIC_WORLD_CAP_BPS,
      }),
    ),
  );
  const admin = await timelock.DEFAULT_ADMIN_ROLE();
  expect(await timelock.hasRole(admin, w.deployer.address)).to.equal(false);
  expect(await timelock.hasRole(admin, await timelock.getAddress())).to.equal(true);
  const helpers = await Promise.all(governors.map((g) => GovernorHelper.create(g, w.deployer)));
  return { timelock, governors, helpers };
}

for (const mode of CLOCK_MODES) {
  describe(`A17 proposal front-running / id collision (THREATS A17, ${mode} clock)`, function () {
    const world = () => quadraticWorld(mode, "open");

    afterEach(async function () {
      // Safety net: a failure inside a manual-mining section must not leave the network without automining.
      await hre.network.provider.send("evm_setAutomine", [true]);
    });

    it("A17 front-running: a higher-tip copy of the honest propose lands first and is cancelled while Pending; the identical honest proposal can never be created", async function () {
      const w = await world();
      const honest = w.proposer;
      const attacker = w.erin; // 40,000 GOV: above the 25,000 threshold
      const p = await receiverProposal(w, "A17: fund the grants programme");
      const id = proposalId(p);

      const mined = await frontRun(w, p, honest, attacker);
      expect(mined.attacker.status).to.equal(1);
      expect(await w.governor.proposalProposer(id)).to.equal(attacker.address);
      // The honest transaction ran second in the same block: the id was already taken, Pending.
      expect(await governorError(w, mined.honest)).to.deep.equal([
        "GovernorUnexpectedProposalState",
        [id, ProposalState.Pending, ZeroHash],
      ]);

      // Still Pending: the proposer of record may cancel, and does.
      expect(await w.governor.state(id)).to.equal(ProposalState.Pending);
      await expect(w.helper.cancel(p, attacker)).to.emit(w.governor, "ProposalCanceled").withArgs(id);
      expect(await w.governor.state(id)).to.equal(ProposalState.Canceled);

      // The honest content under this description is dead for everyone, the honest proposer included.
      for (const signer of [honest, w.alice]) {
        await expect(w.helper.propose(p, signer))
          .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
          .withArgs(id, ProposalState.Canceled, ZeroHash);
      }
    });

    it("A17 front-running: with the #proposer= suffix the honest proposal stays creatable; the attacker's mempool copy reverts GovernorRestrictedProposer(attacker) and the honest proposal passes and executes", async function () {
      const w = await world();
      const honest = w.proposer;
      const attacker = w.erin;
      // The attacker already burnt the plain description (propose + cancel while Pending).
      const plain = await receiverProposal(w, "A17: fund the grants programme");
      await w.helper.propose(plain, attacker);
      await w.helper.cancel(plain, attacker);
      await expect(w.helper.propose(plain, honest))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId(plain), ProposalState.Canceled, ZeroHash);

      // The honest proposer reserves the new description for itself.
      const suffixed = await receiverProposal(w, `${plain.description}#proposer=${honest.address}`);
      const id = proposalId(suffixed);
      expect(id).to.not.equal(proposalId(plain));
      await expect(w.helper.propose(suffixed, attacker))
        .to.be.revertedWithCustomError(w.governor, "GovernorRestrictedProposer")
        .withArgs(attacker.address);

      // The same race as before: the attacker's copy is mined first, and fails.
      const mined = await frontRun(w, suffixed, honest, attacker);
      expect(await governorError(w, mined.attacker)).to.deep.equal(["GovernorRestrictedProposer", [attacker.address]]);
      expect(mined.honest.status).to.equal(1);
      expect(await w.governor.proposalProposer(id)).to.equal(honest.address);
      await expect(w.helper.cancel(suffixed, attacker))
        .to.be.revertedWithCustomError(w.governor, "GovernorUnableToCancel")
        .withArgs(id, attacker.address);

      await passWithAlice(w, w.helper, id);
      await w.helper.queue(suffixed);
      await w.helper.waitForEta(id);
      await expect(w.helper.execute(suffixed))
        .to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(await w.timelock.getAddress(), 0n, 17n);
      expect(await w.governor.state(id)).to.equal(ProposalState.Executed);
      expect(await w.receiver.calls()).to.equal(1n);
    });

    it("A17 suffix parsing: the reservation holds for any letter case of the address, and only when #proposer=<address> ends the description", async function () {
      const w = await world();
      const honest = w.proposer;
      const attacker = w.erin;
      // The address is parsed as hex: lower case reserves the description as the checksummed form does.
      const lower = await receiverProposal(w, `A17: lower case#proposer=${honest.address.toLowerCase()}`);
      await expect(w.helper.propose(lower, attacker))
        .to.be.revertedWithCustomError(w.governor, "GovernorRestrictedProposer")
        .withArgs(attacker.address);
      const { id } = await w.helper.propose(lower, honest);
      expect(await w.governor.proposalProposer(id)).to.equal(honest.address);

      // Anything after the suffix (here one newline), or a suffix that is not 40 hex digits, reserves nothing:
      // OpenZeppelin documents both, and a client that writes them is not protected.
      const unprotected = [
        `A17: trailing newline#proposer=${honest.address}\n`,
        `A17: not an address#proposer=0x${"zz".repeat(20)}`,
      ];
      for (const description of unprotected) {
        const q = await receiverProposal(w, description);
        const created = await w.helper.propose(q, attacker);
        expect(await w.governor.proposalProposer(created.id)).to.equal(attacker.address);
      }
    });

    it("A17 shared timelock: two governors queue and execute the identical batch; the operation ids differ because the salt includes the governor (OZ #4432)", async function () {
      const w = await world();
      const { timelock, governors, helpers } = await deploySharedTimelockPair(w, mode);
      const [govA, govB] = governors as [(typeof governors)[number], (typeof governors)[number]];
      const [helperA, helperB] = helpers as [GovernorHelper, GovernorHelper];
      const p = await receiverProposal(w, "A17: the same batch on two governors", 42n);

      // Proposal ids do not include the governor: the same id on both.
      const { id: idA } = await helperA.propose(p, w.proposer);
      const { id: idB } = await helperB.propose(p, w.proposer);
      expect(idA).to.equal(idB);
      expect(await govA.proposalProposer(idA)).to.equal(w.proposer.address);
      expect(await govB.proposalProposer(idB)).to.equal(w.proposer.address);
      // B was proposed one block later: its window opens and closes last. Alice votes on both.
      await helperB.waitForSnapshot(idB);
      await helperA.vote(idA, w.alice, VoteType.For);
      await helperB.vote(idB, w.alice, VoteType.For);
      await helperB.waitForDeadline(idB);
      await helperA.expectState(idA, "Succeeded");
      await helperB.expectState(idB, "Succeeded");

      // Timelock operation ids do include it, through the salt.
      const addressA = await govA.getAddress();
      const addressB = await govB.getAddress();
      const saltA = timelockSalt(addressA, p.description);
      const saltB = timelockSalt(addressB, p.description);
      const opA = timelockOperationId(p, addressA);
      const opB = timelockOperationId(p, addressB);
      expect(saltA).to.not.equal(saltB);
      expect(opA).to.not.equal(opB);
      expect(await timelock.hashOperationBatch(p.targets, p.values, p.calldatas, ZeroHash, saltA)).to.equal(opA);
      expect(await timelock.hashOperationBatch(p.targets, p.values, p.calldatas, ZeroHash, saltB)).to.equal(opB);
      // Without the governor in the salt both would schedule this one id, and the second schedule would revert.
      const unsalted = await timelock.hashOperationBatch(
        p.targets,
        p.values,
        p.calldatas,
        ZeroHash,
        descriptionHash(p.description),
      );
      expect([opA, opB]).to.not.include(unsalted);

      await expect(helperA.queue(p)).to.emit(timelock, "CallSalt").withArgs(opA, saltA);
      await expect(helperB.queue(p)).to.emit(timelock, "CallSalt").withArgs(opB, saltB);
      expect(await timelock.isOperationPending(opA)).to.equal(true);
      expect(await timelock.isOperationPending(opB)).to.equal(true);
      expect(await govA.state(idA)).to.equal(ProposalState.Queued);
      expect(await govB.state(idB)).to.equal(ProposalState.Queued);

      await helperB.waitForEta(idB); // B was queued last: both are ready
      const timelockAddress = await timelock.getAddress();
      await expect(helperA.execute(p))
        .to.emit(timelock, "CallExecuted")
        .withArgs(opA, 0n, p.targets[0], 0n, p.calldatas[0])
        .and.to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(timelockAddress, 0n, 42n);
      await expect(helperB.execute(p))
        .to.emit(timelock, "CallExecuted")
        .withArgs(opB, 0n, p.targets[0], 0n, p.calldatas[0])
        .and.to.emit(w.receiver, "MockFunctionCalled")
        .withArgs(timelockAddress, 0n, 42n);
      expect(await timelock.isOperationDone(opA)).to.equal(true);
      expect(await timelock.isOperationDone(opB)).to.equal(true);
      expect(await govA.state(idA)).to.equal(ProposalState.Executed);
      expect(await govB.state(idB)).to.equal(ProposalState.Executed);
      expect(await w.receiver.calls()).to.equal(2n);
    });
  });
}
