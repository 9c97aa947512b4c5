/**
 * Typed, validated loaders for the real DAO data in `data/real` (documented in its README.md), and
 * the per-proposal analysis that reproduces the README's checks. Node `fs`/`path` only, no Hardhat import.
 *
 * Where the data is: `$POLYCENTRIC_DATA_DIR` when set, else `<project root>/data/real`, the copy carried in this
 * repository (the project root is the nearest folder above this file holding a package.json). Each loader takes a file path
 * (absolute or relative to the working directory) and defaults to the file's place under {@link dataDir}.
 *
 * Every malformed value is an Error naming `file:line`, the column and the value, e.g.
 * `votes_normalized.csv:123: column "support": expected for/against/abstain, got "yes"` (the file is named by
 * its base name; a missing file is named by its full path). Amounts are exact bigint wei (18 decimals).
 */
import fs from "node:fs";
import path from "node:path";

import { CsvError, parseCsvTable, type CsvRecord, type CsvTable } from "./csv";
import { concentration, parseTokenAmount, ratio, type Concentration } from "./metrics";

// ---------------------------------------------------------------------------------------------------------
// Where the files are

/** The environment variable that overrides {@link dataDir}. */
export const DATA_DIR_ENV = "POLYCENTRIC_DATA_DIR";

function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, "..");
    dir = parent;
  }
}

/**
 * The real-data folder: `$POLYCENTRIC_DATA_DIR` (resolved against the working directory) when set and not blank,
 * else `<project root>/data/real` (the repository's own copy; its SHA256SUMS is checked by the tests).
 */
