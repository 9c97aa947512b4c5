import { buildTokenModule, PRODUCTION } from "../builders";

/** PolycentricToken: fixed supply minted to `initialHolder` (default: the deployer). */
export default buildTokenModule(PRODUCTION);
