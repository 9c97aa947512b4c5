/**
 * The pure half of the replay: which proposals to replay, the votes kept per proposal, weight scaling, token
 * supplies, identity bindings for Sybil clusters, Lorenz curves. No Hardhat import.
 */
import path from "node:path";

import { lastVotePerVoter, TOKEN_SUPPLY_WEI, type ProposalVotes, type Support } from "../data";
import { isqrt } from "../isqrt";
import { ratio } from "../metrics";
import { ofBps } from "../units";
import { COMMON_WORLD } from "../params";
import type { LorenzCurve, SystemName } from "../sim/types";

/** The identity modes a replay can run Polycentric in (the registry is always deployed). */
export const REPLAY_IDENTITY_MODES = ["open", "strict"] as const;
export type ReplayIdentityMode = (typeof REPLAY_IDENTITY_MODES)[number];

/**
 * The largest raw tally PolycentricGovernor can hold per side (GovernorCountingQuadratic packs raw and quadratic
 * tallies in one slot, uint128 each; SafeCast reverts above). A proposal whose total weight exceeds it is scaled.
 */
export const MAX_RAW_TALLY = (1n << 128n) - 1n;

/** Named data files the task accepts instead of a path (resolved under the data directory). */
export const REPLAY_DATA_ALIASES = {
  votes: { real: ["onchain-votes", "votes_normalized.csv"] },
  distribution: { ens: ["distributions", "ens_airdrop_2021_allocations.csv"] },
  clusters: { arbitrum: ["sybil", "arbitrum_airdrop_sybil_clusters.csv"] },
} as const satisfies Record<string, Record<string, readonly string[]>>;

/** Throws `unknown <what> "<value>": valid <plural> are a, b, c`. */
export function unknownName(what: string, value: string, valid: readonly string[], where = ""): never {
  const list = valid.length === 0 ? "(none)" : valid.join(", ");
  throw new Error(`unknown ${what} "${value}"${where}: valid ${what}s are ${list}`);
}

/** Checks an identity mode name. */
export function parseIdentityMode(value: string): ReplayIdentityMode {
  if (!(REPLAY_IDENTITY_MODES as readonly string[]).includes(value)) {
    unknownName("identity mode", value, REPLAY_IDENTITY_MODES);
  }
  return value as ReplayIdentityMode;
}

/** A positive integer option (`--limit`), or a clear error. */
export function checkLimit(limit: number | undefined, option = "limit"): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`${option} must be a positive integer, got ${limit}`);
  return limit;
}

export interface ProposalSelection {
  dao?: string;
  governor?: string;
  /** Proposal ids: `86` (any governor of the selection), `compound-bravo:86` or `bravo:86`. */
  proposals?: readonly string[];
  /** Keep only the first `limit` proposals of the selection (file order). */
  limit?: number;
}

/**
 * Filters the proposals of a votes file, in file order. An unknown DAO, governor or proposal id is an error that
 * lists the valid names (of the file, or of the DAO/governor selected).
 */
export function selectProposals(
  groups: readonly ProposalVotes[],
  selection: ProposalSelection,
  file: string,
): ProposalVotes[] {
  const where = ` in ${path.basename(file)}`;
  const distinct = (xs: string[]) => [...new Set(xs)];
  let selected = [...groups];
  if (selection.dao !== undefined) {
    const daos = distinct(selected.map((g) => g.dao));
    if (!daos.includes(selection.dao)) unknownName("DAO", selection.dao, daos, where);
    selected = selected.filter((g) => g.dao === selection.dao);
  }
  if (selection.governor !== undefined) {
    const governors = distinct(selected.map((g) => g.governor));
    if (!governors.includes(selection.governor)) unknownName("governor", selection.governor, governors, where);
    selected = selected.filter((g) => g.governor === selection.governor);
  }
  if (selection.proposals !== undefined && selection.proposals.length > 0) {
    const wanted = selection.proposals.map((p) => p.trim()).filter((p) => p !== "");
    const keep = new Set<ProposalVotes>();
    for (const w of wanted) {
      const m = /^(?:([a-z0-9-]+):)?(\d+)$/.exec(w);
      if (m === null) {
        throw new Error(`proposal "${w}": expected an id (86) or governor:id (compound-bravo:86, bravo:86)`);
      }
      const [, governor, id] = m;
      const hits = selected.filter(
        (g) =>
          g.proposalId === Number(id) &&
          (governor === undefined || g.governor === governor || g.governor.endsWith(`-${governor}`)),
      );
      if (hits.length === 0) {
        const ids = selected.map((g) => `${g.governor}:${g.proposalId}`);
        const shown = ids.length > 30 ? [...ids.slice(0, 30), `… (${ids.length} in all)`] : ids;
        unknownName("proposal", w, shown, where);
      }
      hits.forEach((g) => keep.add(g));
    }
    selected = selected.filter((g) => keep.has(g));
  }
  const limit = checkLimit(selection.limit);
  if (limit !== undefined) selected = selected.slice(0, limit);
  return selected;
}

