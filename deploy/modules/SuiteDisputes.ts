import { buildSuiteModule, cliSuiteModule, PRODUCTION } from "../builders";

/**
 * The suite with dispute escalation: every proposal that succeeds has a challenge window (2 days; 4 for proposals
 * touching governance contracts) before it can be queued; a bonded challenge climbs at most three tiers
 * (ArbitrationCommittee, the committee on appeal, a TokenholderReferendum) and is final within T_max (20 days with
 * the defaults; docs/mechanism.md). Set `committeeMembers` / `committeeExpiries` and optionally `guardian` /
 * `guardianExpiry` in the PolycentricGovernanceDisputes parameters (deploy/parameters/disputes.example.json):
 * without members, every dispute goes straight to the tokenholder referendum.
 */
export default cliSuiteModule({ ...PRODUCTION, suffix: "Disputes", disputes: true }, buildSuiteModule);
