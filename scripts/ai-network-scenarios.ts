/**
 * `npm run example:ai-network:scenarios`: the AI-network scenarios (lib/sim/scenarios) on the in-process Hardhat
 * network: (a) capital capture by node operators, (b) a foundation keeping a role past its sunset, (c) an emergency
 * revocation and its contested reversal, each against the single-admin registry and the registry governed by
 * Polycentric with dispute escalation.
 *
 * Prints progress on stderr and the scenario table (Markdown) on stdout, writes
 * reports/ai-network-scenarios.{md,json}. Clock mode: `AI_NETWORK_CLOCK=blocknumber` for the block-number clock
 * (default timestamp). Exits non-zero if an outcome is not the expected one (the attacker reaches its goal on the
 * single-admin registry in every scenario and in none on Polycentric) or an invariant was violated.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import hre from "hardhat";

import { formatScenarioTable, runScenarios, scenarioMarkdown, scenarioResultsToJson, scenarioSummary } from "../lib";
import { parseClockMode } from "../lib/time";

async function main(): Promise<void> {
  await hre.run("compile", { quiet: true });
  const clockMode = parseClockMode(`mode=${process.env.AI_NETWORK_CLOCK ?? "timestamp"}`);
  console.error(`AI-network scenarios on the in-process Hardhat network (${clockMode} clock)`);
  const { results, setupMs, runMs } = await runScenarios({ clockMode });

  const table = formatScenarioTable(results);
  console.log(`\n${table}\n`);
  for (const line of scenarioSummary(results)) console.log(line);

  const dir = path.resolve(__dirname, "..", "reports");
  mkdirSync(dir, { recursive: true });
  const markdown = path.join(dir, "ai-network-scenarios.md");
  const json = path.join(dir, "ai-network-scenarios.json");
  writeFileSync(markdown, scenarioMarkdown(results, { clockMode, setupMs, runMs }));
  writeFileSync(json, scenarioResultsToJson(results));
  console.log(
    `wrote ${path.relative(process.cwd(), markdown)} and ${path.relative(process.cwd(), json)} ` +
      `(world ${(setupMs / 1000).toFixed(1)} s, scenarios ${(runMs / 1000).toFixed(1)} s)`,
  );

  const unexpected = results.filter((r) => r.attackerSucceeded !== (r.setup === "single-admin"));
  const violations = results.flatMap((r) => r.invariantViolations);
  if (unexpected.length > 0 || violations.length > 0) {
    throw new Error(
      `unexpected outcome: ${unexpected.map((r) => `${r.setup} ${r.scenario}`).join(", ") || "none"}; ` +
        `invariant violations: ${violations.length}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
