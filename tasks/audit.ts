/**
 * `npx hardhat audit`: the authority audit of a deployed governance suite.
 *
 *   npx hardhat audit                                        the default local deployment: the common world with
 *                                                            the stock OpenZeppelin baseline and Polycentric
 *   npx hardhat audit --network localhost --governor 0x…     any deployment, on any network
 *   npx hardhat audit --governor 0x… --contracts registry=0x…,vault=0x…   more contracts in scope
 *   npx hardhat audit --contracts registry=0x…               contracts run without a governor (owners, roles, guardians)
 *
 * Enumerates every privileged role and path to execution (timelock roles, identity attesters, owners and
 * AccessControl roles of every contract in scope, guardians, EIP-1967 proxy admins, and the dispute contracts found
 * from the governor: committee seats, the proposal guardian, hooks), their holders and expiry, and for each path
 * the number of distinct parties who must agree, plus the counted-power distribution of the electorate (raw power
 * per address when the governor is not sybil-resistant). Writes reports/<name>.md|.json|.html and exits non-zero
 * when a path depends on a single party without expiry (or with one more than 730 days ahead), the timelock wiring
 * deviates from THREATS I16, the timelock delay or the voting period is below its minimum, or a parameter lies
 * outside the guardrails policy's bounds, so a DAO can run it in its own CI.
 *
 * Imported by hardhat.config.ts, so it must not import "hardhat" (or lib/, which does) at top level.
 */
import path from "node:path";

import { task, types } from "hardhat/config";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";

interface AuditArgs {
  governor?: string;
  contracts?: string;
  out: string;
  name: string;
  fromBlock: number;
  quiet: boolean;
}

/** "label=0x…,label=0x…" → entries; a malformed entry names itself and the expected form. */
export function parseContractsArg(text: string | undefined): { label: string; address: string }[] {
  if (text === undefined || text.trim() === "") return [];
  return text.split(",").map((entry) => {
    const m = /^\s*([^=\s]+)\s*=\s*(0x[0-9a-fA-F]{40})\s*$/.exec(entry);
    if (m === null) throw new Error(`audit: --contracts entry "${entry}" is not label=0x<40 hex digits>`);
    return { label: m[1]!, address: m[2]! };
  });
}

task(
  "audit",
  "Audits who can do what in a deployed governance suite; exits non-zero on single-party paths and unsafe parameters",
)
  .addOptionalParam(
    "governor",
    "the governor's address (default: deploy the common world in-process)",
    undefined,
    types.string,
  )
  .addOptionalParam("contracts", "more contracts in scope: label=0x…,label=0x…", undefined, types.string)
  .addOptionalParam("out", "directory for the reports", "reports", types.string)
  .addOptionalParam("name", "report file name (without extension)", "audit", types.string)
  .addOptionalParam("fromBlock", "first block to read role and delegation events from", 0, types.int)
  .addFlag("quiet", "write the reports and set the exit code without printing")
  .setAction(async (args: AuditArgs, hre) => {
    const extra = parseContractsArg(args.contracts);
    const audit = await import("../lib/audit");
    const out = path.resolve(hre.config.paths.root, args.out);
    const targets: { name: string; governor?: string }[] = [];
    if (args.governor !== undefined || extra.length > 0) {
      targets.push({ name: args.name, governor: args.governor });
    } else {
      if (hre.network.name !== "hardhat") {
        throw new Error(`audit: --governor is required on --network ${hre.network.name}`);
      }
      await hre.run(TASK_COMPILE, { quiet: true });
      const { World } = await import("../lib/sim/world");
      if (!args.quiet)
        console.log(
          "No --governor: deploying the common world (stock OpenZeppelin baseline and Polycentric) in-process",
        );
      const world = await World.create();
      targets.push({ name: `${args.name}-baseline`, governor: world.systems.baseline.address.governor });
      targets.push({ name: `${args.name}-polycentric`, governor: world.systems.polycentric.address.governor });
    }
    let failed = 0;
    for (const t of targets) {
      const suite = await audit.collectSuite({
        provider: hre.ethers.provider,
        governor: t.governor,
        extra,
        fromBlock: args.fromBlock,
      });
      const report = audit.analyze(suite);
      const files = audit.writeAuditReports(report, out, t.name);
      if (!args.quiet) {
        console.log(`\n== ${t.name}\n${audit.formatAuditSummary(report)}`);
        console.log(`reports: ${files.markdown}, ${files.json}, ${files.html}`);
      }
      if (report.exitCode !== 0) failed++;
    }
    if (failed > 0) {
      if (!args.quiet) console.error(`\naudit: ${failed} of ${targets.length} suite(s) have findings`);
      process.exitCode = 1;
    }
  });
