/**
 * Reads a deployed governance suite over any JSON-RPC provider (no artifacts needed, so it works on any network and
 * on the stock OpenZeppelin governor too): the governor's settings and counting, the timelock's role members (from
 * their events: TimelockController is not enumerable), the identity registry's attesters and their expiries, the
 * dispute contracts the governor is bound to (committee seats, proposal guardian, hooks), the guardrails policy's
 * bounds with the governor's current values, the owner, AccessControl roles, guardian and EIP-1967 proxy admin of
 * every contract in scope, and the electorate's current voting units.
 *
 * Every probe of an optional feature (an identity registry, `owner()`, AccessControl, `countedVotes`) is a static
 * call that may revert or return nothing: absence is recorded, never guessed.
 */
import {
  AbiCoder,
  Contract,
  ZeroAddress,
  ZeroHash,
  dataLength,
  getAddress,
  id,
  isAddress,
  toBeHex,
  type Provider,
} from "ethers";

import { isqrt } from "../isqrt";
import { readRoleEvents, replayRoleEvents } from "../roles";
import { DAY } from "../time";

/**
 * The longest term the suite's contracts give any single-party seat (IdentityRegistry.MAX_ATTESTER_TERM, 730 days;
 * read from the registry when the suite has one). A seat (guardian, attester, committee member) whose expiry lies
 * further ahead than this is unbounded in practice: a finite but far expiry (e.g. 2126) is no sunset.
 */
export const MAX_SEAT_TERM = 730n * DAY;

/** EIP-1967 slots: bytes32(uint256(keccak256("eip1967.proxy.<name>")) - 1). */
const eip1967Slot = (name: string): string => toBeHex(BigInt(id(`eip1967.proxy.${name}`)) - 1n, 32);
/** The proxy's admin (a ProxyAdmin under OpenZeppelin's TransparentUpgradeableProxy). */
export const EIP1967_ADMIN_SLOT = eip1967Slot("admin");
/** The proxy's implementation. */
export const EIP1967_IMPLEMENTATION_SLOT = eip1967Slot("implementation");

/** Role names recognised in AccessControl contracts (others are shown by their hash). */
export const KNOWN_ROLE_NAMES = [
  "DEFAULT_ADMIN_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
  "ADMIN_ROLE",
  "GOVERNOR_ROLE",
  "GUARDIAN_ROLE",
  "OPERATOR_ROLE",
  "MINTER_ROLE",
  "PAUSER_ROLE",
  "UPGRADER_ROLE",
  "REGISTRAR_ROLE",
  "ATTESTER_ROLE",
  "TEE_ADMIN_ROLE",
  "MEASUREMENT_ADMIN_ROLE",
] as const;

/** keccak256(name) → name (DEFAULT_ADMIN_ROLE is 0x00…00). */
export const ROLE_NAMES: ReadonlyMap<string, string> = new Map(
  KNOWN_ROLE_NAMES.map((n) => [n === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(n), n] as const),
);

export function roleName(role: string): string {
  return ROLE_NAMES.get(role) ?? role;
}

const GOVERNOR_ABI = [
  "function name() view returns (string)",
  "function token() view returns (address)",
  "function timelock() view returns (address)",
  "function votingDelay() view returns (uint256)",
  "function votingPeriod() view returns (uint256)",
  "function proposalThreshold() view returns (uint256)",
  "function quorum(uint256) view returns (uint256)",
  "function clock() view returns (uint48)",
  "function CLOCK_MODE() view returns (string)",
  "function COUNTING_MODE() view returns (string)",
  "function identityRegistry() view returns (address)",
  "function sybilResistant() view returns (bool)",
  "function countedVotes(address, uint256) view returns (uint256)",
  "function proposalPolicy() view returns (address)",
  "function disputes() view returns (address)",
  "function proposalGuardian() view returns (address)",
];
const TIMELOCK_ABI = ["function getMinDelay() view returns (uint256)"];
const ACCESS_ABI = [
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
  "function supportsInterface(bytes4) view returns (bool)",
  "function owner() view returns (address)",
  "function guardianExpiry() view returns (uint64)",
];
const DISPUTES_ABI = [
  "event GovernorBound(address indexed governor)",
  "event HookSet(address indexed hook, bool oldAllowed, bool newAllowed)",
  "function governor() view returns (address)",
  "function governance() view returns (address)",
  "function committee() view returns (address)",
  "function referendum() view returns (address)",
  "function proposalGuardian() view returns (address)",
  "function isHook(address) view returns (bool)",
];
const COMMITTEE_ABI = [
  "function governance() view returns (address)",
  "function members() view returns (address[])",
  "function memberExpiry(address) view returns (uint48)",
  "function threshold(uint8) view returns (uint8)",
];
const REGISTRY_ABI = [
  "event AttesterSet(address indexed attester, uint48 oldExpiry, uint48 newExpiry)",
  "function governance() view returns (address)",
  "function attesterExpiry(address) view returns (uint48)",
  "function identityOf(address) view returns (uint256)",
  "function maxAddressesPerIdentity() view returns (uint256)",
  "function MAX_ATTESTER_TERM() view returns (uint48)",
];
const TOKEN_ABI = [
  "event DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)",
  "function getVotes(address) view returns (uint256)",
  "function getPastVotes(address, uint256) view returns (uint256)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
  "function symbol() view returns (string)",
];
const IACCESS_CONTROL = "0x7965db0b";

