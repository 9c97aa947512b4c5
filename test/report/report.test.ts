import { expect } from "chai";
import { execFile } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { pathToFileURL } from "url";
import zlib from "zlib";

import { CHART_IDS, renderHtml, renderJson, renderMarkdown, writeReports } from "../../lib/report";
import type { AttackReport, AttackRun, RateSummary, SimulationReport, SystemName } from "../../lib/sim/types";

const MALICIOUS = `<script>alert(1)</script> & "quoted" 'single'`;
const E24 = 10n ** 24n;

function rate(successes: number, runs: number, wilson95: [number, number]): RateSummary {
  return { runs, successes, rate: runs === 0 ? 0 : successes / runs, wilson95 };
}

function run(system: SystemName, seed: number, success: boolean, violations: string[] = []): AttackRun {
  return {
    system,
    seed,
    success,
    proposalState: success ? "Executed" : "Defeated",
    attackerGain: success ? E24 + 1n : 0n,
    attackerCost: { tokens: 12_345_678_901_234_567_890_123n, bondsBurned: 0n, eth: 10n ** 17n },
    timeToExecution: success ? 604_800n : undefined,
    honestGas: 9_007_199_254_740_993n, // 2^53 + 1: would lose precision as a number
    invariantViolations: violations,
    measures: { k: 64, attackerWeight: "8000" },
  };
}

/** Small hand-made report: 3 covered attacks (one with a hostile title), 1 not covered, 1 replay of 3, 1 Lorenz curve. */
function sampleReport(): SimulationReport {
  const attacks: AttackReport[] = [
    {
      id: "A1",
      title: "Flash-loan vote",
      guarantee: "Voting power is snapshotted before the proposal exists",
      status: "covered",
      summary: { baseline: rate(18, 20, [0.699, 0.972]), polycentric: rate(1, 20, [0.009, 0.236]) },
      runs: [run("baseline", 1, true), run("polycentric", 1, false)],
      elapsedMs: 12_400,
    },
    {
      id: "A2",
      title: MALICIOUS,
      guarantee: "Titles | with pipes & <tags> are escaped",
      status: "covered",
      summary: { baseline: rate(5, 20, [0.112, 0.469]), polycentric: rate(4, 20, [0.081, 0.416]) },
      runs: [run("baseline", 1, true), run("polycentric", 1, false, ["supply conserved"])],
      elapsedMs: 800,
    },
    {
      id: "A3",
      title: "Bribery market",
      guarantee: "Conviction voting makes bribes expensive",
      status: "not covered",
      reason: `needs <ConvictionVoting> & "bonds" (not landed)`,
    },
    {
      id: "A4",
      title: "Sybil split",
      guarantee: "Quadratic weight does not reward splitting an identity",
      status: "covered",
      summary: { baseline: rate(0, 20, [0, 0.161]), polycentric: rate(0, 20, [0, 0.161]) },
      variants: {
        "k=2": { baseline: rate(3, 20, [0.052, 0.36]), polycentric: rate(0, 20, [0, 0.161]) },
        "k=64": { baseline: rate(0, 20, [0, 0.161]), polycentric: rate(0, 20, [0, 0.161]) },
      },
      primaryVariant: "k=64",
      notes: ["split gain ≤ 1 % at k=64", "  "],
      runs: [],
      elapsedMs: 3_100,
    },
  ];
  return {
    parameters: { seeds: 20, clockMode: "timestamp" },
    attacks,
    replays: [
      {
        name: "ENS on-chain governor",
        source: "data/ens/votes.csv",
        elapsedMs: 45_000,
        proposals: [
          {
            dao: "ENS",
            governor: "0x323A76393544d5ecca80cd6ef2A560C6a395b7E3",
            proposalId: "101",
            voters: 412,
            recorded: "for",
            outcome: { baseline: "for", polycentric: "for" },
            nakamoto: { baseline: 4, polycentric: 9 },
            flipped: false,
          },
          {
            dao: "ENS",
            governor: "0x323A76393544d5ecca80cd6ef2A560C6a395b7E3",
            proposalId: "102",
            voters: 1_203,
            recorded: "for",
            outcome: { baseline: "for", polycentric: "against" },
            nakamoto: { baseline: 7, polycentric: 15 },
            flipped: true,
          },
          {
            dao: "ENS",
            governor: "0x323A76393544d5ecca80cd6ef2A560C6a395b7E3",
            proposalId: "103",
            voters: 95,
            recorded: "against",
            outcome: { baseline: "against", polycentric: "against" },
            nakamoto: { baseline: 12, polycentric: 20 },
            flipped: false,
          },
        ],
      },
    ],
    lorenz: [
      {
        name: "ENS airdrop 2021",
        points: [
          [0, 0],
          [0.25, 0.05],
          [0.5, 0.15],
          [0.75, 0.35],
          [0.9, 0.55],
          [1, 1],
        ],
      },
    ],
    timings: { "attacks A1–A4": 16_300, "replay ENS": 45_000, total: 61_500 },
  };
}

