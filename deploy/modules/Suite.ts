import { buildSuiteModule, PRODUCTION } from "../builders";

/** The whole Polycentric suite; what `npm run deploy:local` and `npm run deploy:remote` deploy. */
export default buildSuiteModule(PRODUCTION);
