import fs from "fs";
import path from "path";

import type { SimulationReport } from "../sim/types";
import { renderHtml } from "./html";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";

export interface ReportPaths {
  markdown: string;
  json: string;
  html: string;
}

/** File names inside the output directory. */
export const REPORT_FILES = { markdown: "summary.md", json: "summary.json", html: "summary.html" } as const;

/**
 * Renders the report and writes <outDir>/summary.md, summary.json and summary.html (creating outDir), returning the
 * three paths (relative when outDir is). All three are rendered before anything is written.
 */
export function writeReports(report: SimulationReport, outDir = "reports"): ReportPaths {
  const contents: ReportPaths = {
    markdown: renderMarkdown(report),
    json: renderJson(report),
    html: renderHtml(report),
  };
  fs.mkdirSync(outDir, { recursive: true });
  const paths: ReportPaths = {
    markdown: path.join(outDir, REPORT_FILES.markdown),
    json: path.join(outDir, REPORT_FILES.json),
    html: path.join(outDir, REPORT_FILES.html),
  };
  for (const key of ["markdown", "json", "html"] as const) fs.writeFileSync(paths[key], contents[key], "utf8");
  return paths;
}
