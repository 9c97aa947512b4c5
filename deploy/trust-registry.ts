/**
 * Ignition builders for the example TEE trust registry (contracts/examples), in the two setups the authority audit
 * compares:
 *
 * - **single admin** (`TEETrustRegistrySingleAdmin`): the way such networks launch. The deployer's key keeps
 *   `DEFAULT_ADMIN_ROLE` and decides alone, with no expiry, which enclave code is trusted.
 * - **governed** (`TEETrustRegistryGoverned`): the same registry handed to the Polycentric timelock. The deployer does
 *   the initial setup (first TEE type, first approved measurement, an emergency guardian with a sunset), then grants
 *   the admin role to the timelock and renounces its own, last: after deployment every admin function needs a
 *   proposal, and only the guardian can act alone (emergency revocation, until its sunset).
 *
 * Attestations are checked by `AttestationVerifier__Mock`, since no TEE exists here; a network deploying this for real
 * replaces it with a verifier of its attestation documents.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, ContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { ZeroHash, id } from "ethers";

import { HOUR, DAY } from "../lib/time";
import { buildSuiteModule, PRODUCTION, type BuildInputs, type ExtraMeta, type ModuleVariant } from "./builders";

/** Defaults shared by both setups. */
export const TRUST_REGISTRY_DEFAULTS = {
  teeType: id("aws-nitro"),
  teeTypeName: "AWS Nitro Enclaves",
  initialMeasurement: id("enclave build 1"),
  rootCertificate: id("attestation root certificate v1"),
  heartbeatMaxAge: HOUR,
  minHeartbeatMaxAge: 5n * 60n,
  maxHeartbeatMaxAge: 7n * DAY,
} as const;

/** The Ignition module builder `buildModule` hands to a module's body. */
export type RegistryModuleBuilder = Parameters<Parameters<typeof buildModule>[1]>[0];

/** The verifier and the registry, deployer as admin, with the first TEE type and the first approved measurement. */
export function registryWithSetup(m: RegistryModuleBuilder) {
  const d = TRUST_REGISTRY_DEFAULTS;
  const deployer = m.getAccount(0);
  const verifier = m.contract("AttestationVerifier__Mock", []);
  const registry = m.contract("TEETrustRegistry", [
    deployer,
    verifier,
    m.getParameter("rootCertificate", d.rootCertificate),
    m.getParameter("heartbeatMaxAge", d.heartbeatMaxAge),
    m.getParameter("minHeartbeatMaxAge", d.minHeartbeatMaxAge),
    m.getParameter("maxHeartbeatMaxAge", d.maxHeartbeatMaxAge),
  ]);
  const teeType = m.getParameter("teeType", d.teeType);
  const added = m.call(registry, "addTeeType", [teeType, m.getParameter("teeTypeName", d.teeTypeName)]);
  const approved = m.call(
    registry,
    "approveMeasurement",
    [teeType, m.getParameter("initialMeasurement", d.initialMeasurement)],
    {
      after: [added],
    },
  );
  return { deployer, verifier, registry, approved };
}

export function buildTrustRegistrySingleAdminModule() {
  return buildModule("TEETrustRegistrySingleAdmin", (m) => {
    const { verifier, registry } = registryWithSetup(m);
    return { verifier, registry };
  });
}

/**
 * The registry's trust decisions, classified as meta-governance by the guardrails policy (issue 11): approving
 * enclave code or a TEE type, changing the attestation root or the heartbeat policy, and appointing the guardian
 * need the super-quorum and (with disputes) get the escalated challenge window. Revocations are not: the emergency
 * path stays fast, and a reversal is an approval. The role functions (`grantRole`, `revokeRole`, `renounceRole`) and
 * `setGuardian` need no entry: the policy classifies them as meta-governance on every target
 * (`GovernancePolicy.isAuthoritySelector`); `setGuardian` stays listed so the registry names it either way.
 */
export const TRUST_REGISTRY_META_FUNCTIONS = [
  "addTeeType(bytes32,string)",
  "approveMeasurement(bytes32,bytes32)",
  "setRootCertificate(bytes32)",
  "setHeartbeatMaxAge(uint64)",
  "setGuardian(address,uint64)",
] as const;

/**
 * {@link ModuleVariant.extraMeta} for a governed registry: the verifier and the registry with its setup (deployer as
 * admin until the handover) are deployed in the governance module, before the policy, which then names the
 * registry's trust decisions as meta-governance from the start.
 */
export function trustRegistryMeta(m: IgnitionModuleBuilder): ExtraMeta {
  const { verifier, registry } = registryWithSetup(m);
  return {
    contracts: { verifier, trustRegistry: registry },
    rules: TRUST_REGISTRY_META_FUNCTIONS.map((f) => ({ target: registry, selector: id(f).slice(0, 10) })),
  };
}

/** A suite variant that deploys the trust registry inside its governance module (see {@link trustRegistryMeta}). */
export function withTrustRegistry(variant: ModuleVariant): ModuleVariant {
  return { ...variant, extraMeta: trustRegistryMeta };
}

/**
 * The handover of a registry deployed (and set up) by {@link trustRegistryMeta}: the guardian and its sunset are
 * appointed, the timelock is granted the admin role, and the deployer renounces its own, last. The registry comes
 * from the suite module, so these calls run after its setup there.
 */
export function governedRegistry(
  m: RegistryModuleBuilder,
  timelock: ContractFuture<string>,
  registry: CallableContractFuture<string>,
) {
  const deployer = m.getAccount(0);
  // The guardian and its sunset (unix seconds, at most 180 days after deployment: the contract enforces it).
  const guardianSet = m.call(registry, "setGuardian", [
    m.getParameter("guardian", m.getAccount(1)),
    m.getParameter<bigint>("guardianExpiry"),
  ]);
  const granted = m.call(registry, "grantRole", [ZeroHash, timelock], {
    id: "GrantAdminToTimelock",
    after: [guardianSet],
  });
  m.call(registry, "renounceRole", [ZeroHash, deployer], { id: "RenounceDeployerAdmin", after: [granted] });
}

/** The suite variant inside {@link buildTrustRegistryGovernedModule}. */
// Its own suffix: the suite's modules hold the registry too, so they differ from the plain production suite's.
export const TRUST_REGISTRY_SUITE_VARIANT: ModuleVariant = withTrustRegistry({
  ...PRODUCTION,
  suffix: "TrustRegistry",
});

/** The suite governing the registry; `inputs` as for {@link buildSuiteModule} (the token's real supply). */
export function buildTrustRegistryGovernedModule(inputs: BuildInputs = {}) {
  const suiteModule = buildSuiteModule(TRUST_REGISTRY_SUITE_VARIANT, inputs);
  return buildModule("TEETrustRegistryGoverned", (m) => {
    const suite = m.useModule(suiteModule);
    governedRegistry(m, suite.timelock!, suite.trustRegistry! as CallableContractFuture<string>);
    return suite;
  });
}