export function dataDir(): string {
  const fromEnv = process.env[DATA_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return path.resolve(fromEnv.trim());
  return path.resolve(projectRoot(), "data", "real");
}

/** A path inside {@link dataDir}: `dataPath("onchain-votes", "votes_normalized.csv")`. */
export function dataPath(...parts: string[]): string {
  return path.join(dataDir(), ...parts);
}

/** The data files, relative to {@link dataDir}. */
export const DATA_FILES = {
  votes: ["onchain-votes", "votes_normalized.csv"],
  proposals: ["onchain-votes", "proposals_normalized.csv"],
  metricsPerProposal: ["onchain-votes", "metrics_per_proposal.csv"],
  ensAirdrop: ["distributions", "ens_airdrop_2021_allocations.csv"],
  sybilClusters: ["sybil", "arbitrum_airdrop_sybil_clusters.csv"],
  compoundAlphaEvents: ["onchain-votes", "source-bhemen", "compound_governor_alpha.csv"],
  compoundBravoEvents: ["onchain-votes", "source-bhemen", "compound_governor_bravo.csv"],
  tokenSupplies: ["onchain-votes", "source-bhemen", "governance_token_supplies.csv"],
} as const satisfies Record<string, readonly string[]>;

/** Reads a data file as UTF-8; a missing file is an Error naming the path and how to point elsewhere. */
export function readDataFile(file: string): string {
  const resolved = path.resolve(file);
  try {
    return fs.readFileSync(resolved, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      const env = process.env[DATA_DIR_ENV];
      const source =
        env !== undefined && env.trim() !== ""
          ? `${DATA_DIR_ENV}=${env}`
          : `default data/real in the project; set ${DATA_DIR_ENV} to use another folder`;
      throw new Error(`data file not found: ${resolved} (data directory ${dataDir()}, from ${source})`);
    }
    throw e;
  }
}

/** Reads and parses a CSV data file with a header; `required` columns must be present. */
export function readCsvTable(file: string, required: readonly string[]): CsvTable {
  return parseCsvTable(readDataFile(file), path.basename(file), required);
}

// ---------------------------------------------------------------------------------------------------------
// Field validation

/** Reads the named fields of one record; every failure names file:line, the column and the value. */
class Row {
  constructor(
    private readonly table: CsvTable,
    readonly record: CsvRecord,
  ) {}

  get line(): number {
    return this.record.line;
  }

  has(column: string): boolean {
    return this.table.columns.has(column);
  }

  raw(column: string): string {
    const index = this.table.columns.get(column);
    if (index === undefined) throw new CsvError(this.table.label, 1, `missing column "${column}"`);
    return this.record.fields[index];
  }

  fail(column: string, expected: string, value = this.raw(column)): never {
    throw new CsvError(
      this.table.label,
      this.record.line,
      `column "${column}": expected ${expected}, got ${JSON.stringify(value)}`,
    );
  }

  text(column: string, pattern?: RegExp, expected?: string): string {
    const v = this.raw(column);
    if (pattern !== undefined && !pattern.test(v)) this.fail(column, expected ?? `a value matching ${pattern}`, v);
    return v;
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const v = this.raw(column);
    if (!(allowed as readonly string[]).includes(v)) this.fail(column, allowed.join("/"), v);
    return v as T;
  }

  integer(column: string): number {
    const v = this.raw(column);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) this.fail(column, "a non-negative integer", v);
    return Number(v);
  }

  optionalInteger(column: string): number | null {
    return this.raw(column) === "" ? null : this.integer(column);
  }

  decimal(column: string): number {
    const v = this.raw(column);
    if (!/^\d+(\.\d+)?$/.test(v)) this.fail(column, "a non-negative decimal number", v);
    return Number(v);
  }

  optionalDecimal(column: string): number | null {
    return this.raw(column) === "" ? null : this.decimal(column);
  }

  /** A decimal token amount as wei; digits finer than 1 wei are an error unless `excess` is "nearest". */
  amount(column: string, excess: "reject" | "nearest" = "reject"): bigint {
    const v = this.raw(column);
    try {
      return parseTokenAmount(v, 18, excess);
    } catch {
      return this.fail(
        column,
        excess === "reject" ? "a non-negative token amount with at most 18 decimals" : "a non-negative token amount",
        v,
      );
    }
  }

  wei(column: string): bigint {
    const v = this.raw(column);
    if (!/^\d+$/.test(v)) this.fail(column, "a non-negative integer amount of wei", v);
    return BigInt(v);
  }

  address(column: string): string {
    return this.text(column, ADDRESS, "an address (0x + 40 hex digits)");
  }

  optionalAddress(column: string): string | null {
    return this.raw(column) === "" ? null : this.address(column);
  }

  /** `YYYY-MM-DDTHH:MM:SS` in UTC, as unix seconds; null when blank. */
  optionalTimestamp(column: string): number | null {
    const v = this.raw(column);
    if (v === "") return null;
    const m = TIMESTAMP.exec(v);
    const ms = m === null ? NaN : Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== v) {
      this.fail(column, "a UTC time YYYY-MM-DDTHH:MM:SS", v);
    }
    return ms / 1000;
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const TX_HASH = /^0x[0-9a-fA-F]{64}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const IDENTIFIER = /^[a-z0-9]+$/;
const GOVERNOR = /^[a-z0-9]+(-[a-z0-9]+)+$/;

function rowsOf(table: CsvTable): Row[] {
  return table.rows.map((record) => new Row(table, record));
}

/** dao and governor (which must be `<dao>-…`). */
function daoAndGovernor(row: Row): { dao: string; governor: string } {
  const dao = row.text("dao", IDENTIFIER, "a lower-case DAO name (a-z, 0-9)");
  const governor = row.text("governor", GOVERNOR, `a governor name "<dao>-<contract>"`);
  if (!governor.startsWith(dao + "-")) row.fail("governor", `a governor of DAO "${dao}" ("${dao}-…")`, governor);
  return { dao, governor };
}

function rejectDuplicate(seen: Map<string, number>, key: string, row: Row, column: string, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) row.fail(column, `a unique ${what} (first seen on line ${first})`);
  seen.set(key, row.line);
}

// ---------------------------------------------------------------------------------------------------------
// Loaders

export const SUPPORT_VALUES = ["for", "against", "abstain"] as const;
export type Support = (typeof SUPPORT_VALUES)[number];

/** One vote event of onchain-votes/votes_normalized.csv (re-votes are separate records). */
export interface VoteRecord {
  /** Line of the record in the file. */
  line: number;
  /** `compound`, `uniswap`, `beanstalk`. */
  dao: string;
  /** `compound-alpha`, `uniswap-bravo`, `beanstalk-bip`, … */
  governor: string;
  /** Proposal id on that governor (Beanstalk: BIP number). */
  proposalId: number;
  /** Voter address, in the case used by the source: compare case-insensitively. */
  voter: string;
  support: Support;
  /**
   * The weight in wei (token units × 10^18). The Uniswap weights come from a float64 export: a few carry
   * binary noise below 1 wei (e.g. "1.0008989930000001e-07"), which is rounded to the nearest wei.
   */
  weightWei: bigint;
  /** COMP, UNI, `stalk` or `roots`. */
  weightUnit: string;
  /** null for Beanstalk. */
  blockNumber: number | null;
  /** Unix seconds (UTC); null for Beanstalk. */
  timestamp: number | null;
  /** null for Beanstalk. */
  txHash: string | null;
  /** `castVoteWithReason` text, "" when none. */
  reason: string;
}

