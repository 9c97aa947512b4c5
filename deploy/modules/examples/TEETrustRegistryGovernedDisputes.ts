import { cliSuiteModule } from "../../builders";
import { buildTrustRegistryGovernedDisputesModule, DISPUTES_VARIANT } from "../../trust-registry-disputes";

/**
 * The Polycentric suite with dispute escalation and the example TEE trust registry it governs: approving or
 * re-approving a build is a proposal with a challenge window, a bonded challenge goes to the arbitration committee,
 * then a tokenholder referendum (deploy/trust-registry-disputes.ts). Parameters: `guardianExpiry` (required) in
 * `TEETrustRegistryGovernedDisputes`, committee seats in `PolycentricGovernanceDisputes`.
 */
export default cliSuiteModule(DISPUTES_VARIANT, buildTrustRegistryGovernedDisputesModule);
