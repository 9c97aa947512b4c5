/**
 * End to end against a real external node: anvil (npm `@foundry-rs/anvil`) on a free loopback port. The suite is
 * deployed exactly as `npm run deploy:local` deploys it (the Ignition CLI, deploy/modules/Suite.ts,
 * deploy/parameters/localhost.json) but over JSON-RPC to that node, then one proposal goes through its whole life
 * with ethers wallets signing raw transactions, and the authority audit runs against it. On the same node the
 * dispute-enabled suite (deploy/modules/SuiteDisputes.ts, deploy/parameters/disputes.localhost.json with three of
 * the node's accounts as committee seats) is deployed the same way, and a succeeded proposal is challenged, ruled
 * on by the committee, settled and claimed, and then executed. The node is stopped, also when a step fails. A node
 * that cannot start fails the suite with the reason; it is never skipped.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, Mnemonic, getAddress } from "ethers";

import { AnvilStartError, startAnvil, type AnvilNode } from "../../lib/anvil";
import {
  buildProposal,
  descriptionHash,
  formatGov,
  gov,
  proposalStateName,
  readRoleEvents,
  replayRoleEvents,
  timelockWiringViolations,
  VoteType,
  type Proposal,
  type ProposalStateName,
} from "../../lib";
import {
  ArbitrationCommittee__factory,
  DisputeEscalation__factory,
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TimelockController__factory,
  type PolycentricGovernor,
  type PolycentricToken,
  type TimelockController,
} from "../../typechain-types";
import { BURN_ADDRESS, DisputeState, Ruling, SEAT_TERM, Side, type DisputeStateName } from "../fixtures/disputes";
import { underCoverage } from "../fixtures/effort";

const ROOT = path.resolve(__dirname, "../..");
/** anvil's default dev mnemonic (also passed explicitly, so the wallets below are the node's accounts). */
const MNEMONIC = "test test test test test test test test test test test junk";
const PARAMETERS = "deploy/parameters/localhost.json";
const DISPUTE_PARAMETERS = "deploy/parameters/disputes.localhost.json";

function wallet(index: number, provider: JsonRpcProvider): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), `m/44'/60'/0'/0/${index}`).connect(provider);
}

/** Runs `hardhat <args>` in this project as a child process; rejects with the tail of its output on failure. */
function hardhat(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const cli = require.resolve("hardhat/internal/cli/bootstrap.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`hardhat ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`));
    });
  });
}

/** Waits until a sent transaction is mined. */
const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();

/** The node's latest block time (unix seconds). */
async function latestTime(provider: JsonRpcProvider): Promise<bigint> {
  return BigInt((await provider.getBlock("latest"))!.timestamp);
}

/** Moves the node's clock forward by `seconds` (evm_increaseTime) and mines a block (evm_mine). */
async function advance(provider: JsonRpcProvider, seconds: bigint): Promise<void> {
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
}

/** Moves the node's clock so that its latest block is past `timepoint` (unix seconds). */
async function advancePast(provider: JsonRpcProvider, timepoint: bigint): Promise<void> {
  const now = await latestTime(provider);
  if (now <= timepoint) await advance(provider, timepoint - now + 1n);
}

/** A node timepoint (unix seconds) as the transcript shows it. */
const when = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");

/** The proposal id as the transcript shows it. */
const shortId = (id: bigint) => `0x${id.toString(16).padStart(64, "0").slice(0, 10)}…`;

interface Holder {
  wallet: HDNodeWallet;
  amount: bigint;
  support: bigint;
}

interface Passed {
  proposal: Proposal;
  id: bigint;
  /** Governor states seen so far, in order. */
  states: ProposalStateName[];
  /** What the proposal transfers out of the treasury to the grantee. */
  grant: bigint;
  /** The treasury before the grant. */
  treasury: bigint;
}

