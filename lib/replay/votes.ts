/**
 * `replayVotes`: replays real proposals (a CSV in the normalized votes schema) through the stock OpenZeppelin
 * baseline and Polycentric, with real `castVote` transactions from the real voter addresses.
 *
 * Per deployment (see {@link planWorlds}: one per DAO with a known supply, else one per proposal) both systems are
 * deployed once, then for every proposal, in file order:
 *   1. every voter (its last vote with weight > 0) is impersonated and self-delegated the first time it appears;
 *   2. balances are set to the recorded weights by transfers (voters above their weight give back first, then the
 *      reserve tops up; idle holders give back when the reserve runs short), the same on both tokens;
 *   3. the proposer proposes on both governors; the clock moves past the snapshot;
 *   4. every voter votes as recorded (for / against / abstain) on both governors;
 *   5. the clock moves past the deadline; state, tallies and quorum are read from the contracts, and every VoteCast
 *      event's weight is checked against what the counting rule must give (raw power; ⌊√power⌋ per unit).
 * With a clusters file the cluster members that vote are bound to one identity per cluster (an attester appointed at
 * deployment), so Polycentric counts each cluster once, with the summed power of the members; a member whose
 * identity already voted on a proposal does not vote again (counted as merged).
 */
import hre from "hardhat";

import { dataPath, DATA_FILES, groupVotesByProposal, loadSybilClusters, loadVotes, sybilClusters } from "../data";
import { nakamoto } from "../metrics";
import { SYSTEMS, type ReplayReport, type ReplayedProposal, type SystemName } from "../sim/types";
import { ReplayChain, type SentTx } from "./chain";
import {
  countedQuadratic,
  parseIdentityMode,
  planClusterBindings,
  planProposal,
  planWorlds,
  selectProposals,
  checkLimit,
  type ClusterBinding,
  type PlannedProposal,
  type PlannedWorld,
  type ReplayIdentityMode,
} from "./plan";
import { ReplaySystems, SUPPORT_CODE, type SystemResult, type VoteCastLog } from "./systems";
import type { ProposalStateName } from "../enums";

export interface ReplayVotesOptions {
  /** A CSV in the normalized votes schema (default: the real-data votes_normalized.csv). */
  votesFile?: string;
  /** A `cluster,address` CSV (e.g. the Arbitrum Sybil clusters): members are bound to one identity per cluster. */
  clustersFile?: string;
  dao?: string;
  governor?: string;
  /** Proposal ids: `86` or `compound-bravo:86`. */
  proposals?: string[];
  /** The first N selected proposals only. */
  limit?: number;
  /** Polycentric's identity mode (default "open"; "strict": every voter is bound, cluster or singleton identity). */
  identity?: ReplayIdentityMode | string;
  /** IdentityRegistry address limit per identity when clusters are bound (default: the registry maximum, 64). */
  maxAddressesPerIdentity?: number;
  /** Report name (default: the DAO, else the file name). */
  name?: string;
  /** Called with one line per step (deployments, proposals). */
  onProgress?: (line: string) => void;
}

/** One replayed proposal with what the contracts reported. Amounts in token wei (scaled, see scaleExponent). */
export interface ReplayedProposalDetail extends ReplayedProposal {
  /** Vote events in the file (re-votes included) and votes replayed (last vote per voter, weight > 0). */
  voteEvents: number;
  /** The replayed weights are the recorded ones divided by 10^scaleExponent (0: unscaled). */
  scaleExponent: number;
  recordedWeights: { for: bigint; against: bigint; abstain: bigint };
  supply: bigint;
  result: Record<SystemName, SystemResult>;
  /** Voting units that voted (VoteCast events): voters on the baseline, identities or addresses on Polycentric. */
  units: Record<SystemName, number>;
  /** Polycentric votes not cast because another address of the same identity had voted. */
  mergedVotes: number;
  /** Polycentric votes not cast because the voter had no identity (strict mode, cluster overflow). */
  ineligibleVotes: number;
  /** The baseline's For-vs-Against outcome differs from the recorded one (only possible after scaling). */
  baselineDiffersFromRecorded: boolean;
  elapsedMs: number;
}

