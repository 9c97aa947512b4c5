/**
 * The world the AI-network scenarios run in: the example TEE trust registry (contracts/examples) deployed twice in
 * one Hardhat network run, through the real Ignition modules:
 *
 * - **single admin** (`TEETrustRegistrySingleAdmin`): the deployer's key holds DEFAULT_ADMIN_ROLE, as such
 *   networks launch;
 * - **Polycentric + disputes** (`TEETrustRegistryGovernedDisputes`, deploy/trust-registry-disputes.ts): the
 *   timelock of the suite with dispute escalation holds it; the foundation is the registry's emergency guardian and
 *   the proposal guardian, both with a sunset; a committee of three independent members (2 of 3 rules at tier 0,
 *   3 of 3 on appeal) and the tokenholder referendum decide challenges.
 *
 * The token is spread as in the THREATS.md common world (lib/sim/world.ts: 10,000,000 GOV, treasury 4M on the
 * timelock, whale 1.5M, 20 community holders of 100k, 5 delegates of 20 small holders each, delegation cap 2 %,
 * holding period 1 day), except that the 500,000 GOV float was bought by five **node operators** (100,000 each,
 * self-delegated; the lead operator is the common world's attacker). Each operator runs one node on the first
 * approved build in both registries. The holdings age one holding period, then the world is snapshotted:
 * {@link ScenarioWorld.reset} brings every scenario back to this state.
 *
 * Waiting is clock-aware: timestamps advance in timestamp mode; in block mode blocks are mined 12 seconds apart
 * (lib/time SECONDS_PER_BLOCK), so chain time passes as on mainnet and durations read the same in both modes.
 */
import hre from "hardhat";
import { mine, takeSnapshot, time, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { AbiCoder, MaxUint256, keccak256, type ContractTransactionReceipt } from "ethers";

import { buildTrustRegistrySingleAdminModule, TRUST_REGISTRY_DEFAULTS } from "../../../deploy/trust-registry";
import { buildTrustRegistryGovernedDisputesModule } from "../../../deploy/trust-registry-disputes";
import {
  ArbitrationCommittee__factory,
  DisputeEscalation__factory,
  FreshPowerEscalation__factory,
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  ProposalGuardian__factory,
  TEETrustRegistry__factory,
  TimelockController__factory,
  TokenholderReferendum__factory,
  type PolycentricGovernor,
  type TEETrustRegistry,
} from "../../../typechain-types";
import { analyze, collectSuite, type AuditReport } from "../../audit";
import { suiteVariant, type DisputeContracts } from "../../suite";
import { DAY, SECONDS_PER_BLOCK, type ClockMode } from "../../time";
import { gov } from "../../units";
import { RunContext } from "../context";
import { attachSystem, commonWorldAgents, fundCommonWorld, WORLD, type Agents, type SimSystem } from "../world";

/** The scenario world's own numbers (the rest is the common world's, {@link WORLD}). */
export const SCENARIO_WORLD = {
  operatorCount: 5,
  /** Each operator bought this much of the float (5 × 100,000 = the whole 500,000 GOV float). */
  operatorStake: gov(100_000),
  /**
   * The foundation's emergency powers (registry guardian, proposal guardian) end this long after deployment; the
   * single admin's announced hand-over date is the same day.
   */
  sunset: 90n * DAY,
  /** Committee seats last this long from deployment. */
  committeeTerm: 200n * DAY,
  committeeSize: 3,
} as const;

/** The burn address of DisputeEscalation (lost bonds partly go there). */
export const BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";

/** IDisputeEscalation.DisputeState values the scenarios read. */
export const DISPUTE_STATE = { Unchallenged: 2n, Upheld: 6n, Rejected: 7n } as const;
/** IDisputeEscalation.Ruling. */
export const RULING = { Uphold: 1, Reject: 2 } as const;
/** TokenholderReferendum support values. */
export const BALLOT = { Reject: 0, Uphold: 1, Abstain: 2 } as const;

/** One setup's registry and the nodes the operators run on it. */
export interface RegistrySetup {
  registry: TEETrustRegistry;
  address: string;
  /** One node per operator, on {@link TRUST_REGISTRY_DEFAULTS}.initialMeasurement, in operator order. */
  nodes: string[];
}

export interface PolycentricSetup extends RegistrySetup {
  sys: SimSystem;
  governor: PolycentricGovernor;
  disputes: DisputeContracts;
  verifier: string;
}

export interface ScenarioWorldOptions {
  clockMode?: ClockMode;
  log?: (line: string) => void;
}

/** The attestation AttestationVerifier__Mock accepts (see its NatSpec: not a verifier). */
export function mockAttestation(root: string, measurement: string, operator: string, issuedAt: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "bytes32", "address", "uint64"],
      [root, measurement, operator, issuedAt],
    ),
  );
}

export class ScenarioWorld {
  private snapshot!: SnapshotRestorer;

