/**
 * The THREATS.md attacks whose Polycentric defense has not landed yet. Each says which mechanism is missing; the
 * simulator reports them as "not covered" (never as passed) and runs nothing.
 */
import { notCovered } from "../attack";

export const A6 = notCovered(
  "A6",
  "Vote buying / bribery contracts",
  "a delegation market is capped like any delegate; a pivotal freshly-empowered delegate escalates to DE; " +
    "cost-to-flip reported against the treasury at stake",
  "the vote-buying defenses have not all landed: delegation caps (I6) and the holding period have (a market is " +
    "capped like any delegate; see A4), and dispute escalation has a hook a module can call to send a proposal to the " +
    "longer escalated window (DisputeEscalation.markForEscalation), but no module yet detects a pivotal, freshly " +
    "empowered delegate, vote locks and commit-reveal ballots have not landed, and no market recipe is written yet",
);
