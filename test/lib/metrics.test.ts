import { expect } from "chai";
import fc from "fast-check";

import {
  concentration,
  entropy,
  formatTokenAmount,
  gini,
  hhi,
  nakamoto,
  parseTokenAmount,
  ratio,
  topShare,
} from "../../lib/metrics";

const w = (...xs: number[]): bigint[] => xs.map((x) => BigInt(x));
const E18 = 10n ** 18n;

describe("lib/metrics: concentration metrics on exact bigint weights", function () {
  describe("parseTokenAmount / formatTokenAmount", function () {
    it("parses decimal token amounts to exact wei", function () {
      expect(parseTokenAmount("1")).to.equal(E18);
      expect(parseTokenAmount("0")).to.equal(0n);
      expect(parseTokenAmount("24107.64")).to.equal(24_107_640_000_000_000_000_000n);
      expect(parseTokenAmount("0.000000000000000001")).to.equal(1n);
      expect(parseTokenAmount("123.456789012345678901")).to.equal(123_456_789_012_345_678_901n);
      expect(parseTokenAmount("25000000.000000001930530982")).to.equal(25_000_000_000_000_001_930_530_982n);
      // Python/float exports write small numbers with an exponent.
      expect(parseTokenAmount("3.706855059e-05")).to.equal(37_068_550_590_000n);
      expect(parseTokenAmount("1e-18")).to.equal(1n);
      expect(parseTokenAmount("1.5E+3")).to.equal(1500n * E18);
      expect(parseTokenAmount("7", 6)).to.equal(7_000_000n);
      expect(parseTokenAmount("7", 0)).to.equal(7n);
    });

    it("rejects digits finer than 1 wei unless asked to round (to nearest, ties to even)", function () {
      expect(() => parseTokenAmount("123.4567890123456789015")).to.throw(RangeError, "more than 18 decimals");
      expect(() => parseTokenAmount("1e-19")).to.throw(RangeError, "more than 18 decimals");
      expect(parseTokenAmount("123.4567890123456789015", 18, "nearest")).to.equal(123_456_789_012_345_678_902n);
      expect(parseTokenAmount("123.4567890123456789025", 18, "nearest")).to.equal(123_456_789_012_345_678_902n);
      expect(parseTokenAmount("123.4567890123456789026", 18, "nearest")).to.equal(123_456_789_012_345_678_903n);
      // A float64 artefact of an integer wei amount rounds back to that integer.
      expect(parseTokenAmount("1.0008989930000001e-07", 18, "nearest")).to.equal(100_089_899_300n);
      expect(parseTokenAmount("2.5e-18", 18, "nearest")).to.equal(2n);
      expect(parseTokenAmount("3.5e-18", 18, "nearest")).to.equal(4n);
      expect(parseTokenAmount("0.4e-18", 18, "nearest")).to.equal(0n);
    });

    it("rejects anything that is not a plain non-negative decimal", function () {
      for (const bad of ["", " 1", "1 ", "-1", "+1", "1.", ".5", "1e", "0x10", "1,5", "NaN", "Infinity", "1e99999"]) {
        expect(() => parseTokenAmount(bad), JSON.stringify(bad)).to.throw(
          SyntaxError,
          "not a non-negative decimal amount",
        );
      }
      expect(() => parseTokenAmount("1", -1)).to.throw(RangeError);
    });

    it("formats wei back to the exact decimal, and round-trips", function () {
      expect(formatTokenAmount(25_000_000_000_000_001_930_530_982n)).to.equal("25000000.000000001930530982");
      expect(formatTokenAmount(1500n * 10n ** 15n)).to.equal("1.5");
      expect(formatTokenAmount(0n)).to.equal("0");
      expect(formatTokenAmount(-1n)).to.equal("-0.000000000000000001");
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (x) => parseTokenAmount(formatTokenAmount(x)) === x),
      );
    });
  });

  describe("ratio", function () {
    it("is the correctly rounded double of a / b, at any scale", function () {
      expect(ratio(1n, 3n)).to.equal(1 / 3);
      expect(ratio(2n, 3n)).to.equal(2 / 3);
      expect(ratio(0n, 5n)).to.equal(0);
      expect(ratio(10n ** 60n, 3n * 10n ** 60n)).to.equal(1 / 3);
      expect(ratio(1n, 10n ** 30n)).to.equal(1e-30);
      expect(ratio(7n * 2n ** 1100n, 2n ** 1102n)).to.equal(1.75);
      expect(ratio(1n, 2n ** 1070n)).to.equal(2 ** -1070);
      expect(ratio(2n ** 53n + 1n, 1n)).to.equal(2 ** 53); // tie, to even
      expect(ratio(2n ** 54n + 3n, 1n)).to.equal(2 ** 54 + 4);
      expect(() => ratio(1n, 0n)).to.throw(RangeError);
      expect(() => ratio(-1n, 1n)).to.throw(RangeError);
    });

    it("agrees with double division whenever both operands are exact doubles", function () {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }), (a, b) => {
          return ratio(BigInt(a), BigInt(b)) === a / b;
        }),
      );
    });
  });

  describe("hand-computed examples", function () {
    it("10, 20, 30, 40", function () {
      const ws = w(10, 20, 30, 40);
      // Descending 40, 70, 90, 100 of 100: 70 is the first strictly above 50.
      expect(nakamoto(ws)).to.equal(2);
      expect(nakamoto(ws, 0.75)).to.equal(3);
      expect(nakamoto(ws, 0.625)).to.equal(2);
      // The threshold is the double it is: 0.7 is 0.69999999999999995559…, so 70 of 100 is above it.
      expect(nakamoto(ws, 0.7)).to.equal(2);
      expect(nakamoto(w(25, 25, 25, 25), 0.75)).to.equal(4); // 75 is not strictly above 75
      expect(nakamoto(ws, 0)).to.equal(1);
      expect(nakamoto(ws, 0.95)).to.equal(4);
      expect(topShare(ws, 0)).to.equal(0);
      expect(topShare(ws, 1)).to.equal(0.4);
      expect(topShare(ws, 2)).to.equal(0.7);
      expect(topShare(ws, 4)).to.equal(1);
      expect(topShare(ws, 10)).to.equal(1);
      // Σ i·x(i) = 10 + 40 + 90 + 160 = 300: G = 2·300 / (4·100) − 5/4 = 0.25
      // (= Σᵢⱼ |xᵢ − xⱼ| / (2 n² x̄) = 200 / 800).
      expect(gini(ws)).to.equal(0.25);
      // 10,000 · (0.01 + 0.04 + 0.09 + 0.16)
      expect(hhi(ws)).to.equal(3000);
      expect(entropy(ws)).to.be.closeTo(1.8464393446710154, 1e-15);
    });

    it("equal holders: 4 × 5", function () {
      const ws = w(5, 5, 5, 5);
      expect(nakamoto(ws)).to.equal(3); // two hold exactly half, which is not a majority
      expect(topShare(ws, 1)).to.equal(0.25);
      expect(gini(ws)).to.equal(0);
      expect(hhi(ws)).to.equal(2500);
      expect(entropy(ws)).to.equal(2);
    });

    it("one half, two quarters", function () {
      const ws = w(50, 25, 25);
      expect(nakamoto(ws)).to.equal(2);
      // ascending 25, 25, 50: 2·(25 + 50 + 150) / (3·100) − 4/3 = 1.5 − 4/3 = 1/6
      expect(gini(ws)).to.be.closeTo(1 / 6, 1e-16);
      expect(hhi(ws)).to.equal(3750);
      expect(entropy(ws)).to.equal(1.5);
    });

    it("two holders, 99 : 1", function () {
      const ws = w(1, 99);
      expect(nakamoto(ws)).to.equal(1);
      expect(topShare(ws, 1)).to.equal(0.99);
      expect(gini(ws)).to.equal(0.49); // 2·(1 + 198) / 200 − 3/2; at most 1 − 1/n = 0.5
      expect(hhi(ws)).to.be.closeTo(9802, 1e-9);
    });

    it("ignores holders with weight 0", function () {
      const ws = w(0, 5, 0, 5, 0);
      expect(nakamoto(ws)).to.equal(2);
      expect(gini(ws)).to.equal(0); // counting the zeros would give 0.6
      expect(hhi(ws)).to.equal(5000);
      expect(entropy(ws)).to.equal(1);
      expect(concentration(ws).holders).to.equal(2);
    });

    it("is exact at wei scale: one wei above half is a majority", function () {
      const half = 10n ** 30n;
      expect(nakamoto([half + 1n, half])).to.equal(1);
      expect(nakamoto([half, half])).to.equal(2);
      expect(nakamoto([2n ** 80n, 2n ** 80n - 1n, 1n])).to.equal(2);
      // 1/3 as a double is slightly below 1/3: one third of 3·10^30 exactly is above it.
      expect(nakamoto([10n ** 30n, 10n ** 30n, 10n ** 30n], 1 / 3)).to.equal(1);
      expect(gini([10n ** 30n + 1n, 10n ** 30n])).to.be.greaterThan(0);
    });
  });

  describe("edge cases", function () {
    for (const [name, ws] of [
      ["empty", []],
      ["all zero", [0n, 0n, 0n]],
    ] as const) {
      it(`${name}: no holders, every metric is 0`, function () {
        expect(nakamoto(ws)).to.equal(0);
        expect(topShare(ws, 1)).to.equal(0);
        expect(gini(ws)).to.equal(0);
        expect(hhi(ws)).to.equal(0);
        expect(entropy(ws)).to.equal(0);
        expect(concentration(ws)).to.deep.equal({
          holders: 0,
          total: 0n,
          max: 0n,
          nakamoto: 0,
          top1Share: 0,
          top10Share: 0,
          gini: 0,
          hhi: 0,
          entropy: 0,
        });
      });
    }

    it("a single holder: nakamoto 1, shares 1, gini 0, hhi 10,000, entropy 0", function () {
      for (const ws of [[7n], [0n, 10n ** 27n, 0n]]) {
        expect(concentration(ws)).to.deep.include({
          holders: 1,
          nakamoto: 1,
          top1Share: 1,
          top10Share: 1,
          gini: 0,
          hhi: 10_000,
          entropy: 0,
        });
        expect(topShare(ws, 0)).to.equal(0);
        expect(nakamoto(ws, 0.999)).to.equal(1);
      }
    });

    it("rejects negative weights, thresholds outside [0, 1) and a bad n", function () {
      expect(() => gini([1n, -1n])).to.throw(RangeError, "gini: weight 1 is negative: -1");
      expect(() => concentration([-5n])).to.throw(RangeError, "weight 0 is negative");
      for (const t of [1, 1.5, -0.1, NaN, Infinity]) {
        expect(() => nakamoto([1n], t), String(t)).to.throw(RangeError, "threshold must be in [0, 1)");
      }
      for (const n of [-1, 1.5, NaN])
        expect(() => topShare([1n], n), String(n)).to.throw(RangeError, "non-negative integer");
    });

    it("concentration() agrees with the single metrics", function () {
      const ws = w(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9);
      expect(concentration(ws)).to.deep.equal({
        holders: 15,
        total: 77n,
        max: 9n,
        nakamoto: nakamoto(ws),
        top1Share: topShare(ws, 1),
        top10Share: topShare(ws, 10),
        gini: gini(ws),
        hhi: hhi(ws),
        entropy: entropy(ws),
      });
      // Descending 9 9 9 8 7 6 5 5 5 4 | 3 3 2 1 1: 9+9+9+8+7 = 42 > 38.5; top 10 hold 67 of 77.
      expect(nakamoto(ws)).to.equal(5);
      expect(topShare(ws, 10)).to.equal(67 / 77);
    });
  });

  describe("properties", function () {
    const weight = fc.oneof(
      fc.constant(0n),
      fc.bigInt({ min: 1n, max: 10n ** 27n }),
      fc.bigInt({ min: 1n, max: 100n }),
    );
    const someHolders = fc.array(weight, { maxLength: 40 }).filter((ws) => ws.some((x) => x > 0n));

    it("stay in range: 1 ≤ nakamoto ≤ n, gini ∈ [0, 1 − 1/n], hhi ∈ [10⁴/n, 10⁴], entropy ∈ [0, log₂ n]", function () {
      fc.assert(
        fc.property(someHolders, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (ws, t) => {
          const c = concentration(ws);
          const n = c.holders;
          const k = nakamoto(ws, t);
          expect(k).to.be.within(1, n);
          expect(c.nakamoto).to.be.within(1, n);
          expect(c.gini).to.be.at.least(0).and.below(1);
          expect(c.gini).to.be.at.most(1 - 1 / n + 1e-15);
          expect(c.hhi).to.be.within(10_000 / n - 1e-9, 10_000 + 1e-9);
          expect(c.entropy).to.be.within(-1e-12, Math.log2(n) + 1e-12);
          // The k largest hold strictly more than t of the total; the k − 1 largest do not.
          expect(topShare(ws, k)).to.be.at.least(t);
          if (k > 1) expect(topShare(ws, k - 1)).to.be.at.most(t);
        }),
      );
    });

    it("topShare is monotone in n, at least n/holders, and 1 from n = holders on", function () {
      fc.assert(
        fc.property(someHolders, (ws) => {
          const n = ws.filter((x) => x > 0n).length;
          let previous = 0;
          for (let k = 0; k <= n + 2; k++) {
            const share = topShare(ws, k);
            expect(share).to.be.at.least(previous);
            expect(share).to.be.at.least(Math.min(k, n) / n - 1e-15);
            previous = share;
          }
          expect(topShare(ws, n)).to.equal(1);
        }),
      );
    });

    it("are invariant under permutation and under scaling all weights (exactly, bit for bit)", function () {
      const permuted = someHolders.chain((ws) =>
        fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length })),
      );
      fc.assert(
        fc.property(permuted, fc.bigInt({ min: 1n, max: 10n ** 24n }), ([ws, shuffled], k) => {
          const base = concentration(ws);
          const { total: _t1, max: _m1, ...shape } = base;
          const { total: _t2, max: _m2, ...shuffledShape } = concentration(shuffled);
          const { total, max, ...scaledShape } = concentration(ws.map((x) => x * k));
          expect(shuffledShape).to.deep.equal(shape);
          expect(scaledShape).to.deep.equal(shape);
          expect(total).to.equal(base.total * k);
          expect(max).to.equal(base.max * k);
        }),
      );
    });

    it("adding zero-weight holders changes nothing", function () {
      fc.assert(
        fc.property(someHolders, fc.nat({ max: 10 }), (ws, zeros) => {
          expect(concentration([...ws, ...new Array<bigint>(zeros).fill(0n)])).to.deep.equal(concentration(ws));
        }),
      );
    });

    it("gini matches the mean-absolute-difference definition", function () {
      fc.assert(
        fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 6n }), { minLength: 1, maxLength: 25 }), (ws) => {
          let pairs = 0n;
          for (const a of ws) for (const b of ws) pairs += a > b ? a - b : b - a;
          const n = BigInt(ws.length);
          const total = ws.reduce((s, x) => s + x, 0n);
          // G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n Σ x)
          expect(gini(ws)).to.equal(ratio(pairs, 2n * n * total));
        }),
      );
    });
  });
});
