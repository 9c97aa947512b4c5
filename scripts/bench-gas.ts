/**
 * `npm run bench:gas`: the gas benchmark of Polycentric against the stock OpenZeppelin Wizard stack.
 *
 * Deploys both stacks in one Hardhat network run (Polycentric through its Ignition module via deploySuite, the
 * baseline with ethers factories and the same timelock role wiring and parameters), runs the same workload on
 * both with the same signers, prints each operation's receipt gasUsed for both and the ratio
 * polycentric / baseline, checks the ratios against gas/budgets.json, writes gas/snapshot.json and exits 1 when
 * an operation is over its budget.
 *
 * The workload keeps the two stacks in the same storage state before every measured transaction: each step
 * runs on the baseline, then on Polycentric, with the same signer and arguments, and every transaction is mined
 * in its own block (so checkpoints are always pushed, never overwritten in place). The proposal calls a single
 * shared CallReceiver__Mock that is called once beforehand, so both executions write to already non-zero
 * slots; since a proposal id does not depend on the governor, both governors see the same proposal id and the
 * same calldata throughout.
 *
 *   delegate                  voterA's first self-delegation, after being funded by a transfer
 *   transfer                  holder → recipient, both already funded and self-delegated (steady state)
 *   propose                   one action (CallReceiver__Mock.mockFunction), by a proposer above threshold
 *   castVote first            voterA For: the proposal's first vote, below quorum
 *   castVote second           voterB For: second vote, still below quorum
 *   castVote reaching quorum  whale For: the vote that makes For reach quorum
 *   castVoteWithReason        voterC For with a reason, after quorum was reached
 *   queue, execute            through the TimelockController, by the deployer
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";

import {
  buildGasSnapshot,
  buildProposal,
  checkGasBudgets,
  COMMON_WORLD,
  deploySuite,
  formatDeploymentTable,
  formatGas,
  formatGasBudgetTable,
  formatGov,
  formatOverBudgetMessage,
  gov,
  governanceParams,
  GovernorHelper,
  parseGasBudgets,
  readRoleEvents,
  replayRoleEvents,
  serializeGasSnapshot,
  TIMELOCK_ROLES,
  timelockWiringViolations,
  VoteType,
  type DeploymentGas,
  type DeploymentGasRow,
  type GasMeasurement,
  type GasSnapshotMeta,
} from "../lib";
import {
  BaselineGovernor__factory,
  BaselineToken__factory,
  CallReceiver__Mock__factory,
  ERC20Votes__factory,
  TimelockController__factory,
  type ERC20Votes,
  type TimelockController,
} from "../typechain-types";

const OPERATIONS = [
  "delegate",
  "transfer",
  "propose",
  "castVote first",
  "castVote second",
  "castVote reaching quorum",
  "castVoteWithReason",
  "queue",
  "execute",
] as const;
type Operation = (typeof OPERATIONS)[number];

const ROOT = hre.config.paths.root;
const BUDGETS_FILE = path.join(ROOT, "gas", "budgets.json");
const SNAPSHOT_FILE = path.join(ROOT, "gas", "snapshot.json");
const GENERATED_BY = "npm run bench:gas (scripts/bench-gas.ts)";

/** Token allocations of the workload's accounts (10M supply, quorum 4 % = 400k, threshold 25k). */
const ALLOCATION = {
  whale: gov(600_000),
  voterA: gov(100_000),
  voterB: gov(100_000),
  voterC: gov(100_000),
  proposer: gov(30_000),
  holder: gov(50_000),
  recipient: gov(50_000),
} as const;
type Account = keyof typeof ALLOCATION;
const TRANSFER_AMOUNT = gov(10_000);
const RECEIVER_ARGUMENT = 42n;
const DESCRIPTION = "Gas benchmark: call CallReceiver__Mock.mockFunction(42) through the timelock";
const VOTE_REASON = "Gas benchmark: a vote with a one-sentence reason attached.";

type StackName = "baseline" | "polycentric";

interface Stack {
  name: StackName;
  token: ERC20Votes;
  timelock: TimelockController;
  helper: GovernorHelper;
  deployment: { token: DeploymentGas; governor: DeploymentGas };
}

function progress(line: string): void {
  console.log(`▸ ${line}`);
}

async function mined(tx: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt;
}

