import { SYSTEMS, type SimulationReport } from "../sim/types";
import {
  SYSTEM_LABEL,
  attackNote,
  escapeMarkdownCell as cell,
  formatMs,
  formatNumber,
  formatRate,
  hasRates,
  lorenzGini,
  replayStats,
  variantRows,
} from "./format";

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** reports/summary.md: the attack table, the replays and the timings. Pure. */
export function renderMarkdown(report: SimulationReport): string {
  const out: string[] = [];
  const covered = report.attacks.filter((a) => a.status === "covered").length;
  const notCovered = report.attacks.length - covered;

  out.push("# Polycentric simulation report", "");
  out.push(
    `Seeds per attack: ${report.parameters.seeds} · clock mode: ${cell(report.parameters.clockMode)} · ` +
      `attacks: ${report.attacks.length} (${covered} covered, ${notCovered} not covered) · replays: ${report.replays.length}`,
    "",
  );
  out.push(
    "Rates are the attacker's success rate over the seeds (lower is better), with a 95 % Wilson score interval. " +
      'A "not covered" attack was not run against Polycentric yet: it is neither passed nor failed.',
    "",
  );

  out.push("## Attacks", "");
  if (report.attacks.length === 0) {
    out.push("_No attacks in this run._", "");
  } else {
    const rows = report.attacks.map((a) => {
      const status = a.status === "covered" ? "covered" : "**not covered**";
      const rates = SYSTEMS.map((s) => {
        if (a.status === "not covered") return "not covered";
        return hasRates(a) ? formatRate(a.summary[s]) : "no runs";
      });
      return [cell(a.id), cell(a.title), status, ...rates, cell(attackNote(a))];
    });
    out.push(
      ...table(
        [
          "ID",
          "Attack",
          "Status",
          `${SYSTEM_LABEL.baseline} success (95 % CI)`,
          `${SYSTEM_LABEL.polycentric} success (95 % CI)`,
          "Note",
        ],
        rows,
      ),
      "",
    );
    const variants = variantRows(report.attacks);
    if (variants.length > 0) {
      out.push("Variants (the headline variant's rates are the ones above):", "");
      out.push(
        ...table(
          [
            "ID",
            "Variant",
            `${SYSTEM_LABEL.baseline} success (95 % CI)`,
            `${SYSTEM_LABEL.polycentric} success (95 % CI)`,
          ],
          variants.map((v) => [
            cell(v.attack.id),
            cell(v.variant) + (v.primary ? " (headline)" : ""),
            ...SYSTEMS.map((s) => formatRate(v.summary[s])),
          ]),
        ),
        "",
      );
    }
    out.push("Guarantees tested:", "");
    for (const a of report.attacks) {
      const elapsed = a.elapsedMs !== undefined ? ` (${formatMs(a.elapsedMs)})` : "";
      out.push(`- **${cell(a.id)}** ${cell(a.guarantee)}${elapsed}`);
    }
    out.push("");
  }

  out.push("## Real-DAO replays", "");
  if (report.replays.length === 0) {
    out.push("_No replays in this run._", "");
  } else {
    const rows = report.replays.map((r) => {
      const s = replayStats(r);
      const med = (x: number | undefined) => (x === undefined ? "—" : formatNumber(x));
      return [
        cell(r.name),
        cell(r.source),
        String(s.proposals),
        String(s.flips),
        med(s.medianNakamoto.baseline),
        med(s.medianNakamoto.polycentric),
        formatMs(r.elapsedMs),
      ];
    });
    out.push(
      ...table(
        [
          "Replay",
          "Source",
          "Proposals",
          "Outcome flips",
          "Median Nakamoto (baseline)",
          "Median Nakamoto (Polycentric)",
          "Time",
        ],
        rows,
      ),
      "",
    );
    const flipped = report.replays.flatMap((r) => r.proposals.filter((p) => p.flipped).map((p) => ({ r, p })));
    if (flipped.length > 0) {
      out.push("Flipped outcomes:", "");
      for (const { r, p } of flipped) {
        out.push(
          `- ${cell(r.name)}: ${cell(p.dao)} proposal ${cell(p.proposalId)} — recorded ${p.recorded}, ` +
            `baseline ${p.outcome.baseline}, Polycentric ${p.outcome.polycentric}`,
        );
      }
      out.push("");
    }
  }

  const curves = report.lorenz ?? [];
  if (curves.length > 0) {
    out.push("## Lorenz curves", "");
    out.push(
      ...table(
        ["Curve", "System", "Points", "Gini"],
        curves.map((c) => {
          const g = lorenzGini(c.points);
          return [cell(c.name), c.system ?? "—", String(c.points.length), g === undefined ? "—" : g.toFixed(3)];
        }),
      ),
      "",
    );
  }

  out.push("## Timings", "");
  const timings = Object.entries(report.timings);
  if (timings.length === 0) out.push("_No timings recorded._", "");
  else
    out.push(
      ...table(
        ["Step", "Wall clock"],
        timings.map(([k, ms]) => [cell(k), formatMs(ms)]),
      ),
      "",
    );

  return out.join("\n");
}
