/**
 * Invariants the simulator checks after every transaction of a recipe, on one system (THREATS I1, I4, I5):
 *
 * - **I1 conservation**, on the accounts a transaction touched: for every delegate d whose votes could have changed
 *   (a `DelegateVotesChanged` event, or the old or new delegate of an account whose balance or delegation changed),
 *   `getVotes(d)` = Σ balances of the accounts delegating to d, and Σ delegated balances ≤ Σ balances = total supply.
 *   The delegating accounts come from a model of every holder (balance, delegate), read from the chain once and then
 *   refreshed from each receipt's `Transfer` / `DelegateChanged` events, so the check costs a few calls per
 *   transaction instead of a scan of every account.
 * - **I4 bounded voter weight**, on every `VoteCast`: the voter's snapshot power (identity-summed on Polycentric)
 *   ≤ `getPastTotalSupply(snapshot)`, and the raw For + Against + Abstain tally ≤ that supply.
 * - **I5 / I9 counted weight**: the weight in `VoteCast` is exactly f(snapshot power): the power itself (linear
 *   counting) or ⌊√power⌋ (quadratic counting), i.e. the transform is applied at counting time to snapshot power.
 * - **I18 bond conservation** (a system with dispute escalation): deposited = refunded + rewarded + burned + held,
 *   and the escalation's token balance ≥ held, after every transaction.
 *
 * A violation is returned as one line naming the invariant, the system, the transaction label and the numbers.
 */
import { ZeroAddress, type Log, type TransactionReceipt } from "ethers";

import type { BaselineGovernor, DisputeEscalation, ERC20Votes, PolycentricGovernor } from "../../typechain-types";
import { isqrt } from "../isqrt";

interface Holding {
  balance: bigint;
  /** Lower-case delegate address, or the zero address. */
  delegate: string;
}

const ZERO = ZeroAddress.toLowerCase();

export interface InvariantTargets {
  /** A name for messages ("baseline", "polycentric", "polycentric-strict"). */
  label: string;
  token: ERC20Votes;
  /** The governor through the ABI both systems share. */
  governor: BaselineGovernor;
  /** Quadratic counting (Polycentric): its raw tallies and ⌊√power⌋ weights. */
  quadratic?: PolycentricGovernor;
  /** Dispute escalation bound to the governor: its bond accounting (I18). */
  escalation?: DisputeEscalation;
}

export class InvariantChecker {
  private model = new Map<string, Holding>();
  private base = new Map<string, Holding>();
  private supplyAt = new Map<string, bigint>();
  private totalSupply = 0n;
  private tokenAddress = "";
  private governorAddress = "";

  constructor(private readonly t: InvariantTargets) {}

  /**
   * Reads every holder's balance and delegate. `addresses` must include every account that holds tokens: the model
   * is checked to add up to the total supply, so a missing holder is an error here, not a false violation later.
   */
  async init(addresses: Iterable<string>): Promise<void> {
    this.tokenAddress = (await this.t.token.getAddress()).toLowerCase();
    this.governorAddress = (await this.t.governor.getAddress()).toLowerCase();
    this.totalSupply = await this.t.token.totalSupply();
    this.model.clear();
    for (const a of new Set([...addresses].map((x) => x.toLowerCase()))) await this.refresh(a);
    const sum = [...this.model.values()].reduce((s, h) => s + h.balance, 0n);
    if (sum !== this.totalSupply) {
      throw new Error(
        `${this.t.label}: the invariant model misses holders: Σ balances ${sum} ≠ total supply ${this.totalSupply}`,
      );
    }
    this.base = clone(this.model);
    this.supplyAt.clear();
  }

  /** Back to the model of the last {@link init} (after the chain was reverted to the matching snapshot). */
  restore(): void {
    this.model = clone(this.base);
    this.supplyAt.clear();
  }

  /** The tracked accounts delegating to `delegate` and their summed balance. */
  delegatedTo(delegate: string): bigint {
    const d = delegate.toLowerCase();
    let sum = 0n;
    for (const h of this.model.values()) if (h.delegate === d) sum += h.balance;
    return sum;
  }

  /** Σ balances of every account that has a delegate (the votable supply). */
  delegatedSupply(): bigint {
    let sum = 0n;
    for (const h of this.model.values()) if (h.delegate !== ZERO) sum += h.balance;
    return sum;
  }

