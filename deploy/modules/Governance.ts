import { buildGovernanceModule, cliSuiteModule, PRODUCTION } from "../builders";

/** Token + TimelockController + PolycentricGovernor, timelock roles wired per THREATS I16. */
export default cliSuiteModule(PRODUCTION, buildGovernanceModule);
