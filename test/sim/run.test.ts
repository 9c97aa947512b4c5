import { expect } from "chai";

import { notCovered } from "../../lib/sim/attack";
import { ATTACKS } from "../../lib/sim/attacks";
import { attackReportsToJson, buildReport, progressLine, runAttacks, selectAttacks } from "../../lib/sim/run";
import { formatAttackTable } from "../../lib/sim/table";
import type { AttackRun } from "../../lib/sim/types";

function run(system: AttackRun["system"], success: boolean, variant?: string): AttackRun {
  return {
    system,
    seed: 0,
    success,
    attackerGain: 2n ** 70n,
    attackerCost: { tokens: 1n, bondsBurned: 0n, eth: 0n },
    honestGas: 21_000n,
    invariantViolations: [],
    ...(variant ? { measures: { variant } } : {}),
  };
}

describe("sim: runner and report", function () {
  it("the catalog has A1 … A20 in order, each with a guarantee, and every one is a real recipe", function () {
    expect(ATTACKS.map((a) => a.id)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `A${i + 1}`));
    for (const a of ATTACKS) expect(a.guarantee.length, a.id).to.be.greaterThan(20);
    expect(ATTACKS.filter((a) => a.status === "not covered").map((a) => a.id)).to.deep.equal([]);
  });

  it('not-covered attacks report status "not covered" with their reason, no rates and no runs', async function () {
    const pending = [
      notCovered("A98", "Pending one", "a guarantee", "its defense has not landed"),
      notCovered("A99", "Pending two", "another guarantee", "no recipe is written yet"),
    ];
    const reports = await runAttacks({ seeds: 3, attacks: pending, progress: false });
    expect(reports.map((r) => r.id)).to.deep.equal(["A98", "A99"]);
    for (const r of reports) {
      expect(r.status).to.equal("not covered");
      expect(r.reason).to.be.a("string").and.not.equal("");
      expect(r.summary).to.equal(undefined);
      expect(r.runs).to.equal(undefined);
    }
    expect(formatAttackTable(reports)).to.contain("A99 | not covered");
  });

  it("selects ids case-insensitively in catalog order; an unknown id is an error listing the valid ones", async function () {
    expect(selectAttacks(["a3", " A1 "]).map((a) => a.id)).to.deep.equal(["A1", "A3"]);
    expect(() => selectAttacks(["A1", "A21", "B2"])).to.throw(/unknown attack ids A21, B2; valid ids: A1, A2, .*A20$/);
    await runAttacks({ seeds: 1, only: ["A99"], progress: false }).then(
      () => expect.fail("no error"),
      (e: Error) => expect(e.message).to.contain("valid ids: A1"),
    );
    await runAttacks({ seeds: 0, progress: false }).then(
      () => expect.fail("no error"),
      (e: Error) => expect(e).to.be.instanceOf(RangeError),
    );
  });

  it("builds a report: headline from the primary variant, per-variant summaries, notes; JSON has bigints as strings", function () {
    const mod = {
      ...notCovered("A2", "t", "g", "r"),
      status: "covered" as const,
      primaryVariant: "600k",
      notes: () => ["n"],
    };
    const runs = [run("baseline", true, "600k"), run("baseline", false, "300k"), run("polycentric", false, "600k")];
    const r = buildReport(mod, runs, 12);
    expect(r.summary!.baseline).to.deep.include({ runs: 1, successes: 1 });
    expect(r.variants!["300k"]!.baseline).to.deep.include({ runs: 1, successes: 0 });
    expect(Object.keys(r.variants!)).to.deep.equal(["600k", "300k"]);
    expect(r.notes).to.deep.equal(["n"]);
    expect(r.reason).to.equal(undefined);
    const json = JSON.parse(attackReportsToJson([r])) as { runs: { attackerGain: string }[] }[];
    expect(json[0]!.runs[0]!.attackerGain).to.equal((2n ** 70n).toString());
    const table = formatAttackTable([r]);
    expect(table.split("\n")[0]).to.equal(
      "id | status  | baseline rate [95% CI]     | polycentric rate [95% CI]  | notes",
    );
    expect(table).to.contain("1.000 [0.207, 1.000] (1/1)");
    expect(table).to.contain("  300k");
  });

  it("prints progress as a bar", function () {
    expect(progressLine("A2", 25, 50)).to.equal("A2 [#####.....] 25/50");
    expect(progressLine("A2", 0, 50)).to.equal("A2 [..........] 0/50");
    expect(progressLine("A10", 1, 1)).to.equal("A10 [##########] 1/1");
  });
});
