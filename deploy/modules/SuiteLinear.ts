import { buildSuiteModule, cliSuiteModule, PRODUCTION } from "../builders";

/** The suite with OpenZeppelin's linear counting (one token, one vote) instead of quadratic counting. */
export default cliSuiteModule(
  { ...PRODUCTION, suffix: "Linear", counting: "linear", identity: "none" },
  buildSuiteModule,
);
