import { cliSuiteModule } from "../../builders";
import { buildTrustRegistryGovernedModule, TRUST_REGISTRY_SUITE_VARIANT } from "../../trust-registry";

/**
 * The Polycentric suite and the example TEE trust registry it governs: the timelock holds the registry's admin role,
 * a guardian may only revoke in an emergency until its sunset (parameter `guardianExpiry`, required; see
 * deploy/trust-registry.ts).
 */
export default cliSuiteModule(TRUST_REGISTRY_SUITE_VARIANT, (_v, inputs) => buildTrustRegistryGovernedModule(inputs));
