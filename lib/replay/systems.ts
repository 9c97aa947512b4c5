/**
 * Both governance systems of a replay, deployed once and driven through a {@link ReplayChain}: the stock OpenZeppelin
 * baseline (lib/sim/baseline.ts: BaselineToken, TimelockController, BaselineGovernor) and Polycentric (deploySuite:
 * PolycentricToken, quadratic PolycentricGovernor and IdentityRegistry through the Ignition modules), both minting the
 * same supply to the deployer (the reserve) with the same governance parameters. Token movements are applied to both
 * tokens alike, so every address holds the same allocation on both systems.
 *
 * With `sharedToken` the baseline is only BaselineGovernor + TimelockController counting the Polycentric token
 * (deployBaselineGovernor in lib/sim/baseline.ts): one allocation, read by both governors at the same snapshot. The distribution replay uses
 * it to halve the setup of a large electorate.
 */
import hre from "hardhat";
import { Interface } from "ethers";

import {
  BaselineGovernor__factory,
  ERC20Votes__factory,
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
} from "../../typechain-types";
import { ProposalState, proposalStateName, type ProposalStateName } from "../enums";
import { COMMON_WORLD, governanceParams, type GovernanceParams } from "../params";
import { buildProposal, proposalId, type Proposal } from "../proposal";
import { deployBaselineSuite } from "../sim/baseline";
import { deployBaselineGovernor } from "../sim/baseline";
import type { SystemName } from "../sim/types";
import { deploySuite, type IdentityMode, type SuiteParameters } from "../suite";
import { DAY } from "../time";
import type { ReplayChain, SentTx } from "./chain";

/** Gas limits of the replay's transactions (explicit: no estimation). */
export const REPLAY_GAS = {
  transfer: 300_000n,
  delegate: 300_000n,
  bind: 400_000n,
  propose: 1_000_000n,
  /** An identity of up to 64 addresses sums 64 checkpoint lookups. */
  vote: 3_000_000n,
} as const;

/**
 * Polycentric's parameters for a replay: the production delegation cap (2 % of the minted supply per voting unit,
 * own and delegated power together) applies, so a whale's recorded weight counts as a capped unit would; the holding
 * period is off (H = 0, inside this deployment's bounds), because the replay gives each voter its recorded weight
 * right before the snapshot, and recorded voters held their weight on the real chain.
 */
export const REPLAY_PARAMS = {
  holdingPeriod: 0n,
  minHoldingPeriod: 0n,
} as const;

/** The delegation cap on a replay deployment minting `supply`: the production fraction of it. */
export function replayCap(supply: bigint): bigint {
  return (supply * COMMON_WORLD.capFractionBps) / 10_000n;
}

const TOKEN = ERC20Votes__factory.createInterface();
const REGISTRY = IdentityRegistry__factory.createInterface();
const BASELINE = BaselineGovernor__factory.createInterface();
const POLYCENTRIC = PolycentricGovernor__factory.createInterface();
/** `VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)`. */
export const VOTE_CAST_TOPIC = POLYCENTRIC.getEvent("VoteCast").topicHash;

export interface ReplaySystem {
  name: SystemName;
  token: string;
  governor: string;
  timelock: string;
  registry?: string;
  iface: Interface;
}

export interface ReplaySystemsOptions {
  supply: bigint;
  /** Polycentric's identity mode: "open" (production default) or "strict". */
  identity: IdentityMode;
  /** Appoint an attester (needed to bind identities). */
  attester: boolean;
  /** IdentityRegistry's per-identity address limit (1..64; the deployment default is 16). */
  maxAddressesPerIdentity?: number;
  /** The baseline governor counts the Polycentric token instead of a BaselineToken of its own. */
  sharedToken?: boolean;
}

/** Tallies of one proposal on one system, as the contracts report them. */
export interface SystemResult {
  state: ProposalStateName;
  /** The counted tally (baseline: raw power; Polycentric: Σ ⌊√power⌋ per unit). */
  tally: { for: bigint; against: bigint; abstain: bigint };
  /** Raw For + Abstain, what the quorum is measured on. */
  participation: bigint;
  quorum: bigint;
  quorumReached: boolean;
}

export interface VoteCastLog {
  system: SystemName;
  voter: string;
  support: number;
  weight: bigint;
}

export class ReplaySystems {
  /** Addresses the replay uses itself, which a replayed voter must not be. */
  readonly reserved: Set<string>;

  private constructor(
    readonly chain: ReplayChain,
    readonly baseline: ReplaySystem,
    readonly polycentric: ReplaySystem,
    readonly supply: bigint,
    readonly params: GovernanceParams,
    /** Holds the supply that is not allocated (the deployer); never delegates, so its tokens carry no votes. */
    readonly reserve: string,
    readonly proposer: string,
    readonly attester: string | undefined,
    readonly maxAddressesPerIdentity: number,
  ) {
    this.reserved = new Set([reserve, proposer, attester ?? reserve].map((a) => a.toLowerCase()));
  }

  /** The delegation cap of this deployment's Polycentric governor. */
  get cap(): bigint {
    return replayCap(this.supply);
  }

