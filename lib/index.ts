/** Pure and Hardhat-network helpers shared by tests, scripts and tasks. */
export * from "./csv";
export * from "./data";
export * from "./enums";
export * from "./env";
export * from "./gas";
export * from "./governor-helper";
export * from "./isqrt";
export * from "./metrics";
export * from "./params";
export * from "./proposal";
export * from "./replay";
export * from "./report";
export * from "./roles";
export * from "./suite";
export * from "./time";
export * from "./units";
export * from "./sim";
