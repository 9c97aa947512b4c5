/**
 * Inline SVG charts for reports/summary.html, generated as strings (no chart library, no script). Every chart has a
 * stable id, a visible title, axis labels and a legend, an accessible <title>/<desc>, and class names a test can count:
 *   #chart-attacks  rect.bar.bar-baseline / rect.bar.bar-polycentric (one per covered attack each), g.whisker,
 *                   rect.bar-not-covered (one per attack without rates);
 *   #chart-nakamoto .point.point-baseline / .point.point-polycentric (one per replayed proposal each);
 *   #chart-lorenz   path.lorenz-curve (one per curve, data-points = points drawn), line.equality.
 * A chart without data is replaced by a <p class="no-data" data-chart="<id>"> note.
 */
import { SYSTEMS, type AttackReport, type LorenzCurve, type ReplayReport, type SystemName } from "../sim/types";
import { SYSTEM_LABEL, clampUnit, escapeHtml as esc, formatRate, hasRates, lorenzGini, lorenzPath } from "./format";

export const CHART_IDS = { attacks: "chart-attacks", nakamoto: "chart-nakamoto", lorenz: "chart-lorenz" } as const;

/** Okabe–Ito colours (safe for the common colour-vision deficiencies). */
export const SYSTEM_COLOR: Record<SystemName, string> = { baseline: "#D55E00", polycentric: "#0072B2" };
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933"];
const GREY = "#8a8a8a";
const AXIS = "#444";
const GRID = "#e3e3e3";
/** Rough advance width of a character at 12 px, for layout only. */
const CHAR_W = 6.6;

/** Coordinates with one decimal keep the markup short and stable. */
const n = (x: number): string => String(Math.round(x * 10) / 10);

