/**
 * The simulator's summary table (pure): one row per attack, then one indented row per variant.
 *
 *   id | status | baseline rate [95% CI] | polycentric rate [95% CI] | notes
 */
import { formatRate } from "./stats";
import type { AttackReport } from "./types";

const HEADER = ["id", "status", "baseline rate [95% CI]", "polycentric rate [95% CI]", "notes"] as const;

export function attackTableRows(reports: readonly AttackReport[]): string[][] {
  const rows: string[][] = [];
  for (const r of reports) {
    if (r.status === "not covered") {
      rows.push([r.id, r.status, "-", "-", `${r.title}: ${r.reason ?? ""}`]);
      continue;
    }
    const headline = r.primaryVariant !== undefined ? ` (headline: ${r.primaryVariant})` : "";
    rows.push([
      r.id,
      r.status,
      formatRate(r.summary?.baseline),
      formatRate(r.summary?.polycentric),
      `${r.title}${headline}`,
    ]);
    for (const [name, v] of Object.entries(r.variants ?? {})) {
      rows.push(["", `  ${name}`, formatRate(v.baseline), formatRate(v.polycentric), ""]);
    }
    for (const n of r.notes ?? []) rows.push(["", "", "", "", n]);
    const violations = (r.runs ?? []).reduce((s, x) => s + x.invariantViolations.length, 0);
    if (violations > 0) rows.push(["", "", "", "", `INVARIANT VIOLATIONS: ${violations}`]);
  }
  return rows;
}

/** The table as text; the notes column is wrapped at `notesWidth` characters. */
export function formatAttackTable(reports: readonly AttackReport[], notesWidth = 100): string {
  const rows = attackTableRows(reports).flatMap((row) => {
    const wrapped = wrap(row[4]!, notesWidth);
    return wrapped.map((line, i) => (i === 0 ? [...row.slice(0, 4), line] : ["", "", "", "", line]));
  });
  const all = [[...HEADER], ...rows];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join(" | ")
      .trimEnd();
  return [line(HEADER), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  if (current !== "") out.push(current);
  return out;
}
