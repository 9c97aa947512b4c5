import { buildSuiteModule, PRODUCTION } from "../builders";

/** The suite with OpenZeppelin's linear counting (one token, one vote) instead of quadratic counting. */
export default buildSuiteModule({ ...PRODUCTION, suffix: "Linear", counting: "linear", identity: "none" });
