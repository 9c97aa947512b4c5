/**
 * The THREATS.md common world, deployed for both systems with the same parameters in one Hardhat network run:
 *
 * - **baseline**: the stock OpenZeppelin stack (BaselineToken, TimelockController, BaselineGovernor;
 *   lib/sim/baseline.ts),
 * - **polycentric**: the production suite through its Ignition module (deploySuite: quadratic counting, identity
 *   registry in *open* mode, so `sybilResistant()` is false),
 * - optionally **polycentric-strict** (strict identity mode, the community bound to identities), a measure for A3.
 *
 * Both tokens hold 10,000,000 GOV distributed the same way to the same signers:
 *
 *   treasury (timelock)   4,000,000 GOV + 1,000 ETH, never delegated
 *   whale                 1,500,000 self-delegated                 signer 1
 *   20 community holders  100,000 each, self-delegated            signers 2–21
 *   5 delegates           0 own; 400,000 each delegated to them    signers 22–26
 *   100 small holders     20,000 each, delegating to delegate i%5  signers 27–126
 *   undelegated float     500,000 on the deployer (the market)     signer 0
 *   attacker              0, self-delegated in advance             signer 127
 *   attester              0 (strict world's identity attester)    signer 128; 129+ spare
 *
 * After funding, one holding period (1 day) passes, so every allocation is aged when a recipe starts.
 *
 * The world is built once; {@link World.reset} reverts the chain to a snapshot (hardhat `evm_snapshot`) and the
 * invariant models with it, so every seed starts from the same state without redeploying. Recipes that need extra
 * contracts or accounts add them once with {@link World.extend}, which retakes the snapshot.
 */
