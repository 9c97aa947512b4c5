import { expect } from "chai";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { CsvError, parseCsv, parseCsvTable } from "../../lib/csv";
import {
  DATA_DIR_ENV,
  DATA_FILES,
  dataDir,
  dataPath,
  groupVotesByProposal,
  lastVotePerVoter,
  loadDistribution,
  loadMetricsPerProposal,
  loadProposals,
  loadSybilClusters,
  loadVotes,
  median,
  proposalKey,
  proposalStats,
  readCsvTable,
  readDataFile,
  statsPerProposal,
  sybilClusters,
  TOKEN_SUPPLY_WEI,
  votingActivity,
  type ProposalMetricsRecord,
  type ProposalRecord,
  type ProposalStats,
  type VoteRecord,
} from "../../lib/data";
import { concentration, formatTokenAmount, parseTokenAmount, ratio } from "../../lib/metrics";

const E18 = 10n ** 18n;

/** Runs `fn` with POLYCENTRIC_DATA_DIR set to `value` (or unset), restoring it afterwards. */
function withDataDirEnv<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env[DATA_DIR_ENV];
  if (value === undefined) delete process.env[DATA_DIR_ENV];
  else process.env[DATA_DIR_ENV] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[DATA_DIR_ENV];
    else process.env[DATA_DIR_ENV] = saved;
  }
}

/** The message of the error `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

/** `s` as a literal inside a RegExp. */
const re = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Decimal places of a number as the file wrote it (shortest round-trip form). */
function decimalsOf(x: number): number {
  const s = String(x);
  return s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
}