/** One vote to replay: a voter's last vote with weight > 0. */
export interface PlannedVote {
  /** Lower case. */
  voter: string;
  support: Support;
  /** The weight replayed, in token wei (the recorded weight divided by 10^scaleExponent). */
  weight: bigint;
  recordedWeight: bigint;
}

/** One proposal to replay. */
export interface PlannedProposal {
  group: ProposalVotes;
  votes: PlannedVote[];
  /** Weights divided by 10^scaleExponent so that the total fits {@link MAX_RAW_TALLY}; 0 when unscaled. */
  scaleExponent: number;
  /** Sum of the replayed weights. */
  total: bigint;
  recorded: { for: bigint; against: bigint; abstain: bigint };
}

/** The smallest k ≥ 0 with ⌊total / 10^k⌋ ≤ max. */
export function scaleExponentFor(total: bigint, max: bigint = MAX_RAW_TALLY): number {
  let k = 0;
  while (total / 10n ** BigInt(k) > max) k++;
  return k;
}

/** Keeps each voter's last vote with weight > 0 and scales the proposal's weights if they cannot fit. */
export function planProposal(group: ProposalVotes, maxTally: bigint = MAX_RAW_TALLY): PlannedProposal {
  const kept = lastVotePerVoter(group.votes).filter((v) => v.weightWei > 0n);
  const recordedTotal = kept.reduce((s, v) => s + v.weightWei, 0n);
  const scaleExponent = scaleExponentFor(recordedTotal, maxTally);
  const divisor = 10n ** BigInt(scaleExponent);
  const votes = kept.map((v) => ({
    voter: v.voter.toLowerCase(),
    support: v.support,
    weight: v.weightWei / divisor,
    recordedWeight: v.weightWei,
  }));
  const side = (s: Support) => kept.reduce((sum, v) => (v.support === s ? sum + v.weightWei : sum), 0n);
  return {
    group,
    votes,
    scaleExponent,
    total: votes.reduce((s, v) => s + v.weight, 0n),
    recorded: { for: side("for"), against: side("against"), abstain: side("abstain") },
  };
}

/** A set of proposals replayed on one deployment of both systems, with its token supply. */
export interface PlannedWorld {
  dao: string;
  proposals: PlannedProposal[];
  supply: bigint;
  /** How the supply was chosen, for the report. */
  supplySource: string;
}

/** Supply used when a proposal without a known supply has no weight at all. */
const FALLBACK_SUPPLY = COMMON_WORLD.totalSupply;

/**
 * Groups the proposals into deployments. A DAO with a known supply ({@link TOKEN_SUPPLY_WEI}: COMP 10M, UNI 1B) is
 * one deployment minting that supply, reused for all its proposals; the quorum (4 % of supply) then means what it
 * meant on the DAO. Without a known supply (Beanstalk), each proposal gets its own deployment minting twice the
 * proposal's total weight, so the quorum is meaningful for every proposal whatever its scale. A known supply too
 * small for some proposal (total + proposal threshold) is replaced by twice the largest total, and the source says so.
 */
