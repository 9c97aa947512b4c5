/**
 * Turns a {@link CollectedSuite} into the authority audit: every privileged power and its holder and expiry, every
 * path by which a state change can be executed, and for each path the number of distinct parties who must agree.
 *
 * Party counting:
 * - **Governance** (propose → vote → timelock): the smallest number of voting units (addresses, or identities under
 *   identity binding) whose counted power exceeds half of all counted power: they pass anything against everyone
 *   else. It is computed twice, over the current electorate (delegated votes) and over the potential one (every
 *   token holder as if self-delegated, since anyone can delegate at any time), and the smaller figure is the path's.
 * - **A direct timelock proposer** (any PROPOSER_ROLE holder besides the governor): 1 party if it can also execute or
 *   execution is open, 2 if another executor must act, none (blocked) when only the governor executes.
 * - **A power held by the timelock** (owner, AccessControl role): the weakest path into the timelock.
 * - **A power held by an address outside the suite**: 1 party; address 0 means anyone (0 parties).
 * - **An identity attester**, a **guardian** (`guardian()` returning `(address, expiry)`, or `guardian()` and
 *   `guardianExpiry()`) or an **arbitration committee** seat: 1 party, but its power expires. An expiry further
 *   ahead than the longest term the contracts grant (IdentityRegistry.MAX_ATTESTER_TERM, 730 days) is unbounded in
 *   practice and counts as none.
 * - **The arbitration committee** (discovered from the governor's dispute contract, with its guardian, referendum
 *   and hooks): its tier-0 threshold of members, until the threshold-th latest seat expiry.
 * - **An EIP-1967 proxy's admin**: upgrading replaces all of the proxy's code, so the admin (or the owner of a
 *   ProxyAdmin admin) is a path of its own: through the timelock, or 1 party.
 *
 * Counting under splitting: when the governor is not `sybilResistant()` (open identity mode, no registry), a holder
 * can split across addresses and escape both ⌊√⌋ and the per-unit cap, so the electorate is counted as raw power
 * per address (a 60 % holder is 1 party, not 2).
 *
 * Parameters (THREATS A14, I15): the timelock delay below {@link MIN_TIMELOCK_DELAY}, the voting period below
 * {@link MIN_VOTING_PERIOD} (in the governor's clock units), and every parameter the guardrails policy bounds
 * outside its [min, max] are findings naming the value and the bound.
 *
 * Without a governor (contracts run by keys, e.g. a registry as such networks launch) only the contracts' owners,
 * roles and guardians are audited.
 *
 * A path is **flagged** when fewer than two parties control it and it never expires (or only unboundedly far
 * ahead): the audit exits non-zero on any flagged path, on any deviation of the timelock wiring from THREATS I16
 * (extra holders, an open executor, a kept admin role), and on any parameter finding.
 */
import { ZeroAddress, getAddress } from "ethers";

import { GUARDRAIL_DEFAULTS } from "../guardrails";
import { isqrt } from "../isqrt";
import { concentration, type Concentration } from "../metrics";
import { TIMELOCK_ROLES, timelockWiringViolations } from "../roles";
import { DAY, formatDuration, parseClockMode, toClockUnits } from "../time";
import { roleName, type CollectedSuite, type HolderBalance, type VotingUnit } from "./collect";

/**
 * The shortest timelock delay the audit passes, in seconds: 2 days, Compound's Timelock MINIMUM_DELAY and the
 * common world's delay. It is the holders' window to exit after a vote (known risks §6); 0 leaves none.
 */
export const MIN_TIMELOCK_DELAY = 2n * DAY;
/** The shortest voting period the audit passes, in seconds (the guardrails' lower bound, THREATS A14: 3 days). */
export const MIN_VOTING_PERIOD = GUARDRAIL_DEFAULTS.bounds.votingPeriod[0];

export interface Authority {
  contract: string;
  /** "owner", a role name, "attester", … */
  power: string;
  holder: string;
  /** Who the holder is: "governor", "timelock", "anyone (address 0)", "external address". */
  holderKind: string;
  /** Unix time the power ends, or null when it never does. */
  expiry: bigint | null;
}

export interface ExecutionPath {
  name: string;
  /** What the path can do and how. */
  how: string;
  /** Distinct parties who must agree; null when the path is blocked. */
  parties: number | null;
  detail: string;
  expiry: bigint | null;
  flagged: boolean;
}

