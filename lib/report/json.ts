import type { SimulationReport } from "../sim/types";

/**
 * reports/summary.json: the whole report, pretty-printed. Bigints (wei, gas, seconds) become decimal strings so that
 * no value loses precision, and JSON.parse gives them back as strings. Pure.
 */
export function renderJson(report: SimulationReport): string {
  return (
    JSON.stringify(report, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n"
  );
}
