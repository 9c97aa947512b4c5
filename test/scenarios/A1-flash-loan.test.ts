import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";

import {
  buildProposal,
  COMMON_WORLD,
  gov,
  governanceParams,
  governorParamsStruct,
  GovernorHelper,
  VoteType,
  type ClockMode,
} from "../../lib";
import {
  FlashBorrower__Mock__factory,
  PolycentricGovernor__factory,
  PolycentricTokenBlockClockFlashMint__Mock__factory,
  PolycentricTokenFlashMint__Mock__factory,
  TimelockController__factory,
  type PolycentricTokenFlashMint__Mock,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

/**
 * THREATS A1, flash-loan and short-borrow voting, against PolycentricGovernor (no identity registry) on a governance
 * token that flash-mints itself (ERC-3156 via OpenZeppelin's ERC20FlashMint): the common world's 10M supply, a
 * community holder with 300,000 GOV who proposes, the production cap (2 %) and holding period (1 day), or H = 0.
 *
 * (a) In ONE transaction a borrower contract flash-mints 6,000,000 GOV, delegates them to itself, proposes a treasury
 *     drain and votes on an Active proposal, then repays: propose reverts (the threshold is read at clock() − 1) and
 *     the vote counts 0 (votes are read at the snapshot).
 * (b) After an honest proposal is created, the attacker borrows 3,000,000 GOV from a lender at snapshot − 1, holds
 *     it 2 clock units (seconds or blocks) and returns it, then votes Against: with H ≥ 1 day it counts 0; with H = 0
 *     it counts min(3,000,000, cap) = 200,000 (the documented H = 0 exposure: the cap bounds it, only H removes it;
 *     its cost is the borrow fee).
 */

const FLASH = gov(6_000_000);
const BORROW = gov(3_000_000);
const HONEST = gov(150_000);
const PROPOSER = gov(30_000);
const CAP = (COMMON_WORLD.totalSupply * COMMON_WORLD.capFractionBps) / 10_000n;
const THRESHOLD = gov(25_000);

async function deployA1World(mode: ClockMode, holding: "production" | "none") {
  const [deployer, honest, proposer, attacker] = await hre.ethers.getSigners();
  const token = (await (
    mode === "timestamp"
      ? new PolycentricTokenFlashMint__Mock__factory(deployer)
      : new PolycentricTokenBlockClockFlashMint__Mock__factory(deployer)
  ).deploy("Polycentric", "GOV", deployer.address, COMMON_WORLD.totalSupply)) as PolycentricTokenFlashMint__Mock;
  const timelock = await new TimelockController__factory(deployer).deploy(
    COMMON_WORLD.timelockDelay,
    [],
    [],
    deployer.address,
  );
  const params = governanceParams(
    mode,
    COMMON_WORLD.totalSupply,
    holding === "none" ? { holdingPeriod: 0n, minHoldingPeriod: 0n } : {},
  );
  const governor = await new PolycentricGovernor__factory(deployer).deploy(
    token,
    timelock,
    hre.ethers.ZeroAddress,
    false,
    governorParamsStruct(params),
    hre.ethers.ZeroAddress,
    hre.ethers.ZeroAddress,
  );
  await token.transfer(honest.address, HONEST);
  await token.connect(honest).delegate(honest.address);
  await token.transfer(proposer.address, PROPOSER);
  await token.connect(proposer).delegate(proposer.address);
  await token.connect(attacker).delegate(attacker.address);
  const borrower = await new FlashBorrower__Mock__factory(attacker).deploy();
  const helper = await GovernorHelper.create(governor, deployer);
  await helper.advanceBy(params.holdingPeriod + 1n);
  return { mode, token, timelock, governor, helper, deployer, honest, proposer, attacker, borrower, params };
}

async function a1TimestampProduction() {
  return deployA1World("timestamp", "production");
}
async function a1TimestampNoHolding() {
  return deployA1World("timestamp", "none");
}
async function a1BlocknumberProduction() {
  return deployA1World("blocknumber", "production");
}
async function a1BlocknumberNoHolding() {
  return deployA1World("blocknumber", "none");
}
const A1_FIXTURES = {
  timestamp: { production: a1TimestampProduction, none: a1TimestampNoHolding },
  blocknumber: { production: a1BlocknumberProduction, none: a1BlocknumberNoHolding },
} as const;
type A1World = Awaited<ReturnType<typeof deployA1World>>;

/** An honest proposal, Active (latest block at snapshot + 1) unless `open` is false. */
async function honestProposal(w: A1World, open = true) {
  const p = buildProposal([{ target: w.honest.address, value: 0n }], "A1: an honest proposal");
  const { id } = await w.helper.propose(p, w.proposer);
  if (open) await w.helper.waitForSnapshot(id);
  return { id, snapshot: await w.governor.proposalSnapshot(id) };
}

/** Makes the next transaction land at clock `timepoint`. */
async function nextTxAt(w: A1World, timepoint: bigint) {
  if (w.mode === "timestamp") await time.setNextBlockTimestamp(timepoint);
  else await mine(timepoint - 1n - (await w.helper.clock()));
}

for (const mode of CLOCK_MODES) {
  describe(`A1 flash-loan and short-borrow voting (THREATS A1, ${mode} clock)`, function () {
    it("A1 (a) a one-transaction ERC-3156 flash mint of 6M: propose reverts GovernorInsufficientProposerVotes, the vote counts 0", async function () {
      const w = await loadFixture(A1_FIXTURES[mode].production);
      const { id } = await honestProposal(w);
      const drain = buildProposal(
        [
          {
            target: await w.token.getAddress(),
            data: w.token.interface.encodeFunctionData("transfer", [w.attacker.address, gov(2_000_000)]),
          },
        ],
        "A1a: drain",
      );
      const supply = await w.token.totalSupply();
      const tx = w.borrower.connect(w.attacker).flashMint(w.token, w.token, FLASH, w.governor, drain, id, VoteType.For);
      const proposeError = w.governor.interface.encodeErrorResult("GovernorInsufficientProposerVotes", [
        await w.borrower.getAddress(),
        0n,
        THRESHOLD,
      ]);
      await expect(tx)
        .to.emit(w.borrower, "FlashProposeResult")
        .withArgs(false, 0n, proposeError, FLASH)
        .and.to.emit(w.borrower, "FlashVoteResult")
        .withArgs(true, 0n, "0x", FLASH)
        .and.to.emit(w.governor, "VoteCast")
        .withArgs(await w.borrower.getAddress(), id, VoteType.For, 0n, "");
      // The loan was minted and burnt inside the transaction; nothing was counted.
      expect(await w.token.totalSupply()).to.equal(supply);
      expect(await w.token.balanceOf(await w.borrower.getAddress())).to.equal(0n);
      expect(await w.governor.proposalRawVotes(id)).to.deep.equal([0n, 0n, 0n]);
      // I10: the proposal threshold was read at clock() − 1, before the loan existed.
      const borrower = await w.borrower.getAddress();
      expect(await w.governor.getVotes(borrower, (await w.helper.clock()) - 1n)).to.equal(0n);
    });

    it("A1 (b) a 3M borrow held 2 clock units across the snapshot counts 0 with the 1-day holding period", async function () {
      const w = await loadFixture(A1_FIXTURES[mode].production);
      expect(w.params.holdingPeriod).to.equal(mode === "timestamp" ? 86_400n : 7_200n);
      const { id, snapshot } = await honestProposal(w, false);
      await nextTxAt(w, snapshot - 1n);
      await w.token.transfer(w.attacker.address, BORROW);
      await nextTxAt(w, snapshot + 1n);
      await w.token.connect(w.attacker).transfer(w.deployer.address, BORROW);
      await w.helper.waitForSnapshot(id);
      expect(await w.token.getPastVotes(w.attacker.address, snapshot)).to.equal(BORROW);
      expect(await w.governor.countedVotes(w.attacker.address, snapshot)).to.deep.equal([0n, BORROW, 0n, CAP]);
      await expect(w.governor.connect(w.attacker).castVote(id, VoteType.Against))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.attacker.address, id, BORROW, 0n)
        .and.to.emit(w.governor, "VoteCast")
        .withArgs(w.attacker.address, id, VoteType.Against, 0n, "");
      // The honest holder, aged, counts in full and wins.
      await w.helper.vote(id, w.honest, VoteType.For);
      expect(await w.governor.proposalRawVotes(id)).to.deep.equal([0n, HONEST, 0n]);
    });

    it("A1 (b) with H = 0 the same borrow counts min(3M, cap) = 200,000: the cap bounds it, only the holding period removes it", async function () {
      const w = await loadFixture(A1_FIXTURES[mode].none);
      expect(await w.governor.holdingPeriod()).to.equal(0n);
      const { id, snapshot } = await honestProposal(w, false);
      await nextTxAt(w, snapshot - 1n);
      await w.token.transfer(w.attacker.address, BORROW);
      await nextTxAt(w, snapshot + 1n);
      await w.token.connect(w.attacker).transfer(w.deployer.address, BORROW);
      await w.helper.waitForSnapshot(id);
      // With H = 0 the aged term is the raw power itself.
      expect(await w.governor.countedVotes(w.attacker.address, snapshot)).to.deep.equal([CAP, BORROW, BORROW, CAP]);
      await expect(w.governor.connect(w.attacker).castVote(id, VoteType.Against))
        .to.emit(w.governor, "VoteCapped")
        .withArgs(w.attacker.address, id, BORROW, CAP);
      expect(await w.governor.proposalRawVotes(id)).to.deep.equal([CAP, 0n, 0n]);
    });
  });
}
