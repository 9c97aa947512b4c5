/**
 * `npm run bench:gas`: the gas benchmark of the Polycentric stacks against the stock OpenZeppelin Wizard stack.
 *
 * Deploys, in one Hardhat network run, the baseline (contracts/baseline/, ethers factories, the same timelock role
 * wiring and parameters) and five Polycentric stacks, four through their Ignition modules:
 *
 *   linear     deployLinearSuite: PolycentricGovernorLinear, OpenZeppelin's linear counting (the foundation stack)
 *   capped     the stock Wizard governor + GovernorVotesCapped (contracts/mocks/GovernorCapped__Mock.sol) on
 *              PolycentricToken, ethers factories: what the delegation cap and holding period alone cost
 *   quadratic  deploySuite identity "none": quadratic counting, every address its own voting unit
 *   identity   deploySuite identity "strict": quadratic counting per identity; every voter (and the proposer) is
 *              bound by an attester to an identity of its own, one address each
 *   open       deploySuite (default, identity "open"): quadratic counting with a registry, voters unbound
 *
 * runs the same workload on all five with the same signers, prints each operation's receipt gasUsed and the ratio
 * stack / baseline, checks every (stack, operation) ratio against gas/budgets.json, measures the identity
 * registry's own operations in absolute gas (bind, bind second address, unbind), writes gas/snapshot.json and
 * exits 1 when anything is over its budget.
 *
 * The workload keeps the stacks in the same storage state before every measured transaction: each step runs on
 * the baseline, then on each stack in the order above, with the same signer and arguments, and every transaction
 * is mined in its own block (so checkpoints are always pushed, never overwritten in place). The proposal calls a
 * single shared CallReceiver__Mock that is called once beforehand, so every execution writes to already non-zero
 * slots; since a proposal id does not depend on the governor, every governor sees the same proposal id and the
 * same calldata throughout.
 *
 *   delegate                  voterA's first self-delegation, after being funded by a transfer
 *   delegate to another       the delegator's first delegation, to a third party (recipient)
 *   transfer                  holder → recipient, both already funded and self-delegated (steady state)
 *   transfer by a delegator   delegator → holder: the sender delegates to a third party
 *   propose                   one action (CallReceiver__Mock.mockFunction), by a proposer above threshold, one
 *                             holding period (1 day) after everyone was funded, so every holding is aged
 *   castVote first            voterA For: the proposal's first vote, below quorum
 *   castVote second           voterB For: second vote, still below quorum
 *   castVote reaching quorum  whale For: the vote that makes For reach quorum (raw power: the same vote on every
 *                             stack, checked on the tallies; the whale holds exactly the 2 % cap)
 *   castVoteWithReason        voterC For with a reason, after quorum was reached
 *   castVote capped           big For: 300,000 GOV, over the 2 % cap: PolycentricGovernor counts 200,000 and emits
 *                             VoteCapped; the linear stack and the baseline count 300,000
 *   queue, execute            through the TimelockController, by the deployer
 *
 * Every PolycentricGovernor stack runs the production delegation cap (2 %) and holding period (1 day), so every
 * castVote above is "castVote with cap + holding period" there.
 *
 * Absolute (identity stack's registry, by its attester, on two fresh addresses and a fresh identity; then the
 * quadratic stack's override vote):
 *
 *   bind                      first binding of a fresh address to a fresh identity
 *   bind second address       a second fresh address bound to that identity
 *   unbind                    the attester unbinds the identity's first address (the scan passes the second)
 *   castOverrideVote          the delegator takes its balance back from recipient (who has not voted) and votes
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import hre from "hardhat";
import { setBalance, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  id as keccakText,
  ZeroAddress,
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
} from "ethers";

import {
  BENCH_ABSOLUTE_OPERATIONS,
  BENCH_OPERATIONS,
  BENCH_STACKS,
  buildGasSnapshot,
  buildProposal,
  checkAbsoluteGasBudgets,
  COMMON_WORLD,
  checkGasBudgets,
  DAY,
  deployBaselineSuite,
  deployLinearSuite,
  bindIdentity,
  deploySuite,
  disputeParams,
  formatAbsoluteGasTable,
  formatDeploymentTable,
  formatGas,
  formatGasBudgetTable,
  formatGasOverviewTable,
  formatGov,
  formatOverBudgetMessage,
  gov,
  governanceParams,
  governorParamsStruct,
  GovernorHelper,
  isqrt,
  parseGasBudgets,
  readRoleEvents,
  replayRoleEvents,
  serializeGasSnapshot,
  timelockWiringViolations,
  TIMELOCK_ROLES,
  VoteType,
  type AbsoluteGasMeasurement,
  type DeploymentGas,
  type DeploymentGasRow,
  type DisputeContracts,
  type SuiteParameters,
  type GasMeasurement,
  type GasSnapshotMeta,
} from "../lib";
import {
  CallReceiver__Mock__factory,
  ERC20Votes__factory,
  GovernorCapped__Mock__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TimelockController__factory,
  type ERC20Votes,
  type IdentityRegistry,
  type PolycentricGovernor,
  type TimelockController,
} from "../typechain-types";

const OPERATIONS = BENCH_OPERATIONS;
type Operation = (typeof OPERATIONS)[number];
const ABSOLUTE_OPERATIONS = BENCH_ABSOLUTE_OPERATIONS;
type AbsoluteOperation = (typeof ABSOLUTE_OPERATIONS)[number];
const STACKS = BENCH_STACKS;
type StackName = (typeof STACKS)[number];
type Column = "baseline" | StackName;

const ROOT = hre.config.paths.root;
const BUDGETS_FILE = path.join(ROOT, "gas", "budgets.json");
const SNAPSHOT_FILE = path.join(ROOT, "gas", "snapshot.json");
const GENERATED_BY = "npm run bench:gas (scripts/bench-gas.ts)";

/** Token allocations of the workload's accounts (10M supply, quorum 4 % = 400k, threshold 25k). */
const ALLOCATION = {
  whale: gov(200_000),
  voterA: gov(100_000),
  voterB: gov(100_000),
  voterC: gov(100_000),
  big: gov(300_000),
  proposer: gov(30_000),
  holder: gov(50_000),
  recipient: gov(50_000),
  delegator: gov(50_000),
} as const;
type Account = keyof typeof ALLOCATION;
/** The accounts that vote or propose: each is bound to an identity of its own on the identity stack. */
const BOUND_ACCOUNTS: readonly Account[] = ["whale", "voterA", "voterB", "voterC", "big", "proposer"];
/** The voters of the workload (all vote For). */
const VOTERS: readonly Account[] = ["voterA", "voterB", "whale", "voterC", "big"];
/** The production delegation cap: 2 % of the 10M supply (PolycentricGovernor stacks). */
const CAP = gov(200_000);
const VOTE_CAPPED_TOPIC = PolycentricGovernor__factory.createInterface().getEvent("VoteCapped")!.topicHash;

