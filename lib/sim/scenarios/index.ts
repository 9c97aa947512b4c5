/** The AI-network scenarios (docs/examples/ai-network.md): a trust registry under one key vs under Polycentric. */
export * from "./a-capital-capture";
export * from "./b-hidden-role";
export * from "./c-contested-reversal";
export {
  captureProposal,
  COMPROMISED_BUILD,
  decodeScenarioError,
  formatSpan,
  formatWeight,
  FOUNDATION_BUILD,
  hiddenKeyRevocationProposal,
  reversalProposal,
  TEE_TYPE,
  UNREVIEWED_BUILD,
} from "./common";
export * from "./run";
export * from "./table";
export * from "./types";
export * from "./world";
