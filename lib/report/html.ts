import { SYSTEMS, type SimulationReport } from "../sim/types";
import { renderAttackChart, renderLorenzChart, renderNakamotoChart } from "./charts";
import {
  SYSTEM_LABEL,
  attackNote,
  escapeHtml as esc,
  formatMs,
  formatNumber,
  formatRate,
  hasRates,
  replayStats,
  variantRows,
} from "./format";

/** Everything inline: no script, no font, no stylesheet, no image is loaded, and the CSP forbids them anyway. */
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #1d1f23; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; }
p.lede { color: #4a4f57; margin: 0 0 18px; }
section { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 18px 20px; margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 20px; }
.card { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 10px 16px; min-width: 140px; }
.card b { display: block; font-size: 22px; }
.card span { color: #5b616b; font-size: 12px; }
.chart-wrap { overflow-x: auto; margin: 0 0 14px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 0 auto; }
svg.chart text { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 12px; fill: #2b2f36; }
svg.chart .chart-title { font-size: 16px; font-weight: 600; }
svg.chart .axis-label { font-size: 12.5px; fill: #3b4048; }
svg.chart .tick { font-size: 11px; fill: #555b64; }
svg.chart .tick.muted { fill: #9a9a9a; }
svg.chart .bar-value { font-size: 9.5px; fill: #333; }
svg.chart .replay-name { font-size: 10.5px; fill: #555; }
svg.chart .not-covered-label { font-size: 11px; fill: #6b6b6b; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #eceef1; }
th { background: #f3f4f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.not-covered td { color: #6b6f76; background: #fafafa; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11.5px; white-space: nowrap; }
.badge.covered { background: #e3f1ea; color: #1d6b43; }
.badge.not-covered { background: #ececec; color: #555; border: 1px dashed #aaa; }
.no-data { padding: 18px; border: 1px dashed #c5c9cf; border-radius: 6px; color: #5b616b; background: #fafbfc; text-align: center; }
details { margin-top: 10px; }
summary { cursor: pointer; color: #2859a8; }
footer { color: #7a8089; font-size: 12px; text-align: center; }
`;

function th(cells: string[], numeric: number[] = []): string {
  return `<tr>${cells.map((c, i) => `<th${numeric.includes(i) ? ` class="num"` : ""}>${esc(c)}</th>`).join("")}</tr>`;
}

function attacksTable(report: SimulationReport): string {
  if (report.attacks.length === 0) return "";
  const rows = report.attacks.map((a) => {
    const nc = a.status === "not covered";
    const badge = `<span class="badge ${nc ? "not-covered" : "covered"}">${esc(a.status)}</span>`;
    const rates = SYSTEMS.map(
      (s) => `<td>${nc ? "not covered" : hasRates(a) ? esc(formatRate(a.summary[s])) : "no runs"}</td>`,
    );
    return (
      `<tr class="attack-row${nc ? " not-covered" : ""}" data-attack="${esc(a.id)}"><td>${esc(a.id)}</td><td>${esc(a.title)}</td>` +
      `<td>${badge}</td>${rates.join("")}<td>${esc(attackNote(a))}</td><td>${esc(a.guarantee)}</td></tr>`
    );
  });
  const head = th([
    "ID",
    "Attack",
    "Status",
    `${SYSTEM_LABEL.baseline} success (95 % CI)`,
    `${SYSTEM_LABEL.polycentric} success (95 % CI)`,
    "Note",
    "Guarantee tested",
  ]);
  let html = `<table class="attacks"><thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
  const variants = variantRows(report.attacks);
  if (variants.length > 0) {
    const vhead = th([
      "ID",
      "Variant",
      `${SYSTEM_LABEL.baseline} success (95 % CI)`,
      `${SYSTEM_LABEL.polycentric} success (95 % CI)`,
    ]);
    const vrows = variants.map(
      (v) =>
        `<tr class="variant-row"><td>${esc(v.attack.id)}</td><td>${esc(v.variant)}${v.primary ? " <b>(headline)</b>" : ""}</td>` +
        SYSTEMS.map((s) => `<td>${esc(formatRate(v.summary[s]))}</td>`).join("") +
        `</tr>`,
    );
    html += `<details><summary>Variants: ${variants.length} rows (the headline variant's rates are the ones charted)</summary>`;
    html += `<table class="variants"><thead>${vhead}</thead><tbody>${vrows.join("")}</tbody></table></details>`;
  }
  return html;
}

function replaysTable(report: SimulationReport): string {
  if (report.replays.length === 0) return "";
  const med = (x: number | undefined) => (x === undefined ? "—" : formatNumber(x));
  const rows = report.replays.map((r) => {
    const s = replayStats(r);
    return (
      `<tr class="replay-row"><td>${esc(r.name)}</td><td>${esc(r.source)}</td><td class="num">${s.proposals}</td>` +
      `<td class="num">${s.flips}</td><td class="num">${med(s.medianNakamoto.baseline)}</td>` +
      `<td class="num">${med(s.medianNakamoto.polycentric)}</td><td class="num">${esc(formatMs(r.elapsedMs))}</td></tr>`
    );
  });
  const head = th(
    [
      "Replay",
      "Source",
      "Proposals",
      "Outcome flips",
      "Median Nakamoto (baseline)",
      "Median Nakamoto (Polycentric)",
      "Time",
    ],
    [2, 3, 4, 5, 6],
  );
  let html = `<table class="replays"><thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
  for (const r of report.replays) {
    if (r.proposals.length === 0) continue;
    const prow = r.proposals.map(
      (p) =>
        `<tr${p.flipped ? ` class="flipped"` : ""}><td>${esc(p.dao)}</td><td>${esc(p.proposalId)}</td><td class="num">${p.voters}</td>` +
        `<td>${esc(p.recorded)}</td><td>${esc(p.outcome.baseline)}</td><td>${esc(p.outcome.polycentric)}</td>` +
        `<td class="num">${esc(String(p.nakamoto.baseline))}</td><td class="num">${esc(String(p.nakamoto.polycentric))}</td>` +
        `<td>${p.flipped ? "yes" : ""}</td></tr>`,
    );
    const phead = th(
      [
        "DAO",
        "Proposal",
        "Voters",
        "Recorded",
        "Baseline",
        "Polycentric",
        "Nakamoto (baseline)",
        "Nakamoto (Polycentric)",
        "Flipped",
      ],
      [2, 6, 7],
    );
    html += `<details><summary>${esc(r.name)}: ${r.proposals.length} proposal${r.proposals.length === 1 ? "" : "s"}</summary>`;
    html += `<table class="proposals"><thead>${phead}</thead><tbody>${prow.join("")}</tbody></table></details>`;
  }
  return html;
}

function timingsTable(report: SimulationReport): string {
  const entries = Object.entries(report.timings);
  if (entries.length === 0) return `<p class="no-data">No timings recorded.</p>`;
  const rows = entries.map(([k, ms]) => `<tr><td>${esc(k)}</td><td class="num">${esc(formatMs(ms))}</td></tr>`);
  return `<table class="timings"><thead>${th(["Step", "Wall clock"], [1])}</thead><tbody>${rows.join("")}</tbody></table>`;
}

/** reports/summary.html: one self-contained page (inline CSS and SVG, no script), readable offline. Pure. */
export function renderHtml(report: SimulationReport): string {
  const covered = report.attacks.filter((a) => a.status === "covered").length;
  const proposals = report.replays.reduce((k, r) => k + r.proposals.length, 0);
  const flips = report.replays.reduce((k, r) => k + r.proposals.filter((p) => p.flipped).length, 0);
  const cards: [string, string][] = [
    [`${covered}/${report.attacks.length}`, "attacks covered"],
    [String(report.attacks.length - covered), "attacks not covered"],
    [String(report.parameters.seeds), "seeds per attack"],
    [
      String(proposals),
      `replayed proposals (${report.replays.length} replay${report.replays.length === 1 ? "" : "s"})`,
    ],
    [String(flips), "outcome flips"],
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Polycentric simulation report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Polycentric simulation report</h1>
<p class="lede">Baseline vs Polycentric, deployed with the same parameters · clock mode ${esc(report.parameters.clockMode)}.
Rates are the attacker's success rate over the seeds (lower is better) with 95 % Wilson score intervals.
A <i>not covered</i> attack has not been run against Polycentric yet: it is neither passed nor failed.</p>
<div class="cards">${cards.map(([v, l]) => `<div class="card"><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join("")}</div>

<section id="attacks">
<h2>Attacks</h2>
<div class="chart-wrap">${renderAttackChart(report.attacks)}</div>
${attacksTable(report)}
</section>

<section id="replays">
<h2>Real-DAO replays</h2>
<div class="chart-wrap">${renderNakamotoChart(report.replays)}</div>
${replaysTable(report)}
</section>

<section id="lorenz">
<h2>Distribution of counted power</h2>
<div class="chart-wrap">${renderLorenzChart(report.lorenz)}</div>
</section>

<section id="timings">
<h2>Timings</h2>
${timingsTable(report)}
</section>
<footer>Generated by lib/report from a SimulationReport · self-contained page, no scripts.</footer>
</main>
</body>
</html>
`;
}
