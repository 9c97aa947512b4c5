/**
 * Rates and their confidence intervals for the attack simulator. Pure functions (no Hardhat import).
 */
import type { AttackRun, RateSummary, SystemName } from "./types";

/** The two-sided 95 % standard-normal quantile Φ⁻¹(0.975). */
export const Z95 = 1.959964;

/**
 * The Wilson score interval of a binomial proportion at 95 % (z = 1.959964): a sound interval for small N and
 * for rates of exactly 0 or 1, where the normal approximation collapses to a point (0/50 is [0, 0.0713], not [0, 0]).
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
 *
 * With no runs the interval is the whole [0, 1]. Bounds are clamped to [0, 1] against rounding.
 */
export function wilson95(successes: number, runs: number): [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(runs) || runs < 0 || successes < 0 || successes > runs) {
    throw new RangeError(`wilson95: need integers 0 <= successes <= runs, got ${successes}/${runs}`);
  }
  if (runs === 0) return [0, 1];
  const z2 = Z95 * Z95;
  const p = successes / runs;
  const denominator = 1 + z2 / runs;
  const centre = (p + z2 / (2 * runs)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs))) / denominator;
  // At p̂ = 0 (or 1) the lower (upper) bound is exactly 0 (1); keep it so instead of a rounding residue.
  const lower = successes === 0 ? 0 : Math.max(0, centre - half);
  const upper = successes === runs ? 1 : Math.min(1, centre + half);
  return [lower, upper];
}

/** Successes, rate and Wilson 95 % interval of a set of runs. */
export function summarize(runs: readonly Pick<AttackRun, "success">[]): RateSummary {
  const successes = runs.filter((r) => r.success).length;
  return {
    runs: runs.length,
    successes,
    rate: runs.length === 0 ? 0 : successes / runs.length,
    wilson95: wilson95(successes, runs.length),
  };
}

/** {@link summarize} per system. */
export function summarizeBySystem(
  runs: readonly AttackRun[],
  systems: readonly SystemName[] = ["baseline", "polycentric"],
): Record<SystemName, RateSummary> {
  const out = {} as Record<SystemName, RateSummary>;
  for (const s of systems) out[s] = summarize(runs.filter((r) => r.system === s));
  return out;
}

/** "0.120 [0.056, 0.238]" (rate and interval, 3 decimals); "-" without runs. */
export function formatRate(s: RateSummary | undefined): string {
  if (s === undefined || s.runs === 0) return "-";
  const f = (x: number) => x.toFixed(3);
  return `${f(s.rate)} [${f(s.wilson95[0])}, ${f(s.wilson95[1])}] (${s.successes}/${s.runs})`;
}