  private constructor(
    readonly mode: ClockMode,
    readonly agents: Agents,
    /** The lead operator (the common world's attacker) first, then four more. */
    readonly operators: HardhatEthersSigner[],
    readonly committee: HardhatEthersSigner[],
    /** The foundation: the single-admin registry's admin key is the deployer; in Polycentric it is the guardian. */
    readonly foundation: HardhatEthersSigner,
    /** A second key of the foundation's (scenario b's hidden admin). */
    readonly foundationColdKey: HardhatEthersSigner,
    /** An independent security auditor holding GOV: it challenges (the last community holder). */
    readonly challenger: HardhatEthersSigner,
    readonly single: RegistrySetup,
    readonly poly: PolycentricSetup,
    /** Chain time of the deployment (the hand-over) and of the foundation's sunset. */
    readonly deployedAt: bigint,
    readonly sunsetAt: bigint,
  ) {}

  /** Wall-clock milliseconds the world took to build. */
  setupMs = 0;

  /** Deploys both setups, funds the common world and the operators, registers the nodes, snapshots. */
  static async create(opts: ScenarioWorldOptions = {}): Promise<ScenarioWorld> {
    const started = Date.now();
    const mode = opts.clockMode ?? "timestamp";
    const log = opts.log ?? (() => undefined);
    const signers = await hre.ethers.getSigners();
    const agents = commonWorldAgents(signers);
    const { spare } = agents;
    if (spare.length < 9) throw new Error(`the scenario world needs ${WORLD.signersNeeded + 9} signers`);
    const operators = [agents.attacker, ...spare.slice(0, SCENARIO_WORLD.operatorCount - 1)];
    const committee = spare.slice(4, 4 + SCENARIO_WORLD.committeeSize);
    const foundation = spare[7]!;
    const foundationColdKey = spare[8]!;
    const challenger = agents.community[agents.community.length - 1]!;
    const deployer = agents.deployer;

    const deployedAt = BigInt(await time.latest());
    const sunsetAt = deployedAt + SCENARIO_WORLD.sunset;
    const seatExpiry = deployedAt + SCENARIO_WORLD.committeeTerm;

    const singleDeployed = (await hre.ignition.deploy(buildTrustRegistrySingleAdminModule(), {
      displayUi: false,
    })) as unknown as Record<"registry", { getAddress(): Promise<string> }>;
    const singleRegistry = TEETrustRegistry__factory.connect(await singleDeployed.registry.getAddress(), deployer);

    const variant = suiteVariant(mode, { disputes: true, guardrails: true });
    const deployed = (await hre.ignition.deploy(buildTrustRegistryGovernedDisputesModule(variant), {
      displayUi: false,
      parameters: {
        [`PolycentricGovernance${variant.suffix}`]: {
          committeeMembers: committee.map((m) => m.address),
          committeeExpiries: committee.map(() => seatExpiry),
          guardian: foundation.address,
          guardianExpiry: sunsetAt,
        },
        [`TEETrustRegistryGoverned${variant.suffix}`]: { guardian: foundation.address, guardianExpiry: sunsetAt },
      },
    })) as unknown as Record<string, { getAddress(): Promise<string> }>;
    const at = (name: string) => deployed[name]!.getAddress();
    const governor = PolycentricGovernor__factory.connect(await at("governor"), deployer);
    const disputes: DisputeContracts = {
      escalation: DisputeEscalation__factory.connect(await at("escalation"), deployer),
      committee: ArbitrationCommittee__factory.connect(await at("committee"), deployer),
      referendum: TokenholderReferendum__factory.connect(await at("referendum"), deployer),
      guardian: ProposalGuardian__factory.connect(await at("guardian"), deployer),
      freshPower: FreshPowerEscalation__factory.connect(await at("freshPower"), deployer),
    };
    const sys = await attachSystem(
      "polycentric",
      `polycentric + disputes (${mode})`,
      deployed.token!,
      governor,
      TimelockController__factory.connect(await at("timelock"), deployer),
      agents,
      governor,
      IdentityRegistry__factory.connect(await at("registry"), deployer),
      disputes,
    );
    const polyRegistry = TEETrustRegistry__factory.connect(await at("trustRegistry"), deployer);
    log(`deployed both registries and the suite with disputes (${mode} clock)`);

    await fundCommonWorld(sys, agents);
    const token = sys.token.connect(deployer);
    const escalation = await disputes.escalation.getAddress();
    for (const op of operators) {
      await (await token.transfer(op.address, SCENARIO_WORLD.operatorStake)).wait();
      await (await sys.token.connect(op).delegate(op.address)).wait();
    }
    for (const s of [...operators, challenger, agents.community[0]!]) {
      await (await sys.token.connect(s).approve(escalation, MaxUint256)).wait();
    }
    const nodes = { single: [] as string[], poly: [] as string[] };
    for (const op of operators) {
      nodes.single.push(await registerNode(singleRegistry, op, TRUST_REGISTRY_DEFAULTS.initialMeasurement));
      nodes.poly.push(await registerNode(polyRegistry, op, TRUST_REGISTRY_DEFAULTS.initialMeasurement));
    }
    log(`funded the common world; ${operators.length} operators hold ${operators.length} × 100,000 GOV and run nodes`);

    const world = new ScenarioWorld(
      mode,
      agents,
      operators,
      committee,
      foundation,
      foundationColdKey,
      challenger,
      { registry: singleRegistry, address: await singleRegistry.getAddress(), nodes: nodes.single },
      {
        registry: polyRegistry,
        address: await polyRegistry.getAddress(),
        nodes: nodes.poly,
        sys,
        governor,
        disputes,
        verifier: await at("verifier"),
      },
      deployedAt,
      sunsetAt,
    );
    // Holdings age one holding period, as in a live DAO.
    await world.advanceBy((await governor.holdingPeriod()) + 1n);
    const tracked = new Set<string>([...signers.map((s) => s.address), sys.address.timelock, escalation, BURN_ADDRESS]);
    await sys.checker.init(tracked);
    world.snapshot = await takeSnapshot();
    world.setupMs = Date.now() - started;
    log(`scenario world ready (${world.setupMs} ms)`);
    return world;
  }

