/**
 * End to end against a real external node: anvil (npm `@foundry-rs/anvil`) on a free loopback port. The suite is
 * deployed exactly as `npm run deploy:local` deploys it (the Ignition CLI, deploy/modules/Suite.ts,
 * deploy/parameters/localhost.json) but over JSON-RPC to that node, then one proposal goes through its whole life
 * with ethers wallets signing raw transactions, and the node is stopped, also when a step fails. A node that
 * cannot start fails the suite with the reason; it is never skipped.
 */
import { expect } from "chai";
import hre from "hardhat";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { HDNodeWallet, JsonRpcProvider, Mnemonic, getAddress, type Wallet } from "ethers";

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
  type ProposalStateName,
} from "../../lib";
import {
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TimelockController__factory,
} from "../../typechain-types";

const ROOT = path.resolve(__dirname, "../..");
/** anvil's default dev mnemonic (also passed explicitly, so the wallets below are the node's accounts). */
const MNEMONIC = "test test test test test test test test test test test junk";
const PARAMETERS = "deploy/parameters/localhost.json";

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

describe("E2E on an external node (anvil, JSON-RPC)", function () {
  this.timeout(120_000);
  let node: AnvilNode | undefined;
  let deploymentDir: string | undefined;
  /** The run's transcript, printed as it goes. */
  const say = (line: string) => console.log(`      e2e | ${line}`);

  before(function () {
    // Under `hardhat coverage` the artifacts on disk are the instrumented ones: the child Hardhat process of this
    // test would recompile them from the plain sources in the middle of the run, and every later test would
    // measure uninstrumented code. This test covers no contract line (its build and its node are its own), so the
    // coverage run leaves it to `npm test`, and says so.
    if ((hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true) {
      console.log("      (not run under coverage: runs in npm test)");
      this.skip();
    }
  });

  before(async function () {
    const started = Date.now();
    // Fails the suite (with anvil's own output) when the node cannot start: never a skip.
    node = await startAnvil({ args: ["--hardfork", "cancun", "--mnemonic", MNEMONIC, "--accounts", "10"] });
    say(`${node.version} listening on ${node.url} (${Date.now() - started} ms)`);
  });

  after(async function () {
    if (deploymentDir !== undefined) rmSync(deploymentDir, { recursive: true, force: true });
    if (node !== undefined) {
      await node.stop();
      say(`anvil on port ${node.port} stopped`);
    }
  });

  it("deploys the suite with the Ignition CLI and runs a proposal from propose to execute", async function () {
    const t0 = Date.now();
    const url = node!.url;
    const provider = new JsonRpcProvider(url, undefined, {
      staticNetwork: true,
      pollingInterval: 50,
      // ethers caches identical requests for 250 ms by default: a nonce read right after a mined tx would be stale.
      cacheTimeout: -1,
    });
    const chainId = (await provider.getNetwork()).chainId;

    // 1. Deploy through the CLI, as a DAO would: `hardhat ignition deploy … --network anvil`.
    const deploymentId = `polycentric-e2e-anvil-${node!.port}`;
    deploymentDir = path.join(ROOT, "deploy", "deployments", deploymentId);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      POLYCENTRIC_ANVIL_URL: url,
      HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
      HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
    };
    delete env.HARDHAT_NETWORK;
    await hardhat(
      [
        "ignition",
        "deploy",
        "deploy/modules/Suite.ts",
        "--network",
        "anvil",
        "--parameters",
        PARAMETERS,
        "--deployment-id",
        deploymentId,
      ],
      env,
    );
    const addresses = JSON.parse(readFileSync(path.join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    const at = (key: string) => {
      const a = addresses[key];
      if (a === undefined) throw new Error(`${key} missing from deployed_addresses.json: ${JSON.stringify(addresses)}`);
      return a;
    };
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

    // 3. Fund the treasury and three holders; they self-delegate.
    const send = async (tx: Promise<{ wait(): Promise<unknown> }>) => (await tx).wait();
    const treasury = gov(4_000_000);
    const grant = gov(50_000);
    await send(token.transfer(await timelock.getAddress(), treasury));
    const holders: [Wallet | HDNodeWallet, bigint, bigint][] = [
      [alice, gov(300_000), VoteType.For],
      [bob, gov(200_000), VoteType.For],
      [carol, gov(120_000), VoteType.Against],
    ];
    for (const [holder, amount] of holders) {
      await send(token.transfer(holder.address, amount));
      await send(token.connect(holder).delegate(holder.address));
    }

    // 4. The lifecycle; the node's clock is moved with evm_increaseTime + evm_mine.
    const advance = async (seconds: bigint) => {
      await provider.send("evm_increaseTime", [Number(seconds)]);
      await provider.send("evm_mine", []);
    };
    const proposal = buildProposal(
      [
        {
          target: await token.getAddress(),
          data: token.interface.encodeFunctionData("transfer", [grantee.address, grant]),
        },
      ],
      `# E2E grant\nTransfer ${formatGov(grant)} from the treasury to ${grantee.address}.`,
    );
    // The proposer's votes are read at clock() - 1 and count only what was held one holding period earlier: let
    // the holdings age past the holding period.
    await advance((await governor.holdingPeriod()) + 1n);
    const states: ProposalStateName[] = [];
    const expectState = async (want: ProposalStateName) => {
      const got = proposalStateName(await governor.state(id));
      expect(got, `proposal state`).to.equal(want);
      states.push(got);
    };
    await send(
      governor.connect(alice).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
    );
    const id = await governor.hashProposal(
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      descriptionHash(proposal.description),
    );
    await expectState("Pending");
    await advance((await governor.proposalSnapshot(id)) - BigInt((await provider.getBlock("latest"))!.timestamp) + 1n);
    await expectState("Active");
    for (const [holder, , support] of holders) await send(governor.connect(holder).castVote(id, support));
    const [rawAgainst, rawFor] = await governor.proposalRawVotes(id);
    const [against, forVotes] = await governor.proposalVotes(id);
    // The delegation cap (2 % of the 10M supply) clips alice's 300,000 to 200,000: 200,000 + bob's 200,000 reach
    // the 400,000 quorum exactly.
    const cap = await governor.capAt((await governor.proposalSnapshot(id)) - 0n);
    expect(cap).to.equal(gov(200_000));
    expect(rawFor).to.equal(gov(400_000));
    expect(rawAgainst).to.equal(gov(120_000));
    await advance((await governor.proposalDeadline(id)) - BigInt((await provider.getBlock("latest"))!.timestamp) + 1n);
    await expectState("Succeeded");
    await send(
      governor.queue(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)),
    );
    await expectState("Queued");
    await advance((await governor.proposalEta(id)) - BigInt((await provider.getBlock("latest"))!.timestamp));
    await send(
      governor
        .connect(bob)
        .execute(proposal.targets, proposal.values, proposal.calldatas, descriptionHash(proposal.description)),
    );
    await expectState("Executed");
    expect(await token.balanceOf(grantee.address)).to.equal(grant);
    expect(await token.balanceOf(await timelock.getAddress())).to.equal(treasury - grant);

    // 5. What happened on the chain.
    const latest = await provider.getBlockNumber();
    let txCount = 0;
    for (let b = 1; b <= latest; b++) txCount += (await provider.getBlock(b))!.transactions.length;
    const deployerNonce = await provider.getTransactionCount(getAddress(deployer.address));
    say(`proposal 0x${id.toString(16).padStart(64, "0").slice(0, 10)}…: ${states.join(" -> ")}`);
    say(
      `tally raw for ${formatGov(rawFor)} / against ${formatGov(rawAgainst)}; ` +
        `QV weight for ${(Number(forVotes) / 1e9).toFixed(1)} / against ${(Number(against) / 1e9).toFixed(1)}`,
    );
    say(`grantee received ${formatGov(grant)} from the timelock treasury`);
    say(`${txCount} transactions in ${latest} blocks (deployer nonce ${deployerNonce}); total ${Date.now() - t0} ms`);

    // 6. The authority audit over JSON-RPC, as a DAO's CI would run it. The deployer first hands its undistributed
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