/** A contract in the audit's scope. */
export interface AuditedContract {
  label: string;
  address: string;
  /** `owner()` when the contract answers it (Ownable), else null. */
  owner: string | null;
  /** AccessControl role members (role id → members), from RoleGranted / RoleRevoked events; null if not AccessControl. */
  roles: Map<string, Set<string>> | null;
  /**
   * A guardian with a sunset, when the contract has one appointed: `guardian()` returning `(address, expiry)`
   * (ProposalGuardian), or `guardian()` and `guardianExpiry()` (the example TEE trust registry), or on the governor
   * OpenZeppelin's `proposalGuardian()`. `expiry` is null when the contract exposes none: a guardian without a sunset.
   */
  guardian: { address: string; expiry: bigint | null } | null;
  /**
   * An EIP-1967 proxy's admin (the admin slot) and, when the admin is a contract answering `owner()` (a ProxyAdmin),
   * that owner: whoever upgrades the proxy replaces all of its code. Null when the admin slot is empty.
   */
  proxy: { admin: string; adminOwner: string | null; implementation: string } | null;
}

/** An arbitration committee seat: one member's term. */
export interface CommitteeSeat {
  address: string;
  expiry: bigint;
}

/** The governor's dispute contracts (GovernorDisputable), discovered from the governor. */
export interface CollectedDisputes {
  address: string;
  /** Who sets the dispute parameters, hooks and the guardian (the timelock). */
  governance: string;
  committee: {
    address: string;
    governance: string;
    seats: CommitteeSeat[];
    /** Votes needed at tier 0 and at tier 1 (appeal). */
    thresholds: [bigint, bigint];
  } | null;
  referendum: string | null;
  /** The ProposalGuardian contract, and who appoints its guardian (`governance()`: the timelock). */
  guardian: string | null;
  guardianGovernance: string | null;
  /** Hooks currently allowed (HookSet events, checked with isHook). */
  hooks: string[];
}

export interface Attester {
  address: string;
  /** Unix time (the registry's clock) when the attester's power ends. */
  expiry: bigint;
}

/** One voting unit of the electorate: an address, or an identity grouping bound addresses. */
export interface VotingUnit {
  /** The address, or `identity #n` for a bound identity. */
  unit: string;
  members: string[];
  /** Raw power (token votes, capped where the governor caps). */
  raw: bigint;
  /** Power as the governor counts it: raw, or ⌊√raw⌋ under quadratic counting. */
  counted: bigint;
}

/** A token holder outside the suite's own contracts, for the potential electorate. */
export interface HolderBalance {
  address: string;
  balance: bigint;
  /** Identity the address is bound to (0n when unbound or without a registry). */
  identity: bigint;
}

/** The governor's guardrails policy (GovernancePolicy), when it has one. */
export interface CollectedGuardrails {
  address: string;
  governance: string;
  superQuorumBps: bigint;
  maxActions: bigint;
  changeInterval: bigint;
  /**
   * One per ruled setter; `name` from the getter's selector when it is a known governor getter, `value` the
   * governor's current value read through the rule's getter (null when the rule has none or the call fails).
   */
  rules: { name: string; setter: string; min: bigint; max: bigint; lastChange: bigint; value: bigint | null }[];
  /** The current meta-governance registry (entries set and not removed), from MetaGovernanceRuleSet events. */
  metaRules: { target: string; selector: string }[];
}