/** What a stack counts of `power`: capped on the stacks with GovernorVotesCapped, whole elsewhere. */
function countedOn(s: { capped: boolean }, power: bigint): bigint {
  return s.capped && power > CAP ? CAP : power;
}
const TRANSFER_AMOUNT = gov(10_000);
const RECEIVER_ARGUMENT = 42n;
const DESCRIPTION = "Gas benchmark: call CallReceiver__Mock.mockFunction(42) through the timelock";
const VOTE_REASON = "Gas benchmark: a vote with a one-sentence reason attached.";
/**
 * The fresh identity of the absolute measurements: a 208-bit hash-derived id like an attester would use, so its
 * calldata is realistic (almost no zero bytes) rather than flattered by a small integer.
 */
const BENCH_IDENTITY = BigInt(keccakText("Polycentric gas benchmark identity")) >> 48n;

const NOT_ELIGIBLE_SELECTOR =
  PolycentricGovernor__factory.createInterface().getError("GovernorVoterNotEligible")!.selector;

const COUNTING_MODE = {
  linear: "support=bravo&quorum=for,abstain",
  quadratic: "support=bravo&quorum=for,abstain&tally=sqrt&quorum-domain=raw&overridable=true&params=override",
} as const;

/** Raw participation (what quorum is measured on) and the For tally that decides the outcome. */
interface Tally {
  rawForAbstain: bigint;
  forWeight: bigint;
}

type DeployedContract = "token" | "governor" | "registry" | "escalation" | "policy";

interface Stack {
  name: Column;
  token: ERC20Votes;
  timelock: TimelockController;
  helper: GovernorHelper;
  /** Quadratic counting (weight ⌊√power⌋) or linear. */
  quadratic: boolean;
  /** Delegation cap and holding period (GovernorVotesCapped): power above 2 % of the supply is not counted. */
  capped: boolean;
  registry?: IdentityRegistry;
  disputes?: DisputeContracts;
  tally(id: bigint): Promise<Tally>;
  deployment: Partial<Record<DeployedContract, DeploymentGas>>;
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

function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (actual !== expected) throw new Error(`${what}: got ${String(actual)}, expected ${String(expected)}`);
}

/** THREATS I16: the governor is the timelock's only proposer, canceller and executor; the deployer holds nothing. */
async function assertTimelockWiring(stack: Column, timelock: TimelockController, governor: string): Promise<void> {
  const members = replayRoleEvents(await readRoleEvents(timelock));
  const violations = timelockWiringViolations(members, {
    timelock: await timelock.getAddress(),
    governor,
    openExecutor: false,
  });
  if (violations.length > 0) throw new Error(`${stack} timelock wiring is wrong:\n  ${violations.join("\n  ")}`);
}

/**
 * An attester expiry about a year ahead whose four low bytes are all non-zero (and higher bytes zero), so the
 * registry's constructor calldata, hence its deployment gas, does not depend on the wall-clock genesis time.
 */
function deterministicExpiry(now: bigint): bigint {
  let expiry = (((now + 365n * DAY) >> 16n) << 16n) | 0x0101n;
  if (((expiry >> 16n) & 0xffn) === 0n) expiry += 1n << 16n;
  if (((expiry >> 24n) & 0xffn) === 0n || expiry >= 1n << 32n) {
    throw new Error(`no 4-byte attester expiry with non-zero bytes near ${now}`);
  }
  return expiry;
}