export interface AuditReport {
  suite: CollectedSuite;
  authorities: Authority[];
  paths: ExecutionPath[];
  /** Counted power of the current electorate (delegated votes) and of the potential one (all holders). */
  electorate: { current: Concentration; potential: Concentration; quorumCoalition: number | null };
  /** Deviations and flagged paths, one line each; non-empty means the audit fails. */
  findings: string[];
  exitCode: 0 | 1;
}

function flag(parties: number | null, expiry: bigint | null, horizon: bigint | null = null): boolean {
  return parties !== null && parties < 2 && (expiry === null || (horizon !== null && expiry > horizon));
}

/** Parameter findings: the timelock delay, the voting period, and the values the guardrails policy bounds. */
function parameterFindings(suite: CollectedSuite): string[] {
  const out: string[] = [];
  const gov = suite.governor;
  if (suite.timelock && suite.timelock.minDelay < MIN_TIMELOCK_DELAY) {
    out.push(
      `timelock delay ${suite.timelock.minDelay} s (${formatDuration(suite.timelock.minDelay)}) below the minimum ` +
        `${MIN_TIMELOCK_DELAY} s (${formatDuration(MIN_TIMELOCK_DELAY)})`,
    );
  }
  if (gov) {
    let mode: ReturnType<typeof parseClockMode> | null = null;
    try {
      mode = parseClockMode(gov.clockMode);
    } catch {
      out.push(`governor clock mode "${gov.clockMode}" unsupported: the voting period cannot be checked`);
    }
    const min = mode === null ? null : toClockUnits(MIN_VOTING_PERIOD, mode);
    if (min !== null && gov.votingPeriod < min) {
      out.push(
        `voting period ${gov.votingPeriod} clock units below the minimum ${min} ` +
          `(${formatDuration(MIN_VOTING_PERIOD)} in ${mode} units)`,
      );
    }
  }
  for (const r of suite.guardrails?.rules ?? []) {
    if (r.value === null) continue;
    if (r.value < r.min || r.value > r.max) {
      out.push(`governor parameter ${r.name} = ${r.value} outside the policy bounds [${r.min}, ${r.max}]`);
    }
  }
  return out;
}

/** When `count` of `seats` last hold together: the count-th latest expiry (null if there are fewer seats). */
function thresholdExpiry(expiries: readonly bigint[], count: number): bigint | null {
  const sorted = [...expiries].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0));
  return count >= 1 && count <= sorted.length ? sorted[count - 1]! : null;
}

/** Smallest number of the largest units whose raw power reaches `quorum` (null if all of them together do not). */
export function quorumCoalition(units: readonly VotingUnit[], quorum: bigint): number | null {
  const raw = units.map((u) => u.raw).sort((a, b) => (b > a ? 1 : b < a ? -1 : 0));
  let sum = 0n;
  for (const [i, r] of raw.entries()) {
    sum += r;
    if (sum >= quorum) return i + 1;
  }
  return null;
}

/** The potential electorate: every holder as one unit per identity (or address), counted as the governor counts. */
export function potentialUnits(holders: readonly HolderBalance[], quadratic: boolean): VotingUnit[] {
  const units = new Map<string, VotingUnit>();
  for (const h of holders) {
    if (h.balance === 0n) continue;
    const key = h.identity === 0n ? getAddress(h.address) : `identity #${h.identity}`;
    const u = units.get(key) ?? { unit: key, members: [], raw: 0n, counted: 0n };
    u.members.push(getAddress(h.address));
    u.raw += h.balance;
    units.set(key, u);
  }
  return [...units.values()].map((u) => ({ ...u, counted: quadratic ? isqrt(u.raw) : u.raw }));
}

type Governor = NonNullable<CollectedSuite["governor"]>;
type Timelock = NonNullable<CollectedSuite["timelock"]>;

/**
 * The governance path and the timelock's own paths (direct proposers, admins outside the timelock); pushes them and
 * the timelock's roles, records I16 deviations, and returns the parties of the weakest path into the timelock.
 */
