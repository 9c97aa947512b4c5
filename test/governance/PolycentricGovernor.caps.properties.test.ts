import hre from "hardhat";
import { expect } from "chai";
import fc from "fast-check";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionReceipt } from "ethers";

import { buildProposal, CapsModel, isqrt, type AddressAtSnapshot, type CapsSnapshot } from "../../lib";
import { CAP, CLOCK_MODES, cappedWorld, type CappedWorld } from "../fixtures";
import { propertyRuns } from "../fixtures/effort";

/** fast-check runs per clock mode: each run replays ~30 transactions against the reference model. */
const RUNS = 25;
const ZERO = hre.ethers.ZeroAddress.toLowerCase();

type Op =
  { kind: "transfer"; from: number; to: number; permille: number } | { kind: "delegate"; from: number; to: number };
interface Ballot {
  voter: number;
  override: boolean;
  support: number;
}

/** Balances and delegates of every holder after one step, and when (the step's clock reading). */
interface LedgerEntry {
  at: bigint;
  balance: Map<string, bigint>;
  delegate: Map<string, string>;
}

const ACTORS = 6;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("transfer" as const),
    from: fc.nat({ max: ACTORS - 1 }),
    to: fc.nat({ max: ACTORS - 1 }),
    permille: fc.integer({ min: 1, max: 1_000 }),
  }),
  // `to` = ACTORS: delegate to nobody.
  fc.record({ kind: fc.constant("delegate" as const), from: fc.nat({ max: ACTORS - 1 }), to: fc.nat({ max: ACTORS }) }),
);
const ballotArb: fc.Arbitrary<Ballot> = fc.record({
  voter: fc.nat({ max: ACTORS - 1 }),
  override: fc.boolean(),
  support: fc.nat({ max: 2 }),
});