  /** Back to the snapshot taken at the end of {@link create}, invariant model included. */
  async reset(): Promise<void> {
    await this.snapshot.restore();
    this.poly.sys.checker.restore();
  }

  /** A run context on the Polycentric system: every transaction through it is invariant-checked. */
  context(): RunContext {
    return new RunContext(this.poly.sys, 0);
  }

  /** The governor's clock at the latest block (seconds or blocks). */
  async clock(): Promise<bigint> {
    return this.mode === "timestamp" ? BigInt(await time.latest()) : BigInt(await time.latestBlock());
  }

  /** Mines until the latest block's clock is `timepoint` (12 s per block in block mode). No-op if past. */
  async advanceTo(timepoint: bigint): Promise<void> {
    const now = await this.clock();
    if (timepoint <= now) return;
    if (this.mode === "timestamp") await time.increaseTo(timepoint);
    else await mine(timepoint - now, { interval: SECONDS_PER_BLOCK });
  }

  async advanceBy(units: bigint): Promise<void> {
    await this.advanceTo((await this.clock()) + units);
  }

  /** Advances chain time (unix seconds) to `timestamp`, whatever the clock mode (sunsets, timelock ETAs). */
  async advanceTimeTo(timestamp: bigint): Promise<void> {
    if (timestamp > BigInt(await time.latest())) await time.increaseTo(timestamp);
  }

  /** A duration in the governor's clock units as seconds (12 s per block in block mode). */
  clockToSeconds(units: bigint): bigint {
    return this.mode === "timestamp" ? units : units * SECONDS_PER_BLOCK;
  }

  async now(): Promise<bigint> {
    return BigInt(await time.latest());
  }

  /** The authority audit (lib/audit) of `registry`, with the Polycentric governor when `governed`. */
  async audit(registry: string, governed: boolean): Promise<AuditReport> {
    return analyze(
      await collectSuite({
        provider: hre.ethers.provider,
        governor: governed ? this.poly.sys.address.governor : undefined,
        extra: [{ label: "trust-registry", address: registry }],
      }),
    );
  }

  /** Every operator sends a heartbeat for its node; returns how many nodes are active afterwards. */
  async heartbeat(setup: RegistrySetup, ctx?: RunContext): Promise<number> {
    for (const [i, op] of this.operators.entries()) {
      const sent = setup.registry.connect(op).heartbeat(setup.nodes[i]!);
      if (ctx) await ctx.tx("heartbeat", sent);
      else await (await sent).wait();
    }
    return this.activeNodes(setup);
  }

  async activeNodes(setup: RegistrySetup): Promise<number> {
    let n = 0;
    for (const id of setup.nodes) if (await setup.registry.isNodeActive(id)) n++;
    return n;
  }

  /**
   * The honest voters of the common world (whale, community holders, delegates) with counted power at
   * `snapshot`, minus the operators: the first ⌊turnout × n⌉ of them, in that order, vote. Deterministic, so a run
   * is reproducible; the whale always turns out.
   */
  async turnoutVoters(turnout: number, snapshot: bigint): Promise<HardhatEthersSigner[]> {
    const { whale, community, delegates } = this.agents;
    const eligible: HardhatEthersSigner[] = [];
    for (const s of [whale, ...community, ...delegates]) {
      if ((await this.poly.governor.getVotes(s.address, snapshot)) > 0n) eligible.push(s);
    }
    return eligible.slice(0, Math.round(turnout * eligible.length));
  }
}

/** Registers `operator`'s node on `measurement` with a fresh attestation; returns the node id. */
async function registerNode(
  registry: TEETrustRegistry,
  operator: HardhatEthersSigner,
  measurement: string,
): Promise<string> {
  const { teeType, rootCertificate } = TRUST_REGISTRY_DEFAULTS;
  const issuedAt = BigInt(await time.latest());
  const report = mockAttestation(rootCertificate, measurement, operator.address, issuedAt);
  const r = registry.connect(operator);
  const nodeId = await r.registerNode.staticCall(teeType, measurement, issuedAt, report);
  const receipt: ContractTransactionReceipt | null = await (
    await r.registerNode(teeType, measurement, issuedAt, report)
  ).wait();
  if (receipt === null) throw new Error("registerNode was not mined");
  return nodeId;
}
