/**
 * A19 signature and meta-transaction spoofing. Per seed, a random community holder signs an EIP-712 ballot that a
 * relayer submits with `castVoteBySig`, then the relayer tries to:
 *
 *   replay the same ballot (same nonce)          → must revert (the nonce is consumed)
 *   submit a ballot signed by X for voter Y       → must revert (signer bound to voter)
 *   submit a ballot signed for the other system's governor (cross-domain) → must revert (EIP-712 domain)
 *   replay a `delegateBySig` delegation           → must revert (InvalidAccountNonce)
 *
 * and the ABIs are checked for the ERC-2771 + Multicall combination (`isTrustedForwarder`, `multicall`) that lets a
 * forwarded call spoof `_msgSender()`. Success: any replay or spoof accepted.
 */
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther, Signature, type TypedDataDomain } from "ethers";

import { VoteType } from "../../enums";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import { prngFor } from "../prng";
import { grantProposal, propose } from "../recipes";
import type { AttackRun } from "../types";
import type { SimSystem } from "../world";

const BALLOT = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};
const DELEGATION = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

async function domainOf(contract: {
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]]>;
}): Promise<TypedDataDomain> {
  const [, name, version, chainId, verifyingContract] = await contract.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

function spoofableAbi(sys: SimSystem): string[] {
  const found: string[] = [];
  for (const [what, iface] of [
    ["token", sys.token.interface],
    ["governor", sys.governor.interface],
  ] as const) {
    iface.forEachFunction((f) => {
      if (f.name === "multicall" || f.name === "isTrustedForwarder") found.push(`${what}.${f.name}`);
    });
  }
  return found;
}

export const A19: AttackModule = {
  id: "A19",
  title: "Signature and meta-transaction spoofing",
  guarantee:
    "vote and delegation signatures are single-use (nonces), bound to the voter and to the governor's EIP-712 " +
    "domain; no ERC-2771 forwarder together with a self-delegatecall multicall",
  status: "covered",

  async run(world, seed) {
    const prng = prngFor("A19", seed);
    const { community, spare } = world.agents;
    const [signer, other, delegatee] = prng.shuffle(community.slice(1));
    const relayer = spare[0]!;
    const runs: AttackRun[] = [];
    await world.reset();
    const domains = new Map<string, TypedDataDomain>();
    for (const sys of world.list) domains.set(sys.label, await domainOf(sys.governor));
    for (const sys of world.list) {
      const ctx = new RunContext(sys, seed);
      const p = grantProposal(community[0]!.address, parseEther("1"), `A19 honest proposal, seed ${seed}`);
      const { id } = await propose(ctx, community[0]!, p, { honest: true });
      await sys.helper.waitForSnapshot(id);
      const g = sys.governor.connect(relayer);
      const domain = domains.get(sys.label)!;
      const ballot = async (by: typeof signer, voter: string, d: TypedDataDomain) =>
        by!.signTypedData(d, BALLOT, {
          proposalId: id,
          support: VoteType.For,
          voter,
          nonce: await sys.governor.nonces(voter),
        });

      const sig = await ballot(signer, signer!.address, domain);
      const first = await ctx.attempt("castVoteBySig", g.castVoteBySig(id, VoteType.For, signer!.address, sig));
      const replay = await ctx.attempt("castVoteBySig replay", g.castVoteBySig(id, VoteType.For, signer!.address, sig));
      const spoofSig = await ballot(signer, other!.address, domain);
      const spoof = await ctx.attempt(
        "castVoteBySig for another voter",
        g.castVoteBySig(id, VoteType.For, other!.address, spoofSig),
      );
      const otherDomain = [...domains.entries()].find(([label]) => label !== sys.label)![1];
      const crossSig = await ballot(other, other!.address, otherDomain);
      const cross = await ctx.attempt(
        "castVoteBySig from another governor's domain",
        g.castVoteBySig(id, VoteType.For, other!.address, crossSig),
      );

      const tokenDomain = await domainOf(sys.token);
      const expiry = BigInt(await time.latest()) + 86_400n;
      const nonce = await sys.token.nonces(signer!.address);
      const dsig = Signature.from(
        await signer!.signTypedData(tokenDomain, DELEGATION, { delegatee: delegatee!.address, nonce, expiry }),
      );
      const t = sys.token.connect(relayer);
      const delegated = await ctx.attempt(
        "delegateBySig",
        t.delegateBySig(delegatee!.address, nonce, expiry, dsig.v, dsig.r, dsig.s),
      );
      const dReplay = await ctx.attempt(
        "delegateBySig replay",
        t.delegateBySig(delegatee!.address, nonce, expiry, dsig.v, dsig.r, dsig.s),
      );

      const spoofable = spoofableAbi(sys);
      const res = (a: typeof first) => (a.ok ? "accepted" : a.name);
      runs.push(
        ctx.result({
          success: replay.ok || spoof.ok || cross.ok || dReplay.ok || spoofable.length === 2,
          measures: {
            firstBallot: res(first),
            ballotReplay: res(replay),
            ballotForAnotherVoter: res(spoof),
            ballotFromOtherGovernor: res(cross),
            firstDelegation: res(delegated),
            delegationReplay: res(dReplay),
            forwarderOrMulticall: spoofable.join(" ") || "none",
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const r = runs.find((x) => x.system === "polycentric");
    return [
      countNote(runs),
      r ? `replay → ${r.measures!.ballotReplay}; delegation replay → ${r.measures!.delegationReplay}` : "",
      "EIP-1271 wallets are not exercised (no smart-wallet voter in the world)",
    ].filter((x) => x !== "");
  },
};
