/** The authority audit (THREATS I16, A20; guardrails issue): who can do what, through which path, until when. */
export * from "./analyze";
export * from "./collect";
export * from "./render";
