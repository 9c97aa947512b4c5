/**
 * A16 quorum manipulation through supply.
 *
 * Neither token has a burn or mint entry point (checked on the ABI), so supply cannot move; the closest the
 * attacker gets is "bridging out": it buys X GOV (X drawn per seed in [100,000, 2,000,000]) and moves it to a bridge
 * escrow at snapshot − 1, then after the snapshot the bridge returns it and the attacker spreads it over random
 * holders while a small holder re-delegates. Success: the proposal's quorum (`quorum(snapshot)`), the supply at the
 * snapshot, or the total supply changed, or a burn/mint function exists.
 *
 * Measures: the quorum base. Quorum is 4 % of the *total* supply at the snapshot (400,000), while only the
 * delegated supply can vote (5,500,000 in the common world: the treasury's 4,000,000 and the 500,000 float never
 * vote), so the quorum is ≈ 7.3 % of the votable supply.
 */
import hre from "hardhat";
import { setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { parseEther, type Interface } from "ethers";

import { BaselineToken__factory, PolycentricToken__factory } from "../../../typechain-types";
import { gov } from "../../units";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { buy, grantProposal, propose } from "../recipes";
import type { AttackRun } from "../types";
import { extraAddress, WORLD_QUORUM, type World } from "../world";

const SUPPLY_FUNCTIONS = ["burn", "burnFrom", "mint", "mintTo"];
const bridges = new WeakMap<World, HardhatEthersSigner>();

function supplyFunctions(iface: Interface): string[] {
  const found: string[] = [];
  iface.forEachFunction((f) => {
    if (SUPPLY_FUNCTIONS.includes(f.name)) found.push(f.format());
  });
  return found;
}

export const A16: AttackModule = {
  id: "A16",
  title: "Quorum manipulation through supply",
  guarantee:
    "quorum is read at the snapshot on an explicit base (total supply); burn/mint/bridging after the snapshot changes nothing",
  status: "covered",

  async prepare(world) {
    const address = extraAddress("bridge", 0);
    await world.extend("A16", async () => {
      await setBalance(address, parseEther("1"));
      return [address];
    });
    bridges.set(world, await hre.ethers.getImpersonatedSigner(address));
  },

  async run(world, seed) {
    const bridge = bridges.get(world);
    if (!bridge) throw new Error("A16: prepare() was not run on this world");
    const bridgeAddress = bridge.address;
    const prng = prngFor("A16", seed);
    const amount = gov(prng.int(100_000, 2_000_000));
    const { attacker, community, small, delegates } = world.agents;
    const spread = [0, 1, 2].map(() => prng.pick(community));
    const redelegator = prng.pick(small);
    const newDelegate = prng.pick(delegates);
    const runs: AttackRun[] = [];
    await world.reset();
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      const iface =
        sys.label === "baseline"
          ? BaselineToken__factory.createInterface()
          : PolycentricToken__factory.createInterface();
      const supplyFns = supplyFunctions(iface);
      const supply0 = await sys.token.totalSupply();
      await buy(world, ctx, attacker.address, amount);
      const p = grantProposal(community[0]!.address, parseEther("1"), `A16 honest proposal, seed ${seed}`);
      const { id } = await propose(ctx, community[0]!, p, { honest: true });
      const snapshot = await sys.governor.proposalSnapshot(id);
      await time.setNextBlockTimestamp(snapshot - 1n);
      await ctx.tx("bridge out before the snapshot", sys.token.connect(attacker).transfer(bridgeAddress, amount));
      await sys.helper.waitForSnapshot(id);
      const quorum0 = await sys.governor.quorum(snapshot);
      const past0 = await sys.token.getPastTotalSupply(snapshot);
      const votable = sys.checker.delegatedSupply();

      await ctx.tx("bridge back after the snapshot", sys.token.connect(bridge).transfer(attacker.address, amount));
      for (const c of spread) {
        await ctx.tx("spread after the snapshot", sys.token.connect(attacker).transfer(c.address, amount / 3n));
      }
      await ctx.tx("re-delegate after the snapshot", sys.token.connect(redelegator).delegate(newDelegate.address));
      await time.increase(1);

      const quorum1 = await sys.governor.quorum(snapshot);
      const past1 = await sys.token.getPastTotalSupply(snapshot);
      const supply1 = await sys.token.totalSupply();
      const changed = quorum1 !== quorum0 || past1 !== past0 || supply1 !== supply0 || quorum0 !== WORLD_QUORUM;
      runs.push(
        ctx.result({
          success: changed || supplyFns.length > 0,
          attackerCost: { tokens: amount },
          measures: {
            bridgedGov: Number(amount / 10n ** 18n),
            quorumAtSnapshot: quorum0.toString(),
            quorumAfter: quorum1.toString(),
            supplyFunctions: supplyFns.join(" ") || "none",
            votableSupplyAtSnapshot: votable.toString(),
            quorumBpsOfVotable: Number((quorum0 * 10_000n) / votable),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const r = runs.find((x) => x.measures?.quorumBpsOfVotable !== undefined);
    return [
      countNote(runs),
      "no burn/mint on either token; quorum = 4 % of total supply at the snapshot" +
        (r ? ` (${Number(r.measures!.quorumBpsOfVotable) / 100} % of the delegated supply at the snapshot)` : ""),
    ];
  },
};
