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

export const A17 = notCovered(
  "A17",
  "Proposal front-running / id collision",
  "the honest proposal stays creatable (proposer-scoped or sequential ids, strict suffix parsing); timelock salts " +
    "include the governor address",
  "no simulator module yet; scenario tests (test/scenarios/A17-front-running.test.ts) show that a copied plain " +
    "description can be spent by front-running and cancelling while Pending (ids do not include the proposer unless " +
    "the description ends with OpenZeppelin's `#proposer=` suffix, which protects the honest proposal), and that " +
    "two governors on one timelock queue identical batches without collision (salts include the governor)",
);

export const A18 = notCovered(
  "A18",
  "Cancel abuse",
  "after voting starts only governance (or a bounded guardian) can cancel; a cancelled-but-supported proposal can be " +
    "re-proposed by anyone",
  "no simulator module yet; scenario tests (test/scenarios/A18-cancel-abuse.test.ts) show the proposer cancels only " +
    "while Pending, no third party cancels even below the threshold, governance cancels a queued proposal only " +
    "through relay (slower than the timelock delay), and a cancelled proposal is re-proposed under a new description",
);