  /** Checks I1 on what `receipt` touched and I4/I5 on its votes; returns the violations (empty when all held). */
  async afterTx(receipt: TransactionReceipt, label: string): Promise<string[]> {
    const tokenIface = this.t.token.interface;
    const governorIface = this.t.governor.interface;
    const touched = new Set<string>();
    const delegates = new Set<string>();
    const reported = new Map<string, bigint>();
    const votes: { voter: string; proposalId: bigint; weight: bigint }[] = [];
    for (const log of receipt.logs as readonly Log[]) {
      const address = log.address.toLowerCase();
      if (address === this.tokenAddress) {
        const parsed = tokenIface.parseLog(log);
        if (parsed === null) continue;
        if (parsed.name === "Transfer") {
          for (const a of [parsed.args[0] as string, parsed.args[1] as string]) {
            if (a.toLowerCase() !== ZERO) touched.add(a.toLowerCase());
          }
        } else if (parsed.name === "DelegateChanged") {
          touched.add((parsed.args[0] as string).toLowerCase());
        } else if (parsed.name === "DelegateVotesChanged") {
          const d = (parsed.args[0] as string).toLowerCase();
          delegates.add(d);
          reported.set(d, parsed.args[2] as bigint);
        }
      } else if (address === this.governorAddress) {
        const parsed = governorIface.parseLog(log);
        if (parsed !== null && (parsed.name === "VoteCast" || parsed.name === "VoteCastWithParams")) {
          votes.push({
            voter: parsed.args[0] as string,
            proposalId: parsed.args[1] as bigint,
            weight: parsed.args[3] as bigint,
          });
        }
      }
    }

    const violations: string[] = [];
    const where = `${this.t.label}, after ${label}`;
    for (const a of touched) {
      const before = this.model.get(a);
      if (before !== undefined && before.delegate !== ZERO) delegates.add(before.delegate);
      const after = await this.refresh(a);
      if (after.delegate !== ZERO) delegates.add(after.delegate);
    }
    for (const d of delegates) {
      const votesNow = await this.t.token.getVotes(d);
      const expected = this.delegatedTo(d);
      if (votesNow !== expected) {
        violations.push(`I1 (${where}): getVotes(${d}) = ${votesNow} ≠ Σ balances delegating to it = ${expected}`);
      }
      const last = reported.get(d);
      if (last !== undefined && last !== votesNow) {
        violations.push(`I1 (${where}): DelegateVotesChanged reported ${last} for ${d}, getVotes = ${votesNow}`);
      }
    }
    if (touched.size > 0) {
      const held = [...this.model.values()].reduce((s, h) => s + h.balance, 0n);
      const supply = await this.t.token.totalSupply();
      if (held !== supply) violations.push(`I1 (${where}): Σ balances ${held} ≠ total supply ${supply}`);
      const delegated = this.delegatedSupply();
      if (delegated > supply)
        violations.push(`I1 (${where}): Σ delegated balances ${delegated} > total supply ${supply}`);
    }

    for (const v of votes) violations.push(...(await this.checkVote(v.voter, v.proposalId, v.weight, where)));
    if (this.t.escalation) violations.push(...(await this.checkBonds(this.t.escalation, where)));
    return violations;
  }

  /** I18: the escalation's bond accounting adds up and its balance covers what it holds. */
  private async checkBonds(escalation: DisputeEscalation, where: string): Promise<string[]> {
    const [deposited, refunded, rewarded, burned, held] = await escalation.accounting();
    const balance = await this.t.token.balanceOf(await escalation.getAddress());
    const out: string[] = [];
    if (deposited !== refunded + rewarded + burned + held) {
      out.push(
        `I18 (${where}): deposited ${deposited} ≠ refunded ${refunded} + rewarded ${rewarded} + burned ${burned} + ` +
          `held ${held}`,
      );
    }
    if (balance < held) out.push(`I18 (${where}): escalation balance ${balance} < held ${held}`);
    return out;
  }

  private async checkVote(voter: string, proposalId: bigint, weight: bigint, where: string): Promise<string[]> {
    const out: string[] = [];
    const snapshot = await this.t.governor.proposalSnapshot(proposalId);
    const supply = await this.pastSupply(snapshot);
    const power = await this.t.governor.getVotes(voter, snapshot);
    if (power > supply) out.push(`I4 (${where}): ${voter}'s snapshot power ${power} > total supply ${supply}`);
    if (weight > supply) out.push(`I4 (${where}): counted weight ${weight} of ${voter} > total supply ${supply}`);
    const expected = this.t.quadratic ? isqrt(power) : power;
    if (weight !== expected) {
      out.push(
        `I5 (${where}): ${voter} was counted ${weight}, but f(snapshot power ${power}) = ${expected} ` +
          `(${this.t.quadratic ? "⌊√power⌋" : "power"})`,
      );
    }
    const [against, forVotes, abstain] = this.t.quadratic
      ? await this.t.quadratic.proposalRawVotes(proposalId)
      : await this.t.governor.proposalVotes(proposalId);
    const raw = against + forVotes + abstain;
    if (raw > supply) out.push(`I4 (${where}): raw tally ${raw} of proposal ${proposalId} > total supply ${supply}`);
    return out;
  }

  private async pastSupply(timepoint: bigint): Promise<bigint> {
    const key = timepoint.toString();
    let s = this.supplyAt.get(key);
    if (s === undefined) {
      s = await this.t.token.getPastTotalSupply(timepoint);
      this.supplyAt.set(key, s);
    }
    return s;
  }

  private async refresh(account: string): Promise<Holding> {
    const [balance, delegate] = await Promise.all([this.t.token.balanceOf(account), this.t.token.delegates(account)]);
    const h = { balance, delegate: delegate.toLowerCase() };
    this.model.set(account, h);
    return h;
  }
}

function clone(m: Map<string, Holding>): Map<string, Holding> {
  return new Map([...m].map(([k, v]) => [k, { ...v }]));
}