function governanceAndTimelock(
  gov: Governor,
  tl: Timelock,
  electorate: { current: Concentration; potential: Concentration; coalition: number | null },
  kindOf: (a: string) => string,
  authorities: Authority[],
  paths: ExecutionPath[],
  findings: string[],
): number | null {
  const { current, potential, coalition } = electorate;
  const candidates = [current, potential].filter((c) => c.holders > 0).map((c) => c.nakamoto);
  const governanceParties = candidates.length === 0 ? null : Math.min(...candidates);
  paths.push({
    name: "governance",
    how:
      `propose (≥ ${gov.proposalThreshold} votes) → vote (${gov.votingPeriod} clock units after a ` +
      `delay of ${gov.votingDelay}) → timelock (${tl.minDelay} s) → execute`,
    parties: governanceParties,
    detail:
      governanceParties === null
        ? "no voting power exists outside the suite's contracts"
        : `counted-power Nakamoto (> 50 %): ${current.nakamoto} of ${current.holders} delegated units now, ` +
          `${potential.nakamoto} of ${potential.holders} holders if everyone delegated; ` +
          `${coalition ?? "no"} unit(s) reach the quorum of ${gov.quorum} unopposed`,
    expiry: null,
    flagged: flag(governanceParties, null),
  });

  const members = (role: string) => [...(tl.roles.get(role) ?? [])];
  for (const [role, set] of tl.roles) {
    for (const holder of set) {
      authorities.push({
        contract: "timelock",
        power: roleName(role),
        holder,
        holderKind: kindOf(holder),
        expiry: null,
      });
    }
  }
  const executors = members(TIMELOCK_ROLES.EXECUTOR_ROLE);
  const parties: number[] = governanceParties === null ? [] : [governanceParties];
  for (const p of members(TIMELOCK_ROLES.PROPOSER_ROLE)) {
    if (p === gov.address) continue;
    const n =
      executors.includes(ZeroAddress) || executors.includes(p)
        ? 1
        : executors.some((e) => e !== gov.address)
          ? 2
          : null;
    paths.push({
      name: `timelock proposer ${p}`,
      how: `schedule any call directly on the timelock, execute after ${tl.minDelay} s`,
      parties: n,
      detail:
        n === null
          ? "blocked: only the governor executes, and it executes only its own proposals"
          : n === 1
            ? "the proposer can also execute (or execution is open to anyone)"
            : "the proposer and another executor",
      expiry: null,
      flagged: flag(n, null),
    });
    if (n !== null) parties.push(n);
  }
  for (const a of members(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE)) {
    if (a === tl.address) continue;
    paths.push({
      name: `timelock admin ${a}`,
      how: "grant itself the proposer and executor roles, then schedule and execute any call",
      parties: 1,
      detail: "DEFAULT_ADMIN_ROLE outside the timelock",
      expiry: null,
      flagged: true,
    });
    parties.push(1);
  }
  for (const v of timelockWiringViolations(tl.roles, {
    timelock: tl.address,
    governor: gov.address,
    openExecutor: false,
  })) {
    findings.push(`I16 timelock wiring: ${v.replace(ZeroAddress, "address 0 (anyone)")}`);
  }
  return parties.length === 0 ? null : Math.min(...parties);
}