async function bytecodeBytes(address: string): Promise<number> {
  const code = await hre.ethers.provider.getCode(address);
  return (code.length - 2) / 2;
}

/** THREATS I16: the governor is the timelock's only proposer, canceller and executor; the deployer holds nothing. */
async function assertTimelockWiring(stack: StackName, timelock: TimelockController, governor: string): Promise<void> {
  const members = replayRoleEvents(await readRoleEvents(timelock));
  const violations = timelockWiringViolations(members, {
    timelock: await timelock.getAddress(),
    governor,
    openExecutor: false,
  });
  if (violations.length > 0) throw new Error(`${stack} timelock wiring is wrong:\n  ${violations.join("\n  ")}`);
}

async function deployBaseline(deployer: HardhatEthersSigner): Promise<Stack> {
  const p = governanceParams("timestamp");
  const token = await new BaselineToken__factory(deployer).deploy(
    COMMON_WORLD.tokenName,
    COMMON_WORLD.tokenSymbol,
    deployer.address,
    COMMON_WORLD.totalSupply,
  );
  const tokenReceipt = await token.deploymentTransaction()!.wait();
  const timelock = await new TimelockController__factory(deployer).deploy(p.timelockDelay, [], [], deployer.address);
  await timelock.waitForDeployment();
  const governor = await new BaselineGovernor__factory(deployer).deploy(
    p.governorName,
    await token.getAddress(),
    await timelock.getAddress(),
    p.votingDelay,
    p.votingPeriod,
    p.proposalThreshold,
    p.quorumNumerator,
  );
  const governorReceipt = await governor.deploymentTransaction()!.wait();
  const governorAddress = await governor.getAddress();
  for (const role of [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE, TIMELOCK_ROLES.EXECUTOR_ROLE]) {
    await mined(timelock.grantRole(role, governorAddress));
  }
  await mined(timelock.renounceRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address));
  await assertTimelockWiring("baseline", timelock, governorAddress);

  return {
    name: "baseline",
    token: ERC20Votes__factory.connect(await token.getAddress(), deployer),
    timelock,
    helper: await GovernorHelper.create(governor, deployer),
    deployment: {
      token: { deployGas: tokenReceipt!.gasUsed, bytecodeBytes: await bytecodeBytes(await token.getAddress()) },
      governor: { deployGas: governorReceipt!.gasUsed, bytecodeBytes: await bytecodeBytes(governorAddress) },
    },
  };
}

async function deployPolycentric(deployer: HardhatEthersSigner): Promise<Stack> {
  const provider = hre.ethers.provider;
  const firstBlock = (await provider.getBlockNumber()) + 1;
  const suite = await deploySuite(deployer);
  const lastBlock = await provider.getBlockNumber();
  const tokenAddress = await suite.token.getAddress();
  const governorAddress = await suite.governor.getAddress();
  await assertTimelockWiring("polycentric", suite.timelock, governorAddress);

  // Ignition sent the creation transactions: find their receipts in the blocks it mined.
  const deployGas = new Map<string, bigint>();
  for (let n = firstBlock; n <= lastBlock; n++) {
    const block = await provider.getBlock(n);
    for (const hash of block?.transactions ?? []) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt?.contractAddress) deployGas.set(receipt.contractAddress.toLowerCase(), receipt.gasUsed);
    }
  }
  const gasOf = (address: string): bigint => {
    const gas = deployGas.get(address.toLowerCase());
    if (gas === undefined) throw new Error(`no creation receipt for ${address} in blocks ${firstBlock}..${lastBlock}`);
    return gas;
  };

  return {
    name: "polycentric",
    token: ERC20Votes__factory.connect(tokenAddress, deployer),
    timelock: suite.timelock,
    helper: await GovernorHelper.create(suite.governor, deployer),
    deployment: {
      token: { deployGas: gasOf(tokenAddress), bytecodeBytes: await bytecodeBytes(tokenAddress) },
      governor: { deployGas: gasOf(governorAddress), bytecodeBytes: await bytecodeBytes(governorAddress) },
    },
  };
}

