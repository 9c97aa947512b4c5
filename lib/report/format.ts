/**
 * Formatting and small statistics shared by the Markdown and HTML renderers. Internal to lib/report: the barrel
 * does not re-export these (lib/metrics already exports names such as `median` and `gini`).
 */
import type { Concentration } from "../metrics";
import type { AttackReport, RateSummary, ReplayReport, SystemName } from "../sim/types";

export const SYSTEM_LABEL: Record<SystemName, string> = { baseline: "Baseline", polycentric: "Polycentric" };

/** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Makes arbitrary text safe inside one Markdown table cell: one line, no cell break, no raw HTML (renderers that
 * allow inline HTML would otherwise run a `<script>` from an attack title).
 */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A finite number in [0, 1]; anything else (NaN, ±Infinity, out of range) is clamped, NaN to 0. */
export function clampUnit(x: number): number {
  if (!Number.isFinite(x)) return x === Infinity ? 1 : 0;
  return Math.min(1, Math.max(0, x));
}

/** 0.1534 → "15.3 %". */
export function formatPercent(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "n/a";
  return `${(x * 100).toFixed(digits)} %`;
}

/** "15.0 % (3/20), 95 % CI 5.2–36.0 %". */
export function formatRate(s: RateSummary): string {
  const [lo, hi] = s.wilson95;
  return `${formatPercent(s.rate)} (${s.successes}/${s.runs}), 95 % CI ${(lo * 100).toFixed(1)}–${formatPercent(hi)}`;
}

/** 850 → "850 ms", 12_345 → "12.3 s", 754_000 → "12 min 34 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalS = Math.round(ms / 1000);
  return `${Math.floor(totalS / 60)} min ${totalS % 60} s`;
}

/** Shows integers as such and everything else with at most `digits` decimals. */
export function formatNumber(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return "n/a";
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

export function medianOf(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Counts a `not covered` attack and a covered attack without a summary apart from one that ran. */
export function hasRates(a: AttackReport): a is AttackReport & { summary: Record<SystemName, RateSummary> } {
  return a.status === "covered" && a.summary !== undefined;
}

export function invariantViolationCount(a: AttackReport): number {
  return (a.runs ?? []).reduce((n, r) => n + r.invariantViolations.length, 0);
}

/**
 * One line on what an attack's result says. Lower is better for Polycentric (the rate is the attacker's success
 * rate); a difference is only called one when the two 95 % intervals are disjoint. The recipe's own findings
 * (`notes`) follow the verdict.
 */
export function attackNote(a: AttackReport): string {
  const findings = (a.notes ?? []).map((x) => x.trim()).filter((x) => x.length > 0);
  const withFindings = (head: string) => [head, ...findings].join("; ");
  if (a.status === "not covered") return withFindings(`not covered: ${a.reason ?? "no reason given"}`);
  if (!hasRates(a)) return withFindings("covered, but no runs were recorded");
  const b = a.summary.baseline;
  const p = a.summary.polycentric;
  let verdict: string;
  if (b.runs === 0 || p.runs === 0) verdict = "no runs on one system";
  else if (p.wilson95[1] < b.wilson95[0]) verdict = "Polycentric lower (95 % CIs disjoint)";
  else if (p.wilson95[0] > b.wilson95[1]) verdict = "Polycentric HIGHER (95 % CIs disjoint)";
  else if (b.rate === p.rate) verdict = `same rate on both systems`;
  else verdict = "no clear difference (95 % CIs overlap)";
  const violations = invariantViolationCount(a);
  if (violations > 0) verdict += `; ${violations} invariant violation${violations === 1 ? "" : "s"}`;
  if (a.primaryVariant !== undefined) verdict += `; rates of variant ${a.primaryVariant}`;
  return withFindings(verdict);
}

export interface ReplayStats {
  proposals: number;
  flips: number;
  medianNakamoto: Record<SystemName, number | undefined>;
}

export function replayStats(r: ReplayReport): ReplayStats {
  return {
    proposals: r.proposals.length,
    flips: r.proposals.filter((p) => p.flipped).length,
    medianNakamoto: {
      baseline: medianOf(r.proposals.map((p) => p.nakamoto.baseline)),
      polycentric: medianOf(r.proposals.map((p) => p.nakamoto.polycentric)),
    },
  };
}

/** A Lorenz curve's points with the origin prepended when the data starts to the right of it. */
export function lorenzPath(points: readonly [number, number][]): [number, number][] {
  const pts = points.map(([x, y]) => [clampUnit(x), clampUnit(y)] as [number, number]);
  if (pts.length === 0 || pts[0][0] > 0 || pts[0][1] > 0) pts.unshift([0, 0]);
  return pts;
}

/** Gini coefficient from a Lorenz curve (trapezoids); undefined unless the curve ends at (1, 1). */
export function lorenzGini(points: readonly [number, number][]): number | undefined {
  const pts = lorenzPath(points);
  const [lx, ly] = pts[pts.length - 1];
  if (Math.abs(lx - 1) > 1e-6 || Math.abs(ly - 1) > 1e-6) return undefined;
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += (pts[i][0] - pts[i - 1][0]) * (pts[i][1] + pts[i - 1][1]);
  return 1 - area;
}

/** The per-variant rate rows of every attack that has variants, the headline variant first. */
export function variantRows(
  attacks: readonly AttackReport[],
): { attack: AttackReport; variant: string; primary: boolean; summary: Record<SystemName, RateSummary> }[] {
  return attacks.flatMap((attack) => {
    const entries = Object.entries(attack.variants ?? {});
    entries.sort(([a], [b]) => Number(b === attack.primaryVariant) - Number(a === attack.primaryVariant));
    return entries.map(([variant, summary]) => ({
      attack,
      variant,
      primary: variant === attack.primaryVariant,
      summary,
    }));
  });
}

/** One table row of concentration metrics: label, units, Nakamoto, top-1, top-10, Gini, HHI, entropy (bits). */
export function concentrationCells(label: string, c: Concentration): string[] {
  return [
    label,
    String(c.holders),
    String(c.nakamoto),
    c.top1Share.toFixed(6),
    c.top10Share.toFixed(6),
    c.gini.toFixed(4),
    c.hhi.toFixed(4),
    c.entropy.toFixed(3),
  ];
}
