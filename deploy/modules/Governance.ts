import { buildGovernanceModule, PRODUCTION } from "../builders";

/** Token + TimelockController + PolycentricGovernor, timelock roles wired per THREATS I16. */
export default buildGovernanceModule(PRODUCTION);