function truncate(text: string, maxChars: number): string {
  if (maxChars < 2) return "";
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

interface Frame {
  width: number;
  height: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function frame(plotW: number, plotH: number, m: { left: number; right: number; top: number; bottom: number }): Frame {
  return {
    width: m.left + plotW + m.right,
    height: m.top + plotH + m.bottom,
    x0: m.left,
    x1: m.left + plotW,
    y0: m.top,
    y1: m.top + plotH,
  };
}

function svgOpen(id: string, f: Frame, title: string, desc: string, attrs: Record<string, string | number>): string {
  const extra = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join("");
  return (
    `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f.width} ${f.height}" ` +
    `width="${f.width}" height="${f.height}" role="img" aria-labelledby="${id}-title ${id}-desc"${extra}>\n` +
    `<title id="${id}-title">${esc(title)}</title>\n<desc id="${id}-desc">${esc(desc)}</desc>\n` +
    `<text class="chart-title" x="${n(f.width / 2)}" y="24" text-anchor="middle">${esc(title)}</text>\n`
  );
}

function axisLabels(f: Frame, xLabel: string, yLabel: string): string {
  const midY = (f.y0 + f.y1) / 2;
  return (
    `<text class="axis-label" x="${n((f.x0 + f.x1) / 2)}" y="${n(f.y1 + 44)}" text-anchor="middle">${esc(xLabel)}</text>\n` +
    `<text class="axis-label" transform="translate(16 ${n(midY)}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>\n`
  );
}

/** Horizontal grid lines, y tick labels and the two axis lines. */
function yAxis(f: Frame, ticks: number[], y: (v: number) => number, label: (v: number) => string): string {
  let s = `<g class="y-axis">`;
  for (const t of ticks) {
    const yy = n(y(t));
    s += `<line x1="${f.x0}" x2="${f.x1}" y1="${yy}" y2="${yy}" stroke="${GRID}"/>`;
    s += `<text class="tick" x="${f.x0 - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(label(t))}</text>`;
  }
  s += `</g>\n<g class="axes" stroke="${AXIS}"><line x1="${f.x0}" x2="${f.x0}" y1="${f.y0}" y2="${f.y1}"/>`;
  s += `<line x1="${f.x0}" x2="${f.x1}" y1="${f.y1}" y2="${f.y1}"/></g>\n`;
  return s;
}

type LegendItem = { label: string; swatch: string };

/** A legend row starting at (x, y): each item is a 14 × 14 swatch (SVG drawn at the origin) and its label. */
function legendRow(items: LegendItem[], x: number, y: number): string {
  let s = `<g class="legend" transform="translate(${n(x)} ${n(y)})">`;
  let cx = 0;
  for (const it of items) {
    s += `<g class="legend-item" transform="translate(${n(cx)} 0)">${it.swatch}`;
    s += `<text x="20" y="7" dominant-baseline="middle">${esc(it.label)}</text></g>`;
    cx += 20 + it.label.length * CHAR_W + 22;
  }
  return s + `</g>\n`;
}

function legendWidth(items: LegendItem[]): number {
  return items.reduce((w, it) => w + 20 + it.label.length * CHAR_W + 22, -22);
}

const HATCH_DEFS =
  `<defs><pattern id="hatch-not-covered" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
  `<rect width="6" height="6" fill="#f0f0f0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#cfcfcf" stroke-width="2"/></pattern></defs>\n`;

function noData(id: string, message: string): string {
  return `<p class="no-data" data-chart="${id}">${esc(message)}</p>`;
}

/** (a) Attack success rate, baseline vs Polycentric: grouped bars with 95 % Wilson whiskers. */
export function renderAttackChart(attacks: readonly AttackReport[]): string {
  const id = CHART_IDS.attacks;
  if (attacks.length === 0) return noData(id, "No attacks in this run: nothing to chart.");

  const count = attacks.length;
  const groupTarget = count <= 10 ? 72 : 46;
  const f = frame(Math.max(count * groupTarget, 680), 260, { left: 72, right: 24, top: 84, bottom: 62 });
  const gw = (f.x1 - f.x0) / count;
  const barW = Math.min(30, gw * 0.34);
  const y = (rate: number) => f.y1 - clampUnit(rate) * (f.y1 - f.y0);

  const covered = attacks.filter(hasRates);
  const bars = covered.length * SYSTEMS.length;
  const desc =
    `Attacker success rate per attack (${count} attacks, ${covered.length} with results, ` +
    `${count - covered.length} not covered or without runs), ${SYSTEM_LABEL.baseline} and ${SYSTEM_LABEL.polycentric} ` +
    `side by side with 95 % Wilson intervals. ` +
    covered
      .map((a) => `${a.id}: ${SYSTEMS.map((s) => `${SYSTEM_LABEL[s]} ${formatRate(a.summary[s])}`).join("; ")}.`)
      .join(" ");

  let s = svgOpen(id, f, "Attack success rate: baseline vs Polycentric", desc, {
    "data-points": bars,
    "data-attacks": count,
    "data-not-covered": count - covered.length,
  });
  s += HATCH_DEFS;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  s += yAxis(f, ticks, y, (t) => `${Math.round(t * 100)} %`);

  attacks.forEach((a, i) => {
    const gx = f.x0 + i * gw;
    const cx = gx + gw / 2;
    const maxChars = Math.floor(gw / CHAR_W);
    s += `<g class="attack" data-attack="${esc(a.id)}" data-status="${esc(a.status)}">`;
    if (hasRates(a)) {
      SYSTEMS.forEach((sys, k) => {
        const r = a.summary[sys];
        const bx = k === 0 ? cx - barW - 1.5 : cx + 1.5;
        const top = y(r.rate);
        // A zero rate still shows a 1.5 px stub so the bar visibly exists.
        const h = Math.max(f.y1 - top, 1.5);
        const tip = `${a.id} ${a.title}: ${SYSTEM_LABEL[sys]} ${formatRate(r)}`;
        s += `<rect class="bar bar-${sys}" data-system="${sys}" data-rate="${clampUnit(r.rate)}" x="${n(bx)}" y="${n(f.y1 - h)}" `;
        s += `width="${n(barW)}" height="${n(h)}" fill="${SYSTEM_COLOR[sys]}"><title>${esc(tip)}</title></rect>`;
        const [lo, hi] = [y(r.wilson95[0]), y(r.wilson95[1])];
        const wx = bx + barW / 2;
        if (r.runs > 0) {
          const cap = Math.min(5, barW / 3);
          s += `<g class="whisker" stroke="#1a1a1a" stroke-width="1.3">`;
          s += `<line x1="${n(wx)}" x2="${n(wx)}" y1="${n(lo)}" y2="${n(hi)}"/>`;
          s += `<line x1="${n(wx - cap)}" x2="${n(wx + cap)}" y1="${n(lo)}" y2="${n(lo)}"/>`;
          s += `<line x1="${n(wx - cap)}" x2="${n(wx + cap)}" y1="${n(hi)}" y2="${n(hi)}"/></g>`;
        }
        const labelY = Math.min(top, hi) - 5;
        s += `<text class="bar-value" x="${n(wx)}" y="${n(labelY)}" text-anchor="middle">${Math.round(clampUnit(r.rate) * 100)}%</text>`;
      });
      s += `<text class="tick" x="${n(cx)}" y="${f.y1 + 16}" text-anchor="middle">${esc(truncate(a.id, maxChars))}<title>${esc(`${a.id} ${a.title}`)}</title></text>`;
    } else {
      const label = a.status === "not covered" ? "not covered" : "no runs";
      const why =
        a.status === "not covered"
          ? `not covered: ${a.reason ?? "no reason given"}`
          : "covered, but no runs were recorded";
      const w = Math.min(gw * 0.7, 2 * barW + 3);
      s += `<rect class="bar-not-covered" x="${n(cx - w / 2)}" y="${f.y0}" width="${n(w)}" height="${f.y1 - f.y0}" `;
      s += `fill="url(#hatch-not-covered)" stroke="#c4c4c4"><title>${esc(`${a.id} ${a.title}: ${why}`)}</title></rect>`;
      const my = (f.y0 + f.y1) / 2;
      s += `<text class="not-covered-label" transform="translate(${n(cx)} ${n(my)}) rotate(-90)" text-anchor="middle" dominant-baseline="middle" fill="#666">${label}</text>`;
      s += `<text class="tick muted" x="${n(cx)}" y="${f.y1 + 16}" text-anchor="middle">${esc(truncate(a.id, maxChars))}<title>${esc(`${a.id} ${a.title}`)}</title></text>`;
    }
    s += `</g>\n`;
  });

  const legend: LegendItem[] = [
    ...SYSTEMS.map((sys) => ({
      label: SYSTEM_LABEL[sys],
      swatch: `<rect width="14" height="14" fill="${SYSTEM_COLOR[sys]}"/>`,
    })),
    {
      label: "95 % Wilson CI",
      swatch: `<g stroke="#1a1a1a" stroke-width="1.3"><line x1="7" x2="7" y1="0" y2="14"/><line x1="3" x2="11" y1="0" y2="0"/><line x1="3" x2="11" y1="14" y2="14"/></g>`,
    },
    { label: "not covered", swatch: `<rect width="14" height="14" fill="url(#hatch-not-covered)" stroke="#c4c4c4"/>` },
  ];
  s += legendRow(legend, Math.max(f.x0, (f.width - legendWidth(legend)) / 2), 40);
  s += axisLabels(f, "Attack (THREATS.md id)", "Attacker success rate");
  return s + `</svg>`;
}

/** Smallest 1, 2 or 5 × 10^k integer step that splits [0, max] into at most `parts` intervals. */
function integerStep(max: number, parts: number): number {
  const raw = Math.max(1, max / parts);
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return Math.max(1, m * mag);
  return Math.max(1, 10 * mag);
}

/** (b) Nakamoto coefficient of every replayed proposal under each system, in replay order. */
export function renderNakamotoChart(replays: readonly ReplayReport[]): string {
  const id = CHART_IDS.nakamoto;
  const rows = replays.flatMap((r, ri) => r.proposals.map((p) => ({ r, ri, p })));
  if (rows.length === 0) return noData(id, "No replayed proposals in this run: nothing to chart.");

  const count = rows.length;
  const f = frame(Math.min(Math.max(count * 34, 680), 1000), 260, { left: 72, right: 24, top: 84, bottom: 62 });
  const step = (f.x1 - f.x0) / count;
  const x = (i: number) => f.x0 + (i + 0.5) * step;
  const finite = (v: number) => (Number.isFinite(v) ? Math.max(0, v) : 0);
  const maxValue = Math.max(1, ...rows.flatMap(({ p }) => SYSTEMS.map((s) => finite(p.nakamoto[s]))));
  const yStep = integerStep(maxValue, 5);
  const yMax = Math.ceil(maxValue / yStep) * yStep;
  const y = (v: number) => f.y1 - (finite(v) / yMax) * (f.y1 - f.y0);
  const flips = rows.filter(({ p }) => p.flipped).length;

  const desc =
    `Nakamoto coefficient (smallest number of voters holding more than half of the counted power) of ${count} ` +
    `replayed proposals from ${replays.length} replay${replays.length === 1 ? "" : "s"}, ${SYSTEM_LABEL.baseline} ` +
    `(circles) and ${SYSTEM_LABEL.polycentric} (diamonds); ${flips} outcome${flips === 1 ? "" : "s"} flipped (shaded).`;
  let s = svgOpen(id, f, "Nakamoto coefficient per replayed proposal", desc, { "data-points": count * SYSTEMS.length });
  const ticks: number[] = [];
  for (let t = 0; t <= yMax; t += yStep) ticks.push(t);

  // Shading for flipped outcomes goes under the grid and the series.
  rows.forEach(({ p }, i) => {
    if (!p.flipped) return;
    s += `<rect class="flip-band" x="${n(f.x0 + i * step)}" y="${f.y0}" width="${n(step)}" height="${f.y1 - f.y0}" fill="#fbe3e3"/>`;
  });
  s += yAxis(f, ticks, y, (t) => String(t));

  // Replay boundaries and names above the plot area.
  let start = 0;
  replays.forEach((r, ri) => {
    if (r.proposals.length === 0) return;
    const gx = f.x0 + start * step;
    const gw = r.proposals.length * step;
    if (start > 0)
      s += `<line class="replay-sep" x1="${n(gx)}" x2="${n(gx)}" y1="${f.y0 - 14}" y2="${f.y1}" stroke="#999" stroke-dasharray="4 3"/>`;
    s += `<text class="replay-name" x="${n(gx + 4)}" y="${f.y0 - 6}" data-replay="${ri}">${esc(truncate(r.name, Math.floor((gw - 6) / 6)))}<title>${esc(`${r.name} (${r.source})`)}</title></text>`;
    start += r.proposals.length;
  });

  const tickEvery = Math.max(1, Math.ceil(count / 20));
  s += `<g class="x-ticks">`;
  rows.forEach((_row, i) => {
    if (i % tickEvery === 0 || i === count - 1)
      s += `<text class="tick" x="${n(x(i))}" y="${f.y1 + 16}" text-anchor="middle">${i + 1}</text>`;
  });
  s += `</g>\n`;

  for (const sys of SYSTEMS) {
    const color = SYSTEM_COLOR[sys];
    if (count > 1) {
      const pts = rows.map(({ p }, i) => `${n(x(i))},${n(y(p.nakamoto[sys]))}`).join(" ");
      s += `<polyline class="series series-${sys}" points="${pts}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.55"/>\n`;
    }
    s += `<g class="points points-${sys}">`;
    rows.forEach(({ r, p }, i) => {
      const px = x(i);
      const py = y(p.nakamoto[sys]);
      const tip = `${r.name} · ${p.dao} proposal ${p.proposalId}: ${SYSTEM_LABEL[sys]} Nakamoto ${p.nakamoto[sys]}, outcome ${p.outcome[sys]} (recorded ${p.recorded})${p.flipped ? ", flipped" : ""}`;
      const common = `class="point point-${sys}" data-value="${esc(String(p.nakamoto[sys]))}"`;
      if (sys === "baseline") {
        s += `<circle ${common} cx="${n(px)}" cy="${n(py)}" r="4.5" fill="${color}"><title>${esc(tip)}</title></circle>`;
      } else {
        const d = 5.5;
        s += `<polygon ${common} points="${n(px)},${n(py - d)} ${n(px + d)},${n(py)} ${n(px)},${n(py + d)} ${n(px - d)},${n(py)}" `;
        s += `fill="#fff" stroke="${color}" stroke-width="2"><title>${esc(tip)}</title></polygon>`;
      }
    });
    s += `</g>\n`;
  }

  const legend: LegendItem[] = [
    { label: SYSTEM_LABEL.baseline, swatch: `<circle cx="7" cy="7" r="4.5" fill="${SYSTEM_COLOR.baseline}"/>` },
    {
      label: SYSTEM_LABEL.polycentric,
      swatch: `<polygon points="7,1.5 12.5,7 7,12.5 1.5,7" fill="#fff" stroke="${SYSTEM_COLOR.polycentric}" stroke-width="2"/>`,
    },
  ];
  if (flips > 0)
    legend.push({ label: "outcome flipped", swatch: `<rect width="14" height="14" fill="#fbe3e3" stroke="#e6b8b8"/>` });
  s += legendRow(legend, Math.max(f.x0, (f.width - legendWidth(legend)) / 2), 40);
  s += axisLabels(f, "Replayed proposal (#, in replay order)", "Nakamoto coefficient");
  return s + `</svg>`;
}

/** Curves with at most this many points are drawn as given; longer ones are thinned evenly (endpoints kept). */
const MAX_LORENZ_POINTS = 1500;

function thin(points: [number, number][]): [number, number][] {
  if (points.length <= MAX_LORENZ_POINTS) return points;
  const stride = (points.length - 1) / (MAX_LORENZ_POINTS - 1);
  return Array.from({ length: MAX_LORENZ_POINTS }, (_, i) => points[Math.round(i * stride)]);
}

/** Curve colours: a system's own colour for its first curve, then the palette, never a colour twice while any is free. */
function lorenzColors(curves: readonly LorenzCurve[]): string[] {
  const used = new Set<string>();
  const colors = curves.map((c) => {
    if (c.system && !used.has(SYSTEM_COLOR[c.system])) {
      used.add(SYSTEM_COLOR[c.system]);
      return SYSTEM_COLOR[c.system];
    }
    return undefined;
  });
  let k = 0;
  return colors.map((c) => {
    if (c) return c;
    const free = PALETTE.find((p) => !used.has(p));
    const pick = free ?? PALETTE[k++ % PALETTE.length];
    used.add(pick);
    return pick;
  });
}

/** (c) Lorenz curves of counted power, with the line of perfect equality. */
export function renderLorenzChart(curves: readonly LorenzCurve[] | undefined): string {
  const id = CHART_IDS.lorenz;
  const list = (curves ?? []).filter((c) => c.points.length > 0);
  if (list.length === 0) return noData(id, "No Lorenz curve data in this run: nothing to chart.");

  const side = 400;
  const legendW = 340;
  const rowH = 22;
  const plotTop = 52;
  const legendRows = list.length + 1;
  const bottom = Math.max(64, plotTop + legendRows * rowH - side + 24);
  const f = frame(side, side, { left: 72, right: legendW + 24, top: plotTop, bottom });
  const x = (v: number) => f.x0 + clampUnit(v) * side;
  const y = (v: number) => f.y1 - clampUnit(v) * side;
  const colors = lorenzColors(list);
  const dash = (c: LorenzCurve) => (c.system === "baseline" ? ` stroke-dasharray="7 4"` : "");
  const label = (c: LorenzCurve) => (c.system ? `${SYSTEM_LABEL[c.system]}: ${c.name}` : c.name);

  const desc =
    `Lorenz curves of counted power for ${list.length} distribution${list.length === 1 ? "" : "s"}: cumulative share ` +
    `of holders (x, poorest first) against cumulative share of power (y); the diagonal is perfect equality. ` +
    list
      .map((c) => {
        const g = lorenzGini(c.points);
        return `${label(c)}: ${c.points.length} points${g === undefined ? "" : `, Gini ${g.toFixed(3)}`}.`;
      })
      .join(" ");
  let s = svgOpen(id, f, "Lorenz curves of counted voting power", desc, { "data-points": list.length });

  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  s += yAxis(f, ticks, y, (t) => `${Math.round(t * 100)} %`);
  s += `<g class="x-ticks">`;
  for (const t of ticks) {
    const xx = n(x(t));
    s += `<line x1="${xx}" x2="${xx}" y1="${f.y0}" y2="${f.y1}" stroke="${GRID}"/>`;
    s += `<text class="tick" x="${xx}" y="${f.y1 + 16}" text-anchor="middle">${Math.round(t * 100)} %</text>`;
  }
  s += `</g>\n`;
  s += `<line class="equality" x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="${GREY}" stroke-width="1.2" stroke-dasharray="3 3"/>\n`;

  list.forEach((c, i) => {
    const pts = thin(lorenzPath(c.points));
    const d = pts.map(([px, py], k) => `${k === 0 ? "M" : "L"}${n(x(px))} ${n(y(py))}`).join(" ");
    s += `<path class="lorenz-curve${c.system ? ` lorenz-${c.system}` : ""}" data-points="${pts.length}" data-name="${esc(c.name)}" `;
    s += `d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2.2" stroke-linejoin="round"${dash(c)}><title>${esc(label(c))}</title></path>\n`;
  });

  // Legend: one row per curve to the right of the plot, with its Gini coefficient.
  const lx = f.x1 + 24;
  const maxChars = Math.floor((legendW - 34) / CHAR_W);
  s += `<g class="legend" transform="translate(${lx} ${f.y0})">`;
  s += `<g class="legend-item"><line x1="0" x2="24" y1="7" y2="7" stroke="${GREY}" stroke-width="1.2" stroke-dasharray="3 3"/>`;
  s += `<text x="32" y="7" dominant-baseline="middle">perfect equality</text></g>`;
  list.forEach((c, i) => {
    const g = lorenzGini(c.points);
    // The name gives way to the Gini coefficient when the row is too narrow for both.
    const suffix = g === undefined ? "" : ` — Gini ${g.toFixed(2)}`;
    const text = `${truncate(label(c), maxChars - suffix.length)}${suffix}`;
    s += `<g class="legend-item" transform="translate(0 ${(i + 1) * rowH})">`;
    s += `<line x1="0" x2="24" y1="7" y2="7" stroke="${colors[i]}" stroke-width="2.2"${dash(c)}/>`;
    s += `<text x="32" y="7" dominant-baseline="middle">${esc(text)}<title>${esc(label(c) + suffix)}</title></text></g>`;
  });
  s += `</g>\n`;
  s += axisLabels(f, "Cumulative share of holders (poorest first)", "Cumulative share of counted power");
  return s + `</svg>`;
}
