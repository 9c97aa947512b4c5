/** The authority audit as Markdown, JSON (bigints as strings) and a self-contained HTML page with an SVG chart. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { concentrationCells, escapeHtml, escapeMarkdownCell } from "../report/format";
import { formatDuration } from "../time";
import type { AuditReport, ExecutionPath } from "./analyze";

function when(expiry: bigint | null): string {
  return expiry === null ? "never" : new Date(Number(expiry) * 1000).toISOString().replace(".000Z", "Z");
}

function parties(p: ExecutionPath): string {
  return p.parties === null ? "blocked" : p.parties === 0 ? "anyone" : String(p.parties);
}

const METRIC_HEAD = [
  "electorate",
  "units",
  "Nakamoto (> 50 %)",
  "top-1 share",
  "top-10 share",
  "Gini",
  "HHI",
  "entropy (bits)",
];

function summaryLines(r: AuditReport): string[] {
  const s = r.suite;
  const lines = [`chain ${s.chainId}, block ${s.blockNumber}, time ${when(s.timestamp)}`];
  if (s.governor === null || s.timelock === null || s.token === null) {
    lines.push(`no governor: ${s.contracts.map((c) => `${c.label} ${c.address}`).join(", ")}`);
    return lines;
  }
  lines.push(
    `governor "${s.governor.name}" ${s.governor.address}; counting ${s.governor.countingMode}` +
      `${s.governor.capped ? " (capped: countedVotes)" : ""}; clock ${s.governor.clockMode}` +
      (s.governor.quadratic && s.governor.splittable
        ? "; not sybil-resistant: holdings split across addresses, so the audit counts raw power per address"
        : ""),
    `timelock ${s.timelock.address}, min delay ${s.timelock.minDelay} s; token ${s.token.symbol} ${s.token.address}`,
    s.registry
      ? `identity registry ${s.registry.address}: ${s.registry.attesters.length} attester(s), sybil-resistant: ${s.governor.sybilResistant}`
      : "no identity registry",
    s.guardrails
      ? `guardrails ${s.guardrails.address}: ${s.guardrails.rules.length} bounded parameter(s), ` +
          `${s.guardrails.metaRules.length} meta-governance registry entr(ies), super-quorum ` +
          `${Number(s.guardrails.superQuorumBps) / 100} %, at most ${s.guardrails.maxActions} actions`
      : "no guardrails policy: parameters unbounded, no meta-governance path, no spam limits, no code pinning",
    s.disputes
      ? `disputes ${s.disputes.address} (found from the governor): committee ${s.disputes.committee?.address ?? "none"}` +
          ` (${s.disputes.committee?.seats.length ?? 0} seat(s)), guardian ${s.disputes.guardian ?? "none"}, ` +
          `referendum ${s.disputes.referendum ?? "none"}, ${s.disputes.hooks.length} hook(s)`
      : "no dispute contracts bound to the governor",
    `seats expiring more than ${formatDuration(s.maxSeatTerm)} ahead (the longest term the contracts grant) count ` +
      "as unbounded",
  );
  return lines;
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(" | ")} |`;
  return [line(head), `| ${head.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

export function renderAuditMarkdown(r: AuditReport): string {
  const out = ["# Polycentric authority audit", "", ...summaryLines(r).map((l) => `- ${l}`), ""];
  out.push(`**Result: ${r.exitCode === 0 ? "PASS" : "FAIL"}** (${r.findings.length} finding(s))`, "");
  for (const f of r.findings) out.push(`- ${f}`);
  out.push("", "## Paths to execution", "");
  out.push(
    table(
      ["path", "what it can do", "parties who must agree", "expiry", "flagged", "detail"],
      r.paths.map((p) => [p.name, p.how, parties(p), when(p.expiry), p.flagged ? "**yes**" : "no", p.detail]),
    ),
  );
  out.push("", "## Privileged roles", "");
  out.push(
    table(
      ["contract", "power", "holder", "holder is", "expiry"],
      r.authorities.map((a) => [a.contract, a.power, a.holder, a.holderKind, when(a.expiry)]),
    ),
  );
  if (r.suite.guardrails) {
    const gr = r.suite.guardrails;
    out.push("", "## Guardrails", "");
    out.push(
      `Policy ${gr.address}: one change per parameter per ${gr.changeInterval} clock units, each at most ×2 / ÷2; ` +
        `meta-governance proposals need ${Number(gr.superQuorumBps) / 100} % of the supply in raw For votes; at most ` +
        `${gr.maxActions} actions and one live proposal per proposer; target code hashes pinned at creation.`,
      "",
    );
    out.push(
      table(
        ["parameter", "setter", "min", "max", "last change", "current"],
        gr.rules.map((x) => [
          x.name,
          x.setter,
          String(x.min),
          String(x.max),
          x.lastChange === 0n ? "never" : String(x.lastChange),
          x.value === null ? "?" : String(x.value),
        ]),
      ),
    );
    out.push("", "Meta-governance registry (besides the governor, the timelock and the policy):", "");
    out.push(
      gr.metaRules.length === 0
        ? "- none"
        : gr.metaRules
            .map((m) => `- ${m.target} ${m.selector === "0xffffffff" ? "(every call)" : m.selector}`)
            .join("\n"),
    );
  }
  out.push("", "## Counted-power distribution", "");
  out.push(
    table(METRIC_HEAD, [
      concentrationCells("current (delegated votes)", r.electorate.current),
      concentrationCells("potential (every holder self-delegated)", r.electorate.potential),
    ]),
  );
  out.push("", `Units reaching the quorum unopposed: ${r.electorate.quorumCoalition ?? "none"}.`, "");
  return out.join("\n");
}

export function renderAuditJson(r: AuditReport): string {
  return JSON.stringify(
    r,
    (_key, value: unknown) => {
      if (typeof value === "bigint") return value.toString();
      if (value instanceof Map)
        return Object.fromEntries([...value.entries()].map(([k, v]) => [k, v instanceof Set ? [...v] : v]));
      if (value instanceof Set) return [...value];
      return value;
    },
    2,
  );
}

/** Horizontal bars: parties per path (flagged paths in red, blocked paths omitted). */
export function renderPartiesChart(paths: readonly ExecutionPath[]): string {
  const shown = paths.filter((p) => p.parties !== null);
  const max = Math.max(2, ...shown.map((p) => p.parties!));
  const rowH = 22;
  const left = 300;
  const width = 720;
  const height = 30 + rowH * shown.length;
  const bars = shown.map((p, i) => {
    const y = 20 + i * rowH;
    const w = Math.max(2, ((width - left - 60) * p.parties!) / max);
    const color = p.flagged ? "#D55E00" : "#0072B2";
    const label = p.name.length > 44 ? `${p.name.slice(0, 43)}…` : p.name;
    return (
      `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12">${escapeHtml(label)}</text>` +
      `<rect x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}"/>` +
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + 14}" font-size="12">${escapeHtml(parties(p))}</text>`
    );
  });
  return (
    `<svg id="chart-parties" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="distinct parties who must agree, per path">` +
    `<text x="${left}" y="12" font-size="12">distinct parties who must agree (red: single party, no expiry)</text>` +
    bars.join("") +
    "</svg>"
  );
}

