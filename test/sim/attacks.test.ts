import { expect } from "chai";

import {
  A1_VARIANTS,
  A10_PATHS,
  A12_VARIANTS,
  A13_BLOCKS,
  A4_CAP,
  A9_VARIANTS,
  createA3,
  createA9,
  G_MAX,
} from "../../lib/sim/attacks";
import { runAttacks } from "../../lib/sim/run";
import type { AttackReport } from "../../lib/sim/types";
import type { World } from "../../lib/sim/world";
import { runsOf, simWorld, violationsOf } from "./helpers";

/** Small N: the direction of every covered recipe, both systems, invariants holding throughout. */
describe("sim: covered attacks at small N", function () {
  let world: World;

  before(async function () {
    world = await simWorld();
  });

  async function run(id: string, seeds = 3): Promise<AttackReport> {
    const [report] = await runAttacks({ seeds, only: [id], world, progress: false });
    expect(report!.id).to.equal(id);
    expect(report!.status).to.equal("covered");
    expect(violationsOf(report!)).to.deep.equal([]);
    return report!;
  }

  it("A1 (a) a one-block flash borrow cannot propose and votes with weight 0 on both systems; (b) a 2 s borrow across the snapshot counts on the baseline only (Polycentric's holding period)", async function () {
    const r = await run("A1");
    for (const system of ["baseline", "polycentric"] as const) {
      const flash = runsOf(r, system, A1_VARIANTS.flash);
      expect(flash).to.have.length(3);
      for (const x of flash) {
        expect(x.success).to.equal(false);
        expect(x.measures!.proposeResult).to.equal("GovernorInsufficientProposerVotes");
        expect(x.measures!.voteWeight).to.equal("0");
      }
      // (b) the whole borrow is the attacker's raw power at the snapshot on both systems…
      const borrow = runsOf(r, system, A1_VARIANTS.borrow);
      expect(borrow).to.have.length(3);
      for (const x of borrow) {
        expect(BigInt(String(x.measures!.snapshotPower))).to.equal(BigInt(x.measures!.borrowedGov!) * 10n ** 18n);
      }
      if (system === "baseline") {
        // …the documented OpenZeppelin default: it counts, at the cost of the borrow fee (0 here).
        expect(borrow.every((x) => x.success && x.measures!.borrowFee === 0)).to.equal(true);
        expect(borrow.every((x) => BigInt(String(x.measures!.countedWeight)) > 0n)).to.equal(true);
      } else {
        // …and Polycentric's holding period (1 day) counts it at the aged amount: nothing.
        expect(borrow.every((x) => !x.success && x.measures!.countedWeight === "0")).to.equal(true);
        expect(borrow.every((x) => x.measures!.holdingPeriod === 86_400)).to.equal(true);
      }
    }
    expect(r.primaryVariant).to.equal(A1_VARIANTS.borrow);
    expect(r.variants![A1_VARIANTS.flash]!.baseline.successes).to.equal(0);
    expect(r.variants![A1_VARIANTS.borrow]!.polycentric.successes).to.equal(0);
  });

  it("A2 300k never reaches quorum; with common random numbers a Polycentric success implies a baseline one", async function () {
    const r = await run("A2");
    for (const system of ["baseline", "polycentric"] as const) {
      expect(runsOf(r, system, "300k").every((x) => !x.success && x.proposalState === "Defeated")).to.equal(true);
      for (const x of runsOf(r, system)) {
        if (x.success) expect(x.attackerGain).to.equal(2_000_000n * 10n ** 18n);
        else expect(x.attackerGain).to.equal(0n);
      }
    }
    // The same turnout draws for every size: a bigger attacker wins whenever a smaller one did.
    for (const system of ["baseline", "polycentric"] as const) {
      const small = runsOf(r, system, "600k");
      const large = runsOf(r, system, "1.2M");
      for (const [i, x] of small.entries()) if (x.success) expect(large[i]!.success).to.equal(true);
    }
    for (const variant of ["600k", "1.2M"]) {
      const b = runsOf(r, "baseline", variant);
      const p = runsOf(r, "polycentric", variant);
      // Σ√wᵢ ≥ √Σwᵢ: whatever defeats the attacker linearly defeats it quadratically too.
      for (const [i, x] of p.entries()) if (x.success) expect(b[i]!.success).to.equal(true);
    }
    expect(r.summary!.baseline.runs).to.equal(3); // the headline is the 600k recipe
  });

  it("A3 k = 64 unbound addresses beat the community on Polycentric (open mode), never on the baseline", async function () {
    const [r] = await runAttacks({
      seeds: 1,
      world,
      progress: false,
      attacks: [createA3({ ks: [1, 64], strict: false })],
    });
    expect(violationsOf(r!)).to.deep.equal([]);
    const [b1] = runsOf(r!, "baseline", "k=1");
    const [p1] = runsOf(r!, "polycentric", "k=1");
    const [b64] = runsOf(r!, "baseline", "k=64");
    const [p64] = runsOf(r!, "polycentric", "k=64");
    expect([b1!.success, p1!.success, b64!.success]).to.deep.equal([false, false, false]);
    expect(p64!.success).to.equal(true);
    expect(p64!.proposalState).to.equal("Succeeded");
    expect(p64!.measures!.R).to.equal(8); // √64
    expect(b64!.measures!.R).to.equal(1); // linear: splitting changes nothing
    expect(p64!.measures!.sybilResistant).to.equal(0);
  });

  it("A4 the unsplit attacker is capped at 200,000 on Polycentric, a fresh split counts 0, an aged split never more than it controls", async function () {
    const r = await run("A4", 1);
    const cap = Number(A4_CAP / 10n ** 18n);
    const [one] = runsOf(r, "polycentric", "one");
    const [aged] = runsOf(r, "polycentric", "aged-split");
    const [fresh] = runsOf(r, "polycentric", "fresh-split");
    expect(one!.success).to.equal(false);
    expect(one!.measures!.countedGov).to.equal(cap);
    // Fresh split: the sybils count 0 (aged), the attacker's own address keeps only its 25,000 threshold stake.
    expect(fresh!.success).to.equal(false);
    expect(fresh!.measures!.countedGov).to.equal(25_000);
    // Aged split: 8 sybils at the cap + the 25,000 stake = everything it controls, never more (evadable, reported).
    expect(aged!.success).to.equal(true);
    expect(aged!.measures!.countedGov).to.equal(aged!.measures!.controlledGov);
    expect(aged!.measures!.maxUnitCountedGov).to.equal(cap);
    for (const x of r.runs!) expect(x.measures!.addsVotes).to.equal(0);
    // The baseline has no cap: the attacker counts all it controls whatever it does.
    for (const x of runsOf(r, "baseline")) {
      expect(x.success).to.equal(true);
      expect(x.measures!.countedGov).to.equal(1_625_000);
    }
    expect(r.primaryVariant).to.equal("aged-split");
  });

  it("A5 random delegation graphs keep I1 and every vote path under G_max on both systems", async function () {
    const r = await run("A5", 2);
    for (const x of r.runs!) {
      expect(x.success).to.equal(false);
      expect(BigInt(x.measures!.castVoteGasMax!) <= G_MAX).to.equal(true);
      expect(Number(x.measures!.checkpointsAfter)).to.be.greaterThan(Number(x.measures!.checkpointsBefore));
    }
  });

  it("A7 a late quorum passes unanswered on the baseline only; a late flip succeeds on both (no objection window)", async function () {
    const r = await run("A7");
    expect(runsOf(r, "baseline", "late-quorum")[0]!.success).to.equal(true);
    const p = runsOf(r, "polycentric", "late-quorum")[0]!;
    expect(p.success).to.equal(false);
    expect(p.measures!.reactionWindowSeconds).to.equal(86_400);
    expect(runsOf(r, "baseline", "flip")[0]!.success).to.equal(true);
    expect(runsOf(r, "polycentric", "flip")[0]!.success).to.equal(true);
  });

  it("A9 griefing costs at least the bond floor per delayed proposal, self-disputes lose the burn share, appeal wars and late challenges stay bounded, no undue claim", async function () {
    const [r] = await runAttacks({
      seeds: 2,
      world,
      progress: false,
      attacks: [createA9({ proposals: 3 })],
    });
    expect(r!.status).to.equal("covered");
    expect(violationsOf(r!)).to.deep.equal([]);
    for (const variant of A9_VARIANTS) {
      const poly = runsOf(r!, "polycentric", variant);
      expect(poly, variant).to.have.length(2);
      for (const x of poly) expect(x.success, `${variant}: ${JSON.stringify(x.measures)}`).to.equal(false);
      for (const x of runsOf(r!, "baseline", variant)) {
        expect(x.success).to.equal(false);
        expect(x.proposalState).to.equal("Executed");
      }
    }
    for (const x of runsOf(r!, "polycentric", "a grief")) {
      expect(x.measures!.executed).to.equal(3);
      expect(x.measures!.forfeitedPerProposal).to.equal("30,000 GOV");
      expect(x.attackerCost.tokens).to.equal(90_000n * 10n ** 18n);
    }
    for (const x of runsOf(r!, "polycentric", "b self-dispute")) expect(x.measures!.net).to.equal("-5,000 GOV");
    for (const x of runsOf(r!, "polycentric", "c appeal war")) {
      expect(x.measures!.attackerForfeited).to.equal("70,000 GOV");
      expect(x.measures!.fourthTier).to.equal("DisputeRulingFinal");
      expect(x.proposalState).to.equal("Executed");
    }
    for (const x of runsOf(r!, "polycentric", "d accounting")) expect(x.measures!.undueClaims).to.equal("none");
    for (const x of runsOf(r!, "polycentric", "e late challenge")) {
      expect(x.measures!.windowExtendedBy).to.equal("23h 59m 59s");
    }
  });

  it("A10 every reentrant path reverts and the proposal is Executed exactly once", async function () {
    const r = await run("A10");
    expect(r.runs).to.have.length(2 * A10_PATHS.length);
    for (const x of r.runs!) {
      expect(x.success).to.equal(false);
      expect(x.proposalState).to.equal("Executed");
      expect(String(x.measures!.reentrantCall)).to.match(/^reverted /);
      expect(x.measures!.proposalExecutedEvents).to.equal(1);
    }
    const timelock = runsOf(r, "polycentric", "timelock.executeBatch")[0]!;
    expect(timelock.measures!.reentrantCall).to.equal("reverted AccessControlUnauthorizedAccount");
  });

  it("A12 windows follow the convention (timestamps, 100-block jumps), Polycentric refuses a registry on another clock", async function () {
    const r = await run("A12");
    for (const variant of A12_VARIANTS) {
      for (const system of ["baseline", "polycentric"] as const) {
        const [x] = runsOf(r, system, variant);
        // "units": neither governor has unit-aware duration bounds yet, reported as a success of the misconfiguration.
        expect(x!.success, `${system} ${variant}`).to.equal(variant === "units");
      }
    }
    expect(runsOf(r, "polycentric", "registry-clock")[0]!.measures!.outcome).to.equal("GovernorIdentityClockMismatch");
    expect(Number(runsOf(r, "polycentric", "block-jumps")[0]!.measures!.probes)).to.be.greaterThan(4);
  });

  it("A13 same-block transfers, delegations and transferFroms match the reference model after every block", async function () {
    const r = await run("A13", 2);
    for (const system of ["baseline", "polycentric"] as const) {
      const runs = runsOf(r, system);
      expect(runs).to.have.length(2);
      for (const x of runs) {
        expect(x.success).to.equal(false);
        expect(x.measures!.differences).to.equal(0);
        expect(x.measures!.blocks).to.equal(A13_BLOCKS + 1);
        // The fixed first block has 4 transactions, every random block at least 2, all mined in one block each.
        expect(Number(x.measures!.transactions)).to.be.at.least(4 + 2 * A13_BLOCKS);
      }
    }
    expect(r.summary!.baseline.successes + r.summary!.polycentric.successes).to.equal(0);
  });

  it("A16 bridging out around the snapshot changes neither the quorum nor the supply at the snapshot", async function () {
    const r = await run("A16", 2);
    for (const x of r.runs!) {
      expect(x.success).to.equal(false);
      expect(x.measures!.supplyFunctions).to.equal("none");
      expect(x.measures!.quorumAfter).to.equal(x.measures!.quorumAtSnapshot);
    }
  });

  it("A19 replayed, spoofed and cross-governor signatures revert on both systems", async function () {
    const r = await run("A19", 2);
    for (const x of r.runs!) {
      expect(x.success).to.equal(false);
      expect(x.measures!.firstBallot).to.equal("accepted");
      expect(x.measures!.ballotReplay).to.equal("GovernorInvalidSignature");
      expect(x.measures!.delegationReplay).to.equal("InvalidAccountNonce");
    }
  });

  it("A20 both deployed timelocks are wired per I16 and the audit flags a misconfigured one", async function () {
    const r = await run("A20");
    for (const x of r.runs!) {
      expect(x.success).to.equal(false);
      expect(x.measures!.deployedViolations).to.equal(0);
      expect(Number(x.measures!.misconfiguredFlagged)).to.equal(3);
    }
  });
});