describe("lib/data: the real DAO data (data/real)", function () {
  describe("where the data is", function () {
    it("defaults to data/real inside the project, overridable by POLYCENTRIC_DATA_DIR", function () {
      const root = path.resolve(__dirname, "../..");
      withDataDirEnv(undefined, () => {
        expect(dataDir()).to.equal(path.resolve(root, "data/real"));
        expect(dataPath("onchain-votes", "votes_normalized.csv")).to.equal(
          path.join(root, "data/real/onchain-votes/votes_normalized.csv"),
        );
      });
      withDataDirEnv("", () => expect(dataDir()).to.equal(path.resolve(root, "data/real")));
      withDataDirEnv("/somewhere/else", () => {
        expect(dataDir()).to.equal("/somewhere/else");
        expect(dataPath("a", "b.csv")).to.equal("/somewhere/else/a/b.csv");
      });
      withDataDirEnv("relative/dir", () => expect(dataDir()).to.equal(path.resolve("relative/dir")));
    });

    it("the repository's copy matches its SHA256SUMS, and the shared original where one is beside the project", function () {
      const root = path.resolve(__dirname, "../..");
      const copy = path.join(root, "data/real");
      const sums = fs
        .readFileSync(path.join(copy, "SHA256SUMS"), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => {
          const [sum, file] = line.trim().split(/\s+/);
          return { sum, file };
        });
      expect(sums.length).to.be.greaterThan(5);
      const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
      for (const { sum, file } of sums) expect(sha256(path.join(copy, file)), file).to.equal(sum);
      // The originals are only beside this checkout (never needed at run time): when present, the copy is theirs.
      const original = path.resolve(root, "../shared/data/real");
      if (fs.existsSync(path.join(original, "SHA256SUMS"))) {
        expect(fs.readFileSync(path.join(copy, "SHA256SUMS"), "utf8")).to.equal(
          fs.readFileSync(path.join(original, "SHA256SUMS"), "utf8"),
        );
        for (const { file } of sums)
          expect(sha256(path.join(original, file)), file).to.equal(sha256(path.join(copy, file)));
      }
    });

    it("a missing file names the path it looked for and POLYCENTRIC_DATA_DIR", function () {
      const missing = path.join(os.tmpdir(), "polycentric-no-such-dir", "votes_normalized.csv");
      const message = withDataDirEnv(undefined, () => errorOf(() => loadVotes(missing)));
      expect(message).to.contain(`data file not found: ${missing}`);
      expect(message).to.contain(`data directory ${dataDir()}`);
      expect(message).to.contain("set POLYCENTRIC_DATA_DIR to use another folder");

      const dir = path.join(os.tmpdir(), "polycentric-no-such-dir");
      for (const load of [loadVotes, loadProposals, loadMetricsPerProposal, loadDistribution, loadSybilClusters]) {
        const m = withDataDirEnv(dir, () => errorOf(() => load()));
        expect(m).to.match(
          new RegExp(
            `^data file not found: ${re(dir)}/\\S+\\.csv \\(data directory ${re(dir)}, from ${re(`${DATA_DIR_ENV}=${dir}`)}\\)$`,
          ),
        );
      }
      expect(withDataDirEnv(dir, () => errorOf(() => loadVotes()))).to.contain(
        path.join(dir, "onchain-votes", "votes_normalized.csv"),
      );
    });
  });

  describe("CSV parser (RFC 4180)", function () {
    it("parses quoted commas, quotes, CRLF and LF, embedded newlines, a BOM, and keeps the starting line", function () {
      const text = '\ufeffa,b,c\r\n1,"x, y",""\r\n"multi\nline\r\nfield","say ""hi""",3\n\n4,,"end"\n';
      expect(parseCsv(text)).to.deep.equal([
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "x, y", ""] },
        { line: 3, fields: ["multi\nline\r\nfield", 'say "hi"', "3"] },
        { line: 7, fields: ["4", "", "end"] }, // lines 3-5 hold the record, line 6 is empty
      ]);
      expect(parseCsv("a,b")).to.deep.equal([{ line: 1, fields: ["a", "b"] }]);
      expect(parseCsv("a,\n,b,")).to.deep.equal([
        { line: 1, fields: ["a", ""] },
        { line: 2, fields: ["", "b", ""] },
      ]);
      expect(parseCsv("a\rb,c")).to.deep.equal([{ line: 1, fields: ["a\rb", "c"] }]); // a lone CR is data
      expect(parseCsv("")).to.deep.equal([]);
    });

    it("rejects an unterminated quote, text after a closing quote, a quote inside an unquoted field, a short row", function () {
      expect(() => parseCsv('a,b\n1,"open\n\n', "f.csv")).to.throw(
        CsvError,
        "f.csv:2: unterminated quoted field (the opening quote is on this line)",
      );
      expect(() => parseCsv('a,b\n"x"y,2\n', "f.csv")).to.throw(
        'f.csv:2: unexpected "y" after the closing quote of field 1',
      );
      expect(() => parseCsv('a,b\n1,x"y\n', "f.csv")).to.throw(
        "f.csv:2: a quote inside unquoted field 2 (quote the whole field)",
      );
      expect(() => parseCsvTable('a,b\n"1\n2",3\n4\n', "f.csv")).to.throw(
        "f.csv:4: expected 2 fields (as in the header), got 1",
      );
      expect(() => parseCsvTable("a,b\n", "f.csv", ["a", "c", "d"])).to.throw(
        'f.csv:1: missing columns "c", "d" (header is "a","b")',
      );
      expect(() => parseCsvTable("a,a\n", "f.csv")).to.throw('f.csv:1: duplicate column "a" in the header');
      expect(() => parseCsvTable("", "f.csv")).to.throw("f.csv:1: empty file");
    });

    it("reads the verbatim Compound event logs, whose descriptions contain quoted newlines", function () {
      const alpha = readCsvTable(dataPath(...DATA_FILES.compoundAlphaEvents), ["event_name", "description", "voter"]);
      const bravo = readCsvTable(dataPath(...DATA_FILES.compoundBravoEvents), ["event_name", "description", "reason"]);
      // README: 2,532 and 8,002 events.
      expect(alpha.rows.length).to.equal(2532);
      expect(bravo.rows.length).to.equal(8002);
      const count = (t: typeof alpha, event: string): number =>
        t.rows.filter((r) => r.fields[t.columns.get("event_name")!] === event).length;
      const multiline = (t: typeof alpha): number =>
        t.rows.filter((r) => r.fields[t.columns.get("description")!].includes("\n")).length;
      expect(multiline(alpha)).to.equal(42);
      expect(multiline(bravo)).to.be.greaterThan(90);
      // The last record starts after every embedded newline: its line is beyond the record count + 1.
      expect(alpha.rows[alpha.rows.length - 1].line).to.be.greaterThan(2533);

      // votes_normalized.csv and proposals_normalized.csv were derived from these events.
      const votes = loadVotes();
      const proposals = loadProposals();
      expect(count(alpha, "VoteCast"))
        .to.equal(votes.filter((v) => v.governor === "compound-alpha").length)
        .and.to.equal(2416);
      expect(count(bravo, "VoteCast"))
        .to.equal(votes.filter((v) => v.governor === "compound-bravo").length)
        .and.to.equal(7733);
      expect(count(alpha, "ProposalCreated")).to.equal(proposals.filter((p) => p.governor === "compound-alpha").length);
      expect(count(bravo, "ProposalCreated")).to.equal(proposals.filter((p) => p.governor === "compound-bravo").length);
    });

    it("strips the BOM of the Signal Corps file", function () {
      const file = dataPath(
        "onchain-votes",
        "source-signal-corps",
        "Uniswap_Governance_Proposal_Descriptions_20220806.csv",
      );
      const table = readCsvTable(file, ["proposal", "status_on"]);
      expect(table.header[0]).to.equal("proposal");
      expect(table.rows.length).to.equal(16);
    });
  });

  describe("validation of malformed rows (file:line, column, value)", function () {
    let dir: string;
    const VOTES_HEADER =
      "dao,governor,proposal_id,voter,support,weight,weight_unit,block_number,timestamp,tx_hash,reason";
    const A1 = "0xb0325DbE7fA891436E83A094f9F12848c78e449b";
    const A2 = "0x181fc4a2b228c0e0f996b736f0310cf9b2e34b56";
    const TX = "0x" + "ab".repeat(32);
    const good = `compound,compound-alpha,1,${A1},for,24107.64,COMP,9952490,2020-04-27T04:54:53,${TX},`;

    before(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "polycentric-data-"));
    });
    after(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    function write(name: string, lines: string[]): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, lines.join("\n") + "\n");
      return file;
    }

    it("votes: the support, weight, voter, id, time, hash and governor of a bad row are named", function () {
      const vote = (patch: Partial<Record<string, string>>): string => {
        const fields: Record<string, string> = {
          dao: "compound",
          governor: "compound-alpha",
          proposal_id: "1",
          voter: A2,
          support: "against",
          weight: "1",
          weight_unit: "COMP",
          block_number: "9952737",
          timestamp: "2020-04-27T05:51:06",
          tx_hash: TX,
          reason: '"a reason, with a comma"',
          ...patch,
        };
        return VOTES_HEADER.split(",")
          .map((c) => fields[c])
          .join(",");
      };
      const cases: [Partial<Record<string, string>>, string][] = [
        [{ support: "yes" }, 'column "support": expected for/against/abstain, got "yes"'],
        [{ support: "" }, 'column "support": expected for/against/abstain, got ""'],
        [{ weight: "-5" }, 'column "weight": expected a non-negative token amount, got "-5"'],
        [{ weight: "1,5" }, "expected 11 fields (as in the header), got 12"],
        [{ weight: '"1,5"' }, 'column "weight": expected a non-negative token amount, got "1,5"'],
        [{ voter: "0x123" }, 'column "voter": expected an address (0x + 40 hex digits), got "0x123"'],
        [{ proposal_id: "1.5" }, 'column "proposal_id": expected a non-negative integer, got "1.5"'],
        [{ block_number: "12e3" }, 'column "block_number": expected a non-negative integer, got "12e3"'],
        [
          { timestamp: "2020-02-30T00:00:00" },
          'column "timestamp": expected a UTC time YYYY-MM-DDTHH:MM:SS, got "2020-02-30T00:00:00"',
        ],
        [
          { timestamp: "2020-04-27 05:51:06" },
          'column "timestamp": expected a UTC time YYYY-MM-DDTHH:MM:SS, got "2020-04-27 05:51:06"',
        ],
        [{ tx_hash: "0x12" }, 'column "tx_hash": expected a transaction hash (0x + 64 hex digits), got "0x12"'],
        [
          { governor: "uniswap-bravo" },
          'column "governor": expected a governor of DAO "compound" ("compound-…"), got "uniswap-bravo"',
        ],
        [{ dao: "Compound" }, 'column "dao": expected a lower-case DAO name (a-z, 0-9), got "Compound"'],
        [{ weight_unit: "" }, 'column "weight_unit": expected a unit name (letters), got ""'],
      ];
      for (const [patch, detail] of cases) {
        // Line 3 holds a quoted newline, so the bad record (the third) starts on line 5.
        const file = write("votes_normalized.csv", [VOTES_HEADER, good, vote({ reason: '"two\nlines"' }), vote(patch)]);
        expect(() => loadVotes(file), detail).to.throw(`votes_normalized.csv:5: ${detail}`);
      }
      const file = write("votes_normalized.csv", [VOTES_HEADER, good, vote({ reason: '"two\nlines"' }), vote({})]);
      const loaded = loadVotes(file);
      expect(loaded.map((v) => v.line)).to.deep.equal([2, 3, 5]);
      expect(loaded[1].reason).to.equal("two\nlines");
      expect(loaded[2].reason).to.equal("a reason, with a comma");
      expect(loaded[0]).to.deep.equal({
        line: 2,
        dao: "compound",
        governor: "compound-alpha",
        proposalId: 1,
        voter: A1,
        support: "for",
        weightWei: 24_107_640_000_000_000_000_000n,
        weightUnit: "COMP",
        blockNumber: 9952490,
        timestamp: Date.UTC(2020, 3, 27, 4, 54, 53) / 1000,
        txHash: TX,
        reason: "",
      });
    });

    it("votes: the exact message of the example in the brief", function () {
      const lines = [VOTES_HEADER];
      for (let i = 2; i < 123; i++) lines.push(good);
      lines.push(good.replace(",for,", ",yes,"));
      const file = write("votes_normalized.csv", lines);
      expect(errorOf(() => loadVotes(file))).to.equal(
        'votes_normalized.csv:123: column "support": expected for/against/abstain, got "yes"',
      );
    });

    it("votes: a header without a required column, an unterminated quote", function () {
      const noSupport = write("votes_normalized.csv", [VOTES_HEADER.replace("support,", ""), "x"]);
      expect(errorOf(() => loadVotes(noSupport))).to.equal(
        `votes_normalized.csv:1: missing column "support" (header is ${VOTES_HEADER.replace("support,", "")
          .split(",")
          .map((c) => `"${c}"`)
          .join(",")})`,
      );
      const open = write("votes_normalized.csv", [VOTES_HEADER, good, good.replace(/,$/, ',"never closed')]);
      expect(errorOf(() => loadVotes(open))).to.equal(
        "votes_normalized.csv:3: unterminated quoted field (the opening quote is on this line)",
      );
    });

    it("distribution: duplicate address (any case), non-integer wei, bad flag", function () {
      const a = "0x006a8a496889e9983a5256f34b608ee9569ba319";
      const b = "0x0002b44ddb1476db43c868bd494422ee4c136fed";
      const header = "address,balance_wei,has_reverse_record";
      const dup = write("ens.csv", [header, `${a},10,1`, `${b},5,0`, `${a.toUpperCase().replace("0X", "0x")},1,0`]);
      expect(errorOf(() => loadDistribution(dup))).to.equal(
        `ens.csv:4: column "address": expected a unique address (first seen on line 2), got "${a.toUpperCase().replace("0X", "0x")}"`,
      );
      expect(errorOf(() => loadDistribution(write("ens.csv", [header, `${a},1.5,1`])))).to.equal(
        'ens.csv:2: column "balance_wei": expected a non-negative integer amount of wei, got "1.5"',
      );
      expect(errorOf(() => loadDistribution(write("ens.csv", [header, `${a},15,yes`])))).to.equal(
        'ens.csv:2: column "has_reverse_record": expected 0/1, got "yes"',
      );
      // Without the ENS-only column.
      expect(loadDistribution(write("plain.csv", ["balance_wei,address", `7,${a}`]))).to.deep.equal([
        { line: 2, address: a, balanceWei: 7n, hasReverseRecord: null },
      ]);
    });

    it("proposals, metrics and Sybil clusters", function () {
      const pHeader =
        "dao,governor,proposal_id,proposer,created_block,created_ts,start_block,end_block,end_ts,queued_ts,executed_ts,canceled_ts,title";
      const p = `compound,compound-alpha,1,${A1},9951904,2020-04-27T02:41:52,9951905,9969185,,,,,"Add USDT, Support"`;
      expect(errorOf(() => loadProposals(write("proposals.csv", [pHeader, p, p])))).to.equal(
        'proposals.csv:3: column "proposal_id": expected a unique proposal of compound-alpha (first seen on line 2), got "1"',
      );
      expect(loadProposals(write("proposals.csv", [pHeader, p]))[0]).to.deep.include({
        title: "Add USDT, Support",
        endTs: null,
      });
      expect(errorOf(() => loadProposals(write("proposals.csv", [pHeader, p.replace(",9951905,", ",x,")])))).to.equal(
        'proposals.csv:2: column "start_block": expected a non-negative integer, got "x"',
      );

      const mHeader =
        "dao,governor,proposal_id,vote_events,unique_voters,total_weight,pct_of_supply,for_weight,against_weight,abstain_weight,objection_weight,nakamoto_50,top1_share,top10_share,gini,hhi,weight_outcome,outcome_flips_without_top_voter";
      const m = "compound,compound-alpha,13,40,40,1.5,0.1,1.5,0,0,0,2,0.4,0.9,0.5,3000.5,for,1";
      expect(
        errorOf(() => loadMetricsPerProposal(write("metrics.csv", [mHeader, m.replace(",0.4,", ",1.2,")]))),
      ).to.equal('metrics.csv:2: column "top1_share": expected a share between 0 and 1, got "1.2"');
      expect(
        errorOf(() => loadMetricsPerProposal(write("metrics.csv", [mHeader, m.replace(",for,", ",maybe,")]))),
      ).to.equal('metrics.csv:2: column "weight_outcome": expected for/against, got "maybe"');
      expect(errorOf(() => loadMetricsPerProposal(write("metrics.csv", [mHeader, m.replace(/,1$/, ",2")])))).to.equal(
        'metrics.csv:2: column "outcome_flips_without_top_voter": expected 0/1, got "2"',
      );
      expect(
        errorOf(() => loadMetricsPerProposal(write("metrics.csv", [mHeader, m.replace(",1.5,0.1,", ",1.5,abc,")]))),
      ).to.equal('metrics.csv:2: column "pct_of_supply": expected a non-negative decimal number, got "abc"');
      expect(
        errorOf(() =>
          loadMetricsPerProposal(
            write("metrics.csv", [mHeader, m.replace(",1.5,0.1,", ",0.1234567890123456789,0.1,")]),
          ),
        ),
      ).to.equal(
        'metrics.csv:2: column "total_weight": expected a non-negative token amount with at most 18 decimals, got "0.1234567890123456789"',
      );

      expect(
        errorOf(() => loadSybilClusters(write("sybil.csv", ["cluster,address", `sybil1,${A2}`, "sybil 1,0x1"]))),
      ).to.equal('sybil.csv:3: column "cluster": expected a cluster name (letters, digits, _ or -), got "sybil 1"');
      expect(errorOf(() => loadSybilClusters(write("sybil.csv", ["cluster,address", "sybil1,0x1"])))).to.equal(
        'sybil.csv:2: column "address": expected an address (0x + 40 hex digits), got "0x1"',
      );
    });
  });

  describe("per-proposal helpers", function () {
    const vote = (
      line: number,
      voter: string,
      weight: bigint,
      support: VoteRecord["support"],
      blockNumber: number | null,
      proposalId = 1,
    ): VoteRecord => ({
      line,
      dao: "compound",
      governor: "compound-bravo",
      proposalId,
      voter,
      support,
      weightWei: weight,
      weightUnit: "COMP",
      blockNumber,
      timestamp: null,
      txHash: null,
      reason: "",
    });
    const A = "0x" + "aa".repeat(20);
    const B = "0x" + "bb".repeat(20);
    const C = "0x" + "cc".repeat(20);

    it("keeps each voter's last vote (highest block, then later line; addresses in any case)", function () {
      const votes = [
        vote(2, A, 10n, "for", 100),
        vote(3, B, 5n, "against", 101),
        vote(4, A.toUpperCase().replace("0X", "0x"), 7n, "against", 102),
        vote(5, B, 9n, "for", 99), // earlier block although later in the file
        vote(6, C, 0n, "for", 103),
      ];
      expect(lastVotePerVoter(votes).map((v) => v.line)).to.deep.equal([4, 3, 6]);
      expect(
        lastVotePerVoter([vote(2, A, 1n, "for", null), vote(3, A, 2n, "against", null)]).map((v) => v.line),
      ).to.deep.equal([3]);

      const stats = proposalStats(groupVotesByProposal(votes).get(proposalKey("compound", "compound-bravo", 1))!);
      expect(stats).to.deep.include({
        voteEvents: 5,
        distinctVoters: 3,
        weightedVoters: 2,
        totalWei: 12n,
        forWei: 0n,
        againstWei: 12n,
        abstainWei: 0n,
        weightOutcome: "against",
        outcomeFlipsWithoutTopVoter: false, // 0 for vs 5 against without A
      });
      expect(stats.pctOfSupply).to.equal(100 * ratio(12n, TOKEN_SUPPLY_WEI.compound));
      expect(stats.concentration).to.deep.equal(concentration([7n, 5n]));
    });

    it("counts vote events per created proposal, 0 for a proposal without votes, and ignores uncreated ones", function () {
      const proposal = (id: number): ProposalRecord => ({
        line: 1 + id,
        dao: "compound",
        governor: "compound-bravo",
        proposalId: id,
        proposer: null,
        createdBlock: null,
        createdTs: null,
        startBlock: null,
        endBlock: null,
        endTs: null,
        queuedTs: null,
        executedTs: null,
        canceledTs: null,
        title: "",
      });
      const votes = [
        vote(2, A, 600_000n * E18, "for", 1, 1),
        vote(3, A, 1n * E18, "for", 2, 1),
        vote(4, B, 300_000n * E18, "for", 1, 2),
        vote(5, C, E18, "for", 1, 9),
      ];
      expect(votingActivity("compound", [proposal(1), proposal(2), proposal(3)], votes)).to.deep.equal({
        proposals: 3,
        voteEvents: 3, // the re-vote counts, the vote on the uncreated proposal 9 does not
        voteEventsPerProposal: 1,
        pctOfSupplyCast: ratio(100n * 900_001n, 3n * 10_000_000n),
      });
      expect(() => votingActivity("uniswap", [proposal(1)], votes)).to.throw("no proposals");
      expect(() => votingActivity("beanstalk", [proposal(1)], votes)).to.throw("no supply");
      expect(median([3, 1, 2])).to.equal(2);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(median([])).to.satisfy(Number.isNaN);
    });
  });

  describe("the loaded files", function () {
    it("votes, proposals, metrics: row counts and the README's value sets", function () {
      const votes = loadVotes();
      expect(votes.length).to.equal(22_280);
      expect(new Set(votes.map((v) => v.governor))).to.deep.equal(
        new Set([
          "compound-alpha",
          "compound-bravo",
          "uniswap-alpha",
          "uniswap-alphav2",
          "uniswap-bravo",
          "beanstalk-bip",
        ]),
      );
      expect(new Set(votes.map((v) => v.weightUnit))).to.deep.equal(new Set(["COMP", "UNI", "stalk", "roots"]));
      const beanstalk = votes.filter((v) => v.dao === "beanstalk");
      expect(
        beanstalk.every(
          (v) => v.blockNumber === null && v.timestamp === null && v.txHash === null && v.support === "for",
        ),
      ).to.equal(true);
      expect(
        votes.filter((v) => v.dao !== "beanstalk").every((v) => v.blockNumber !== null && v.txHash !== null),
      ).to.equal(true);
      expect(loadProposals().length).to.equal(169);
      expect(loadMetricsPerProposal().length).to.equal(173);
    });

    it("TOKEN_SUPPLY_WEI agrees with bhemen's governance_token_supplies.csv", function () {
      const table = readCsvTable(dataPath(...DATA_FILES.tokenSupplies), ["symbol", "supply"]);
      const supply = new Map(
        table.rows.map((r) => [r.fields[table.columns.get("symbol")!], BigInt(r.fields[table.columns.get("supply")!])]),
      );
      expect(supply.get("COMP")).to.equal(TOKEN_SUPPLY_WEI.compound);
      expect(supply.get("UNI")).to.equal(TOKEN_SUPPLY_WEI.uniswap);
    });

    it("Sybil clusters: 5,393 rows with the README's per-cluster row counts; duplicates within clusters", function () {
      const rows = loadSybilClusters();
      expect(rows.length).to.equal(5393);
      const perCluster = new Map<string, number>();
      for (const r of rows) perCluster.set(r.cluster, (perCluster.get(r.cluster) ?? 0) + 1);
      expect(Object.fromEntries(perCluster)).to.deep.equal({
        hacker0: 2417,
        sybil1: 900,
        sybil2: 204,
        sybil3: 769,
        sybil4: 1052,
        sybil5: 39,
        sybil6: 12,
      });
      // The "addresses in file" of the README are rows: 1,682 rows repeat an address of their cluster.
      const distinct = Object.fromEntries([...sybilClusters(rows)].map(([c, members]) => [c, members.length]));
      expect(distinct).to.deep.equal({
        hacker0: 1659,
        sybil1: 900,
        sybil2: 101,
        sybil3: 501,
        sybil4: 500,
        sybil5: 39,
        sybil6: 11,
      });
    });
  });

  describe("README reproduction checks", function () {
    let votes: VoteRecord[];
    let proposals: ProposalRecord[];
    let expected: ProposalMetricsRecord[];
    let stats: ProposalStats[];

    before(function () {
      votes = loadVotes();
      proposals = loadProposals();
      expected = loadMetricsPerProposal();
      stats = statsPerProposal(votes);
    });

    it("1. Falk et al.: Compound 141 proposals, 72.0 vote events per proposal, 7.7 % of supply cast", function () {
      const compound = votingActivity("compound", proposals, votes);
      expect(compound.proposals).to.equal(141);
      expect(compound.voteEvents).to.equal(10_149);
      expect(compound.voteEventsPerProposal).to.equal(10_149 / 141); // 71.979
      expect(compound.voteEventsPerProposal.toFixed(1)).to.equal("72.0");
      expect(compound.pctOfSupplyCast.toFixed(1)).to.equal("7.7"); // 7.655
      // The 9 created proposals without votes count as 0 (averaging over the 132 voted ones would give 8.2 %).
      const voted = new Set(stats.filter((s) => s.dao === "compound").map((s) => s.key));
      expect(
        proposals.filter((p) => p.dao === "compound" && !voted.has(proposalKey(p.dao, p.governor, p.proposalId)))
          .length,
      ).to.equal(9);
    });

    it("2. ENS airdrop: 137,689 rows summing to root.json's total, Gini 0.403, 33,389 addresses for > 50 %", function () {
      const started = Date.now();
      const allocations = loadDistribution();
      const loadMs = Date.now() - started;
      expect(loadMs, "loading the 9 MB ENS file").to.be.below(3000);
      expect(allocations.length).to.equal(137_689);

      const balances = allocations.map((a) => a.balanceWei);
      const c = concentration(balances);
      expect(c.total).to.equal(parseTokenAmount("25000000.000000001930530982"));
      expect(c.total).to.equal(25_000_000n * E18 + 1_930_530_982n);
      expect(formatTokenAmount(c.total)).to.equal("25000000.000000001930530982");
      expect(c.gini.toFixed(3)).to.equal("0.403"); // 0.40271
      expect(c.nakamoto).to.equal(33_389);
      expect(c.holders).to.equal(137_689);
      // The README's other figures: max 1,143.5 ENS, median 148.5; sorted by balance, descending; lower case.
      expect(Number(formatTokenAmount(c.max)).toFixed(1)).to.equal("1143.5");
      const mid = balances[(balances.length - 1) / 2]; // odd count, sorted: the middle one
      expect(Number(formatTokenAmount(mid)).toFixed(1)).to.equal("148.5");
      expect(balances.every((b, i) => i === 0 || balances[i - 1] >= b)).to.equal(true);
      expect(allocations.every((a) => a.address === a.address.toLowerCase())).to.equal(true);
      expect(allocations.filter((a) => a.hasReverseRecord).length).to.equal(61_447);
    });

    it("3. Beanstalk BIP-18 (the flash-loan exploit): nakamoto_50 = 1, top1_share = 0.998397, 14 voters", function () {
      const bip18 = stats.find((s) => s.key === proposalKey("beanstalk", "beanstalk-bip", 18))!;
      expect(bip18.concentration.nakamoto).to.equal(1);
      expect(bip18.concentration.top1Share.toFixed(6)).to.equal("0.998397");
      expect(bip18.weightedVoters).to.equal(14);
      expect(bip18.voteEvents).to.equal(14);
      // The exploit contract holds 386,865,631,100 Roots, 99.84 % of the Roots cast.
      const top = bip18.concentration.max;
      const exploiter = votes.find(
        (v) => v.governor === "beanstalk-bip" && v.proposalId === 18 && v.weightWei === top,
      )!;
      expect(exploiter.voter).to.equal("0x79224bC0bf70EC34F0ef56ed8251619499a59dEf");
      expect(top / E18).to.equal(386_865_631_100n);
      expect(exploiter.weightUnit).to.equal("roots");
    });

    it("4. medians over proposals with votes, from our own per-proposal metrics", function () {
      const medians = (dao: string) => {
        const rows = stats.filter((s) => s.dao === dao && s.weightedVoters > 0);
        return {
          proposals: rows.length,
          nakamoto: median(rows.map((s) => s.concentration.nakamoto)),
          top10: median(rows.map((s) => s.concentration.top10Share)).toFixed(3),
          gini: median(rows.map((s) => s.concentration.gini)).toFixed(3),
        };
      };
      expect(medians("compound")).to.deep.equal({ proposals: 132, nakamoto: 3, top10: "0.972", gini: "0.822" });
      expect(medians("uniswap")).to.deep.equal({ proposals: 21, nakamoto: 4, top10: "0.875", gini: "0.977" });
      // The same medians taken from the file.
      const fromFile = (dao: string) => {
        const rows = expected.filter((r) => r.dao === dao && r.uniqueVoters > 0);
        return [
          rows.length,
          median(rows.map((r) => r.nakamoto50)),
          median(rows.map((r) => r.top10Share)).toFixed(3),
          median(rows.map((r) => r.gini)).toFixed(3),
        ];
      };
      expect(fromFile("compound")).to.deep.equal([132, 3, "0.972", "0.822"]);
      expect(fromFile("uniswap")).to.deep.equal([21, 4, "0.875", "0.977"]);
    });

    it("every row of metrics_per_proposal.csv matches our recomputation, to the file's precision", function () {
      const ours = new Map(stats.map((s) => [s.key, s]));
      expect(new Set(ours.keys())).to.deep.equal(
        new Set(expected.map((r) => proposalKey(r.dao, r.governor, r.proposalId))),
      );
      // The file rounds shares and Gini to 6 decimals, HHI to 2 and pct_of_supply to 4.
      const close = (ourValue: number, fileValue: number, decimals: number, what: string): void => {
        expect(decimalsOf(fileValue), `${what}: file precision`).to.be.at.most(decimals);
        expect(Math.abs(ourValue - fileValue), `${what}: ours ${ourValue}, file ${fileValue}`).to.be.at.most(
          0.5 * 10 ** -decimals + 1e-12,
        );
      };
      // The file's weight totals were summed in float64 (e.g. BIP-18: 387486688075.99786 against the exact
      // 387486688075.998010923…): they agree to 1e-12 relative, not always to the 6th decimal.
      const sameWeight = (ourWei: bigint, fileWei: bigint, what: string): void => {
        const diff = ourWei > fileWei ? ourWei - fileWei : fileWei - ourWei;
        expect(
          diff <= E18 / 2_000_000n || ratio(diff, ourWei) < 1e-12,
          `${what}: ours ${formatTokenAmount(ourWei)}, file ${formatTokenAmount(fileWei)}`,
        ).to.equal(true);
      };
      let weightedFewer = 0;
      for (const row of expected) {
        const key = proposalKey(row.dao, row.governor, row.proposalId);
        const s = ours.get(key)!;
        const c = s.concentration;
        expect(c.nakamoto, `${key} nakamoto_50`).to.equal(row.nakamoto50);
        close(c.top1Share, row.top1Share, 6, `${key} top1_share`);
        close(c.top10Share, row.top10Share, 6, `${key} top10_share`);
        close(c.gini, row.gini, 6, `${key} gini`);
        close(c.hhi, row.hhi, 2, `${key} hhi`);
        expect(s.voteEvents, `${key} vote_events`).to.equal(row.voteEvents);
        // `unique_voters` counts distinct voters *including* those with weight 0; the metrics use weight > 0.
        expect(s.distinctVoters, `${key} unique_voters`).to.equal(row.uniqueVoters);
        if (s.weightedVoters < s.distinctVoters) weightedFewer++;
        sameWeight(s.totalWei, row.totalWeightWei, `${key} total_weight`);
        sameWeight(s.forWei, row.forWeightWei, `${key} for_weight`);
        sameWeight(s.againstWei, row.againstWeightWei, `${key} against_weight`);
        sameWeight(s.abstainWei, row.abstainWeightWei, `${key} abstain_weight`);
        expect(row.objectionWeightWei, `${key} objection_weight`).to.equal(0n);
        if (row.pctOfSupply === null) expect(s.pctOfSupply, key).to.equal(null);
        else close(s.pctOfSupply!, row.pctOfSupply, 4, `${key} pct_of_supply`);
        expect(s.weightOutcome, `${key} weight_outcome`).to.equal(row.weightOutcome);
        expect(s.outcomeFlipsWithoutTopVoter, `${key} outcome_flips_without_top_voter`).to.equal(
          row.outcomeFlipsWithoutTopVoter,
        );
      }
      expect(weightedFewer, "proposals with zero-weight voters").to.equal(89);
      // The README's meaningful flips (unique_voters > 1): Compound alpha 13, bravo 86 and 93.
      expect(
        stats.filter((s) => s.outcomeFlipsWithoutTopVoter && s.distinctVoters > 1).map((s) => s.key),
      ).to.deep.equal(["compound/compound-alpha/13", "compound/compound-bravo/86", "compound/compound-bravo/93"]);
      // No voter votes twice on a proposal in this data: "last vote per voter" keeps every event.
      expect(stats.every((s) => s.distinctVoters === s.voteEvents)).to.equal(true);
    });
  });

  it("reads a data file through readDataFile (UTF-8)", function () {
    expect(readDataFile(dataPath(...DATA_FILES.proposals)).split("\n", 1)[0]).to.equal(
      "dao,governor,proposal_id,proposer,created_block,created_ts,start_block,end_block,end_ts,queued_ts,executed_ts,canceled_ts,title",
    );
  });
});