async function deployBaseline(deployer: HardhatEthersSigner): Promise<Stack> {
  // The same deployment the attack simulator compares against (lib/sim/baseline.ts).
  const { token, timelock, governor } = await deployBaselineSuite(deployer);
  const tokenReceipt = await token.deploymentTransaction()!.wait();
  const governorReceipt = await governor.deploymentTransaction()!.wait();
  const governorAddress = await governor.getAddress();
  await assertTimelockWiring("baseline", timelock, governorAddress);
  expectEqual("baseline COUNTING_MODE", await governor.COUNTING_MODE(), COUNTING_MODE.linear);

  return {
    name: "baseline",
    token: ERC20Votes__factory.connect(await token.getAddress(), deployer),
    timelock,
    helper: await GovernorHelper.create(governor, deployer),
    quadratic: false,
    capped: false,
    tally: async (id) => {
      const [, forVotes, abstainVotes] = await governor.proposalVotes(id);
      return { rawForAbstain: forVotes + abstainVotes, forWeight: forVotes };
    },
    deployment: {
      token: { deployGas: tokenReceipt!.gasUsed, bytecodeBytes: await bytecodeBytes(await token.getAddress()) },
      governor: { deployGas: governorReceipt!.gasUsed, bytecodeBytes: await bytecodeBytes(governorAddress) },
    },
  };
}

/** Runs an Ignition deployment and returns what it returned plus the creation gas of every contract it created. */
async function withCreationGas<T>(deploy: () => Promise<T>): Promise<{ deployed: T; gasOf(address: string): bigint }> {
  const provider = hre.ethers.provider;
  const firstBlock = (await provider.getBlockNumber()) + 1;
  const deployed = await deploy();
  const lastBlock = await provider.getBlockNumber();
  // Ignition sent the creation transactions: find their receipts in the blocks it mined.
  const creationGas = new Map<string, bigint>();
  for (let n = firstBlock; n <= lastBlock; n++) {
    const block = await provider.getBlock(n);
    for (const hash of block?.transactions ?? []) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt?.contractAddress) creationGas.set(receipt.contractAddress.toLowerCase(), receipt.gasUsed);
    }
  }
  return {
    deployed,
    gasOf: (address) => {
      const gas = creationGas.get(address.toLowerCase());
      if (gas === undefined)
        throw new Error(`no creation receipt for ${address} in blocks ${firstBlock}..${lastBlock}`);
      return gas;
    },
  };
}

async function deploymentOf(address: string, gasOf: (address: string) => bigint): Promise<DeploymentGas> {
  return { deployGas: gasOf(address), bytecodeBytes: await bytecodeBytes(address) };
}

async function deployLinear(deployer: HardhatEthersSigner): Promise<Stack> {
  const { deployed: suite, gasOf } = await withCreationGas(() => deployLinearSuite(deployer));
  const tokenAddress = await suite.token.getAddress();
  const governorAddress = await suite.governor.getAddress();
  await assertTimelockWiring("linear", suite.timelock, governorAddress);
  expectEqual("linear governor token", await suite.governor.token(), tokenAddress);
  expectEqual("linear governor timelock", await suite.governor.timelock(), await suite.timelock.getAddress());
  expectEqual("linear COUNTING_MODE", await suite.governor.COUNTING_MODE(), COUNTING_MODE.linear);
  expectEqual(
    "linear lateQuorumVoteExtension",
    await suite.governor.lateQuorumVoteExtension(),
    governanceParams("timestamp").lateQuorumExtension,
  );
  return {
    name: "linear",
    token: ERC20Votes__factory.connect(tokenAddress, deployer),
    timelock: suite.timelock,
    helper: await GovernorHelper.create(suite.governor, deployer),
    quadratic: false,
    capped: false,
    tally: async (id) => {
      const [, forVotes, abstainVotes] = await suite.governor.proposalVotes(id);
      return { rawForAbstain: forVotes + abstainVotes, forWeight: forVotes };
    },
    deployment: {
      token: await deploymentOf(tokenAddress, gasOf),
      governor: await deploymentOf(governorAddress, gasOf),
    },
  };
}

async function deployCapped(deployer: HardhatEthersSigner): Promise<Stack> {
  const p = governanceParams("timestamp");
  const token = await new PolycentricToken__factory(deployer).deploy(
    COMMON_WORLD.tokenName,
    COMMON_WORLD.tokenSymbol,
    deployer.address,
    COMMON_WORLD.totalSupply,
  );
  const timelock = await new TimelockController__factory(deployer).deploy(p.timelockDelay, [], [], deployer.address);
  const governor = await new GovernorCapped__Mock__factory(deployer).deploy(token, timelock, governorParamsStruct(p));
  const governorAddress = await governor.getAddress();
  for (const role of [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE, TIMELOCK_ROLES.EXECUTOR_ROLE]) {
    await mined(timelock.grantRole(role, governorAddress));
  }
  await mined(timelock.renounceRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address));
  await assertTimelockWiring("capped", timelock, governorAddress);
  expectEqual("capped COUNTING_MODE", await governor.COUNTING_MODE(), COUNTING_MODE.linear);
  expectEqual("capped capAt", await governor.capAt((await governor.clock()) - 1n), CAP);
  expectEqual("capped holdingPeriod", await governor.holdingPeriod(), DAY);
  const tokenReceipt = (await token.deploymentTransaction()!.wait())!;
  const governorReceipt = (await governor.deploymentTransaction()!.wait())!;
  return {
    name: "capped",
    token: ERC20Votes__factory.connect(await token.getAddress(), deployer),
    timelock,
    helper: await GovernorHelper.create(governor, deployer),
    quadratic: false,
    capped: true,
    tally: async (id) => {
      const [, forVotes, abstainVotes] = await governor.proposalVotes(id);
      return { rawForAbstain: forVotes + abstainVotes, forWeight: forVotes };
    },
    deployment: {
      token: { deployGas: tokenReceipt.gasUsed, bytecodeBytes: await bytecodeBytes(await token.getAddress()) },
      governor: { deployGas: governorReceipt.gasUsed, bytecodeBytes: await bytecodeBytes(governorAddress) },
    },
  };
}