export interface CollectedSuite {
  chainId: bigint;
  blockNumber: number;
  /** The chain time at `blockNumber`, unix seconds. */
  timestamp: bigint;
  /** Null for contracts audited without a governor: no governance, no timelock, no electorate. */
  governor: {
    address: string;
    name: string;
    clockMode: string;
    countingMode: string;
    quadratic: boolean;
    votingDelay: bigint;
    votingPeriod: bigint;
    proposalThreshold: bigint;
    /** Quorum at the latest past timepoint. */
    quorum: bigint;
    sybilResistant: boolean | null;
    /**
     * True unless `sybilResistant()` is true: one holder can split across addresses, so the electorate is counted
     * as raw, uncapped power per address (⌊√⌋ and the cap only bind a unit that cannot split).
     */
    splittable: boolean;
    /** True when the governor exposes `countedVotes` (delegation caps): the electorate is read through it. */
    capped: boolean;
  } | null;
  token: { address: string; symbol: string; totalSupply: bigint } | null;
  timelock: { address: string; minDelay: bigint; roles: Map<string, Set<string>> } | null;
  registry: { address: string; governance: string; attesters: Attester[]; maxAddressesPerIdentity: bigint } | null;
  /** The dispute contracts the governor is bound to, or null when it has none (or does not expose them). */
  disputes: CollectedDisputes | null;
  /** The longest seat term the audit accepts as a sunset, in seconds (see {@link MAX_SEAT_TERM}). */
  maxSeatTerm: bigint;
  /** Null when the governor has no guardrails policy (or none is bound). */
  guardrails: CollectedGuardrails | null;
  contracts: AuditedContract[];
  electorate: VotingUnit[];
  /** Every current holder except the governor and the timelock (whose tokens vote only through governance itself). */
  holders: HolderBalance[];
}

async function optional<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch {
    return null;
  }
}

async function auditContract(
  label: string,
  address: string,
  provider: Provider,
  fromBlock: number,
): Promise<AuditedContract> {
  const c = new Contract(address, ACCESS_ABI, provider);
  const owner = await optional(async () => getAddress((await c.owner!()) as string));
  const isAccessControl =
    (await optional(async () => (await c.supportsInterface!(IACCESS_CONTROL)) as boolean)) === true;
  const roles = isAccessControl ? replayRoleEvents(await readRoleEvents(c, fromBlock)) : null;
  return {
    label,
    address: getAddress(address),
    owner,
    roles,
    guardian: await readGuardian(c, address, provider),
    proxy: await readProxy(address, provider),
  };
}

/**
 * `guardian()` is read raw: ProposalGuardian returns `(address, uint48 expiry)` in one call, the example registry
 * returns the address and has `guardianExpiry()`. Decoding the pair with a one-value ABI silently drops the expiry,
 * which once hid a guardian entirely; the return length tells the two apart.
 */
async function readGuardian(c: Contract, address: string, provider: Provider): Promise<AuditedContract["guardian"]> {
  const data = await optional(async () => provider.call({ to: address, data: id("guardian()").slice(0, 10) }));
  if (data === null || dataLength(data) < 32) return null;
  const coder = AbiCoder.defaultAbiCoder();
  let guardian: string;
  let expiry: bigint | null;
  if (dataLength(data) >= 64) {
    const [g, e] = coder.decode(["address", "uint256"], data) as unknown as [string, bigint];
    [guardian, expiry] = [getAddress(g), e];
  } else {
    guardian = getAddress((coder.decode(["address"], data) as unknown as [string])[0]);
    expiry = await optional(async () => BigInt((await c.guardianExpiry!()) as bigint));
  }
  if (guardian === ZeroAddress) return null;
  // A guardian whose expiry cannot be read has none as far as anyone can tell: recorded as never expiring.
  return { address: guardian, expiry };
}

/** The EIP-1967 admin of a proxy and the admin's owner (a ProxyAdmin), or null when the admin slot is empty. */
async function readProxy(address: string, provider: Provider): Promise<AuditedContract["proxy"]> {
  const word = await provider.getStorage(address, EIP1967_ADMIN_SLOT);
  const admin = getAddress(`0x${word.slice(-40)}`);
  if (admin === ZeroAddress) return null;
  const implWord = await provider.getStorage(address, EIP1967_IMPLEMENTATION_SLOT);
  const adminOwner =
    (await provider.getCode(admin)) === "0x"
      ? null
      : await optional(async () => getAddress((await new Contract(admin, ACCESS_ABI, provider).owner!()) as string));
  return { admin, adminOwner, implementation: getAddress(`0x${implWord.slice(-40)}`) };
}

