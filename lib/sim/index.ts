/** The attack simulator: seeded PRNG, rate statistics, the common world, invariant checks and the THREATS recipes. */
export * from "./attack";
export * from "./attacks";
export * from "./baseline";
export * from "./context";
export * from "./invariants";
export * from "./lifecycle-timing";
export * from "./prng";
export * from "./recipes";
export * from "./run";
export * from "./stats";
export * from "./table";
export * from "./types";
export * from "./world";
export * from "./scenarios";