  get list(): readonly ReplaySystem[] {
    return [this.baseline, this.polycentric];
  }

  /** The distinct token addresses (one when the token is shared). */
  get tokens(): readonly string[] {
    return [...new Set(this.list.map((s) => s.token))];
  }

  /**
   * Deploys both systems (automining on while deploying), funds the proposer with the proposal threshold on both
   * tokens and self-delegates it, then leaves automining off.
   */
  static async deploy(chain: ReplayChain, opts: ReplaySystemsOptions): Promise<ReplaySystems> {
    const [deployer, proposer, attester] = await hre.ethers.getSigners();
    const params = governanceParams("timestamp", opts.supply);
    await chain.setAutomine(true);
    const now = await chain.timestamp();
    const maxAddresses = opts.maxAddressesPerIdentity ?? 16;
    const parameters: SuiteParameters = {
      PolycentricToken: { initialSupply: opts.supply },
      PolycentricGovernance: {
        proposalThreshold: params.proposalThreshold,
        maxAddressesPerIdentity: maxAddresses,
        ...REPLAY_PARAMS,
        ...(opts.attester ? { initialAttesters: [attester.address], initialAttesterExpiries: [now + 720n * DAY] } : {}),
      },
    };
    const suite = await deploySuite(deployer, { identity: opts.identity, parameters });
    const polycentricToken = (await suite.token.getAddress()).toLowerCase();
    const base = opts.sharedToken
      ? { ...(await deployBaselineGovernor(deployer, polycentricToken, params)), token: undefined }
      : await deployBaselineSuite(deployer, { totalSupply: opts.supply, params });
    await chain.setAutomine(false);

    const baseline: ReplaySystem = {
      name: "baseline",
      token: base.token ? (await base.token.getAddress()).toLowerCase() : polycentricToken,
      governor: (await base.governor.getAddress()).toLowerCase(),
      timelock: (await base.timelock.getAddress()).toLowerCase(),
      iface: BASELINE,
    };
    const polycentric: ReplaySystem = {
      name: "polycentric",
      token: polycentricToken,
      governor: (await suite.governor.getAddress()).toLowerCase(),
      timelock: (await suite.timelock.getAddress()).toLowerCase(),
      registry: suite.registry ? (await suite.registry.getAddress()).toLowerCase() : undefined,
      iface: POLYCENTRIC,
    };
    const systems = new ReplaySystems(
      chain,
      baseline,
      polycentric,
      opts.supply,
      params,
      deployer.address.toLowerCase(),
      proposer.address.toLowerCase(),
      opts.attester ? attester.address.toLowerCase() : undefined,
      maxAddresses,
    );
    for (const token of systems.tokens) {
      systems.transfer(token, systems.reserve, systems.proposer, params.proposalThreshold, "proposer stake");
      systems.delegate(token, systems.proposer);
    }
    await chain.mine();
    return systems;
  }

  private tokenName(token: string): string {
    return this.list
      .filter((s) => s.token === token)
      .map((s) => s.name)
      .join("+");
  }

  /** Queues a transfer of `token` (one of {@link tokens}). */
  transfer(token: string, from: string, to: string, amount: bigint, why: string): void {
    this.chain.send({
      from,
      to: token,
      data: TOKEN.encodeFunctionData("transfer", [to, amount]),
      gas: REPLAY_GAS.transfer,
      label: `${this.tokenName(token)} token: transfer ${amount} from ${from} to ${to} (${why})`,
    });
  }

  /** Queues `account`'s self-delegation on `token`. */
  delegate(token: string, account: string): void {
    this.chain.send({
      from: account,
      to: token,
      data: TOKEN.encodeFunctionData("delegate", [account]),
      gas: REPLAY_GAS.delegate,
      label: `${this.tokenName(token)} token: delegate ${account}`,
    });
  }

  /**
   * Binds each account to its identity in Polycentric's registry, with the consents the registry requires, and
   * returns the sent transactions. Four mined rounds, because a block orders different senders as the mempool does:
   * every account consents; the attester binds each identity's first account; those first accounts admit the rest;
   * the attester binds the rest.
   */
  async bindAll(identityOf: ReadonlyMap<string, bigint>): Promise<SentTx[]> {
    if (identityOf.size === 0) return [];
    const registry = this.polycentric.registry;
    const attester = this.attester;
    if (registry === undefined || attester === undefined) {
      throw new Error("binding identities needs a registry and an attester");
    }
    const first = new Map<bigint, string>();
    const rest: [string, bigint][] = [];
    for (const [account, identity] of identityOf) {
      const member = first.get(identity);
      if (member === undefined) first.set(identity, account);
      else rest.push([account, identity]);
    }
    const bind = (account: string, identity: bigint): void =>
      this.chain.send({
        from: attester,
        to: registry,
        data: REGISTRY.encodeFunctionData("bind", [account, identity]),
        gas: REPLAY_GAS.bind,
        label: `bind ${account} to identity ${identity}`,
      });
    // The accounts consent with transactions of their own (the replayer impersonates voters again later: no-op).
    await this.chain.impersonate(identityOf.keys());
    for (const [account, identity] of identityOf) {
      this.chain.send({
        from: account,
        to: registry,
        data: REGISTRY.encodeFunctionData("consentToBind", [identity]),
        gas: REPLAY_GAS.bind,
        label: `${account} consents to identity ${identity}`,
      });
    }
    const sent = await this.chain.mine();
    for (const [identity, account] of first) bind(account, identity);
    sent.push(...(await this.chain.mine()));
    if (rest.length === 0) return sent;
    for (const [account, identity] of rest) {
      this.chain.send({
        from: first.get(identity)!,
        to: registry,
        data: REGISTRY.encodeFunctionData("admitMember", [identity, account]),
        gas: REPLAY_GAS.bind,
        label: `identity ${identity} admits ${account}`,
      });
    }
    sent.push(...(await this.chain.mine()));
    for (const [account, identity] of rest) bind(account, identity);
    sent.push(...(await this.chain.mine()));
    return sent;
  }

