/**
 * The THREATS.md attacks whose Polycentric defense has not landed yet. Each says which mechanism is missing; the
 * simulator reports them as "not covered" (never as passed) and runs nothing.
 */
import { notCovered } from "../attack";

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
