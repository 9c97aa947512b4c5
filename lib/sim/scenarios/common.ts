/**
 * Building blocks the AI-network scenarios share: transactions on either setup (invariant-checked on Polycentric),
 * reverts decoded with the registry's errors too, votes and their tallies, dispute steps, and the formatting of a
 * result row.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, id, type ContractTransactionReceipt, type ContractTransactionResponse } from "ethers";

import { TRUST_REGISTRY_DEFAULTS } from "../../../deploy/trust-registry";
import {
  GovernancePolicy__factory,
  TEETrustRegistry__factory,
  TokenholderReferendum__factory,
  type PolycentricGovernor,
} from "../../../typechain-types";
import type { ExecutionPath } from "../../audit";
import { nakamoto } from "../../metrics";
import { buildProposal, type Proposal } from "../../proposal";

export { proposalArgs } from "../../proposal";
import { DAY, HOUR, MINUTE } from "../../time";
import { formatGov } from "../../units";
import { decodeRevertData, errorName, revertDataOf, type Attempt, type RunContext } from "../context";
import { voteWeightOf } from "../recipes";
import type { ScenarioId, ScenarioResult, SetupName } from "./types";
import { RULING, type ScenarioWorld } from "./world";

/** The operators' build nobody reviewed (scenario a). */
export const UNREVIEWED_BUILD = id("enclave build 2 (unreviewed, operators' fork)");
/** The build found compromised (scenario c): the registry's first approved build, which every node runs. */
export const COMPROMISED_BUILD = TRUST_REGISTRY_DEFAULTS.initialMeasurement;
/** The build the foundation approves past its sunset (scenario b, single admin). */
export const FOUNDATION_BUILD = id("enclave build 3 (foundation)");
export const { teeType: TEE_TYPE } = TRUST_REGISTRY_DEFAULTS;

/** The registry's ABI: its errors decode reverts, its functions encode proposals. */
const REGISTRY_ERRORS = TEETrustRegistry__factory.createInterface();
const REFERENDUM = TokenholderReferendum__factory.createInterface();

/** A revert decoded with the registry's errors first, then every governance contract's ({@link decodeRevertData}). */
export function decodeScenarioError(error: unknown): string {
  const data = revertDataOf(error);
  if (data === undefined) return error instanceof Error ? error.message.split("\n")[0]! : String(error);
  try {
    const parsed = REGISTRY_ERRORS.parseError(data);
    if (parsed !== null) return `${parsed.name}(${parsed.args.map((a) => String(a)).join(", ")})`;
  } catch {
    // not one of the registry's errors
  }
  return decodeRevertData(data);
}

/**
 * Sends and mines a transaction that must succeed: through `ctx` on the Polycentric setup (invariants checked after
 * it), directly on the single-admin one.
 */
export async function send(
  ctx: RunContext | undefined,
  label: string,
  sent: Promise<ContractTransactionResponse>,
): Promise<ContractTransactionReceipt> {
  if (ctx) return ctx.tx(label, sent);
  let receipt: ContractTransactionReceipt | null;
  try {
    receipt = await (await sent).wait();
  } catch (error) {
    throw new Error(`single admin: ${label} failed: ${decodeScenarioError(error)}`);
  }
  if (receipt === null) throw new Error(`single admin: ${label} was not mined`);
  return receipt;
}

/** A transaction that may revert: its receipt, or the decoded error ("TrustRegistryNotGuardian(0x…, …)"). */
export async function attempt(
  ctx: RunContext | undefined,
  label: string,
  sent: Promise<ContractTransactionResponse>,
): Promise<Attempt> {
  let receipt: ContractTransactionReceipt | null;
  try {
    receipt = await (await sent).wait();
  } catch (error) {
    const decoded = decodeScenarioError(error);
    return { ok: false, error: decoded, name: errorName(decoded) };
  }
  if (receipt === null) throw new Error(`${label} was not mined`);
  if (ctx) ctx.violations.push(...(await ctx.sys.checker.afterTx(receipt, label)));
  return { ok: true, receipt };
}

/** What the audit says of a path: "audit: 1 party, no expiry, flagged" ("audit: path not found" if absent). */
export function auditNote(path: ExecutionPath | undefined): string {
  if (path === undefined) return "audit: path not found";
  const parties =
    path.parties === null ? "no party (blocked)" : `${path.parties} ${path.parties === 1 ? "party" : "parties"}`;
  const expiry = path.expiry === null ? "no expiry" : `expires at ${path.expiry}`;
  return `audit: ${parties}, ${expiry}${path.flagged ? ", flagged" : ""}`;
}