const emptyReport = (): SimulationReport => ({
  parameters: { seeds: 0, clockMode: "blocknumber" },
  attacks: [],
  replays: [],
  timings: {},
});

/** Occurrences of `needle` in `hay`. */
const count = (hay: string, needle: string): number => hay.split(needle).length - 1;

/** The opening tag and content of the <svg> with this id (up to its </svg>). */
function svgById(html: string, id: string): string {
  const start = html.indexOf(`<svg id="${id}"`);
  expect(start, `<svg id="${id}"> present`).to.be.greaterThan(-1);
  return html.slice(start, html.indexOf("</svg>", start) + "</svg>".length);
}

/** bigint → decimal string, undefined fields dropped: what the JSON should parse back to. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

describe("lib/report: Markdown, JSON and HTML reports", function () {
  describe("renderMarkdown", function () {
    const md = renderMarkdown(sampleReport());
    const lines = md.split("\n");
    const row = (id: string) => lines.find((l) => l.startsWith(`| ${id} |`)) ?? "";

    it("has one attack row per attack with both rates and their 95 % Wilson intervals", function () {
      expect(md).to.contain(
        "| ID | Attack | Status | Baseline success (95 % CI) | Polycentric success (95 % CI) | Note |",
      );
      expect(row("A1")).to.equal(
        "| A1 | Flash-loan vote | covered | 90.0 % (18/20), 95 % CI 69.9–97.2 % | 5.0 % (1/20), 95 % CI 0.9–23.6 % | Polycentric lower (95 % CIs disjoint) |",
      );
      expect(row("A2"))
        .to.contain("25.0 % (5/20), 95 % CI 11.2–46.9 %")
        .and.contain("no clear difference")
        .and.contain("1 invariant violation");
      expect(row("A4")).to.contain("0.0 % (0/20), 95 % CI 0.0–16.1 %").and.contain("same rate on both systems");
    });

    it("adds the recipe's notes to the note and lists per-variant rates, headline first", function () {
      expect(row("A4")).to.match(/\| same rate on both systems; rates of variant k=64; split gain ≤ 1 % at k=64 \|$/);
      const k64 = md.indexOf(
        "| A4 | k=64 (headline) | 0.0 % (0/20), 95 % CI 0.0–16.1 % | 0.0 % (0/20), 95 % CI 0.0–16.1 % |",
      );
      const k2 = md.indexOf("| A4 | k=2 | 15.0 % (3/20), 95 % CI 5.2–36.0 % | 0.0 % (0/20), 95 % CI 0.0–16.1 % |");
      expect(k64).to.be.greaterThan(-1);
      expect(k2).to.be.greaterThan(k64);
    });

    it("says a not-covered attack is not covered, with its reason, and never reports it as passed", function () {
      const a3 = row("A3");
      expect(a3).to.equal(
        '| A3 | Bribery market | **not covered** | not covered | not covered | not covered: needs &lt;ConvictionVoting&gt; &amp; "bonds" (not landed) |',
      );
      expect(a3).not.to.match(/pass|%/i);
      expect(md).to.contain("4 (3 covered, 1 not covered)");
    });

    it("escapes table cells (no raw HTML, no cell-breaking pipes)", function () {
      expect(md).not.to.contain("<script>");
      expect(row("A2")).to.contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quoted\" 'single'");
      expect(md).to.contain("Titles \\| with pipes &amp; &lt;tags&gt; are escaped");
    });

    it("summarises each replay (proposals, flips, median Nakamoto per system) and lists the timings", function () {
      expect(md).to.contain("| ENS on-chain governor | data/ens/votes.csv | 3 | 1 | 7 | 15 | 45.0 s |");
      expect(md).to.contain(
        "- ENS on-chain governor: ENS proposal 102 — recorded for, baseline for, Polycentric against",
      );
      expect(md).to.contain("| ENS airdrop 2021 | — | 6 | ");
      expect(md).to.contain("| attacks A1–A4 | 16.3 s |").and.contain("| total | 1 min 2 s |");
    });

    it("says so when there are no attacks, replays or timings", function () {
      const e = renderMarkdown(emptyReport());
      expect(e)
        .to.contain("_No attacks in this run._")
        .and.contain("_No replays in this run._")
        .and.contain("_No timings recorded._");
      expect(e).not.to.contain("## Lorenz curves");
    });
  });

  describe("renderJson", function () {
    it("round-trips the report with every bigint as an exact decimal string", function () {
      const report = sampleReport();
      const json = renderJson(report);
      expect(() => JSON.stringify(report)).to.throw(TypeError); // plain JSON cannot do it
      const parsed = JSON.parse(json) as { attacks: { runs?: Record<string, unknown>[] }[] };
      expect(parsed).to.deep.equal(plain(report));
      const r0 = parsed.attacks[0].runs![0];
      expect(r0.attackerGain).to.equal("1000000000000000000000001");
      expect(r0.honestGas).to.equal("9007199254740993");
      expect(r0.attackerCost).to.deep.equal({
        tokens: "12345678901234567890123",
        bondsBurned: "0",
        eth: "100000000000000000",
      });
      expect(r0.timeToExecution).to.equal("604800");
      expect(json.endsWith("}\n")).to.equal(true);
    });
  });

  describe("renderHtml", function () {
    const html = renderHtml(sampleReport());

    it("is one self-contained page: no script, no external stylesheet, font or image", function () {
      expect(html.startsWith("<!DOCTYPE html>")).to.equal(true);
      expect(html).to.match(/<style>[\s\S]+<\/style>/);
      expect(html).not.to.match(/<script|<link|<img|<iframe|@import|@font-face|\bsrc=|url\(\s*['"]?(https?:|\/\/)/i);
      expect(html).not.to.match(/href="(https?:)?\/\//i);
      expect(html).to.contain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
    });

    it("has the three charts, each with a title, a description, axis labels and a legend", function () {
      for (const id of Object.values(CHART_IDS)) {
        const svg = svgById(html, id);
        expect(svg).to.match(new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"`));
        expect(count(svg, `<title id="${id}-title">`)).to.equal(1);
        expect(count(svg, `<desc id="${id}-desc">`)).to.equal(1);
        expect(count(svg, `class="chart-title"`)).to.equal(1);
        expect(count(svg, `class="axis-label"`)).to.equal(2);
        expect(count(svg, `class="legend"`)).to.equal(1);
      }
    });

    it("draws two bars with CI whiskers per covered attack and a greyed 'not covered' placeholder", function () {
      const svg = svgById(html, CHART_IDS.attacks);
      expect(svg).to.contain(`data-points="6"`).and.contain(`data-not-covered="1"`);
      expect(count(svg, `class="bar bar-baseline"`)).to.equal(3);
      expect(count(svg, `class="bar bar-polycentric"`)).to.equal(3);
      expect(count(svg, `class="whisker"`)).to.equal(6);
      expect(count(svg, `class="bar-not-covered"`)).to.equal(1);
      expect(svg).to.match(/<g class="attack" data-attack="A3" data-status="not covered">[^]*?>not covered<\/text>/);
      expect(svg).to.contain(
        "A3 Bribery market: not covered: needs &lt;ConvictionVoting&gt; &amp; &quot;bonds&quot; (not landed)",
      );
      // Bar heights follow the rates (plot height 260 px): 90 % → 234 px, 5 % → 13 px.
      expect(svg).to.match(/data-rate="0.9" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="234"/);
      expect(svg).to.match(/data-rate="0.05" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="13"/);
    });

    it("plots one point per replayed proposal and system, and one path per Lorenz curve plus the diagonal", function () {
      const nak = svgById(html, CHART_IDS.nakamoto);
      expect(nak).to.contain(`data-points="6"`);
      expect(count(nak, `class="point point-baseline"`)).to.equal(3);
      expect(count(nak, `class="point point-polycentric"`)).to.equal(3);
      expect(count(nak, `class="series series-`)).to.equal(2);
      expect(count(nak, `class="flip-band"`)).to.equal(1);
      expect(nak).to.match(/class="point point-polycentric" data-value="20"/);

      const lor = svgById(html, CHART_IDS.lorenz);
      expect(count(lor, `class="lorenz-curve"`)).to.equal(1);
      expect(lor).to.contain(`data-points="6"`);
      expect(count(lor, `class="equality"`)).to.equal(1);
      expect(lor).to.contain("ENS airdrop 2021 — Gini 0.52");
    });

    it("escapes hostile titles and reasons everywhere", function () {
      expect(html).not.to.contain("<script>alert(1)</script>");
      expect(html).not.to.contain("<ConvictionVoting>");
      expect(html).to.contain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;");
    });

    it("shows the recipe's notes and the per-variant rates in the tables", function () {
      expect(html).to.contain("<td>same rate on both systems; rates of variant k=64; split gain ≤ 1 % at k=64</td>");
      expect(count(html, `<tr class="variant-row">`)).to.equal(2);
      expect(html).to.contain("<td>k=64 <b>(headline)</b></td>");
    });

    it("renders a clear 'no data' note for empty sections instead of a chart", function () {
      const e = renderHtml(emptyReport());
      expect(e).not.to.contain("<svg");
      for (const id of Object.values(CHART_IDS))
        expect(e).to.match(new RegExp(`<p class="no-data" data-chart="${id}">No [^<]+</p>`));
      expect(e).to.contain("No timings recorded.");
      // Lorenz curves present but empty count as no data too.
      expect(renderHtml({ ...sampleReport(), lorenz: [{ name: "empty", points: [] }] })).to.contain(
        `data-chart="${CHART_IDS.lorenz}"`,
      );
    });

    it("scales to 20 attacks, 300 proposals and a 10 000-point Lorenz curve", function () {
      const base = sampleReport();
      const attacks: AttackReport[] = Array.from({ length: 20 }, (_, i) =>
        i % 4 === 3 ? { ...base.attacks[2], id: `A${i + 1}` } : { ...base.attacks[0], id: `A${i + 1}` },
      );
      const proposals = Array.from({ length: 300 }, (_, i) => ({
        ...base.replays[0].proposals[i % 3],
        proposalId: String(i),
      }));
      const pts: [number, number][] = Array.from({ length: 10_000 }, (_, i) => [
        (i + 1) / 10_000,
        ((i + 1) / 10_000) ** 3,
      ]);
      const big = renderHtml({
        ...base,
        attacks,
        replays: [{ ...base.replays[0], proposals }],
        lorenz: [{ name: "cubic", system: "polycentric", points: pts }],
      });
      expect(count(svgById(big, CHART_IDS.attacks), `class="bar bar-polycentric"`)).to.equal(15);
      expect(count(svgById(big, CHART_IDS.attacks), `class="bar-not-covered"`)).to.equal(5);
      expect(count(svgById(big, CHART_IDS.nakamoto), `class="point point-baseline"`)).to.equal(300);
      expect(svgById(big, CHART_IDS.nakamoto)).to.match(/viewBox="0 0 1096 /); // capped width
      expect(svgById(big, CHART_IDS.lorenz)).to.contain(`class="lorenz-curve lorenz-polycentric" data-points="1500"`);
    });
  });

  describe("writeReports", function () {
    it("writes summary.md, summary.json and summary.html with the rendered contents", function () {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "polycentric-report-"));
      try {
        const report = sampleReport();
        const out = path.join(dir, "nested", "reports");
        const paths = writeReports(report, out);
        expect(paths).to.deep.equal({
          markdown: path.join(out, "summary.md"),
          json: path.join(out, "summary.json"),
          html: path.join(out, "summary.html"),
        });
        expect(fs.readFileSync(paths.markdown, "utf8")).to.equal(renderMarkdown(report));
        expect(fs.readFileSync(paths.json, "utf8")).to.equal(renderJson(report));
        expect(fs.readFileSync(paths.html, "utf8")).to.equal(renderHtml(report));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("summary.html in headless Chromium", function () {
    this.timeout(180_000);
    let chromium = "";
    let dir = "";
    let htmlPath = "";

    before(function () {
      chromium = findChromium();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "polycentric-report-browser-"));
      htmlPath = writeReports(sampleReport(), dir).html;
    });

    after(function () {
      // REPORT_TEST_ARTIFACTS=<dir> keeps the page and its screenshot for a human to look at.
      const keep = process.env.REPORT_TEST_ARTIFACTS;
      if (keep && dir) {
        fs.mkdirSync(keep, { recursive: true });
        for (const f of fs.readdirSync(dir))
          if (/\.(html|png|md|json)$/.test(f)) fs.copyFileSync(path.join(dir, f), path.join(keep, f));
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("loads offline and its DOM holds the three charts with their bars, points and paths", async function () {
      const dom = await runChromium(chromium, dir, ["--dump-dom", pathToFileURL(htmlPath).href]);
      for (const id of Object.values(CHART_IDS)) expect(dom, id).to.contain(`<svg id="${id}"`);
      expect(count(dom, `class="bar bar-baseline"`)).to.equal(3);
      expect(count(dom, `class="bar bar-polycentric"`)).to.equal(3);
      expect(count(dom, `class="bar-not-covered"`)).to.equal(1);
      expect(count(dom, `class="point point-baseline"`)).to.equal(3);
      expect(count(dom, `class="point point-polycentric"`)).to.equal(3);
      expect(count(dom, `class="lorenz-curve"`)).to.equal(1);
      // The hostile title stayed text: the parsed document has no script element.
      expect(dom).not.to.match(/<script/i);
      expect(dom).to.contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });

    it("parses every chart as well-formed XML (strict XHTML parser)", async function () {
      const html = fs.readFileSync(htmlPath, "utf8");
      const svgs = Object.values(CHART_IDS)
        .map((id) => svgById(html, id))
        .join("\n");
      const xhtml = path.join(dir, "charts.xhtml");
      fs.writeFileSync(
        xhtml,
        `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>charts</title></head><body>${svgs}</body></html>`,
      );
      const dom = await runChromium(chromium, dir, ["--dump-dom", pathToFileURL(xhtml).href]);
      expect(dom).not.to.contain("parsererror");
      expect(dom).not.to.contain("This page contains the following errors");
      expect(count(dom, "<svg ")).to.equal(3);
    });

    it("paints the charts: a non-trivial screenshot with both system colours and the grey placeholder", async function () {
      const png = path.join(dir, "summary.png");
      await runChromium(chromium, dir, [
        "--hide-scrollbars",
        `--screenshot=${png}`,
        "--window-size=1200,2400",
        pathToFileURL(htmlPath).href,
      ]);
      expect(fs.existsSync(png), `${png} written`).to.equal(true);
      const size = fs.statSync(png).size;
      expect(size, "PNG size in bytes").to.be.greaterThan(20_000);
      const img = decodePng(fs.readFileSync(png));
      expect([img.width, img.height]).to.deep.equal([1200, 2400]);
      // Bars (A1 baseline alone is ~234 × 24 px) and markers in the two Okabe–Ito system colours, and the hatch.
      expect(countColor(img, [0xd5, 0x5e, 0x00]), "baseline-coloured pixels").to.be.greaterThan(5_000);
      expect(countColor(img, [0x00, 0x72, 0xb2]), "Polycentric-coloured pixels").to.be.greaterThan(1_000);
      expect(countColor(img, [0xcf, 0xcf, 0xcf]), "hatch pixels of the not-covered bar").to.be.greaterThan(300);
    });
  });
});

const CHROMIUM_CANDIDATES = ["/usr/bin/chromium"];

/** /usr/bin/chromium (Debian package `chromium`), else `chromium` on PATH; fails (never skips) when neither exists. */
function findChromium(): string {
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.join(d, "chromium"));
  const found = [...CHROMIUM_CANDIDATES, ...onPath].find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found) return found;
  if (process.env.CI) {
    throw new Error(
      "Chromium not found (/usr/bin/chromium or `chromium` on PATH) while CI is set: CI must install it. " +
        ".ci/run installs the Debian package `chromium` before the tests; check that step's output.",
    );
  }
  throw new Error(
    "Chromium not found (/usr/bin/chromium or `chromium` on PATH); the report's browser test needs it. " +
      "Install it with: apt-get update && apt-get install -y chromium",
  );
}

