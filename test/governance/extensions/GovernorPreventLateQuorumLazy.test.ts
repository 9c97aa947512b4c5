import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { gov, type ClockMode } from "../../../lib";
import {
  GovernorLazyLateQuorum__Mock__factory,
  GovernorStockLateQuorum__Mock__factory,
  PolycentricToken__factory,
  PolycentricTokenBlockClock__Mock__factory,
  type GovernorLazyLateQuorum__Mock,
  type GovernorStockLateQuorum__Mock,
  type PolycentricToken,
} from "../../../typechain-types";
import { CLOCK_MODES } from "../../fixtures";
import { propertyRuns } from "../../fixtures/effort";

// Small numbers keep the windows short: delay 5, period 60, extension up to the period; quorum 4 % of 1,000.
const VOTING_DELAY = 5n;
const VOTING_PERIOD = 60n;
// Quorum is 4 % of a 1,000 supply = 40: two or three For/Abstain voters reach it, so runs cover quorum reached
// before the window, inside it, and never.
const HOLDINGS = [gov(20), gov(15), gov(12), gov(8), gov(5), gov(3)];

interface Pair {
  token: PolycentricToken;
  stock: GovernorStockLateQuorum__Mock;
  lazy: GovernorLazyLateQuorum__Mock;
  voters: HardhatEthersSigner[];
  mode: ClockMode;
}

async function deployPair(mode: ClockMode, extension: bigint): Promise<Pair> {
  const [deployer, ...rest] = await hre.ethers.getSigners();
  const voters = rest.slice(0, HOLDINGS.length);
  const tokenFactory =
    mode === "timestamp"
      ? new PolycentricToken__factory(deployer)
      : new PolycentricTokenBlockClock__Mock__factory(deployer);
  const token = (await tokenFactory.deploy("T", "T", deployer.address, gov(1_000))) as PolycentricToken;
  const args = [token, VOTING_DELAY, VOTING_PERIOD, 4n, extension] as const;
  const stock = await new GovernorStockLateQuorum__Mock__factory(deployer).deploy(...args);
  const lazy = await new GovernorLazyLateQuorum__Mock__factory(deployer).deploy(...args);
  for (const [i, voter] of voters.entries()) {
    await token.transfer(voter.address, HOLDINGS[i]!);
    await token.connect(voter).delegate(voter.address);
  }
  return { token, stock, lazy, voters, mode };
}

/** Sends one transaction to each governor and mines them into the same block, `gap` clock units later. */
async function sameBlock(mode: ClockMode, gap: number, send: () => Promise<unknown>[]): Promise<void> {
  await hre.network.provider.send("evm_setAutomine", [false]);
  try {
    if (mode === "blocknumber" && gap > 1) await mine(gap - 1);
    // With automine off a send resolves once the transaction is in the mempool: all are in before we mine.
    for (const tx of send()) await tx;
    if (mode === "timestamp") await time.setNextBlockTimestamp((await time.latest()) + Math.max(gap, 1));
    await mine();
  } finally {
    await hre.network.provider.send("evm_setAutomine", [true]);
  }
}

async function extendedEvents(g: GovernorStockLateQuorum__Mock | GovernorLazyLateQuorum__Mock, block: number) {
  const logs = await g.queryFilter(g.filters.ProposalExtended(), block, block);
  return logs.map((l) => [l.args.proposalId, l.args.extendedDeadline]);
}

// Biased towards For and short gaps, so that quorum is often reached, sometimes early and sometimes late.
const step = fc.record({
  gap: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 30 })),
  voter: fc.nat({ max: HOLDINGS.length - 1 }),
  support: fc.constantFrom(1, 1, 1, 2, 0),
  newExtension: fc.option(fc.integer({ min: 0, max: Number(VOTING_PERIOD) }), { freq: 5 }),
});