export function planWorlds(
  proposals: readonly PlannedProposal[],
  supplies: Readonly<Record<string, bigint>> = TOKEN_SUPPLY_WEI,
): PlannedWorld[] {
  const worlds: PlannedWorld[] = [];
  const byDao = new Map<string, PlannedProposal[]>();
  for (const p of proposals) {
    const list = byDao.get(p.group.dao) ?? [];
    list.push(p);
    byDao.set(p.group.dao, list);
  }
  for (const [dao, list] of byDao) {
    const known = Object.prototype.hasOwnProperty.call(supplies, dao) ? supplies[dao] : undefined;
    if (known !== undefined) {
      const maxTotal = list.reduce((m, p) => (p.total > m ? p.total : m), 0n);
      if (maxTotal + ofBps(known, COMMON_WORLD.proposalThresholdBps) <= known) {
        worlds.push({ dao, proposals: list, supply: known, supplySource: `${dao} supply` });
      } else {
        worlds.push({
          dao,
          proposals: list,
          supply: 2n * maxTotal,
          supplySource: `2 × largest proposal total (the ${dao} supply is too small for it)`,
        });
      }
    } else {
      for (const p of list) {
        worlds.push({
          dao,
          proposals: [p],
          supply: p.total > 0n ? 2n * p.total : FALLBACK_SUPPLY,
          supplySource: p.total > 0n ? "2 × proposal total" : "no weight: common-world supply",
        });
      }
    }
  }
  return worlds;
}

/** The identity bindings of Sybil clusters for one deployment. */
export interface ClusterBinding {
  cluster: string;
  /** Identity id in the registry. */
  identity: bigint;
  /** Distinct member addresses in the clusters file. */
  members: number;
  /** Members that vote in the replayed proposals, in order of first vote (lower case). */
  voters: string[];
  /** The voters bound (at most maxAddressesPerIdentity). */
  bound: string[];
  /** The voters left unbound because the identity was full (they vote as themselves, or not at all in strict mode). */
  unbound: string[];
  /** Voters already bound to an earlier cluster (an address listed in two clusters). */
  duplicates: string[];
}

/**
 * Binds, per cluster, the members that vote in `proposals` (in order of first vote) to one identity (ids 1, 2, …),
 * up to `maxAddresses` each. Members that never vote hold no tokens in the replay, so binding them changes nothing.
 */
export function planClusterBindings(
  clusters: ReadonlyMap<string, readonly string[]>,
  proposals: readonly PlannedProposal[],
  maxAddresses: number,
): ClusterBinding[] {
  const order = new Map<string, number>();
  for (const p of proposals) for (const v of p.votes) if (!order.has(v.voter)) order.set(v.voter, order.size);
  const taken = new Set<string>();
  const bindings: ClusterBinding[] = [];
  let identity = 0n;
  for (const [cluster, members] of clusters) {
    identity++;
    const voters = [...new Set(members.map((m) => m.toLowerCase()))]
      .filter((m) => order.has(m))
      .sort((a, b) => order.get(a)! - order.get(b)!);
    const duplicates = voters.filter((v) => taken.has(v));
    const fresh = voters.filter((v) => !taken.has(v));
    const bound = fresh.slice(0, maxAddresses);
    bound.forEach((v) => taken.add(v));
    bindings.push({
      cluster,
      identity,
      members: members.length,
      voters,
      bound,
      unbound: fresh.slice(maxAddresses),
      duplicates,
    });
  }
  return bindings;
}

/**
 * The Lorenz curve of a list of weights: points (share of holders, share of weight), ascending, from (0, 0) to
 * (1, 1), at most `maxPoints` + 1 points (evenly spaced in holders; exact shares at those points). Weights of 0
 * count as holders with nothing.
 */
export function lorenzCurve(
  weights: readonly bigint[],
  name: string,
  system?: SystemName,
  maxPoints = 1_000,
): LorenzCurve {
  const sorted = [...weights].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = sorted.length;
  const total = sorted.reduce((s, w) => s + w, 0n);
  const curve: LorenzCurve = { name, points: [] };
  if (system !== undefined) curve.system = system;
  if (n === 0 || total === 0n) {
    curve.points = [
      [0, 0],
      [1, 1],
    ];
    return curve;
  }
  const steps = Math.min(n, maxPoints);
  let cumulative = 0n;
  let taken = 0;
  curve.points.push([0, 0]);
  for (let i = 1; i <= steps; i++) {
    const upTo = i === steps ? n : Math.round((i * n) / steps);
    while (taken < upTo) cumulative += sorted[taken++];
    curve.points.push([upTo / n, ratio(cumulative, total)]);
  }
  return curve;
}

/** The quadratic weight of a unit holding `power` under delegation cap `cap` (⌊√min(power, cap)⌋), as PolycentricGovernor counts it. */
export function countedQuadratic(power: bigint, cap: bigint): bigint {
  return isqrt(power < cap ? power : cap);
}