import hre from "hardhat";
import { setBalance, takeSnapshot, time, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { dataSlice, getAddress, id as keccakUtf8, parseEther } from "ethers";

import {
  BaselineGovernor__factory,
  ERC20Votes__factory,
  type BaselineGovernor,
  type DisputeEscalation,
  type ERC20Votes,
  type IdentityRegistry,
  type PolycentricGovernor,
  type TimelockController,
} from "../../typechain-types";
import { GovernorHelper } from "../governor-helper";
import { COMMON_WORLD } from "../params";
import { bindIdentity, deploySuite, type DisputeContracts, type Suite } from "../suite";
import { DAY } from "../time";
import { gov } from "../units";
import { deployBaselineSuite } from "./baseline";
import { InvariantChecker } from "./invariants";
import { prngFor } from "./prng";
import type { SystemName } from "./types";

/** The common world's allocations (THREATS "Common world"). */
export const WORLD = {
  totalSupply: COMMON_WORLD.totalSupply,
  treasury: gov(4_000_000),
  treasuryEth: parseEther("1000"),
  whale: gov(1_500_000),
  communityCount: 20,
  communityStake: gov(100_000),
  delegateCount: 5,
  smallCount: 100,
  smallStake: gov(20_000),
  float: gov(500_000),
  /** Turnout p: "normal" and "low" (THREATS). */
  turnout: { normal: 0.5, low: 0.1 },
  /** Probability that an honest agent favours an ordinary (non-malicious) proposal. */
  preferFor: 0.7,
  /** Signers the world needs (hardhat.config.ts configures 140). */
  signersNeeded: 129,
} as const;

/** The quorum of the common world: 4 % of the supply at the snapshot. */
export const WORLD_QUORUM = (COMMON_WORLD.totalSupply * COMMON_WORLD.quorumNumerator) / 100n;

export type HonestRole = "whale" | "community" | "delegate";

/** An agent that votes: the whale, a community holder or a delegate (for its 20 small holders). */
export interface HonestVoter {
  signer: HardhatEthersSigner;
  address: string;
  role: HonestRole;
  /** Voting power in the common world (own or delegated). */
  power: bigint;
  /** Side it takes on an ordinary proposal (drawn once per world from a fixed seed). */
  preference: "for" | "against";
  /** Probability that it votes at all (normal turnout). */
  turnout: number;
}

export interface Agents {
  /** Deployer and market: holds the undelegated float. */
  deployer: HardhatEthersSigner;
  whale: HardhatEthersSigner;
  community: HardhatEthersSigner[];
  delegates: HardhatEthersSigner[];
  small: HardhatEthersSigner[];
  attacker: HardhatEthersSigner;
  attester: HardhatEthersSigner;
  spare: HardhatEthersSigner[];
}

/** One governance system of the world, with everything a recipe needs to drive and check it. */
export interface SimSystem {
  name: SystemName;
  /** "baseline", "polycentric" or "polycentric-strict". */
  label: string;
  token: ERC20Votes;
  /** The governor through the ABI both systems share (BaselineGovernor's is a subset of PolycentricGovernor's). */
  governor: BaselineGovernor;
  /** The same governor with Polycentric's own functions (raw tallies, identity), when quadratic. */
  polycentric?: PolycentricGovernor;
  timelock: TimelockController;
  registry?: IdentityRegistry;
  /** Dispute escalation contracts, when the system was deployed with them (A9's measure). */
  disputes?: DisputeContracts;
  helper: GovernorHelper;
  quadratic: boolean;
  address: { token: string; governor: string; timelock: string };
  checker: InvariantChecker;
  /** The timelock as an impersonated signer: the treasury selling tokens to a buyer (see recipes `buy`). */
  treasury: HardhatEthersSigner;
}

export interface WorldOptions {
  /** Also deploy the strict-identity Polycentric suite (A3's measure). Can be added later with ensureStrict(). */
  strict?: boolean;
  /** Seed of the agents' preferences. */
  preferenceSeed?: number;
  log?: (line: string) => void;
}

/** A deterministic extra address (e.g. a sybil), funded with ETH and impersonated by {@link World.extraSigners}. */
export function extraAddress(label: string, i: number): string {
  return getAddress(dataSlice(keccakUtf8(`Polycentric sim ${label} ${i}`), 12));
}

export class World {
  /**
   * Named wall-clock timings (milliseconds): signersMs (Hardhat's one-time account derivation on the first
   * getSigners), deployMs, fundMs, strictMs, invariantModelMs, worldSetupMs (everything but signersMs).
   */
  readonly timings: Record<string, number> = {};
  strict?: SimSystem;
  /** Systems recipes added with {@link World.ensureSystem} (e.g. A9's dispute-enabled suite), by key. */
  readonly extraSystems = new Map<string, SimSystem>();
  private snapshot!: SnapshotRestorer;
  private readonly extensions = new Set<string>();
  private readonly tracked = new Set<string>();

  private constructor(
    readonly systems: Record<SystemName, SimSystem>,
    readonly agents: Agents,
    readonly voters: HonestVoter[],
    private readonly log: (line: string) => void,
  ) {}

  /** Deploys and funds both systems, takes the base snapshot. */
  static async create(opts: WorldOptions = {}): Promise<World> {
    const started = Date.now();
    const bootTimings: Record<string, number> = {};
    const log = opts.log ?? (() => undefined);
    const signers = await hre.ethers.getSigners();
    // The first call makes Hardhat derive its 140 accounts from the mnemonic (seconds, once per process): timed apart.
    bootTimings.signersMs = Date.now() - started;
    const agents = commonWorldAgents(signers);

    const deployStarted = Date.now();
    const baseline = await deployBaselineSuite(agents.deployer);
    const suite = await deploySuite(agents.deployer, { guardrails: true });
    const systems: Record<SystemName, SimSystem> = {
      baseline: await attachSystem(
        "baseline",
        "baseline",
        baseline.token,
        baseline.governor,
        baseline.timelock,
        agents,
      ),
      polycentric: await attachSuite("polycentric", suite, agents),
    };
    bootTimings.deployMs = Date.now() - deployStarted;
    log(`deployed baseline and polycentric (${bootTimings.deployMs} ms)`);

    const prng = prngFor("world/preferences", opts.preferenceSeed ?? 1);
    const voter = (signer: HardhatEthersSigner, role: HonestRole, power: bigint): HonestVoter => ({
      signer,
      address: signer.address,
      role,
      power,
      preference: prng.bernoulli(WORLD.preferFor) ? "for" : "against",
      turnout: WORLD.turnout.normal,
    });
    const voters: HonestVoter[] = [
      voter(agents.whale, "whale", WORLD.whale),
      ...agents.community.map((s) => voter(s, "community", WORLD.communityStake)),
      ...agents.delegates.map((s) =>
        voter(s, "delegate", (WORLD.smallStake * BigInt(WORLD.smallCount)) / BigInt(WORLD.delegateCount)),
      ),
    ];

    const world = new World(systems, agents, voters, log);
    Object.assign(world.timings, bootTimings);
    const fundStarted = Date.now();
    for (const sys of world.list) await fundCommonWorld(sys, agents);
    world.timings.fundMs = Date.now() - fundStarted;
    for (const s of signers) world.tracked.add(s.address);
    for (const sys of world.list) world.tracked.add(sys.address.timelock);
    // The allocations age one holding period before any recipe runs, as holdings in a live DAO have: Polycentric
    // counts at most what a unit already had H before a snapshot, and the threshold check reads clock() − 1.
    await time.increase(COMMON_WORLD.holdingPeriod + 1n);
    if (opts.strict) {
      const strictStarted = Date.now();
      await world.deployStrict();
      world.timings.strictMs = Date.now() - strictStarted;
    }
    const modelStarted = Date.now();
    for (const sys of world.allSystems) await sys.checker.init(world.tracked);
    world.timings.invariantModelMs = Date.now() - modelStarted;
    world.snapshot = await takeSnapshot();
    world.timings.worldSetupMs = Date.now() - started - world.timings.signersMs!;
    log(`funded the 126 agents on both systems; world ready (${world.timings.worldSetupMs} ms)`);
    return world;
  }

  /** Baseline then Polycentric (the strict measure is not in this list). */
  get list(): SimSystem[] {
    return [this.systems.baseline, this.systems.polycentric];
  }

  /** Every deployed system, including the strict measure and any extra system when present. */
  get allSystems(): SimSystem[] {
    return [...this.list, ...(this.strict ? [this.strict] : []), ...this.extraSystems.values()];
  }

  /**
   * Adds a system that `deploy` builds (once per key, inside {@link extend}), so its invariant model is initialised
   * and restored with the world's. `deploy` returns the system and the addresses that may hold its tokens.
   */
  async ensureSystem(
    key: string,
    deploy: () => Promise<{ system: SimSystem; holders: Iterable<string> }>,
  ): Promise<SimSystem> {
    await this.extend(`system:${key}`, async () => {
      const { system, holders } = await deploy();
      this.extraSystems.set(key, system);
      return holders;
    });
    return this.extraSystems.get(key)!;
  }

  /** Reverts the chain and the invariant models to the base snapshot. */
  async reset(): Promise<void> {
    await this.snapshot.restore();
    for (const sys of this.allSystems) sys.checker.restore();
  }

  /**
   * Runs `setup` once per key on a reset world (deploying contracts, funding accounts) and makes its result part of
   * the base snapshot. `setup` returns any new address that may hold tokens, for the invariant models.
   */
  async extend(key: string, setup: () => Promise<Iterable<string> | void>): Promise<void> {
    if (this.extensions.has(key)) return;
    await this.reset();
    const started = Date.now();
    const added = await setup();
    if (added) for (const a of added) this.tracked.add(a);
    await hre.network.provider.send("evm_mine");
    for (const sys of this.allSystems) await sys.checker.init(this.tracked);
    this.snapshot = await takeSnapshot();
    this.extensions.add(key);
    this.timings[`extend:${key}Ms`] = Date.now() - started;
  }

  /** Deterministic extra accounts (funded with 10 ETH, impersonated); call inside {@link extend}. */
  async extraSigners(label: string, count: number): Promise<HardhatEthersSigner[]> {
    const out: HardhatEthersSigner[] = [];
    for (let i = 0; i < count; i++) {
      const address = extraAddress(label, i);
      await setBalance(address, parseEther("10"));
      out.push(await hre.ethers.getImpersonatedSigner(address));
    }
    return out;
  }

  /** Adds the strict-identity Polycentric suite (a measure for A3) to the world, once. */
  async ensureStrict(): Promise<SimSystem> {
    await this.extend("strict", async () => {
      await this.deployStrict();
    });
    return this.strict!;
  }

  /** Strict identity mode: the attester binds every community holder to an identity of its own (1…20). */
  private async deployStrict(): Promise<void> {
    if (this.strict) return;
    const { deployer, attester, community } = this.agents;
    const expiry = BigInt(await time.latest()) + 365n * DAY;
    const suite = await deploySuite(deployer, {
      guardrails: true,
      identity: "strict",
      parameters: {
        PolycentricGovernance: { initialAttesters: [attester.address], initialAttesterExpiries: [expiry] },
      },
    });
    const sys = await attachSuite("polycentric-strict", suite, this.agents);
    const token = sys.token.connect(deployer);
    await token.transfer(sys.address.timelock, WORLD.treasury);
    for (const [i, c] of community.entries()) {
      await token.transfer(c.address, WORLD.communityStake);
      await sys.token.connect(c).delegate(c.address);
      await bindIdentity(suite.registry!, attester, c, BigInt(i + 1));
    }
    await sys.token.connect(this.agents.attacker).delegate(this.agents.attacker.address);
    this.tracked.add(sys.address.timelock);
    this.strict = sys;
    this.log("deployed polycentric-strict (community bound to identities 1–20)");
  }
}

/**
 * Wraps deployed contracts as a {@link SimSystem} (typed views, helper, invariant checker, the timelock as an
 * impersonated treasury signer with 1,000 ETH). The checker still needs `init` with the holders.
 */
export async function attachSystem(
  name: SystemName,
  label: string,
  tokenContract: { getAddress(): Promise<string> },
  governorContract: { getAddress(): Promise<string> },
  timelock: TimelockController,
  agents: Agents,
  polycentric?: PolycentricGovernor,
  registry?: IdentityRegistry,
  disputes?: DisputeContracts,
): Promise<SimSystem> {
  const address = {
    token: await tokenContract.getAddress(),
    governor: await governorContract.getAddress(),
    timelock: await timelock.getAddress(),
  };
  const token = ERC20Votes__factory.connect(address.token, agents.deployer);
  const governor = BaselineGovernor__factory.connect(address.governor, agents.deployer);
  const escalation: DisputeEscalation | undefined = disputes?.escalation;
  const checker = new InvariantChecker({ label, token, governor, quadratic: polycentric, escalation });
  await setBalance(address.timelock, WORLD.treasuryEth);
  const treasury = await hre.ethers.getImpersonatedSigner(address.timelock);
  const sys: SimSystem = {
    name,
    label,
    token,
    governor,
    timelock: timelock.connect(agents.deployer),
    helper: await GovernorHelper.create(governor, agents.deployer),
    quadratic: polycentric !== undefined,
    address,
    checker,
    treasury,
  };
  if (polycentric) sys.polycentric = polycentric.connect(agents.deployer);
  if (registry) sys.registry = registry;
  if (disputes) sys.disputes = disputes;
  return sys;
}

/** The common world's agents in signer order (see the file comment); needs {@link WORLD}.signersNeeded signers. */
export function commonWorldAgents(signers: readonly HardhatEthersSigner[]): Agents {
  if (signers.length < WORLD.signersNeeded) {
    throw new Error(`the common world needs ${WORLD.signersNeeded} signers, hardhat has ${signers.length}`);
  }
  const c0 = 2;
  const d0 = c0 + WORLD.communityCount;
  const s0 = d0 + WORLD.delegateCount;
  const a0 = s0 + WORLD.smallCount;
  return {
    deployer: signers[0]!,
    whale: signers[1]!,
    community: signers.slice(c0, d0),
    delegates: signers.slice(d0, s0),
    small: signers.slice(s0, a0),
    attacker: signers[a0]!,
    attester: signers[a0 + 1]!,
    spare: signers.slice(a0 + 2),
  };
}

/**
 * The common world's allocations on one system, from the deployer's initial supply: treasury, whale, community,
 * small holders delegating to the delegates, the attacker self-delegated, the float left on the deployer (the
 * treasury's ETH is set by {@link attachSystem}).
 */
export async function fundCommonWorld(sys: SimSystem, agents: Agents): Promise<void> {
  const token = sys.token.connect(agents.deployer);
  await token.transfer(sys.address.timelock, WORLD.treasury);
  await token.transfer(agents.whale.address, WORLD.whale);
  await sys.token.connect(agents.whale).delegate(agents.whale.address);
  for (const c of agents.community) {
    await token.transfer(c.address, WORLD.communityStake);
    await sys.token.connect(c).delegate(c.address);
  }
  for (const [i, s] of agents.small.entries()) {
    await token.transfer(s.address, WORLD.smallStake);
    await sys.token.connect(s).delegate(agents.delegates[i % WORLD.delegateCount]!.address);
  }
  await sys.token.connect(agents.attacker).delegate(agents.attacker.address);
  const float = await sys.token.balanceOf(agents.deployer.address);
  if (float !== WORLD.float) throw new Error(`${sys.label}: the float is ${float}, expected ${WORLD.float}`);
}

/** {@link attachSystem} for a Polycentric suite deployed by `deploySuite` (its registry and disputes when present). */
export function attachSuite(label: string, suite: Suite, agents: Agents): Promise<SimSystem> {
  return attachSystem(
    "polycentric",
    label,
    suite.token,
    suite.governor,
    suite.timelock,
    agents,
    suite.governor,
    suite.registry,
    suite.disputes,
  );
}