/** One deployment of both systems. */
export interface ReplayWorldSummary {
  dao: string;
  supply: bigint;
  supplySource: string;
  proposals: number;
  voters: number;
  setupMs: number;
}

export interface ReplayVotesReport extends ReplayReport {
  proposals: ReplayedProposalDetail[];
  identity: ReplayIdentityMode;
  clustersFile?: string;
  clusters: ClusterBinding[];
  worlds: ReplayWorldSummary[];
  /** Transactions sent and blocks mined. */
  transactions: number;
  blocks: number;
  /** Named wall-clock timings (ms). */
  timings: Record<string, number>;
  notes: string[];
}

/** The registry's own ceiling on addresses per identity. */
const REGISTRY_MAX_ADDRESSES = 64;

/** Loads, selects and plans (no network): fails fast on bad input before anything is deployed. */
export function planVotesReplay(opts: ReplayVotesOptions): {
  file: string;
  proposals: PlannedProposal[];
  worlds: PlannedWorld[];
  clusters?: Map<string, string[]>;
  identity: ReplayIdentityMode;
} {
  const identity = parseIdentityMode(opts.identity ?? "open");
  checkLimit(opts.limit);
  if (opts.maxAddressesPerIdentity !== undefined) {
    const m = opts.maxAddressesPerIdentity;
    if (!Number.isSafeInteger(m) || m < 1 || m > REGISTRY_MAX_ADDRESSES) {
      throw new RangeError(`maxAddressesPerIdentity must be 1..${REGISTRY_MAX_ADDRESSES}, got ${m}`);
    }
  }
  const file = opts.votesFile ?? dataPath(...DATA_FILES.votes);
  const groups = [...groupVotesByProposal(loadVotes(file)).values()];
  const selected = selectProposals(groups, opts, file);
  const clusters = opts.clustersFile === undefined ? undefined : sybilClusters(loadSybilClusters(opts.clustersFile));
  const proposals = selected.map((g) => planProposal(g));
  return { file, proposals, worlds: planWorlds(proposals), clusters, identity };
}

