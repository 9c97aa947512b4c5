import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import hre from "hardhat";

import {
  dataPath,
  DATA_FILES,
  groupVotesByProposal,
  lastVotePerVoter,
  loadDistribution,
  loadMetricsPerProposal,
  loadVotes,
  proposalKey,
  type ProposalVotes,
  type VoteRecord,
} from "../../lib/data";
import { isqrt } from "../../lib/isqrt";
import { concentration, nakamoto } from "../../lib/metrics";
import {
  lorenzCurve,
  MAX_RAW_TALLY,
  planClusterBindings,
  planProposal,
  planVotesReplay,
  planWorlds,
  replayDistribution,
  replayToJson,
  replayCap,
  replayVotes,
  scaleExponentFor,
  type ReplayedProposalDetail,
  type ReplayVotesReport,
} from "../../lib/replay";
import { underCoverage } from "../fixtures/effort";

const VOTES = loadVotes();
const GROUPS = groupVotesByProposal(VOTES);
const METRICS = new Map(loadMetricsPerProposal().map((m) => [proposalKey(m.dao, m.governor, m.proposalId), m]));

function group(dao: string, governor: string, id: number): ProposalVotes {
  const g = GROUPS.get(proposalKey(dao, governor, id));
  if (g === undefined) throw new Error(`no proposal ${governor} ${id}`);
  return g;
}

/** The replayed votes, computed here from the file: last vote per voter with weight > 0. */
function kept(g: ProposalVotes): VoteRecord[] {
  return lastVotePerVoter(g.votes).filter((v) => v.weightWei > 0n);
}

/** min(w, cap): the delegation cap clips a unit's power before ⌊√⌋. */
function capped(w: bigint, cap: bigint): bigint {
  return w < cap ? w : cap;
}

/** Independent Polycentric expectation: one unit per address, ⌊√min(w, cap)⌋ each; raw participation capped too. */
function quadratic(votes: readonly VoteRecord[], cap: bigint) {
  const side = (s: string) =>
    votes.filter((v) => v.support === s).reduce((sum, v) => sum + isqrt(capped(v.weightWei, cap)), 0n);
  const tally = { for: side("for"), against: side("against"), abstain: side("abstain") };
  const participation = votes
    .filter((v) => v.support !== "against")
    .reduce((sum, v) => sum + capped(v.weightWei, cap), 0n);
  return {
    tally,
    participation,
    outcome: tally.for > tally.against ? "for" : "against",
    nakamoto: nakamoto(votes.map((v) => isqrt(capped(v.weightWei, cap)))),
  };
}

function find(report: ReplayVotesReport, governor: string, id: number): ReplayedProposalDetail {
  const p = report.proposals.find((x) => x.governor === governor && x.proposalId === String(id));
  if (p === undefined) throw new Error(`${governor} ${id} not in the report`);
  return p;
}

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-test-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const HEADER = "dao,governor,proposal_id,voter,support,weight,weight_unit,block_number,timestamp,tx_hash,reason";

