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

export const A15 = notCovered(
  "A15",
  "Captured guardian / veto abuse",
  "I17 + I13: guardian can only cancel, cannot cancel its own removal, expires, and an honest majority removes it " +
    "within 2 × (votingDelay + votingPeriod + timelock)",
  "the sunset guardian has landed with dispute escalation (ProposalGuardian: cancel-only, expires after at most 180 " +
    "days, a proposal that removes or replaces it escalates instead of being cancelled; unit-tested in " +
    "test/disputes), but the recipe (a 2-of-3 captured guardian against an honest removal and 10 routine proposals, " +
    "T_remove measured) is not in the simulator yet, and the production suite does not deploy the guardian",
);
