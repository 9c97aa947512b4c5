/**
 * Delegation caps, holding period and override votes (GovernorVotesCapped + GovernorCountingQuadratic): the
 * off-chain reference of what a vote counts, used by the property tests and the simulator. Pure functions (no
 * Hardhat import). See docs/mechanism.md "Delegation caps".
 */

/** Cap fractions are in basis points of the total supply at the snapshot. */
export const CAP_DENOMINATOR = 10_000n;

/** The cap at a snapshot: ⌊supply × capFraction / 10,000⌋ (the governor's `Math.mulDiv`). */
export function capOf(supply: bigint, capFractionBps: bigint): bigint {
  return (supply * capFractionBps) / CAP_DENOMINATOR;
}

/** What a unit counts: min(raw, aged, cap). Capping never raises power. */
export function countedPower(raw: bigint, aged: bigint, cap: bigint): bigint {
  let m = raw < aged ? raw : aged;
  if (cap < m) m = cap;
  return m;
}

/** One address at a proposal's snapshot s and one holding period earlier (s − H; the same values when H = 0). */
export interface AddressAtSnapshot {
  /** The token's votes of the address (what is delegated to it) at s and at s − H. */
  votes: bigint;
  agedVotes: bigint;
  /** Its third-party delegate and balance at s and at s − H (null / 0 when self-delegated or undelegated). */
  delegate: string | null;
  balance: bigint;
  agedDelegate: string | null;
  agedBalance: bigint;
}

/** Everything the counting rule reads for one proposal. Addresses are compared lower-case. */
export interface CapsSnapshot {
  cap: bigint;
  /** The voting unit of an address at the snapshot (its identity key, or the address itself). */
  unitOf(address: string): string;
  /** The addresses bound to a unit at the snapshot (the unit's own address when it is an address). */
  membersOf(unit: string): readonly string[];
  at(address: string): AddressAtSnapshot;
}

/** The outcome of one vote or override vote in the reference model. */
export type CapsVoteOutcome =
  | {
      ok: true;
      unit: string;
      /** The unit's power after overrides (raw − taken + reclaimed): what `VoteCapped` reports as raw. */
      raw: bigint;
      aged: bigint;
      counted: bigint;
      /** For an override: the delegate's unit and the balance taken from it. */
      tookFrom?: { unit: string; delegate: string; balance: bigint; agedBalance: bigint };
    }
  | { ok: false; error: CapsVoteError };

export type CapsVoteError =
  | "GovernorAlreadyCastVote"
  | "GovernorAlreadyOverriddenVote"
  | "GovernorNoDelegatedBalance"
  | "GovernorOverrideOwnUnit"
  | "GovernorDelegateAlreadyVoted";

interface Receipt {
  status: 0 | 1 | 2;
  takenRaw: bigint;
  takenAged: bigint;
}

const sub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

/**
 * The counting rule of one proposal, vote by vote: a unit votes once (directly or by an override vote); an override
 * takes the overrider's snapshot balance from its third-party delegate's unit (which must not have voted) and its
 * balance one holding period earlier from the unit it was delegated to then (the same or an older delegate's; no aged
 * credit if that older unit already voted); the unit counts
 * min(raw − taken + reclaimed, aged − takenAged + reclaimedAged, cap).
 */
export class CapsModel {
  private readonly receipts = new Map<string, Receipt>();

  constructor(private readonly s: CapsSnapshot) {}

  private receipt(unit: string): Receipt {
    let r = this.receipts.get(unit);
    if (r === undefined) this.receipts.set(unit, (r = { status: 0, takenRaw: 0n, takenAged: 0n }));
    return r;
  }

  /** The unit's summed votes at s and s − H. */
  unitPower(unit: string): { raw: bigint; aged: bigint } {
    let raw = 0n;
    let aged = 0n;
    for (const m of this.s.membersOf(unit)) {
      const a = this.s.at(m);
      raw += a.votes;
      aged += a.agedVotes;
    }
    return { raw, aged };
  }

  /** What the unit's delegators took back so far. */
  taken(unit: string): { raw: bigint; aged: bigint } {
    const r = this.receipt(unit);
    return { raw: r.takenRaw, aged: r.takenAged };
  }

  /** `account` votes (`override`: an override vote). Mutates the model only when the vote succeeds. */
  vote(account: string, override: boolean): CapsVoteOutcome {
    const a = account.toLowerCase();
    const unit = this.s.unitOf(a);
    const mine = this.receipt(unit);
    if (mine.status !== 0) {
      return {
        ok: false,
        error: override && mine.status === 2 ? "GovernorAlreadyOverriddenVote" : "GovernorAlreadyCastVote",
      };
    }
    const power = this.unitPower(unit);
    let raw = sub(power.raw, mine.takenRaw);
    let aged = sub(power.aged, mine.takenAged);
    let tookFrom: { unit: string; delegate: string; balance: bigint; agedBalance: bigint } | undefined;
    if (override) {
      const d = this.s.at(a);
      if (d.delegate === null || d.balance === 0n) return { ok: false, error: "GovernorNoDelegatedBalance" };
      const delegateUnit = this.s.unitOf(d.delegate);
      if (delegateUnit === unit) return { ok: false, error: "GovernorOverrideOwnUnit" };
      const theirs = this.receipt(delegateUnit);
      if (theirs.status !== 0) return { ok: false, error: "GovernorDelegateAlreadyVoted" };
      let takenAged = 0n;
      let reclaimedAged = 0n;
      if (d.agedBalance !== 0n && d.agedDelegate !== null) {
        const agedUnit = this.s.unitOf(d.agedDelegate);
        if (agedUnit === delegateUnit) {
          takenAged = reclaimedAged = d.agedBalance;
        } else if (agedUnit !== unit) {
          // S1: the aged balance leaves the older delegate's unit too, unless that unit already voted with it.
          const older = this.receipt(agedUnit);
          if (older.status === 0) {
            older.takenAged += d.agedBalance;
            reclaimedAged = d.agedBalance;
          }
        }
      }
      theirs.takenRaw += d.balance;
      theirs.takenAged += takenAged;
      raw += d.balance;
      aged += reclaimedAged;
      tookFrom = { unit: delegateUnit, delegate: d.delegate, balance: d.balance, agedBalance: takenAged };
    }
    mine.status = override ? 2 : 1;
    const counted = countedPower(raw, aged, this.s.cap);
    return { ok: true, unit, raw, aged, counted, ...(tookFrom ? { tookFrom } : {}) };
  }
}