/**
 * The governor's dispute contract: `disputes()` when the governor answers it, else the contract that logged
 * `GovernorBound(governor)` (GovernorDisputable's constructor binds it) and that the governor's runtime code holds
 * as an immutable, so a decoy logging the same event for this governor is not taken for it.
 */
async function findDisputes(
  g: Contract,
  governor: string,
  provider: Provider,
  fromBlock: number,
): Promise<string | null> {
  const exposed = await optional(async () => getAddress((await g.disputes!()) as string));
  if (exposed !== null) return exposed === ZeroAddress ? null : exposed;
  const topic = id("GovernorBound(address)");
  let logs: Awaited<ReturnType<Provider["getLogs"]>>;
  try {
    logs = await provider.getLogs({
      fromBlock,
      toBlock: "latest",
      topics: [topic, AbiCoder.defaultAbiCoder().encode(["address"], [governor])],
    });
  } catch (e) {
    // Never skipped silently: an unaudited dispute contract (its guardian) is exactly the false pass to avoid.
    throw new Error(
      `audit: searching GovernorBound(${governor}) logs from block ${fromBlock} failed ` +
        `(${e instanceof Error ? e.message : String(e)}); pass --from-block near the governor's deployment`,
    );
  }
  const code = (await provider.getCode(governor)).toLowerCase();
  for (const log of logs) {
    const candidate = getAddress(log.address);
    if (!code.includes(candidate.slice(2).toLowerCase())) continue;
    const d = new Contract(candidate, DISPUTES_ABI, provider);
    // The guardrails policy logs the same event and is also an immutable of the governor: only a contract that
    // answers the dispute interface's committee() and proposalGuardian() is the dispute contract.
    const bound = await optional(async () => getAddress((await d.governor!()) as string));
    const isDisputes =
      (await optional(async () => (await d.committee!()) as string)) !== null &&
      (await optional(async () => (await d.proposalGuardian!()) as string)) !== null;
    if (bound === governor && isDisputes) return candidate;
  }
  return null;
}

async function collectDisputes(address: string, provider: Provider, fromBlock: number): Promise<CollectedDisputes> {
  const d = new Contract(address, DISPUTES_ABI, provider);
  const nonZero = async (f: () => Promise<unknown>) => {
    const a = await optional(async () => getAddress((await f()) as string));
    return a === null || a === ZeroAddress ? null : a;
  };
  const committeeAddress = await nonZero(() => d.committee!());
  let committee: CollectedDisputes["committee"] = null;
  if (committeeAddress !== null) {
    const c = new Contract(committeeAddress, COMMITTEE_ABI, provider);
    const seats: CommitteeSeat[] = [];
    for (const m of (await c.members!()) as string[]) {
      const expiry = BigInt((await c.memberExpiry!(m)) as bigint);
      if (expiry > 0n) seats.push({ address: getAddress(m), expiry });
    }
    committee = {
      address: committeeAddress,
      governance: getAddress((await c.governance!()) as string),
      seats,
      thresholds: [BigInt((await c.threshold!(0)) as bigint), BigInt((await c.threshold!(1)) as bigint)],
    };
  }
  const hooks: string[] = [];
  const seen = new Set(
    (await d.queryFilter(d.filters.HookSet!(), fromBlock)).map((l) =>
      getAddress((l as unknown as { args: { hook: string } }).args.hook),
    ),
  );
  for (const h of seen) if ((await d.isHook!(h)) as boolean) hooks.push(h);
  const guardian = await nonZero(() => d.proposalGuardian!());
  const guardianGovernance =
    guardian === null
      ? null
      : await nonZero(() =>
          new Contract(guardian, ["function governance() view returns (address)"], provider).governance!(),
        );
  return {
    address: getAddress(address),
    governance: getAddress((await d.governance!()) as string),
    committee,
    referendum: await nonZero(() => d.referendum!()),
    guardian,
    guardianGovernance,
    hooks,
  };
}