const VOTE_COLUMNS = [
  "dao",
  "governor",
  "proposal_id",
  "voter",
  "support",
  "weight",
  "weight_unit",
  "block_number",
  "timestamp",
  "tx_hash",
  "reason",
] as const;

/** Loads votes_normalized.csv (default: `onchain-votes/votes_normalized.csv` under {@link dataDir}). */
export function loadVotes(file = dataPath(...DATA_FILES.votes)): VoteRecord[] {
  return rowsOf(readCsvTable(file, VOTE_COLUMNS)).map((row) => {
    const txHash = row.raw("tx_hash");
    return {
      line: row.line,
      ...daoAndGovernor(row),
      proposalId: row.integer("proposal_id"),
      voter: row.address("voter"),
      support: row.oneOf("support", SUPPORT_VALUES),
      weightWei: row.amount("weight", "nearest"),
      weightUnit: row.text("weight_unit", /^[A-Za-z]+$/, "a unit name (letters)"),
      blockNumber: row.optionalInteger("block_number"),
      timestamp: row.optionalTimestamp("timestamp"),
      txHash: txHash === "" ? null : row.text("tx_hash", TX_HASH, "a transaction hash (0x + 64 hex digits)"),
      reason: row.raw("reason"),
    };
  });
}

/** One proposal of onchain-votes/proposals_normalized.csv. Blank fields are null. */
export interface ProposalRecord {
  line: number;
  dao: string;
  governor: string;
  proposalId: number;
  proposer: string | null;
  createdBlock: number | null;
  /** Unix seconds; null when the creation event is missing from the source. */
  createdTs: number | null;
  startBlock: number | null;
  endBlock: number | null;
  endTs: number | null;
  queuedTs: number | null;
  executedTs: number | null;
  canceledTs: number | null;
  title: string;
}

const PROPOSAL_COLUMNS = [
  "dao",
  "governor",
  "proposal_id",
  "proposer",
  "created_block",
  "created_ts",
  "start_block",
  "end_block",
  "end_ts",
  "queued_ts",
  "executed_ts",
  "canceled_ts",
  "title",
] as const;

/** Loads proposals_normalized.csv; a proposal listed twice is an error. */
export function loadProposals(file = dataPath(...DATA_FILES.proposals)): ProposalRecord[] {
  const seen = new Map<string, number>();
  return rowsOf(readCsvTable(file, PROPOSAL_COLUMNS)).map((row) => {
    const { dao, governor } = daoAndGovernor(row);
    const proposalId = row.integer("proposal_id");
    rejectDuplicate(seen, proposalKey(dao, governor, proposalId), row, "proposal_id", `proposal of ${governor}`);
    return {
      line: row.line,
      dao,
      governor,
      proposalId,
      proposer: row.optionalAddress("proposer"),
      createdBlock: row.optionalInteger("created_block"),
      createdTs: row.optionalTimestamp("created_ts"),
      startBlock: row.optionalInteger("start_block"),
      endBlock: row.optionalInteger("end_block"),
      endTs: row.optionalTimestamp("end_ts"),
      queuedTs: row.optionalTimestamp("queued_ts"),
      executedTs: row.optionalTimestamp("executed_ts"),
      canceledTs: row.optionalTimestamp("canceled_ts"),
      title: row.raw("title"),
    };
  });
}

/** One holder of a token distribution (`address,balance_wei,…`). */
export interface DistributionRecord {
  line: number;
  /** As in the file (the ENS file is lower case). */
  address: string;
  balanceWei: bigint;
  /** ENS file only (`has_reverse_record`): a primary ENS name was set; null when the column is absent. */
  hasReverseRecord: boolean | null;
}