export function renderAuditHtml(r: AuditReport): string {
  const htmlTable = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") +
    "</tbody></table>";
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"/><title>Polycentric authority audit</title>',
    "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}" +
      "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:left}.fail{color:#b00}.pass{color:#070}</style>",
    "</head><body>",
    "<h1>Polycentric authority audit</h1>",
    `<ul>${summaryLines(r)
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join("")}</ul>`,
    `<p class="${r.exitCode === 0 ? "pass" : "fail"}"><strong>Result: ${r.exitCode === 0 ? "PASS" : "FAIL"}</strong> ` +
      `(${r.findings.length} finding(s))</p>`,
    `<ul id="findings">${r.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>`,
    "<h2>Paths to execution</h2>",
    renderPartiesChart(r.paths),
    htmlTable(
      ["path", "what it can do", "parties", "expiry", "flagged", "detail"],
      r.paths.map((p) => [p.name, p.how, parties(p), when(p.expiry), p.flagged ? "yes" : "no", p.detail]),
    ),
    "<h2>Privileged roles</h2>",
    htmlTable(
      ["contract", "power", "holder", "holder is", "expiry"],
      r.authorities.map((a) => [a.contract, a.power, a.holder, a.holderKind, when(a.expiry)]),
    ),
    "<h2>Counted-power distribution</h2>",
    htmlTable(METRIC_HEAD, [
      concentrationCells("current (delegated votes)", r.electorate.current),
      concentrationCells("potential (every holder self-delegated)", r.electorate.potential),
    ]),
    "</body></html>",
    "",
  ].join("\n");
}

export interface AuditPaths {
  markdown: string;
  json: string;
  html: string;
}

/** Writes `<dir>/<name>.md|.json|.html` and returns the paths. */
export function writeAuditReports(r: AuditReport, dir: string, name = "audit"): AuditPaths {
  mkdirSync(dir, { recursive: true });
  const paths = {
    markdown: path.join(dir, `${name}.md`),
    json: path.join(dir, `${name}.json`),
    html: path.join(dir, `${name}.html`),
  };
  writeFileSync(paths.markdown, renderAuditMarkdown(r));
  writeFileSync(paths.json, renderAuditJson(r));
  writeFileSync(paths.html, renderAuditHtml(r));
  return paths;
}

/** The terminal summary: findings, then one line per path. */
export function formatAuditSummary(r: AuditReport): string {
  const lines = [...summaryLines(r), ""];
  const w = Math.max(...r.paths.map((p) => p.name.length), 4);
  lines.push(`${"path".padEnd(w)}  parties  expiry                flagged`);
  for (const p of r.paths) {
    lines.push(
      `${p.name.padEnd(w)}  ${parties(p).padEnd(7)}  ${when(p.expiry).padEnd(20)}  ${p.flagged ? "YES" : "no"}`,
    );
  }
  const c = r.electorate.current;
  if (r.suite.governor !== null) {
    lines.push(
      "",
      `counted power now: ${c.holders} units, Nakamoto ${c.nakamoto}, top-1 ${c.top1Share.toFixed(3)}, Gini ${c.gini.toFixed(3)}`,
    );
  }
  lines.push(r.findings.length === 0 ? "no findings: PASS" : `${r.findings.length} finding(s): FAIL`);
  for (const f of r.findings) lines.push(`  - ${f}`);
  return lines.join("\n");
}