export interface CollectOptions {
  provider: Provider;
  /** The governor; without it only the `extra` contracts are audited (e.g. a registry run by a single key). */
  governor?: string;
  /** Further contracts whose privileged roles are in scope (e.g. a registry the timelock administers). */
  extra?: readonly { label: string; address: string }[];
  /** First block to read events from (default 0). */
  fromBlock?: number;
}

/** Reads the suite around `governor`; see the file comment. Throws with the address when it is not a governor. */
export async function collectSuite(opts: CollectOptions): Promise<CollectedSuite> {
  const { provider } = opts;
  const fromBlock = opts.fromBlock ?? 0;
  if (opts.governor === undefined) return collectStandalone(opts);
  if (!isAddress(opts.governor)) throw new Error(`audit: --governor "${opts.governor}" is not an address`);
  const governorAddress = getAddress(opts.governor);
  if ((await provider.getCode(governorAddress)) === "0x") {
    throw new Error(`audit: no contract at ${governorAddress} (is --network the chain it was deployed to?)`);
  }
  const g = new Contract(governorAddress, GOVERNOR_ABI, provider);
  const tokenAddress = await optional(async () => getAddress((await g.token!()) as string));
  const timelockAddress = await optional(async () => getAddress((await g.timelock!()) as string));
  if (tokenAddress === null || timelockAddress === null) {
    throw new Error(
      `audit: ${governorAddress} does not answer token() and timelock(): audit needs an OpenZeppelin Governor ` +
        "with GovernorVotes and GovernorTimelockControl",
    );
  }
  const block = await provider.getBlock("latest");
  if (block === null) throw new Error("audit: the provider returned no latest block");
  const clock = (await g.clock!()) as bigint;
  const past = clock - 1n;
  const countingMode = (await g.COUNTING_MODE!()) as string;
  const registryAddress = await optional(async () => getAddress((await g.identityRegistry!()) as string));
  const hasRegistry = registryAddress !== null && registryAddress !== ZeroAddress;

  const token = new Contract(tokenAddress, TOKEN_ABI, provider);
  const timelock = new Contract(timelockAddress, [...TIMELOCK_ABI, ...ACCESS_ABI], provider);

  let registry: CollectedSuite["registry"] = null;
  let registryContract: Contract | null = null;
  if (hasRegistry) {
    registryContract = new Contract(registryAddress, REGISTRY_ABI, provider);
    const set = await registryContract.queryFilter(registryContract.filters.AttesterSet!(), fromBlock);
    const seen = new Set(set.map((l) => getAddress((l as unknown as { args: { attester: string } }).args.attester)));
    const attesters: Attester[] = [];
    for (const a of seen) {
      const expiry = BigInt((await registryContract.attesterExpiry!(a)) as bigint);
      if (expiry > 0n) attesters.push({ address: a, expiry });
    }
    registry = {
      address: registryAddress,
      governance: getAddress((await registryContract.governance!()) as string),
      attesters,
      maxAddressesPerIdentity: (await registryContract.maxAddressesPerIdentity!()) as bigint,
    };
  }

  const guardrails = await collectGuardrails(g, provider, fromBlock);
  const disputesAddress = await findDisputes(g, governorAddress, provider, fromBlock);
  const disputes = disputesAddress === null ? null : await collectDisputes(disputesAddress, provider, fromBlock);
  const contracts: AuditedContract[] = [
    await auditContract("governor", governorAddress, provider, fromBlock),
    await auditContract("timelock", timelockAddress, provider, fromBlock),
    await auditContract("token", tokenAddress, provider, fromBlock),
  ];
  if (registry) contracts.push(await auditContract("identity registry", registry.address, provider, fromBlock));
  if (disputes) {
    // Discovered from the governor, so a dispute deployment is audited without --contracts.
    const discovered: [string, string | null][] = [
      ["dispute escalation", disputes.address],
      ["proposal guardian", disputes.guardian],
      ["arbitration committee", disputes.committee?.address ?? null],
      ["referendum", disputes.referendum],
      ...disputes.hooks.map((h): [string, string] => [`escalation hook ${h}`, h]),
    ];
    for (const [label, address] of discovered) {
      if (address !== null) contracts.push(await auditContract(label, address, provider, fromBlock));
    }
  }
  // OpenZeppelin's GovernorProposalGuardian: a guardian on the governor itself that cancels any proposal, with no
  // expiry (removed only by a proposal calling setProposalGuardian).
  const ozGuardian = await optional(async () => getAddress((await g.proposalGuardian!()) as string));
  if (ozGuardian !== null && ozGuardian !== ZeroAddress && contracts[0]!.guardian === null) {
    contracts[0]!.guardian = { address: ozGuardian, expiry: null };
  }
  const listed = new Set(contracts.map((c) => c.address));
  contracts.push(...(await auditExtra(opts)).filter((c) => !listed.has(c.address)));
  // The registry's own ceiling when it has one, never more than the suite's: the audited contracts cannot widen it.
  const registryTerm = registryContract
    ? await optional(async () => BigInt((await registryContract.MAX_ATTESTER_TERM!()) as bigint))
    : null;
  const maxSeatTerm = registryTerm !== null && registryTerm < MAX_SEAT_TERM ? registryTerm : MAX_SEAT_TERM;

  // The electorate: every address that ever held delegated votes, read now; grouped by identity when bound.
  const changes = await token.queryFilter(token.filters.DelegateVotesChanged!(), fromBlock);
  const delegates = [
    ...new Set(changes.map((l) => getAddress((l as unknown as { args: { delegate: string } }).args.delegate))),
  ];
  const capped = (await optional(async () => (await g.countedVotes!(ZeroAddress, past)) as bigint)) !== null;
  const sybilResistant = await optional(async () => (await g.sybilResistant!()) as boolean);
  // Splittable (open mode, no registry, or unknown): a holder splitting across addresses escapes both the per-unit
  // cap and ⌊√⌋, so the audit counts what it can split into: raw, uncapped power per address.
  const splittable = sybilResistant !== true;
  const units = new Map<string, { members: string[]; raw: bigint }>();
  for (const d of delegates) {
    const votes =
      capped && !splittable
        ? ((await g.countedVotes!(d, past)) as bigint)
        : ((await token.getPastVotes!(d, past)) as bigint);
    if (votes === 0n) continue;
    const identity = registryContract ? ((await registryContract.identityOf!(d)) as bigint) : 0n;
    const key = identity === 0n ? d : `identity #${identity}`;
    const u = units.get(key) ?? { members: [], raw: 0n };
    u.members.push(d);
    u.raw += votes;
    units.set(key, u);
  }
  const quadratic = countingMode.includes("tally=sqrt");
  const sqrtCounts = quadratic && !splittable;
  const electorate: VotingUnit[] = [...units.entries()]
    .map(([unit, u]) => ({ unit, members: u.members, raw: u.raw, counted: sqrtCounts ? isqrt(u.raw) : u.raw }))
    .sort((a, b) => (b.counted > a.counted ? 1 : b.counted < a.counted ? -1 : 0));

  const transfers = await token.queryFilter(token.filters.Transfer!(), fromBlock);
  const holderAddresses = new Set(transfers.map((l) => getAddress((l as unknown as { args: { to: string } }).args.to)));
  const holders: HolderBalance[] = [];
  for (const a of holderAddresses) {
    if (a === ZeroAddress || a === governorAddress || a === timelockAddress) continue;
    const balance = (await token.balanceOf!(a)) as bigint;
    if (balance === 0n) continue;
    const identity = registryContract ? ((await registryContract.identityOf!(a)) as bigint) : 0n;
    holders.push({ address: a, balance, identity });
  }

  return {
    chainId: (await provider.getNetwork()).chainId,
    blockNumber: block.number,
    timestamp: BigInt(block.timestamp),
    governor: {
      address: governorAddress,
      name: (await g.name!()) as string,
      clockMode: (await optional(async () => (await g.CLOCK_MODE!()) as string)) ?? "mode=blocknumber&from=default",
      countingMode,
      quadratic,
      votingDelay: (await g.votingDelay!()) as bigint,
      votingPeriod: (await g.votingPeriod!()) as bigint,
      proposalThreshold: (await g.proposalThreshold!()) as bigint,
      quorum: (await g.quorum!(past)) as bigint,
      sybilResistant,
      splittable,
      capped,
    },
    token: {
      address: tokenAddress,
      symbol: (await optional(async () => (await token.symbol!()) as string)) ?? "?",
      totalSupply: (await token.totalSupply!()) as bigint,
    },
    timelock: {
      address: timelockAddress,
      minDelay: (await timelock.getMinDelay!()) as bigint,
      roles: contracts[1]!.roles ?? new Map(),
    },
    registry,
    disputes,
    maxSeatTerm,
    guardrails,
    contracts,
    electorate,
    holders,
  };
}

