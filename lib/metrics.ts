/**
 * Concentration metrics over a list of holdings (voting weights, token balances). Pure functions.
 *
 * Representation: weights are non-negative **bigints**, normally token wei (18 decimals). Decimal token
 * amounts such as "123.456789012345678" become exact wei with {@link parseTokenAmount}. Every metric except
 * the entropy is an exact rational number of these integers, computed in bigint arithmetic and converted to a
 * `number` only at the end, correctly rounded ({@link ratio}); so the results do not depend on the order of
 * the weights nor on a common scale factor, and a holder with one wei more than half is seen as a majority.
 *
 * Holders with weight 0 are ignored by every metric (they hold nothing). Edge cases:
 * - empty list or all weights 0 (no holders): every metric is 0 (`nakamoto` 0, shares 0, `gini` 0, `hhi` 0,
 *   `entropy` 0), because there is no weight to concentrate;
 * - one holder: `nakamoto` 1, `topShare(w, n ≥ 1)` 1, `gini` 0, `hhi` 10,000, `entropy` 0.
 * A negative weight is a RangeError.
 */

/** Decimals of wei per token. */
export const WEI_DECIMALS = 18;

/** What {@link parseTokenAmount} does with digits beyond `decimals`. */
export type ExcessPrecision = "reject" | "nearest";

const AMOUNT = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Parses a non-negative decimal token amount ("1", "123.456", "3.706855059e-05") into an integer number of
 * base units (wei for `decimals` = 18), exactly. Digits finer than one base unit are an error by default
 * (`excess` = "reject"); with "nearest" the amount is rounded to the nearest base unit, ties to even.
 * Signs, blanks, hex, "1.", ".5" and exponents beyond ±9999 are rejected.
 */
export function parseTokenAmount(text: string, decimals = WEI_DECIMALS, excess: ExcessPrecision = "reject"): bigint {
  if (!Number.isSafeInteger(decimals) || decimals < 0) {
    throw new RangeError(`parseTokenAmount: decimals must be a non-negative integer, got ${decimals}`);
  }
  const m = AMOUNT.exec(text);
  if (m === null) throw new SyntaxError(`not a non-negative decimal amount: "${text}"`);
  const [, whole, fraction = "", exponent = "0"] = m;
  // value = digits × 10^(scale), scale = exponent − fraction length; in base units: × 10^decimals.
  const digits = BigInt(whole + fraction);
  const scale = Number(exponent) - fraction.length + decimals;
  if (scale >= 0) return digits * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(-scale);
  const quotient = digits / divisor;
  const remainder = digits % divisor;
  if (remainder === 0n) return quotient;
  if (excess === "reject") {
    throw new RangeError(`"${text}" has more than ${decimals} decimals (finer than one base unit)`);
  }
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** Formats base units as an exact decimal token amount without trailing zeros: 1500000000000000000n → "1.5". */
export function formatTokenAmount(units: bigint, decimals = WEI_DECIMALS): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = 10n ** BigInt(decimals);
  const whole = (abs / base).toString();
  const fraction = decimals > 0 ? (abs % base).toString().padStart(decimals, "0").replace(/0+$/, "") : "";
  return `${negative ? "-" : ""}${whole}${fraction ? "." + fraction : ""}`;
}

/**
 * a / b as the nearest double (round half to even), for bigints a ≥ 0, b > 0: the quotient is taken with at
 * least 66 significant bits plus a sticky bit, and `Number(bigint)` rounds that correctly.
 */
export function ratio(a: bigint, b: bigint): number {
  if (b <= 0n) throw new RangeError(`ratio: denominator must be positive, got ${b}`);
  if (a < 0n) throw new RangeError(`ratio: numerator must be non-negative, got ${a}`);
  if (a === 0n) return 0;
  // a / b ≥ 16^(ha − 1 − hb) = 2^(4(ha − hb) − 4): shifting by 70 + 4(hb − ha) leaves ≥ 66 bits.
  const shift = Math.max(0, 70 + 4 * (b.toString(16).length - a.toString(16).length));
  const scaled = a << BigInt(shift);
  let q = scaled / b;
  if (q * b !== scaled) q |= 1n; // sticky bit: never a tie, rounds like the exact quotient
  let r = Number(q);
  for (let s = shift; s > 0; s -= 1000) r /= 2 ** Math.min(s, 1000); // exact while r stays normal
  return r;
}

/** Positive weights sorted in descending order, and their total. */
interface Holdings {
  desc: bigint[];
  total: bigint;
}

function holdings(weights: readonly bigint[], caller: string): Holdings {
  const desc: bigint[] = [];
  let total = 0n;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (typeof w !== "bigint") throw new TypeError(`${caller}: weight ${i} is not a bigint: ${String(w)}`);
    if (w < 0n) throw new RangeError(`${caller}: weight ${i} is negative: ${w}`);
    if (w > 0n) {
      desc.push(w);
      total += w;
    }
  }
  desc.sort((x, y) => (x > y ? -1 : x < y ? 1 : 0));
  return { desc, total };
}

