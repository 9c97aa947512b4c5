import { buildTrustRegistrySingleAdminModule } from "../../trust-registry";

/** The example TEE trust registry run by one admin key, as such networks launch (see deploy/trust-registry.ts). */
export default buildTrustRegistrySingleAdminModule();