/**
 * The common first half of a proposal's life on the node: fund the treasury and the holders (who self-delegate), let
 * the holdings age past the holding period, propose a grant from the treasury, vote at the snapshot, and move past
 * the deadline. Every governor state is asserted as it is reached (Pending, Active, Succeeded).
 */
async function passGrantProposal(c: {
  provider: JsonRpcProvider;
  token: PolycentricToken;
  timelock: TimelockController;
  governor: PolycentricGovernor;
  holders: readonly Holder[];
  grantee: HDNodeWallet;
  title: string;
}): Promise<Passed> {
  const { provider, token, timelock, governor } = c;
  const treasury = gov(4_000_000);
  const grant = gov(50_000);
  await send(token.transfer(await timelock.getAddress(), treasury));
  for (const h of c.holders) {
    await send(token.transfer(h.wallet.address, h.amount));
    await send(token.connect(h.wallet).delegate(h.wallet.address));
  }
  const proposal = buildProposal(
    [
      {
        target: await token.getAddress(),
        data: token.interface.encodeFunctionData("transfer", [c.grantee.address, grant]),
      },
    ],
    `# ${c.title}\nTransfer ${formatGov(grant)} from the treasury to ${c.grantee.address}.`,
  );
  // The proposer's votes are read at clock() - 1 and count only what was held one holding period earlier: let
  // the holdings age past the holding period.
  await advance(provider, (await governor.holdingPeriod()) + 1n);
  await send(
    governor
      .connect(c.holders[0]!.wallet)
      .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
  );
  const id = await governor.hashProposal(
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    descriptionHash(proposal.description),
  );
  const states: ProposalStateName[] = [];
  const expectState = async (want: ProposalStateName) => {
    const got = proposalStateName(await governor.state(id));
    expect(got, `proposal state`).to.equal(want);
    states.push(got);
  };
  await expectState("Pending");
  await advancePast(provider, await governor.proposalSnapshot(id));
  await expectState("Active");
  for (const h of c.holders) await send(governor.connect(h.wallet).castVote(id, h.support));
  await advancePast(provider, await governor.proposalDeadline(id));
  await expectState("Succeeded");
  return { proposal, id, states, grant, treasury };
}

/** Queues a proposal, waits out the timelock delay on the node and executes it; asserts Queued then Executed. */
async function queueAndExecute(
  provider: JsonRpcProvider,
  governor: PolycentricGovernor,
  executor: HDNodeWallet,
  passed: Passed,
): Promise<void> {
  const { proposal, id, states } = passed;
  const hash = descriptionHash(proposal.description);
  await send(governor.queue(proposal.targets, proposal.values, proposal.calldatas, hash));
  states.push(proposalStateName(await governor.state(id)));
  expect(states.at(-1), "proposal state").to.equal("Queued");
  await advancePast(provider, await governor.proposalEta(id));
  await send(governor.connect(executor).execute(proposal.targets, proposal.values, proposal.calldatas, hash));
  states.push(proposalStateName(await governor.state(id)));
  expect(states.at(-1), "proposal state").to.equal("Executed");
}

