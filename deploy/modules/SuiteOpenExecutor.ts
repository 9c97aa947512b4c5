import { buildSuiteModule, cliSuiteModule, PRODUCTION } from "../builders";

/**
 * The suite with the timelock's EXECUTOR role opened to anyone (held by the zero address). Choose this module
 * only deliberately: anyone can then run a queued operation once its ETA passes (the governor remains the only
 * proposer and canceller).
 */
export default cliSuiteModule({ ...PRODUCTION, suffix: "OpenExecutor", openExecutor: true }, buildSuiteModule);
