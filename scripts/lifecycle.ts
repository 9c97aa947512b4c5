/**
 * `npm run demo`: deploys the Polycentric suite through its Ignition module on the in-process Hardhat network,
 * audits the timelock wiring, and runs one full proposal lifecycle (Pending → Active → Succeeded → Queued →
 * Executed), printing every step. Exits non-zero if any step does not end where it should.
 */
import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  buildProposal,
  deploySuite,
  formatDuration,
  formatTimepoint,
  formatGov,
  gov,
  GovernorHelper,
  proposalStateName,
  readRoleEvents,
  replayRoleEvents,
  timelockWiringViolations,
  VoteType,
} from "../lib";

const HOLDERS: readonly [string, bigint, bigint][] = [
  // name, allocation, vote (For / Against / Abstain)
  ["alice", gov(300_000), VoteType.For],
  ["bob", gov(180_000), VoteType.For],
  ["carol", gov(120_000), VoteType.Against],
  ["dan", gov(60_000), VoteType.Abstain],
  ["erin", gov(40_000), VoteType.For],
];
const TREASURY = gov(4_000_000);
const GRANT = gov(50_000);

let stepNo = 0;
function step(title: string): void {
  stepNo += 1;
  console.log(`\n[${stepNo}] ${title}`);
}
function info(line: string): void {
  console.log(`    ${line}`);
}

