/**
 * The guarded world of the policy's regression tests (S2, S3, S5, S12): the production suite with guardrails on,
 * holders funded, self-delegated and aged past the holding period. alice alone reaches the 4 % quorum; alice + bob
 * reach the 8 % super-quorum.
 */
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { deploySuite, gov, GovernorHelper, VoteType, type ClockMode, type Proposal, type Suite } from "../../lib";
import { CallReceiver__Mock__factory, type CallReceiver__Mock, type GovernancePolicy } from "../../typechain-types";

const HOLDINGS = { alice: gov(600_000), bob: gov(300_000), proposer: gov(30_000) } as const;

export interface PolicyWorld extends Suite {
  mode: ClockMode;
  policy: GovernancePolicy;
  helper: GovernorHelper;
  deployer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  proposer: HardhatEthersSigner;
  attacker: HardhatEthersSigner;
  receiver: CallReceiver__Mock;
}

async function deployPolicyWorld(mode: ClockMode): Promise<PolicyWorld> {
  const [deployer, alice, bob, proposer, attacker] = await hre.ethers.getSigners();
  const suite = await deploySuite(deployer!, {
    clockMode: mode,
    identity: "open",
    guardrails: true,
    // The top of the cap bounds, so every holding counts whole (caps are tested elsewhere).
    parameters: { PolycentricGovernance: { capFraction: 1_000n } },
  });
  const holders = { alice: alice!, bob: bob!, proposer: proposer! };
  for (const [name, signer] of Object.entries(holders)) {
    await suite.token.transfer(signer.address, HOLDINGS[name as keyof typeof holders]);
    await suite.token.connect(signer).delegate(signer.address);
  }
  const receiver = await new CallReceiver__Mock__factory(deployer!).deploy();
  const helper = await GovernorHelper.create(suite.governor, deployer!);
  await helper.advanceBy((await suite.governor.holdingPeriod()) + 1n);
  return {
    ...suite,
    policy: suite.policy!,
    mode,
    helper,
    deployer: deployer!,
    alice: alice!,
    bob: bob!,
    proposer: proposer!,
    attacker: attacker!,
    receiver,
  };
}

// loadFixture snapshots by function identity: one named function per clock mode.
async function policyWorldTimestamp() {
  return deployPolicyWorld("timestamp");
}
async function policyWorldBlocknumber() {
  return deployPolicyWorld("blocknumber");
}

export function policyWorld(mode: ClockMode): Promise<PolicyWorld> {
  return loadFixture(mode === "timestamp" ? policyWorldTimestamp : policyWorldBlocknumber);
}

/** Proposes, votes For with `voters`, and waits past the deadline. */
export async function pass(w: PolicyWorld, p: Proposal, voters: HardhatEthersSigner[]): Promise<bigint> {
  const { id } = await w.helper.propose(p, w.proposer);
  await w.helper.waitForSnapshot(id);
  for (const v of voters) await w.helper.vote(id, v, VoteType.For);
  await w.helper.waitForDeadline(id);
  await w.helper.expectState(id, "Succeeded");
  return id;
}
