/** Text tables and JSON for replay reports. Pure (no Hardhat import). */
import { concentrationCells } from "../report/format";
import type { DistributionReplayReport } from "./distribution";
import type { ReplayVotesReport } from "./votes";

/** JSON with bigints as decimal strings, 2-space indented. */
export function replayToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

/** A plain text table: a header row, a rule, the rows; numbers right-aligned. */
export function replayTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,%/ ]*$/.test(r[i] ?? "")));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function ms(x: number | undefined): string {
  return x === undefined ? "-" : `${(x / 1000).toFixed(1)} s`;
}

/** The per-proposal summary table of a votes replay, the flips and the timings. */
export function formatVotesReplay(r: ReplayVotesReport): string {
  const q = (reached: boolean) => (reached ? "" : " (no quorum)");
  const rows = r.proposals.map((p) => [
    `${p.governor} ${p.proposalId}`,
    String(p.voters),
    p.recorded,
    p.outcome.baseline + q(p.result.baseline.quorumReached),
    p.outcome.polycentric + q(p.result.polycentric.quorumReached),
    p.flipped ? "FLIP" : "",
    `${p.nakamoto.baseline} / ${p.nakamoto.polycentric}`,
  ]);
  const out: string[] = [
    replayTable(["proposal", "voters", "recorded", "baseline", "polycentric", "flip", "Nakamoto base / poly"], rows),
  ];
  const flips = r.proposals.filter((p) => p.flipped);
  const flipList = flips.map((p) => `${p.governor} ${p.proposalId} (${p.outcome.baseline} → ${p.outcome.polycentric})`);
  out.push(
    "",
    `${r.proposals.length} proposals replayed; ${flips.length} outcome flip(s) ` +
      `(For vs Against, baseline → Polycentric)${flips.length > 0 ? `: ${flipList.join(", ")}` : ""}`,
  );
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const withVotes = r.proposals.filter((p) => p.voters > 0);
  out.push(
    `median Nakamoto coefficient of counted power: baseline ${med(withVotes.map((p) => p.nakamoto.baseline))}, ` +
      `Polycentric ${med(withVotes.map((p) => p.nakamoto.polycentric))}`,
  );
  const quorumChanged = r.proposals.filter(
    (p) => p.result.baseline.quorumReached !== p.result.polycentric.quorumReached,
  );
  if (quorumChanged.length > 0) out.push(`quorum differs between the systems on ${quorumChanged.length} proposal(s)`);
  const merged = r.proposals.reduce((s, p) => s + p.mergedVotes, 0);
  if (r.clusters.length > 0) {
    out.push("", "identity clusters (Polycentric):");
    for (const c of r.clusters) {
      if (c.voters.length === 0) {
        out.push(`  ${c.cluster}: ${c.members} addresses, none votes in the replay`);
        continue;
      }
      out.push(
        `  ${c.cluster}: ${c.members} addresses, ${c.voters.length} vote in the replay, ` +
          `${c.bound.length} bound to identity ${c.identity}` +
          (c.unbound.length > 0 ? `, ${c.unbound.length} unbound (identity full)` : "") +
          (c.duplicates.length > 0 ? `, ${c.duplicates.length} already in another cluster` : ""),
      );
    }
    out.push(`  ${merged} vote(s) merged into an identity that had already voted`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(
    "",
    `timings: load ${ms(r.timings.loadMs)}, network start ${ms(r.timings.networkMs)}, ` +
      `deploy + setup ${ms(r.timings.setupMs)} (${r.worlds.length} deployment(s)), ` +
      `proposals ${ms(r.timings.proposalsMs)}, total ${ms(r.timings.totalMs)}; ${r.transactions} transactions in ` +
      `${r.blocks} blocks (${r.timings.totalMs ? Math.round((r.transactions * 1000) / r.timings.totalMs) : 0} tx/s)`,
  );
  return out.join("\n");
}

/** The concentration table of a distribution replay and its timings. */
export function formatDistributionReplay(r: DistributionReplayReport): string {
  const out = [
    replayTable(
      ["counted power", "holders", "Nakamoto", "top-1", "top-10", "Gini", "HHI", "entropy"],
      [
        concentrationCells("baseline (raw)", r.metrics.baseline),
        concentrationCells("polycentric (√)", r.metrics.polycentric),
      ],
    ),
    "",
    ...r.slices.map(
      (x, i) =>
        `${r.slices.length > 1 ? `slice ${i + 1} (rows ${x.from}..${x.to}, ${x.holders} holders): ` : ""}proposal ` +
        `${x.result.baseline.state} on the baseline, ${x.result.polycentric.state} on Polycentric; ` +
        `${x.transactions} transactions in ${x.blocks} blocks; ` +
        Object.entries(x.timings)
          .map(([k, v]) => `${k.replace(/Ms$/, "")} ${ms(v)}`)
          .join(", "),
    ),
    `timings: ${Object.entries(r.timings)
      .map(([k, v]) => `${k.replace(/Ms$/, "")} ${ms(v)}`)
      .join(", ")}; ${r.transactions} transactions on ${r.workers} network(s) ` +
      `(${r.elapsedMs ? Math.round((r.transactions * 1000) / r.elapsedMs) : 0} tx/s)`,
  ];
  return out.join("\n");
}