async function deployQuadratic(
  deployer: HardhatEthersSigner,
  name: "quadratic" | "identity" | "open" | "disputes" | "guardrails",
  attester: HardhatEthersSigner,
  committee: readonly HardhatEthersSigner[] = [],
): Promise<Stack> {
  const identity = (
    { quadratic: "none", identity: "strict", open: "open", disputes: "none", guardrails: "none" } as const
  )[name];
  const disputes = name === "disputes";
  const guardrails = name === "guardrails";
  const expiry = deterministicExpiry(BigInt(await time.latest()));
  const parameters: SuiteParameters | undefined =
    identity === "strict"
      ? { PolycentricGovernance: { initialAttesters: [attester.address], initialAttesterExpiries: [expiry] } }
      : disputes
        ? {
            PolycentricGovernance: {
              committeeMembers: committee.map((c) => c.address),
              committeeExpiries: committee.map(() => expiry),
            },
          }
        : undefined;
  const { deployed: suite, gasOf } = await withCreationGas(() =>
    deploySuite(deployer, { identity, parameters, disputes, guardrails }),
  );
  const governor: PolycentricGovernor = suite.governor;
  const tokenAddress = await suite.token.getAddress();
  const governorAddress = await governor.getAddress();
  const timelockAddress = await suite.timelock.getAddress();
  await assertTimelockWiring(name, suite.timelock, governorAddress);
  expectEqual(`${name} governor token`, await governor.token(), tokenAddress);
  expectEqual(`${name} governor timelock`, await governor.timelock(), timelockAddress);
  expectEqual(`${name} COUNTING_MODE`, await governor.COUNTING_MODE(), COUNTING_MODE.quadratic);
  expectEqual(
    `${name} lateQuorumVoteExtension`,
    await governor.lateQuorumVoteExtension(),
    governanceParams("timestamp").lateQuorumExtension,
  );
  const registry = suite.registry;
  if ((registry === undefined) !== (identity === "none")) {
    throw new Error(`${name}: identity "${identity}" deployed ${registry ? "a" : "no"} registry`);
  }
  expectEqual(
    `${name} identityRegistry`,
    await governor.identityRegistry(),
    (await registry?.getAddress()) ?? ZeroAddress,
  );
  expectEqual(`${name} identityStrict`, await governor.identityStrict(), identity === "strict");
  expectEqual(`${name} sybilResistant`, await governor.sybilResistant(), identity === "strict");
  if (registry !== undefined) {
    expectEqual(`${name} registry governance`, await registry.governance(), timelockAddress);
    expectEqual(`${name} attester active`, await registry.isActiveAttester(attester.address), identity === "strict");
  }

  const deployment: Stack["deployment"] = {
    token: await deploymentOf(tokenAddress, gasOf),
    governor: await deploymentOf(governorAddress, gasOf),
  };
  if (registry !== undefined) deployment.registry = await deploymentOf(await registry.getAddress(), gasOf);
  if (guardrails !== (suite.policy !== undefined)) throw new Error(`${name}: policy deployed: ${!guardrails}`);
  if (suite.policy !== undefined) {
    expectEqual(`${name} policy governor`, await suite.policy.governor(), governorAddress);
    deployment.policy = await deploymentOf(await suite.policy.getAddress(), gasOf);
  }
  if (disputes !== (suite.disputes !== undefined)) throw new Error(`${name}: dispute contracts deployed: ${!disputes}`);
  if (suite.disputes !== undefined) {
    expectEqual(`${name} escalation governor`, await suite.disputes.escalation.governor(), governorAddress);
    deployment.escalation = await deploymentOf(await suite.disputes.escalation.getAddress(), gasOf);
  }
  return {
    name,
    token: ERC20Votes__factory.connect(tokenAddress, deployer),
    timelock: suite.timelock,
    helper: await GovernorHelper.create(governor, deployer),
    quadratic: true,
    capped: true,
    registry,
    disputes: suite.disputes,
    tally: async (id) => {
      const [, rawFor, rawAbstain] = await governor.proposalRawVotes(id);
      const [, forWeight] = await governor.proposalVotes(id);
      return { rawForAbstain: rawFor + rawAbstain, forWeight };
    },
    deployment,
  };
}