  /** The proposal replayed for `description`: one no-op action (a zero-value call to the Polycentric timelock). */
  proposal(description: string): { proposal: Proposal; id: bigint } {
    const proposal = buildProposal([{ target: this.polycentric.timelock }], description);
    return { proposal, id: proposalId(proposal) };
  }

  /** Queues the proposer's `propose` on one system. */
  propose(s: ReplaySystem, p: Proposal): void {
    this.chain.send({
      from: this.proposer,
      to: s.governor,
      data: s.iface.encodeFunctionData("propose", [p.targets, p.values, p.calldatas, p.description]),
      gas: REPLAY_GAS.propose,
      label: `${s.name} propose "${p.description}"`,
    });
  }

  /** Queues `castVote(id, support)` from `voter` on one system (support: 0 against, 1 for, 2 abstain). */
  vote(s: ReplaySystem, voter: string, id: bigint, support: number): void {
    this.chain.send({
      from: voter,
      to: s.governor,
      data: s.iface.encodeFunctionData("castVote", [id, support]),
      gas: REPLAY_GAS.vote,
      label: `${s.name} castVote(${support}) by ${voter}`,
    });
  }

  private async read(s: ReplaySystem, fn: string, args: unknown[]): Promise<bigint[]> {
    const data = s.iface.encodeFunctionData(fn, args);
    const out = s.iface.decodeFunctionResult(fn, await this.chain.call(s.governor, data));
    return out.toArray().map((x) => BigInt(x as bigint));
  }

  async snapshot(s: ReplaySystem, id: bigint): Promise<bigint> {
    return (await this.read(s, "proposalSnapshot", [id]))[0];
  }

  async deadline(s: ReplaySystem, id: bigint): Promise<bigint> {
    return (await this.read(s, "proposalDeadline", [id]))[0];
  }

  /** State, tallies and quorum of a proposal on one system, read from the contracts. */
  async result(s: ReplaySystem, id: bigint): Promise<SystemResult> {
    const state = proposalStateName((await this.read(s, "state", [id]))[0]);
    const [against, forVotes, abstain] = await this.read(s, "proposalVotes", [id]);
    let participation = forVotes + abstain;
    if (s.name === "polycentric") {
      const [, rawFor, rawAbstain] = await this.read(s, "proposalRawVotes", [id]);
      participation = rawFor + rawAbstain;
    }
    const snapshot = await this.snapshot(s, id);
    const quorum = (await this.read(s, "quorum", [snapshot]))[0];
    return {
      state,
      tally: { for: forVotes, against, abstain },
      participation,
      quorum,
      quorumReached: participation >= quorum,
    };
  }

  /** The VoteCast events of both governors in blocks [from, to] for proposal `id`. */
  async voteCasts(id: bigint, from: number, to: number): Promise<VoteCastLog[]> {
    const byGovernor = new Map(this.list.map((s) => [s.governor, s.name]));
    const logs = await this.chain.logs(
      this.list.map((s) => s.governor),
      VOTE_CAST_TOPIC,
      from,
      to,
    );
    const out: VoteCastLog[] = [];
    for (const log of logs) {
      // VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason): decoded by
      // hand (ethers' parseLog is the slow part of reading 100k+ events).
      const d = log.data;
      if (BigInt("0x" + d.slice(2, 66)) !== id) continue;
      out.push({
        system: byGovernor.get(log.address.toLowerCase())!,
        voter: "0x" + log.topics[1].slice(26).toLowerCase(),
        support: Number(BigInt("0x" + d.slice(66, 130))),
        weight: BigInt("0x" + d.slice(130, 194)),
      });
    }
    return out;
  }
}

/** Support names as governor `support` values (Bravo order). */
export const SUPPORT_CODE = { against: 0, for: 1, abstain: 2 } as const;

/** Whether a state means the vote succeeded (For beat Against and quorum was reached). */
export function succeeded(state: ProposalStateName): boolean {
  return ProposalState[state] >= ProposalState.Succeeded && state !== "Expired";
}