/** Compiler settings of the measured contracts, from their build info (all four must share them). */
async function snapshotMeta(): Promise<GasSnapshotMeta> {
  const names = [
    "contracts/token/PolycentricToken.sol:PolycentricToken",
    "contracts/governance/PolycentricGovernor.sol:PolycentricGovernor",
    "contracts/baseline/BaselineToken.sol:BaselineToken",
    "contracts/baseline/BaselineGovernor.sol:BaselineGovernor",
  ];
  const metas: GasSnapshotMeta[] = [];
  for (const name of names) {
    const info = await hre.artifacts.getBuildInfo(name);
    if (info === undefined) throw new Error(`no build info for ${name}: run \`npx hardhat compile\``);
    const settings = info.input.settings;
    metas.push({
      generatedBy: GENERATED_BY,
      solcVersion: info.solcLongVersion,
      evmVersion: settings.evmVersion ?? "default",
      optimizerEnabled: settings.optimizer.enabled ?? false,
      optimizerRuns: settings.optimizer.runs ?? 200,
      hardfork: hre.config.networks.hardhat.hardfork,
    });
  }
  const first = JSON.stringify(metas[0]);
  if (metas.some((m) => JSON.stringify(m) !== first)) {
    throw new Error(`the benchmarked contracts were compiled with different settings: ${JSON.stringify(metas)}`);
  }
  return metas[0]!;
}

