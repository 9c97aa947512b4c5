/**
 * Real-data replays through both systems (issue "Attack simulator and drift analysis"):
 *
 * - {@link replayVotes}: proposals from a CSV in the normalized votes schema (data/real
 *   onchain-votes/votes_normalized.csv) replayed with real `castVote` transactions from the real voter addresses
 *   through the stock OpenZeppelin baseline and Polycentric (quadratic counting, identity registry, optional Sybil
 *   clusters bound to one identity each); per proposal the outcome and the Nakamoto coefficient of counted power
 *   under each system, and whether the outcome flips.
 * - {@link replayDistribution}: a whole electorate from an `address,balance_wei` distribution (e.g. the ENS
 *   airdrop), every holder voting once on each system; concentration metrics and Lorenz curves of counted power.
 *
 * Speed comes from batching (lib/replay/chain.ts). Both leave the Hardhat network as they found it (evm_snapshot /
 * evm_revert). `npx hardhat replay` (tasks/replay.ts) is the command-line front end.
 */
export * from "./chain";
export * from "./distribution";
export * from "./format";
export * from "./plan";
export * from "./systems";
export * from "./votes";