/** Runs headless Chromium once with a fresh profile; resolves with stdout (the DOM for --dump-dom). */
function runChromium(bin: string, workDir: string, args: string[]): Promise<string> {
  const profile = fs.mkdtempSync(path.join(workDir, "profile-"));
  const flags = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    `--user-data-dir=${profile}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(bin, [...flags, ...args], { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      fs.rmSync(profile, { recursive: true, force: true });
      if (err) reject(new Error(`${bin} ${args.join(" ")} failed: ${err.message}\n${stderr.slice(-4000)}`));
      else resolve(stdout);
    });
  });
}

interface Image {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

/** Minimal PNG decoder (8-bit RGB/RGBA, not interlaced: what Chromium writes), enough to count pixel colours. */
function decodePng(buf: Buffer): Image {
  expect(buf.subarray(0, 8).toString("hex"), "PNG signature").to.equal("89504e470d0a1a0a");
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colorType, , , interlace] = body.subarray(8, 13);
      expect({ depth, interlace }, "PNG bit depth / interlace").to.deep.equal({ depth: 8, interlace: 0 });
      expect([2, 6], "PNG colour type").to.include(colorType);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(stride * height);
  for (let yy = 0; yy < height; yy++) {
    const filter = raw[yy * (stride + 1)];
    const src = raw.subarray(yy * (stride + 1) + 1, (yy + 1) * (stride + 1));
    const row = yy * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? data[row + i - channels] : 0;
      const b = yy > 0 ? data[row - stride + i] : 0;
      const c = yy > 0 && i >= channels ? data[row - stride + i - channels] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      data[row + i] = (src[i] + pred) & 0xff;
    }
  }
  return { width, height, channels, data };
}

function countColor(img: Image, [r, g, b]: [number, number, number], tolerance = 6): number {
  let k = 0;
  for (let i = 0; i < img.data.length; i += img.channels) {
    if (
      Math.abs(img.data[i] - r) <= tolerance &&
      Math.abs(img.data[i + 1] - g) <= tolerance &&
      Math.abs(img.data[i + 2] - b) <= tolerance
    )
      k++;
  }
  return k;
}
