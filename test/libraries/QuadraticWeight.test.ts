import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { gov, isqrt, quadraticWeight, sybilSplit, splitRatio } from "../../lib";
import { QuadraticWeight__Harness__factory } from "../../typechain-types";

const MAX_UINT256 = 2n ** 256n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;
const NUM_RUNS = 200;

async function deployHarness() {
  const [deployer] = await hre.ethers.getSigners();
  return new QuadraticWeight__Harness__factory(deployer).deploy();
}

/** Any uint256, biased towards the edges: small values, powers of two ± 1 and the top of the range. */
const anyUint256 = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_UINT256 }),
  fc.bigInt({ min: 0n, max: 1_000n }),
  fc.integer({ min: 0, max: 256 }).chain((bits) =>
    fc.constantFrom(-1n, 0n, 1n).map((d) => {
      const v = (1n << BigInt(bits)) + d;
      return v < 0n ? 0n : v > MAX_UINT256 ? MAX_UINT256 : v;
    }),
  ),
  fc.bigInt({ min: MAX_UINT256 - 1_000n, max: MAX_UINT256 }),
);

/** r² and r² ± 1 for a root r < 2^128 (so r² fits uint256): where an off-by-one floor would show. */
const nearPerfectSquare = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT128 }), fc.bigInt({ min: 0n, max: 10n ** 12n })),
    fc.constantFrom(-1n, 0n, 1n),
  )
  .map(([r, d]) => {
    const v = r * r + d;
    return v < 0n ? 0n : v > MAX_UINT256 ? MAX_UINT256 : v;
  });

const uint256Input = fc.oneof(anyUint256, nearPerfectSquare);

describe("lib/isqrt: the bigint reference", function () {
  it("I5 isqrt reference: equals ⌊Math.sqrt(n)⌋ for every n < 100,000 and for random safe integers", function () {
    for (let n = 0; n < 100_000; n++) {
      expect(isqrt(BigInt(n))).to.equal(BigInt(Math.floor(Math.sqrt(n))), `n = ${n}`);
    }
    fc.assert(
      // Below 2^52 Math.sqrt is correctly rounded and its floor is exact.
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (n) => {
        expect(isqrt(BigInt(n))).to.equal(BigInt(Math.floor(Math.sqrt(n))));
      }),
      { numRuns: 2_000 },
    );
  });

  it("I5 isqrt reference: r² ≤ x < (r+1)² over arbitrary-size bigints, isqrt(x²) = x", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 600n }), (x) => {
        const r = isqrt(x);
        expect(r * r <= x && x < (r + 1n) * (r + 1n), `x = ${x}, r = ${r}`).to.equal(true);
        expect(isqrt(x * x)).to.equal(x);
      }),
      { numRuns: 1_000 },
    );
  });

  it("I5 isqrt reference: rejects negative input with a RangeError", function () {
    expect(() => isqrt(-1n)).to.throw(RangeError, "isqrt of a negative number: -1");
    expect(isqrt(0n)).to.equal(0n);
    expect(isqrt(1n)).to.equal(1n);
    expect(isqrt(MAX_UINT256)).to.equal(MAX_UINT128);
  });

  it("I5 unit: one whole token (1e18 wei) weighs 1e9; quadraticWeight is isqrt", function () {
    expect(quadraticWeight(gov(1))).to.equal(10n ** 9n);
    expect(quadraticWeight(gov(100_000))).to.equal(316_227_766_016n);
    expect(quadraticWeight(gov(1_000_000))).to.equal(10n ** 12n);
  });

  it("A3 sybil split arithmetic: an even split over k addresses weighs √k × the whole, the whole weighs ⌊√W⌋", function () {
    const total = gov(1_000_000);
    for (const k of [1, 4, 16, 64, 256]) {
      const s = sybilSplit(total, k);
      expect(s.amounts).to.have.length(k);
      expect(s.amounts.reduce((a, b) => a + b, 0n)).to.equal(total);
      expect(s.unitWeight).to.equal(10n ** 12n);
      // 1e24 / k is a perfect square for these k, so the split is exact: R(k) = √k.
      expect(s.splitWeight).to.equal(BigInt(Math.sqrt(k)) * 10n ** 12n);
      expect(splitRatio(s.splitWeight, s.unitWeight)).to.equal(Math.sqrt(k));
    }
    // An uneven split gives the remainder wei to the first addresses and never loses any.
    expect(sybilSplit(10n, 3).amounts).to.deep.equal([4n, 3n, 3n]);
    expect(() => sybilSplit(10n, 0)).to.throw(RangeError);
    expect(() => splitRatio(1n, 0n)).to.throw(RangeError);
  });
});

