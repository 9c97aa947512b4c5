/** Report writer: Markdown, JSON and a self-contained HTML page (inline SVG charts) from a SimulationReport. */
export { CHART_IDS, renderAttackChart, renderLorenzChart, renderNakamotoChart } from "./charts";
export { renderHtml } from "./html";
export { renderJson } from "./json";
export { renderMarkdown } from "./markdown";
export { REPORT_FILES, writeReports, type ReportPaths } from "./write";