async function main(): Promise<number> {
  if (hre.network.name !== "hardhat") {
    throw new Error(`bench:gas runs on the in-process Hardhat network only (got --network ${hre.network.name})`);
  }
  const budgets = parseGasBudgets(JSON.parse(readFileSync(BUDGETS_FILE, "utf8")), OPERATIONS);
  const meta = await snapshotMeta();
  console.log("Polycentric gas benchmark: stock OpenZeppelin baseline vs Polycentric, same workload, same signers");
  const optimizer = meta.optimizerEnabled ? `${meta.optimizerRuns} runs` : "off";
  console.log(`solc ${meta.solcVersion}, evm ${meta.evmVersion}, optimizer ${optimizer}, hardfork ${meta.hardfork}\n`);

  const signers = await hre.ethers.getSigners();
  const [deployer, whale, voterA, voterB, voterC, proposer, holder, recipient] = signers;
  if (recipient === undefined || deployer === undefined) throw new Error("the workload needs 8 signers");
  const accounts: Record<Account, HardhatEthersSigner> = {
    whale: whale!,
    voterA: voterA!,
    voterB: voterB!,
    voterC: voterC!,
    proposer: proposer!,
    holder: holder!,
    recipient,
  };

  progress("deploying the baseline (BaselineToken, TimelockController, BaselineGovernor; ethers factories)");
  const baseline = await deployBaseline(deployer);
  progress("deploying Polycentric (PolycentricToken, TimelockController, PolycentricGovernor; Ignition)");
  const polycentric = await deployPolycentric(deployer);
  const stacks: readonly Stack[] = [baseline, polycentric];

  progress("deploying the shared CallReceiver__Mock and calling it once (so both executions write non-zero slots)");
  const receiver = await new CallReceiver__Mock__factory(deployer).deploy();
  await mined(receiver.mockFunction(RECEIVER_ARGUMENT));
  const proposal = buildProposal(
    [
      {
        target: await receiver.getAddress(),
        data: receiver.interface.encodeFunctionData("mockFunction", [RECEIVER_ARGUMENT]),
      },
    ],
    DESCRIPTION,
  );

  const measurements: GasMeasurement[] = [];
  /** Runs `step` on the baseline then on Polycentric and records both receipts' gasUsed as `operation`. */
  async function measure(
    operation: Operation,
    what: string,
    step: (s: Stack) => Promise<ContractTransactionReceipt>,
  ): Promise<void> {
    const gas = { baseline: 0n, polycentric: 0n };
    for (const s of stacks) gas[s.name] = (await step(s)).gasUsed;
    measurements.push({ operation, ...gas });
    progress(`${operation} (${what}): baseline ${formatGas(gas.baseline)}, polycentric ${formatGas(gas.polycentric)}`);
  }
  /** Runs an unmeasured setup step on both stacks. */
  async function setup(what: string, step: (s: Stack) => Promise<unknown>): Promise<void> {
    for (const s of stacks) await step(s);
    progress(what);
  }

  await setup("funded the workload accounts from the deployer", async (s) => {
    for (const [name, amount] of Object.entries(ALLOCATION) as [Account, bigint][]) {
      await mined(s.token.connect(deployer).transfer(accounts[name].address, amount));
    }
  });

  await measure("delegate", `first self-delegation of ${accounts.voterA.address}`, (s) =>
    mined(s.token.connect(accounts.voterA).delegate(accounts.voterA.address)),
  );
  await setup("self-delegated every other workload account", async (s) => {
    for (const name of Object.keys(ALLOCATION) as Account[]) {
      if (name !== "voterA") await mined(s.token.connect(accounts[name]).delegate(accounts[name].address));
    }
  });

  await measure("transfer", `${formatGov(TRANSFER_AMOUNT)} between two delegated accounts`, (s) =>
    mined(s.token.connect(accounts.holder).transfer(accounts.recipient.address, TRANSFER_AMOUNT)),
  );

  const ids = new Map<StackName, bigint>();
  await measure("propose", `by ${accounts.proposer.address}`, async (s) => {
    const { id, receipt } = await s.helper.propose(proposal, accounts.proposer);
    ids.set(s.name, id);
    return receipt;
  });
  const id = ids.get("baseline")!;
  if (ids.get("polycentric") !== id) throw new Error("the two governors disagree on the proposal id");

  await setup("waited for the voting snapshot", async (s) => {
    await s.helper.waitForSnapshot(id);
    await s.helper.expectState(id, "Active");
    // The workload's vote order assumes quorum falls between the second vote and the whale's.
    const quorum = await s.helper.governor.quorum(await s.helper.governor.proposalSnapshot(id));
    const beforeWhale = ALLOCATION.voterA + ALLOCATION.voterB;
    if (!(beforeWhale < quorum && quorum <= beforeWhale + ALLOCATION.whale)) {
      throw new Error(`${s.name}: quorum ${formatGov(quorum)} is not reached by the whale's vote exactly`);
    }
  });

  await measure("castVote first", "first vote, below quorum", (s) => s.helper.vote(id, accounts.voterA, VoteType.For));
  await measure("castVote second", "second vote, below quorum", (s) =>
    s.helper.vote(id, accounts.voterB, VoteType.For),
  );
  await measure("castVote reaching quorum", "the vote that reaches quorum", (s) =>
    s.helper.vote(id, accounts.whale, VoteType.For),
  );
  await measure("castVoteWithReason", "after quorum", (s) =>
    s.helper.vote(id, accounts.voterC, VoteType.For, VOTE_REASON),
  );

  await setup("waited for the voting deadline", async (s) => {
    await s.helper.waitForDeadline(id);
    await s.helper.expectState(id, "Succeeded");
  });
  await measure("queue", "into the TimelockController", (s) => s.helper.queue(proposal));
  await setup("waited for the timelock ETA", (s) => s.helper.waitForEta(id));
  await measure("execute", "through the TimelockController", (s) => s.helper.execute(proposal));
  await setup("checked both proposals executed", (s) => s.helper.expectState(id, "Executed"));
  if ((await receiver.calls()) !== 3n) throw new Error("CallReceiver__Mock was not called once per stack");

  if (measurements.map((m) => m.operation).join() !== OPERATIONS.join()) {
    throw new Error("the workload did not measure every operation, in order");
  }

  const results = checkGasBudgets(measurements, budgets);
  const deployment: DeploymentGasRow[] = (["token", "governor"] as const).map((c) => ({
    contract: c,
    baseline: baseline.deployment[c],
    polycentric: polycentric.deployment[c],
  }));

  console.log("\nOperations (receipt gasUsed; ratio = polycentric / baseline; budget from gas/budgets.json)\n");
  console.log(formatGasBudgetTable(results));
  console.log("\nDeployment (informational, no budget; bytes = runtime bytecode)\n");
  console.log(formatDeploymentTable(deployment));

  mkdirSync(path.dirname(SNAPSHOT_FILE), { recursive: true });
  writeFileSync(SNAPSHOT_FILE, serializeGasSnapshot(buildGasSnapshot(meta, measurements, deployment)));
  console.log(`\nwrote ${path.relative(ROOT, SNAPSHOT_FILE)}`);

  const failure = formatOverBudgetMessage(results);
  if (failure !== "") {
    console.error(`\nGAS BUDGET EXCEEDED: ${failure}`);
    return 1;
  }
  console.log(`all ${results.length} operations are within their gas budgets`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
