import { buildSuiteModule, cliSuiteModule, PRODUCTION } from "../builders";

/**
 * The suite with strict identity binding: only addresses bound to an identity at a proposal's snapshot may vote,
 * one quadratic vote per identity (`governor.sybilResistant()` is true). Set `initialAttesters` and
 * `initialAttesterExpiries` in the PolycentricGovernanceStrictIdentity parameters: without an attester nobody can
 * ever be bound, so nobody could vote.
 */
export default cliSuiteModule({ ...PRODUCTION, suffix: "StrictIdentity", identity: "strict" }, buildSuiteModule);