const POLICY_ABI = [
  "function governance() view returns (address)",
  "function config() view returns (tuple(address governance, uint16 superQuorumBps, uint8 maxActions, uint48 changeInterval))",
  "function ruledSetters() view returns (bytes4[])",
  "function parameterRule(bytes4) view returns (tuple(bytes4 setter, bytes4 getter, uint256 min, uint256 max), uint48)",
  "event MetaGovernanceRuleSet(address indexed target, bytes4 indexed selector, bool oldIsMeta, bool newIsMeta)",
];

/** Names of the governor getters a policy rule may name, by selector. */
const GETTER_NAMES = new Map(
  [
    "votingDelay",
    "votingPeriod",
    "proposalThreshold",
    "quorumNumerator",
    "lateQuorumVoteExtension",
    "capFraction",
    "holdingPeriod",
  ].map((n) => [id(`${n}()`).slice(0, 10), n] as const),
);

async function collectGuardrails(
  g: Contract,
  provider: Provider,
  fromBlock: number,
): Promise<CollectedGuardrails | null> {
  const address = await optional(async () => getAddress((await g.proposalPolicy!()) as string));
  if (address === null || address === ZeroAddress) return null;
  const policy = new Contract(address, POLICY_ABI, provider);
  const config = (await policy.config!()) as { superQuorumBps: bigint; maxActions: bigint; changeInterval: bigint };
  const rules: CollectedGuardrails["rules"] = [];
  for (const setter of (await policy.ruledSetters!()) as string[]) {
    const [rule, lastChange] = (await policy.parameterRule!(setter)) as [
      { getter: string; min: bigint; max: bigint },
      bigint,
    ];
    const value =
      rule.getter === "0x00000000"
        ? null
        : await optional(async () =>
            BigInt((await provider.call({ to: await g.getAddress(), data: rule.getter })).slice(0, 66)),
          );
    rules.push({
      name: GETTER_NAMES.get(rule.getter) ?? setter,
      setter,
      min: rule.min,
      max: rule.max,
      lastChange,
      value,
    });
  }
  const meta = new Map<string, { target: string; selector: string }>();
  for (const log of await policy.queryFilter(policy.filters.MetaGovernanceRuleSet!(), fromBlock)) {
    const a = (log as unknown as { args: { target: string; selector: string; newIsMeta: boolean } }).args;
    const key = `${getAddress(a.target)}:${a.selector}`;
    if (a.newIsMeta) meta.set(key, { target: getAddress(a.target), selector: a.selector });
    else meta.delete(key);
  }
  return {
    address,
    governance: getAddress((await policy.governance!()) as string),
    superQuorumBps: BigInt(config.superQuorumBps),
    maxActions: BigInt(config.maxActions),
    changeInterval: BigInt(config.changeInterval),
    rules,
    metaRules: [...meta.values()],
  };
}