/**
 * Loads a distribution CSV with columns `address,balance_wei` and optionally `has_reverse_record` (0/1)
 * (default: the ENS airdrop). An address listed twice (case-insensitively) is an error.
 */
export function loadDistribution(file = dataPath(...DATA_FILES.ensAirdrop)): DistributionRecord[] {
  const table = readCsvTable(file, ["address", "balance_wei"]);
  const withReverse = table.columns.has("has_reverse_record");
  const seen = new Map<string, number>();
  return rowsOf(table).map((row) => {
    const address = row.address("address");
    rejectDuplicate(seen, address.toLowerCase(), row, "address", "address");
    return {
      line: row.line,
      address,
      balanceWei: row.wei("balance_wei"),
      hasReverseRecord: withReverse ? row.oneOf("has_reverse_record", ["0", "1"]) === "1" : null,
    };
  });
}

/** One `cluster,address` row of sybil/arbitrum_airdrop_sybil_clusters.csv. */
export interface SybilClusterRecord {
  line: number;
  /** `hacker0`, `sybil1` … `sybil6`. */
  cluster: string;
  address: string;
}

/**
 * Loads the Sybil cluster list. Rows are returned as they are: the file repeats some addresses inside a
 * cluster (it merges the source's per-cluster address lists); {@link sybilClusters} gives distinct members.
 */
export function loadSybilClusters(file = dataPath(...DATA_FILES.sybilClusters)): SybilClusterRecord[] {
  return rowsOf(readCsvTable(file, ["cluster", "address"])).map((row) => ({
    line: row.line,
    cluster: row.text("cluster", /^[A-Za-z0-9_-]+$/, "a cluster name (letters, digits, _ or -)"),
    address: row.address("address"),
  }));
}

/** Distinct lower-case member addresses per cluster, clusters in order of first appearance. */
export function sybilClusters(rows: readonly SybilClusterRecord[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const { cluster, address } of rows) {
    let members = sets.get(cluster);
    if (members === undefined) sets.set(cluster, (members = new Set()));
    members.add(address.toLowerCase());
  }
  return new Map([...sets].map(([cluster, members]) => [cluster, [...members]]));
}

/** One row of onchain-votes/metrics_per_proposal.csv (the reference values). Amounts rounded to 6 decimals. */
export interface ProposalMetricsRecord {
  line: number;
  dao: string;
  governor: string;
  proposalId: number;
  voteEvents: number;
  /** Distinct voters, including voters whose weight is 0 (see the note in data.test.ts). */
  uniqueVoters: number;
  totalWeightWei: bigint;
  /** Percent of supply (COMP 10M, UNI 1B); null for Beanstalk. */
  pctOfSupply: number | null;
  forWeightWei: bigint;
  againstWeightWei: bigint;
  abstainWeightWei: bigint;
  /** null when the column is absent. */
  objectionWeightWei: bigint | null;
  nakamoto50: number;
  top1Share: number;
  top10Share: number;
  gini: number;
  hhi: number;
  /** null for Beanstalk. */
  weightOutcome: "for" | "against" | null;
  /** null for Beanstalk. */
  outcomeFlipsWithoutTopVoter: boolean | null;
}

const METRICS_COLUMNS = [
  "dao",
  "governor",
  "proposal_id",
  "vote_events",
  "unique_voters",
  "total_weight",
  "pct_of_supply",
  "for_weight",
  "against_weight",
  "abstain_weight",
  "nakamoto_50",
  "top1_share",
  "top10_share",
  "gini",
  "hhi",
  "weight_outcome",
  "outcome_flips_without_top_voter",
] as const;

