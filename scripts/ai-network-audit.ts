/**
 * `npm run example:ai-network`: the example TEE trust registry (contracts/examples) deployed in both setups on the
 * in-process Hardhat network, each audited with the authority audit:
 *
 * 1. single admin: the deployer's key holds DEFAULT_ADMIN_ROLE, the way such networks launch;
 * 2. Polycentric-governed: the timelock holds it, a guardian may only revoke until its sunset, and the token is
 *    spread over five community holders (1.2M, 1M, 800k, 600k and 400k GOV, self-delegated), the rest in the
 *    treasury (the timelock).
 *
 * Prints both audits and writes reports/audit-ai-network-{single-admin,governed}.{md,json,html}. Exits non-zero if
 * the outcome is not the expected one (the single-admin audit fails, the governed one passes).
 */
import path from "node:path";
import hre from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { buildTrustRegistryGovernedModule, buildTrustRegistrySingleAdminModule } from "../deploy/trust-registry";
import { analyze, collectSuite, DAY, formatAuditSummary, gov, writeAuditReports, type AuditReport } from "../lib";
import { PolycentricGovernor__factory, PolycentricToken__factory } from "../typechain-types";

const STAKES = [1_200_000, 1_000_000, 800_000, 600_000, 400_000].map((n) => gov(n));

type Deployed = Record<string, { getAddress(): Promise<string> }>;

async function audit(name: string, registry: string, governor?: string): Promise<AuditReport> {
  const report = analyze(
    await collectSuite({
      provider: hre.ethers.provider,
      governor,
      extra: [{ label: "trust-registry", address: registry }],
    }),
  );
  const files = writeAuditReports(report, path.resolve(__dirname, "..", "reports"), `audit-ai-network-${name}`);
  console.log(`\n== ${name}\n${formatAuditSummary(report)}\nreports: ${files.markdown}`);
  return report;
}

async function main(): Promise<void> {
  await hre.run("compile", { quiet: true });
  const [deployer, , ...holders] = await hre.ethers.getSigners();
  console.log("The example TEE trust registry in two setups, audited (in-process Hardhat network)");

  const single = (await hre.ignition.deploy(buildTrustRegistrySingleAdminModule(), {
    displayUi: false,
  })) as unknown as Deployed;
  const singleReport = await audit("single-admin", await single.registry!.getAddress());

  const guardianExpiry = BigInt(await time.latest()) + 90n * DAY;
  const governed = (await hre.ignition.deploy(buildTrustRegistryGovernedModule(), {
    displayUi: false,
    parameters: { TEETrustRegistryGoverned: { guardianExpiry } },
  })) as unknown as Deployed;
  const token = PolycentricToken__factory.connect(await governed.token!.getAddress(), deployer!);
  for (const [i, stake] of STAKES.entries()) {
    await (await token.transfer(holders[i]!.address, stake)).wait();
    await (await token.connect(holders[i]!).delegate(holders[i]!.address)).wait();
  }
  // The rest is the DAO's treasury, held by the timelock: it votes only through governance itself.
  const rest = await token.balanceOf(deployer!.address);
  await (await token.transfer(await governed.timelock!.getAddress(), rest)).wait();
  const governor = PolycentricGovernor__factory.connect(await governed.governor!.getAddress(), deployer!);
  await time.increase((await governor.holdingPeriod()) + 1n); // holdings age past the holding period
  const governedReport = await audit(
    "governed",
    await governed.trustRegistry!.getAddress(),
    await governed.governor!.getAddress(),
  );

  console.log(
    `\nsingle admin: ${singleReport.findings.length} finding(s), exit ${singleReport.exitCode}; ` +
      `Polycentric-governed: ${governedReport.findings.length} finding(s), exit ${governedReport.exitCode}`,
  );
  if (singleReport.exitCode !== 1 || governedReport.exitCode !== 0) {
    throw new Error("unexpected audit outcome: the single-admin setup must fail and the governed one pass");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
