/**
 * One attack run on one system: sends the recipe's transactions, checks the invariants after each one, adds up the
 * honest agents' gas, and turns into an {@link AttackRun}. Also decodes revert data into error names.
 */
import { Interface, type ContractTransactionReceipt, type ContractTransactionResponse } from "ethers";

import {
  ArbitrationCommittee__factory,
  DisputeEscalation__factory,
  FreshPowerEscalation__factory,
  GovernancePolicy__factory,
  IdentityRegistry__factory,
  ProposalGuardian__factory,
  TokenholderReferendum__factory,
  PolycentricGovernor__factory,
  PolycentricToken__factory,
  TimelockController__factory,
} from "../../typechain-types";
import type { AttackRun } from "./types";
import type { SimSystem } from "./world";

/**
 * Every custom error a recipe can meet: governors, timelock, token, identity registry, dispute contracts (and the A6
 * fresh-power hook), guardrails policy; plus
 * Error(string)/Panic.
 */
const ERROR_INTERFACES: readonly Interface[] = [
  PolycentricGovernor__factory.createInterface(),
  TimelockController__factory.createInterface(),
  PolycentricToken__factory.createInterface(),
  IdentityRegistry__factory.createInterface(),
  DisputeEscalation__factory.createInterface(),
  FreshPowerEscalation__factory.createInterface(),
  ArbitrationCommittee__factory.createInterface(),
  TokenholderReferendum__factory.createInterface(),
  ProposalGuardian__factory.createInterface(),
  GovernancePolicy__factory.createInterface(),
  new Interface(["error Error(string)", "error Panic(uint256)"]),
];

/** "GovernorInsufficientProposerVotes(0xab…, 0, 25000000000000000000000)" for revert data; the selector if unknown. */
export function decodeRevertData(data: string): string {
  if (data === "0x" || data === "") return "(no revert data)";
  for (const iface of ERROR_INTERFACES) {
    try {
      const parsed = iface.parseError(data);
      if (parsed !== null) return `${parsed.name}(${parsed.args.map((a) => String(a)).join(", ")})`;
    } catch {
      // not this interface's error
    }
  }
  return `unknown error ${data.slice(0, 10)}`;
}

/** The error name alone ("GovernorInsufficientProposerVotes") of a decoded error. */
export function errorName(decoded: string): string {
  const i = decoded.indexOf("(");
  return i < 0 ? decoded : decoded.slice(0, i);
}

/** The revert data carried by an ethers / Hardhat error, if any. */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (typeof e === "object" && e !== null && !seen.has(e)) {
    seen.add(e);
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data;
    if (typeof data === "object" && data !== null && typeof (data as { data?: unknown }).data === "string") {
      return (data as { data: string }).data;
    }
    e =
      (e as { error?: unknown; info?: { error?: unknown } }).error ?? (e as { info?: { error?: unknown } }).info?.error;
  }
  return undefined;
}

/** A decoded description of a thrown transaction error ("(no revert data)" or the message when nothing decodes). */
export function describeError(error: unknown): string {
  const data = revertDataOf(error);
  if (data !== undefined) return decodeRevertData(data);
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}

export type Attempt = { ok: true; receipt: ContractTransactionReceipt } | { ok: false; error: string; name: string };

export class RunContext {
  readonly violations: string[] = [];
  honestGas = 0n;

  constructor(
    readonly sys: SimSystem,
    readonly seed: number,
  ) {}

  /** Sends and mines a transaction that must succeed, then checks the invariants. */
  async tx(
    label: string,
    sent: Promise<ContractTransactionResponse>,
    opts: { honest?: boolean } = {},
  ): Promise<ContractTransactionReceipt> {
    let receipt: ContractTransactionReceipt | null;
    try {
      receipt = await (await sent).wait();
    } catch (error) {
      throw new Error(`${this.sys.label}: ${label} failed: ${describeError(error)}`);
    }
    if (receipt === null) throw new Error(`${this.sys.label}: ${label} was not mined`);
    if (opts.honest) this.honestGas += receipt.gasUsed;
    this.violations.push(...(await this.sys.checker.afterTx(receipt, label)));
    return receipt;
  }

  /** Sends a transaction that may revert: the receipt (invariants checked) or the decoded error. */
  async attempt(
    label: string,
    sent: Promise<ContractTransactionResponse>,
    opts: { honest?: boolean } = {},
  ): Promise<Attempt> {
    let receipt: ContractTransactionReceipt | null;
    try {
      receipt = await (await sent).wait();
    } catch (error) {
      const decoded = describeError(error);
      return { ok: false, error: decoded, name: errorName(decoded) };
    }
    if (receipt === null) throw new Error(`${this.sys.label}: ${label} was not mined`);
    if (opts.honest) this.honestGas += receipt.gasUsed;
    this.violations.push(...(await this.sys.checker.afterTx(receipt, label)));
    return { ok: true, receipt };
  }

  /** The run's record; gain and cost default to zero. */
  result(fields: {
    success: boolean;
    proposalState?: string;
    attackerGain?: bigint;
    attackerCost?: Partial<AttackRun["attackerCost"]>;
    timeToExecution?: bigint;
    measures?: Record<string, string | number>;
  }): AttackRun {
    const run: AttackRun = {
      system: this.sys.name,
      seed: this.seed,
      success: fields.success,
      attackerGain: fields.attackerGain ?? 0n,
      attackerCost: { tokens: 0n, bondsBurned: 0n, eth: 0n, ...fields.attackerCost },
      honestGas: this.honestGas,
      invariantViolations: [...this.violations],
    };
    if (fields.proposalState !== undefined) run.proposalState = fields.proposalState;
    if (fields.timeToExecution !== undefined) run.timeToExecution = fields.timeToExecution;
    if (fields.measures !== undefined) run.measures = fields.measures;
    return run;
  }
}