describe("E2E on an external node (anvil, JSON-RPC)", function () {
  this.timeout(120_000);
  let node: AnvilNode | undefined;
  let provider: JsonRpcProvider;
  let env: NodeJS.ProcessEnv;
  /** Deployment directories and temporary files of the run, removed at the end. */
  const temporary: string[] = [];
  /** The run's transcript, printed as it goes. */
  const say = (line: string) => console.log(`      e2e | ${line}`);

  before(function () {
    // Under `hardhat coverage` the artifacts on disk are the instrumented ones: the child Hardhat process of this
    // test would recompile them from the plain sources in the middle of the run, and every later test would
    // measure uninstrumented code. This test covers no contract line (its build and its node are its own), so the
    // coverage run leaves it to `npm test`, and says so.
    if (underCoverage()) {
      console.log("      (not run under coverage: runs in npm test)");
      this.skip();
    }
  });

  before(async function () {
    const started = Date.now();
    // Fails the suite (with anvil's own output) when the node cannot start: never a skip.
    node = await startAnvil({ args: ["--hardfork", "cancun", "--mnemonic", MNEMONIC, "--accounts", "10"] });
    say(`${node.version} listening on ${node.url} (${Date.now() - started} ms)`);
    provider = new JsonRpcProvider(node.url, undefined, {
      staticNetwork: true,
      pollingInterval: 50,
      // ethers caches identical requests for 250 ms by default: a nonce read right after a mined tx would be stale.
      cacheTimeout: -1,
    });
    env = {
      ...process.env,
      POLYCENTRIC_ANVIL_URL: node.url,
      HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
      HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
    };
    delete env.HARDHAT_NETWORK;
  });

  after(async function () {
    for (const p of temporary) rmSync(p, { recursive: true, force: true });
    if (node !== undefined) {
      provider.destroy();
      await node.stop();
      say(`anvil on port ${node.port} stopped`);
    }
  });

  /**
   * `hardhat ignition deploy <module> --network anvil --parameters <file>`, as a DAO would run it; returns what the
   * deployment wrote to deployed_addresses.json and a lookup that fails with the whole record when a key is missing.
   */
  async function ignitionDeploy(module: string, parameters: string, deploymentId: string) {
    const dir = path.join(ROOT, "deploy", "deployments", deploymentId);
    temporary.push(dir);
    await hardhat(
      ["ignition", "deploy", module, "--network", "anvil", "--parameters", parameters, "--deployment-id", deploymentId],
      env,
    );
    const addresses = JSON.parse(readFileSync(path.join(dir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    const at = (key: string) => {
      const a = addresses[key];
      if (a === undefined) throw new Error(`${key} missing from deployed_addresses.json: ${JSON.stringify(addresses)}`);
      return a;
    };
    return { addresses, at };
  }

  it("deploys the suite with the Ignition CLI and runs a proposal from propose to execute", async function () {
    const t0 = Date.now();
    const chainId = (await provider.getNetwork()).chainId;

    // 1. Deploy through the CLI, as a DAO would: `hardhat ignition deploy … --network anvil`.
    const { at } = await ignitionDeploy("deploy/modules/Suite.ts", PARAMETERS, `polycentric-e2e-anvil-${node!.port}`);
    const deployTime = Date.now() - t0;
    say(`chain ${chainId}: suite deployed by the Ignition CLI in ${deployTime} ms`);

    const deployer = wallet(0, provider);
    const [alice, bob, carol, grantee] = [1, 2, 3, 4].map((i) => wallet(i, provider)) as [
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
    ];
    const token = PolycentricToken__factory.connect(at("PolycentricToken#Token"), deployer);
    const timelock = TimelockController__factory.connect(at("PolycentricGovernance#Timelock"), deployer);
    const governor = PolycentricGovernor__factory.connect(at("PolycentricGovernance#Governor"), deployer);
    const registry = IdentityRegistry__factory.connect(at("PolycentricGovernance#IdentityRegistry"), deployer);
    for (const [name, c] of [
      ["token", token],
      ["timelock", timelock],
      ["governor", governor],
      ["registry", registry],
    ] as const) {
      const address = await c.getAddress();
      expect((await provider.getCode(address)).length, `${name} has code`).to.be.greaterThan(2);
      say(`${name.padEnd(8)} ${address}`);
    }

    // 2. The deployed wiring, read back over JSON-RPC: parameters from the file, the audit of the timelock roles.
    const params = JSON.parse(readFileSync(path.join(ROOT, PARAMETERS), "utf8")) as {
      PolycentricGovernance: { votingDelay: number; votingPeriod: number; timelockDelay: number };
    };
    expect(await governor.token()).to.equal(await token.getAddress());
    expect(await governor.timelock()).to.equal(await timelock.getAddress());
    expect(await governor.identityRegistry()).to.equal(await registry.getAddress());
    expect(await governor.identityStrict()).to.equal(false);
    expect(await governor.votingDelay()).to.equal(BigInt(params.PolycentricGovernance.votingDelay));
    expect(await governor.votingPeriod()).to.equal(BigInt(params.PolycentricGovernance.votingPeriod));
    expect(await timelock.getMinDelay()).to.equal(BigInt(params.PolycentricGovernance.timelockDelay));
    expect(await token.balanceOf(deployer.address)).to.equal(await token.totalSupply());
    const violations = timelockWiringViolations(replayRoleEvents(await readRoleEvents(timelock)), {
      timelock: await timelock.getAddress(),
      governor: await governor.getAddress(),
      openExecutor: false,
    });
    expect(violations, "I16 timelock wiring").to.deep.equal([]);
    say("I16 role audit from events: governor sole proposer/canceller/executor, deployer admin renounced");

    // 3. Treasury and three holders funded; the lifecycle, the node's clock moved with evm_increaseTime + evm_mine.
    const passed = await passGrantProposal({
      provider,
      token,
      timelock,
      governor,
      holders: [
        { wallet: alice, amount: gov(300_000), support: VoteType.For },
        { wallet: bob, amount: gov(200_000), support: VoteType.For },
        { wallet: carol, amount: gov(120_000), support: VoteType.Against },
      ],
      grantee,
      title: "E2E grant",
    });
    const { id, grant, treasury } = passed;
    const [rawAgainst, rawFor] = await governor.proposalRawVotes(id);
    const [against, forVotes] = await governor.proposalVotes(id);
    // The delegation cap (2 % of the 10M supply) clips alice's 300,000 to 200,000: 200,000 + bob's 200,000 reach
    // the 400,000 quorum exactly.
    const cap = await governor.capAt(await governor.proposalSnapshot(id));
    expect(cap).to.equal(gov(200_000));
    expect(rawFor).to.equal(gov(400_000));
    expect(rawAgainst).to.equal(gov(120_000));
    await queueAndExecute(provider, governor, bob, passed);
    expect(await token.balanceOf(grantee.address)).to.equal(grant);
    expect(await token.balanceOf(await timelock.getAddress())).to.equal(treasury - grant);

    // 4. What happened on the chain.
    const latest = await provider.getBlockNumber();
    let txCount = 0;
    for (let b = 1; b <= latest; b++) txCount += (await provider.getBlock(b))!.transactions.length;
    const deployerNonce = await provider.getTransactionCount(getAddress(deployer.address));
    say(`proposal ${shortId(id)}: ${passed.states.join(" -> ")}`);
    say(
      `tally raw for ${formatGov(rawFor)} / against ${formatGov(rawAgainst)}; ` +
        `QV weight for ${(Number(forVotes) / 1e9).toFixed(1)} / against ${(Number(against) / 1e9).toFixed(1)}`,
    );
    say(`grantee received ${formatGov(grant)} from the timelock treasury`);
    say(`${txCount} transactions in ${latest} blocks (deployer nonce ${deployerNonce}); total ${Date.now() - t0} ms`);

    // 5. The authority audit over JSON-RPC, as a DAO's CI would run it. The deployer first hands its undistributed
    // tokens to the treasury: while it holds most of the supply, the audit rightly flags governance as one party.
    await send(token.transfer(await timelock.getAddress(), await token.balanceOf(deployer.address)));
    const auditDir = mkdtempSync(path.join(os.tmpdir(), "e2e-audit-"));
    try {
      await hardhat(
        ["audit", "--network", "anvil", "--governor", await governor.getAddress(), "--out", auditDir, "--quiet"],
        env,
      );
      const audit = JSON.parse(readFileSync(path.join(auditDir, "audit.json"), "utf8")) as {
        exitCode: number;
        findings: string[];
        paths: { name: string; parties: number | null }[];
      };
      expect(audit.findings).to.deep.equal([]);
      expect(audit.exitCode).to.equal(0);
      const governance = audit.paths.find((p) => p.name === "governance")!;
      say(`audit over JSON-RPC: PASS, ${audit.paths.length} path(s), governance needs ${governance.parties} parties`);
    } finally {
      rmSync(auditDir, { recursive: true, force: true });
    }
  });

  it("deploys the suite with disputes and runs a challenge: bond, committee ruling, settlement, claims, execution", async function () {
    const t0 = Date.now();
    const deployer = wallet(0, provider);
    const [alice, bob, carol, grantee, seat1, seat2, seat3] = [1, 2, 3, 4, 5, 6, 7].map((i) => wallet(i, provider)) as [
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
      HDNodeWallet,
    ];

    // 1. The parameter file names no committee (every dispute would go to the referendum) and seats end at unix
    // times: this run deploys a copy of it naming three of the node's accounts, with terms from the node's clock.
    const file = JSON.parse(readFileSync(path.join(ROOT, DISPUTE_PARAMETERS), "utf8")) as {
      PolycentricGovernanceDisputes: Record<string, unknown>;
    };
    const seats = [seat1, seat2, seat3];
    const seatExpiry = (await latestTime(provider)) + SEAT_TERM;
    file.PolycentricGovernanceDisputes.committeeMembers = seats.map((s) => s.address);
    file.PolycentricGovernanceDisputes.committeeExpiries = seats.map(() => `${seatExpiry}n`);
    const parameterDir = mkdtempSync(path.join(os.tmpdir(), "e2e-disputes-"));
    temporary.push(parameterDir);
    const parameters = path.join(parameterDir, "disputes.anvil.json");
    writeFileSync(parameters, JSON.stringify(file, null, 2));
    const { addresses, at } = await ignitionDeploy(
      "deploy/modules/SuiteDisputes.ts",
      parameters,
      `polycentric-e2e-anvil-disputes-${node!.port}`,
    );
    const deployTime = Date.now() - t0;

    const token = PolycentricToken__factory.connect(at("PolycentricTokenDisputes#Token"), deployer);
    const timelock = TimelockController__factory.connect(at("PolycentricGovernanceDisputes#Timelock"), deployer);
    const governor = PolycentricGovernor__factory.connect(at("PolycentricGovernanceDisputes#Governor"), deployer);
    const escalation = DisputeEscalation__factory.connect(
      at("PolycentricGovernanceDisputes#DisputeEscalation"),
      deployer,
    );
    const committee = ArbitrationCommittee__factory.connect(
      at("PolycentricGovernanceDisputes#ArbitrationCommittee"),
      deployer,
    );
    const court = await escalation.getAddress();
    for (const [key, address] of Object.entries(addresses)) {
      expect((await provider.getCode(address)).length, `${key} has code`).to.be.greaterThan(2);
    }
    say(
      `disputes suite: ${Object.keys(addresses).length} contracts deployed by the Ignition CLI in ${deployTime} ms ` +
        `(court ${court}, committee ${await committee.getAddress()})`,
    );

    // 2. Wiring read back: the governor bound to the court, the committee seats and thresholds from the file.
    const g = file.PolycentricGovernanceDisputes as { committeeThreshold: number; disputeBond: string };
    expect(await escalation.governor()).to.equal(await governor.getAddress());
    expect(await escalation.governance()).to.equal(await timelock.getAddress());
    expect(await committee.court()).to.equal(court);
    expect(await committee.members()).to.deep.equal(seats.map((s) => s.address));
    expect(await committee.activeMemberCount()).to.equal(3n);
    expect(await committee.threshold(0)).to.equal(BigInt(g.committeeThreshold));
    const [disputeParams] = await escalation.parameters(0);
    expect(disputeParams.bond).to.equal(BigInt(g.disputeBond.replace(/n$/, "")));
    const violations = timelockWiringViolations(replayRoleEvents(await readRoleEvents(timelock)), {
      timelock: await timelock.getAddress(),
      governor: await governor.getAddress(),
      openExecutor: false,
    });
    expect(violations, "I16 timelock wiring").to.deep.equal([]);
    say(
      `committee: ${seats.map((s) => s.address).join(", ")} (anvil accounts 5-7), ` +
        `${g.committeeThreshold} of 3 rule, seats until ${when(seatExpiry)}`,
    );

    // 3. The proposal passes (the same holders and votes as above).
    const passed = await passGrantProposal({
      provider,
      token,
      timelock,
      governor,
      holders: [
        { wallet: alice, amount: gov(300_000), support: VoteType.For },
        { wallet: bob, amount: gov(200_000), support: VoteType.For },
        { wallet: carol, amount: gov(120_000), support: VoteType.Against },
      ],
      grantee,
      title: "E2E disputed grant",
    });
    const { proposal, id, grant, treasury } = passed;
    const hash = descriptionHash(proposal.description);
    const disputeStates: DisputeStateName[] = [];
    const expectDispute = async (want: DisputeStateName) => {
      const got = await escalation.disputeState(id);
      expect(got, "dispute state").to.equal(DisputeState[want]);
      disputeStates.push(want);
    };
    await expectDispute("Challengeable");
    const windowEnd = (await governor.proposalDeadline(id)) + disputeParams.challengeWindow;
    expect((await escalation.dispute(id)).windowEnd).to.equal(windowEnd);
    say(`proposal ${shortId(id)}: ${passed.states.join(" -> ")}; challenge window until ${when(windowEnd)}`);

    // 4. Carol, outvoted, challenges with the tier-0 bond (approve + challenge); alice and bob fund the defence.
    const bond = await escalation.requiredBond(id, 0);
    expect(bond).to.equal(disputeParams.bond);
    await send(token.connect(carol).approve(court, bond));
    await send(escalation.connect(carol).challenge(id, bond));
    await expectDispute("Funding");
    const defence: [HDNodeWallet, bigint][] = [
      [alice, gov(10_000)],
      [bob, gov(5_000)],
    ];
    for (const [defender, amount] of defence) {
      await send(token.connect(defender).approve(court, amount));
      await send(escalation.connect(defender).stake(id, Side.Defender, amount));
    }
    const defended = defence.reduce((sum, [, a]) => sum + a, 0n);
    expect(await escalation.pools(id, 0)).to.deep.equal([bond, defended]);
    const funded = await escalation.dispute(id);
    // The challenge came long before the window's end: no late extension, deliberation starts at the window's end.
    expect(funded.fundingEnd).to.equal(windowEnd);
    say(
      `challenge: carol ${carol.address} approved + challenged with the tier-0 bond ${formatGov(bond)}; ` +
        `defence: alice ${formatGov(defence[0]![1])} + bob ${formatGov(defence[1]![1])}`,
    );

    // 5. The committee deliberates; queueing is blocked until the dispute is final.
    await advancePast(provider, funded.fundingEnd);
    await expectDispute("Deliberating");
    await expect(governor.queue(proposal.targets, proposal.values, proposal.calldatas, hash))
      .to.be.revertedWithCustomError(escalation, "DisputeQueueBlocked")
      .withArgs(id, DisputeState.Deliberating, funded.deliberationEnd);
    for (const seat of [seat1, seat2]) await send(committee.connect(seat).castRuling(id, Ruling.Uphold));
    expect(await committee.rulingVotes(id, 0)).to.deep.equal([2n, 0n]);
    await expectDispute("Appealable");
    const ruled = await escalation.dispute(id);
    expect([ruled.tier, ruled.ruling]).to.deep.equal([0n, Ruling.Uphold]);
    say(
      `ruling: seats ${seat1.address}, ${seat2.address} voted Uphold (2 of 3, tier 0); ` +
        `queue blocked meanwhile (DisputeQueueBlocked); appealable until ${when(ruled.appealEnd)}`,
    );

    // 6. Nobody appeals: the ruling is final. Settlement burns the burn share of the losing bond, the rest rewards
    // the winning side pro rata (the last winner to claim takes the rounding remainder).
    await advancePast(provider, ruled.appealEnd);
    await expectDispute("Upheld");
    const burn = (bond * disputeParams.burnBps) / 10_000n;
    const pool = bond - burn;
    const aliceReward = (pool * defence[0]![1]) / defended;
    const bobReward = pool - aliceReward;
    expect(await escalation.claimable(id, alice.address)).to.deep.equal([defence[0]![1], aliceReward]);
    expect(await escalation.claimable(id, carol.address)).to.deep.equal([0n, 0n]);
    await expect(escalation.settle(id)).to.emit(escalation, "Settled").withArgs(id, burn, pool);
    expect(await token.balanceOf(BURN_ADDRESS)).to.equal(burn);
    const claims: string[] = [];
    for (const [[defender, amount], reward] of [
      [defence[0]!, aliceReward],
      [defence[1]!, bobReward],
    ] as const) {
      expect(await escalation.claimable(id, defender.address)).to.deep.equal([amount, reward]);
      const before = await token.balanceOf(defender.address);
      await send(escalation.connect(defender).claim(id));
      expect(await token.balanceOf(defender.address)).to.equal(before + amount + reward);
      expect(await escalation.hasClaimed(id, defender.address)).to.equal(true);
      await expect(escalation.connect(defender).claim(id))
        .to.be.revertedWithCustomError(escalation, "DisputeAlreadyClaimed")
        .withArgs(id, defender.address);
      claims.push(`${formatGov(amount)} + ${formatGov(reward)}`);
    }
    await expect(escalation.connect(carol).claim(id))
      .to.be.revertedWithCustomError(escalation, "DisputeNothingToClaim")
      .withArgs(id, carol.address);
    expect(await token.balanceOf(carol.address)).to.equal(gov(120_000) - bond);
    say(
      `settled: ${formatGov(burn)} burned, ${formatGov(pool)} reward pool; claims (bond + reward): ` +
        `alice ${claims[0]}, bob ${claims[1]}; carol nothing to claim; second claims revert`,
    );

    // 7. I18 bond conservation from the court's own accounting, and its balance backs what it holds.
    const [deposited, refunded, rewarded, burned, held] = await escalation.accounting();
    expect(deposited).to.equal(bond + defended);
    expect([refunded, rewarded, burned, held]).to.deep.equal([defended, pool, burn, 0n]);
    expect(deposited).to.equal(refunded + rewarded + burned + held);
    expect(await token.balanceOf(court)).to.equal(held);
    say(
      `I18: deposited ${formatGov(deposited)} = refunded ${formatGov(refunded)} + rewarded ${formatGov(rewarded)} ` +
        `+ burned ${formatGov(burned)} + held ${formatGov(held)}; court balance ${formatGov(await token.balanceOf(court))}`,
    );

    // 8. Upheld: the proposal is queued and executed.
    await queueAndExecute(provider, governor, bob, passed);
    expect(await token.balanceOf(grantee.address)).to.equal(grant);
    expect(await token.balanceOf(await timelock.getAddress())).to.equal(treasury - grant);
    say(`dispute ${disputeStates.join(" -> ")}`);
    say(
      `proposal ${shortId(id)}: ${passed.states.join(" -> ")}; grantee received ${formatGov(grant)}; ` +
        `total ${Date.now() - t0} ms`,
    );
  });
});

describe("E2E node launcher (lib/anvil.ts)", function () {
  it("a node that cannot start rejects with the reason and anvil's own output (a failure, never a skip)", async function () {
    let error: unknown;
    try {
      const node = await startAnvil({ args: ["--no-such-flag"] });
      await node.stop();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(AnvilStartError);
    expect((error as Error).message).to.match(
      /^anvil could not start: exited \(code \d+\) before listening on port \d+/,
    );
    expect((error as Error).message).to.contain("--no-such-flag");
  });
});