async function main(): Promise<void> {
  const signers = await hre.ethers.getSigners();
  const deployer = signers[0]!;
  const grantee = signers[HOLDERS.length + 1]!;
  const holders = new Map<string, HardhatEthersSigner>(HOLDERS.map(([name], i) => [name, signers[i + 1]!]));

  console.log(`Polycentric: one proposal lifecycle on the in-process Hardhat network (chain ${hre.network.name})`);

  step("Deploy the suite through deploy/modules/Suite.ts (Ignition)");
  const suite = await deploySuite(deployer);
  const { token, governor, timelock } = suite;
  info(`token     ${await token.getAddress()}  ${await token.symbol()}, clock ${await token.CLOCK_MODE()}`);
  info(`governor  ${await governor.getAddress()}  "${await governor.name()}"`);
  info(`timelock  ${await timelock.getAddress()}  min delay ${formatDuration(await timelock.getMinDelay())}`);
  info(`counting  ${await governor.COUNTING_MODE()}`);
  info(
    `identity  registry ${await governor.identityRegistry()}, ${(await governor.identityStrict()) ? "strict" : "open"} mode: ` +
      ((await governor.sybilResistant())
        ? "sybil-resistant (one quadratic vote per bound identity)"
        : "NOT sybil-resistant (unbound addresses vote as themselves: splitting a holding over k addresses pays √k)"),
  );
  info(
    `voting delay ${formatDuration(await governor.votingDelay())}, period ${formatDuration(await governor.votingPeriod())}, ` +
      `late-quorum extension ${formatDuration(await governor.lateQuorumVoteExtension())}, ` +
      `threshold ${formatGov(await governor.proposalThreshold())}, quorum ${await governor["quorumNumerator()"]()} % of supply`,
  );

  const [capBps] = await governor.capParamsAt(0n);
  info(
    `caps      ${Number(capBps) / 100} % of the supply per voting unit (own + delegated power), holding period ` +
      `${formatDuration(await governor.holdingPeriod())}; delegators may override their delegate`,
  );

  step("Audit the timelock roles from their events (THREATS I16)");
  const members = replayRoleEvents(await readRoleEvents(timelock));
  const violations = timelockWiringViolations(members, {
    timelock: await timelock.getAddress(),
    governor: await governor.getAddress(),
    openExecutor: suite.variant.openExecutor,
  });
  if (violations.length > 0) throw new Error(`timelock wiring is unsound:\n  ${violations.join("\n  ")}`);
  info("governor is the only proposer, canceller and executor; the deployer holds no admin role");

  step("Fund the treasury and the holders; holders self-delegate");
  await token.transfer(await timelock.getAddress(), TREASURY);
  info(`treasury (timelock) holds ${formatGov(TREASURY)}`);
  for (const [name, amount] of HOLDERS) {
    const signer = holders.get(name)!;
    await token.transfer(signer.address, amount);
    await token.connect(signer).delegate(signer.address);
    info(`${name.padEnd(6)} ${signer.address}  ${formatGov(amount)}, self-delegated`);
  }
  const helper = await GovernorHelper.create(governor, deployer, (line) => info(line));
  // Power counts at most what a holder already had one holding period before a snapshot (and the proposer's
  // threshold is read the same way): the holdings age before anyone proposes, as they have in a live DAO.
  await helper.advanceBy((await governor.holdingPeriod()) + 1n);
  info(`one holding period passed (${formatDuration(await governor.holdingPeriod())}): every holding is aged`);
  const state = async (id: bigint) => proposalStateName(await helper.state(id));

  step(`Propose: grant ${formatGov(GRANT)} from the treasury to ${grantee.address}`);
  const proposal = buildProposal(
    [
      {
        target: await token.getAddress(),
        data: token.interface.encodeFunctionData("transfer", [grantee.address, GRANT]),
      },
    ],
    `# Grants program\nTransfer ${formatGov(GRANT)} from the treasury to the grants multisig.`,
  );
  const alice = holders.get("alice")!;
  const { id } = await helper.propose(proposal, alice);
  const at = (t: bigint) => formatTimepoint(t, helper.mode);
  info(
    `state ${await state(id)}; snapshot ${at(await governor.proposalSnapshot(id))}, deadline ${at(await governor.proposalDeadline(id))}`,
  );

  step("Wait for the snapshot; holders vote");
  await helper.waitForSnapshot(id);
  info(`state ${await state(id)}`);
  const snapshot = await governor.proposalSnapshot(id);
  for (const [name, amount, support] of HOLDERS) {
    await helper.vote(id, holders.get(name)!, support, `${name}'s reason`);
    const [counted, , , cap] = await governor.countedVotes(holders.get(name)!.address, snapshot);
    if (counted < amount)
      info(`${name} counted ${formatGov(counted)} of ${formatGov(amount)}: capped at ${formatGov(cap)}`);
  }
  const [rawAgainst, rawFor, rawAbstain] = await governor.proposalRawVotes(id);
  const [against, forVotes, abstain] = await governor.proposalVotes(id);
  const quorum = await governor.quorum(await governor.proposalSnapshot(id));
  const weight = (w: bigint) => `${(Number(w) / 1e9).toFixed(1)}`;
  info(`raw power   for ${formatGov(rawFor)}, against ${formatGov(rawAgainst)}, abstain ${formatGov(rawAbstain)}`);
  info(
    `quorum      ${formatGov(quorum)} of raw For + Abstain: ${rawFor + rawAbstain >= quorum ? "reached" : "not reached"}`,
  );
  info(
    `QV weight   for ${weight(forVotes)}, against ${weight(against)}, abstain ${weight(abstain)} (√GOV units; decides the outcome)`,
  );

  step("Wait for the deadline");
  await helper.waitForDeadline(id);
  info(`state ${await state(id)}`);

  step("Queue in the timelock, wait for the ETA, execute");
  await helper.queue(proposal);
  info(`state ${await state(id)}`);
  await helper.waitForEta(id);
  await helper.execute(proposal);
  info(`state ${await state(id)}`);

  step("Result");
  const granteeBalance = await token.balanceOf(grantee.address);
  const treasuryBalance = await token.balanceOf(await timelock.getAddress());
  info(`grantee holds ${formatGov(granteeBalance)}; treasury holds ${formatGov(treasuryBalance)}`);
  if (granteeBalance !== GRANT || treasuryBalance !== TREASURY - GRANT) {
    throw new Error("the executed proposal did not move exactly the granted amount");
  }
  await helper.expectState(id, "Executed");
  console.log("\nDone: the proposal was executed by the timelock exactly as voted.");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