for (const mode of CLOCK_MODES) {
  describe(`PolycentricGovernor delegation caps, properties (${mode} clock)`, function () {
    function actorsOf(w: CappedWorld): HardhatEthersSigner[] {
      return [w.whale, w.delegate, w.d1, w.d2, w.d3, w.small];
    }

    /** The ledger of every account that can hold votes in the run (the actors and the proposer). */
    async function readLedger(w: CappedWorld, at: bigint): Promise<LedgerEntry> {
      const e: LedgerEntry = { at, balance: new Map(), delegate: new Map() };
      for (const s of [...actorsOf(w), w.proposer]) {
        const a = s.address.toLowerCase();
        e.balance.set(a, await w.token.balanceOf(a));
        e.delegate.set(a, (await w.token.delegates(a)).toLowerCase());
      }
      return e;
    }

    /** Applies `op` to a copy of `prev` (an independent model of the token: no chain reads). */
    function step(prev: LedgerEntry, at: bigint, actors: string[], op: Op): LedgerEntry {
      const e: LedgerEntry = { at, balance: new Map(prev.balance), delegate: new Map(prev.delegate) };
      const from = actors[op.from]!;
      if (op.kind === "transfer") {
        const amount = (prev.balance.get(from)! * BigInt(op.permille)) / 1_000n;
        const to = actors[op.to]!;
        e.balance.set(from, e.balance.get(from)! - amount);
        e.balance.set(to, e.balance.get(to)! + amount);
      } else {
        e.delegate.set(from, op.to === ACTORS ? ZERO : actors[op.to]!);
      }
      return e;
    }

    /** The ledger state at the end of timepoint `t`. */
    function stateAt(ledger: readonly LedgerEntry[], t: bigint): LedgerEntry {
      let last = ledger[0]!;
      for (const e of ledger) if (e.at <= t) last = e;
      return last;
    }

    function votesIn(e: LedgerEntry, account: string): bigint {
      let v = 0n;
      for (const [holder, d] of e.delegate) if (d === account) v += e.balance.get(holder)!;
      return v;
    }

    function delegationIn(e: LedgerEntry, account: string): { delegate: string | null; balance: bigint } {
      const d = e.delegate.get(account)!;
      return d === ZERO || d === account
        ? { delegate: null, balance: 0n }
        : { delegate: d, balance: e.balance.get(account)! };
    }

    async function clockOf(receipt: ContractTransactionReceipt): Promise<bigint> {
      return mode === "timestamp" ? BigInt((await receipt.getBlock()).timestamp) : BigInt(receipt.blockNumber);
    }

    it("I1 conservation and I6 cap soundness (property): random transfers, delegations and override votes match the reference rule", async function () {
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArb, { maxLength: 8 }),
          fc.array(opArb, { maxLength: 6 }),
          fc.array(ballotArb, { minLength: 1, maxLength: 8 }),
          async (aged, fresh, ballots) => {
            const w = await cappedWorld(mode);
            const actors = actorsOf(w).map((s) => s.address.toLowerCase());
            const ledger: LedgerEntry[] = [await readLedger(w, 0n)];
            const apply = async (op: Op) => {
              const from = actorsOf(w)[op.from]!;
              const tx =
                op.kind === "transfer"
                  ? w.token
                      .connect(from)
                      .transfer(
                        actors[op.to]!,
                        ((await w.token.balanceOf(from.address)) * BigInt(op.permille)) / 1_000n,
                      )
                  : w.token.connect(from).delegate(op.to === ACTORS ? ZERO : actors[op.to]!);
              const receipt = (await (await tx).wait())!;
              ledger.push(step(ledger[ledger.length - 1]!, await clockOf(receipt), actors, op));
            };
            for (const op of aged) await apply(op);
            const p = buildProposal([{ target: await w.receiver.getAddress() }], `property ${Date.now()}`);
            const { id } = await w.helper.propose(p, w.proposer);
            for (const op of fresh) await apply(op); // inside the holding period before the snapshot
            await w.helper.waitForSnapshot(id);
            const s = await w.governor.proposalSnapshot(id);
            const agedAt = s - w.holding;

            // The reference snapshot, from the independent ledger only.
            const now = stateAt(ledger, s);
            const then = stateAt(ledger, agedAt);
            const at = (a: string): AddressAtSnapshot => {
              const d = delegationIn(now, a);
              const ad = delegationIn(then, a);
              return {
                votes: votesIn(now, a),
                agedVotes: votesIn(then, a),
                delegate: d.delegate,
                balance: d.balance,
                agedDelegate: ad.delegate,
                agedBalance: ad.balance,
              };
            };
            const snapshot: CapsSnapshot = { cap: CAP, unitOf: (a) => a, membersOf: (u) => [u], at };

            // I1: the token agrees with the ledger at both timepoints, and Σ votes = Σ delegated balances ≤ supply.
            for (const [t, e] of [
              [s, now],
              [agedAt, then],
            ] as const) {
              let votes = 0n;
              let delegated = 0n;
              for (const a of e.balance.keys()) {
                const v = await w.token.getPastVotes(a, t);
                expect(v, `getPastVotes(${a}, ${t})`).to.equal(votesIn(e, a));
                votes += v;
                if (e.delegate.get(a) !== ZERO) delegated += e.balance.get(a)!;
                const d = delegationIn(e, a);
                expect(await w.token.getPastDelegation(a, t)).to.deep.equal([
                  d.delegate === null ? hre.ethers.ZeroAddress : hre.ethers.getAddress(d.delegate),
                  d.balance,
                ]);
              }
              expect(votes).to.equal(delegated);
              expect(votes <= (await w.token.getPastTotalSupply(t))).to.equal(true);
            }

            // Every ballot against the reference rule; I6 on every counted vote.
            const model = new CapsModel(snapshot);
            let countedSum = 0n;
            for (const b of ballots) {
              const signer = actorsOf(w)[b.voter]!;
              const expected = model.vote(signer.address, b.override);
              const g = w.governor.connect(signer);
              // Sent only when called: a tally read after the send could already see the vote once it is mined.
              const send = () => (b.override ? g.castOverrideVote(id, b.support, "") : g.castVote(id, b.support));
              if (!expected.ok) {
                await expect(send()).to.be.revertedWithCustomError(w.governor, expected.error);
                continue;
              }
              const before = await w.governor.proposalRawVotes(id);
              const receipt = (await (await send()).wait())!;
              const after = await w.governor.proposalRawVotes(id);
              const counted = after[b.support]! - before[b.support]!;
              expect(counted, `counted power of ${signer.address}`).to.equal(expected.counted);
              const names = receipt.logs.map((l) => w.governor.interface.parseLog(l)?.name);
              expect(names.includes("VoteCapped")).to.equal(expected.counted < expected.raw);
              const cast = receipt.logs
                .map((l) => w.governor.interface.parseLog(l))
                .find((l) => l?.name === "VoteCast" || l?.name === "VoteCastWithParams");
              expect(cast!.args[3]).to.equal(isqrt(counted));
              // I6: within the cap, never above the unit's power after overrides, never above what it held.
              expect(counted <= CAP).to.equal(true);
              expect(counted <= expected.raw).to.equal(true);
              const ownVotes = await w.token.getPastVotes(signer.address, s);
              const ownBalance = b.override ? at(signer.address.toLowerCase()).balance : 0n;
              expect(counted <= ownVotes + ownBalance).to.equal(true);
              countedSum += counted;
            }
            // No token counted twice: the tallies never exceed what was delegated at the snapshot.
            const [against, forVotes, abstain] = await w.governor.proposalRawVotes(id);
            expect(against + forVotes + abstain).to.equal(countedSum);
            let delegatedNow = 0n;
            for (const [a, d] of now.delegate) if (d !== ZERO) delegatedNow += now.balance.get(a)!;
            expect(countedSum <= delegatedNow).to.equal(true);
            // S1: nor what was delegated one holding period before the snapshot, whatever the delegation path.
            let delegatedThen = 0n;
            for (const [a, d] of then.delegate) if (d !== ZERO) delegatedThen += then.balance.get(a)!;
            expect(countedSum <= delegatedThen).to.equal(true);
          },
        ),
        { numRuns: propertyRuns(RUNS) },
      );
    });
  });
}