export function analyze(suite: CollectedSuite): AuditReport {
  const governor = suite.governor?.address ?? null;
  const timelock = suite.timelock?.address ?? null;
  const kindOf = (a: string): string =>
    a === governor
      ? "governor"
      : a === timelock
        ? "timelock"
        : a === ZeroAddress
          ? "anyone (address 0)"
          : "external address";
  const authorities: Authority[] = [];
  const paths: ExecutionPath[] = [];
  const findings: string[] = [];

  // A seat expiring later than now + the longest term the contracts grant is unbounded in practice.
  const horizon = suite.timestamp + suite.maxSeatTerm;
  const sqrtCounts = (suite.governor?.quadratic ?? false) && !(suite.governor?.splittable ?? true);
  const current = concentration(suite.electorate.map((u) => u.counted));
  const potential = concentration(potentialUnits(suite.holders, sqrtCounts).map((u) => u.counted));
  const coalition = suite.governor ? quorumCoalition(suite.electorate, suite.governor.quorum) : null;
  const viaTimelock =
    suite.governor && suite.timelock
      ? governanceAndTimelock(
          suite.governor,
          suite.timelock,
          { current, potential, coalition },
          kindOf,
          authorities,
          paths,
          findings,
        )
      : null;

  // --- Every other contract in scope: owners and AccessControl roles ----------------------------------------------
  for (const c of suite.contracts) {
    if (c.address === timelock) continue;
    if (c.guardian !== null) {
      const g = c.guardian;
      const expired = g.expiry !== null && g.expiry <= suite.timestamp;
      authorities.push({
        contract: c.label,
        power: "guardian",
        holder: g.address,
        holderKind: kindOf(g.address),
        expiry: g.expiry,
      });
      paths.push({
        name: `${c.label} guardian`,
        how: `the guardian's own powers on ${c.label} (${c.address}), alone`,
        parties: expired ? null : 1,
        detail: expired
          ? `sunset passed at ${g.expiry}: no power left`
          : g.expiry === null
            ? "no expiry: it acts until governance removes it"
            : g.expiry > horizon
              ? `until ${g.expiry}, later than now + ${suite.maxSeatTerm} s: unbounded in practice`
              : `until its sunset at ${g.expiry}`,
        expiry: g.expiry,
        flagged: flag(expired ? null : 1, g.expiry, horizon),
      });
    }
    if (c.proxy !== null) {
      // Upgrading replaces the proxy's code: the admin (or its ProxyAdmin's owner) decides everything `owner()`
      // through the proxy appears to govern.
      const { admin, adminOwner } = c.proxy;
      const holder = adminOwner ?? admin;
      const power = adminOwner === null ? "proxy admin (upgrade)" : `proxy admin ${admin} owner (upgrade)`;
      authorities.push({ contract: c.label, power, holder, holderKind: kindOf(holder), expiry: null });
      const parties = holder === timelock || holder === governor ? viaTimelock : holder === ZeroAddress ? 0 : 1;
      paths.push({
        name: `${c.label} upgrade → ${kindOf(holder) === "external address" ? holder : kindOf(holder)}`,
        how: `upgrade ${c.label} (${c.address}) to any code: EIP-1967 admin ${admin}${adminOwner === null ? "" : `, owned by ${adminOwner}`}`,
        parties,
        detail:
          holder === timelock || holder === governor
            ? "exercised only through the timelock: the weakest path into it"
            : adminOwner === null
              ? "the admin itself, one party"
              : "the ProxyAdmin's owner, one party",
        expiry: null,
        flagged: flag(parties, null),
      });
    }
    const powers: { power: string; holder: string }[] = [];
    if (c.owner !== null && c.owner !== ZeroAddress) powers.push({ power: "owner", holder: c.owner });
    for (const [role, set] of c.roles ?? []) for (const h of set) powers.push({ power: roleName(role), holder: h });
    for (const { power, holder } of powers) {
      authorities.push({ contract: c.label, power, holder, holderKind: kindOf(holder), expiry: null });
      const parties = holder === timelock || holder === governor ? viaTimelock : holder === ZeroAddress ? 0 : 1;
      paths.push({
        name: `${c.label} ${power} → ${kindOf(holder) === "external address" ? holder : kindOf(holder)}`,
        how: `${power} of ${c.label} (${c.address}) held by ${kindOf(holder)} ${holder}`,
        parties,
        detail:
          holder === timelock || holder === governor
            ? "exercised only through the timelock: the weakest path into it"
            : holder === ZeroAddress
              ? "anyone"
              : "one key",
        expiry: null,
        flagged: flag(parties, null),
      });
    }
  }

  // --- Guardrails policy: only governance edits its meta-governance registry (bounds are immutable) ------------------
  if (suite.guardrails) {
    const gr = suite.guardrails;
    authorities.push({
      contract: "guardrails policy",
      power: "governance (edits the meta-governance registry)",
      holder: gr.governance,
      holderKind: kindOf(gr.governance),
      expiry: null,
    });
    const parties = gr.governance === timelock || gr.governance === governor ? viaTimelock : 1;
    paths.push({
      name: "guardrails registry governance",
      how: "classify (target, selector) pairs as meta-governance (setMetaGovernance); bounds are immutable",
      parties,
      detail:
        gr.governance === timelock
          ? `the timelock, by a meta-governance proposal (super-quorum ${Number(gr.superQuorumBps) / 100} %)`
          : `held by ${gr.governance}`,
      expiry: null,
      flagged: flag(parties, null),
    });
  }

  // --- Identity registry: its governance and the attesters ----------------------------------------------------------
  if (suite.registry) {
    const r = suite.registry;
    authorities.push({
      contract: "identity registry",
      power: "governance (appoints attesters)",
      holder: r.governance,
      holderKind: kindOf(r.governance),
      expiry: null,
    });
    const parties = r.governance === timelock || r.governance === governor ? viaTimelock : 1;
    paths.push({
      name: "identity registry governance",
      how: "appoint or remove attesters (setAttester / removeAttester)",
      parties,
      detail: r.governance === timelock ? "the timelock: the weakest path into it" : `held by ${r.governance}`,
      expiry: null,
      flagged: flag(parties, null),
    });
    for (const a of r.attesters) {
      const expired = a.expiry <= suite.timestamp;
      const unbounded = !expired && a.expiry > horizon;
      authorities.push({
        contract: "identity registry",
        power: "attester",
        holder: a.address,
        holderKind: kindOf(a.address),
        expiry: a.expiry,
      });
      paths.push({
        name: `attester ${a.address}`,
        how: "bind addresses to identities (changes who counts as one voter)",
        parties: expired ? null : 1,
        detail: expired
          ? `expired at ${a.expiry}`
          : unbounded
            ? `until ${a.expiry}, later than now + ${suite.maxSeatTerm} s: unbounded in practice`
            : `until ${a.expiry}`,
        expiry: a.expiry,
        flagged: flag(expired ? null : 1, a.expiry, horizon),
      });
    }
  }

  // --- Dispute contracts (discovered from the governor): their governance and the committee's seats ---------------
  if (suite.disputes) {
    const d = suite.disputes;
    const governed: [string, string, string][] = [["dispute escalation", d.governance, "dispute parameters and hooks"]];
    if (d.committee) governed.push(["arbitration committee", d.committee.governance, "seats and thresholds"]);
    if (d.guardianGovernance) governed.push(["proposal guardian", d.guardianGovernance, "the guardian and its term"]);
    for (const [label, holder, what] of governed) {
      authorities.push({
        contract: label,
        power: `governance (${what})`,
        holder,
        holderKind: kindOf(holder),
        expiry: null,
      });
      const parties = holder === timelock || holder === governor ? viaTimelock : 1;
      paths.push({
        name: `${label} governance`,
        how: `set ${what} of ${label}`,
        parties,
        detail: holder === timelock ? "the timelock: the weakest path into it" : `held by ${holder}`,
        expiry: null,
        flagged: flag(parties, null),
      });
    }
    if (d.committee) {
      const c = d.committee;
      const active = c.seats.filter((s) => s.expiry > suite.timestamp);
      for (const s of c.seats) {
        authorities.push({
          contract: "arbitration committee",
          power: "member",
          holder: s.address,
          holderKind: kindOf(s.address),
          expiry: s.expiry,
        });
      }
      const threshold = Number(c.thresholds[0] < c.thresholds[1] ? c.thresholds[0] : c.thresholds[1]);
      const until = thresholdExpiry(
        active.map((s) => s.expiry),
        threshold,
      );
      paths.push({
        name: "arbitration committee",
        how: `rule disputes (${threshold} of ${active.length} active members); the referendum tier decides last`,
        parties: until === null ? null : threshold,
        detail:
          until === null
            ? `fewer than ${threshold} active member(s): the committee tiers escalate to the referendum`
            : until > horizon
              ? `until ${until}, later than now + ${suite.maxSeatTerm} s: unbounded in practice`
              : `until the ${threshold}-th latest seat expiry, ${until}`,
        expiry: until,
        flagged: flag(until === null ? null : threshold, until, horizon),
      });
      for (const s of active) {
        if (s.expiry > horizon) {
          findings.push(
            `seat unbounded in practice: arbitration committee member ${s.address} until ${s.expiry}, later than ` +
              `now + ${suite.maxSeatTerm} s (the longest term the contracts grant)`,
          );
        }
      }
    }
  }

  findings.push(...parameterFindings(suite));

  for (const p of paths) {
    if (p.flagged) {
      const who = p.parties === 0 ? "anyone" : `${p.parties} party`;
      findings.push(
        p.expiry === null
          ? `single party without expiry: ${p.name} (${who}): ${p.detail}`
          : `single party unbounded in practice: ${p.name} (${who}): ${p.detail}`,
      );
    }
  }
  return {
    suite,
    authorities,
    paths,
    electorate: { current, potential, quorumCoalition: coalition },
    findings,
    exitCode: findings.length === 0 ? 0 : 1,
  };
}
