import { ZeroAddress, ZeroHash, getAddress, id, type BaseContract, type EventLog, type Log } from "ethers";

/** TimelockController role ids. */
export const TIMELOCK_ROLES = {
  DEFAULT_ADMIN_ROLE: ZeroHash,
  PROPOSER_ROLE: id("PROPOSER_ROLE"),
  EXECUTOR_ROLE: id("EXECUTOR_ROLE"),
  CANCELLER_ROLE: id("CANCELLER_ROLE"),
} as const;
export type TimelockRoleName = keyof typeof TIMELOCK_ROLES;

/** A role change as read from `RoleGranted` / `RoleRevoked` events. */
export interface RoleEvent {
  kind: "granted" | "revoked";
  role: string;
  account: string;
}

/**
 * Replays role events in order and returns the current members of every role seen. TimelockController is not
 * AccessControlEnumerable, so its events are the only complete record of who holds what (THREATS A20).
 */
export function replayRoleEvents(events: readonly RoleEvent[]): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const e of events) {
    const set = members.get(e.role) ?? new Set<string>();
    const account = getAddress(e.account);
    if (e.kind === "granted") set.add(account);
    else set.delete(account);
    members.set(e.role, set);
  }
  return members;
}

/** Reads every RoleGranted/RoleRevoked event of an AccessControl contract, in chain order. */
export async function readRoleEvents(contract: BaseContract, fromBlock = 0): Promise<RoleEvent[]> {
  const [granted, revoked] = await Promise.all([
    contract.queryFilter(contract.filters.RoleGranted!(), fromBlock),
    contract.queryFilter(contract.filters.RoleRevoked!(), fromBlock),
  ]);
  const order = (l: Log) => [l.blockNumber, l.index] as const;
  const all = [
    ...granted.map((l) => ({ l, kind: "granted" as const })),
    ...revoked.map((l) => ({ l, kind: "revoked" as const })),
  ].sort((a, b) => {
    const [ab, ai] = order(a.l);
    const [bb, bi] = order(b.l);
    return ab - bb || ai - bi;
  });
  return all.map(({ l, kind }) => {
    const args = (l as EventLog).args;
    return { kind, role: args.role as string, account: args.account as string };
  });
}

/** What the I16 wiring must look like for a given deployment. */
export interface TimelockWiringExpectation {
  timelock: string;
  governor: string;
  /** True when the deployer explicitly opened execution to anyone (EXECUTOR held by the zero address). */
  openExecutor: boolean;
}

/**
 * THREATS I16 / A20: returns one line per deviation from the expected timelock role members (an empty array
 * means the wiring is sound). The timelock may administer itself; nobody else may hold any role.
 */
export function timelockWiringViolations(
  members: Map<string, Set<string>>,
  expected: TimelockWiringExpectation,
): string[] {
  const governor = getAddress(expected.governor);
  const want: Record<TimelockRoleName, string[]> = {
    DEFAULT_ADMIN_ROLE: [getAddress(expected.timelock)],
    PROPOSER_ROLE: [governor],
    CANCELLER_ROLE: [governor],
    EXECUTOR_ROLE: [expected.openExecutor ? ZeroAddress : governor],
  };
  const violations: string[] = [];
  for (const [name, role] of Object.entries(TIMELOCK_ROLES) as [TimelockRoleName, string][]) {
    const have = [...(members.get(role) ?? [])].sort();
    const should = [...want[name]].sort();
    for (const a of have) if (!should.includes(a)) violations.push(`${name} held by unexpected ${a}`);
    for (const a of should) if (!have.includes(a)) violations.push(`${name} missing ${a}`);
  }
  const known = new Set<string>(Object.values(TIMELOCK_ROLES));
  for (const [role, set] of members) {
    if (!known.has(role) && set.size > 0) violations.push(`unknown role ${role} held by ${[...set].join(", ")}`);
  }
  return violations;
}