describe("replay: real votes through the baseline and Polycentric", function () {
  this.timeout(120_000);

  describe("Beanstalk BIP-18 (the flash-loan exploit proposal, 14 voters)", () => {
    const g = group("beanstalk", "beanstalk-bip", 18);
    let report: ReplayVotesReport;
    let p: ReplayedProposalDetail;
    before(async () => {
      report = await replayVotes({ dao: "beanstalk", proposals: ["18"] });
      p = find(report, "beanstalk-bip", 18);
    });

    it("replays 14 votes, all For, through real castVote transactions on both governors", () => {
      expect(report.proposals).to.have.length(1);
      expect(p.voters).to.equal(14);
      expect(p.units).to.deep.equal({ baseline: 14, polycentric: 14 });
      expect(p.scaleExponent).to.equal(0);
      expect(p.recorded).to.equal("for");
      const total = kept(g).reduce((s, v) => s + v.weightWei, 0n);
      expect(p.supply).to.equal(2n * total);
      expect(p.result.baseline.tally).to.deep.equal({ for: total, against: 0n, abstain: 0n });
    });

    it("baseline: outcome for, Nakamoto 1 (the exploit contract holds 99.84 % of the Roots cast)", () => {
      expect(p.outcome.baseline).to.equal("for");
      expect(p.nakamoto.baseline).to.equal(1);
      expect(p.result.baseline.state).to.equal("Succeeded");
      expect(p.result.baseline.quorumReached).to.equal(true);
    });

    it("Polycentric: tally, outcome and Nakamoto equal the capped √ weights computed here", () => {
      const cap = replayCap(p.supply);
      const q = quadratic(kept(g), cap);
      expect(p.result.polycentric.tally).to.deep.equal(q.tally);
      expect(p.outcome.polycentric).to.equal(q.outcome).and.equal("for");
      expect(p.nakamoto.polycentric).to.equal(q.nakamoto);
      // The cap clips the exploit contract to 2 % of the minted supply (4 % of the Roots cast), yet the other 13
      // voters cast only 0.16 %: it still holds most of the counted power (Nakamoto 1). What stops BIP-18 is the
      // holding period (flash-borrowed power has no age, A1), which a replay turns off by construction.
      const exploit = kept(g).find((v) => v.voter.toLowerCase() === "0x79224bc0bf70ec34f0ef56ed8251619499a59def")!;
      expect(exploit.weightWei > cap).to.equal(true);
      expect(2n * isqrt(cap) > q.tally.for).to.equal(true);
      expect(p.nakamoto.polycentric).to.equal(1);
      expect(p.flipped).to.equal(false);
    });

    it("leaves the network as it found it (automining on, original block gas limit)", async () => {
      expect(await hre.network.provider.request({ method: "hardhat_getAutomine", params: [] })).to.equal(true);
      const block = (await hre.network.provider.request({
        method: "eth_getBlockByNumber",
        params: ["latest", false],
      })) as { gasLimit: string };
      expect(BigInt(block.gasLimit)).to.equal(BigInt(hre.config.networks.hardhat.blockGasLimit));
    });
  });

  describe("Compound slice: alpha 13, bravo 86 and 93 (the README's flips without the top voter)", () => {
    const ids: [string, number][] = [
      ["compound-alpha", 13],
      ["compound-bravo", 86],
      ["compound-bravo", 93],
    ];
    let report: ReplayVotesReport;
    before(async () => {
      report = await replayVotes({ dao: "compound", proposals: ["13", "86", "93"] });
    });

    it("replays the three proposals on one deployment minting the 10M COMP supply", () => {
      expect(report.proposals.map((p) => `${p.governor} ${p.proposalId}`)).to.deep.equal(
        ids.map(([gv, id]) => `${gv} ${id}`),
      );
      expect(report.worlds).to.have.length(1);
      expect(report.worlds[0].supply).to.equal(10_000_000n * 10n ** 18n);
      for (const p of report.proposals) expect(p.result.baseline.quorum).to.equal(400_000n * 10n ** 18n);
    });

    it("baseline: the recorded outcome, and the Nakamoto coefficient of metrics_per_proposal.csv", () => {
      for (const [gv, id] of ids) {
        const p = find(report, gv, id);
        const m = METRICS.get(proposalKey("compound", gv, id))!;
        const votes = kept(group("compound", gv, id));
        expect(p.voters, `${gv} ${id}`).to.equal(votes.length);
        expect(p.outcome.baseline, `${gv} ${id}`).to.equal(m.weightOutcome).and.equal(p.recorded);
        expect(p.nakamoto.baseline, `${gv} ${id}`).to.equal(m.nakamoto50);
        const side = (s: string) => votes.filter((v) => v.support === s).reduce((sum, v) => sum + v.weightWei, 0n);
        expect(p.result.baseline.tally).to.deep.equal({
          for: side("for"),
          against: side("against"),
          abstain: side("abstain"),
        });
        // metrics_per_proposal.csv rounds amounts to 6 decimals (1e12 wei).
        const near = (a: bigint, b: bigint) => (a > b ? a - b : b - a) <= 10n ** 12n;
        expect(near(p.result.baseline.tally.for, m.forWeightWei), `${gv} ${id} for`).to.equal(true);
        expect(near(p.result.baseline.tally.against, m.againstWeightWei), `${gv} ${id} against`).to.equal(true);
      }
      expect(find(report, "compound-alpha", 13).recorded).to.equal("for");
      expect(find(report, "compound-bravo", 86).recorded).to.equal("against");
      expect(find(report, "compound-bravo", 93).recorded).to.equal("against");
    });

    it("Polycentric: tallies, outcomes, Nakamoto coefficients and flips equal the √ computation here", () => {
      for (const [gv, id] of ids) {
        const p = find(report, gv, id);
        const q = quadratic(kept(group("compound", gv, id)), replayCap(p.supply));
        expect(p.result.polycentric.tally, `${gv} ${id}`).to.deep.equal(q.tally);
        expect(p.outcome.polycentric, `${gv} ${id}`).to.equal(q.outcome);
        expect(p.nakamoto.polycentric, `${gv} ${id}`).to.equal(q.nakamoto);
        expect(p.flipped, `${gv} ${id}`).to.equal(q.outcome !== p.outcome.baseline);
      }
      // Measured: capped √ counting spreads power (86: one voter above half on the baseline, two on Polycentric).
      expect(report.proposals.map((p) => [p.nakamoto.baseline, p.nakamoto.polycentric])).to.deep.equal([
        [2, 2],
        [1, 2],
        [3, 6],
      ]);
      // Bravo 86 flips from against to for: its one voter above half is clipped to the 2 % cap (200,000 COMP), and
      // the √ of the remaining voters outweighs it (the README's "flip without the top voter").
      expect(
        report.proposals.filter((p) => p.flipped).map((p) => [p.governor, p.proposalId, p.outcome.polycentric]),
      ).to.deep.equal([["compound-bravo", "86", "for"]]);
    });

    it("quorum is measured on raw For + Abstain on both systems (capped raw power on Polycentric)", () => {
      for (const p of report.proposals) {
        const raw = p.result.baseline.tally.for + p.result.baseline.tally.abstain;
        expect(p.result.baseline.quorumReached).to.equal(raw >= p.result.baseline.quorum);
        const q = quadratic(kept(group("compound", p.governor, Number(p.proposalId))), replayCap(p.supply));
        expect(p.result.polycentric.participation).to.equal(q.participation);
        expect(p.result.polycentric.quorumReached).to.equal(q.participation >= p.result.baseline.quorum);
      }
      expect(find(report, "compound-bravo", 93).result.baseline.quorumReached).to.equal(true);
      expect(find(report, "compound-bravo", 86).result.baseline.quorumReached).to.equal(false);
    });

    it("serializes bigints as strings", () => {
      const json = JSON.parse(replayToJson(report)) as { proposals: { supply: string }[] };
      expect(json.proposals[0].supply).to.equal("10000000000000000000000000");
    });
  });

  describe("identity clusters: members bound to one identity vote once, with their summed power", () => {
    const g = group("beanstalk", "beanstalk-bip", 18);
    // The three smallest BIP-18 voters form one cluster (plus an address that never votes).
    const small = [...kept(g)].sort((a, b) => (a.weightWei < b.weightWei ? -1 : 1)).slice(0, 3);
    let p: ReplayedProposalDetail;
    let report: ReplayVotesReport;
    before(async () => {
      const clustersFile = tmpFile(
        "clusters.csv",
        ["cluster,address", ...small.map((v) => `c1,${v.voter}`), "c1,0x000000000000000000000000000000000000dead"].join(
          "\n",
        ),
      );
      report = await replayVotes({ dao: "beanstalk", proposals: ["18"], clustersFile });
      p = find(report, "beanstalk-bip", 18);
    });

    it("binds the voting members, and the cluster counts once with ⌊√(Σ w)⌋", () => {
      expect(report.clusters).to.have.length(1);
      expect(report.clusters[0]).to.include({ cluster: "c1", members: 4 });
      expect(report.clusters[0].bound).to.have.members(small.map((v) => v.voter.toLowerCase()));
      expect(p.mergedVotes).to.equal(2);
      expect(p.units).to.deep.equal({ baseline: 14, polycentric: 12 });
      const others = kept(g).filter((v) => !small.includes(v));
      const cap = replayCap(p.supply);
      const clusterWeight = isqrt(
        capped(
          small.reduce((s, v) => s + v.weightWei, 0n),
          cap,
        ),
      );
      const expected = others.reduce((s, v) => s + isqrt(capped(v.weightWei, cap)), 0n) + clusterWeight;
      expect(p.result.polycentric.tally.for).to.equal(expected);
      expect(p.result.baseline.tally.for).to.equal(kept(g).reduce((s, v) => s + v.weightWei, 0n));
    });

    it("binds at most maxAddressesPerIdentity voters per cluster and reports the rest", () => {
      const planned = planProposal(g);
      const clusters = new Map([["big", kept(g).map((v) => v.voter)]]);
      const [b] = planClusterBindings(clusters, [planned], 5);
      expect(b.bound).to.have.length(5);
      expect(b.unbound).to.have.length(9);
      expect(b.voters).to.have.length(14);
    });
  });

  describe("--distribution: a whole electorate from address,balance rows", () => {
    it("ENS airdrop, first 500 holders: counted power raw vs √, checked per holder", async function () {
      // 500 holders through both governors: beyond mocha's timeout under coverage instrumentation, and it covers no
      // contract path the smaller replays here do not; the coverage run leaves it to `npm test`, and says so.
      if (underCoverage()) {
        console.log("      (not run under coverage: runs in npm test)");
        this.skip();
      }
      const report = await replayDistribution({ limit: 500, name: "ens" });
      const balances = loadDistribution()
        .slice(0, 500)
        .map((r) => r.balanceWei);
      expect(report.holders).to.equal(500);
      expect(report.workers).to.equal(1);
      expect(report.total).to.equal(balances.reduce((s, b) => s + b, 0n));
      expect(report.metrics.baseline).to.deep.equal(concentration(balances));
      expect(report.metrics.polycentric).to.deep.equal(concentration(balances.map(isqrt)));
      expect(report.metrics.polycentric.gini).to.be.below(report.metrics.baseline.gini);
      expect(report.slices[0].result.baseline.state).to.equal("Succeeded");
      expect(report.slices[0].result.polycentric.tally.for).to.equal(balances.reduce((s, b) => s + isqrt(b), 0n));
      expect(report.lorenz.map((c) => c.system)).to.deep.equal(["baseline", "polycentric"]);
      for (const c of report.lorenz) {
        expect(c.points[0]).to.deep.equal([0, 0]);
        expect(c.points[c.points.length - 1]).to.deep.equal([1, 1]);
        expect(c.points).to.have.length(501);
      }
    });
  });

  describe("bad input", () => {
    it("an unknown DAO lists the valid names", async () => {
      const e = await rejection(replayVotes({ dao: "maker" }));
      expect(e.message).to.equal(
        'unknown DAO "maker" in votes_normalized.csv: valid DAOs are compound, uniswap, beanstalk',
      );
    });

    it("the task: an unknown --dao lists the valid names before anything is deployed", async () => {
      const e = await rejection(hre.run("replay", { dao: "maker", noCompile: true }));
      expect(e.message).to.contain("valid DAOs are compound, uniswap, beanstalk");
    });

    it("an unknown governor, proposal or identity mode lists the valid names", async () => {
      expect((await rejection(() => planVotesReplay({ governor: "compound-gamma" }))).message).to.contain(
        "valid governors are compound-alpha, compound-bravo, uniswap-",
      );
      expect((await rejection(() => planVotesReplay({ dao: "beanstalk", proposals: ["77"] }))).message).to.contain(
        'unknown proposal "77" in votes_normalized.csv: valid proposals are beanstalk-bip:0, beanstalk-bip:1,',
      );
      expect((await rejection(() => planVotesReplay({ identity: "closed" }))).message).to.equal(
        'unknown identity mode "closed": valid identity modes are open, strict',
      );
    });

    it("a missing data file names the path it looked for", async () => {
      const missing = path.join(os.tmpdir(), "no-such-dir", "votes.csv");
      expect((await rejection(replayVotes({ votesFile: missing }))).message).to.contain(
        `data file not found: ${missing}`,
      );
      expect(
        (await rejection(replayVotes({ dao: "beanstalk", clustersFile: missing + ".clusters" }))).message,
      ).to.contain(`data file not found: ${missing}.clusters`);
      expect((await rejection(replayDistribution({ file: missing }))).message).to.contain(
        `data file not found: ${missing}`,
      );
    });

    it("a malformed row is rejected with file:line, column and value", async () => {
      const file = tmpFile(
        "my_votes.csv",
        [
          HEADER,
          "compound,compound-bravo,86,0x0000000000000000000000000000000000000001,for,1,COMP,1,2022-01-01T00:00:00,,",
          "compound,compound-bravo,86,0x0000000000000000000000000000000000000002,yes,1,COMP,1,2022-01-01T00:00:00,,",
        ].join("\n"),
      );
      expect((await rejection(replayVotes({ votesFile: file }))).message).to.equal(
        'my_votes.csv:3: column "support": expected for/against/abstain, got "yes"',
      );
      const dist = tmpFile("dist.csv", "address,balance_wei\n0x0000000000000000000000000000000000000001,12.5\n");
      expect((await rejection(replayDistribution({ file: dist }))).message).to.equal(
        'dist.csv:2: column "balance_wei": expected a non-negative integer amount of wei, got "12.5"',
      );
    });

    it("a non-positive --limit is refused", async () => {
      expect((await rejection(() => planVotesReplay({ limit: 0 }))).message).to.equal(
        "limit must be a positive integer, got 0",
      );
    });
  });

  describe("planning (pure)", () => {
    it("any CSV in the votes schema: a custom file replays its own proposals", () => {
      const file = tmpFile(
        "custom.csv",
        [
          HEADER,
          "mydao,mydao-gov,1,0x0000000000000000000000000000000000000001,for,100,GOV,,,,",
          "mydao,mydao-gov,1,0x0000000000000000000000000000000000000002,against,400,GOV,,,,",
        ].join("\n"),
      );
      const plan = planVotesReplay({ votesFile: file });
      expect(plan.proposals).to.have.length(1);
      expect(plan.worlds[0].supply).to.equal(2n * 500n * 10n ** 18n);
      expect(plan.worlds[0].supplySource).to.equal("2 × proposal total");
    });

    it("scales a proposal whose total exceeds the QV governor's 2^128-wei raw tally by a power of ten", () => {
      expect(scaleExponentFor(MAX_RAW_TALLY)).to.equal(0);
      expect(scaleExponentFor(MAX_RAW_TALLY + 1n)).to.equal(1);
      const huge = 10n ** 40n;
      const g: ProposalVotes = {
        key: "x/x-y/1",
        dao: "x",
        governor: "x-y",
        proposalId: 1,
        votes: [
          { ...kept(group("beanstalk", "beanstalk-bip", 18))[0], weightWei: huge, support: "for" },
          { ...kept(group("beanstalk", "beanstalk-bip", 18))[1], weightWei: 3n * huge, support: "against" },
        ],
      };
      const p = planProposal(g);
      expect(p.scaleExponent).to.equal(3);
      expect(p.votes.map((v) => v.weight)).to.deep.equal([10n ** 37n, 3n * 10n ** 37n]);
      expect(p.total <= MAX_RAW_TALLY).to.equal(true);
      expect(p.recorded.against).to.equal(3n * huge);
    });

    it("one deployment per DAO with a known supply, one per proposal otherwise", () => {
      const plan = planVotesReplay({ votesFile: dataPath(...DATA_FILES.votes) });
      const worlds = planWorlds(plan.proposals);
      expect(worlds.filter((w) => w.dao === "compound")).to.have.length(1);
      expect(worlds.filter((w) => w.dao === "uniswap")).to.have.length(1);
      expect(worlds.filter((w) => w.dao === "beanstalk")).to.have.length(20);
      expect(plan.proposals.filter((p) => p.scaleExponent > 0)).to.have.length(0);
    });

    it("Lorenz curves: ascending, exact shares at the sampled points", () => {
      const c = lorenzCurve([3n, 1n, 0n, 4n], "x", "baseline");
      expect(c).to.deep.equal({
        name: "x",
        system: "baseline",
        points: [
          [0, 0],
          [0.25, 0],
          [0.5, 0.125],
          [0.75, 0.5],
          [1, 1],
        ],
      });
      expect(lorenzCurve([], "empty").points).to.deep.equal([
        [0, 0],
        [1, 1],
      ]);
      expect(
        lorenzCurve(
          Array.from({ length: 5000 }, (_, i) => BigInt(i + 1)),
          "big",
          undefined,
          100,
        ).points,
      ).to.have.length(101);
    });
  });
});
