import { buildSuiteModule, cliSuiteModule, PRODUCTION } from "../builders";

/**
 * The whole Polycentric suite, what `npm run deploy:local` and `npm run deploy:remote` deploy: quadratic counting
 * with an identity registry in *open* mode. Open mode works from day one (unbound addresses vote as themselves)
 * but is splittable: `governor.sybilResistant()` is false until the DAO moves to a strict-mode deployment
 * (SuiteStrictIdentity.ts) with attesters.
 */
export default cliSuiteModule(PRODUCTION, buildSuiteModule);