async function auditExtra(opts: CollectOptions): Promise<AuditedContract[]> {
  const out: AuditedContract[] = [];
  for (const e of opts.extra ?? []) {
    if (!isAddress(e.address)) throw new Error(`audit: --contracts entry "${e.label}" is not an address: ${e.address}`);
    if ((await opts.provider.getCode(e.address)) === "0x")
      throw new Error(`audit: no contract at ${e.address} (${e.label})`);
    out.push(await auditContract(e.label, e.address, opts.provider, opts.fromBlock ?? 0));
  }
  return out;
}

/** Contracts without a governor: their owners, roles and guardians only. */
async function collectStandalone(opts: CollectOptions): Promise<CollectedSuite> {
  if ((opts.extra ?? []).length === 0) throw new Error("audit: give --governor, or --contracts to audit without one");
  const block = await opts.provider.getBlock("latest");
  if (block === null) throw new Error("audit: the provider returned no latest block");
  return {
    chainId: (await opts.provider.getNetwork()).chainId,
    blockNumber: block.number,
    timestamp: BigInt(block.timestamp),
    governor: null,
    token: null,
    timelock: null,
    registry: null,
    disputes: null,
    maxSeatTerm: MAX_SEAT_TERM,
    guardrails: null,
    contracts: await auditExtra(opts),
    electorate: [],
    holders: [],
  };
}