/** An exact fraction num/den (den a power of two) equal to the finite double x ≥ 0. */
function exactFraction(x: number): [bigint, bigint] {
  let num = x;
  let exponent = 0;
  while (!Number.isInteger(num)) {
    num *= 2; // exact in binary floating point
    exponent++;
  }
  return [BigInt(num), 1n << BigInt(exponent)];
}

function checkThreshold(threshold: number): [bigint, bigint] {
  if (!(Number.isFinite(threshold) && threshold >= 0 && threshold < 1)) {
    throw new RangeError(`nakamoto: threshold must be in [0, 1), got ${threshold}`);
  }
  return exactFraction(threshold);
}

function nakamotoOf({ desc, total }: Holdings, [num, den]: [bigint, bigint]): number {
  let cumulative = 0n;
  for (let i = 0; i < desc.length; i++) {
    cumulative += desc[i];
    if (cumulative * den > num * total) return i + 1;
  }
  return 0; // only when there are no holders
}

/**
 * The Nakamoto coefficient: the fewest holders whose combined weight is strictly more than `threshold`
 * (default 0.5) of the total. `threshold` ∈ [0, 1) and is used exactly as the double it is.
 * 0 when there are no holders; otherwise between 1 and the number of holders.
 */
export function nakamoto(weights: readonly bigint[], threshold = 0.5): number {
  const t = checkThreshold(threshold);
  return nakamotoOf(holdings(weights, "nakamoto"), t);
}

function checkTopN(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`topShare: n must be a non-negative integer, got ${n}`);
}

function topShareOf({ desc, total }: Holdings, n: number): number {
  if (total === 0n) return 0;
  let sum = 0n;
  for (let i = 0; i < Math.min(n, desc.length); i++) sum += desc[i];
  return ratio(sum, total);
}

/** The share of the total held by the `n` largest holders: 0 for n = 0 or no holders, 1 once n ≥ holders. */
export function topShare(weights: readonly bigint[], n: number): number {
  checkTopN(n);
  return topShareOf(holdings(weights, "topShare"), n);
}

function giniOf({ desc, total }: Holdings): number {
  const n = BigInt(desc.length);
  if (n === 0n) return 0;
  // Ascending order x₍₁₎ ≤ … ≤ x₍ₙ₎: G = 2 Σ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n. desc[j] has ascending rank n − j.
  let ranked = 0n;
  for (let j = 0; j < desc.length; j++) ranked += (n - BigInt(j)) * desc[j];
  return ratio(2n * ranked - (n + 1n) * total, n * total);
}

/**
 * The Gini coefficient over the holders with weight > 0 (standard formula on the sorted values, no
 * small-sample correction): 0 when all hold the same, at most 1 − 1/n, so always in [0, 1).
 */
export function gini(weights: readonly bigint[]): number {
  return giniOf(holdings(weights, "gini"));
}

function hhiOf({ desc, total }: Holdings): number {
  if (total === 0n) return 0;
  let squares = 0n;
  for (const w of desc) squares += w * w;
  return ratio(10_000n * squares, total * total);
}

/** The Herfindahl–Hirschman index on shares in percent: Σ (100·sᵢ)², from 10,000/n (all equal) to 10,000. */
export function hhi(weights: readonly bigint[]): number {
  return hhiOf(holdings(weights, "hhi"));
}

function entropyOf({ desc, total }: Holdings): number {
  if (desc.length <= 1) return 0;
  // −Σ p log₂ p with each p correctly rounded and Neumaier-compensated summation.
  let sum = 0;
  let compensation = 0;
  for (const w of desc) {
    const p = ratio(w, total);
    const term = -p * Math.log2(p);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Shannon entropy of the shares, in bits: 0 for one holder (or none), log₂ n for n equal holders. */
export function entropy(weights: readonly bigint[]): number {
  return entropyOf(holdings(weights, "entropy"));
}

/** Every metric of one list of weights (sorted once). */
export interface Concentration {
  /** Holders with weight > 0 (the population of every other metric). */
  holders: number;
  /** Sum of the weights. */
  total: bigint;
  /** Largest single weight (0n when there are no holders). */
  max: bigint;
  /** {@link nakamoto} at 50 %. */
  nakamoto: number;
  top1Share: number;
  top10Share: number;
  gini: number;
  hhi: number;
  /** Bits. */
  entropy: number;
}

/**
 * {@link nakamoto} (50 %), {@link topShare} (1 and 10), {@link gini}, {@link hhi} and {@link entropy}, sorting the
 * weights once.
 */
export function concentration(weights: readonly bigint[]): Concentration {
  const h = holdings(weights, "concentration");
  return {
    holders: h.desc.length,
    total: h.total,
    max: h.desc.length > 0 ? h.desc[0] : 0n,
    nakamoto: nakamotoOf(h, [1n, 2n]),
    top1Share: topShareOf(h, 1),
    top10Share: topShareOf(h, 10),
    gini: giniOf(h),
    hhi: hhiOf(h),
    entropy: entropyOf(h),
  };
}