/** A registry call as a proposal of one action. */
export function registryProposal(registry: string, data: string, description: string): Proposal {
  return buildProposal([{ target: registry, data }], description);
}

/** Scenario a's proposal: approve the operators' unreviewed build on `registry`. */
export function captureProposal(registry: string): Proposal {
  return registryProposal(
    registry,
    REGISTRY_ERRORS.encodeFunctionData("approveMeasurement", [TEE_TYPE, UNREVIEWED_BUILD]),
    "Approve enclave build 2 (the operators' build)",
  );
}

/** Scenario b's proposal: revoke `key`'s admin role on the migrated `registry`. */
export function hiddenKeyRevocationProposal(registry: string, key: string): Proposal {
  return registryProposal(
    registry,
    REGISTRY_ERRORS.encodeFunctionData("revokeRole", [ZeroHash, key]),
    "Revoke the foundation's undisclosed admin key on the migrated registry",
  );
}

/** Scenario c's proposal: re-approve the build the guardian revoked. */
export function reversalProposal(registry: string): Proposal {
  return registryProposal(
    registry,
    REGISTRY_ERRORS.encodeFunctionData("approveMeasurement", [TEE_TYPE, COMPROMISED_BUILD]),
    "Reverse the emergency revocation of enclave build 1",
  );
}

/** Counted weight (√wei) in √GOV (÷ 10^9), with thousands separators: "4,242 √GOV". */
export function formatWeight(weight: bigint): string {
  return `${(weight / 10n ** 9n).toLocaleString("en-US")} √GOV`;
}

/** A duration for people: "0 s", "45 s", "12 min", "5.5 h", "9.9 d". */
export function formatSpan(seconds: bigint): string {
  if (seconds < MINUTE) return `${seconds} s`;
  if (seconds < HOUR) return `${seconds / MINUTE} min`;
  if (seconds < 2n * DAY) return `${(Number(seconds) / Number(HOUR)).toFixed(1)} h`;
  return `${(Number(seconds) / Number(DAY)).toFixed(1)} d`;
}

/** One vote cast, as the chain counted it. */
export interface CastVote {
  voter: string;
  support: "for" | "against" | "reject" | "uphold" | "abstain";
  /** Counted weight (⌊√power⌋ under quadratic counting). */
  weight: bigint;
}

/** Every signer in `voters` votes `support` on governor proposal `id`; returns the counted weights (VoteCast). */
export async function governorVotes(
  world: ScenarioWorld,
  ctx: RunContext,
  id: bigint,
  voters: readonly HardhatEthersSigner[],
  support: bigint,
): Promise<CastVote[]> {
  const out: CastVote[] = [];
  for (const v of voters) {
    const receipt = await ctx.tx(
      `castVote(${support}) by ${v.address}`,
      world.poly.governor.connect(v).castVote(id, support),
    );
    out.push({ voter: v.address, support: support === 1n ? "for" : "against", weight: voteWeightOf(ctx.sys, receipt) });
  }
  return out;
}

/** Every signer in `voters` votes `ballot` in `id`'s referendum; returns raw power and weight (ReferendumVoteCast). */
export async function referendumVotes(
  world: ScenarioWorld,
  ctx: RunContext,
  id: bigint,
  voters: readonly HardhatEthersSigner[],
  ballot: number,
): Promise<(CastVote & { power: bigint })[]> {
  const out: (CastVote & { power: bigint })[] = [];
  const address = (await world.poly.disputes.referendum.getAddress()).toLowerCase();
  for (const v of voters) {
    const receipt = await ctx.tx(
      `referendum vote ${ballot} by ${v.address}`,
      world.poly.disputes.referendum.connect(v).castVote(id, ballot),
    );
    const log = receipt.logs.find((l) => l.address.toLowerCase() === address);
    const parsed = log ? REFERENDUM.parseLog(log) : null;
    if (parsed?.name !== "ReferendumVoteCast") throw new Error(`no ReferendumVoteCast from ${v.address}`);
    out.push({
      voter: v.address,
      support: ballot === 0 ? "reject" : ballot === 1 ? "uphold" : "abstain",
      weight: parsed.args.weight as bigint,
      power: parsed.args.power as bigint,
    });
  }
  return out;
}

