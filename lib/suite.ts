import hre from "hardhat";
import type { Signer } from "ethers";

import { buildSuiteModule, PRODUCTION, type ModuleVariant } from "../deploy/builders";
import {
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TimelockController__factory,
  type PolycentricGovernor,
  type PolycentricToken,
  type TimelockController,
} from "../typechain-types";
import type { ClockMode } from "./time";

export interface Suite {
  token: PolycentricToken;
  governor: PolycentricGovernor;
  timelock: TimelockController;
  variant: ModuleVariant;
}

/** The module variant for a clock mode (block mode uses the block-clock test token). */
export function suiteVariant(clockMode: ClockMode, openExecutor = false): ModuleVariant {
  const base: ModuleVariant =
    clockMode === "timestamp"
      ? PRODUCTION
      : { suffix: "BlockClock", tokenContract: "PolycentricTokenBlockClock__Mock", clockMode, openExecutor: false };
  return openExecutor ? { ...base, suffix: `${base.suffix}OpenExecutor`, openExecutor } : base;
}

/** Ignition parameters keyed by module name, e.g. `{ "PolycentricGovernance": { quorumNumerator: 10 } }`. */
export type SuiteParameters = Record<string, Record<string, string | number | bigint | boolean>>;

/**
 * Deploys the suite through the real Ignition modules (so tests and `npm start` exercise exactly what
 * `npm run deploy:local` deploys) and returns typed contracts connected to `runner`. Parameter keys are the
 * production module names; they are mapped to the variant's module ids here.
 */
export async function deploySuite(
  runner: Signer,
  opts: { clockMode?: ClockMode; openExecutor?: boolean; parameters?: SuiteParameters } = {},
): Promise<Suite> {
  const variant = suiteVariant(opts.clockMode ?? "timestamp", opts.openExecutor ?? false);
  const parameters: SuiteParameters = {};
  for (const [moduleName, values] of Object.entries(opts.parameters ?? {})) {
    parameters[`${moduleName}${variant.suffix}`] = values;
  }
  const deployed = await hre.ignition.deploy(buildSuiteModule(variant), {
    parameters: parameters as never,
    displayUi: false,
  });
  return {
    token: PolycentricToken__factory.connect(await deployed.token.getAddress(), runner),
    governor: PolycentricGovernor__factory.connect(await deployed.governor.getAddress(), runner),
    timelock: TimelockController__factory.connect(await deployed.timelock.getAddress(), runner),
    variant,
  };
}