for (const mode of CLOCK_MODES) {
  describe(`GovernorPreventLateQuorumLazy (${mode} clock)`, function () {
    const fixtures = new Map<bigint, () => Promise<Pair>>();
    const pairWith = (extension: bigint) => {
      if (!fixtures.has(extension)) {
        const fixture = async () => deployPair(mode, extension);
        Object.defineProperty(fixture, "name", { value: `lateQuorum_${mode}_${extension}` });
        fixtures.set(extension, fixture);
      }
      return loadFixture(fixtures.get(extension)!);
    };

    it("I14 late quorum (differential): deadlines, states and ProposalExtended events equal OpenZeppelin's for random vote sequences", async function () {
      this.timeout(240_000);
      const seen = { extended: 0, earlyQuorum: 0, noQuorum: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(0n, 10n, 25n, VOTING_PERIOD),
          fc.array(step, { minLength: 4, maxLength: 14 }),
          async (extension, steps) => {
            const { stock, lazy, voters } = await pairWith(extension);
            const target = voters[0]!.address;
            const description = `proposal ${extension}`;
            await sameBlock(mode, 1, () => [
              stock.propose([target], [0n], ["0x"], description),
              lazy.propose([target], [0n], ["0x"], description),
            ]);
            const id = await stock.hashProposal([target], [0n], ["0x"], hre.ethers.id(description));
            await mine(Number(VOTING_DELAY) + 1);

            const voted = new Set<number>();
            for (const s of steps) {
              if ((await stock.state(id)) !== 1n) break; // voting closed on the reference
              if (s.newExtension !== null) {
                await sameBlock(mode, 1, () => [
                  stock.setExtensionForTest(s.newExtension!),
                  lazy.setExtensionForTest(s.newExtension!),
                ]);
              }
              if (voted.has(s.voter)) continue;
              voted.add(s.voter);
              const voter = voters[s.voter]!;
              await sameBlock(mode, s.gap, () => [
                stock.connect(voter).castVote(id, s.support),
                lazy.connect(voter).castVote(id, s.support),
              ]);
              const block = await time.latestBlock();
              expect(await lazy.proposalDeadline(id)).to.equal(await stock.proposalDeadline(id));
              expect(await lazy.state(id)).to.equal(await stock.state(id));
              expect(await extendedEvents(lazy, block)).to.deep.equal(await extendedEvents(stock, block));
            }
            await mine(Number(VOTING_PERIOD) * 3);
            expect(await lazy.proposalDeadline(id)).to.equal(await stock.proposalDeadline(id));
            expect(await lazy.state(id)).to.equal(await stock.state(id));

            const [, forVotes, abstain] = await stock.proposalVotes(id);
            const reached = forVotes + abstain >= (await stock.quorum(await stock.proposalSnapshot(id)));
            const original = (await stock.proposalSnapshot(id)) + VOTING_PERIOD;
            if ((await stock.proposalDeadline(id)) > original) seen.extended += 1;
            else if (reached) seen.earlyQuorum += 1;
            else seen.noQuorum += 1;
          },
        ),
        { numRuns: propertyRuns(80, 40) },
      );
      // The property is only as good as the paths it reached: each must have occurred.
      expect(seen.extended, JSON.stringify(seen)).to.be.greaterThan(0);
      expect(seen.earlyQuorum, JSON.stringify(seen)).to.be.greaterThan(0);
      expect(seen.noQuorum, JSON.stringify(seen)).to.be.greaterThan(0);
    });

    it("I14 late quorum: a quorum reached in the window extends once to clock + extension; an early quorum never extends", async function () {
      const { lazy, voters } = await pairWith(20n);
      const target = voters[0]!.address;
      await lazy.propose([target], [0n], ["0x"], "late");
      const late = await lazy.hashProposal([target], [0n], ["0x"], hre.ethers.id("late"));
      await lazy.propose([target], [0n], ["0x"], "early");
      const early = await lazy.hashProposal([target], [0n], ["0x"], hre.ethers.id("early"));
      await mine(Number(VOTING_DELAY) + 1);

      // Early: 20 + 15 + 12 = 47 ≥ 40 reaches quorum well before the window.
      for (const v of voters.slice(0, 3)) await lazy.connect(v).castVote(early, 1);
      const earlyDeadline = await lazy.proposalDeadline(early);

      // Late: move into the last 20 units, then reach quorum with the same voters.
      const deadline = await lazy.proposalDeadline(late);
      const clock = async () => BigInt(mode === "timestamp" ? await time.latest() : await time.latestBlock());
      const toWindow = deadline - 10n - (await clock());
      if (mode === "timestamp") await time.increase(toWindow);
      else await mine(toWindow);
      for (const v of voters.slice(0, 2)) await lazy.connect(v).castVote(late, 1);
      const tx = await lazy.connect(voters[2]!).castVote(late, 1);
      const at = await clock();
      await expect(tx)
        .to.emit(lazy, "ProposalExtended")
        .withArgs(late, at + 20n);
      expect(await lazy.proposalDeadline(late)).to.equal(at + 20n);
      // The early proposal was never extended, even by votes cast inside its window.
      await lazy.connect(voters[5]!).castVote(early, 0);
      expect(await lazy.proposalDeadline(early)).to.equal(earlyDeadline);
      // And a vote after the extension does not extend again.
      await expect(lazy.connect(voters[5]!).castVote(late, 0)).not.to.emit(lazy, "ProposalExtended");
    });

    it("keeps OpenZeppelin's bound and events for the extension setting", async function () {
      const { lazy } = await pairWith(20n);
      await expect(lazy.setExtensionForTest(VOTING_PERIOD + 1n))
        .to.be.revertedWithCustomError(lazy, "GovernorPreventLateQuorumVoteExtensionTooLarge")
        .withArgs(VOTING_PERIOD + 1n, VOTING_PERIOD);
      await expect(lazy.setExtensionForTest(30n)).to.emit(lazy, "LateQuorumVoteExtensionSet").withArgs(20n, 30n);
      await expect(lazy.setLateQuorumVoteExtension(1n))
        .to.be.revertedWithCustomError(lazy, "GovernorOnlyExecutor")
        .withArgs((await hre.ethers.getSigners())[0]!.address);
    });
  });
}
