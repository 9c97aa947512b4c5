/**
 * Integer square root and quadratic-voting arithmetic on bigints: the off-chain reference that the on-chain
 * `QuadraticWeight` library (OpenZeppelin `Math.sqrt`) is differential-tested against, and the numbers of the
 * THREATS A3 sybil-split recipe. Pure functions (no Hardhat import).
 */

/** ⌊√x⌋ for any non-negative bigint: Newton's iteration from an upper estimate, exact floor. */
export function isqrt(x: bigint): bigint {
  if (x < 0n) throw new RangeError(`isqrt of a negative number: ${x}`);
  if (x < 2n) return x;
  // 2^⌈bits/2⌉ ≥ √x: Newton's iteration decreases monotonically from any start above the root.
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / 2));
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}

/** The quadratic weight of `power` token wei: ⌊√power⌋ (one whole token, 1e18 wei, weighs 1e9). */
export function quadraticWeight(power: bigint): bigint {
  return isqrt(power);
}

/** A holding split over k addresses, and what each way of counting it weighs. */
export interface SybilSplit {
  /** Per-address amounts: `total` split as evenly as possible (the first `total % k` get one wei more). */
  amounts: bigint[];
  /** Σ ⌊√wᵢ⌋: the weight when every address votes as its own unit (no identity binding). */
  splitWeight: bigint;
  /** ⌊√total⌋: the weight of the holding voting once (k = 1, or all addresses bound to one identity). */
  unitWeight: bigint;
}

/** Splits `total` wei over `k` addresses and weighs the split both ways (THREATS A3). */
export function sybilSplit(total: bigint, k: number): SybilSplit {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`sybilSplit: k must be a positive integer, got ${k}`);
  if (total < 0n) throw new RangeError(`sybilSplit: negative total ${total}`);
  const parts = BigInt(k);
  const base = total / parts;
  const extra = total % parts;
  const amounts = Array.from({ length: k }, (_, i) => base + (BigInt(i) < extra ? 1n : 0n));
  return {
    amounts,
    splitWeight: amounts.reduce((sum, w) => sum + isqrt(w), 0n),
    unitWeight: isqrt(total),
  };
}

/** R = weight(split) / weight(unsplit) as a float (√k for an even split without identity binding). */
export function splitRatio(splitWeight: bigint, unitWeight: bigint): number {
  if (unitWeight <= 0n) throw new RangeError(`splitRatio: the unsplit weight must be positive, got ${unitWeight}`);
  // Scaled integer division keeps 9 significant decimals even for weights beyond 2^53.
  const SCALE = 1_000_000_000n;
  return Number((splitWeight * SCALE) / unitWeight) / Number(SCALE);
}