function outcomeOf(t: { for: bigint; against: bigint }): "for" | "against" {
  return t.for > t.against ? "for" : "against";
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Replays the selected proposals through both systems; see the file comment. */
export async function replayVotes(opts: ReplayVotesOptions = {}): Promise<ReplayVotesReport> {
  const started = Date.now();
  const log = opts.onProgress ?? (() => undefined);
  const plan = planVotesReplay(opts);
  const maxAddresses = opts.maxAddressesPerIdentity ?? REGISTRY_MAX_ADDRESSES;
  const name = opts.name ?? opts.dao ?? opts.governor ?? plan.file.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  const report: ReplayVotesReport = {
    name,
    source: plan.file,
    proposals: [],
    elapsedMs: 0,
    identity: plan.identity,
    clustersFile: opts.clustersFile,
    clusters: [],
    worlds: [],
    transactions: 0,
    blocks: 0,
    timings: { loadMs: Date.now() - started },
    notes: [],
  };
  const total = plan.proposals.length;
  log(
    `${total} proposal(s) from ${plan.file} on ${plan.worlds.length} deployment(s); Polycentric identity mode ` +
      `"${plan.identity}"${plan.clusters ? `, ${plan.clusters.size} cluster(s) from ${opts.clustersFile}` : ""}`,
  );

  const opened = Date.now();
  const chain = await ReplayChain.open(hre.network.provider);
  report.timings.networkMs = Date.now() - opened;
  let setupMs = 0;
  let index = 0;
  try {
    for (const world of plan.worlds) {
      const t0 = Date.now();
      const bindings = plan.clusters ? planClusterBindings(plan.clusters, world.proposals, maxAddresses) : [];
      const identityOf = new Map<string, bigint>();
      for (const b of bindings) for (const v of b.bound) identityOf.set(v, b.identity);
      const voters = new Set(world.proposals.flatMap((p) => p.votes.map((v) => v.voter)));
      const needsAttester = bindings.some((b) => b.bound.length > 0) || plan.identity === "strict";
      const systems = await ReplaySystems.deploy(chain, {
        supply: world.supply,
        identity: plan.identity,
        attester: needsAttester,
        maxAddressesPerIdentity: plan.clusters ? maxAddresses : undefined,
      });
      for (const v of voters) {
        if (systems.reserved.has(v)) throw new Error(`voter ${v} is one of the replay's own accounts`);
      }
      // Identities are bound before the first proposal (attester terms are finite; the replay spans years).
      // Strict mode: every other voter gets an identity of its own (cluster overflow stays unbound: ineligible).
      if (plan.identity === "strict") {
        const overflow = new Set(bindings.flatMap((b) => b.unbound));
        let nextIdentity = BigInt(bindings.length);
        for (const v of voters) if (!identityOf.has(v) && !overflow.has(v)) identityOf.set(v, ++nextIdentity);
      }
      const bindTxs = await systems.bindAll(identityOf);
      await checkNoFailures(chain, bindTxs, "identity bindings");
      const elapsedSetup = Date.now() - t0;
      setupMs += elapsedSetup;
      report.worlds.push({
        dao: world.dao,
        supply: world.supply,
        supplySource: world.supplySource,
        proposals: world.proposals.length,
        voters: voters.size,
        setupMs: elapsedSetup,
      });
      for (const b of bindings) {
        const prior = report.clusters.find((c) => c.cluster === b.cluster);
        if (prior === undefined) report.clusters.push(b);
        else {
          for (const key of ["voters", "bound", "unbound", "duplicates"] as const) {
            prior[key] = [...new Set([...prior[key], ...b[key]])];
          }
        }
      }

      const replayer = new WorldReplayer(systems, identityOf, plan.identity);
      for (const proposal of world.proposals) {
        index++;
        const detail = await replayer.replay(proposal);
        report.proposals.push(detail);
        const g = proposal.group;
        const flip = detail.flipped ? ` FLIP ${detail.outcome.baseline} → ${detail.outcome.polycentric}` : "";
        log(`${g.governor} ${g.proposalId} [${index}/${total}] ${seconds(detail.elapsedMs)}${flip}`);
      }
    }
  } finally {
    report.transactions = chain.transactions;
    report.blocks = chain.blocks;
    await chain.close();
  }

  const scaled = report.proposals.filter((p) => p.scaleExponent > 0);
  for (const p of scaled) {
    report.notes.push(
      `${p.governor} ${p.proposalId}: weights divided by 10^${p.scaleExponent} to fit the QV governor's 2^128-wei ` +
        `raw tally`,
    );
  }
  for (const c of report.clusters.filter((c) => c.unbound.length > 0)) {
    report.notes.push(
      `cluster ${c.cluster}: ${c.unbound.length} voting member(s) left unbound (identity limit ${maxAddresses})`,
    );
  }
  const mismatched = report.proposals.filter((p) => p.baselineDiffersFromRecorded);
  if (mismatched.length > 0) {
    report.notes.push(
      "baseline outcome differs from the recorded one on " +
        mismatched.map((p) => `${p.governor} ${p.proposalId}`).join(", "),
    );
  }
  report.elapsedMs = Date.now() - started;
  report.timings.setupMs = setupMs;
  report.timings.proposalsMs = report.proposals.reduce((s, p) => s + p.elapsedMs, 0);
  report.timings.totalMs = report.elapsedMs;
  return report;
}

async function checkNoFailures(chain: ReplayChain, sent: readonly SentTx[], what: string): Promise<void> {
  if (sent.length === 0) return;
  const failed = await chain.failures(sent, 3);
  if (failed.length > 0) throw new Error(`${what} failed: ${failed.join("; ")}`);
}

/** Replays proposals one after the other on one deployment, tracking every address's allocation. */
class WorldReplayer {
  /** Tokens held by each replay address (identical on both tokens). */
  private readonly held = new Map<string, bigint>();
  private readonly delegated = new Set<string>();
  private reserveFree: bigint;

  constructor(
    private readonly systems: ReplaySystems,
    private readonly identityOf: ReadonlyMap<string, bigint>,
    private readonly identity: ReplayIdentityMode,
  ) {
    this.reserveFree = systems.supply - systems.params.proposalThreshold;
  }

  private transferBoth(from: string, to: string, amount: bigint, why: string): void {
    for (const token of this.systems.tokens) this.systems.transfer(token, from, to, amount, why);
  }

  /** Sets every voter's balance to its weight (both tokens), delegating new voters. Returns the transactions. */
  private async allocate(p: PlannedProposal): Promise<SentTx[]> {
    const { chain, reserve } = this.systems;
    const target = new Map(p.votes.map((v) => [v.voter, v.weight]));
    await chain.impersonate(target.keys());
    for (const v of target.keys()) {
      if (!this.delegated.has(v)) {
        for (const token of this.systems.tokens) this.systems.delegate(token, v);
        this.delegated.add(v);
      }
    }
    // Give back first: voters above their weight, and idle identity members (an identity counts all its members).
    let giveBack = 0n;
    let topUp = 0n;
    for (const [v, w] of target) {
      const h = this.held.get(v) ?? 0n;
      if (h > w) giveBack += h - w;
      else topUp += w - h;
    }
    const reclaim: [string, bigint][] = [];
    for (const [a, h] of this.held) {
      if (h > 0n && !target.has(a) && this.identityOf.has(a)) reclaim.push([a, h]);
    }
    let available = this.reserveFree + giveBack + reclaim.reduce((s, [, h]) => s + h, 0n);
    if (available < topUp) {
      // Idle holders give back, largest first, until the reserve covers the top-ups.
      const idle = [...this.held]
        .filter(([a, h]) => h > 0n && !target.has(a) && !this.identityOf.has(a))
        .sort((x, y) => (x[1] > y[1] ? -1 : x[1] < y[1] ? 1 : 0));
      for (const [a, h] of idle) {
        if (available >= topUp) break;
        reclaim.push([a, h]);
        available += h;
      }
      if (available < topUp) {
        throw new Error(`supply ${this.systems.supply} too small: ${topUp} needed, ${available} available`);
      }
    }
    for (const [v, w] of target) {
      const h = this.held.get(v) ?? 0n;
      if (h > w) this.transferBoth(v, reserve, h - w, "give back");
    }
    for (const [a, h] of reclaim) this.transferBoth(a, reserve, h, "reclaim idle");
    const first = await chain.mine();
    for (const [v, w] of target) {
      const h = this.held.get(v) ?? 0n;
      if (w > h) this.transferBoth(reserve, v, w - h, "top up");
    }
    const second = await chain.mine();
    for (const [a] of reclaim) this.held.set(a, 0n);
    for (const [v, w] of target) this.held.set(v, w);
    this.reserveFree = available - topUp;
    return [...first, ...second];
  }

  async replay(p: PlannedProposal): Promise<ReplayedProposalDetail> {
    const t0 = Date.now();
    const { chain } = this.systems;
    const g = p.group;
    const allocation = await this.allocate(p);

    const { proposal, id } = this.systems.proposal(`Replay of ${g.governor} proposal ${g.proposalId}`);
    for (const s of this.systems.list) this.systems.propose(s, proposal);
    const proposeTxs = await chain.mine();
    await checkNoFailures(chain, proposeTxs, `proposing ${g.governor} ${g.proposalId}`);
    const snapshots = await Promise.all(this.systems.list.map((s) => this.systems.snapshot(s, id)));
    await chain.advanceTo(snapshots.reduce((m, x) => (x > m ? x : m)) + 1n);

    // Votes, in the order of each voter's first vote in the file.
    const votedIdentity = new Set<bigint>();
    const expected: Record<SystemName, Map<string, bigint>> = { baseline: new Map(), polycentric: new Map() };
    const unitPower = new Map<bigint, bigint>();
    for (const v of p.votes)
      if (this.identityOf.has(v.voter)) {
        const i = this.identityOf.get(v.voter)!;
        unitPower.set(i, (unitPower.get(i) ?? 0n) + v.weight);
      }
    let merged = 0;
    let ineligible = 0;
    for (const v of p.votes) {
      const support = SUPPORT_CODE[v.support];
      this.systems.vote(this.systems.baseline, v.voter, id, support);
      expected.baseline.set(v.voter, v.weight);
      const identity = this.identityOf.get(v.voter);
      if (identity !== undefined) {
        if (votedIdentity.has(identity)) {
          merged++;
          continue;
        }
        votedIdentity.add(identity);
        expected.polycentric.set(v.voter, countedQuadratic(unitPower.get(identity)!, this.systems.cap));
      } else if (this.identity === "strict") {
        ineligible++;
        continue;
      } else {
        expected.polycentric.set(v.voter, countedQuadratic(v.weight, this.systems.cap));
      }
      this.systems.vote(this.systems.polycentric, v.voter, id, support);
    }
    const firstVoteBlock = (await chain.blockNumber()) + 1;
    const voteTxs = await chain.mine();
    const lastVoteBlock = await chain.blockNumber();

    const deadlines = await Promise.all(this.systems.list.map((s) => this.systems.deadline(s, id)));
    await chain.advanceTo(deadlines.reduce((m, x) => (x > m ? x : m)) + 1n);

    const casts = p.votes.length > 0 ? await this.systems.voteCasts(id, firstVoteBlock, lastVoteBlock) : [];
    await this.verify(g.governor, g.proposalId, casts, expected, [...allocation, ...voteTxs]);
    const result = {} as Record<SystemName, SystemResult>;
    const weights: Record<SystemName, bigint[]> = { baseline: [], polycentric: [] };
    for (const c of casts) weights[c.system].push(c.weight);
    for (const s of this.systems.list) result[s.name] = await this.systems.result(s, id);
    const outcome = { baseline: outcomeOf(result.baseline.tally), polycentric: outcomeOf(result.polycentric.tally) };
    const recorded = outcomeOf(p.recorded);
    return {
      dao: g.dao,
      governor: g.governor,
      proposalId: String(g.proposalId),
      voters: p.votes.length,
      recorded,
      outcome,
      nakamoto: { baseline: nakamoto(weights.baseline), polycentric: nakamoto(weights.polycentric) },
      flipped: outcome.baseline !== outcome.polycentric,
      voteEvents: g.votes.length,
      scaleExponent: p.scaleExponent,
      recordedWeights: p.recorded,
      supply: this.systems.supply,
      result,
      units: { baseline: weights.baseline.length, polycentric: weights.polycentric.length },
      mergedVotes: merged,
      ineligibleVotes: ineligible,
      baselineDiffersFromRecorded: outcome.baseline !== recorded,
      elapsedMs: Date.now() - t0,
    };
  }

  /** Every VoteCast weight must be what the system's counting rule gives for the allocation; else explain. */
  private async verify(
    governor: string,
    proposalId: number,
    casts: readonly VoteCastLog[],
    expected: Record<SystemName, Map<string, bigint>>,
    sent: readonly SentTx[],
  ): Promise<void> {
    const problems: string[] = [];
    for (const system of SYSTEMS) {
      const got = new Map(casts.filter((c) => c.system === system).map((c) => [c.voter, c.weight]));
      for (const [voter, weight] of expected[system]) {
        const actual = got.get(voter);
        if (actual !== weight) problems.push(`${system} ${voter}: counted ${actual ?? "no vote"}, expected ${weight}`);
      }
      if (got.size !== expected[system].size) {
        problems.push(`${system}: ${got.size} VoteCast events, expected ${expected[system].size}`);
      }
    }
    if (problems.length === 0) return;
    const failed = await this.systems.chain.failures(sent, 5);
    throw new Error(
      `${governor} ${proposalId}: the contracts counted other weights than the replay set up:\n  ` +
        problems.slice(0, 5).join("\n  ") +
        (failed.length > 0 ? `\nfailed transactions:\n  ${failed.join("\n  ")}` : ""),
    );
  }
}

/** The proposal's state names per system (for tables). */
export function statesOf(p: ReplayedProposalDetail): Record<SystemName, ProposalStateName> {
  return { baseline: p.result.baseline.state, polycentric: p.result.polycentric.state };
}