export function sumWeight(votes: readonly CastVote[], support?: CastVote["support"]): bigint {
  return votes.filter((v) => support === undefined || v.support === support).reduce((s, v) => s + v.weight, 0n);
}

/**
 * "tokenholders: 15 voting units, Nakamoto 6": the distinct units that voted, and the Nakamoto coefficient of their
 * counted weights (the fewest of them holding more than half of the weight cast).
 */
export function tokenholdersDecided(votes: readonly CastVote[], who = "tokenholders"): string {
  const units = new Set(votes.map((v) => v.voter)).size;
  return `${who}: ${units} voting units, Nakamoto ${nakamoto(votes.map((v) => v.weight))}`;
}

/**
 * The committee rules `ruling` on `id` at its current tier: the dispute's funding phase ends, then as many members
 * as the tier's threshold vote. Returns the tier and "2-of-3".
 */
export async function committeeRules(
  world: ScenarioWorld,
  ctx: RunContext,
  id: bigint,
  ruling: number,
): Promise<{ tier: bigint; quorum: string }> {
  const { escalation, committee } = world.poly.disputes;
  const v = await escalation.dispute(id);
  await world.advanceTo(v.fundingEnd + 1n);
  const threshold = await committee.threshold(Number(v.tier));
  for (const m of world.committee.slice(0, Number(threshold))) {
    await ctx.tx(`committee member rules ${ruling}`, committee.connect(m).castRuling(id, ruling));
  }
  const [uphold, reject] = await committee.rulingVotes(id, v.tier);
  const cast = ruling === RULING.Reject ? reject : uphold;
  return { tier: v.tier, quorum: `${cast}-of-${await committee.activeMemberCount()}` };
}

/** The tier-0 and tier-1 thresholds of the committee: "2-of-3", "3-of-3". */
export async function committeeThresholds(world: ScenarioWorld): Promise<[string, string]> {
  const { committee } = world.poly.disputes;
  const n = await committee.activeMemberCount();
  return [`${await committee.threshold(0)}-of-${n}`, `${await committee.threshold(1)}-of-${n}`];
}

/** Fills the fields every row has from the scenario's own. */
export function resultRow(
  world: ScenarioWorld,
  fields: {
    scenario: ScenarioId;
    title: string;
    setup: SetupName;
    variant?: string;
    outcome: string;
    attackerSucceeded: boolean;
    decidedBy: string;
    startedAt: bigint;
    endedAt: bigint;
    /** What the duration measures, appended in parentheses ("propose → rejection final"). */
    span: string;
    attackerNeeded: string;
    measures: Record<string, string | number | boolean>;
    ctx?: RunContext;
    started: number;
  },
): ScenarioResult {
  const durationSeconds = fields.endedAt - fields.startedAt;
  const row: ScenarioResult = {
    scenario: fields.scenario,
    title: fields.title,
    setup: fields.setup,
    clockMode: world.mode,
    outcome: fields.outcome,
    attackerSucceeded: fields.attackerSucceeded,
    decidedBy: fields.decidedBy,
    startedAt: fields.startedAt,
    endedAt: fields.endedAt,
    durationSeconds,
    duration: `${formatSpan(durationSeconds)} (${fields.span})`,
    attackerNeeded: fields.attackerNeeded,
    measures: fields.measures,
    invariantViolations: [...(fields.ctx?.violations ?? [])],
    elapsedMs: Date.now() - fields.started,
  };
  if (fields.variant !== undefined) row.variant = fields.variant;
  return row;
}

/**
 * The meta-governance requirement a proposal is under, for the "attacker needed" cell: the guardrails policy's
 * super-quorum of raw For votes and what the proposal had, or "" when the proposal is not meta-governance (or the
 * governor has no policy).
 */
export async function metaGovernanceNeed(governor: PolycentricGovernor, proposalId: bigint): Promise<string> {
  const policyAddress = await governor.proposalPolicy();
  if (policyAddress === ZeroAddress) return "";
  const policy = GovernancePolicy__factory.connect(policyAddress, governor.runner);
  if (!(await policy.isMetaGovernance(proposalId))) return "";
  const [, rawFor] = await governor.proposalRawVotes(proposalId);
  return (
    ` and ≥ ${formatGov(await policy.superQuorum(proposalId))} raw For (meta-governance super-quorum; ` +
    `they had ${formatGov(rawFor)})`
  );
}