/** Compiler settings of the measured contracts, from their build info (all must share them). */
async function snapshotMeta(): Promise<GasSnapshotMeta> {
  const names = [
    "contracts/token/PolycentricToken.sol:PolycentricToken",
    "contracts/governance/PolycentricGovernor.sol:PolycentricGovernor",
    "contracts/governance/PolycentricGovernorLinear.sol:PolycentricGovernorLinear",
    "contracts/identity/IdentityRegistry.sol:IdentityRegistry",
    "contracts/baseline/BaselineToken.sol:BaselineToken",
    "contracts/baseline/BaselineGovernor.sol:BaselineGovernor",
    "contracts/mocks/GovernorCapped__Mock.sol:GovernorCapped__Mock",
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
  const budgets = parseGasBudgets(JSON.parse(readFileSync(BUDGETS_FILE, "utf8")), {
    stacks: STACKS,
    operations: OPERATIONS,
    absolute: ABSOLUTE_OPERATIONS,
  });
  const meta = await snapshotMeta();
  console.log(
    `Polycentric gas benchmark: stock OpenZeppelin baseline vs ${STACKS.length} Polycentric stacks ` +
      `(${STACKS.join(", ")}), same workload, same signers`,
  );
  const optimizer = meta.optimizerEnabled ? `${meta.optimizerRuns} runs` : "off";
  console.log(`solc ${meta.solcVersion}, evm ${meta.evmVersion}, optimizer ${optimizer}, hardfork ${meta.hardfork}\n`);

  const signers = await hre.ethers.getSigners();
  const [
    deployer,
    whale,
    voterA,
    voterB,
    voterC,
    proposer,
    holder,
    recipient,
    attester,
    fresh1,
    fresh2,
    big,
    delegator,
  ] = signers;
  const [member1, member2, challenger, defender1, defender2] = signers.slice(13);
  if (defender2 === undefined || delegator === undefined || deployer === undefined) {
    throw new Error("the workload needs 18 signers");
  }
  const accounts: Record<Account, HardhatEthersSigner> = {
    whale: whale!,
    voterA: voterA!,
    voterB: voterB!,
    voterC: voterC!,
    big: big!,
    proposer: proposer!,
    holder: holder!,
    recipient: recipient!,
    delegator,
  };

  progress("deploying the baseline (BaselineToken, TimelockController, BaselineGovernor; ethers factories)");
  const baseline = await deployBaseline(deployer);
  progress("deploying linear (PolycentricToken, TimelockController, PolycentricGovernorLinear; Ignition)");
  const linear = await deployLinear(deployer);
  progress("deploying capped (PolycentricToken, TimelockController, GovernorCapped__Mock; ethers factories)");
  const capped = await deployCapped(deployer);
  progress('deploying quadratic (PolycentricGovernor, identity "none"; Ignition)');
  const quadratic = await deployQuadratic(deployer, "quadratic", attester!);
  progress(
    `deploying identity (PolycentricGovernor + IdentityRegistry, identity "strict", attester ${attester!.address})`,
  );
  const identity = await deployQuadratic(deployer, "identity", attester!);
  progress('deploying open (PolycentricGovernor + IdentityRegistry, identity "open"; Ignition)');
  const open = await deployQuadratic(deployer, "open", attester!);
  progress("deploying disputes (quadratic PolycentricGovernor bound to DisputeEscalation, committee of two; Ignition)");
  const disputes = await deployQuadratic(deployer, "disputes", attester!, [member1!, member2!]);
  progress(
    "deploying guardrails (quadratic PolycentricGovernor bound to GovernancePolicy, as in production; Ignition)",
  );
  const guardrails = await deployQuadratic(deployer, "guardrails", attester!);
  const stacks: readonly Stack[] = [baseline, linear, capped, quadratic, identity, open, disputes, guardrails];
  const columns = stacks.map((s) => s.name);
  if (columns.join() !== ["baseline", ...STACKS].join()) throw new Error(`unexpected stack order ${columns.join()}`);

  progress("deploying the shared CallReceiver__Mock and calling it once (so every execution writes non-zero slots)");
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
  /** Runs `step` on the baseline then on every stack and records each receipt's gasUsed as `operation`. */
  async function measure(
    operation: Operation,
    what: string,
    step: (s: Stack) => Promise<ContractTransactionReceipt>,
  ): Promise<void> {
    const gas = {} as Record<Column, bigint>;
    for (const s of stacks) gas[s.name] = (await step(s)).gasUsed;
    const perStack = Object.fromEntries(STACKS.map((n) => [n, gas[n]])) as Record<StackName, bigint>;
    measurements.push({ operation, baseline: gas.baseline, stacks: perStack });
    progress(`${operation} (${what}): ${columns.map((c) => `${c} ${formatGas(gas[c])}`).join(", ")}`);
  }
  /** Runs an unmeasured setup step on every stack. */
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
  await setup("self-delegated every other workload account but the delegator", async (s) => {
    for (const name of Object.keys(ALLOCATION) as Account[]) {
      if (name !== "voterA" && name !== "delegator") {
        await mined(s.token.connect(accounts[name]).delegate(accounts[name].address));
      }
    }
  });
  await measure("delegate to another", `first delegation of ${accounts.delegator.address} to the recipient`, (s) =>
    mined(s.token.connect(accounts.delegator).delegate(accounts.recipient.address)),
  );

  await measure("transfer", `${formatGov(TRANSFER_AMOUNT)} between two delegated accounts`, (s) =>
    mined(s.token.connect(accounts.holder).transfer(accounts.recipient.address, TRANSFER_AMOUNT)),
  );
  await measure("transfer by a delegator", `${formatGov(TRANSFER_AMOUNT)} from the delegator to the holder`, (s) =>
    mined(s.token.connect(accounts.delegator).transfer(accounts.holder.address, TRANSFER_AMOUNT)),
  );
  // Give the holder's 10,000 back so the balances below are the allocations again (unmeasured).
  await setup("the holder returned the delegator's transfer", (s) =>
    mined(s.token.connect(accounts.holder).transfer(accounts.delegator.address, TRANSFER_AMOUNT)),
  );
  await setup("the recipient returned the holder's transfer", (s) =>
    mined(s.token.connect(accounts.recipient).transfer(accounts.holder.address, TRANSFER_AMOUNT)),
  );

  // The identity stack: each voter and the proposer gets an identity of its own (ids 1..6), one address each.
  const identityIds = new Map<Account, bigint>(BOUND_ACCOUNTS.map((a, i) => [a, BigInt(i + 1)]));
  const identityRegistry = identity.registry!;
  for (const [name, identityId] of identityIds) {
    await mined(bindIdentity(identityRegistry, attester!, accounts[name], identityId));
  }
  progress(`identity: the attester bound ${BOUND_ACCOUNTS.join(", ")} each to an identity of its own (ids 1..6)`);
  // Holdings age one holding period before the proposal, as they have in a live DAO (PolycentricGovernor counts at
  // most what a unit had H before the snapshot; the proposer's threshold is read the same way).
  await time.increase(DAY + 1n);
  progress("one holding period (1 day) passed: every holding is aged");

  const ids = new Map<Column, bigint>();
  await measure("propose", `by ${accounts.proposer.address}`, async (s) => {
    const { id, receipt } = await s.helper.propose(proposal, accounts.proposer);
    ids.set(s.name, id);
    return receipt;
  });
  const id = ids.get("baseline")!;
  for (const [name, other] of ids)
    if (other !== id) throw new Error(`${name} disagrees with the baseline on the proposal id`);

  const quorums = new Map<Column, bigint>();
  await setup("waited for the voting snapshot; checked quorum, voting power and identities at it", async (s) => {
    await s.helper.waitForSnapshot(id);
    await s.helper.expectState(id, "Active");
    const snapshot = await s.helper.governor.proposalSnapshot(id);
    // The workload's vote order assumes quorum falls between the second vote and the whale's.
    const quorum = await s.helper.governor.quorum(snapshot);
    quorums.set(s.name, quorum);
    const beforeWhale = ALLOCATION.voterA + ALLOCATION.voterB;
    if (!(beforeWhale < quorum && quorum <= beforeWhale + ALLOCATION.whale)) {
      throw new Error(`${s.name}: quorum ${formatGov(quorum)} is not reached by the whale's vote exactly`);
    }
    for (const name of VOTERS) {
      // One address per unit: every voter's power is its own allocation, identity or not, capped at 2 % on the
      // PolycentricGovernor stacks (only big's 300,000 is over it).
      const power = await s.helper.governor.getVotes(accounts[name].address, snapshot);
      expectEqual(`${s.name}: ${name}'s voting power at the snapshot`, power, countedOn(s, ALLOCATION[name]));
    }
    if (s.name === "identity") {
      // Strict mode: an address bound to no identity (the holder has votes) may not vote.
      const refused = await s.helper.governor
        .connect(accounts.holder)
        .castVote.staticCall(id, VoteType.For)
        .then(
          () => false,
          (error: { data?: string }) => error.data?.startsWith(NOT_ELIGIBLE_SELECTOR) === true,
        );
      if (!refused) throw new Error("identity: an unbound address was not refused with GovernorVoterNotEligible");
    }
    if (s.registry !== undefined) {
      for (const name of BOUND_ACCOUNTS) {
        const expected = s.name === "identity" ? identityIds.get(name)! : 0n;
        expectEqual(
          `${s.name}: ${name}'s identity at the snapshot`,
          await s.registry.identityAt(accounts[name].address, snapshot),
          expected,
        );
      }
    }
  });
  if (new Set(quorums.values()).size !== 1) throw new Error("the stacks disagree on the quorum");
  const quorum = quorums.get("baseline")!;

  /** Checks every stack's raw participation against quorum after a vote: reached exactly at the whale's vote. */
  async function checkQuorum(after: string, reached: boolean): Promise<void> {
    for (const s of stacks) {
      const { rawForAbstain } = await s.tally(id);
      if (rawForAbstain >= quorum !== reached) {
        throw new Error(
          `${s.name}: after ${after}, raw For+Abstain ${formatGov(rawForAbstain)} ` +
            `${reached ? "has not reached" : "already reached"} quorum ${formatGov(quorum)}`,
        );
      }
    }
  }

  await measure("castVote first", "first vote, below quorum", (s) => s.helper.vote(id, accounts.voterA, VoteType.For));
  await checkQuorum("the first vote", false);
  await measure("castVote second", "second vote, below quorum", (s) =>
    s.helper.vote(id, accounts.voterB, VoteType.For),
  );
  await checkQuorum("the second vote", false);
  await measure("castVote reaching quorum", "the vote that reaches quorum on raw power", (s) =>
    s.helper.vote(id, accounts.whale, VoteType.For),
  );
  await checkQuorum("the whale's vote", true);
  progress(`checked: raw For+Abstain reached quorum (${formatGov(quorum)}) exactly at the whale's vote on every stack`);
  await measure("castVoteWithReason", "after quorum", (s) =>
    s.helper.vote(id, accounts.voterC, VoteType.For, VOTE_REASON),
  );
  await measure("castVote capped", "a 300,000 GOV vote, over the 2 % cap on PolycentricGovernor", async (s) => {
    const receipt = await s.helper.vote(id, accounts.big, VoteType.For);
    const capped = receipt.logs.some((l) => l.topics[0] === VOTE_CAPPED_TOPIC);
    expectEqual(`${s.name}: VoteCapped emitted`, capped, s.quadratic);
    return receipt;
  });
  await setup(
    "checked every stack's For tally (Σ counted; counted = min(power, cap) where capped; ⌊√⌋ if quadratic)",
    async (s) => {
      const expected = VOTERS.reduce(
        (sum, v) => sum + (s.quadratic ? isqrt(countedOn(s, ALLOCATION[v])) : countedOn(s, ALLOCATION[v])),
        0n,
      );
      expectEqual(`${s.name}: For tally`, (await s.tally(id)).forWeight, expected);
    },
  );

  // The quadratic stack's override vote (no baseline counterpart): the delegator takes its 50,000 back from the
  // recipient, which has not voted, and votes with it.
  const overrideReceipt = await mined(
    PolycentricGovernor__factory.connect(
      await quadratic.helper.governor.getAddress(),
      accounts.delegator,
    ).castOverrideVote(id, VoteType.Against, ""),
  );
  const overrideGas = overrideReceipt.gasUsed;
  progress(`castOverrideVote (quadratic stack, the delegator against its delegate): ${formatGas(overrideGas)}`);

  await setup("waited for the voting deadline", async (s) => {
    await s.helper.waitForDeadline(id);
    await s.helper.expectState(id, "Succeeded");
  });
  const window = disputeParams("timestamp").challengeWindow;
  await time.increase(window + 1n);
  await setup("waited out the challenge window (disputes: Unchallenged, so queueing is allowed)", async (s) => {
    if (s.disputes) expectEqual("disputes: dispute state", await s.disputes.escalation.disputeState(id), 2n);
  });
  await measure("queue", "into the TimelockController", (s) => s.helper.queue(proposal));
  await setup("waited for the timelock ETA", (s) => s.helper.waitForEta(id));
  await measure("execute", "through the TimelockController", (s) => s.helper.execute(proposal));
  await setup("checked every proposal executed", (s) => s.helper.expectState(id, "Executed"));
  if ((await receiver.calls()) !== BigInt(1 + stacks.length)) {
    throw new Error("CallReceiver__Mock was not called once per stack");
  }
  if (measurements.map((m) => m.operation).join() !== OPERATIONS.join()) {
    throw new Error("the workload did not measure every operation, in order");
  }

  // Absolute: the identity stack's registry, fresh addresses, a fresh identity.
  const absolute: AbsoluteGasMeasurement[] = [];
  async function measureAbsolute(
    operation: AbsoluteOperation,
    what: string,
    tx: Promise<ContractTransactionResponse>,
  ): Promise<void> {
    const gas = (await mined(tx)).gasUsed;
    absolute.push({ operation, gas });
    progress(`${operation} (${what}): ${formatGas(gas)}`);
  }
  const byAttester = identityRegistry.connect(attester!);
  const freshIdentity = `identity 0x${BENCH_IDENTITY.toString(16).slice(0, 8)}…`;
  for (const a of [fresh1!, fresh2!])
    expectEqual(`${a.address} unbound`, await identityRegistry.identityOf(a.address), 0n);
  expectEqual(
    "the benchmark identity is fresh",
    (await identityRegistry.membersAt(BENCH_IDENTITY, await time.latest())).length,
    0,
  );
  // The consents a bind needs are given first, unmeasured: the rows measure the attester's bind alone.
  await mined(identityRegistry.connect(fresh1!).consentToBind(BENCH_IDENTITY));
  await mined(identityRegistry.connect(fresh2!).consentToBind(BENCH_IDENTITY));
  await measureAbsolute(
    "bind",
    `${fresh1!.address} to fresh ${freshIdentity}`,
    byAttester.bind(fresh1!.address, BENCH_IDENTITY),
  );
  await mined(identityRegistry.connect(fresh1!).admitMember(BENCH_IDENTITY, fresh2!.address));
  await measureAbsolute(
    "bind second address",
    `${fresh2!.address} to the same identity`,
    byAttester.bind(fresh2!.address, BENCH_IDENTITY),
  );
  await measureAbsolute("unbind", `the attester unbinds ${fresh1!.address}`, byAttester.unbind(fresh1!.address));
  expectEqual(
    "the bench identity's members",
    (await identityRegistry.membersAt(BENCH_IDENTITY, await time.latest())).join(),
    fresh2!.address,
  );
  absolute.push({ operation: "castOverrideVote", gas: overrideGas });

  // Disputes (absolute, disputes stack): a second proposal, challenged, defended, upheld, settled, claimed.
  const escalation = disputes.disputes!.escalation;
  const escalationAddress = await escalation.getAddress();
  const bond = disputeParams("timestamp").bond;
  const dToken = disputes.token;
  for (const a of [challenger!, defender1!, defender2!]) {
    await mined(dToken.connect(deployer).transfer(a.address, 2n * bond));
    await mined(dToken.connect(a).delegate(a.address));
    await mined(dToken.connect(a).approve(escalationAddress, 2n * bond));
  }
  // Two disputed proposals: the first warms the escalation's one-time slots (its token balance and checkpoints, the
  // accounting totals), so the second measures a challenge and a claim in steady state.
  const disputedIds: bigint[] = [];
  for (const n of [1n, 2n]) {
    const disputed = buildProposal(
      [
        {
          target: await receiver.getAddress(),
          data: receiver.interface.encodeFunctionData("mockFunction", [RECEIVER_ARGUMENT + n]),
        },
      ],
      `${DESCRIPTION} (disputed #${n})`,
    );
    disputedIds.push((await disputes.helper.propose(disputed, accounts.proposer)).id);
  }
  const [warmId, disputedId] = disputedIds as [bigint, bigint];
  await disputes.helper.waitForSnapshot(disputedId);
  // The same majority as the main workload's proposal: under the delegation cap no single voter reaches the quorum.
  for (const pid of disputedIds) {
    for (const v of [accounts.whale, accounts.voterA, accounts.voterB, accounts.voterC]) {
      await disputes.helper.vote(pid, v, VoteType.For);
    }
  }
  await disputes.helper.waitForDeadline(disputedId);
  progress("disputes: two more proposals passed; their challenge windows are open");
  await setBalance(escalationAddress, hre.ethers.parseEther("1"));
  const asEscalation = await hre.ethers.getImpersonatedSigner(escalationAddress);
  /** Gas of `tx` minus the gas of the token movement it makes, sent alone from the same state (then undone). */
  async function measureWithOwn(
    operation: "challenge" | "claim",
    what: string,
    tokenAlone: () => Promise<ContractTransactionResponse>,
    tx: () => Promise<ContractTransactionResponse>,
  ): Promise<void> {
    const snapshot = await takeSnapshot();
    const alone = (await mined(tokenAlone())).gasUsed;
    await snapshot.restore();
    const gas = (await mined(tx())).gasUsed;
    absolute.push({ operation, gas }, { operation: `${operation} own`, gas: gas - alone });
    progress(
      `${operation} (${what}): ${formatGas(gas)}; the same token movement alone ${formatGas(alone)}; ` +
        `own ${formatGas(gas - alone)}`,
    );
  }
  await mined(escalation.connect(challenger!).challenge(warmId, bond));
  await measureWithOwn(
    "challenge",
    `${formatGov(bond)} bond pulled from ${challenger!.address}, steady state`,
    () => dToken.connect(asEscalation).transferFrom(challenger!.address, escalationAddress, bond),
    () => escalation.connect(challenger!).challenge(disputedId, bond),
  );
  for (const pid of disputedIds) {
    await mined(escalation.connect(defender1!).stake(pid, 1, bond / 2n));
    await mined(escalation.connect(defender2!).stake(pid, 1, bond / 2n));
  }
  await time.increaseTo((await escalation.dispute(disputedId)).fundingEnd + 1n);
  for (const pid of disputedIds) {
    for (const m of [member1!, member2!]) await mined(disputes.disputes!.committee.connect(m).castRuling(pid, 1));
  }
  await time.increaseTo((await escalation.dispute(disputedId)).appealEnd + 1n);
  for (const pid of disputedIds) {
    expectEqual("disputes: a disputed proposal", await escalation.disputeState(pid), 6n); // Upheld
    await mined(escalation.settle(pid));
  }
  await mined(escalation.connect(defender1!).claim(warmId));
  const [refund, reward] = await escalation.claimable(disputedId, defender1!.address);
  await measureWithOwn(
    "claim",
    `first of two defenders: ${formatGov(refund)} refund + ${formatGov(reward)} reward, after settle, steady state`,
    () => dToken.connect(asEscalation).transfer(defender1!.address, refund + reward),
    () => escalation.connect(defender1!).claim(disputedId),
  );

  if (absolute.map((m) => m.operation).join() !== ABSOLUTE_OPERATIONS.join()) {
    throw new Error("the workload did not measure every absolute operation, in order");
  }

  // The dispute module adds nothing to voting: castVote costs exactly what it costs on the quadratic stack.
  for (const m of measurements.filter((x) => x.operation.startsWith("castVote"))) {
    expectEqual(`${m.operation}: disputes vs quadratic gas`, m.stacks.disputes, m.stacks.quadratic);
    expectEqual(`${m.operation}: guardrails vs quadratic gas`, m.stacks.guardrails, m.stacks.quadratic);
  }
  progress(
    "checked: every castVote costs the same with and without the dispute and guardrails modules " +
      "(disputes = guardrails = quadratic)",
  );

  const results = checkGasBudgets(measurements, budgets, STACKS);
  const absoluteResults = checkAbsoluteGasBudgets(absolute, budgets);
  const deployment: DeploymentGasRow[] = (["token", "governor", "registry", "escalation", "policy"] as const).map(
    (c) => ({
      contract: c,
      deployments: Object.fromEntries(stacks.map((s) => [s.name, s.deployment[c]])),
    }),
  );

  for (const stack of STACKS) {
    console.log(`\n${stack}: receipt gasUsed; ratio = ${stack} / baseline; budget from gas/budgets.json\n`);
    console.log(formatGasBudgetTable(results, stack));
  }
  console.log("\nAll stacks (cell: gas ×ratio/budget status)\n");
  console.log(formatGasOverviewTable(results, STACKS));
  console.log(
    "\nAbsolute gas (identity registry on the identity stack; dispute escalation on the disputes stack; " +
      "budget from gas/budgets.json)\n",
  );
  console.log(formatAbsoluteGasTable(absoluteResults));
  console.log("\nDeployment (informational, no budget; ×ratio over the baseline; bytes = runtime bytecode)\n");
  console.log(formatDeploymentTable(deployment, STACKS));

  mkdirSync(path.dirname(SNAPSHOT_FILE), { recursive: true });
  writeFileSync(
    SNAPSHOT_FILE,
    serializeGasSnapshot(buildGasSnapshot(meta, STACKS, measurements, absolute, deployment)),
  );
  console.log(`\nwrote ${path.relative(ROOT, SNAPSHOT_FILE)}`);

  const failure = formatOverBudgetMessage(results, absoluteResults);
  if (failure !== "") {
    console.error(`\nGAS BUDGET EXCEEDED: ${failure}`);
    return 1;
  }
  const budgeted = absoluteResults.filter((r) => r.status !== "INFO").length;
  console.log(
    `all ${results.length} (stack, operation) ratios and ${budgeted} absolute operations are within their gas budgets`,
  );
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
