/**
 * A small seeded pseudo-random generator for the attack simulator: every randomised recipe draws from one of these,
 * so a seed reproduces a run exactly (same turnout draws, same delegation graph, same amounts) on every machine.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, public domain), a 32-bit state advanced by the odd constant 0x6D2B79F5 with a
 * xorshift-multiply output mix; period 2^32, passes gjrand/PractRand to 2^32 outputs, far more than a recipe draws.
 * It is NOT cryptographic. Seeds are 32-bit unsigned integers; {@link Prng.fork} derives an independent stream for a
 * named purpose (e.g. "A2/600000") from a seed, so two recipes with the same seed do not share draws, and the two
 * systems of one run share theirs (common random numbers: both systems face the same honest voters).
 *
 * Pure TypeScript, no Hardhat import.
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer (used to derive seeds from labels). */
export function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Prng {
  private state: number;

  /** `seed`: any integer; it is reduced to 32 bits (negative and fractional values are rejected). */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`Prng: seed must be a non-negative integer, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** The next raw output: a uniformly distributed unsigned 32-bit integer (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer uniformly in [min, max] (both inclusive), without modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`Prng.int: need integers min <= max, got [${min}, ${max}]`);
    }
    const span = max - min + 1;
    if (span > 4294967296) throw new RangeError(`Prng.int: range wider than 2^32: [${min}, ${max}]`);
    // Rejection sampling: draw from the largest multiple of `span` below 2^32.
    const limit = 4294967296 - (4294967296 % span);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return min + (x % span);
    }
  }

  /** A bigint uniformly in [min, max] (inclusive) for ranges up to 2^32 values, e.g. whole-token amounts. */
  bigint(min: bigint, max: bigint): bigint {
    if (max < min) throw new RangeError(`Prng.bigint: need min <= max, got [${min}, ${max}]`);
    const span = max - min;
    if (span >= 4294967296n) throw new RangeError(`Prng.bigint: range wider than 2^32: [${min}, ${max}]`);
    return min + BigInt(this.int(0, Number(span)));
  }

  /** True with probability `p` (0 ≤ p ≤ 1). */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Prng.bernoulli: p must be in [0, 1], got ${p}`);
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Prng.pick: empty array");
    return items[this.int(0, items.length - 1)]!;
  }

  /** A shuffled copy of `items` (Fisher–Yates); the input is not modified. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** An independent generator for a named purpose, derived from this generator's seed (not its current state). */
  fork(label: string): Prng {
    return new Prng(hash32(`${label}#${this.seed}`));
  }
}

/** The generator of one (recipe, seed) pair: `prngFor("A2", 7)` is the same stream everywhere. */
export function prngFor(label: string, seed: number): Prng {
  return new Prng(hash32(`${label}#${seed >>> 0}`));
}
