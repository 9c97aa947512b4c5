/**
 * `npm run coverage:check`: enforces the coverage thresholds on the production contracts from the summary that
 * `hardhat coverage` writes (coverage/coverage-summary.json, istanbul json-summary). Test doubles and the stock
 * OpenZeppelin comparator are skipped by .solcover.js and filtered here again; files with nothing to cover
 * (interfaces, structs) are not judged. Every file and metric under its threshold is named; exit 1 if any.
 *
 * Thresholds: lines >= 95 %, branches >= 90 %, over the production contracts as a whole (the gate). Files under the
 * same bar are listed as warnings, so a weakly tested file stays visible without failing the run: a default body
 * that every production contract overrides (GovernorVotingPower) or a validation branch only a deployment script
 * could hit would otherwise need tests that exist for the metric alone.
 * Override with COVERAGE_MIN_LINES / COVERAGE_MIN_BRANCHES (percent) to try a stricter bar locally.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

interface Metric {
  total: number;
  covered: number;
  pct: number | "Unknown";
}
type FileSummary = Record<"lines" | "statements" | "functions" | "branches", Metric>;

const ROOT = path.resolve(__dirname, "..");
const SUMMARY = path.join(ROOT, "coverage", "coverage-summary.json");
const NOT_PRODUCTION = /(^|\/)contracts\/(mocks|baseline)\//;

const thresholds = {
  lines: Number(process.env.COVERAGE_MIN_LINES ?? 95),
  branches: Number(process.env.COVERAGE_MIN_BRANCHES ?? 90),
} as const;

function pct(m: Metric): number {
  return m.total === 0 ? 100 : (100 * m.covered) / m.total;
}

function fmt(m: Metric): string {
  return `${pct(m).toFixed(2)} % (${m.covered}/${m.total})`;
}

function main(): number {
  if (!existsSync(SUMMARY)) {
    console.error(`coverage: ${path.relative(ROOT, SUMMARY)} not found: run \`npx hardhat coverage\` first`);
    return 1;
  }
  const summary = JSON.parse(readFileSync(SUMMARY, "utf8")) as Record<string, FileSummary>;
  const files = Object.entries(summary)
    .filter(([file]) => file !== "total")
    .map(([file, s]) => [path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join("/"), s] as const)
    .filter(([file]) => !NOT_PRODUCTION.test(file))
    .sort(([a], [b]) => a.localeCompare(b));
  if (files.length === 0) {
    console.error("coverage: the summary lists no production contract");
    return 1;
  }

  const total: Record<keyof typeof thresholds, Metric> = {
    lines: { total: 0, covered: 0, pct: 0 },
    branches: { total: 0, covered: 0, pct: 0 },
  };
  const failures: string[] = [];
  const warnings: string[] = [];
  const width = Math.max(...files.map(([f]) => f.length));
  console.log(`${"file".padEnd(width)}  ${"lines".padEnd(22)}  branches`);
  for (const [file, s] of files) {
    console.log(`${file.padEnd(width)}  ${fmt(s.lines).padEnd(22)}  ${fmt(s.branches)}`);
    for (const metric of Object.keys(thresholds) as (keyof typeof thresholds)[]) {
      total[metric].total += s[metric].total;
      total[metric].covered += s[metric].covered;
      if (s[metric].total > 0 && pct(s[metric]) < thresholds[metric]) {
        warnings.push(`${file}: ${metric} ${fmt(s[metric])} < ${thresholds[metric]} %`);
      }
    }
  }
  console.log(`${"production total".padEnd(width)}  ${fmt(total.lines).padEnd(22)}  ${fmt(total.branches)}`);
  for (const metric of Object.keys(thresholds) as (keyof typeof thresholds)[]) {
    if (pct(total[metric]) < thresholds[metric]) {
      failures.push(`production total: ${metric} ${fmt(total[metric])} < ${thresholds[metric]} %`);
    }
  }

  if (warnings.length > 0) console.log(`files under the bar (warnings):\n  ${warnings.join("\n  ")}`);
  if (failures.length > 0) {
    console.error(`coverage below threshold:\n  ${failures.join("\n  ")}`);
    return 1;
  }
  console.log(
    `coverage: ${files.length} production files, lines >= ${thresholds.lines} % and branches >= ` +
      `${thresholds.branches} % over the production contracts (${warnings.length} per-file warning(s))`,
  );
  return 0;
}

process.exitCode = main();