/** Loads metrics_per_proposal.csv; a proposal listed twice is an error. */
export function loadMetricsPerProposal(file = dataPath(...DATA_FILES.metricsPerProposal)): ProposalMetricsRecord[] {
  const seen = new Map<string, number>();
  return rowsOf(readCsvTable(file, METRICS_COLUMNS)).map((row) => {
    const { dao, governor } = daoAndGovernor(row);
    const proposalId = row.integer("proposal_id");
    rejectDuplicate(seen, proposalKey(dao, governor, proposalId), row, "proposal_id", `proposal of ${governor}`);
    const share = (column: string): number => {
      const v = row.decimal(column);
      if (v > 1) row.fail(column, "a share between 0 and 1");
      return v;
    };
    const outcome = row.raw("weight_outcome") === "" ? null : row.oneOf("weight_outcome", ["for", "against"]);
    const flips = row.raw("outcome_flips_without_top_voter");
    return {
      line: row.line,
      dao,
      governor,
      proposalId,
      voteEvents: row.integer("vote_events"),
      uniqueVoters: row.integer("unique_voters"),
      totalWeightWei: row.amount("total_weight"),
      pctOfSupply: row.optionalDecimal("pct_of_supply"),
      forWeightWei: row.amount("for_weight"),
      againstWeightWei: row.amount("against_weight"),
      abstainWeightWei: row.amount("abstain_weight"),
      objectionWeightWei: row.has("objection_weight") ? row.amount("objection_weight") : null,
      nakamoto50: row.integer("nakamoto_50"),
      top1Share: share("top1_share"),
      top10Share: share("top10_share"),
      gini: share("gini"),
      hhi: row.decimal("hhi"),
      weightOutcome: outcome,
      outcomeFlipsWithoutTopVoter:
        flips === "" ? null : row.oneOf("outcome_flips_without_top_voter", ["0", "1"]) === "1",
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Per-proposal analysis (README "Reproduction checks")

/** Token supplies used by metrics_per_proposal.csv and the Falk et al. table: COMP 10M, UNI 1B (wei). */
export const TOKEN_SUPPLY_WEI: Readonly<Record<string, bigint>> = {
  compound: 10_000_000n * 10n ** 18n,
  uniswap: 1_000_000_000n * 10n ** 18n,
};

/** The key of a proposal: `dao/governor/id`. */
export function proposalKey(dao: string, governor: string, proposalId: number): string {
  return `${dao}/${governor}/${proposalId}`;
}

/** The vote events of one proposal, in file order. */
export interface ProposalVotes {
  key: string;
  dao: string;
  governor: string;
  proposalId: number;
  votes: VoteRecord[];
}

/** Groups vote events by (dao, governor, proposal_id), proposals in order of first appearance. */
export function groupVotesByProposal(votes: readonly VoteRecord[]): Map<string, ProposalVotes> {
  const groups = new Map<string, ProposalVotes>();
  for (const vote of votes) {
    const key = proposalKey(vote.dao, vote.governor, vote.proposalId);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, dao: vote.dao, governor: vote.governor, proposalId: vote.proposalId, votes: [] };
      groups.set(key, group);
    }
    group.votes.push(vote);
  }
  return groups;
}

/**
 * The last vote of each voter (addresses compared case-insensitively): the one with the highest block
 * number, and of equal (or absent) block numbers the later line in the file. Result in order of first vote.
 */
export function lastVotePerVoter(votes: readonly VoteRecord[]): VoteRecord[] {
  const last = new Map<string, VoteRecord>();
  for (const vote of votes) {
    const voter = vote.voter.toLowerCase();
    const previous = last.get(voter);
    if (previous === undefined || (vote.blockNumber ?? 0) >= (previous.blockNumber ?? 0)) last.set(voter, vote);
  }
  return [...last.values()];
}

/** What metrics_per_proposal.csv reports for one proposal, recomputed from the vote events. */
export interface ProposalStats {
  key: string;
  dao: string;
  governor: string;
  proposalId: number;
  /** Vote events, re-votes included. */
  voteEvents: number;
  /** Distinct voters, weight 0 included (what the file's `unique_voters` counts). */
  distinctVoters: number;
  /** Distinct voters whose last vote has weight > 0: the population of the metrics. */
  weightedVoters: number;
  /** Weight of the kept votes, overall and per side (wei). */
  totalWei: bigint;
  forWei: bigint;
  againstWei: bigint;
  abstainWei: bigint;
  /** 100 × total / supply, or null when no supply is known for the DAO ({@link TOKEN_SUPPLY_WEI}). */
  pctOfSupply: number | null;
  /** Metrics over the kept weights (nakamoto at 50 %, top-1/10 shares, Gini, HHI, entropy). */
  concentration: Concentration;
  /** `for` when for > against, else `against` (0 vs 0 is `against`); null when no supply is known. */
  weightOutcome: "for" | "against" | null;
  /** Whether removing the largest voter's weight reverses for-vs-against (ignores quorum); null as above. */
  outcomeFlipsWithoutTopVoter: boolean | null;
}

/**
 * Recomputes a proposal's row of metrics_per_proposal.csv: keep the last vote of each voter, drop weights of
 * 0, and measure. The largest voter is the first of the largest weights in file order.
 */
export function proposalStats(
  group: ProposalVotes,
  supplies: Readonly<Record<string, bigint>> = TOKEN_SUPPLY_WEI,
): ProposalStats {
  const kept = lastVotePerVoter(group.votes);
  const weighted = kept.filter((v) => v.weightWei > 0n);
  const side = (s: Support): bigint => weighted.reduce((sum, v) => (v.support === s ? sum + v.weightWei : sum), 0n);
  const forWei = side("for");
  const againstWei = side("against");
  const metrics = concentration(weighted.map((v) => v.weightWei));
  const supply = Object.prototype.hasOwnProperty.call(supplies, group.dao) ? supplies[group.dao] : undefined;

  let weightOutcome: "for" | "against" | null = null;
  let flips: boolean | null = null;
  if (supply !== undefined) {
    weightOutcome = forWei > againstWei ? "for" : "against";
    const top = weighted.reduce<VoteRecord | undefined>(
      (best, v) => (best === undefined || v.weightWei > best.weightWei ? v : best),
      undefined,
    );
    const forWithout = forWei - (top?.support === "for" ? top.weightWei : 0n);
    const againstWithout = againstWei - (top?.support === "against" ? top.weightWei : 0n);
    flips = (forWithout > againstWithout ? "for" : "against") !== weightOutcome;
  }
  return {
    key: group.key,
    dao: group.dao,
    governor: group.governor,
    proposalId: group.proposalId,
    voteEvents: group.votes.length,
    distinctVoters: kept.length,
    weightedVoters: weighted.length,
    totalWei: metrics.total,
    forWei,
    againstWei,
    abstainWei: side("abstain"),
    pctOfSupply: supply === undefined ? null : 100 * ratio(metrics.total, supply),
    concentration: metrics,
    weightOutcome,
    outcomeFlipsWithoutTopVoter: flips,
  };
}

/** {@link proposalStats} of every proposal that has vote events, in order of first appearance. */
export function statsPerProposal(
  votes: readonly VoteRecord[],
  supplies: Readonly<Record<string, bigint>> = TOKEN_SUPPLY_WEI,
): ProposalStats[] {
  return [...groupVotesByProposal(votes).values()].map((g) => proposalStats(g, supplies));
}

/** The Falk et al. "Overview of voting activity" figures for one DAO. */
export interface VotingActivity {
  /** Proposals created (rows of proposals_normalized.csv for the DAO). */
  proposals: number;
  /** Vote events on those proposals (re-votes included). */
  voteEvents: number;
  /** voteEvents / proposals: proposals without votes count as 0. */
  voteEventsPerProposal: number;
  /** Mean over the created proposals of 100 × weight cast / supply (0 for a proposal without votes). */
  pctOfSupplyCast: number;
}

/**
 * The README's check 1: per *created* proposal of `dao`, count the vote events (re-votes included; no votes
 * counts as 0) and the weight cast over the supply; average over the created proposals. Votes on proposals
 * that are not in `proposals` are not counted.
 */
export function votingActivity(
  dao: string,
  proposals: readonly ProposalRecord[],
  votes: readonly VoteRecord[],
  supplyWei: bigint = TOKEN_SUPPLY_WEI[dao],
): VotingActivity {
  if (supplyWei === undefined || supplyWei <= 0n) throw new RangeError(`votingActivity: no supply for DAO "${dao}"`);
  const created = new Set(
    proposals.filter((p) => p.dao === dao).map((p) => proposalKey(p.dao, p.governor, p.proposalId)),
  );
  if (created.size === 0) throw new RangeError(`votingActivity: no proposals of DAO "${dao}"`);
  let events = 0;
  let weight = 0n;
  for (const v of votes) {
    if (v.dao === dao && created.has(proposalKey(v.dao, v.governor, v.proposalId))) {
      events++;
      weight += v.weightWei;
    }
  }
  const n = BigInt(created.size);
  return {
    proposals: created.size,
    voteEvents: events,
    voteEventsPerProposal: events / created.size,
    pctOfSupplyCast: ratio(100n * weight, n * supplyWei),
  };
}

/** The median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