describe("QuadraticWeight (on-chain, via QuadraticWeight__Harness)", function () {
  it("I5 unit: weightOf(1e18 wei) = 1e9, and the edges 0, 1, 2^256 - 1", async function () {
    const h = await loadFixture(deployHarness);
    expect(await h.weightOf(gov(1))).to.equal(10n ** 9n);
    expect(await h.weightOf(0n)).to.equal(0n);
    expect(await h.weightOf(1n)).to.equal(1n);
    expect(await h.weightOf(3n)).to.equal(1n);
    expect(await h.weightOf(4n)).to.equal(2n);
    expect(await h.weightOf(MAX_UINT256)).to.equal(MAX_UINT128);
    expect(await h.weightOf(MAX_UINT128 * MAX_UINT128)).to.equal(MAX_UINT128);
    expect(await h.weightOf(MAX_UINT128 * MAX_UINT128 - 1n)).to.equal(MAX_UINT128 - 1n);
  });

  it("I5 floor property: r² ≤ x < (r+1)² for every uint256 x, and r equals the bigint reference", async function () {
    const h = await loadFixture(deployHarness);
    await fc.assert(
      fc.asyncProperty(uint256Input, async (x) => {
        const r = await h.weightOf(x);
        expect(r * r <= x, `r² ≤ x for x = ${x}`).to.equal(true);
        expect(x < (r + 1n) * (r + 1n), `x < (r+1)² for x = ${x}`).to.equal(true);
        expect(r).to.equal(isqrt(x));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("I5 monotone: x ≤ y ⇒ weightOf(x) ≤ weightOf(y)", async function () {
    const h = await loadFixture(deployHarness);
    const pair = fc.oneof(
      fc.tuple(uint256Input, uint256Input),
      // Neighbours, where a non-monotone floor would show.
      uint256Input.map((x) => [x, x === MAX_UINT256 ? x : x + 1n] as [bigint, bigint]),
    );
    await fc.assert(
      fc.asyncProperty(pair, async ([a, b]) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect((await h.weightOf(x)) <= (await h.weightOf(y)), `x = ${x}, y = ${y}`).to.equal(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("I5 exact on squares: weightOf(x²) = x for every x < 2^128", async function () {
    const h = await loadFixture(deployHarness);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.bigInt({ min: 0n, max: MAX_UINT128 }), fc.bigInt({ min: 0n, max: 10n ** 6n })),
        async (x) => {
          expect(await h.weightOf(x * x)).to.equal(x);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("I5 differential: weightOf equals lib/isqrt on every bit length 0..256", async function () {
    const h = await loadFixture(deployHarness);
    // One random value of every bit length, deterministic (seeded) so a failure reproduces.
    const values = fc.sample(
      fc
        .integer({ min: 0, max: 256 })
        .chain((bits) =>
          bits === 0 ? fc.constant(0n) : fc.bigInt({ min: 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n }),
        ),
      { numRuns: 257, seed: 5 },
    );
    for (let bits = 1; bits <= 256; bits++) values.push((1n << BigInt(bits)) - 1n);
    for (const x of values) expect(await h.weightOf(x), `x = ${x}`).to.equal(isqrt(x));
  });
});
