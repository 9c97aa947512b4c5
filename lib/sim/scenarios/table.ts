/**
 * The scenario table (pure): one row per scenario run, as Markdown.
 *
 *   setup | scenario | outcome | decided by | duration | attacker needed
 */
import { SETUP_LABELS, type ScenarioResult } from "./types";

export const SCENARIO_TABLE_HEADER = [
  "setup",
  "scenario",
  "outcome",
  "decided by",
  "duration",
  "attacker needed",
] as const;

/** The table's cells, row by row. */
export function scenarioTableRows(results: readonly ScenarioResult[]): string[][] {
  return results.map((r) => [
    SETUP_LABELS[r.setup],
    `${r.scenario}. ${r.title}${r.variant !== undefined ? ` (${r.variant})` : ""}`,
    r.outcome,
    r.decidedBy,
    r.duration,
    r.attackerNeeded,
  ]);
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The table as Markdown. */
export function formatScenarioTable(results: readonly ScenarioResult[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [
    line(SCENARIO_TABLE_HEADER),
    `|${SCENARIO_TABLE_HEADER.map(() => "---").join("|")}|`,
    ...scenarioTableRows(results).map(line),
  ].join("\n");
}

/** A short verdict per row ("single admin a: attacker succeeded"), and the invariant violations, if any. */
export function scenarioSummary(results: readonly ScenarioResult[]): string[] {
  const out = results.map(
    (r) =>
      `${SETUP_LABELS[r.setup]}, ${r.scenario}${r.variant !== undefined ? ` (${r.variant})` : ""}: ` +
      `${r.attackerSucceeded ? "the attacker reached its goal" : "blocked"} (${(r.elapsedMs / 1000).toFixed(1)} s)`,
  );
  const violations = results.flatMap((r) => r.invariantViolations);
  out.push(`invariant violations (I1, I4, I5, I18, after every Polycentric transaction): ${violations.length}`);
  for (const v of violations.slice(0, 20)) out.push(`  ${v}`);
  return out;
}

/** The Markdown report: what ran, the table, and each row's measurements. */
export function scenarioMarkdown(
  results: readonly ScenarioResult[],
  meta: { clockMode: string; setupMs: number; runMs: number },
): string {
  const parts = [
    "# AI-network scenarios: single admin vs Polycentric + disputes",
    "",
    `Clock mode ${meta.clockMode}; world setup ${(meta.setupMs / 1000).toFixed(1)} s, scenarios ` +
      `${(meta.runMs / 1000).toFixed(1)} s (wall clock). Durations are chain time. See docs/examples/ai-network.md.`,
    "",
    formatScenarioTable(results),
    "",
    "## Measurements",
    "",
  ];
  for (const r of results) {
    parts.push(`### ${SETUP_LABELS[r.setup]}: ${r.scenario}. ${r.title}${r.variant ? ` (${r.variant})` : ""}`, "");
    for (const [k, v] of Object.entries(r.measures)) parts.push(`- ${k}: ${cell(String(v))}`);
    parts.push(`- invariant violations: ${r.invariantViolations.length}`, "");
  }
  return parts.join("\n");
}
