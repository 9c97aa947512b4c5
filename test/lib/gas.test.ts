import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";

import {
  buildGasSnapshot,
  checkGasBudgets,
  DEFAULT_GAS_BUDGET_KEY,
  exceedsGasBudget,
  formatGas,
  formatGasBudgetTable,
  formatMaxRatio,
  formatOverBudgetMessage,
  formatTextTable,
  gasRatio,
  gasRatioCeiling,
  overGasBudget,
  parseGasBudgets,
  roundRatio,
  serializeGasSnapshot,
  type GasBudgets,
  type GasMeasurement,
  type GasSnapshotMeta,
} from "../../lib";

const DEFAULT = { maxRatio: 1.05, reason: "stock modules" };
const OPS = ["delegate", "transfer", "propose"] as const;

function budgets(operations: Record<string, { maxRatio: number; reason: string }> = {}): GasBudgets {
  return { default: DEFAULT, operations: new Map(Object.entries(operations)) };
}

describe("lib/gas: the gas benchmark's ratios, budgets and report", function () {
  describe("gasRatio / roundRatio / gasRatioCeiling", function () {
    it("is polycentric over baseline", function () {
      expect(gasRatio(100_000n, 105_000n)).to.equal(1.05);
      expect(gasRatio(80_000n, 60_000n)).to.equal(0.75);
      expect(gasRatio(1n, 0n)).to.equal(0);
    });

    it("rejects a non-positive baseline and negative gas", function () {
      expect(() => gasRatio(0n, 1n)).to.throw(RangeError, "baseline gas must be positive");
      expect(() => gasRatio(-1n, 1n)).to.throw(RangeError);
      expect(() => gasRatio(1n, -1n)).to.throw(RangeError, "must not be negative");
    });

    it("rounds to 4 decimals by default", function () {
      expect(roundRatio(95_642 / 140_616)).to.equal(0.6802);
      expect(roundRatio(1.23456)).to.equal(1.2346);
      expect(roundRatio(1.23456, 2)).to.equal(1.23);
    });

    it("ceils exactly to 2 decimals: the smallest budget the measurement fits under", function () {
      expect(gasRatioCeiling(95_642n, 140_616n)).to.equal(1.48); // 1.4702…
      expect(gasRatioCeiling(100n, 105n)).to.equal(1.05); // exact: not bumped to 1.06
      expect(gasRatioCeiling(100_000n, 105_001n)).to.equal(1.06);
      expect(gasRatioCeiling(3n, 4n, 3)).to.equal(1.334);
      expect(() => gasRatioCeiling(0n, 1n)).to.throw(RangeError);
    });

    it("is the smallest 2-decimal budget the measurement passes", function () {
      for (const [b, p] of [
        [95_642n, 140_616n],
        [104_787n, 165_998n],
        [66_155n, 106_207n],
        [7n, 3n],
        [1_000_003n, 1_000_004n],
      ] as const) {
        const ceiling = gasRatioCeiling(b, p);
        expect(exceedsGasBudget(b, p, ceiling), `${p}/${b} under ${ceiling}`).to.equal(false);
        const below = roundRatio(ceiling - 0.01, 2);
        expect(exceedsGasBudget(b, p, below), `${p}/${b} over ${below}`).to.equal(true);
      }
    });
  });

  describe("exceedsGasBudget", function () {
    it("passes a ratio equal to the budget and fails one a single gas above", function () {
      expect(exceedsGasBudget(100_000n, 105_000n, 1.05)).to.equal(false);
      expect(exceedsGasBudget(100_000n, 105_001n, 1.05)).to.equal(true);
      expect(exceedsGasBudget(100_000n, 90_000n, 1.05)).to.equal(false);
    });

    it("compares exactly where floating point would not (1.15 * 100 is 114.999…)", function () {
      expect(exceedsGasBudget(100n, 115n, 1.15)).to.equal(false);
      expect(exceedsGasBudget(20n, 23n, 1.15)).to.equal(false);
      expect(exceedsGasBudget(1_000_000n, 1_150_001n, 1.15)).to.equal(true);
    });

    it("refuses a budget with more than 6 decimals and a zero baseline", function () {
      expect(() => exceedsGasBudget(1n, 1n, 1.0000001)).to.throw(RangeError, "at most 6 decimals");
      expect(() => exceedsGasBudget(0n, 1n, 1.05)).to.throw(RangeError);
    });
  });

  describe("parseGasBudgets", function () {
    it("reads the default and per-operation budgets", function () {
      const parsed = parseGasBudgets(
        { default: DEFAULT, transfer: { maxRatio: 1.59, reason: "VotesExtended balance checkpoints" } },
        OPS,
      );
      expect(parsed.default).to.deep.equal(DEFAULT);
      expect([...parsed.operations]).to.deep.equal([
        ["transfer", { maxRatio: 1.59, reason: "VotesExtended balance checkpoints" }],
      ]);
    });

    it("requires the default entry", function () {
      expect(() => parseGasBudgets({ transfer: DEFAULT }, OPS)).to.throw(`missing the "${DEFAULT_GAS_BUDGET_KEY}"`);
    });

    it("rejects an operation that is not benchmarked (a typo must not fall back to the default)", function () {
      expect(() => parseGasBudgets({ default: DEFAULT, tranfser: DEFAULT }, OPS)).to.throw(
        '"tranfser" is not a benchmarked operation',
      );
    });

    it("rejects malformed entries and a missing or blank reason", function () {
      const bad: unknown[] = [
        null,
        [],
        "1.05",
        { default: 1.05 },
        { default: { maxRatio: "1.05", reason: "r" } },
        { default: { maxRatio: 0, reason: "r" } },
        { default: { maxRatio: -1, reason: "r" } },
        { default: { maxRatio: Number.POSITIVE_INFINITY, reason: "r" } },
        { default: { maxRatio: 1.05 } },
        { default: { maxRatio: 1.05, reason: "  " } },
        { default: { maxRatio: 1.05, reason: "r", note: "x" } },
        { default: { maxRatio: 1.0500001, reason: "r" } },
      ];
      for (const json of bad) expect(() => parseGasBudgets(json, OPS), JSON.stringify(json)).to.throw(Error);
    });

    it("accepts the committed gas/budgets.json", function () {
      const file = path.join(__dirname, "..", "..", "gas", "budgets.json");
      const committed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      const parsed = parseGasBudgets(committed, Object.keys(committed));
      expect(parsed.default.maxRatio).to.equal(1.05);
      for (const [op, budget] of parsed.operations) {
        expect(budget.reason.length, `${op} needs a reason`).to.be.greaterThan(20);
      }
    });
  });

  describe("checkGasBudgets", function () {
    const measurements: GasMeasurement[] = [
      { operation: "delegate", baseline: 95_642n, polycentric: 140_616n },
      { operation: "transfer", baseline: 104_787n, polycentric: 165_998n },
      { operation: "propose", baseline: 76_869n, polycentric: 76_694n },
    ];

    it("applies the default budget to operations without their own", function () {
      const results = checkGasBudgets(measurements, budgets());
      expect(results.map((r) => [r.operation, r.status, r.isDefaultBudget])).to.deep.equal([
        ["delegate", "OVER", true],
        ["transfer", "OVER", true],
        ["propose", "OK", true],
      ]);
      expect(results[0]!.ratio).to.be.closeTo(1.4702, 1e-4);
      expect(overGasBudget(results).map((r) => r.operation)).to.deep.equal(["delegate", "transfer"]);
    });

    it("applies an operation's own budget and marks it as not the default", function () {
      const own = { delegate: { maxRatio: 1.48, reason: "VotesExtended delegate checkpoints" } };
      const results = checkGasBudgets(measurements, budgets(own));
      expect(results[0]).to.include({ status: "OK", isDefaultBudget: false });
      expect(results[0]!.budget).to.deep.equal(own.delegate);
      expect(results[1]).to.include({ status: "OVER", isDefaultBudget: true });
    });

    it("fails a budget set just below the measurement", function () {
      const results = checkGasBudgets(measurements, budgets({ delegate: { maxRatio: 1.47, reason: "too tight" } }));
      expect(results[0]!.status).to.equal("OVER");
    });
  });

  describe("formatting", function () {
    it("groups gas by thousands without depending on the locale", function () {
      expect(formatGas(0n)).to.equal("0");
      expect(formatGas(999n)).to.equal("999");
      expect(formatGas(1_000n)).to.equal("1,000");
      expect(formatGas(140_616n)).to.equal("140,616");
      expect(formatGas(4_107_025n)).to.equal("4,107,025");
      expect(formatGas(-1_234n)).to.equal("-1,234");
    });

    it("writes budgets with at least two decimals", function () {
      expect(formatMaxRatio(1.05)).to.equal("1.05");
      expect(formatMaxRatio(1.2)).to.equal("1.20");
      expect(formatMaxRatio(2)).to.equal("2.00");
      expect(formatMaxRatio(1.055)).to.equal("1.055");
    });

    it("pads and aligns table columns, with a free-text last column", function () {
      const table = formatTextTable(
        ["op", "gas", "note"],
        [
          ["delegate", "95,642", "long note"],
          ["queue", "1", ""],
        ],
        ["left", "right", "left"],
      );
      expect(table.split("\n")).to.deep.equal([
        "op           gas  note",
        "--------  ------  ----",
        "delegate  95,642  long note",
        "queue          1",
      ]);
      expect(() => formatTextTable(["a", "b"], [["1"]])).to.throw(RangeError);
    });

    it("prints every operation with ratio, budget and status, and the reason only for its own budget", function () {
      const results = checkGasBudgets(
        [
          { operation: "delegate", baseline: 95_642n, polycentric: 140_616n },
          { operation: "propose", baseline: 76_869n, polycentric: 76_694n },
        ],
        budgets({ delegate: { maxRatio: 1.48, reason: "VotesExtended delegate checkpoints" } }),
      );
      const lines = formatGasBudgetTable(results).split("\n");
      const cells = (line: string) => line.split(/\s{2,}/);
      expect(cells(lines[0]!)).to.deep.equal([
        "operation",
        "baseline gas",
        "polycentric gas",
        "ratio",
        "budget",
        "status",
        "budget reason",
      ]);
      expect(cells(lines[2]!)).to.deep.equal([
        "delegate",
        "95,642",
        "140,616",
        "1.4702",
        "1.48",
        "OK",
        "VotesExtended delegate checkpoints",
      ]);
      expect(cells(lines[3]!)).to.deep.equal(["propose", "76,869", "76,694", "0.9977", "1.05", "OK"]);
    });

    it("names every operation over budget, with the budget that would fit", function () {
      const results = checkGasBudgets(
        [
          { operation: "delegate", baseline: 95_642n, polycentric: 140_616n },
          { operation: "transfer", baseline: 104_787n, polycentric: 165_998n },
          { operation: "propose", baseline: 76_869n, polycentric: 76_694n },
        ],
        budgets(),
      );
      const message = formatOverBudgetMessage(results);
      expect(message).to.contain("2 operations are over their gas budgets:");
      expect(message).to.contain("- delegate: ratio 1.4702 > budget 1.05");
      expect(message).to.contain("a budget of 1.48 would fit");
      expect(message).to.contain("- transfer: ratio 1.5841 > budget 1.05");
      expect(message).not.to.contain("propose");
      expect(formatOverBudgetMessage(results.slice(2))).to.equal("");
      expect(formatOverBudgetMessage(results.slice(0, 1))).to.match(/^1 operation is over its gas budget:/);
    });
  });

  describe("buildGasSnapshot / serializeGasSnapshot", function () {
    const meta: GasSnapshotMeta = {
      generatedBy: "npm run bench:gas",
      solcVersion: "0.8.30+commit.73712a01",
      evmVersion: "cancun",
      optimizerEnabled: true,
      optimizerRuns: 200,
      hardfork: "osaka",
    };
    const measurements: GasMeasurement[] = [
      { operation: "transfer", baseline: 104_787n, polycentric: 165_998n },
      { operation: "delegate", baseline: 95_642n, polycentric: 140_616n },
    ];

    it("keeps workload order, plain numbers and 4-decimal ratios", function () {
      const snapshot = buildGasSnapshot(meta, measurements, [
        {
          contract: "token",
          baseline: { deployGas: 1_766_075n, bytecodeBytes: 7_051 },
          polycentric: { deployGas: 2_035_639n, bytecodeBytes: 8_069 },
        },
      ]);
      expect(Object.keys(snapshot.operations)).to.deep.equal(["transfer", "delegate"]);
      expect(snapshot.operations.delegate).to.deep.equal({ baseline: 95_642, polycentric: 140_616, ratio: 1.4702 });
      expect(snapshot.deployment.token!.polycentric).to.deep.equal({ deployGas: 2_035_639, bytecodeBytes: 8_069 });
      expect(snapshot).to.include({ solcVersion: meta.solcVersion, evmVersion: "cancun", optimizerRuns: 200 });
    });

    it("serializes identically for identical input (no dates, final newline)", function () {
      const a = serializeGasSnapshot(buildGasSnapshot(meta, measurements));
      const b = serializeGasSnapshot(
        buildGasSnapshot(
          { ...meta },
          measurements.map((m) => ({ ...m })),
        ),
      );
      expect(a).to.equal(b);
      expect(a.endsWith("}\n")).to.equal(true);
      expect(JSON.parse(a)).to.have.all.keys(
        "generatedBy",
        "solcVersion",
        "evmVersion",
        "optimizerEnabled",
        "optimizerRuns",
        "hardfork",
        "operations",
        "deployment",
      );
    });

    it("refuses an operation measured twice", function () {
      expect(() => buildGasSnapshot(meta, [measurements[0]!, measurements[0]!])).to.throw("measured twice");
    });
  });
});
