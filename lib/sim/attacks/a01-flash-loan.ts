/**
 * A1 flash-loan and short-borrow voting.
 *
 * (a) flash: a FlashBorrower__Mock, in ONE transaction, borrows from the world's lendable supply (the undelegated
 *     float on the deployer, who approved it), delegates to itself, tries to propose a treasury drain and to vote on
 *     an Active honest proposal, and repays. Expected on both systems: `propose` reverts with
 *     GovernorInsufficientProposerVotes (the threshold is read at clock() − 1) and the vote counts 0 (I10).
 * (b) short borrow across the snapshot: after an honest proposal is created, the attacker EOA (self-delegated in
 *     advance) borrows at snapshot − 1, returns at snapshot + 1 (held 2 seconds), then votes Against. OpenZeppelin
 *     reads votes at the snapshot, so on the baseline the borrowed weight counts (the documented OpenZeppelin
 *     default; its cost is the borrow fee, 0 here: the lender charges nothing). Polycentric counts
 *     min(votes(s), votes(s − H), cap) with the holding period H = 1 day: the attacker had nothing H before the
 *     snapshot, so the borrowed weight counts 0 (and a {VoteCapped} event records the raw power it refused).
 *
 * The borrowed amount is drawn per seed in [25,000, 500,000] GOV (500,000 is the whole float: in a 10M world where
 * 9.5M are allocated, THREATS' 6M pool does not exist; the outcome does not depend on the amount).
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { MaxUint256, parseEther } from "ethers";

import { FlashBorrower__Mock__factory, type FlashBorrower__Mock } from "../../../typechain-types";
import { VoteType } from "../../enums";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { decodeRevertData, errorName, RunContext } from "../context";
import { prngFor } from "../prng";
import { drainProposal, grantProposal, propose, vote, voteWeightOf } from "../recipes";
import type { AttackRun } from "../types";
import type { World } from "../world";

export const A1_VARIANTS = { flash: "a-flash", borrow: "b-borrow-across-snapshot" } as const;

const borrowers = new WeakMap<World, FlashBorrower__Mock>();

export const A1: AttackModule = {
  id: "A1",
  title: "Flash-loan and short-borrow voting",
  guarantee:
    "(a) a one-block borrow cannot propose (GovernorInsufficientProposerVotes) and votes with weight 0; (b) weight 0 " +
    "for tokens borrowed across the snapshot (Polycentric: holding period H ≥ 1 day), or the OpenZeppelin default is " +
    "documented and its cost measured (baseline)",
  status: "covered",
  primaryVariant: A1_VARIANTS.borrow,

  async prepare(world) {
    await world.extend("A1", async () => {
      const { deployer } = world.agents;
      const borrower = await new FlashBorrower__Mock__factory(deployer).deploy();
      await borrower.waitForDeployment();
      for (const sys of world.list) await sys.token.connect(deployer).approve(await borrower.getAddress(), MaxUint256);
      borrowers.set(world, borrower);
      return [await borrower.getAddress()];
    });
  },

  async run(world, seed) {
    const borrower = borrowers.get(world);
    if (!borrower) throw new Error("A1: prepare() was not run on this world");
    const prng = prngFor("A1", seed);
    const amount = gov(prng.int(25_000, 500_000));
    const { deployer, attacker, community } = world.agents;
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const a = new RunContext(sys, seed);
      const b = new RunContext(sys, seed);
      const honest = grantProposal(community[1]!.address, parseEther("1"), `A1 honest grant, seed ${seed}`);
      const { id } = await propose(b, community[0]!, honest, { honest: true });
      const snapshot = await sys.governor.proposalSnapshot(id);

      // (b) borrow at snapshot − 1, return at snapshot + 1.
      await time.setNextBlockTimestamp(snapshot - 1n);
      await b.tx("borrow (snapshot − 1)", sys.token.connect(deployer).transfer(attacker.address, amount));
      await time.setNextBlockTimestamp(snapshot + 1n);
      await b.tx("repay (snapshot + 1)", sys.token.connect(attacker).transfer(deployer.address, amount));

      // (a) one-transaction flash borrow while the honest proposal is Active.
      const drain = drainProposal(sys, await borrower.getAddress(), gov(2_000_000), `A1a flash drain, seed ${seed}`);
      const receipt = await a.tx(
        "flash borrow, propose, vote, repay",
        borrower
          .connect(attacker)
          .flash(sys.address.token, deployer.address, amount, sys.address.governor, drain, id, VoteType.For),
      );
      let proposed = false;
      let proposeError = "";
      let voted = false;
      let flashWeight = 0n;
      let voteError = "";
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== (await borrower.getAddress()).toLowerCase()) continue;
        const parsed = borrower.interface.parseLog(log);
        if (parsed?.name === "FlashProposeResult") {
          proposed = parsed.args[0] as boolean;
          if (!proposed) proposeError = decodeRevertData(parsed.args[2] as string);
        } else if (parsed?.name === "FlashVoteResult") {
          voted = parsed.args[0] as boolean;
          flashWeight = parsed.args[1] as bigint;
          if (!voted) voteError = decodeRevertData(parsed.args[2] as string);
        }
      }
      runs.push(
        a.result({
          success: proposed || flashWeight > 0n,
          measures: {
            variant: A1_VARIANTS.flash,
            borrowedGov: Number(amount / 10n ** 18n),
            proposeResult: proposed ? "proposed" : errorName(proposeError),
            voteResult: voted ? "counted" : errorName(voteError),
            voteWeight: flashWeight.toString(),
          },
        }),
      );

      // (b) the attacker votes Against with what it held at the snapshot.
      // The attacker's raw power at the snapshot (the token's votes) and what the governor counts.
      const raw = await sys.token.getPastVotes(attacker.address, snapshot);
      const voteReceipt = await vote(b, attacker, id, VoteType.Against);
      const counted = voteWeightOf(sys, voteReceipt);
      runs.push(
        b.result({
          success: counted > 0n,
          measures: {
            variant: A1_VARIANTS.borrow,
            borrowedGov: Number(amount / 10n ** 18n),
            heldSeconds: 2,
            borrowFee: 0,
            snapshotPower: raw.toString(),
            holdingPeriod: sys.polycentric ? Number(await sys.polycentric.holdingPeriod()) : 0,
            countedWeight: counted.toString(),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    return [
      `(a) one-block flash: ${countNote(runs, ofVariant(A1_VARIANTS.flash))} (propose reverts, vote weight 0)`,
      `(b) borrow held 2 s across the snapshot: ${countNote(runs, ofVariant(A1_VARIANTS.borrow))}; ` +
        "baseline: OpenZeppelin default (snapshot = creation + votingDelay), cost = borrow fee = 0; polycentric: " +
        "the holding period (H = 1 day) counts the borrowed power at the aged amount, 0",
    ];
  },
};
