/**
 * The example TEE trust registry (contracts/examples) governed by the Polycentric suite **with dispute escalation**
 * (deploy/modules/SuiteDisputes.ts): the same handover as `TEETrustRegistryGoverned` (deploy/trust-registry.ts: the
 * timelock holds the admin role, a guardian may only revoke in an emergency until its sunset, the deployer renounces
 * last), on a suite where every proposal that succeeds, approving a build included, has a challenge window before it
 * can be queued, and a bonded challenge is decided by the arbitration committee, the committee on appeal, then a
 * tokenholder referendum, within T_max.
 *
 * Parameters: `TEETrustRegistryGovernedDisputes` takes the registry's (`guardianExpiry`, required; `guardian`, …);
 * `PolycentricGovernanceDisputes` takes the suite's (`committeeMembers`, `committeeExpiries`, optionally the
 * proposal guardian `guardian` / `guardianExpiry`; see deploy/modules/SuiteDisputes.ts).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { buildSuiteModule, PRODUCTION, type BuildInputs, type ModuleVariant } from "./builders";
import type { CallableContractFuture } from "@nomicfoundation/ignition-core";

import { governedRegistry, withTrustRegistry } from "./trust-registry";

/** The production variant of the suite with disputes (timestamp clock), as deploy/modules/SuiteDisputes.ts. */
export const DISPUTES_VARIANT: ModuleVariant = { ...PRODUCTION, suffix: "Disputes", disputes: true };

/**
 * The module for `variant` (which must have `disputes: true`; tests pass the block-clock variant). Its id is
 * `TEETrustRegistryGoverned` + the variant's suffix, so variants can be deployed side by side.
 */
export function buildTrustRegistryGovernedDisputesModule(
  variant: ModuleVariant = DISPUTES_VARIANT,
  inputs: BuildInputs = {},
) {
  if (!variant.disputes) throw new Error("buildTrustRegistryGovernedDisputesModule: the variant has no disputes");
  const suiteModule = buildSuiteModule(withTrustRegistry(variant), inputs);
  return buildModule(`TEETrustRegistryGoverned${variant.suffix}`, (m) => {
    const suite = m.useModule(suiteModule);
    governedRegistry(m, suite.timelock!, suite.trustRegistry! as CallableContractFuture<string>);
    return suite;
  });
}
